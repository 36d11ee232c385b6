package mlp

// Fuzz targets for sizes: FuzzNewMatrix, and the helpers it shares with
// the hostile tables of hostile_sizes_test.go. To fuzz:
//
//	go test -run='^$' -fuzz='^FuzzNewMatrix$' -fuzztime=3m -parallel=1
//
// It keeps its allocations small: a valid shape of more than
// sizesFuzzElems elements is skipped, after the error paths, which must not
// allocate, have been tried whatever the sizes.

import (
	"fmt"
	"math"
	"math/big"
	"runtime"
	"slices"
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
