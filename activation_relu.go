package mlp

import "math"

// reluGate sets dzs[i] = das[i] where the unit is on (reluOn(zs[i])) and
// +0 where it is off: ReLU's Backprop, da·f'(z) as a choice, so that a
// unit that is off passes back exactly +0 (not −0 for a negative da, nor
// NaN for an infinite one). The choice is made on the bits, without a
// branch: about half of a layer's units are off, in no order a branch
// predictor could learn, and a mispredicted branch per element cost more
// than the rest of the loop.
func reluGate(dzs, zs, das []float64) {
	dzs, zs = dzs[:len(das)], zs[:len(das)]
	for i, g := range das {
		b := math.Float64bits(g)
		if !reluOn(zs[i]) {
			b = 0
		}
		dzs[i] = math.Float64frombits(b)
	}
}
