package mlp

import (
	"fmt"
	"math"
	"slices"
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
// value is at least threshold and 0 otherwise. A row that holds NaN, or has
// no values, has no class: classOf returns -1. The metrics use
// classThreshold; the decision boundary pictures the midpoint of their Low
// and High. It is the one class picker of the package.
func classOf(row []float64, threshold float64) int {
	if len(row) == 1 {
		switch v := row[0]; {
		case v >= threshold:
			return 1
		case v < threshold:
			return 0
		}
		return -1 // NaN
	}
	k := -1
	for j, v := range row {
		switch {
		case math.IsNaN(v):
			return -1
		case k < 0 || v > row[k]:
			k = j
		}
	}
	return k
}

// Classify returns the class of each row of a (samples×outputs), such as a
// network's output: the index of the row's largest value (the first, on a
// tie), or, for a single output, 1 if it is at least 0.5 and 0 otherwise.
// ±Inf are ordered as usual. A row that holds NaN has no class, nor has any
// row of a matrix with no columns: its entry is -1. Classify returns nil for
// a nil a and an empty slice for a matrix with no rows.
func Classify(a *Matrix) []int {
	if a == nil {
		return nil
	}
	c := make([]int, a.rows)
	for i := range c {
		c[i] = classOf(a.Row(i), classThreshold)
	}
	return c
}

// Accuracy returns the fraction of samples whose predicted class, from the
// outputs a, is their class in the targets y (both samples×outputs; classes
// as Classify finds them). It returns an error if a or y is nil, they differ
// in shape or have no rows or no columns, or a value is NaN, which has no
// class; the error names the NaN of the first row that holds one, in the
// outputs before the targets, such as "outputs.At(2, 0) is NaN".
func Accuracy(a, y *Matrix) (float64, error) {
	const op = "Accuracy"
	if err := checkPredictions(op, a, y); err != nil {
		return 0, err
	}
	right := 0
	for i := 0; i < a.rows; i++ {
		want, got, err := rowClasses(op, a, y, i)
		if err != nil {
			return 0, err
		}
		if got == want {
			right++
		}
	}
	return float64(right) / float64(a.rows), nil
}

// rowClasses returns the class of row i of the targets y and of the outputs a,
// or an error naming the first NaN of the outputs' row, then the targets'.
func rowClasses(op string, a, y *Matrix, i int) (want, got int, err error) {
	want, got = classOf(y.Row(i), classThreshold), classOf(a.Row(i), classThreshold)
	for _, m := range [...]struct {
		name  string
		class int
		row   []float64
	}{{"outputs", got, a.Row(i)}, {"targets", want, y.Row(i)}} {
		if m.class < 0 {
			j := slices.IndexFunc(m.row, math.IsNaN)
			return 0, 0, fmt.Errorf("mlp: %s: %s.At(%d, %d) is NaN, want a number (NaN has no class)", op, m.name, i, j)
		}
	}
	return want, got, nil
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
// samples×outputs; classes as Classify finds them). names names the classes
// for String; nil names them 0, 1, .... It returns an error if a or y is
// nil, they differ in shape or have no rows or no columns, a value is NaN
// (as Accuracy does), or names is not nil and does not have one name per
// class.
func NewConfusion(a, y *Matrix, names []string) (*Confusion, error) {
	const op = "NewConfusion"
	if err := checkPredictions(op, a, y); err != nil {
		return nil, err
	}
	k := a.cols
	if k == 1 {
		k = 2
	}
	if names == nil {
		for j := 0; j < k; j++ {
			names = append(names, strconv.Itoa(j))
		}
	}
	if len(names) != k {
		return nil, fmt.Errorf("mlp: %s: %d class names for %d classes", op, len(names), k)
	}
	c := &Confusion{Classes: names, Counts: make([][]int, k)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, k)
	}
	for i := 0; i < a.rows; i++ {
		want, got, err := rowClasses(op, a, y, i)
		if err != nil {
			return nil, err
		}
		c.Counts[want][got]++
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
//
// A Confusion whose fields disagree in size (as a caller may set them) is
// shown as far as it goes, without a panic: a class without a name is named
// by its number, and a missing count is left blank.
func (c *Confusion) String() string {
	n := max(len(c.Classes), len(c.Counts))
	for _, row := range c.Counts {
		n = max(n, len(row))
	}
	name := func(i int) string {
		if i < len(c.Classes) {
			return c.Classes[i]
		}
		return strconv.Itoa(i)
	}
	count := func(i, j int) string {
		if i < len(c.Counts) && j < len(c.Counts[i]) {
			return strconv.Itoa(c.Counts[i][j])
		}
		return ""
	}
	const corner = `true\predicted`
	w0 := len(corner)
	for i := range n {
		w0 = max(w0, utf8.RuneCountInString(name(i)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w0, corner)
	widths := make([]int, n)
	for j := range n {
		widths[j] = utf8.RuneCountInString(name(j)) // fmt pads to a width in runes
		for i := range n {
			widths[j] = max(widths[j], len(count(i, j)))
		}
		fmt.Fprintf(&b, "  %*s", widths[j], name(j))
	}
	for i := range n {
		fmt.Fprintf(&b, "\n%-*s", w0, name(i))
		for j := range n {
			fmt.Fprintf(&b, "  %*s", widths[j], count(i, j))
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
	case a.cols == 0:
		return fmt.Errorf("mlp: %s: outputs and targets have 0 columns, want at least 1", op)
	}
	return nil
}
