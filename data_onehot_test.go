package mlp_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestOneHot: classes in the order of first appearance, or as given (with
// a class no label has); the results are the caller's own.
func TestOneHot(t *testing.T) {
	labels := []string{"b", "a", "b", "c"}
	y, classes, err := mlp.OneHot(labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(y.RawData(), classes); got != "[1 0 0 0 1 0 1 0 0 0 0 1] [b a c]" {
		t.Errorf("OneHot(b a b c, nil) = %s, want [1 0 0 0 1 0 1 0 0 0 0 1] [b a c]", got)
	}
	if r, c := y.Dims(); r != 4 || c != 3 {
		t.Errorf("y is %dx%d, want 4x3", r, c)
	}

	given := []string{"a", "b", "c", "d"}
	y, classes, err = mlp.OneHot(labels, given)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(y.RawData(), classes); got != "[0 1 0 0 1 0 0 0 0 1 0 0 0 0 1 0] [a b c d]" {
		t.Errorf("OneHot(b a b c, [a b c d]) = %s", got)
	}
	classes[0] = "changed"
	if given[0] != "a" || !slices.Equal(labels, []string{"b", "a", "b", "c"}) {
		t.Errorf("OneHot's classes share memory with the caller's, or it changed labels: %v %v", given, labels)
	}
	// The same classes give the same columns, as ReadCSV's.
	d, err := mlp.ReadCSV(strings.NewReader("x,label\n1,b\n2,a\n3,b\n4,c\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	y, _, err = mlp.OneHot(labels, d.Classes)
	if err != nil || !slices.Equal(y.RawData(), d.Y.RawData()) {
		t.Errorf("OneHot(labels, ReadCSV's classes) = %v, %v, want ReadCSV's Y %v", y, err, d.Y.RawData())
	}
}

// TestOneHotErrors: each bad input is an error naming the label or class.
func TestOneHotErrors(t *testing.T) {
	many := make([]string, 2000)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	for _, tt := range []struct {
		name            string
		labels, classes []string
		want            string
	}{
		{"no labels", nil, nil, "mlp: OneHot: no labels, want at least one"},
		{"empty label", []string{"a", ""}, nil, "mlp: OneHot: labels[1] is empty, want a class name"},
		{"unknown label", []string{"a", "b", "B"}, []string{"a", "b"}, `mlp: OneHot: labels[2] is "B", not one of the 2 classes given`},
		{"duplicate classes", []string{"a"}, []string{"a", "b", "a"}, `mlp: OneHot: classes[0] and classes[2] are both "a", want distinct classes`},
		{"every label a class", many, nil, `mlp: OneHot: 2000 labels of 2000 classes would need a 2000x2000 y, more than 64 numbers a byte of the labels; are they class names? (the first are "0", "1", "2")`},
	} {
		y, classes, err := mlp.OneHot(tt.labels, tt.classes)
		if err == nil || err.Error() != tt.want || y != nil || classes != nil {
			t.Errorf("%s: OneHot = %v, %v, %v, want %q", tt.name, y, classes, err, tt.want)
		}
	}
	// 1000 distinct labels of 4 bytes each: 10⁶ numbers, within 2²⁰.
	if _, _, err := mlp.OneHot(many[1000:], nil); err != nil {
		t.Errorf("OneHot(1000 distinct labels) = %v, want nil", err)
	}
}
