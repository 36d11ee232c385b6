package mlp

import (
	"errors"
	"fmt"
)

// Predict runs the network on x, a samples×inputs matrix with one sample a
// row, and returns a new samples×outputs matrix of the last layer's outputs:
// the function Forward computes, A = f(A_prev·W + B) layer after layer.
//
// Unlike Forward, Predict writes nothing into the network: it leaves the
// layers' Z and A alone, keeps its intermediate values in buffers of its
// own (from a pool shared by all networks, see PredictTo), and returns a
// new matrix that belongs to the caller. So Predict is safe to call from many goroutines at once on one
// network, as long as nothing changes the network meanwhile (no Forward,
// Backward, Step, UnmarshalJSON or writes to its fields or matrices) and
// its Activations are safe for concurrent use, as the built-in ones are and
// one made by NewActivation is when its functions are. Predict does not
// change x.
//
// Predict returns an error if x is nil, has no rows or the wrong number of
// columns, or if the layers do not fit together.
func (n *Network) Predict(x *Matrix) (*Matrix, error) {
	if err := n.checkPredict("Predict", x); err != nil {
		return nil, err
	}
	out := new(Matrix)
	n.predict(out, x)
	return out, nil
}

// checkPredict returns an error, naming op, if n cannot run on x: the
// checks of Predict and PredictTo.
func (n *Network) checkPredict(op string, x *Matrix) error {
	if err := n.check(op); err != nil {
		return err
	}
	if x == nil {
		return errors.New("mlp: " + op + ": input is nil")
	}
	if inputs := n.Layers[0].W.rows; x.cols != inputs {
		return fmt.Errorf("mlp: %s: input has %d columns, network expects %d", op, x.cols, inputs)
	}
	if x.rows == 0 {
		return fmt.Errorf("mlp: %s: input is 0x%d, want at least one sample (row)", op, x.cols)
	}
	return nil
}
