package mlp

import (
	"math"
	"math/rand/v2"
)

// initWeights fills w (in×out) with New's default initialisation: uniform in
// [−r, r] with Glorot and Bengio's r = √(6/(in+out)), or He's r = √(6/in)
// for ReLU layers, whose units pass only half of their inputs on.
func initWeights(w *Matrix, act Activation, rng *rand.Rand) {
	in, out := w.Dims()
	r := math.Sqrt(6 / float64(in+out))
	if act == ReLU {
		r = math.Sqrt(6 / float64(in))
	}
	for i := range w.data {
		w.data[i] = (2*rng.Float64() - 1) * r
	}
}
