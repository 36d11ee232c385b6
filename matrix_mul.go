package mlp

import "fmt"

// Mul sets m to the matrix product a·b and returns m.
//
// a must be r×k and b k×c; m becomes r×c, reusing its backing slice when it is
// large enough. m must not share memory with a or b (like math/big, the
// receiver is the result, but unlike math/big a product cannot be computed in
// place). Mul panics, changing nothing, if the inner dimensions differ, if
// m aliases a or b, or if r×c is more elements than a Matrix can hold (see
// NewMatrix), which operands of no elements can ask for.
func (m *Matrix) Mul(a, b *Matrix) *Matrix {
	if a.cols != b.rows {
		panic(fmt.Sprintf("mlp: Mul: a is %dx%d, b is %dx%d: a's columns must equal b's rows", a.rows, a.cols, b.rows, b.cols))
	}
	m.checkAlias("Mul", a, b, productElems("Mul", a, b, a.rows, b.cols))
	m.mul(a, b)
	return m
}

// MulTransA sets m to the product aᵀ·b and returns m, without forming aᵀ.
//
// a must be k×r and b k×c; m becomes r×c. Backward uses it for the weight
// gradient ∂E/∂W = A_prevᵀ·∂E/∂Z. The rules of Mul on reuse and aliasing
// apply; MulTransA panics if a and b have different numbers of rows, if m
// aliases a or b, or if r×c is too many elements.
func (m *Matrix) MulTransA(a, b *Matrix) *Matrix {
	if a.rows != b.rows {
		panic(fmt.Sprintf("mlp: MulTransA: a is %dx%d, b is %dx%d: a and b must have the same rows", a.rows, a.cols, b.rows, b.cols))
	}
	m.checkAlias("MulTransA", a, b, productElems("MulTransA", a, b, a.cols, b.cols))
	m.mulTransA(a, b)
	return m
}

// MulTransB sets m to the product a·bᵀ and returns m, without forming bᵀ.
//
// a must be r×k and b c×k; m becomes r×c. Backward uses it to pass the error
// back a layer: ∂E/∂A_prev = ∂E/∂Z·Wᵀ. The rules of Mul on reuse and aliasing
// apply; MulTransB panics if a and b have different numbers of columns, if
// m aliases a or b, or if r×c is too many elements.
func (m *Matrix) MulTransB(a, b *Matrix) *Matrix {
	if a.cols != b.cols {
		panic(fmt.Sprintf("mlp: MulTransB: a is %dx%d, b is %dx%d: a and b must have the same columns", a.rows, a.cols, b.rows, b.cols))
	}
	m.checkAlias("MulTransB", a, b, productElems("MulTransB", a, b, a.rows, b.rows))
	m.mulTransB(a, b)
	return m
}

// productElems returns the number of elements of op's rows×cols product of
// a and b, and panics naming the operands if that is not a shape a Matrix
// may have. Operands with elements cannot ask for too large a product in
// practice (one of them would need more than 2³⁰ elements, 8 GiB), but
// operands of no elements, such as 2⁴⁰×0 and 0×2⁴⁰, can ask for any shape.
func productElems(op string, a, b *Matrix, rows, cols int) int {
	n, ok := elems(rows, cols)
	if !ok {
		panic(fmt.Sprintf("mlp: %s: a is %dx%d, b is %dx%d: the product %s", op, a.rows, a.cols, b.rows, b.cols, badShape(rows, cols)))
	}
	return n
}

// mul, mulTransA and mulTransB are Mul, MulTransA and MulTransB without
// their checks, for the network's own matrices, whose shapes Forward and
// Backward have checked and which never share memory. They are gemm's only
// callers: each passes it the dimensions and backing slices of valid
// matrices (see Matrix), m reshaped to the product's shape, which
// checkProduct checks first: that is what makes gemm's unsafe loops safe
// (see gemmSmall).
//
// mulFused and mulTransBFused are mul and mulTransB with an epilogue ep
// run on each block of m as the product writes it for good (a fused layer,
// gemm_epilogue.go). ep's slices must be laid out as m after its reshape
// (for the caller to reshape the matrices they belong to first); they are
// sliced with Go's bounds checks.
func (m *Matrix) mul(a, b *Matrix) { m.mulFused(a, b, nil) }

func (m *Matrix) mulFused(a, b *Matrix, ep *epilogue) {
	checkProduct(a.rows, b.cols)
	m.reshape(a.rows, b.cols)
	gemm(false, false, a.rows, b.cols, a.cols, a.data, a.cols, b.data, b.cols, m.data, m.cols, ep)
}

func (m *Matrix) mulTransA(a, b *Matrix) {
	checkProduct(a.cols, b.cols)
	m.reshape(a.cols, b.cols)
	gemm(true, false, a.cols, b.cols, a.rows, a.data, a.cols, b.data, b.cols, m.data, m.cols, nil)
}

func (m *Matrix) mulTransB(a, b *Matrix) { m.mulTransBFused(a, b, nil) }

func (m *Matrix) mulTransBFused(a, b *Matrix, ep *epilogue) {
	checkProduct(a.rows, b.rows)
	m.reshape(a.rows, b.rows)
	gemm(false, true, a.rows, b.rows, a.cols, a.data, a.cols, b.data, b.cols, m.data, m.cols, ep)
}

// checkAlias panics if the n elements that an operation is about to write
// into m would overlap a or b. When m's capacity is below n, m gets a new
// backing slice and nothing can overlap.
func (m *Matrix) checkAlias(op string, a, b *Matrix, n int) {
	if cap(m.data) < n {
		return
	}
	out := &Matrix{rows: 1, cols: n, data: m.data[:n]}
	if overlaps(out, a) || overlaps(out, b) {
		panic("mlp: " + op + ": the receiver shares memory with an operand")
	}
}
