package mlp

// Predict runs the network on x, a samples×inputs matrix with one sample a
// row, and returns a new samples×outputs matrix of the last layer's outputs:
// the function Forward computes, A = f(A_prev·W + B) layer after layer.
//
// Unlike Forward, Predict writes nothing into the network: it leaves the
// layers' Z and A alone, keeps its intermediate values in buffers of its
// own (from a pool shared by all networks, see PredictTo), and returns a
// new matrix that belongs to the caller. So Predict is safe to call from
// many goroutines at once on one network, as long as nothing changes the
// network meanwhile (no Forward, Backward, Step, UnmarshalJSON or writes to
// its fields or matrices) and its Activations are safe for concurrent use,
// as the built-in ones are and one made by NewActivation is when its
// functions are. Predict does not change x.
//
// Predict returns an error if x is nil, has no rows or the wrong number of
// columns, if a number of x is NaN or ±Inf (naming the first, such as
// "x(3, 1) is NaN"), or if the layers' W, B and Activation do not fit
// together (see Validate). It reads no other field of the layers, so a
// layer listed twice or matrices that share memory are computed with as
// they are, and it does not check the numbers in W and B (Save does).
func (n *Network) Predict(x *Matrix) (*Matrix, error) {
	out := new(Matrix)
	if err := n.predict("Predict", out, x); err != nil {
		return nil, err
	}
	return out, nil
}
