package mlp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// classThreshold is where Classify, Accuracy and NewConfusion divide a
// single output (or target) into class 1, at or above it, and class 0: a
// sigmoid output's yes or no.
const classThreshold = 0.5

// classOf returns the class of one row of outputs or targets: the index of
// its largest value (the first of equals), or, for a single column, 1 if the
// value is at least threshold and 0 otherwise. The metrics use
// classThreshold; the decision boundary pictures the midpoint of their Low
// and High.
func classOf(row []float64, threshold float64) int {
	if len(row) == 1 {
		if row[0] >= threshold {
			return 1
		}
		return 0
	}
	k := 0
	for j, v := range row {
		if v > row[k] {
			k = j
		}
	}
	return k
}

// Classify returns the class of each row of a (samples×outputs), such as a
// network's output: the index of the row's largest value, or, for a single
// output, 1 if it is at least 0.5 and 0 otherwise. It returns nil for a nil
// a. It is ClassifyThreshold(a, 0.5).
func Classify(a *Matrix) []int { return ClassifyThreshold(a, classThreshold) }

// ClassifyThreshold is Classify with the threshold t for a single output:
// 1 if the output is at least t, 0 otherwise (0 for every row if t is NaN).
// t is the midpoint of the output's two class values: 0.5 for a sigmoid
// output with 0/1 targets, 0 for a tanh output with −1/1 targets. Rows of
// several outputs ignore t.
func ClassifyThreshold(a *Matrix, t float64) []int {
	if a == nil {
		return nil
	}
	c := make([]int, a.rows)
	for i := range c {
		c[i] = classOf(a.Row(i), t)
	}
	return c
}

// Accuracy returns the fraction of samples whose predicted class, from the
// outputs a, is their class in the targets y (both samples×outputs; classes
// as Classify finds them). It returns an error if a or y is nil or they
// differ in shape or have no rows. It is AccuracyThreshold(a, y, 0.5).
func Accuracy(a, y *Matrix) (float64, error) {
	return accuracy("Accuracy", a, y, classThreshold)
}

// AccuracyThreshold is Accuracy with the threshold t for a single output,
// applied to the outputs and the targets alike (see ClassifyThreshold): with
// t = 0, a tanh output with −1/1 targets. It returns Accuracy's errors, and
// one if t is not a finite number.
func AccuracyThreshold(a, y *Matrix, t float64) (float64, error) {
	if !isFinite(t) {
		return 0, fmt.Errorf("mlp: AccuracyThreshold: t is %v, want a finite number", t)
	}
	return accuracy("AccuracyThreshold", a, y, t)
}

func accuracy(op string, a, y *Matrix, t float64) (float64, error) {
	if err := checkPredictions(op, a, y); err != nil {
		return 0, err
	}
	right := 0
	for i := 0; i < a.rows; i++ {
		if classOf(a.Row(i), t) == classOf(y.Row(i), t) {
			right++
		}
	}
	return float64(right) / float64(a.rows), nil
}

// A Confusion is a confusion matrix: Counts[i][j] is the number of samples
// of class i (from the targets) that were predicted as class j (from the
// outputs). The diagonal holds the right answers; a large number off it
// shows which two classes the network mixes up.
type Confusion struct {
	Classes []string // the name of each class, as in Dataset.Classes
	Counts  [][]int  // Counts[true class][predicted class]
}

// NewConfusion counts the outputs a against the targets y (both
// samples×outputs; classes as Classify finds them). classes names the
// classes for String; nil names them 0, 1, .... It returns an error if a or
// y is nil, they differ in shape or have no rows, or classes is not nil and
// does not have one name per class.
func NewConfusion(a, y *Matrix, classes []string) (*Confusion, error) {
	if err := checkPredictions("NewConfusion", a, y); err != nil {
		return nil, err
	}
	k := a.cols
	if k == 1 {
		k = 2
	}
	if classes == nil {
		for j := 0; j < k; j++ {
			classes = append(classes, strconv.Itoa(j))
		}
	}
	if len(classes) != k {
		return nil, fmt.Errorf("mlp: NewConfusion: %d class names for %d classes", len(classes), k)
	}
	c := &Confusion{Classes: classes, Counts: make([][]int, k)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, k)
	}
	for i := 0; i < a.rows; i++ {
		c.Counts[classOf(y.Row(i), classThreshold)][classOf(a.Row(i), classThreshold)]++
	}
	return c, nil
}

// Accuracy returns the fraction of samples on the diagonal.
func (c *Confusion) Accuracy() float64 {
	right, all := 0, 0
	for i, row := range c.Counts {
		for j, v := range row {
			all += v
			if i == j {
				right += v
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(right) / float64(all)
}

// String returns the matrix as a table, one row a true class and one column
// a predicted class, such as
//
//	true\predicted  setosa  versicolor  virginica
//	setosa              13           0          0
//	versicolor           0          12          1
//	virginica            0           0         13
func (c *Confusion) String() string {
	const corner = `true\predicted`
	w0 := len(corner)
	for _, name := range c.Classes {
		w0 = max(w0, utf8.RuneCountInString(name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w0, corner)
	widths := make([]int, len(c.Classes))
	for j, name := range c.Classes {
		widths[j] = utf8.RuneCountInString(name) // fmt pads to a width in runes
		for _, row := range c.Counts {
			widths[j] = max(widths[j], len(strconv.Itoa(row[j])))
		}
		fmt.Fprintf(&b, "  %*s", widths[j], name)
	}
	for i, row := range c.Counts {
		fmt.Fprintf(&b, "\n%-*s", w0, c.Classes[i])
		for j, v := range row {
			fmt.Fprintf(&b, "  %*d", widths[j], v)
		}
	}
	return b.String()
}

func checkPredictions(op string, a, y *Matrix) error {
	switch {
	case a == nil || y == nil:
		return fmt.Errorf("mlp: %s: outputs or targets are nil", op)
	case a.rows != y.rows || a.cols != y.cols:
		return fmt.Errorf("mlp: %s: outputs are %dx%d, targets %dx%d, want the same shape", op, a.rows, a.cols, y.rows, y.cols)
	case a.rows == 0:
		return fmt.Errorf("mlp: %s: no samples", op)
	}
	return nil
}
