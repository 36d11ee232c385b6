package mlp_test

// The test helpers that more than one test file of package mlp_test uses:
// the tutorial's data, network and printed matrices, and small builders.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// xorData returns the XOR data set of the tutorial, with the constant bias
// input 1 folded into the third column, and its targets.
func xorData() (x, y *mlp.Matrix) {
	x = mlp.NewMatrix(4, 3, []float64{
		1, 1, 1,
		1, 0, 1,
		0, 1, 1,
		0, 0, 1,
	})
	y = mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	return x, y
}

// tutorialNet is the tutorial's 3-5-1 sigmoid network: no bias rows, every
// weight 1.
func tutorialNet(t testing.TB) *mlp.Network {
	t.Helper()
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range net.Layers {
		w := l.W.RawData()
		for i := range w {
			w[i] = 1
		}
	}
	return net
}

// tutorialPass runs the tutorial's first Forward and Backward on
// tutorialNet and xorData. It returns the network, every matrix the
// tutorial prints by its name in testdata/tutorial_matrices.txt (read from
// the Layer fields, or computed from them as the tutorial does) and E.
func tutorialPass(t *testing.T) (net *mlp.Network, tutorial map[string]*mlp.Matrix, e float64) {
	t.Helper()
	net = tutorialNet(t)
	x, y := xorData()
	hidden, output := net.Layers[0], net.Layers[1]
	if _, err := net.Forward(x); err != nil {
		t.Fatal(err)
	}
	errs := new(mlp.Matrix)
	mlp.SquaredError.Errors(errs, output.A, y)
	e, err := net.Backward(y)
	if err != nil {
		t.Fatal(err)
	}
	return net, map[string]*mlp.Matrix{
		"z_h":                hidden.Z,
		"a_h":                hidden.A,
		"z_o":                output.Z,
		"a_o":                output.A,
		"a_o_error":          errs,
		"delta_a_o_error":    output.DA,
		"delta_z_o":          localDeriv(mlp.Sigmoid, output.Z, output.A),
		"delta_w12":          hidden.A,
		"delta_output_layer": output.DW,
		"delta_a_h":          hidden.DA,
		"delta_z_h":          localDeriv(mlp.Sigmoid, hidden.Z, hidden.A),
		"delta_w01":          x,
		"delta_hidden_layer": hidden.DW,
	}, e
}

// localDeriv returns the matrix of f'(z) for a layer's Z and A, through the
// public Deriv method: the tutorial's delta_z_o and delta_z_h.
func localDeriv(f mlp.Elementwise, z, a *mlp.Matrix) *mlp.Matrix {
	r, c := z.Dims()
	d := mlp.NewMatrix(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.Set(i, j, f.Deriv(z.At(i, j), a.At(i, j)))
		}
	}
	return d
}

// tutorialBlock is one matrix the tutorial prints, as numpy printed it.
type tutorialBlock struct {
	name, text string
}

// tutorialBlocks returns every matrix block of
// testdata/tutorial_matrices.txt, in the tutorial's order.
func tutorialBlocks(t testing.TB) []tutorialBlock {
	t.Helper()
	raw, err := os.ReadFile("testdata/tutorial_matrices.txt")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []tutorialBlock
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			blocks = append(blocks, tutorialBlock{name: line[3:]})
		case strings.HasPrefix(line, "#"):
		case len(blocks) > 0:
			b := &blocks[len(blocks)-1]
			if b.text != "" {
				b.text += "\n"
			}
			b.text += line
		}
	}
	if len(blocks) != 13 {
		t.Fatalf("testdata/tutorial_matrices.txt has %d blocks, want the tutorial's 13", len(blocks))
	}
	return blocks
}

// printed is a matrix as numpy 1.13 printed it in the tutorial, such as a
// block of testdata/tutorial_matrices.txt.
type printed string

// values parses the numbers of a printed matrix and, for each, how far the
// true value may be from it: numpy printed float64 values rounded to 8
// decimals (dropping trailing zeros: 0.008397 is 0.00839700), in scientific
// notation to 8 decimals of the mantissa.
func (p printed) values(t testing.TB) (rows [][]float64, tol [][]float64) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(p)), "\n") {
		line = strings.Trim(strings.TrimSpace(line), "[]")
		var r, tr []float64
		for _, f := range strings.Fields(line) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("bad printed number %q: %v", f, err)
			}
			e := 0.5e-8
			if i := strings.IndexByte(f, 'e'); i >= 0 {
				exp, err := strconv.Atoi(f[i+1:])
				if err != nil {
					t.Fatalf("bad exponent in printed number %q: %v", f, err)
				}
				e *= math.Pow(10, float64(exp))
			}
			r = append(r, v)
			tr = append(tr, e*(1+1e-9))
		}
		rows = append(rows, r)
		tol = append(tol, tr)
	}
	return rows, tol
}

// checkPrinted fails unless m has the printed shape and every element rounds
// to the printed digits.
func checkPrinted(t *testing.T, name string, m *mlp.Matrix, want printed) {
	t.Helper()
	rows, tol := want.values(t)
	r, c := m.Dims()
	if r != len(rows) || c != len(rows[0]) {
		t.Errorf("%s is %dx%d, want %dx%d", name, r, c, len(rows), len(rows[0]))
		return
	}
	for i := range rows {
		for j := range rows[i] {
			if got := m.At(i, j); !(math.Abs(got-rows[i][j]) <= tol[i][j]) {
				t.Errorf("%s(%d,%d) = %.10g, want %.10g (±%.1g)", name, i, j, got, rows[i][j], tol[i][j])
			}
		}
	}
}

// backward runs Forward on x, then Backward on y, and returns E.
func backward(net *mlp.Network, x, y *mlp.Matrix) (float64, error) {
	if _, err := net.Forward(x); err != nil {
		return 0, err
	}
	return net.Backward(y)
}

// refForward is an independent forward pass in plain loops: it returns the
// summed squared error of a network with the given weights, biases and
// activation on x against y.
func refForward(ws, bs [][]float64, sizes []int, act func(float64) float64, x, y []float64, n int) float64 {
	a := x
	for l := 0; l+1 < len(sizes); l++ {
		in, out := sizes[l], sizes[l+1]
		next := make([]float64, n*out)
		for s := 0; s < n; s++ {
			for j := 0; j < out; j++ {
				z := 0.0
				if bs != nil {
					z = bs[l][j]
				}
				for i := 0; i < in; i++ {
					z += a[s*in+i] * ws[l][i*out+j]
				}
				next[s*out+j] = act(z)
			}
		}
		a = next
	}
	e := 0.0
	for i := range a {
		e += 0.5 * (a[i] - y[i]) * (a[i] - y[i])
	}
	return e
}

// randMatrix returns an r×c matrix of standard normal numbers from rng.
func randMatrix(rng *rand.Rand, r, c int) *mlp.Matrix {
	m := mlp.NewMatrix(r, c, nil)
	for i := range m.RawData() {
		m.RawData()[i] = rng.NormFloat64()
	}
	return m
}

// mustNew is mlp.New for a test: it fails the test if New returns an error.
func mustNew(t testing.TB, sizes []int, opts ...mlp.Option) *mlp.Network {
	t.Helper()
	net, err := mlp.New(sizes, opts...)
	if err != nil {
		t.Fatalf("New(%v) error = %v", sizes, err)
	}
	return net
}

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

// centralDiff returns the central difference (f(p_i+h) − f(p_i−h))/2h of f
// with respect to p[i], leaving p[i] as it was.
func centralDiff(f func() float64, p []float64, i int, h float64) float64 {
	old := p[i]
	p[i] = old + h
	ep := f()
	p[i] = old - h
	em := f()
	p[i] = old
	return (ep - em) / (2 * h)
}
