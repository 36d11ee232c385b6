package mlp

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// validation is the data that Train scores after every epoch, with the
// buffers of the scoring, allocated once.
type validation struct {
	x, y    *Matrix
	eval    *evaluator // the network run forward on matrices of its own
	out     Layer      // the output layer's Z and A of eval, with a DA and DZ of its own
	classes bool       // y holds class labels: score the accuracy too
}

// newValidation returns the scorer of x and y (checked already) for n.
func newValidation(n *Network, x, y *Matrix) (*validation, error) {
	eval, err := newEvaluator("Train", n)
	if err != nil {
		return nil, err
	}
	return &validation{x: x, y: y, eval: eval, out: Layer{DA: new(Matrix), DZ: new(Matrix)}, classes: classTargets(y)}, nil
}

// score returns the loss of n on the validation data, computed as Backward
// computes E (the same function, outputDelta, on the same Z and A), and
// divided by the number of samples unless sum is set; and the accuracy, or
// NaN if the targets are not class labels. It leaves n's layers alone: no
// Z, A or gradient of theirs changes, and the regulariser is not added.
func (v *validation) score(n *Network, sum bool) (loss, accuracy float64) {
	a := v.eval.forward(v.x)
	last := len(n.Layers) - 1
	v.out.Activation, v.out.Z, v.out.A = n.Layers[last].Activation, v.eval.z[last], a
	loss, _ = outputDelta(n.Loss, &v.out, v.y)
	if !sum {
		loss /= float64(v.x.rows)
	}
	accuracy = math.NaN()
	if v.classes {
		accuracy, _ = Accuracy(a, v.y) // the shapes were checked
	}
	return loss, accuracy
}

// classTargets reports whether the rows of y are class labels, as Train
// scores accuracy and stratifies a hold-out: one-hot rows (a single 1, the
// rest 0) of two or more columns, or a single column of 0s and 1s.
func classTargets(y *Matrix) bool {
	for i := 0; i < y.rows; i++ {
		ones := 0
		for _, v := range y.Row(i) {
			switch v {
			case 1:
				ones++
			case 0:
			default:
				return false
			}
		}
		if y.cols > 1 && ones != 1 {
			return false
		}
	}
	return true
}

// checkValidation returns an error if cfg's validation settings are out of
// range or its Validation data do not fit n, share memory with it or hold
// NaN or Inf.
func (n *Network) checkValidation(cfg *TrainConfig, inputs, outputs int) error {
	f := cfg.ValidationFraction
	if !(f >= 0 && f < 1) {
		return fmt.Errorf("mlp: Train: ValidationFraction is %v, want 0 (none) or a number strictly between 0 and 1", f)
	}
	v := cfg.Validation
	if v == nil {
		return nil
	}
	switch {
	case f != 0:
		return fmt.Errorf("mlp: Train: both Validation and ValidationFraction (%v) are set, want one of them", f)
	case v.X == nil || v.Y == nil:
		return errors.New("mlp: Train: Validation has no X or no Y, want both")
	case v.X.rows == 0:
		return fmt.Errorf("mlp: Train: Validation.X is 0x%d, want at least one sample (row)", v.X.cols)
	case v.X.cols != inputs:
		return fmt.Errorf("mlp: Train: Validation.X has %d columns, network expects %d inputs", v.X.cols, inputs)
	case v.Y.rows != v.X.rows || v.Y.cols != outputs:
		return fmt.Errorf("mlp: Train: Validation.Y is %dx%d, want %dx%d (Validation.X's %d samples × the network's %d outputs)",
			v.Y.rows, v.Y.cols, v.X.rows, outputs, v.X.rows, outputs)
	}
	if err := n.checkTrainData("Validation.X", v.X); err != nil {
		return err
	}
	return n.checkTrainData("Validation.Y", v.Y)
}

// holdOut divides x and y into a training part and a validation part of
// fraction of the samples, the test part of Dataset.Split with seed: by
// class when y holds class labels (see classTargets), otherwise with every
// sample in one class, a random sample. Each part has its own copies of the
// rows, in the order of x.
func holdOut(x, y *Matrix, fraction float64, seed uint64) (trainX, trainY, valX, valY *Matrix, err error) {
	// Split the row numbers, so that Split's own rule picks the samples.
	rows := NewMatrix(x.rows, 1, nil)
	for i := range rows.data {
		rows.data[i] = float64(i)
	}
	classes := y
	if !classTargets(y) {
		classes = NewMatrix(y.rows, 1, nil)
	}
	train, val, err := (&Dataset{X: rows, Y: classes}).Split(fraction, seed)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("mlp: Train: ValidationFraction: %s", strings.TrimPrefix(err.Error(), "mlp: Split: "))
	}
	part := func(idx *Matrix) (px, py *Matrix) {
		is := make([]int, idx.rows)
		for i, v := range idx.data {
			is[i] = int(v)
		}
		px, py = NewMatrix(len(is), x.cols, nil), NewMatrix(len(is), y.cols, nil)
		gather(px, x, is)
		gather(py, y, is)
		return px, py
	}
	trainX, trainY = part(train.X)
	valX, valY = part(val.X)
	return trainX, trainY, valX, valY, nil
}
