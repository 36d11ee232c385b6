package mlp

// Predict runs the network on x, a samples×inputs matrix with one sample a
// row, and returns a new samples×outputs matrix of the last layer's outputs:
// the function Forward computes, A = f(A_prev·W + B) layer after layer.
//
// Unlike Forward, Predict writes nothing into the network: it leaves the
// layers' Z and A alone, keeps its intermediate values in buffers of its
// own, allocated on each call, and returns a matrix that belongs to the
// caller. So Predict is safe to call from many goroutines at once on one
// network, as long as nothing changes the network meanwhile (no Forward,
// Backward, Step, UnmarshalJSON or writes to its fields or matrices) and
// its Activations are safe for concurrent use, as the built-in ones are and
// one made by NewActivation is when its functions are. Predict does not
// change x.
//
// Predict returns an error if x is nil, has no rows or the wrong number of
// columns, if a number of x is NaN or ±Inf (naming the first, such as
// "x(3, 1) is NaN"), or if the layers' W, B and Activation do not fit
// together (see Validate). It reads no other field of the layers, so a
// layer listed twice or matrices that share memory are computed with as
// they are, and it does not check the numbers in W and B (Save does).
func (n *Network) Predict(x *Matrix) (*Matrix, error) {
	if err := n.check("Predict"); err != nil {
		return nil, err
	}
	if err := n.checkInputShape("Predict", x); err != nil {
		return nil, err
	}
	if err := n.checkBatch("Predict", x.rows); err != nil {
		return nil, err
	}
	// Two buffers, each large enough for any hidden layer, take turns being
	// a layer's input and output; the last layer writes into the result.
	last := len(n.Layers) - 1
	width := 0
	for _, l := range n.Layers[:last] {
		width = max(width, l.W.cols)
	}
	var buf [2]Matrix
	if last > 0 {
		buf[0].data = make([]float64, x.rows*width)
	}
	if last > 1 {
		buf[1].data = make([]float64, x.rows*width)
	}
	prev := x
	for i, l := range n.Layers {
		out := &buf[i%2]
		if i == last {
			out = new(Matrix)
		}
		if i == 0 {
			// The input is checked on the first layer's weighted inputs,
			// which show a NaN or infinite number in a row of x.
			l.weighted(out, x)
			if err := checkInputFinite("Predict", x, out); err != nil {
				return nil, err
			}
			l.Activation.Apply(out, out)
		} else {
			l.forward(out, out, prev)
		}
		prev = out
	}
	return prev, nil
}
