package mlp

import "unsafe"

// The matrix products, GEMM in BLAS's name, behind Mul, MulTransA and
// MulTransB, where Forward, Backward and Step spend their time. gemm is the
// entry point; a product takes one of three paths, by its shape alone:
//
//   - Tiny products, such as the tutorial's, take the straight loops of
//     gemmSmall, with no set-up at all.
//   - Products with a few rows (Predict on a sample or a few) and B not
//     transposed take gemv (gemm_vec.go): each row of C a matrix-vector
//     product streaming B once, in memory order, with no packing.
//   - Larger ones use the packed, cache-blocked product of gemm_blocked.go,
//     the scheme of GotoBLAS and BLIS: blocks of the operands are copied
//     into the order a register micro-kernel reads them, which also turns
//     the transposed products into plain ones, and the micro-kernel keeps a
//     tile of C in registers while it runs along the summation. The
//     micro-kernels are kernelGo (gemm_kernel.go), the readable reference
//     in pure Go, and on amd64 two in assembly (gemm_amd64.go,
//     gemm_amd64.s); gemm_noasm.go is the build without assembly (other
//     architectures and the purego tag). Products that a model of their
//     time says gain at least a quarter from it are shared between
//     goroutines (gemm_parallel.go).
//
// Every element of a product is summed in an order that depends only on the
// shapes and the kernel, never on how the work is divided, so results are
// the same bit for bit whatever GOMAXPROCS is (TestGemmGOMAXPROCS).

// gemm sets C (m×n, row stride ldc) to op(A)·op(B), where op(A) is m×k and
// op(B) is k×n. With ta, A is stored k×m (row stride lda) and op(A) = Aᵀ;
// with tb, B is stored n×k (row stride ldb) and op(B) = Bᵀ.
//
// Tiny products (a small network's) take the straight loops of gemmSmall:
// packing would cost more than it saves. Products of a few rows with B not
// transposed take gemv (gemm_vec.go), which streams B without packing it.
// The others go to the packed, cache-blocked product of gemm_blocked.go
// with the best kernel this processor has. Which path a product takes
// depends only on its shape: m, n, k and whether B is transposed.
//
// gemm trusts its arguments: its only callers are mul, mulTransA and
// mulTransB (matrix_mul.go), which pass the dimensions and backing slices
// of valid matrices (rows·cols ≤ maxElems and len(data) = rows·cols, which
// NewMatrix and checkProduct check; see Matrix), C reshaped to m×n. Every
// path stays inside those slices whatever m, n and k are: gemmSmall checks
// its last indices before its unsafe loops, gemv's vecBlocks checks the
// last element each one-row kernel reads before calling it, and the blocked
// product slices with Go's bounds checks up to the assembly kernels, which
// check theirs.
//
// With an epilogue ep that is on, gemm runs it on each block of C once the
// product has written the block for good (gemm_epilogue.go); ep may be nil.
func gemm(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, ep *epilogue) {
	gemmWith(bestKernel, ta, tb, m, n, k, a, lda, b, ldb, c, ldc, ep)
}

// bestKernel is the kernel products use: the first of kernels(), chosen
// once from the processor's features.
var bestKernel = kernels()[0]

// smallMax is the largest product, in multiply-adds m·n·k, computed by
// gemmSmall rather than packed.
const smallMax = 1 << 11

// gemmWith is gemm with a given kernel (tests run each).
//
// m·n·k cannot overflow for valid operands with elements: its square is
// the product of their three sizes, so it would need an operand of more
// than 2⁴² elements (32 TiB). On a 32-bit platform it can (three 2048×2048
// matrices), and empty operands give m, n or k = 0, taken before it.
// A wrapped m·n·k only picks the slower path or fewer goroutines (split),
// never an unsafe one: neither path's safety rests on it.
func gemmWith(kn *kernel, ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, ep *epilogue) {
	if ep != nil && !ep.on() {
		ep = nil
	}
	switch {
	case m == 0 || n == 0:
	case k == 0:
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		if ep != nil {
			ep.block(c, ldc, 0, m, 0, n)
		}
	case m*n*k <= smallMax:
		gemmSmall(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
		if ep != nil {
			ep.block(c, ldc, 0, m, 0, n)
		}
	case m <= gemvRowsMax && !tb:
		kn.gemv(ta, m, n, k, a, lda, b, ldb, c, ldc, ep)
	default:
		kn.gemmBlocked(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, ep)
	}
}

// axpy sets y += alpha·x. len(y) must be at least len(x).
func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// dot returns x·y. len(y) must be at least len(x).
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// gemmSmall is gemm for tiny matrices, where packing would cost more than
// the product: each element of C is a dot product of a row of op(A) and a
// column of op(B), summed over p in order. A dot product of a few terms is
// a short chain of dependent additions, so four elements are computed at
// once, four chains the processor runs side by side: four columns of a row
// of C, or, when C has fewer than four columns, four rows of a column.
//
// The loops index the operands through unsafe pointers: the index of the
// last element each operand's loops read is checked once, up front, and
// every index of the loops is at most that one, so the per-element bounds
// checks (and the registers they hold) are left out. The order of the sums
// is the same as a plain dot product's. m, n and k must be at least 1.
//
// Why the unsafe reads and writes stay inside a, b and c: the three checks
// "_ = x[last]" below are ordinary bounds checks, which panic before any
// unsafe access if an operand is too short. They are only sound if the
// index expressions do not wrap: for the matrices gemm's callers pass, the
// last index of each operand is its rows·cols − 1, which NewMatrix and
// checkProduct have checked to be at most maxElems (see Matrix), and every
// index and byte offset the loops form lies between 0 and it. (A Matrix
// whose rows·cols had wrapped, once accepted by NewMatrix, made these
// checks pass on a wrapped index and the loops read past the data.)
func gemmSmall(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	ars, acs := lda, 1 // op(A)[i, p] = a[i·ars + p·acs]
	if ta {
		ars, acs = 1, lda
	}
	brs, bcs := ldb, 1 // op(B)[p, j] = b[p·brs + j·bcs]
	if tb {
		brs, bcs = 1, ldb
	}
	crs, ccs := ldc, 1 // C[i, j] is c[i·crs + j·ccs]
	if n < 4 && m >= 4 {
		// C is tall and thin: C = op(A)·op(B) is (op(B)ᵀ·op(A)ᵀ)ᵀ, which
		// swaps the roles of rows and columns.
		m, n, a, b = n, m, b, a
		ars, acs, brs, bcs, crs, ccs = bcs, brs, acs, ars, ccs, crs
	}
	// One check of the last element each operand's loops read, so that
	// the loops below need none.
	_ = a[(m-1)*ars+(k-1)*acs]
	_ = b[(k-1)*brs+(n-1)*bcs]
	_ = c[(m-1)*crs+(n-1)*ccs]
	pa, pb, pc := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b)), unsafe.Pointer(unsafe.SliceData(c))
	for i := 0; i < m; i++ {
		j := 0
		for ; j+4 <= n; j += 4 {
			s0, s1, s2, s3 := dot4(pa, pb, i*ars, j*bcs, acs, brs, bcs, k)
			o := i*crs + j*ccs
			*(*float64)(unsafe.Add(pc, uintptr(o)*8)) = s0
			*(*float64)(unsafe.Add(pc, uintptr(o+ccs)*8)) = s1
			*(*float64)(unsafe.Add(pc, uintptr(o+2*ccs)*8)) = s2
			*(*float64)(unsafe.Add(pc, uintptr(o+3*ccs)*8)) = s3
		}
		for ; j < n; j++ {
			*(*float64)(unsafe.Add(pc, uintptr(i*crs+j*ccs)*8)) = dot1(pa, pb, i*ars, j*bcs, acs, brs, k)
		}
	}
}

// dot4 returns gemmSmall's four sums s_q = Σ_p a[ia + p·acs]·b[ib + p·brs +
// q·bcs] for q = 0 to 3 and p = 0 to k−1, in order of p: one element of
// op(A) times four of op(B), four chains side by side. It reads through
// the unsafe pointers pa and pb, at indices that gemmSmall has checked. It
// is a call of its own, not inlined, so that its loop has the registers to
// itself: written inside gemmSmall's loops, with their eleven arguments
// live, the loop kept its counters on the stack, and the five products of
// the tutorial's epoch took 6% more instructions.
//
//go:noinline
func dot4(pa, pb unsafe.Pointer, ia, ib, acs, brs, bcs, k int) (s0, s1, s2, s3 float64) {
	for ; k > 0; k-- {
		x := at(pa, ia)
		s0 += x * at(pb, ib)
		s1 += x * at(pb, ib+bcs)
		s2 += x * at(pb, ib+2*bcs)
		s3 += x * at(pb, ib+3*bcs)
		ia += acs
		ib += brs
	}
	return s0, s1, s2, s3
}

// dot1 is dot4 for one sum: Σ_p a[ia + p·acs]·b[ib + p·brs], in order of p.
func dot1(pa, pb unsafe.Pointer, ia, ib, acs, brs, k int) float64 {
	s := 0.0
	for ; k > 0; k-- {
		s += at(pa, ia) * at(pb, ib)
		ia += acs
		ib += brs
	}
	return s
}

// at returns the float64 at index i from p, which the caller has checked.
func at(p unsafe.Pointer, i int) float64 { return *(*float64)(unsafe.Add(p, uintptr(i)*8)) }
