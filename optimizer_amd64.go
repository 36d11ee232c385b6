//go:build amd64 && !purego

package mlp

// adamAVX512 does adamGo for the first n values (n a multiple of 8), eight
// at a time. Implemented in optimizer_amd64.s.
//
//go:noescape
func adamAVX512(p *adamParams, w, grad, m, v *float64, n int)

// momentumAVX512 does momentumGo for the first n values (n a multiple of
// 8), eight at a time. Implemented in optimizer_amd64.s.
//
//go:noescape
func momentumAVX512(beta, lr float64, w, grad, v *float64, n int)

// descendAVX512 sets w[i] += alpha·grad[i] for the first n values (n a
// multiple of 8), eight at a time. Implemented in optimizer_amd64.s.
//
//go:noescape
func descendAVX512(alpha float64, w, grad *float64, n int)

// descendVec sets w += alpha·g, as axpy's loop, on the longest prefix of
// whole blocks of 8 with AVX-512 when the processor has it, and returns its
// length. g must be at least as long as w.
func descendVec(alpha float64, w, g []float64) int {
	n := len(w) &^ 7
	if n == 0 || !cpu.avx512F {
		return 0
	}
	_ = g[n-1]
	descendAVX512(alpha, &w[0], &g[0], n)
	return n
}

// adamVec does adamGo on the longest prefix of whole blocks of 8 with
// AVX-512 when the processor has it, and returns its length.
func adamVec(p *adamParams, w, g, m, v []float64) int {
	n := len(w) &^ 7
	if n == 0 || !cpu.avx512F {
		return 0
	}
	_, _, _ = g[n-1], m[n-1], v[n-1]
	adamAVX512(p, &w[0], &g[0], &m[0], &v[0], n)
	return n
}

// momentumVec does momentumGo on the longest prefix of whole blocks of 8
// with AVX-512 when the processor has it, and returns its length.
func momentumVec(beta, lr float64, w, g, v []float64) int {
	n := len(w) &^ 7
	if n == 0 || !cpu.avx512F {
		return 0
	}
	_, _ = g[n-1], v[n-1]
	momentumAVX512(beta, lr, &w[0], &g[0], &v[0], n)
	return n
}
