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
	if err := n.checkPredict("PredictTo", x); err != nil {
		return nil, err
	}
	if dst == nil {
		dst = new(Matrix)
	}
	outputs := n.Layers[len(n.Layers)-1].W.cols
	if size := x.rows * outputs; cap(dst.data) >= size {
		out := &Matrix{rows: 1, cols: size, data: dst.data[:size]}
		if overlaps(out, x) {
			return nil, fmt.Errorf("mlp: PredictTo: dst shares memory with the input; pass another matrix")
		}
		for i, l := range n.Layers {
			if overlaps(out, l.W) || (l.B != nil && overlaps(out, l.B)) {
				return nil, fmt.Errorf("mlp: PredictTo: dst shares memory with layer %d's weights or bias; pass another matrix", i)
			}
		}
	}
	n.predict(dst, x)
	return dst, nil
}

// predictBufs are the two buffers that take turns being a hidden layer's
// input and output in predict. They are pooled: a call takes a pair and
// puts it back, and they grow to the largest size asked for.
type predictBufs [2]Matrix

var predictPool = sync.Pool{New: func() any { return new(predictBufs) }}

// predict sets out to the network's outputs for x, which the caller has
// checked (checkPredict); out must not share memory with x or the layers'
// W and B. Each hidden layer writes into one of two pooled buffers, the
// last layer into out.
func (n *Network) predict(out, x *Matrix) {
	last := len(n.Layers) - 1
	var bufs *predictBufs
	if last > 0 {
		bufs = predictPool.Get().(*predictBufs)
	}
	prev := x
	for i, l := range n.Layers {
		z := out
		if i < last {
			z = &bufs[i%2]
		}
		l.forward(z, z, prev)
		prev = z
	}
	if bufs != nil {
		predictPool.Put(bufs)
	}
}
