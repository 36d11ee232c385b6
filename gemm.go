package mlp

// gemm sets C (m×n, row stride ldc) to op(A)·op(B), where op(A) is m×k and
// op(B) is k×n. With ta, A is stored k×m (row stride lda) and op(A) = Aᵀ;
// with tb, B is stored n×k (row stride ldb) and op(B) = Bᵀ.
//
// Tiny products (a small network's) take the straight loops of gemmSmall:
// packing would cost more than it saves. The others go to the packed,
// cache-blocked product of gemm_blocked.go with the best kernel this
// processor has. Which path a product takes depends only on m, n and k.
func gemm(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	gemmWith(bestKernel, ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
}

// bestKernel is the kernel products use: the first of kernels(), chosen
// once from the processor's features.
var bestKernel = kernels()[0]

// smallMax is the largest product, in multiply-adds m·n·k, computed by
// gemmSmall rather than packed.
const smallMax = 1 << 11

// gemmWith is gemm with a given kernel (tests run each).
func gemmWith(kn *kernel, ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	switch {
	case m == 0 || n == 0:
	case k == 0:
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	case m*n*k <= smallMax:
		gemmSmall(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
	default:
		kn.gemmBlocked(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
	}
}

// gemmSmall is gemm by plain loops, row-oriented so that the inner loop runs
// along contiguous memory.
func gemmSmall(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	switch {
	case !ta && !tb: // C[i,:] = Σ_p A[i,p]·B[p,:]
		for i := 0; i < m; i++ {
			ci := c[i*ldc : i*ldc+n]
			clear(ci)
			ai := a[i*lda : i*lda+k]
			for p, aip := range ai {
				axpy(aip, b[p*ldb:p*ldb+n], ci)
			}
		}
	case ta && !tb: // C[i,:] = Σ_p A[p,i]·B[p,:]
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		for p := 0; p < k; p++ {
			ap := a[p*lda : p*lda+m]
			bp := b[p*ldb : p*ldb+n]
			for i, api := range ap {
				axpy(api, bp, c[i*ldc:i*ldc+n])
			}
		}
	case !ta && tb: // C[i,j] = A[i,:]·B[j,:]
		for i := 0; i < m; i++ {
			ai := a[i*lda : i*lda+k]
			ci := c[i*ldc : i*ldc+n]
			for j := range ci {
				ci[j] = dot(ai, b[j*ldb:j*ldb+k])
			}
		}
	default: // C[i,j] = Σ_p A[p,i]·B[j,p]
		for i := 0; i < m; i++ {
			ci := c[i*ldc : i*ldc+n]
			for j := range ci {
				s := 0.0
				for p := 0; p < k; p++ {
					s += a[p*lda+i] * b[j*ldb+p]
				}
				ci[j] = s
			}
		}
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
