package mlp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

func TestAccuracyAndConfusion(t *testing.T) {
	// True classes 0, 1, 2, 2, 1; predicted 0, 2, 2, 2, 1.
	y := mlp.NewMatrix(5, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0})
	a := mlp.NewMatrix(5, 3, []float64{
		0.7, 0.2, 0.1,
		0.1, 0.3, 0.6,
		0.3, 0.3, 0.4,
		0, 0, 1,
		0.2, 0.5, 0.3,
	})
	if got, err := mlp.Accuracy(a, y); err != nil || got != 0.8 {
		t.Errorf("Accuracy = %v, %v, want 0.8", got, err)
	}
	if got := fmt.Sprint(mlp.Classify(a)); got != "[0 2 2 2 1]" {
		t.Errorf("Classify = %v, want [0 2 2 2 1]", got)
	}
	c, err := mlp.NewConfusion(a, y, []string{"cat", "dog", "hamster"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(c.Counts), "[[1 0 0] [0 1 1] [0 0 2]]"; got != want {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	if got := c.Accuracy(); got != 0.8 {
		t.Errorf("Confusion.Accuracy() = %v, want 0.8", got)
	}
	want := "" +
		"true\\predicted  cat  dog  hamster\n" +
		"cat               1    0        0\n" +
		"dog               0    1        1\n" +
		"hamster           0    0        2"
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}

	// One sigmoid output: class 1 when a ≥ 0.5.
	a1 := mlp.NewMatrix(4, 1, []float64{0.2, 0.5, 0.9, 0.49})
	y1 := mlp.NewMatrix(4, 1, []float64{0, 1, 0, 1})
	if got, _ := mlp.Accuracy(a1, y1); got != 0.5 {
		t.Errorf("Accuracy with one output = %v, want 0.5", got)
	}
	c, _ = mlp.NewConfusion(a1, y1, nil)
	if got, want := fmt.Sprint(c.Classes, c.Counts), "[0 1] [[1 1] [1 1]]"; got != want {
		t.Errorf("Confusion with one output = %v, want %v", got, want)
	}

	if _, err := mlp.Accuracy(a, y1); err == nil || !strings.Contains(err.Error(), "mlp: Accuracy: outputs are 5x3, targets 4x1, want the same shape") {
		t.Errorf("Accuracy(5x3, 4x1) error = %v", err)
	}
	if _, err := mlp.NewConfusion(a, y, []string{"cat"}); err == nil || !strings.Contains(err.Error(), "mlp: NewConfusion: 1 class names for 3 classes") {
		t.Errorf("NewConfusion with 1 name error = %v", err)
	}
	if _, err := mlp.Accuracy(nil, y); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("Accuracy(nil) error = %v", err)
	}
}
