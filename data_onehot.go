package mlp

import (
	"errors"
	"fmt"
	"strings"
)

// OneHot encodes class labels as the one-hot targets of a classifier, as
// ReadCSV does with its last column: it returns y (len(labels)×classes,
// y(i, j) = 1 if labels[i] is the class j, else 0) and the classes, the
// name of each column of y.
//
// With classes nil, the classes are the distinct labels in the order of
// their first appearance. Otherwise they are classes, in that order (a copy),
// and a label not among them is an error: so the same list gives the same
// columns for two sets of labels. Labels are compared exactly, spaces and
// case included.
//
// OneHot returns an error for no labels, an empty label or one not among
// the classes given (naming its index), duplicate classes, and when y would
// hold more than 64 numbers a byte of the labels (at least 2²⁰), as when
// every label is a class of its own, so that a column of numbers given by
// mistake cannot make it allocate far more than it was given.
func OneHot(labels, classes []string) (y *Matrix, names []string, err error) {
	if len(labels) == 0 {
		return nil, nil, errors.New("mlp: OneHot: no labels, want at least one")
	}
	index := make(map[string]int, len(classes))
	for j, c := range classes {
		if k, dup := index[c]; dup {
			return nil, nil, fmt.Errorf("mlp: OneHot: classes[%d] and classes[%d] are both %s, want distinct classes", k, j, quote(c))
		}
		index[c] = j
	}
	names = append([]string(nil), classes...)
	at := make([]int, len(labels))
	size := 0 // bytes of the labels, one more each as if separated
	for i, label := range labels {
		k, ok := index[label]
		switch {
		case label == "":
			return nil, nil, fmt.Errorf("mlp: OneHot: labels[%d] is empty, want a class name", i)
		case !ok && classes != nil:
			return nil, nil, fmt.Errorf("mlp: OneHot: labels[%d] is %s, not one of the %d classes given", i, quote(label), len(classes))
		case !ok:
			k = len(names)
			index[label] = k
			names = append(names, label)
		}
		at[i] = k
		size += len(label) + 1
	}
	if n, k := len(labels), len(names); n*k > max(1<<20, 64*size) {
		return nil, nil, fmt.Errorf("mlp: OneHot: %d labels of %d classes would need a %dx%d y, more than 64 numbers a byte of the labels; are they class names? (the first are %s)",
			n, k, n, k, strings.Join(quoteFirst(names, 3), ", "))
	}
	y = NewMatrix(len(labels), len(names), nil)
	for i, k := range at {
		y.Set(i, k, 1)
	}
	return y, names, nil
}

// quoteFirst returns the first n of s, each quoted by bundleQuote.
func quoteFirst(s []string, n int) []string {
	var q []string
	for _, v := range s[:min(n, len(s))] {
		q = append(q, quote(v))
	}
	return q
}
