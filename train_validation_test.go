package mlp_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestTrainSettingsBadInput: every bad setting of L2, validation, early
// stopping and schedules is an error before any work, naming what was
// expected and what came, and the network is unchanged.
func TestTrainSettingsBadInput(t *testing.T) {
	x, y := xorData()
	nanX := x.Clone()
	nanX.Set(1, 2, math.NaN())
	infY := y.Clone()
	infY.Set(0, 0, math.Inf(-1))
	ok := mlp.TrainConfig{Epochs: 3, LearningRate: 1}
	with := func(f func(c *mlp.TrainConfig)) mlp.TrainConfig { c := ok; f(&c); return c }
	for _, tt := range []struct {
		cfg  mlp.TrainConfig
		want string
	}{
		{with(func(c *mlp.TrainConfig) { c.L2 = -0.1 }), "mlp: Train: L2 is -0.1, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.L2 = math.NaN() }), "mlp: Train: L2 is NaN, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.L2 = math.Inf(1) }), "mlp: Train: L2 is +Inf, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.Patience = -1 }), "mlp: Train: Patience is -1, want at least 0 (0: no early stopping)"},
		{with(func(c *mlp.TrainConfig) { c.Tolerance = -1e-4 }), "mlp: Train: Tolerance is -0.0001, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.Tolerance = math.NaN() }), "mlp: Train: Tolerance is NaN, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.ValidationFraction = 1 }), "mlp: Train: ValidationFraction is 1, want 0 (none) or a number strictly between 0 and 1"},
		{with(func(c *mlp.TrainConfig) { c.ValidationFraction = -0.2 }), "mlp: Train: ValidationFraction is -0.2, want 0 (none)"},
		{with(func(c *mlp.TrainConfig) { c.ValidationFraction = math.NaN() }), "mlp: Train: ValidationFraction is NaN, want 0 (none)"},
		{with(func(c *mlp.TrainConfig) { c.ValidationFraction = 0.01 }), "mlp: Train: ValidationFraction: 4 samples with testFraction 0.01 give 4 for training and 0 for testing, want both parts non-empty"},
		{with(func(c *mlp.TrainConfig) { c.ValidationFraction = 0.2; c.Validation = &mlp.Dataset{X: x, Y: y} }), "mlp: Train: both Validation and ValidationFraction (0.2) are set, want one of them"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{X: x} }), "mlp: Train: Validation has no X or no Y, want both"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{Y: y} }), "mlp: Train: Validation has no X or no Y, want both"},
		{with(func(c *mlp.TrainConfig) {
			c.Validation = &mlp.Dataset{X: mlp.NewMatrix(0, 3, nil), Y: mlp.NewMatrix(0, 1, nil)}
		}), "mlp: Train: Validation.X is 0x3, want at least one sample (row)"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{X: mlp.NewMatrix(4, 2, nil), Y: y} }), "mlp: Train: Validation.X has 2 columns, network expects 3 inputs"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{X: x, Y: mlp.NewMatrix(3, 1, nil)} }), "mlp: Train: Validation.Y is 3x1, want 4x1 (Validation.X's 4 samples × the network's 1 outputs)"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{X: nanX, Y: y} }), "mlp: Train: Validation.X(1, 2) is NaN, want finite data"},
		{with(func(c *mlp.TrainConfig) { c.Validation = &mlp.Dataset{X: x, Y: infY} }), "mlp: Train: Validation.Y(0, 0) is -Inf, want finite data"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.StepDecay{Every: 0, Factor: 0.5} }), "mlp: Train: StepDecay: Every is 0, want at least 1"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.StepDecay{Every: 2} }), "mlp: Train: StepDecay: Factor is 0, want a finite number > 0"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.ExponentialDecay{Gamma: math.Inf(1)} }), "mlp: Train: ExponentialDecay: Gamma is +Inf, want a finite number > 0"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.CosineDecay{Min: 0.1} }), "mlp: Train: CosineDecay: Epochs is 0, want at least 1"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.CosineDecay{Epochs: 3, Min: -1} }), "mlp: Train: CosineDecay: Min is -1, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.Adaptive{Factor: 5} }), "mlp: Train: Adaptive: Patience is 0, want at least 1"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.Adaptive{Patience: 2, Tolerance: -1, Factor: 5} }), "mlp: Train: Adaptive: Tolerance is -1, want a finite number ≥ 0"},
		{with(func(c *mlp.TrainConfig) { c.Schedule = mlp.Adaptive{Patience: 2, Factor: 1} }), "mlp: Train: Adaptive: Factor is 1, want a finite number > 1"},
	} {
		net := mustNew(t, []int{3, 5, 1})
		before := weights(net)
		hist, err := net.Train(context.Background(), x, y, tt.cfg)
		if err == nil || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Train error = %v, want %q", err, tt.want)
		}
		if len(hist.Loss) != 0 {
			t.Errorf("Train with error %q: History.Loss = %v, want none", tt.want, hist.Loss)
		}
		sameWeights(t, tt.want, net, before)
	}
}

// TestTrainBatchClipped: a batch size larger than the data is clipped to
// it: the run is the full-batch run, bit for bit.
func TestTrainBatchClipped(t *testing.T) {
	x, y := xorData()
	full := mustNew(t, []int{3, 5, 1})
	hf, err := full.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 20, LearningRate: 1, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{5, 1000, math.MaxInt} {
		big := mustNew(t, []int{3, 5, 1})
		hb, err := big.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 20, LearningRate: 1, BatchSize: size})
		if err != nil {
			t.Fatalf("BatchSize %d on 4 samples: %v, want it clipped to 4", size, err)
		}
		name := fmt.Sprintf("BatchSize %d", size)
		sameSeries(t, name+": History.Loss", hb.Loss, hf.Loss)
		sameWeights(t, name, big, weights(full))
	}
}

// TestTrainValidationScores: the validation loss is the mean of the
// validation samples' losses as Backward computes them (the sum with
// SumLoss) for the weights after the epoch, without the L2 penalty; the
// accuracy is reported for class labels only (one-hot rows, or one column
// of 0s and 1s); Progress carries both, NaN where there are none.
func TestTrainValidationScores(t *testing.T) {
	x, y := xorData() // one column of 0s and 1s: class labels
	vx := mlp.NewMatrix(2, 3, []float64{1, 1, 1, 0, 1, 1})
	vy := mlp.NewMatrix(2, 1, []float64{0, 1})
	for _, sum := range []bool{false, true} {
		net := mustNew(t, []int{3, 4, 1})
		var last mlp.Progress
		hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 3, LearningRate: 2, L2: 0.5, SumLoss: sum,
			Validation: &mlp.Dataset{X: vx, Y: vy}, OnEpoch: func(p mlp.Progress) bool { last = p; return false }})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := net.Predict(vx)
		acc, _ := mlp.Accuracy(a, vy)
		e, err := backward(net, vx, vy)
		if err != nil {
			t.Fatal(err)
		}
		want := e / 2
		if sum {
			want = e
		}
		if got := hist.ValidationLoss[2]; got != want || last.ValidationLoss != want {
			t.Errorf("SumLoss %v: validation loss %v (Progress %v), want Backward's E = %v over the samples", sum, got, last.ValidationLoss, want)
		}
		if got := hist.ValidationAccuracy[2]; got != acc || last.ValidationAccuracy != acc {
			t.Errorf("SumLoss %v: validation accuracy %v (Progress %v), want %v", sum, got, last.ValidationAccuracy, acc)
		}
	}

	// Targets that are not class labels: a loss but no accuracy.
	for _, vy := range []*mlp.Matrix{
		mlp.NewMatrix(2, 1, []float64{0.5, 1}),
		mlp.NewMatrix(2, 2, []float64{1, 1, 0, 1}), // two ones in a row
		mlp.NewMatrix(2, 2, []float64{0, 0, 0, 1}), // no one in a row
	} {
		_, outputs := vy.Dims()
		net := mustNew(t, []int{3, 4, outputs})
		var last mlp.Progress
		hist, err := net.Train(context.Background(), x, mlp.NewMatrix(4, outputs, nil), mlp.TrainConfig{Epochs: 2, LearningRate: 1,
			Validation: &mlp.Dataset{X: vx, Y: vy}, OnEpoch: func(p mlp.Progress) bool { last = p; return false }})
		if err != nil {
			t.Fatal(err)
		}
		if len(hist.ValidationLoss) != 2 || hist.ValidationAccuracy != nil || !math.IsNaN(last.ValidationAccuracy) || math.IsNaN(last.ValidationLoss) {
			t.Errorf("targets %v: ValidationLoss %v, ValidationAccuracy %v, Progress %+v; want 2 losses and no accuracy (NaN)",
				vy, hist.ValidationLoss, hist.ValidationAccuracy, last)
		}
	}

	// Without validation data: none, NaN in Progress.
	var last mlp.Progress
	hist, err := mustNew(t, []int{3, 4, 1}).Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 2, LearningRate: 1,
		OnEpoch: func(p mlp.Progress) bool { last = p; return false }})
	if err != nil {
		t.Fatal(err)
	}
	if hist.ValidationLoss != nil || hist.ValidationAccuracy != nil || !math.IsNaN(last.ValidationLoss) || !math.IsNaN(last.ValidationAccuracy) {
		t.Errorf("without validation data: History %+v, Progress %+v, want no validation scores (NaN in Progress)", hist, last)
	}
}
