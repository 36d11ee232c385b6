package mlp

// addL2 adds the L2 penalty of TrainConfig.L2 to the batch whose gradients
// the last Backward left in n: it returns the penalty
//
//	P = (λ/2)·Σ_layers Σ_ij W_ij²,   λ = l2,
//
// of the weights as the batch found them, for Train to add to the batch's
// loss, and adds its gradient to every DW, beside it:
//
//	∂P/∂W = λ·W,   so DW ← DW + λ·W.
//
// Biases are not penalised: B and DB are left alone. The sum runs layer by
// layer, each W in the order of its RawData.
func addL2(n *Network, l2 float64) float64 {
	s := 0.0
	for _, l := range n.Layers {
		w := l.W.RawData()
		s += dot(w, w)              // Σ W_ij²
		axpy(l2, w, l.DW.RawData()) // DW += λ·W: ∂((λ/2)·W_ij²)/∂W_ij = λ·W_ij
	}
	return l2 / 2 * s
}
