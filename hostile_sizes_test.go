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
