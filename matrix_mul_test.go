package mlp_test

import (
	"math/rand/v2"
	"testing"

	"github.com/glassbox-go/mlp"
)

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
