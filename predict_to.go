package mlp

import (
	"fmt"
	"sync"
)

// PredictTo is Predict with the result written into dst, which it returns:
// dst becomes samples×outputs, reusing its backing slice when it is large
// enough (a nil dst gets a new matrix). Like Predict it writes nothing into
// the network and is safe to call from many goroutines at once on one
// network, each with its own dst, under the same conditions as Predict.
//
// Once dst has the result's shape (or room for it), PredictTo allocates
// nothing: its intermediate values go into buffers taken from a pool that
// every Predict and PredictTo shares (a sync.Pool), returned after the
// call, and kept while they are in use often enough (a garbage collection
// may empty the pool, and the next calls then allocate them again).
//
// PredictTo returns an error, and leaves dst alone, for the inputs Predict
// refuses, or if dst would share memory with x or with the network's
// weights and biases.
func (n *Network) PredictTo(dst, x *Matrix) (*Matrix, error) {
	if dst == nil {
		dst = new(Matrix)
	}
	if err := n.predict("PredictTo", dst, x); err != nil {
		return nil, err
	}
	return dst, nil
}

// predictBufs are the two buffers that take turns being a hidden layer's
// input and output in predict. They are pooled: a call takes a pair and
// puts it back, and they grow to the largest size asked for.
type predictBufs [2]Matrix

var predictPool = sync.Pool{New: func() any { return new(predictBufs) }}

// predict sets out to the network's outputs for x, the work of Predict and
// PredictTo (op), checks and all, so that the two cannot check differently.
// It returns an error naming op, and leaves out alone, if n's layers do not
// fit together (check), if x is not of the shape the network takes
// (checkInputShape) or too large a batch (checkBatch), if out shares memory
// with x or the layers' W and B, or if a number of x is NaN or ±Inf
// (checkInputFinite, on the first layer's weighted inputs). The products
// and their unsafe kernels (gemm.go) run only after these checks.
//
// Each hidden layer writes into one of two pooled buffers, the last layer
// into out. The first layer's weighted inputs always go into a buffer, even
// when it is the last layer, so that out is written only once x passed.
func (n *Network) predict(op string, out, x *Matrix) error {
	if err := n.check(op); err != nil {
		return err
	}
	if err := n.checkInputShape(op, x); err != nil {
		return err
	}
	if err := n.checkBatch(op, x.rows); err != nil {
		return err
	}
	last := len(n.Layers) - 1
	if size := x.rows * n.Layers[last].W.cols; cap(out.data) >= size {
		o := &Matrix{rows: 1, cols: size, data: out.data[:size]}
		if overlaps(o, x) {
			return fmt.Errorf("mlp: %s: dst shares memory with the input; pass another matrix", op)
		}
		for i, l := range n.Layers {
			if overlaps(o, l.W) || (l.B != nil && overlaps(o, l.B)) {
				return fmt.Errorf("mlp: %s: dst shares memory with layer %d's weights or bias; pass another matrix", op, i)
			}
		}
	}
	bufs := predictPool.Get().(*predictBufs)
	defer predictPool.Put(bufs)
	prev := x
	for i, l := range n.Layers {
		z := &bufs[i%2]
		if i == 0 {
			l.weighted(z, x)
			if err := checkInputFinite(op, x, z); err != nil {
				return err
			}
			if i == last {
				z = out
			}
			l.Activation.Apply(z, &bufs[0])
		} else {
			if i == last {
				z = out
			}
			l.forward(z, z, prev)
		}
		prev = z
	}
	return nil
}
