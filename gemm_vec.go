package mlp

// Products with a few rows of C, such as Predict on one sample, take a path
// of their own: each row of C is a matrix-vector product x·B, computed by
// streaming the rows of B once, in memory order, with no packing. The
// blocked product would pack all of B on every call and run a 12-row tile
// on one row; here the time is bounded by reading B.
//
// Each element is summed exactly as the kernel's tiles sum it: over the
// same kc-slices of the summation, each a chain over p in order from zero
// (fused multiply-adds in the assembly, as in its tiles), added to the
// slices before. So a row of C has the same bits through this path as
// through the blocked product with the same kernel (TestGemvAgrees), and
// Predict of one sample gives what Forward of a batch gives for it, when
// no layer's product for that sample is tiny enough for gemmSmall
// (TestPredictOneRowIsBatchRow).

// gemvRowsMax is the most rows of C a product may have to take gemv.
const gemvRowsMax = 4

// gemv sets C (m×n, row stride ldc, m ≤ gemvRowsMax) to op(A)·B, where B
// is stored k×n (row stride ldb, not transposed) and op(A) is m×k: A
// itself (row stride lda) or, with ta, Aᵀ with A stored k×m. m, n and k
// must be at least 1. An epilogue ep (nil for none) runs on each row of C
// after its last kc-slice.
func (kn *kernel) gemv(ta bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, ep *epilogue) {
	nk := kn.kslices(k)
	for i := 0; i < m; i++ {
		x, incx := a[i:], lda // row i of op(A): x[p·incx], p < k
		if !ta {
			x, incx = a[i*lda:], 1
		}
		row := c[i*ldc : i*ldc+n]
		for q := 0; q < nk; q++ {
			p0, p1 := q*k/nk, (q+1)*k/nk
			kn.vec(p1-p0, x[p0*incx:], incx, b[p0*ldb:], ldb, row, q > 0)
		}
		if ep != nil {
			ep.block(c, ldc, i, i+1, 0, n)
		}
	}
}

// vecGo sets c[j] = Σ_p x[p·incx]·b[p·ldb+j] over p < k for every j <
// len(c), or adds the sum to c[j] when acc: the one-row product of the
// pure-Go kernel, each sum a chain over p in order from zero, added to c
// afterwards, as kernelGo sums. It runs along the rows of b, 64 columns at
// a time, their sums in an array that stays in registers and L1. k must be
// at least 1.
func vecGo(k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool) {
	var sums [64]float64
	for j0 := 0; j0 < len(c); j0 += len(sums) {
		w := min(len(sums), len(c)-j0)
		s := sums[:w]
		clear(s)
		for p := 0; p < k; p++ {
			xp := x[p*incx]
			row := b[p*ldb+j0 : p*ldb+j0+w]
			for j, v := range row {
				s[j] += xp * v
			}
		}
		out := c[j0 : j0+w]
		for j := range out {
			if acc {
				s[j] += out[j]
			}
			out[j] = s[j]
		}
	}
}
