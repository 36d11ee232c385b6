package mlp

import "math"

// The optimizers' updates, one pass over a parameter slice each: the pure-Go
// loops here are the reference, and on amd64 with AVX-512 the same
// arithmetic runs eight values at a time in assembly (optimizer_amd64.s):
// the same operations in the same order, each rounded once (no fused
// multiply-add), so that both give the same bits (TestOptimizerUpdatesAgree).

// adamParams are the numbers of one Adam step, the same for every value.
type adamParams struct {
	scale    float64 // g = scale·gradient
	b1, a1   float64 // β1 and 1−β1
	b2, a2   float64 // β2 and 1−β2
	c1, c2   float64 // 1−β1^t and 1−β2^t
	eta, eps float64 // η and ε
}

// adamUpdate takes one Adam step for the values w with gradients g and
// moments m and v, all of the same length: the loop of Adam.Step.
func adamUpdate(p *adamParams, w, g, m, v []float64) {
	n := adamVec(p, w, g, m, v)
	adamGo(p, w[n:], g[n:], m[n:], v[n:])
}

// adamGo is adamUpdate in Go: Algorithm 1 of Kingma and Ba, value by value.
func adamGo(p *adamParams, w, g, m, v []float64) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i, gi := range g {
		gi *= p.scale
		m[i] = p.b1*m[i] + p.a1*gi
		v[i] = p.b2*v[i] + p.a2*gi*gi
		mHat, vHat := m[i]/p.c1, v[i]/p.c2
		w[i] -= p.eta * mHat / (math.Sqrt(vHat) + p.eps)
	}
}

// descendVecMin is the fewest weights of a layer for which gradientDescent
// (optimizer.go) hands their update to descendVec: whole blocks of 8 of
// w + (−lr)·g with AVX-512, each value rounded twice as in axpy's loop,
// which does the rest. Below it, and for the biases, axpy's loop runs
// alone, in line, so the tutorial's network never calls out (a call for
// every parameter, whatever its length, cost 205 more instructions an XOR
// epoch, valgrind).
const descendVecMin = 32

// momentumUpdate sets v = β·v − lr·g and w += v for the values w with
// gradients g and velocities v, all of the same length: the loop of
// Momentum.Step.
func momentumUpdate(beta, lr float64, w, g, v []float64) {
	n := momentumVec(beta, lr, w, g, v)
	momentumGo(beta, lr, w[n:], g[n:], v[n:])
}

// momentumGo is momentumUpdate in Go.
func momentumGo(beta, lr float64, w, g, v []float64) {
	g, v = g[:len(w)], v[:len(w)]
	for i, gi := range g {
		v[i] = beta*v[i] - lr*gi
		w[i] += v[i]
	}
}
