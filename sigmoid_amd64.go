//go:build amd64 && !purego

package mlp

// sigmoidsAVX2 sets dst[i] = sigmoid(src[i]) for i < n (n a multiple of 4),
// four at a time, the operations of exp and sigmoid in the same order, and
// returns n. It stops before a block of four holding a value whose
// magnitude exceeds expMax, or a NaN, and returns the number done.
// Implemented in sigmoid_amd64.s.
//
//go:noescape
func sigmoidsAVX2(dst, src *float64, n int) int

// sigmoidsVec computes sigmoids four at a time with AVX2 and FMA when the
// processor has them, and returns how many it did: a multiple of 4, all of
// src but its last len(src)%4 values unless a block had a value beyond
// ±expMax.
func sigmoidsVec(dst, src []float64) int {
	n := len(src) &^ 3
	if n == 0 || !cpu.avx2FMA {
		return 0
	}
	_ = dst[n-1]
	return sigmoidsAVX2(&dst[0], &src[0], n)
}

// sigmoidVec1 is sigmoid of one value by the vector code, so that a single
// value gets the same bits as it would in a block of four: it returns false
// when the processor lacks AVX2 or FMA, or z is beyond ±expMax or NaN.
func sigmoidVec1(z float64) (float64, bool) {
	if !cpu.avx2FMA {
		return 0, false
	}
	in := [4]float64{z}
	var out [4]float64
	if sigmoidsAVX2(&out[0], &in[0], 4) != 4 {
		return 0, false
	}
	return out[0], true
}
