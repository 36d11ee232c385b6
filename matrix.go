package mlp

import (
	"fmt"
	"math"
	"math/bits"
	"unsafe"
)

// Matrix is a dense, row-major matrix of float64 values.
//
// The zero value is an empty 0x0 matrix, ready to be the receiver of an
// operation such as Mul, which gives it the shape of its result.
//
// Element (i, j) is stored at index i*cols+j of the backing slice.
type Matrix struct {
	// Every Matrix has rows, cols ≥ 0 and len(data) = rows·cols ≤ maxElems,
	// so that neither rows·cols, nor an index below it, nor the byte offset
	// of one can overflow: the unsafe loops of gemmSmall rely on it.
	// NewMatrix checks it (with rows·cols computed without overflow), and
	// so does checkProduct for the one new shape code makes from others,
	// a product's; reshape's other callers pass the shape of a valid matrix.
	rows, cols int
	data       []float64
}

// NewMatrix returns a rows×cols matrix.
//
// If data is nil, the matrix is filled with zeros. Otherwise data holds the
// elements in row-major order, element (i, j) at data[i*cols+j], and is used
// as the backing slice: no copy is made, so later changes to data show in the
// matrix and operations that write into the matrix write into data.
//
// NewMatrix panics if rows or cols is negative, if rows·cols (computed
// exactly, without overflow) is more elements than a Matrix can hold: more
// than the float64 values whose size in bytes an int can count,
// math.MaxInt/8, or if data is not nil and len(data) != rows·cols. These are
// programmer errors, not input errors; the panic comes before anything is
// allocated. Dimensions from outside the program should be checked first.
func NewMatrix(rows, cols int, data []float64) *Matrix {
	n, ok := elems(rows, cols)
	switch {
	case !ok:
		panic("mlp: NewMatrix: " + badShape(rows, cols))
	case data == nil:
		return &Matrix{rows: rows, cols: cols, data: make([]float64, n)}
	case len(data) != n:
		panic(fmt.Sprintf("mlp: NewMatrix: len(data) is %d, want %d for %dx%d", len(data), n, rows, cols))
	}
	return &Matrix{rows: rows, cols: cols, data: data}
}

// maxElems is the most elements a Matrix may have: the most float64 values
// whose size in bytes an int can count (2⁶⁰−1 on 64-bit platforms), so that
// the byte offset 8·i of any element i, which the unsafe loops of gemmSmall
// form, cannot overflow either. The runtime refuses a larger slice anyway.
const maxElems = math.MaxInt / 8

// elems returns rows·cols, the number of elements of a rows×cols matrix,
// and whether that is a shape a Matrix may have: rows and cols at least 0
// and rows·cols at most maxElems, the product computed in full (128 bits)
// so that it cannot wrap. It costs one multiplication and a comparison or
// two.
func elems(rows, cols int) (n int, ok bool) {
	hi, lo := bits.Mul(uint(rows), uint(cols))
	return int(lo), rows|cols >= 0 && hi == 0 && lo <= maxElems
}

// badShape says why elems refuses rows×cols, for a panic message.
func badShape(rows, cols int) string {
	if rows < 0 || cols < 0 {
		return fmt.Sprintf("negative dimension %dx%d, want rows and cols at least 0", rows, cols)
	}
	return fmt.Sprintf("%dx%d is more than %d elements, the most a Matrix can hold", rows, cols, maxElems)
}

// Dims returns the number of rows and columns of m.
func (m *Matrix) Dims() (rows, cols int) { return m.rows, m.cols }

// At returns element (i, j) of m. It panics if i or j is out of range.
func (m *Matrix) At(i, j int) float64 {
	m.check(i, j, "At")
	return m.data[i*m.cols+j]
}

// Set sets element (i, j) of m to v. It panics if i or j is out of range.
func (m *Matrix) Set(i, j int, v float64) {
	m.check(i, j, "Set")
	m.data[i*m.cols+j] = v
}

func (m *Matrix) check(i, j int, op string) {
	if uint(i) >= uint(m.rows) || uint(j) >= uint(m.cols) {
		panic(fmt.Sprintf("mlp: Matrix.%s(%d, %d) out of range for %dx%d", op, i, j, m.rows, m.cols))
	}
}

// RawData returns the backing slice of m: rows*cols elements in row-major
// order, element (i, j) at index i*cols+j. It is not a copy: writing to it
// changes m. It is the fast way to fill or read a whole matrix.
func (m *Matrix) RawData() []float64 { return m.data[:m.rows*m.cols] }

// Row returns row i of m as a slice of the backing data (not a copy).
// It panics if i is out of range.
func (m *Matrix) Row(i int) []float64 {
	if uint(i) >= uint(m.rows) {
		panic(fmt.Sprintf("mlp: Matrix.Row(%d) out of range for %dx%d", i, m.rows, m.cols))
	}
	return m.data[i*m.cols : (i+1)*m.cols]
}

// Clone returns a copy of m with its own backing slice.
func (m *Matrix) Clone() *Matrix {
	return &Matrix{rows: m.rows, cols: m.cols, data: append([]float64(nil), m.RawData()...)}
}

// Copy sets m to a copy of a, giving m the shape of a, and returns m.
// m's backing slice is reused when it is large enough.
func (m *Matrix) Copy(a *Matrix) *Matrix {
	if m == a {
		return m
	}
	m.reshape(a.rows, a.cols)
	copy(m.data, a.RawData())
	return m
}

// Zero sets every element of m to 0 and returns m.
func (m *Matrix) Zero() *Matrix {
	clear(m.RawData())
	return m
}

// reshape gives m the shape rows×cols, keeping its backing slice when its
// capacity is enough and replacing it otherwise. The contents are unspecified
// afterwards.
//
// rows×cols must be a shape a Matrix may have (see elems). reshape does
// not check, so that it stays small enough to be inlined in the training
// step's loops: every caller but the products gives m the shape of a valid
// matrix, or 1×cols or rows×1 of one, whose rows·cols cannot wrap (a loss's
// rows×1 has the rows of a batch, which checkBatch bounds). The products,
// whose shape takes its rows from one matrix and its columns from another,
// call checkProduct first.
func (m *Matrix) reshape(rows, cols int) {
	n := rows * cols
	if cap(m.data) < n {
		m.data = make([]float64, n)
	}
	m.data = m.data[:n]
	m.rows, m.cols = rows, cols
}

// checkProduct panics if rows×cols, the shape of a matrix product, is not a
// shape a Matrix may have. mul, mulTransA and mulTransB call it before they
// reshape the product and call gemm, so that no wrapped rows·cols is ever
// used to index or allocate. It costs one multiplication and a comparison
// or two. Mul, MulTransA and MulTransB check the shape first, with a
// message naming their operands, and Forward and Predict check the batch
// (checkBatch), so that it never panics for them.
func checkProduct(rows, cols int) {
	if _, ok := elems(rows, cols); !ok {
		panic(productPanic{rows, cols})
	}
}

// productPanic is checkProduct's panic. Its message is built only when it
// is printed, which keeps checkProduct small enough to be inlined.
type productPanic struct{ rows, cols int }

func (p productPanic) Error() string { return "mlp: matrix product: " + badShape(p.rows, p.cols) }

// overlaps reports whether the backing slices of a and b share memory.
// It uses package unsafe only to compare addresses: nothing is read or
// written through them, and len·size cannot overflow for a valid Matrix
// (see maxElems).
func overlaps(a, b *Matrix) bool {
	x, y := a.RawData(), b.RawData()
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	x0 := uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	y0 := uintptr(unsafe.Pointer(unsafe.SliceData(y)))
	const size = unsafe.Sizeof(float64(0))
	return x0 < y0+uintptr(len(y))*size && y0 < x0+uintptr(len(x))*size
}

// gather sets the rows of dst to the rows idx of src.
func gather(dst, src *Matrix, idx []int) {
	c := src.cols
	for i, p := range idx {
		copy(dst.data[i*c:(i+1)*c], src.data[p*c:(p+1)*c])
	}
}

// isFinite reports whether v is a finite number: neither NaN nor ±Inf.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// firstNonFinite returns the index of the first element of vs that is NaN
// or ±Inf, or -1 if every element is finite. It is the package's one
// finiteness check of many values: every message about a non-finite weight,
// input or value is built on it.
func firstNonFinite(vs []float64) int {
	for i, v := range vs {
		if !isFinite(v) {
			return i
		}
	}
	return -1
}
