//go:build !amd64 || purego

package mlp

// adamVec, momentumVec and descendVec do the updates of optimizer_update.go
// in vector registers where they can, and return how many values they did:
// here none.
func adamVec(p *adamParams, w, g, m, v []float64) int { return 0 }

func momentumVec(beta, lr float64, w, g, v []float64) int { return 0 }

func descendVec(alpha float64, w, g []float64) int { return 0 }
