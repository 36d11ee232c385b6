package mlp_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestClassifyThreshold: a single output is class 1 from the threshold on,
// as tanh outputs with −1/1 targets need (t = 0); Classify is the 0.5
// threshold; rows of several outputs ignore it; a NaN threshold gives no
// class (-1).
func TestClassifyThreshold(t *testing.T) {
	a := mlp.NewMatrix(5, 1, []float64{-0.9, -0.1, 0, 0.3, 0.7})
	for _, tt := range []struct {
		t    float64
		want []int
	}{
		{0, []int{0, 0, 1, 1, 1}},
		{0.5, []int{0, 0, 0, 0, 1}},
		{-1, []int{1, 1, 1, 1, 1}},
		{math.NaN(), []int{-1, -1, -1, -1, -1}},
	} {
		if got := mlp.ClassifyThreshold(a, tt.t); !slices.Equal(got, tt.want) {
			t.Errorf("ClassifyThreshold(a, %v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	if got, want := mlp.Classify(a), mlp.ClassifyThreshold(a, 0.5); !slices.Equal(got, want) {
		t.Errorf("Classify(a) = %v, want ClassifyThreshold(a, 0.5) = %v", got, want)
	}
	multi := mlp.NewMatrix(2, 3, []float64{-3, -2, -1, 0.1, 0.3, 0.2})
	for _, th := range []float64{0.5, 0, 100} {
		if got := mlp.ClassifyThreshold(multi, th); !slices.Equal(got, []int{2, 1}) {
			t.Errorf("ClassifyThreshold(3 outputs, %v) = %v, want [2 1]", th, got)
		}
	}
	if got := mlp.ClassifyThreshold(nil, 0); got != nil {
		t.Errorf("ClassifyThreshold(nil, 0) = %v, want nil", got)
	}
}

// TestAccuracyThreshold: tanh outputs against −1/1 targets score by the
// threshold 0, applied to outputs and targets alike; at Accuracy's 0.5 the
// same outputs score otherwise, every −1 target and output below 0.5 being
// class 0.
func TestAccuracyThreshold(t *testing.T) {
	y := mlp.NewMatrix(4, 1, []float64{-1, 1, 1, -1})
	a := mlp.NewMatrix(4, 1, []float64{-0.8, 0.3, 0.9, 0.1}) // right, right, right, wrong at 0
	got, err := mlp.AccuracyThreshold(a, y, 0)
	if err != nil || got != 0.75 {
		t.Errorf("AccuracyThreshold(a, y, 0) = %v, %v, want 0.75", got, err)
	}
	// At 0.5: classes of y 0, 1, 1, 0; of a 0, 0, 1, 0: 3 of 4 right.
	got, err = mlp.Accuracy(a, y)
	if err != nil || got != 0.75 {
		t.Errorf("Accuracy(a, y) = %v, %v, want 0.75", got, err)
	}
	a2 := mlp.NewMatrix(4, 1, []float64{-0.8, 0.3, 0.4, -0.1}) // all right at 0; at 0.5 a is all class 0
	if got, err := mlp.AccuracyThreshold(a2, y, 0); err != nil || got != 1 {
		t.Errorf("AccuracyThreshold(a2, y, 0) = %v, %v, want 1", got, err)
	}
	if got, err := mlp.Accuracy(a2, y); err != nil || got != 0.5 {
		t.Errorf("Accuracy(a2, y) = %v, %v, want 0.5", got, err)
	}
	for _, th := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := mlp.AccuracyThreshold(a, y, th)
		if want := fmt.Sprintf("mlp: AccuracyThreshold: t is %v, want a finite number", th); err == nil || err.Error() != want {
			t.Errorf("AccuracyThreshold(a, y, %v) = %v, want %q", th, err, want)
		}
	}
	_, err = mlp.AccuracyThreshold(a, mlp.NewMatrix(3, 1, nil), 0)
	if want := "mlp: AccuracyThreshold: outputs are 4x1, targets 3x1, want the same shape"; err == nil || err.Error() != want {
		t.Errorf("AccuracyThreshold(4x1, 3x1, 0) = %v, want %q", err, want)
	}
}
