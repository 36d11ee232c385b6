package mlp_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// mustPanic fails unless f panics with a message containing want.
func mustPanic(t *testing.T, name, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s did not panic, want a panic containing %q", name, want)
			return
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Errorf("%s panicked with %q, want %q", name, msg, want)
		}
	}()
	f()
}

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

// naiveMul is the textbook triple loop: C = op(A)·op(B).
func naiveMul(a *mlp.Matrix, ta bool, b *mlp.Matrix, tb bool) [][]float64 {
	at := func(m *mlp.Matrix, t bool, i, j int) float64 {
		if t {
			return m.At(j, i)
		}
		return m.At(i, j)
	}
	ar, ac := a.Dims()
	if ta {
		ar, ac = ac, ar
	}
	br, bc := b.Dims()
	if tb {
		bc = br
	}
	c := make([][]float64, ar)
	for i := range c {
		c[i] = make([]float64, bc)
		for j := range c[i] {
			for p := 0; p < ac; p++ {
				c[i][j] += at(a, ta, i, p) * at(b, tb, p, j)
			}
		}
	}
	return c
}

func TestProducts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][3]int{{0, 3, 2}, {2, 0, 3}, {3, 2, 0}, {1, 1, 1}, {4, 3, 5}, {7, 13, 5}, {17, 1, 9}, {31, 29, 37}}
	for _, s := range shapes {
		m, k, n := s[0], s[1], s[2]
		for _, tr := range []struct {
			name   string
			ta, tb bool
			mul    func(c, a, b *mlp.Matrix) *mlp.Matrix
		}{
			{"Mul", false, false, (*mlp.Matrix).Mul},
			{"MulTransA", true, false, (*mlp.Matrix).MulTransA},
			{"MulTransB", false, true, (*mlp.Matrix).MulTransB},
		} {
			a := randMatrix(rng, m, k)
			if tr.ta {
				a = randMatrix(rng, k, m)
			}
			b := randMatrix(rng, k, n)
			if tr.tb {
				b = randMatrix(rng, n, k)
			}
			want := naiveMul(a, tr.ta, b, tr.tb)
			c := mlp.NewMatrix(2, 2, []float64{9, 9, 9, 9}) // wrong shape, stale values
			if got := tr.mul(c, a, b); got != c {
				t.Errorf("%s returned %p, want its receiver %p", tr.name, got, c)
			}
			if r, cc := c.Dims(); r != m || cc != n {
				t.Errorf("%s %dx%dx%d: result is %dx%d, want %dx%d", tr.name, m, k, n, r, cc, m, n)
				continue
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if d := c.At(i, j) - want[i][j]; d > 1e-12 || d < -1e-12 {
						t.Errorf("%s %dx%dx%d: (%d,%d) = %v, want %v", tr.name, m, k, n, i, j, c.At(i, j), want[i][j])
					}
				}
			}
		}
	}
}

func TestProductPanics(t *testing.T) {
	a := mlp.NewMatrix(2, 3, nil)
	b := mlp.NewMatrix(2, 3, nil)
	mustPanic(t, "Mul(2x3, 2x3)", "a's columns must equal b's rows", func() { new(mlp.Matrix).Mul(a, b) })
	mustPanic(t, "MulTransA(2x3, 3x3)", "same rows", func() { new(mlp.Matrix).MulTransA(a, mlp.NewMatrix(3, 3, nil)) })
	mustPanic(t, "MulTransB(2x3, 2x2)", "same columns", func() { new(mlp.Matrix).MulTransB(a, mlp.NewMatrix(2, 2, nil)) })
	sq := mlp.NewMatrix(3, 3, nil)
	mustPanic(t, "sq.Mul(sq, sq)", "shares memory", func() { sq.Mul(sq, sq) })
	// A receiver viewing part of an operand's memory is caught too.
	data := make([]float64, 18)
	op := mlp.NewMatrix(3, 3, data[:9])
	view := mlp.NewMatrix(3, 3, data[6:15])
	mustPanic(t, "view.MulTransB(op, sq)", "shares memory", func() { view.MulTransB(op, sq) })
	// Adjacent memory is not aliasing.
	next := mlp.NewMatrix(3, 3, data[9:18])
	next.Mul(op, sq)
}

func TestProductReusesMemory(t *testing.T) {
	a := mlp.NewMatrix(8, 5, nil)
	b := mlp.NewMatrix(5, 6, nil)
	c := new(mlp.Matrix).Mul(a, b)
	if n := testing.AllocsPerRun(10, func() {
		c.Mul(a, b)
		c.MulTransA(b, b)
		c.MulTransB(a, a)
	}); n != 0 {
		t.Errorf("products into a large enough receiver allocate %v times, want 0", n)
	}
}
