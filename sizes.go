package mlp

import (
	"fmt"
	"math/bits"
)

// The limits on the sizes of networks and of batches. Sizes often come from
// outside a program (a configuration file, a request, a model file), and
// memory asked for from sizes alone is memory an input can exhaust: every
// size, and every product of sizes, is checked against these limits, with
// arithmetic that cannot overflow, before anything is allocated. A Matrix
// has a limit of its own, the most elements a slice can hold (see
// NewMatrix).

// MaxParams is the most parameters, weights and biases together, that a
// network from New may have: 1<<27 = 134,217,728, 1 GiB of float64 values,
// which training takes at least twice over (the gradients DW and DB, and an
// optimizer's state). So it bounds each size as well: a size of more than
// MaxParams would make that many weights with a neighbour of one unit.
//
// It is far above what this package is for (the tutorial's network has 20
// parameters, an MNIST classifier of 784-128-10 units about 100,000). It is
// there so that sizes from outside cannot make New ask for more memory than
// that: New returns an error instead, before allocating anything.
const MaxParams = 1 << 27

// MaxLayers is the most layers that a network from New may have: 1<<16 =
// 65,536. Each layer takes a few hundred bytes of its own besides its
// parameters, so that many layers of one unit each take some tens of
// megabytes after a Forward and Backward pass.
const MaxLayers = 1 << 16

// MaxBatchValues is the most values a pass over one batch may compute: the
// input's rows times the network's units, the widths of all its layers
// (the sum of sizes[1:] of New). Forward and Predict return an error,
// before allocating anything, for an input of more. Forward keeps a Z and
// an A of that many values in all, 2 GiB at the limit, and Backward a DA
// and a DZ as well; split a larger input into batches (TrainConfig's
// BatchSize does it for training).
const MaxBatchValues = 1 << 27

// checkSizes returns New's error if sizes do not make a network within the
// limits: fewer than two sizes, more than MaxLayers layers, a size below 1
// or above MaxParams, or more than MaxParams parameters in a layer or in
// all, counting a bias for each unit if bias is true. It allocates nothing
// but the error, so that New can call it before it builds anything.
//
// The counts are in uint64 and cannot overflow: each size is at most
// MaxParams = 2²⁷ by the time it is multiplied, so a layer has at most
// 2⁵⁴+2²⁷ parameters, and at most MaxLayers = 2¹⁶ of them at most 2²⁷ each
// are summed.
func checkSizes(sizes []int, bias bool) error {
	if len(sizes) < 2 {
		return fmt.Errorf("mlp: New: got %d sizes %v, want at least 2 (inputs, ..., outputs)", len(sizes), sizes)
	}
	if layers := len(sizes) - 1; layers > MaxLayers {
		return fmt.Errorf("mlp: New: got %d sizes: %d layers, more than MaxLayers (%d)", len(sizes), layers, MaxLayers)
	}
	for i, s := range sizes {
		if s < 1 {
			return fmt.Errorf("mlp: New: sizes[%d] is %d, want at least 1", i, s)
		}
		if s > MaxParams {
			return fmt.Errorf("mlp: New: sizes[%d] is %d, want at most MaxParams (%d)", i, s, MaxParams)
		}
	}
	var total uint64
	for l := 1; l < len(sizes); l++ {
		in, out := uint64(sizes[l-1]), uint64(sizes[l])
		p := in * out
		if bias {
			p += out
		}
		if p > MaxParams {
			biases := ""
			if bias {
				biases = fmt.Sprintf(" and %d biases", out)
			}
			return fmt.Errorf("mlp: New: layer %d has %d×%d weights%s: %d parameters, more than MaxParams (%d)", l-1, in, out, biases, p, MaxParams)
		}
		total += p
	}
	if total > MaxParams {
		return fmt.Errorf("mlp: New: the %d layers have %d parameters in all, more than MaxParams (%d)", len(sizes)-1, total, MaxParams)
	}
	return nil
}

// checkBatch returns op's error if a pass of rows samples through n would
// compute more than MaxBatchValues values, rows times the network's units
// (the sum of its layers' widths, each at least 1 after n.check, so that
// rows is at most MaxBatchValues too). n's layers must have passed n.check.
// Forward and Predict call it before they allocate anything, so that the
// products of a pass, which checkProduct checks again, never ask for a
// shape a Matrix cannot have. It costs a loop over the layers and a
// multiplication.
//
// The sum cannot overflow: it stops as soon as it is past MaxBatchValues,
// and a width is at most math.MaxInt.
func (n *Network) checkBatch(op string, rows int) error {
	var units uint64
	for i, l := range n.Layers {
		units += uint64(l.W.cols)
		if units > MaxBatchValues {
			// Only a network built by hand gets here: New's have at most
			// MaxParams units.
			return fmt.Errorf("mlp: %s: layers 0 to %d have %d units, more than MaxBatchValues (%d) values for even one row", op, i, units, MaxBatchValues)
		}
	}
	if hi, lo := bits.Mul64(uint64(rows), units); hi != 0 || lo > MaxBatchValues {
		return fmt.Errorf("mlp: %s: %d rows × %d units is more than MaxBatchValues (%d) values; pass fewer rows at a time", op, rows, units, MaxBatchValues)
	}
	return nil
}
