// The tables use sizes of more than 32 bits, which are not ints on the
// 32-bit platforms (where the same checks hold with smaller numbers).

//go:build !(386 || arm || mips || mipsle)

package mlp

// The hostile suite for sizes: every size and product of sizes that reaches
// NewMatrix, the products, New and Forward is checked before anything is
// allocated or any index is formed. Each row gives a bad input, the exact
// panic or error it must give, and checks that nothing big was allocated and
// that the caller's arguments, the receiver or the network are unchanged.

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestHostileNewMatrix: NewMatrix refuses, with its documented panic and
// before allocating, a negative dimension, a shape of more elements than a
// Matrix can hold (rows·cols computed without overflow: a wrapped product is
// never taken for the length), and data of the wrong length.
func TestHostileNewMatrix(t *testing.T) {
	const maxElems = math.MaxInt / 8
	for _, tt := range []struct {
		rows, cols int
		data       []float64
		want       string
	}{
		{-1, 3, nil, "mlp: NewMatrix: negative dimension -1x3, want rows and cols at least 0"},
		{3, -1, nil, "mlp: NewMatrix: negative dimension 3x-1, want rows and cols at least 0"},
		{math.MinInt, 0, nil, fmt.Sprintf("mlp: NewMatrix: negative dimension %dx0, want rows and cols at least 0", math.MinInt)},
		{-2, -3, []float64{1, 2, 3, 4, 5, 6}, "mlp: NewMatrix: negative dimension -2x-3, want rows and cols at least 0"},
		// 6148914691236517206·3 = 2⁶⁴+2 wraps to 2: once accepted, and a
		// product on it then read past the data in the unsafe small loops.
		{6148914691236517206, 3, []float64{1, 2}, fmt.Sprintf("mlp: NewMatrix: 6148914691236517206x3 is more than %d elements, the most a Matrix can hold", maxElems)},
		{1 << 32, 1 << 32, nil, fmt.Sprintf("mlp: NewMatrix: 4294967296x4294967296 is more than %d elements, the most a Matrix can hold", maxElems)},
		{1 << 62, 4, nil, fmt.Sprintf("mlp: NewMatrix: 4611686018427387904x4 is more than %d elements, the most a Matrix can hold", maxElems)},
		{math.MaxInt, math.MaxInt, nil, fmt.Sprintf("mlp: NewMatrix: %dx%d is more than %d elements, the most a Matrix can hold", math.MaxInt, math.MaxInt, maxElems)},
		// No overflow, but more bytes than an int counts: once the runtime's
		// "makeslice: len out of range".
		{maxElems + 1, 1, nil, fmt.Sprintf("mlp: NewMatrix: %dx1 is more than %d elements, the most a Matrix can hold", maxElems+1, maxElems)},
		{1, maxElems + 1, []float64{}, fmt.Sprintf("mlp: NewMatrix: 1x%d is more than %d elements, the most a Matrix can hold", maxElems+1, maxElems)},
		{2, 3, make([]float64, 5), "mlp: NewMatrix: len(data) is 5, want 6 for 2x3"},
		{1 << 20, 1 << 20, make([]float64, 4), "mlp: NewMatrix: len(data) is 4, want 1099511627776 for 1048576x1048576"},
		{0, 5, []float64{1}, "mlp: NewMatrix: len(data) is 1, want 0 for 0x5"},
	} {
		if want := sizesNewMatrixPanic(tt.rows, tt.cols, tt.data); want != tt.want {
			t.Fatalf("test table: NewMatrix(%d, %d, len %d) is documented to panic %q, the row says %q", tt.rows, tt.cols, len(tt.data), want, tt.want)
		}
		data := slices.Clone(tt.data)
		bytes, p := sizesAlloc(func() { NewMatrix(tt.rows, tt.cols, data) })
		if msg := fmt.Sprint(p); p == nil || msg != tt.want {
			t.Errorf("NewMatrix(%d, %d, len %d) panicked with %v, want %q", tt.rows, tt.cols, len(tt.data), p, tt.want)
		}
		if bytes > sizesAllocLimit {
			t.Errorf("NewMatrix(%d, %d, len %d) allocated %d bytes before panicking, want at most %d", tt.rows, tt.cols, len(tt.data), bytes, sizesAllocLimit)
		}
		if !slices.Equal(data, tt.data) {
			t.Errorf("NewMatrix(%d, %d, len %d) changed data to %v", tt.rows, tt.cols, len(tt.data), data)
		}
	}
}

// TestHostileNewMatrixEdges: the largest shapes of no elements are valid
// matrices with their dimensions and no data.
func TestHostileNewMatrixEdges(t *testing.T) {
	for _, tt := range []struct {
		rows, cols int
		data       []float64
	}{
		{0, math.MaxInt, nil},
		{math.MaxInt, 0, nil},
		{math.MaxInt, 0, []float64{}},
		{0, 0, nil},
	} {
		var m *Matrix
		bytes, p := sizesAlloc(func() { m = NewMatrix(tt.rows, tt.cols, tt.data) })
		if p != nil {
			t.Errorf("NewMatrix(%d, %d, %v) panicked: %v", tt.rows, tt.cols, tt.data, p)
			continue
		}
		if r, c := m.Dims(); r != tt.rows || c != tt.cols || len(m.RawData()) != 0 {
			t.Errorf("NewMatrix(%d, %d, %v) is %dx%d with %d elements, want %dx%d with 0", tt.rows, tt.cols, tt.data, r, c, len(m.RawData()), tt.rows, tt.cols)
		}
		if bytes > sizesAllocLimit {
			t.Errorf("NewMatrix(%d, %d, %v) allocated %d bytes", tt.rows, tt.cols, tt.data, bytes)
		}
	}
}

// TestHostileProductShapes: Mul, MulTransA and MulTransB refuse, with their
// documented panic and before changing or allocating anything, a product of
// more elements than a Matrix can hold. Operands of no elements make such
// products from matrices that are themselves valid; the product's rows·cols
// once wrapped (2⁸⁰ to 0, 2⁶⁴+2 to 2) and the runtime panicked on a slice.
func TestHostileProductShapes(t *testing.T) {
	const maxElems = math.MaxInt / 8
	big := 1 << 40
	for _, tt := range []struct {
		op   string
		a, b *Matrix
		mul  func(m, a, b *Matrix) *Matrix
		want string
	}{
		{"Mul", NewMatrix(big, 0, nil), NewMatrix(0, big, nil), (*Matrix).Mul,
			fmt.Sprintf("mlp: Mul: a is 1099511627776x0, b is 0x1099511627776: the product 1099511627776x1099511627776 is more than %d elements, the most a Matrix can hold", maxElems)},
		{"Mul", NewMatrix(6148914691236517206, 0, nil), NewMatrix(0, 3, nil), (*Matrix).Mul,
			fmt.Sprintf("mlp: Mul: a is 6148914691236517206x0, b is 0x3: the product 6148914691236517206x3 is more than %d elements, the most a Matrix can hold", maxElems)},
		{"MulTransA", NewMatrix(0, big, nil), NewMatrix(0, big, nil), (*Matrix).MulTransA,
			fmt.Sprintf("mlp: MulTransA: a is 0x1099511627776, b is 0x1099511627776: the product 1099511627776x1099511627776 is more than %d elements, the most a Matrix can hold", maxElems)},
		{"MulTransB", NewMatrix(1<<62, 0, nil), NewMatrix(4, 0, nil), (*Matrix).MulTransB,
			fmt.Sprintf("mlp: MulTransB: a is 4611686018427387904x0, b is 4x0: the product 4611686018427387904x4 is more than %d elements, the most a Matrix can hold", maxElems)},
	} {
		m := NewMatrix(1, 2, []float64{7, 8})
		bytes, p := sizesAlloc(func() { tt.mul(m, tt.a, tt.b) })
		if msg := fmt.Sprint(p); p == nil || msg != tt.want {
			t.Errorf("%s(%v, %v) panicked with %v, want %q", tt.op, sizesDims(tt.a), sizesDims(tt.b), p, tt.want)
		}
		if bytes > sizesAllocLimit {
			t.Errorf("%s(%v, %v) allocated %d bytes before panicking", tt.op, sizesDims(tt.a), sizesDims(tt.b), bytes)
		}
		if r, c := m.Dims(); r != 1 || c != 2 || !slices.Equal(m.RawData(), []float64{7, 8}) {
			t.Errorf("%s(%v, %v) changed the receiver to %dx%d %v, want 1x2 [7 8]", tt.op, sizesDims(tt.a), sizesDims(tt.b), r, c, m.RawData())
		}
	}
	// The products inside the package, unexported, check their shape too.
	for _, tt := range []struct {
		op   string
		mul  func(m *Matrix)
		want string
	}{
		{"mul", func(m *Matrix) { m.mul(NewMatrix(big, 0, nil), NewMatrix(0, big, nil)) },
			fmt.Sprintf("mlp: matrix product: 1099511627776x1099511627776 is more than %d elements, the most a Matrix can hold", maxElems)},
		{"mulTransA", func(m *Matrix) { m.mulTransA(NewMatrix(0, 3, nil), NewMatrix(0, 1<<62, nil)) },
			fmt.Sprintf("mlp: matrix product: 3x4611686018427387904 is more than %d elements, the most a Matrix can hold", maxElems)},
		{"mulTransB", func(m *Matrix) { m.mulTransB(NewMatrix(1<<62, 0, nil), NewMatrix(1<<62, 0, nil)) },
			fmt.Sprintf("mlp: matrix product: 4611686018427387904x4611686018427387904 is more than %d elements, the most a Matrix can hold", maxElems)},
	} {
		m := NewMatrix(1, 2, []float64{7, 8})
		bytes, p := sizesAlloc(func() { tt.mul(m) })
		if msg := fmt.Sprint(p); p == nil || msg != tt.want {
			t.Errorf("%s panicked with %v, want %q", tt.op, p, tt.want)
		}
		if r, c := m.Dims(); r != 1 || c != 2 || bytes > sizesAllocLimit {
			t.Errorf("%s left the receiver %dx%d and allocated %d bytes, want 1x2 and nothing", tt.op, r, c, bytes)
		}
	}
	// The largest valid products of empty operands are zero matrices of
	// their shape, still without allocating much.
	var m Matrix
	bytes, p := sizesAlloc(func() { m.Mul(NewMatrix(big, 0, nil), NewMatrix(0, 0, nil)) })
	if r, c := m.Dims(); p != nil || r != big || c != 0 || bytes > sizesAllocLimit {
		t.Errorf("Mul(%dx0, 0x0) = %dx%d, panic %v, %d bytes; want %dx0 and no panic", big, r, c, p, bytes, big)
	}
}

// dims formats a matrix's shape for a test message.
func sizesDims(m *Matrix) string { return fmt.Sprintf("%dx%d", m.rows, m.cols) }

// TestHostileNewSizes: New refuses, with an error naming the size or layer
// and the limit and before allocating anything, sizes below 1, sizes or
// layers of more parameters than MaxParams (their products computed without
// overflow), networks of more than MaxParams parameters in all or of more
// than MaxLayers layers. It leaves sizes as they were.
func TestHostileNewSizes(t *testing.T) {
	long := slices.Repeat([]int{1}, MaxLayers+2)
	for _, tt := range []struct {
		sizes []int
		opts  []Option
		want  string
	}{
		{nil, nil, "mlp: New: got 0 sizes [], want at least 2 (inputs, ..., outputs)"},
		{[]int{3}, nil, "mlp: New: got 1 sizes [3], want at least 2 (inputs, ..., outputs)"},
		{[]int{3, 0, 1}, nil, "mlp: New: sizes[1] is 0, want at least 1"},
		{[]int{math.MinInt, 1}, nil, fmt.Sprintf("mlp: New: sizes[0] is %d, want at least 1", math.MinInt)},
		// Once accepted: the next Forward died with SIGSEGV.
		{[]int{3, 6148914691236517206, 3}, []Option{WithoutBias()}, "mlp: New: sizes[1] is 6148914691236517206, want at most MaxParams (134217728)"},
		// Once the runtime's "makeslice: len out of range".
		{[]int{1 << 31, 1 << 31}, nil, "mlp: New: sizes[0] is 2147483648, want at most MaxParams (134217728)"},
		{[]int{2, math.MaxInt}, nil, fmt.Sprintf("mlp: New: sizes[1] is %d, want at most MaxParams (134217728)", math.MaxInt)},
		{[]int{1, MaxParams + 1}, []Option{WithoutBias()}, "mlp: New: sizes[1] is 134217729, want at most MaxParams (134217728)"},
		// One layer too large: 2²⁸ weights, and biases when it has them.
		{[]int{1 << 14, 1 << 14}, nil, "mlp: New: layer 0 has 16384×16384 weights and 16384 biases: 268451840 parameters, more than MaxParams (134217728)"},
		{[]int{2, 1, 1 << 14, 1 << 14}, []Option{WithoutBias()}, "mlp: New: layer 2 has 16384×16384 weights: 268435456 parameters, more than MaxParams (134217728)"},
		{[]int{MaxParams, 2}, []Option{WithoutBias()}, "mlp: New: layer 0 has 134217728×2 weights: 268435456 parameters, more than MaxParams (134217728)"},
		{[]int{1, MaxParams}, nil, "mlp: New: layer 0 has 1×134217728 weights and 134217728 biases: 268435456 parameters, more than MaxParams (134217728)"},
		// Every layer within the limit, the network not.
		{[]int{1 << 13, 1 << 13, 1 << 13, 1 << 13}, []Option{WithoutBias()}, "mlp: New: the 3 layers have 201326592 parameters in all, more than MaxParams (134217728)"},
		{long, nil, "mlp: New: got 65538 sizes: 65537 layers, more than MaxLayers (65536)"},
	} {
		sizes := slices.Clone(tt.sizes)
		var net *Network
		var err error
		bytes, p := sizesAlloc(func() { net, err = New(sizes, tt.opts...) })
		name := fmt.Sprintf("New(%v)", tt.sizes)
		if len(tt.sizes) > 8 {
			name = fmt.Sprintf("New(%d sizes)", len(tt.sizes))
		}
		switch {
		case p != nil:
			t.Errorf("%s panicked: %v", name, p)
		case net != nil || err == nil || err.Error() != tt.want:
			t.Errorf("%s = %v, %v, want nil, %q", name, net, err, tt.want)
		}
		if bytes > sizesAllocLimit {
			t.Errorf("%s allocated %d bytes before returning its error, want at most %d", name, bytes, sizesAllocLimit)
		}
		if !slices.Equal(sizes, tt.sizes) {
			t.Errorf("%s changed sizes to %v", name, sizes)
		}
	}
}

// TestHostileNewLimitsExact: the limits are inclusive. A network of exactly
// MaxParams parameters, or of MaxLayers layers, passes New's size checks
// (checked without building it, which would take a gigabyte).
func TestHostileNewLimitsExact(t *testing.T) {
	long := slices.Repeat([]int{1}, MaxLayers+1)
	for _, tt := range []struct {
		sizes []int
		bias  bool
	}{
		{[]int{1 << 13, 1 << 14}, false},
		{[]int{1, MaxParams}, false},
		{[]int{MaxParams, 1}, false},
		{[]int{MaxParams - 1, 1}, true},
		{[]int{1 << 13, 1 << 13, 1 << 13}, false},
		{long, true},
	} {
		if err := checkSizes(tt.sizes, tt.bias); err != nil {
			t.Errorf("checkSizes(%d sizes from %d, bias %v) = %v, want nil", len(tt.sizes), tt.sizes[0], tt.bias, err)
		}
	}
	if err := checkSizes([]int{MaxParams, 1}, true); err == nil {
		t.Errorf("checkSizes({MaxParams, 1}, bias) = nil, want an error for MaxParams+1 parameters")
	}
}

// TestHostileNewOptions: New refuses a bad initialisation option with an
// error naming what it expected and what came, whatever the sizes.
func TestHostileNewOptions(t *testing.T) {
	for _, tt := range []struct {
		opt  Option
		want string
	}{
		{nil, "mlp: New: nil Option"},
		{WithUniformInit(math.NaN(), 1), "mlp: New: WithUniformInit: range [NaN, 1) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(0, math.NaN()), "mlp: New: WithUniformInit: range [0, NaN) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(1, 0), "mlp: New: WithUniformInit: range [1, 0) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(1, 1), "mlp: New: WithUniformInit: range [1, 1) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(0, math.Inf(1)), "mlp: New: WithUniformInit: range [0, +Inf) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(math.Inf(-1), 0), "mlp: New: WithUniformInit: range [-Inf, 0) is empty or not finite, want finite lo < hi"},
		{WithUniformInit(-math.MaxFloat64, math.MaxFloat64), "mlp: New: WithUniformInit: range [-1.7976931348623157e+308, 1.7976931348623157e+308) is empty or not finite, want finite lo < hi"},
		{WithConstantInit(math.NaN()), "mlp: New: WithConstantInit: weight is NaN, want a finite number"},
		{WithConstantInit(math.Inf(-1)), "mlp: New: WithConstantInit: weight is -Inf, want a finite number"},
		{WithActivation(nil), "mlp: New: WithActivation: activation is nil"},
		{WithOutputActivation(ActivationFunc(200)), "mlp: New: WithOutputActivation: unknown activation ActivationFunc(200)"},
		{WithLoss(nil), "mlp: New: WithLoss: loss is nil"},
	} {
		sizes := []int{2, 3, 1}
		net, err := New(sizes, tt.opt)
		if net != nil || err == nil || err.Error() != tt.want {
			t.Errorf("New(%v, opt) = %v, %v, want nil, %q", sizes, net, err, tt.want)
		}
	}
}

// TestHostileUniformInitRange: WithUniformInit draws from [lo, hi), never hi
// itself, even when lo + (hi−lo)·u rounds up to hi (once it did for about
// half of the weights of a range one ulp wide).
func TestHostileUniformInitRange(t *testing.T) {
	for _, r := range [][2]float64{
		{1, math.Nextafter(1, 2)},
		{-1, math.Nextafter(-1, 0)},
		{1e300, math.Nextafter(1e300, math.Inf(1))},
		{0, 1},
		{-3, 5},
	} {
		lo, hi := r[0], r[1]
		net, err := New([]int{16, 16}, WithUniformInit(lo, hi), WithSeed(7))
		if err != nil {
			t.Fatalf("New(WithUniformInit(%v, %v)) error = %v", lo, hi, err)
		}
		for i, w := range net.Layers[0].W.RawData() {
			if !(lo <= w && w < hi) {
				t.Errorf("WithUniformInit(%v, %v): weight %d is %v, want in [%v, %v)", lo, hi, i, w, lo, hi)
				break
			}
		}
	}
}

// TestHostileForwardBatch: Forward, Predict and PredictTo refuse, with an
// error naming the rows, the units and the limit and before allocating
// anything, an input whose rows times the network's units is more than
// MaxBatchValues. The network is unchanged and works on a smaller batch.
func TestHostileForwardBatch(t *testing.T) {
	net, err := New([]int{1, 4096, 1}, WithSeed(3))
	if err != nil {
		t.Fatal(err)
	}
	// Matrices of no elements: a layer of no units, then one of 2⁶², shapes
	// a network can be given by hand. Once the product's rows·cols wrapped
	// and Forward panicked in the runtime.
	wide := &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(0, 0, nil), Activation: Identity},
		{W: NewMatrix(0, 1<<62, nil), Activation: Identity},
	}}
	empty := &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(0, 0, nil), Activation: Identity},
	}}
	// 2¹⁵ rows × 4097 units is 2²⁷+2¹⁵ values, 2 GiB of Z and A.
	x := NewMatrix(1<<15, 1, nil)
	for _, tt := range []struct {
		net  *Network
		x    *Matrix
		want string // for Forward; Predict's says Predict, PredictTo's PredictTo
	}{
		{net, x, "mlp: Forward: 32768 rows × 4097 units is more than MaxBatchValues (134217728) values; pass fewer rows at a time"},
		// Layers of no units are refused by the structure check, before
		// any product: once the product's rows·cols wrapped, and a batch of
		// 2⁴⁰ rows through no units made Backward ask for 8 TiB.
		{wide, NewMatrix(3, 0, nil), "mlp: Forward: layer 0: W is 0x0, want at least 1x1"},
		{empty, NewMatrix(1<<40, 0, nil), "mlp: Forward: layer 0: W is 0x0, want at least 1x1"},
	} {
		for _, op := range []string{"Forward", "Predict", "PredictTo"} {
			before := tt.net.cloneParams()
			want := strings.Replace(tt.want, "Forward", op, 1)
			var out *Matrix
			var err error
			bytes, p := sizesAlloc(func() {
				switch op {
				case "Forward":
					out, err = tt.net.Forward(tt.x)
				case "Predict":
					out, err = tt.net.Predict(tt.x)
				default:
					out, err = tt.net.PredictTo(nil, tt.x)
				}
			})
			switch {
			case p != nil:
				t.Errorf("%s(%s) panicked: %v", op, sizesDims(tt.x), p)
			case out != nil || err == nil || err.Error() != want:
				t.Errorf("%s(%s) = %v, %v, want nil, %q", op, sizesDims(tt.x), out, err, want)
			}
			if bytes > sizesAllocLimit {
				t.Errorf("%s(%s) allocated %d bytes before returning its error, want at most %d", op, sizesDims(tt.x), bytes, sizesAllocLimit)
			}
			if err := diffNetworks(tt.net, before); err != nil {
				t.Errorf("%s(%s) changed the network: %v", op, sizesDims(tt.x), err)
			}
			for i, l := range tt.net.Layers {
				if l.Z != nil || l.A != nil {
					t.Errorf("%s(%s) set layer %d's Z or A", op, sizesDims(tt.x), i)
				}
			}
		}
	}
	// Still usable, and a batch at the limit is not refused:
	// 32761 × 4097 = 134221817 is over it, 32760 × 4097 = 134217720 under.
	small := NewMatrix(2, 1, []float64{0.5, -0.5})
	if _, err := net.Forward(small); err != nil {
		t.Errorf("Forward(2x1) after the refusals: %v", err)
	}
	if err := net.checkBatch("Forward", MaxBatchValues/4097); err != nil {
		t.Errorf("checkBatch(%d rows × 4097 units) = %v, want nil", MaxBatchValues/4097, err)
	}
	if err := net.checkBatch("Forward", MaxBatchValues/4097+1); err == nil {
		t.Errorf("checkBatch(%d rows × 4097 units) = nil, want an error", MaxBatchValues/4097+1)
	}
}
