//go:build !amd64 || purego

package mlp

// sigmoidsVec computes sigmoids four at a time where it can; here it
// never can, and returns 0.
func sigmoidsVec(dst, src []float64) int { return 0 }

// sigmoidVec1 is sigmoid of one value by the vector code; here there is
// none, and it returns false.
func sigmoidVec1(z float64) (float64, bool) { return 0, false }
