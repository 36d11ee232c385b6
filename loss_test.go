package mlp_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestSoftmaxValues checks Softmax against values worked out by hand:
// softmax(0, ln 2, ln 3) = (1, 2, 3)/6, whatever constant is added to every
// z, and equal inputs share equally, even where e^z overflows or underflows.
func TestSoftmaxValues(t *testing.T) {
	third := []float64{1.0 / 6, 2.0 / 6, 3.0 / 6}
	for _, tt := range []struct {
		z, want []float64
	}{
		{[]float64{0, math.Ln2, math.Log(3)}, third},
		{[]float64{1000, 1000 + math.Ln2, 1000 + math.Log(3)}, third},
		{[]float64{-1000, -1000 + math.Ln2, -1000 + math.Log(3)}, third},
		{[]float64{-1000, -1000}, []float64{0.5, 0.5}},
		{[]float64{1e308, 1e308, 1e308, 1e308}, []float64{0.25, 0.25, 0.25, 0.25}},
		{[]float64{7}, []float64{1}},
		{[]float64{0, 1000}, []float64{0, 1}}, // e^−1000 is 0 in float64
	} {
		z := mlp.NewMatrix(1, len(tt.z), tt.z)
		a := mlp.NewMatrix(0, 0, nil)
		mlp.Softmax.Apply(a, z)
		for j, want := range tt.want {
			if got := a.At(0, j); !(math.Abs(got-want) <= 1e-12) {
				t.Errorf("Softmax.Apply(%v)[%d] = %v, want %v", tt.z, j, got, want)
			}
		}
	}
	// Rows are independent, and a may be z.
	z := mlp.NewMatrix(2, 2, []float64{0, 0, 0, math.Log(3)})
	mlp.Softmax.Apply(z, z)
	for i, want := range []float64{0.5, 0.5, 0.25, 0.75} {
		if got := z.RawData()[i]; math.Abs(got-want) > 1e-15 {
			t.Errorf("Softmax.Apply(z, z)[%d] = %v, want %v", i, got, want)
		}
	}
}

// TestSoftmaxBackprop checks the Jacobian-vector product by hand and by
// finite differences of Apply.
func TestSoftmaxBackprop(t *testing.T) {
	// a = (1, 2, 3)/6 and da = (1, 0, 0): dz_k = a_k(da_k − Σ a_i da_i) =
	// a_k(da_k − 1/6), so dz = (1/6·5/6, 1/3·(−1/6), 1/2·(−1/6)).
	z := mlp.NewMatrix(1, 3, []float64{0, math.Ln2, math.Log(3)})
	a := mlp.NewMatrix(0, 0, nil)
	mlp.Softmax.Apply(a, z)
	da := mlp.NewMatrix(1, 3, []float64{1, 0, 0})
	dz := mlp.NewMatrix(0, 0, nil)
	mlp.Softmax.Backprop(dz, z, a, da)
	for j, want := range []float64{5.0 / 36, -1.0 / 18, -1.0 / 12} {
		if got := dz.At(0, j); math.Abs(got-want) > 1e-15 {
			t.Errorf("Softmax.Backprop dz[%d] = %v, want %v", j, got, want)
		}
	}

	// Random rows: dz_k = Σ_i da_i·∂a_i/∂z_k, by central differences.
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, cols = 3, 5
	z = mlp.NewMatrix(rows, cols, nil)
	da = mlp.NewMatrix(rows, cols, nil)
	for i := range z.RawData() {
		z.RawData()[i] = 3 * rng.NormFloat64()
		da.RawData()[i] = rng.NormFloat64()
	}
	mlp.Softmax.Apply(a, z)
	mlp.Softmax.Backprop(dz, z, a, da)
	dot := func() float64 { // Σ da·softmax(z)
		s := mlp.NewMatrix(0, 0, nil)
		mlp.Softmax.Apply(s, z)
		sum := 0.0
		for i, v := range s.RawData() {
			sum += v * da.RawData()[i]
		}
		return sum
	}
	for k := range z.RawData() {
		const h = 1e-6
		old := z.RawData()[k]
		z.RawData()[k] = old + h
		ep := dot()
		z.RawData()[k] = old - h
		em := dot()
		z.RawData()[k] = old
		if fd, got := (ep-em)/(2*h), dz.RawData()[k]; math.Abs(got-fd) > 1e-8 {
			t.Errorf("Softmax.Backprop dz[%d] = %v, finite difference %v", k, got, fd)
		}
	}
	// dz may be da.
	want := dz.Clone()
	mlp.Softmax.Backprop(da, z, a, da)
	for i, v := range da.RawData() {
		if v != want.RawData()[i] {
			t.Errorf("Softmax.Backprop(da, z, a, da)[%d] = %v, want %v", i, v, want.RawData()[i])
		}
	}
}

func TestSoftmaxIsNotElementwise(t *testing.T) {
	var a mlp.Activation = mlp.Softmax
	if _, ok := a.(mlp.Elementwise); ok {
		t.Error("Softmax implements Elementwise, want not: it has no honest Eval or Deriv")
	}
	if got := mlp.Softmax.String(); got != "softmax" {
		t.Errorf("Softmax.String() = %q, want softmax", got)
	}
	if _, err := mlp.New([]int{2, 3}, mlp.WithOutputActivation(mlp.SoftmaxFunc(9))); err == nil || !strings.Contains(err.Error(), "unknown activation SoftmaxFunc(9)") {
		t.Errorf("New with SoftmaxFunc(9): error = %v, want unknown activation", err)
	}
	net, _ := mlp.New([]int{2, 3})
	net.Layers[0].Activation = mlp.SoftmaxFunc(0)
	if _, err := net.Forward(mlp.NewMatrix(1, 2, nil)); err == nil || !strings.Contains(err.Error(), "unknown activation") {
		t.Errorf("Forward with SoftmaxFunc(0): error = %v, want unknown activation", err)
	}
}

// TestCrossEntropyValues checks the losses' terms and derivatives against
// values worked out by hand, including saturated outputs.
func TestCrossEntropyValues(t *testing.T) {
	lnEps := -1022 * math.Ln2 // ln 2⁻¹⁰²²
	for _, tt := range []struct {
		l          mlp.LossFunc
		a, y, e, d float64
	}{
		{mlp.CrossEntropy, 0.7, 1, -math.Log(0.7), -1 / 0.7},
		{mlp.CrossEntropy, 0.2, 0, 0, 0},
		{mlp.CrossEntropy, 0.25, 0.5, 0.5 * 2 * math.Ln2, -2},
		{mlp.CrossEntropy, 0, 1, -lnEps, 0}, // clipped: finite, and flat
		{mlp.CrossEntropy, 1, 1, 0, -1},
		{mlp.BinaryCrossEntropy, 0.8, 1, -math.Log(0.8), -1.25},
		{mlp.BinaryCrossEntropy, 0.8, 0, -math.Log(0.2), 5},
		{mlp.BinaryCrossEntropy, 0.5, 0.5, math.Ln2, 0},
		{mlp.BinaryCrossEntropy, 1, 0, -lnEps, 0},
		{mlp.BinaryCrossEntropy, 0, 1, -lnEps, 0},
		{mlp.BinaryCrossEntropy, 1, 1, 0, -1},
		{mlp.BinaryCrossEntropy, 0, 0, 0, 1},
	} {
		if got := tt.l.Eval(tt.a, tt.y); math.Abs(got-tt.e) > 1e-15*math.Max(1, math.Abs(tt.e)) {
			t.Errorf("%v.Eval(%v, %v) = %v, want %v", tt.l, tt.a, tt.y, got, tt.e)
		}
		if got := tt.l.Deriv(tt.a, tt.y); math.Abs(got-tt.d) > 1e-15*math.Max(1, math.Abs(tt.d)) {
			t.Errorf("%v.Deriv(%v, %v) = %v, want %v", tt.l, tt.a, tt.y, got, tt.d)
		}
	}
	// Errors and Grad on a batch: rows of a are softmax outputs.
	a := mlp.NewMatrix(2, 3, []float64{0.2, 0.7, 0.1, 0.5, 0.25, 0.25})
	y := mlp.NewMatrix(2, 3, []float64{0, 1, 0, 0, 0, 1})
	e := mlp.NewMatrix(0, 0, nil)
	want := []float64{-math.Log(0.7), 2 * math.Ln2}
	if got := mlp.CrossEntropy.Errors(e, a, y); math.Abs(got-(want[0]+want[1])) > 1e-15 {
		t.Errorf("CrossEntropy.Errors = %v, want %v", got, want[0]+want[1])
	}
	for i, w := range want {
		if got := e.At(i, 0); math.Abs(got-w) > 1e-15 {
			t.Errorf("CrossEntropy.Errors e[%d] = %v, want %v", i, got, w)
		}
	}
	da := mlp.NewMatrix(0, 0, nil)
	mlp.CrossEntropy.Grad(da, a, y)
	for i, want := range []float64{0, -1 / 0.7, 0, 0, 0, -4} {
		if got := da.RawData()[i]; got != want {
			t.Errorf("CrossEntropy.Grad da[%d] = %v, want %v", i, got, want)
		}
	}
}

// TestFusedSaturated: where the output saturates to exactly 0 or 1, Backward
// with a matching cross-entropy stays finite and exact, computing E from the
// logits: worked out by hand below.
func TestFusedSaturated(t *testing.T) {
	for _, c := range []struct {
		act  mlp.Activation
		loss mlp.LossFunc
		z, y []float64
		e    float64
		dz   string
	}{
		// Softmax with z = (1000, 0, −1000) and the true class the last
		// one: a = (1, 0, 0) in float64, E = ln Σ e^z − z_3 = 1000 −
		// (−1000) = 2000, ∂E/∂z = a − y = (1, 0, −1).
		{mlp.Softmax, mlp.CrossEntropy, []float64{1000, 0, -1000}, []float64{0, 0, 1}, 2000, "[1 0 -1]"},
		// Sigmoid with z = (1000, −1000) and targets (0, 0): a = (1, 0),
		// E = softplus(1000) + softplus(−1000) = 1000 + 0,
		// ∂E/∂z = a − y = (1, 0).
		{mlp.Sigmoid, mlp.BinaryCrossEntropy, []float64{1000, -1000}, []float64{0, 0}, 1000, "[1 0]"},
	} {
		net, x := logitNet(t, c.act, c.loss, c.z) // x = 1, Z = W = z
		e, err := backward(net, x, mlp.NewMatrix(1, len(c.y), c.y))
		if err != nil {
			t.Fatal(err)
		}
		if e != c.e {
			t.Errorf("%v, %v: Backward(y) = %v, want %v", c.act, c.loss, e, c.e)
		}
		// ∂E/∂W = x·∂E/∂z with x = 1.
		if dz, dw := fmt.Sprint(net.Layers[0].DZ.RawData()), fmt.Sprint(net.Layers[0].DW.RawData()); dz != c.dz || dw != c.dz {
			t.Errorf("%v, %v: DZ = %v, DW = %v, want %v for both", c.act, c.loss, dz, dw, c.dz)
		}
	}

	// Every pairing stays finite on huge inputs.
	for _, act := range outputActivations {
		for _, loss := range allLosses {
			net, _ := mlp.New([]int{2, 3, 3}, mlp.WithOutputActivation(act), mlp.WithLoss(loss), mlp.WithSeed(4))
			x := mlp.NewMatrix(2, 2, []float64{1e4, -1e4, -1e4, 1e4})
			e, err := backward(net, x, mlp.NewMatrix(2, 3, []float64{1, 0, 0, 0, 0, 1}))
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(e) || math.IsInf(e, 0) {
				t.Errorf("%v, %v: Backward(y) = %v on huge inputs, want finite", act, loss, e)
			}
			for l, layer := range net.Layers {
				for _, v := range append(layer.DZ.RawData(), layer.DW.RawData()...) {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Errorf("%v, %v: layer %d has gradient %v on huge inputs", act, loss, l, v)
					}
				}
			}
		}
	}
}

var (
	outputActivations = []mlp.Activation{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU, mlp.Softmax}
	allLosses         = []mlp.LossFunc{mlp.SquaredError, mlp.CrossEntropy, mlp.BinaryCrossEntropy}
)

// refOutput is an independent implementation of each output activation, row
// by row.
func refOutput(act mlp.Activation, z []float64) []float64 {
	a := make([]float64, len(z))
	switch act {
	case mlp.Softmax:
		sum := 0.0
		for j, v := range z {
			a[j] = math.Exp(v)
			sum += a[j]
		}
		for j := range a {
			a[j] /= sum
		}
	default:
		for j, v := range z {
			switch act {
			case mlp.Identity:
				a[j] = v
			case mlp.Sigmoid:
				a[j] = 1 / (1 + math.Exp(-v))
			case mlp.Tanh:
				a[j] = math.Tanh(v)
			case mlp.ReLU:
				a[j] = math.Max(v, 0)
			}
		}
	}
	return a
}

// refLoss is an independent implementation of each loss term, with the
// documented clipping at 2⁻¹⁰²² for the logarithms.
func refLoss(l mlp.LossFunc, a, y float64) float64 {
	const eps = 2.2250738585072014e-308
	switch l {
	case mlp.SquaredError:
		return (a - y) * (a - y) / 2
	case mlp.CrossEntropy:
		return -y * math.Log(math.Max(a, eps))
	default:
		return -y*math.Log(math.Max(a, eps)) - (1-y)*math.Log(math.Max(1-a, eps))
	}
}

// TestEveryPairingGradients: for every output activation with every loss,
// Backward's E matches an independent forward pass, and DW and DB match
// central finite differences of it. The targets are random numbers in
// [0, 1), not one-hot, so that the combined gradients of the fused pairs are
// checked in general ((Σy)·a − y for softmax).
func TestEveryPairingGradients(t *testing.T) {
	sizes := []int{3, 5, 4}
	const n = 5
	rng := rand.New(rand.NewPCG(11, 12))
	x := make([]float64, n*sizes[0])
	y := make([]float64, n*sizes[2])
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := range y {
		y[i] = rng.Float64()
	}
	for _, act := range outputActivations {
		for _, loss := range allLosses {
			t.Run(fmt.Sprintf("%v/%v", act, loss), func(t *testing.T) {
				net, err := mlp.New(sizes, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(act), mlp.WithLoss(loss), mlp.WithSeed(5))
				if err != nil {
					t.Fatal(err)
				}
				var ws, bs [][]float64
				for _, l := range net.Layers {
					b := l.B.RawData()
					for j := range b {
						b[j] = 0.3 * rng.NormFloat64()
					}
					ws, bs = append(ws, l.W.RawData()), append(bs, b)
				}
				e, err := backward(net, mlp.NewMatrix(n, sizes[0], x), mlp.NewMatrix(n, sizes[2], y))
				if err != nil {
					t.Fatal(err)
				}
				ref := func() float64 {
					total := 0.0
					for s := 0; s < n; s++ {
						a := x[s*sizes[0] : (s+1)*sizes[0]]
						for l := range ws {
							in, out := sizes[l], sizes[l+1]
							z := make([]float64, out)
							for j := range z {
								z[j] = bs[l][j]
								for i := 0; i < in; i++ {
									z[j] += a[i] * ws[l][i*out+j]
								}
							}
							if l == len(ws)-1 {
								a = refOutput(act, z)
							} else {
								a = refOutput(mlp.Tanh, z)
							}
						}
						for j, v := range a {
							total += refLoss(loss, v, y[s*sizes[2]+j])
						}
					}
					return total
				}
				if want := ref(); math.Abs(e-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("Backward(y) = %.15g, want independent forward's %.15g", e, want)
				}
				// Central differences with Richardson extrapolation, error
				// O(h⁴): cross-entropy on an identity output has large
				// third derivatives where a is small.
				diff := func(p []float64, i int, h float64) float64 { return centralDiff(ref, p, i, h) }
				check := func(name string, p []float64, grad *mlp.Matrix) {
					for i := range p {
						const h = 1e-5
						fd := (4*diff(p, i, h/2) - diff(p, i, h)) / 3
						if g := grad.RawData()[i]; math.Abs(g-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
							t.Errorf("%s[%d] = %.9g, finite difference %.9g", name, i, g, fd)
						}
					}
				}
				for l, layer := range net.Layers {
					check(fmt.Sprintf("layer %d DW", l), ws[l], layer.DW)
					check(fmt.Sprintf("layer %d DB", l), bs[l], layer.DB)
				}
			})
		}
	}
}

// TestFusedMatchesErrors: away from saturation, the E that Backward computes
// from the logits for a fused pair is the loss's own Errors of the output.
func TestFusedMatchesErrors(t *testing.T) {
	x := mlp.NewMatrix(3, 2, []float64{0.5, -1, 2, 0.3, -0.7, 0.1})
	for _, tt := range []struct {
		act  mlp.Activation
		loss mlp.LossFunc
	}{{mlp.Softmax, mlp.CrossEntropy}, {mlp.Sigmoid, mlp.BinaryCrossEntropy}} {
		net, _ := mlp.New([]int{2, 4, 3}, mlp.WithOutputActivation(tt.act), mlp.WithLoss(tt.loss), mlp.WithSeed(8))
		y := mlp.NewMatrix(3, 3, []float64{1, 0, 0, 0, 0, 1, 0, 1, 0})
		e, err := backward(net, x, y)
		if err != nil {
			t.Fatal(err)
		}
		want := tt.loss.Errors(mlp.NewMatrix(0, 0, nil), net.Layers[1].A, y)
		if math.Abs(e-want) > 1e-14*want {
			t.Errorf("%v, %v: Backward(y) = %.17g, want Errors %.17g", tt.act, tt.loss, e, want)
		}
		// DA is the loss's gradient, for looking at, even though DZ does not
		// go through it.
		da := mlp.NewMatrix(0, 0, nil)
		tt.loss.Grad(da, net.Layers[1].A, y)
		if fmt.Sprint(da.RawData()) != fmt.Sprint(net.Layers[1].DA.RawData()) {
			t.Errorf("%v, %v: DA = %v, want Grad %v", tt.act, tt.loss, net.Layers[1].DA.RawData(), da.RawData())
		}
	}
}

func TestParseClassificationNames(t *testing.T) {
	if got, err := mlp.ParseActivation("softmax"); err != nil || got != mlp.Softmax {
		t.Errorf("ParseActivation(\"softmax\") = %v, %v, want softmax", got, err)
	}
	for _, l := range allLosses {
		if got, err := mlp.ParseLoss(l.String()); err != nil || got != l {
			t.Errorf("ParseLoss(%q) = %v, %v, want %v", l.String(), got, err, l)
		}
	}
	_, err := mlp.ParseActivation("softmx")
	if err == nil || !strings.Contains(err.Error(), "softmax") {
		t.Errorf("ParseActivation(\"softmx\") error = %v, want one listing softmax", err)
	}
	_, err = mlp.ParseLoss("xent")
	if err == nil || !strings.Contains(err.Error(), "squared-error, cross-entropy, binary-cross-entropy") {
		t.Errorf("ParseLoss(\"xent\") error = %v, want one listing every loss", err)
	}
}

// logitCase is one line of testdata/logit_losses.txt: a row of logits, its
// targets and the loss computed from them by testdata/logit_losses.py with
// mpmath at 600 digits.
type logitCase struct {
	loss string // "softmax-cross-entropy" or "sigmoid-cross-entropy"
	z, y []float64
	want float64
}

func readLogitCases(t *testing.T) []logitCase {
	t.Helper()
	b, err := os.ReadFile("testdata/logit_losses.txt")
	if err != nil {
		t.Fatal(err)
	}
	floats := func(s string) []float64 {
		var vs []float64
		for _, f := range strings.Fields(s) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("testdata/logit_losses.txt: %v", err)
			}
			vs = append(vs, v)
		}
		return vs
	}
	var cases []logitCase
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("testdata/logit_losses.txt: line %q has %d fields, want 4", line, len(f))
		}
		// Values beyond float64 (none so far) would parse as ±Inf with
		// ErrRange, and the library's answer must be that Inf too.
		want, err := strconv.ParseFloat(f[3], 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatalf("testdata/logit_losses.txt: %v", err)
		}
		cases = append(cases, logitCase{loss: f[0], z: floats(f[1]), y: floats(f[2]), want: want})
	}
	if len(cases) < 20 {
		t.Fatalf("testdata/logit_losses.txt has %d cases, want at least 20", len(cases))
	}
	return cases
}

// logitNet returns a network whose output layer's Z is exactly the row z on
// the input x = [1]: one input, no bias, W = z.
func logitNet(t *testing.T, act mlp.Activation, loss mlp.Loss, z []float64) (*mlp.Network, *mlp.Matrix) {
	t.Helper()
	net, err := mlp.New([]int{1, len(z)}, mlp.WithoutBias(), mlp.WithOutputActivation(act), mlp.WithLoss(loss))
	if err != nil {
		t.Fatal(err)
	}
	copy(net.Layers[0].W.RawData(), z)
	return net, mlp.NewMatrix(1, 1, []float64{1})
}

// TestLogitLosses: the cross-entropy losses that Backward computes from the
// logits, on a Softmax or a Sigmoid output, match a table of extreme logits
// computed independently with mpmath (testdata/logit_losses.py), to a few
// units in the last place: huge logits, logits that differ by little next
// to a huge one, saturated outputs. The trace's error block and its error
// after an update of η = 0, computed the same way, hold the same number.
func TestLogitLosses(t *testing.T) {
	for _, c := range readLogitCases(t) {
		act, loss := mlp.Activation(mlp.Softmax), mlp.CrossEntropy
		if c.loss == "sigmoid-cross-entropy" {
			act, loss = mlp.Sigmoid, mlp.BinaryCrossEntropy
		}
		net, x := logitNet(t, act, loss, c.z)
		y := mlp.NewMatrix(1, len(c.y), c.y)
		e, err := backward(net, x, y)
		if err != nil {
			t.Fatal(err)
		}
		if z := net.Layers[0].Z.RawData(); fmt.Sprint(z) != fmt.Sprint(c.z) {
			t.Fatalf("%s: Z = %v, want the logits %v", c.loss, z, c.z)
		}
		if !(math.Abs(e-c.want) <= 8*0x1p-53*math.Abs(c.want)) && !(math.IsInf(c.want, 1) && math.IsInf(e, 1)) {
			t.Errorf("%s of z = %v, y = %v: Backward(y) = %.17g, want %.17g (mpmath)", c.loss, c.z, c.y, e, c.want)
		}
		tr, err := net.Trace(x, y, 0x1p-1074)
		if err != nil {
			t.Fatal(err)
		}
		// With the smallest η > 0 the update changes no weight, so EAfter is E again.
		if got := tr.Lookup("E_i").Value.At(0, 0); got != e || tr.E != e || tr.EAfter != e {
			t.Errorf("%s of z = %v: Trace E = %v, E_i = %v, EAfter = %v, want Backward's %v", c.loss, c.z, tr.E, got, tr.EAfter, e)
		}
	}
}

// TestSoftmaxCrossEntropyPrecision: the two cases of issue 10, against
// closed forms. With m = max z, E = (m − z_y) + ln Σ_k e^(z_k − m), whose
// parts are exact here: [1e308, 1e308, 1e308] gives ln 3, and
// [1e12+0.5, 1e12, 1e12−3] with class 1 gives 0.5 + ln(1 + e^−0.5 + e^−3.5)
// = 0.99269915333229776; ln Σ e^z − z_y in float64 gives 0 and
// 0.99267578125.
func TestSoftmaxCrossEntropyPrecision(t *testing.T) {
	for _, c := range []struct {
		z     []float64
		class int
		want  float64
	}{
		{[]float64{1e308, 1e308, 1e308}, 0, math.Log(3)},
		{[]float64{1e12 + 0.5, 1e12, 1e12 - 3}, 1, 0.5 + math.Log(1+math.Exp(-0.5)+math.Exp(-3.5))},
	} {
		net, x := logitNet(t, mlp.Softmax, mlp.CrossEntropy, c.z)
		y := mlp.NewMatrix(1, len(c.z), nil)
		y.Set(0, c.class, 1)
		e, err := backward(net, x, y)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(e-c.want) > 2*0x1p-53*c.want {
			t.Errorf("cross-entropy of softmax(%v), class %d: Backward(y) = %.17g, want %.17g", c.z, c.class, e, c.want)
		}
	}
}

// TestInvalidLoss: a LossFunc that is not one of the constants is an error
// from Forward, Backward, Trace and Train, naming it, not a panic; the
// network is not changed and works again once its Loss is valid.
func TestInvalidLoss(t *testing.T) {
	x, y := xorData()
	net := tutorialNet(t)
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
	net.Loss = mlp.LossFunc(99)
	before := layerSnapshot(net)
	const want = "unknown loss LossFunc(99)"
	_, err := net.Forward(x)
	if err == nil || !strings.HasPrefix(err.Error(), "mlp: Forward: ") || !strings.Contains(err.Error(), want) {
		t.Errorf("Forward with LossFunc(99): error = %v, want mlp: Forward: ... %s", err, want)
	}
	_, err = net.Backward(y)
	if err == nil || !strings.HasPrefix(err.Error(), "mlp: Backward: ") || !strings.Contains(err.Error(), want) {
		t.Errorf("Backward with LossFunc(99): error = %v, want mlp: Backward: ... %s", err, want)
	}
	if _, err := net.Trace(x, y, 1); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Trace with LossFunc(99): error = %v, want %s", err, want)
	}
	if _, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1, LearningRate: 1}); err == nil || !strings.Contains(err.Error(), "unknown loss LossFunc(99)") {
		t.Errorf("Train with LossFunc(99): error = %v, want unknown loss", err)
	}
	sameBits(t, "after the failed calls", layerSnapshot(net), before)
	net.Loss = mlp.SquaredError
	if _, err := backward(net, x, y); err != nil {
		t.Errorf("Forward and Backward with the Loss set right again: %v", err)
	}
}
