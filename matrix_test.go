package mlp_test

import (
	"fmt"
	"testing"

	"github.com/glassbox-go/mlp"
)

func TestNewMatrix(t *testing.T) {
	data := []float64{1, 2, 3, 4, 5, 6}
	m := mlp.NewMatrix(2, 3, data)
	if r, c := m.Dims(); r != 2 || c != 3 {
		t.Fatalf("Dims() = %d, %d, want 2, 3", r, c)
	}
	if got := m.At(1, 0); got != 4 {
		t.Errorf("At(1, 0) = %v, want 4 (row-major)", got)
	}
	// data is the matrix's storage, and RawData and Row return it: a
	// write through one shows in the others.
	m.Set(0, 2, 30)
	if data[2] != 30 {
		t.Errorf("Set(0, 2) did not write through to the backing slice: data = %v", data)
	}
	data[4] = 50
	if got := m.At(1, 1); got != 50 {
		t.Errorf("after data[4] = 50, At(1, 1) = %v, want 50", got)
	}
	m.RawData()[3] = 40
	m.Row(1)[2] = 60
	if got := fmt.Sprint(data); got != "[1 2 30 40 50 60]" {
		t.Errorf("after writes through RawData and Row, data = %v, want [1 2 30 40 50 60]", got)
	}
	if got := m.Row(1); fmt.Sprint(got) != "[40 50 60]" {
		t.Errorf("Row(1) = %v, want [40 50 60]", got)
	}
	c := m.Clone()
	c.Set(0, 0, -1)
	if m.At(0, 0) != 1 {
		t.Error("Clone shares memory with the original")
	}
	z := mlp.NewMatrix(3, 2, nil)
	for _, v := range z.RawData() {
		if v != 0 {
			t.Fatalf("NewMatrix(3, 2, nil) = %v, want zeros", z.RawData())
		}
	}
	if len(z.RawData()) != 6 {
		t.Errorf("len(RawData()) = %d, want 6", len(z.RawData()))
	}
	var empty mlp.Matrix
	if r, c := empty.Dims(); r != 0 || c != 0 {
		t.Errorf("zero Matrix Dims() = %d, %d, want 0, 0", r, c)
	}
	if got := new(mlp.Matrix).Copy(m); got.At(1, 2) != 60 {
		t.Errorf("Copy: At(1, 2) = %v, want 60", got.At(1, 2))
	}

	mustPanic(t, "NewMatrix(2, 3, len 5)", "len(data) is 5, want 6 for 2x3", func() { mlp.NewMatrix(2, 3, make([]float64, 5)) })
	mustPanic(t, "NewMatrix(-1, 3, nil)", "negative dimension", func() { mlp.NewMatrix(-1, 3, nil) })
	mustPanic(t, "At(2, 0)", "At(2, 0) out of range for 2x3", func() { m.At(2, 0) })
	mustPanic(t, "Set(0, -1)", "Set(0, -1) out of range", func() { m.Set(0, -1, 0) })
	mustPanic(t, "Row(5)", "Row(5) out of range", func() { m.Row(5) })
}
