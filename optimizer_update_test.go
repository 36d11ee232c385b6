package mlp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestOptimizerUpdatesAgree: the vectorised Adam, momentum and gradient
// descent updates give the bits of the pure-Go loops (adamGo, momentumGo,
// axpy's loop), for every length from 0 to descendVecMin+41 (whole blocks
// of 8 and the rest, on both sides of gradient descent's shortest vector
// length), gradients of many
// magnitudes including 0, and on several steps in a row (the moments
// carried over).
func TestOptimizerUpdatesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	values := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(13)-6))
			if rng.IntN(9) == 0 {
				s[i] = 0
			}
		}
		return s
	}
	for n := 0; n <= descendVecMin+41; n++ {
		w := values(n)
		wRef := append([]float64(nil), w...)
		m, v, mRef, vRef := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		vel, velRef := make([]float64, n), make([]float64, n)
		for step := 1; step <= 3; step++ {
			g := values(n)
			p := adamParams{scale: 1.0 / 32, b1: 0.9, a1: 1 - 0.9, b2: 0.999, a2: 1 - 0.999,
				c1: 1 - math.Pow(0.9, float64(step)), c2: 1 - math.Pow(0.999, float64(step)), eta: 0.001, eps: 1e-8}
			adamUpdate(&p, w, g, m, v)
			adamGo(&p, wRef, g, mRef, vRef)
			momentumUpdate(0.9, 0.01, w, g, vel)
			momentumGo(0.9, 0.01, wRef, g, velRef)
			if n > 0 { // gradient descent on a layer whose W holds w
				net := &Network{Layers: []*Layer{{W: NewMatrix(1, n, w), DW: NewMatrix(1, n, g)}}}
				gradientDescent(net, 0.03)
				for i, gi := range g {
					wRef[i] += -0.03 * gi // axpy's loop, as gradient descent ran it before
				}
			}
			for i := range w {
				for _, c := range []struct {
					name      string
					got, want float64
				}{{"w", w[i], wRef[i]}, {"m", m[i], mRef[i]}, {"v", v[i], vRef[i]}, {"velocity", vel[i], velRef[i]}} {
					if math.Float64bits(c.got) != math.Float64bits(c.want) {
						t.Fatalf("length %d, step %d: %s[%d] = %v, want %v as the Go loop", n, step, c.name, i, c.got, c.want)
					}
				}
			}
		}
	}
}
