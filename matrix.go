package mlp

import (
	"fmt"
	"math"
	"unsafe"
)

// Matrix is a dense, row-major matrix of float64 values.
//
// The zero value is an empty 0x0 matrix, ready to be the receiver of an
// operation such as Mul, which gives it the shape of its result.
//
// Element (i, j) is stored at index i*cols+j of the backing slice.
type Matrix struct {
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
// NewMatrix panics if rows or cols is negative, or if data is not nil and
// len(data) != rows*cols. These are programmer errors, not input errors.
func NewMatrix(rows, cols int, data []float64) *Matrix {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("mlp: NewMatrix: negative dimension %dx%d", rows, cols))
	}
	if data == nil {
		return &Matrix{rows: rows, cols: cols, data: make([]float64, rows*cols)}
	}
	if len(data) != rows*cols {
		panic(fmt.Sprintf("mlp: NewMatrix: len(data) is %d, want %d for %dx%d", len(data), rows*cols, rows, cols))
	}
	return &Matrix{rows: rows, cols: cols, data: data}
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
func (m *Matrix) reshape(rows, cols int) {
	n := rows * cols
	if cap(m.data) < n {
		m.data = make([]float64, n)
	}
	m.data = m.data[:n]
	m.rows, m.cols = rows, cols
}

// overlaps reports whether the backing slices of a and b share memory.
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
