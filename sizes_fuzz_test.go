package mlp

// Fuzz targets for sizes: FuzzNewMatrix and FuzzNew, and the helpers they
// share with the hostile tables of hostile_sizes_test.go. To fuzz, run one
// target at a time:
//
//	go test -run='^$' -fuzz='^FuzzNewMatrix$' -fuzztime=3m -parallel=1
//	go test -run='^$' -fuzz='^FuzzNew$' -fuzztime=3m -parallel=1
//
// Both keep their allocations small: a valid shape or network of more than
// sizesFuzzElems elements is skipped, after the error paths, which must not
// allocate, have been tried whatever the sizes.

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// sizesFuzzElems is the most elements a fuzz target lets the package
// allocate for a valid input.
const sizesFuzzElems = 1 << 16

// sizesAllocLimit is the most a refused input may make the package allocate:
// the message and the bookkeeping, never the memory the sizes ask for.
const sizesAllocLimit = 64 << 10

// sizesAlloc runs f and returns the bytes allocated on the heap meanwhile and
// the value f panicked with, nil if it returned.
func sizesAlloc(f func()) (bytes uint64, panicked any) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	func() {
		defer func() { panicked = recover() }()
		f()
	}()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, panicked
}

// sizesMaxElems is the most elements a Matrix may have, as NewMatrix's
// documentation gives it: the most float64 values whose bytes an int counts.
var sizesMaxElems = big.NewInt(math.MaxInt / 8)

// sizesProduct returns rows·cols exactly.
func sizesProduct(rows, cols int) *big.Int {
	return new(big.Int).Mul(big.NewInt(int64(rows)), big.NewInt(int64(cols)))
}

// sizesNewMatrixPanic is the documented panic of NewMatrix(rows, cols, data),
// worked out from the documentation with exact arithmetic, or "" if the
// call is valid.
func sizesNewMatrixPanic(rows, cols int, data []float64) string {
	p := sizesProduct(rows, cols)
	switch {
	case rows < 0 || cols < 0:
		return fmt.Sprintf("mlp: NewMatrix: negative dimension %dx%d, want rows and cols at least 0", rows, cols)
	case p.Cmp(sizesMaxElems) > 0:
		return fmt.Sprintf("mlp: NewMatrix: %dx%d is more than %d elements, the most a Matrix can hold", rows, cols, math.MaxInt/8)
	case data != nil && p.Cmp(big.NewInt(int64(len(data)))) != 0:
		return fmt.Sprintf("mlp: NewMatrix: len(data) is %d, want %d for %dx%d", len(data), p, rows, cols)
	}
	return ""
}

// FuzzNewMatrix: whatever rows, cols and length of data, NewMatrix either
// panics with its documented message, before allocating, or returns a
// matrix of those dimensions whose rows·cols is len(RawData), backed by
// data when data is given. A product of empty rows×0 and 0×cols matrices
// likewise panics as Mul documents or is the rows×cols zero matrix.
func FuzzNewMatrix(f *testing.F) {
	f.Add(2, 3, uint16(6), false)
	f.Add(2, 3, uint16(5), false)
	f.Add(-1, 3, uint16(0), true)
	f.Add(0, math.MaxInt, uint16(0), true)
	f.Add(int(^uint(0)/3+1), 3, uint16(2), false) // 6148914691236517206 on 64 bits: 3 times it wraps to 2
	f.Add(1<<(sizesIntBits/2), 1<<(sizesIntBits/2), uint16(0), true)
	f.Add(math.MaxInt/8+1, 1, uint16(0), true)
	f.Add(300, 300, uint16(0), true)
	f.Fuzz(func(t *testing.T, rows, cols int, n uint16, nilData bool) {
		var data []float64
		if !nilData {
			data = make([]float64, n)
			for i := range data {
				data[i] = float64(i)
			}
		}
		want := sizesNewMatrixPanic(rows, cols, data)
		p := sizesProduct(rows, cols)
		if want == "" && p.Cmp(big.NewInt(sizesFuzzElems)) > 0 {
			return // valid, but too large to allocate here
		}
		var m *Matrix
		bytes, got := sizesAlloc(func() { m = NewMatrix(rows, cols, data) })
		if want != "" {
			if msg := fmt.Sprint(got); got == nil || msg != want {
				t.Fatalf("NewMatrix(%d, %d, len %d, nil %v) panicked with %v, want %q", rows, cols, n, nilData, got, want)
			}
			if bytes > sizesAllocLimit {
				t.Fatalf("NewMatrix(%d, %d, len %d, nil %v) allocated %d bytes before panicking", rows, cols, n, nilData, bytes)
			}
		} else {
			if got != nil {
				t.Fatalf("NewMatrix(%d, %d, len %d, nil %v) panicked: %v", rows, cols, n, nilData, got)
			}
			r, c := m.Dims()
			raw := m.RawData()
			if r != rows || c != cols || !p.IsInt64() || int64(len(raw)) != p.Int64() {
				t.Fatalf("NewMatrix(%d, %d, ...) is %dx%d with %d elements, want %dx%d with %v", rows, cols, r, c, len(raw), rows, cols, p)
			}
			if data != nil && len(data) > 0 && &raw[0] != &data[0] {
				t.Fatalf("NewMatrix(%d, %d, data) does not use data as its backing slice", rows, cols)
			}
		}
		if rows < 0 || cols < 0 {
			return
		}
		// rows×0 and 0×cols are valid whatever rows and cols: their product
		// asks for any shape.
		a, b := NewMatrix(rows, 0, nil), NewMatrix(0, cols, nil)
		var prod Matrix
		wantMul := ""
		if p.Cmp(sizesMaxElems) > 0 {
			wantMul = fmt.Sprintf("mlp: Mul: a is %dx0, b is 0x%d: the product %dx%d is more than %d elements, the most a Matrix can hold", rows, cols, rows, cols, math.MaxInt/8)
		} else if p.Cmp(big.NewInt(sizesFuzzElems)) > 0 {
			return
		}
		bytes, got = sizesAlloc(func() { prod.Mul(a, b) })
		switch {
		case wantMul != "":
			if msg := fmt.Sprint(got); got == nil || msg != wantMul {
				t.Fatalf("Mul(%dx0, 0x%d) panicked with %v, want %q", rows, cols, got, wantMul)
			}
			if r, c := prod.Dims(); r != 0 || c != 0 || bytes > sizesAllocLimit {
				t.Fatalf("Mul(%dx0, 0x%d) left the receiver %dx%d and allocated %d bytes, want 0x0 and nothing", rows, cols, r, c, bytes)
			}
		case got != nil:
			t.Fatalf("Mul(%dx0, 0x%d) panicked: %v", rows, cols, got)
		default:
			r, c := prod.Dims()
			if r != rows || c != cols || slices.ContainsFunc(prod.RawData(), func(v float64) bool { return v != 0 }) {
				t.Fatalf("Mul(%dx0, 0x%d) = %dx%d %v, want the %dx%d zero matrix", rows, cols, r, c, prod.RawData(), rows, cols)
			}
		}
	})
}

// sizesIntBits is the size of an int in bits.
const sizesIntBits = 32 << (^uint(0) >> 63)

// sizesEncode encodes sizes as FuzzNew decodes them: a size below 0xF0 as
// one byte, any other as 0xF0 and its 8 bytes, little-endian.
func sizesEncode(sizes ...int) []byte {
	var b []byte
	for _, s := range sizes {
		if 0 <= s && s < 0xF0 {
			b = append(b, byte(s))
			continue
		}
		b = binary.LittleEndian.AppendUint64(append(b, 0xF0), uint64(s))
	}
	return b
}

// sizesReader reads FuzzNew's bytes, giving zeros past their end.
type sizesReader []byte

func (r *sizesReader) byte() byte {
	if len(*r) == 0 {
		return 0
	}
	b := (*r)[0]
	*r = (*r)[1:]
	return b
}

func (r *sizesReader) uint64() uint64 {
	var b [8]byte
	for i := range b {
		b[i] = r.byte()
	}
	return binary.LittleEndian.Uint64(b[:])
}

// float reads a number: after an even byte a small one, k/16 for a
// signed byte k, after an odd one any float64, NaN and ±Inf included.
func (r *sizesReader) float() float64 {
	if r.byte()%2 == 0 {
		return float64(int8(r.byte())) / 16
	}
	return math.Float64frombits(r.uint64())
}

// sizesFuzzOpts decodes FuzzNew's options from optBytes. It returns them
// with what New must make of them, worked out from the documentation:
// whether New must refuse them, whether the layers have biases, the
// initialisation the last init option asks for (kind, lo, hi), and whether
// the weights it gives are small (tame), so that a forward pass of inputs in
// [−1, 1] through at most 16 layers must stay finite.
func sizesFuzzOpts(optBytes []byte) (opts []Option, bad, bias bool, init initSpec, tame bool) {
	acts, losses := builtinActivations(), builtinLosses()
	r := sizesReader(optBytes)
	bias, tame = true, true
	for i := 0; len(r) > 0 && i < 8; i++ {
		switch r.byte() % 12 {
		case 0:
			opts = append(opts, WithActivation(acts[int(r.byte())%len(acts)]))
		case 1:
			opts = append(opts, WithOutputActivation(acts[int(r.byte())%len(acts)]))
		case 2:
			opts = append(opts, WithoutBias())
			bias = false
		case 3:
			opts = append(opts, WithLoss(losses[int(r.byte())%len(losses)]))
		case 4:
			opts = append(opts, WithSeed(r.uint64()))
		case 5:
			opts = append(opts, WithGlorotInit())
			init = initSpec{kind: initGlorot}
		case 6:
			opts = append(opts, WithHeInit())
			init = initSpec{kind: initHe}
		case 7:
			lo, hi := r.float(), r.float()
			opts = append(opts, WithUniformInit(lo, hi))
			if !(lo < hi) || math.IsInf(hi-lo, 0) {
				bad = true // documented: New returns an error unless lo < hi and both are finite
			} else {
				init = initSpec{kind: initUniform, lo: lo, hi: hi}
				tame = tame && math.Abs(lo) <= 8 && math.Abs(hi) <= 8
			}
		case 8:
			v := r.float()
			opts = append(opts, WithConstantInit(v))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad = true
			} else {
				init = initSpec{kind: initConstant, lo: v}
				tame = tame && math.Abs(v) <= 8
			}
		case 9:
			opts = append(opts, nil)
			bad = true
		case 10:
			f := ActivationFunc(r.byte())
			opts = append(opts, WithActivation(f))
			bad = bad || !slices.Contains(acts, Activation(f))
		case 11:
			l := LossFunc(r.byte())
			opts = append(opts, WithLoss(l))
			bad = bad || !slices.Contains(losses, Loss(l))
		}
	}
	return opts, bad, bias, init, tame
}

// FuzzNew: whatever the sizes and options, New does not panic. It refuses,
// with an mlp: New: error and before allocating, exactly the sizes and
// options its documentation refuses (worked out here with exact
// arithmetic), and otherwise returns a network of those sizes, with the
// initial weights the options ask for, on which Forward of 1 and 3 samples
// works and gives finite outputs when the weights are small.
func FuzzNew(f *testing.F) {
	f.Add(sizesEncode(2, 3, 1), []byte{})
	f.Add(sizesEncode(3, int(^uint(0)/3+1), 3), []byte{2})
	f.Add(sizesEncode(1<<(sizesIntBits/2-1), 1<<(sizesIntBits/2-1)), []byte{})
	f.Add(sizesEncode(1<<14, 1<<14), []byte{})
	f.Add(sizesEncode(1<<13, 1<<13, 1<<13, 1<<13), []byte{2})
	f.Add(sizesEncode(3, 0, 1), []byte{})
	f.Add(sizesEncode(4, 8, 8, 3), []byte{0, 3, 1, 4, 3, 2})
	f.Add(sizesEncode(2, 5, 1), []byte{7, 0, 16, 0, 32})                    // WithUniformInit(1, 2)
	f.Add(sizesEncode(2, 5, 1), []byte{7, 1, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f}) // NaN lo
	f.Add(sizesEncode(2, 5, 1), []byte{8, 0, 0xf0, 9})                      // WithConstantInit(-1), nil
	f.Add(sizesEncode(2, 5, 1), []byte{10, 200, 11, 0})
	f.Fuzz(func(t *testing.T, sizeBytes, optBytes []byte) {
		var sizes []int
		for r := sizesReader(sizeBytes); len(r) > 0 && len(sizes) < 16; {
			if b := r.byte(); b < 0xF0 {
				sizes = append(sizes, int(b))
			} else {
				sizes = append(sizes, int(r.uint64()))
			}
		}
		opts, badOpt, bias, init, tame := sizesFuzzOpts(optBytes)

		// The documented limits, in exact arithmetic.
		badSize := len(sizes) < 2 || len(sizes)-1 > MaxLayers
		params := new(big.Int)
		for i, s := range sizes {
			badSize = badSize || s < 1 || s > MaxParams
			if i > 0 {
				p := sizesProduct(sizes[i-1], s)
				if bias {
					p.Add(p, big.NewInt(int64(s)))
				}
				badSize = badSize || p.Cmp(big.NewInt(MaxParams)) > 0
				params.Add(params, p)
			}
		}
		badSize = badSize || params.Cmp(big.NewInt(MaxParams)) > 0
		if !badSize && !badOpt && params.Cmp(big.NewInt(sizesFuzzElems)) > 0 {
			return // valid, but too large to build here
		}

		in := slices.Clone(sizes)
		var net *Network
		var err error
		bytes, p := sizesAlloc(func() { net, err = New(in, opts...) })
		if p != nil {
			t.Fatalf("New(%v) panicked: %v", sizes, p)
		}
		if !slices.Equal(in, sizes) {
			t.Fatalf("New(%v) changed sizes to %v", sizes, in)
		}
		if badSize || badOpt {
			if err == nil || net != nil || !strings.HasPrefix(err.Error(), "mlp: New: ") {
				t.Fatalf("New(%v) = %v, %v, want an mlp: New: error (bad sizes %v, bad options %v)", sizes, net, err, badSize, badOpt)
			}
			if bytes > sizesAllocLimit {
				t.Fatalf("New(%v) allocated %d bytes before returning %v", sizes, bytes, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("New(%v) = %v, want a network", sizes, err)
		}
		if got := net.Sizes(); !slices.Equal(got, sizes) {
			t.Fatalf("New(%v).Sizes() = %v", sizes, got)
		}
		for i, l := range net.Layers {
			if (l.B != nil) != bias {
				t.Fatalf("New(%v): layer %d has B %v, want biases %v", sizes, i, l.B, bias)
			}
			for k, w := range l.W.RawData() {
				if (init.kind == initUniform && !(init.lo <= w && w < init.hi)) || (init.kind == initConstant && w != init.lo) {
					t.Fatalf("New(%v): layer %d weight %d is %v, want as initSpec %+v", sizes, i, k, w, init)
				}
			}
		}
		for _, rows := range []int{1, 3} {
			x := NewMatrix(rows, sizes[0], nil)
			for k := range x.data {
				x.data[k] = math.Sin(float64(k + 1)) // in [−1, 1]
			}
			out, err := net.Forward(x)
			if err != nil {
				t.Fatalf("New(%v): Forward(%dx%d) = %v", sizes, rows, sizes[0], err)
			}
			if r, c := out.Dims(); r != rows || c != sizes[len(sizes)-1] {
				t.Fatalf("New(%v): Forward(%dx%d) is %dx%d", sizes, rows, sizes[0], r, c)
			}
			if k := slices.IndexFunc(out.RawData(), func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }); tame && k >= 0 {
				t.Fatalf("New(%v) with small weights: Forward(%dx%d) output %d is %v", sizes, rows, sizes[0], k, out.data[k])
			}
		}
	})
}
