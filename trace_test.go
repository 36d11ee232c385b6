package mlp_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestTraceTutorial: the trace of the tutorial's network holds every matrix
// the tutorial prints, in the tutorial's order, printed as the tutorial
// prints it, then the prediction after the update that the tutorial's table
// shows.
func TestTraceTutorial(t *testing.T) {
	net := tutorialNet(t)
	x, y := xorData()
	tr, err := net.Trace(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	next := 0 // the steps before next are used up
	for _, b := range tutorialBlocks(t) {
		k := next
		for k < len(tr.Steps) && tr.Steps[k].Name != b.name {
			k++
		}
		if k == len(tr.Steps) {
			t.Errorf("Trace: no step %q after step %d (%s); the tutorial's order is broken", b.name, next, tr.Steps[next-1].Name)
			continue
		}
		got := tr.Steps[k].Value.String()
		if b.name == "delta_w01" { // X, a numpy integer array in the tutorial
			got = fmt.Sprintf("%d", tr.Steps[k].Value)
		}
		if got != b.text {
			t.Errorf("Trace step %q =\n%s\nwant (the tutorial)\n%s", b.name, got, b.text)
		}
		next = k + 1
	}
	// The prediction table after the update, from the tutorial.
	checkPrinted(t, "a_o_new", tr.Lookup("a_o_new").Value, `
[[ 0.98786405]
 [ 0.98309866]
 [ 0.98309866]
 [ 0.96660214]]`)
	if tr.OutputAfter != tr.Lookup("a_o_new").Value || tr.Output != tr.Lookup("a_o").Value {
		t.Errorf("Trace Output, OutputAfter are not the a_o and a_o_new steps' matrices")
	}
	// E is the sum of the per-sample errors the tutorial prints.
	if want := 4.91567136e-01 + 2*7.29725915e-05 + 4.75115235e-01; math.Abs(tr.E-want) > 2e-9 {
		t.Errorf("Trace E = %.10g, want %.10g", tr.E, want)
	}
	if !(tr.EAfter < tr.E) {
		t.Errorf("Trace EAfter = %v, want less than E = %v after a step downhill", tr.EAfter, tr.E)
	}
	wantShapes := map[string]string{
		"z_h":                "4x3 · 3x5 = 4x5",
		"z_o":                "4x5 · 5x1 = 4x1",
		"delta_output_layer": "5x4 · 4x1 = 5x1",
		"delta_a_h":          "4x1 · 1x5 = 4x5",
		"delta_hidden_layer": "3x4 · 4x5 = 3x5",
	}
	for name, want := range wantShapes {
		if got := tr.Lookup(name).Shapes; got != want {
			t.Errorf("Trace step %q Shapes = %q, want %q (the tutorial's)", name, got, want)
		}
	}
	if tr.Lookup("no such step") != nil {
		t.Error("Lookup(\"no such step\") != nil")
	}
}

// layerSnapshot copies every matrix of a network's layers.
func layerSnapshot(net *mlp.Network) map[string]*mlp.Matrix {
	s := map[string]*mlp.Matrix{}
	for i, l := range net.Layers {
		for name, m := range map[string]*mlp.Matrix{"W": l.W, "B": l.B, "Z": l.Z, "A": l.A, "DA": l.DA, "DZ": l.DZ, "DW": l.DW, "DB": l.DB} {
			if m != nil {
				s[fmt.Sprintf("Layers[%d].%s", i, name)] = m.Clone()
			}
		}
	}
	return s
}

// sameBits fails unless got and want hold the same matrices, bit for bit.
func sameBits(t *testing.T, what string, got, want map[string]*mlp.Matrix) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d matrices, want %d", what, len(got), len(want))
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: %s missing", what, name)
			continue
		}
		if !equalBits(g, w) {
			t.Errorf("%s: %s = %v, want %v", what, name, g, w)
		}
	}
}

func equalBits(a, b *mlp.Matrix) bool {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return false
	}
	for i, v := range a.RawData() {
		if math.Float64bits(v) != math.Float64bits(b.RawData()[i]) {
			return false
		}
	}
	return true
}

// twoNets returns two networks with the same sizes, options and weights.
func twoNets(t *testing.T, sizes []int, opts ...mlp.Option) (*mlp.Network, *mlp.Network) {
	t.Helper()
	a, err := mlp.New(sizes, opts...)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := mlp.New(sizes, opts...)
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range a.Layers {
		if a.Layers[i].B != nil {
			for j := range a.Layers[i].B.RawData() {
				v := 0.2 * rng.NormFloat64()
				a.Layers[i].B.RawData()[j], b.Layers[i].B.RawData()[j] = v, v
			}
		}
	}
	return a, b
}

// scaledTanh is an Activation that is not Elementwise: a = 2·tanh(z).
type scaledTanh struct{}

func (scaledTanh) String() string { return "2tanh" }
func (scaledTanh) Apply(a, z *mlp.Matrix) {
	r, c := z.Dims()
	a.Copy(mlp.NewMatrix(r, c, nil))
	for i, v := range z.RawData() {
		a.RawData()[i] = 2 * math.Tanh(v)
	}
}
func (scaledTanh) Backprop(dz, z, a, da *mlp.Matrix) {
	dz.Copy(da)
	for i, v := range a.RawData() {
		dz.RawData()[i] *= 2 * (1 - v*v/4)
	}
}

// TestTraceChangesNothing: a traced network ends exactly as one that ran
// Forward, Backward and Step, and each recorded matrix is the one the
// untraced network computed.
func TestTraceChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tt := range []struct {
		name  string
		sizes []int
		opts  []mlp.Option
	}{
		{"tutorial sizes", []int{3, 5, 1}, []mlp.Option{mlp.WithoutBias()}},
		{"tanh with biases", []int{4, 7, 5, 3}, []mlp.Option{mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Identity)}},
		{"relu", []int{2, 6, 2}, []mlp.Option{mlp.WithActivation(mlp.ReLU)}},
		{"not elementwise", []int{3, 4, 2}, []mlp.Option{mlp.WithActivation(scaledTanh{})}},
		{"one layer", []int{3, 2}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			traced, plain := twoNets(t, tt.sizes, tt.opts...)
			n, in, out := 6, tt.sizes[0], tt.sizes[len(tt.sizes)-1]
			x, y := randMatrix(rng, n, in), randMatrix(rng, n, out)
			xc, yc := x.Clone(), y.Clone()
			const eta = 0.1

			tr, err := traced.Trace(x, y, eta)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := plain.Forward(x); err != nil {
				t.Fatal(err)
			}
			afterForward := layerSnapshot(plain)
			e, err := plain.Backward(y)
			if err != nil {
				t.Fatal(err)
			}
			afterBackward := layerSnapshot(plain)
			plain.Step(eta)
			sameBits(t, "after Trace", layerSnapshot(traced), layerSnapshot(plain))
			if !equalBits(x, xc) || !equalBits(y, yc) {
				t.Errorf("Trace changed its arguments")
			}
			if tr.E != e {
				t.Errorf("Trace E = %v, want Backward's %v", tr.E, e)
			}

			// Each step's matrix is the plain network's at that point.
			L := len(plain.Layers)
			checks := 0
			for l := 0; l < L; l++ {
				for _, f := range []struct{ stage, field string }{
					{"forward", "Z"}, {"forward", "A"},
					{"backward", "DA"}, {"backward", "DZ"}, {"backward", "DW"}, {"backward", "DB"},
				} {
					src := afterForward
					if f.stage == "backward" {
						src = afterBackward
					}
					want, ok := src[fmt.Sprintf("Layers[%d].%s", l, f.field)]
					if !ok {
						continue
					}
					name := stepName(f.field, l, L)
					step := tr.Lookup(name)
					if step == nil || step.Stage != f.stage || step.Layer != l {
						t.Errorf("Lookup(%q) = %+v, want the %s step of Layers[%d]", name, step, f.stage, l)
						continue
					}
					checks++
					if !equalBits(step.Value, want) {
						t.Errorf("step %s = %v, want Layers[%d].%s %v", name, step.Value, l, f.field, want)
					}
				}
				if got, want := tr.Lookup(stepName("W", l, L)+"_new").Value, plain.Layers[l].W; !equalBits(got, want) {
					t.Errorf("step %s_new = %v, want W after Step %v", stepName("W", l, L), got, want)
				}
			}
			if checks < 5*L {
				t.Errorf("checked %d steps against the plain network, want at least %d", checks, 5*L)
			}
			if !equalBits(tr.Lookup("X").Value, x) || !equalBits(tr.Lookup("y").Value, y) {
				t.Errorf("Trace steps X, y = %v, %v, want %v, %v", tr.Lookup("X").Value, tr.Lookup("y").Value, x, y)
			}
			// The prediction is what the updated network computes.
			a, err := plain.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			if !equalBits(tr.OutputAfter, a) {
				t.Errorf("Trace OutputAfter = %v, want Forward after Step %v", tr.OutputAfter, a)
			}
			if want := plain.Loss.Errors(new(mlp.Matrix), a, y); tr.EAfter != want {
				t.Errorf("Trace EAfter = %v, want %v", tr.EAfter, want)
			}
			// The recorded matrices are copies: the next pass leaves them alone.
			before := tr.String()
			if _, err := traced.Trace(x, y, eta); err != nil {
				t.Fatal(err)
			}
			if tr.String() != before {
				t.Error("a second Trace changed the first one's matrices")
			}
		})
	}
}

// stepName is the trace's name of a Layer field of Layers[l] in a network of
// L layers: the tutorial's names for two layers, numbered from 1 otherwise.
func stepName(field string, l, L int) string {
	if L != 2 {
		return fmt.Sprintf("%s%d", field, l+1)
	}
	names := map[string][2]string{
		"W": {"w01", "w12"}, "B": {"b_h", "b_o"}, "Z": {"z_h", "z_o"}, "A": {"a_h", "a_o"},
		"DA": {"delta_a_h", "delta_a_o_error"}, "DZ": {"delta_h", "delta_o"},
		"DW": {"delta_hidden_layer", "delta_output_layer"}, "DB": {"delta_b_h", "delta_b_o"},
	}
	return names[field][l]
}

func stepNames(tr *mlp.Trace) []string {
	var names []string
	for _, s := range tr.Steps {
		names = append(names, s.Name)
	}
	return names
}

// TestTraceNames: the tutorial's names for two layers, numbered names for
// any other depth, in the order of the computation, and stages in order.
func TestTraceNames(t *testing.T) {
	x, y := xorData()
	tr, err := tutorialNet(t).Trace(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := "X w01 z_h a_h w12 z_o a_o y a_o_error " +
		"delta_a_o_error delta_z_o delta_o delta_w12 delta_output_layer " +
		"delta_a_h delta_z_h delta_h delta_w01 delta_hidden_layer " +
		"w12_new w01_new a_o_new"
	if got := strings.Join(stepNames(tr), " "); got != want {
		t.Errorf("tutorial Trace names =\n%s\nwant\n%s", got, want)
	}

	net, err := mlp.New([]int{2, 3, 2, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(4))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	tr, err = net.Trace(randMatrix(rng, 5, 2), randMatrix(rng, 5, 1), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want = "X W1 B1 Z1 A1 W2 B2 Z2 A2 W3 B3 Z3 A3 y E_i " +
		"DA3 dA3/dZ3 DZ3 dZ3/dW3 DW3 DB3 " +
		"DA2 dA2/dZ2 DZ2 dZ2/dW2 DW2 DB2 " +
		"DA1 dA1/dZ1 DZ1 dZ1/dW1 DW1 DB1 " +
		"W3_new B3_new W2_new B2_new W1_new B1_new A3_new"
	if got := strings.Join(stepNames(tr), " "); got != want {
		t.Errorf("3-layer Trace names =\n%s\nwant\n%s", got, want)
	}
	stages := []string{"forward", "error", "backward", "update", "prediction"}
	k := 0
	for _, s := range tr.Steps {
		for k < len(stages) && stages[k] != s.Stage {
			k++
		}
		if k == len(stages) {
			t.Errorf("step %s has stage %q out of order", s.Name, s.Stage)
			break
		}
		if s.Meaning == "" || s.Formula == "" || s.TeX == "" || s.Shapes == "" || s.Value == nil {
			t.Errorf("step %s has an empty field: %+v", s.Name, s)
		}
	}
	// The local derivative of tanh, against math.Tanh.
	z, d := tr.Lookup("Z2").Value, tr.Lookup("dA2/dZ2").Value
	for i, v := range z.RawData() {
		th := math.Tanh(v)
		if got, want := d.RawData()[i], 1-th*th; math.Abs(got-want) > 1e-15 {
			t.Errorf("dA2/dZ2[%d] = %v, want 1 − tanh²(%v) = %v", i, got, v, want)
		}
	}
	if got, want := tr.Lookup("Z2").Shapes, "5x3 · 3x2 + 1x2 = 5x2"; got != want {
		t.Errorf("Z2 Shapes = %q, want %q", got, want)
	}
	if got, want := tr.Lookup("DB2").Shapes, "Σ_rows 5x2 = 1x2"; got != want {
		t.Errorf("DB2 Shapes = %q, want %q", got, want)
	}

	// An Activation that is not Elementwise has no local-derivative step.
	net, _ = mlp.New([]int{2, 3}, mlp.WithActivation(scaledTanh{}))
	tr, err = net.Trace(randMatrix(rng, 2, 2), randMatrix(rng, 2, 3), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(stepNames(tr), " "), "X W1 B1 Z1 A1 y E_i DA1 DZ1 dZ1/dW1 DW1 DB1 W1_new B1_new A1_new"; got != want {
		t.Errorf("Trace names with a custom Activation =\n%s\nwant\n%s", got, want)
	}
}

// TestTraceErrors: bad input is an error naming what was expected, and the
// network is not touched.
func TestTraceErrors(t *testing.T) {
	x, y := xorData()
	noLoss := tutorialNet(t)
	noLoss.Loss = nil
	for _, tt := range []struct {
		net  *mlp.Network
		x, y *mlp.Matrix
		eta  float64
		want string
	}{
		{tutorialNet(t), nil, y, 3, "mlp: Trace: input is nil"},
		{tutorialNet(t), x, nil, 3, "mlp: Trace: target is nil"},
		{tutorialNet(t), x, mlp.NewMatrix(4, 2, nil), 3, "mlp: Trace: target is 4x2, want 4x1"},
		{tutorialNet(t), x, mlp.NewMatrix(3, 1, nil), 3, "mlp: Trace: target is 3x1, want 4x1"},
		{tutorialNet(t), x, y, math.NaN(), "mlp: Trace: learning rate is NaN, want a finite number > 0"},
		{tutorialNet(t), x, y, -1, "mlp: Trace: learning rate is -1, want a finite number > 0"},
		{tutorialNet(t), x, y, 0, "mlp: Trace: learning rate is 0, want a finite number > 0"},
		{tutorialNet(t), x, y, math.Inf(1), "mlp: Trace: learning rate is +Inf"},
		{noLoss, x, y, 3, "mlp: Trace: network has no Loss"},
		{tutorialNet(t), mlp.NewMatrix(4, 2, nil), y, 3, "mlp: Trace: input has 2 columns, network expects 3"},
		{&mlp.Network{Loss: mlp.SquaredError}, x, y, 3, "mlp: Trace: network has no layers"},
	} {
		before := layerSnapshot(tt.net)
		tr, err := tt.net.Trace(tt.x, tt.y, tt.eta)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Trace(%v, %v, %v) error = %v, want %q", tt.x, tt.y, tt.eta, err, tt.want)
		}
		if tr != nil {
			t.Errorf("Trace returned %v with an error, want nil", tr)
		}
		sameBits(t, "after a failed Trace", layerSnapshot(tt.net), before)
	}
	// The network still traces correctly afterwards.
	net := tutorialNet(t)
	net.Trace(x, mlp.NewMatrix(4, 2, nil), 3)
	tr, err := net.Trace(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkPrinted(t, "a_o after failed Traces", tr.Output, `
[[ 0.99153128]
 [ 0.98791922]
 [ 0.98791922]
 [ 0.97479766]]`)
}

// failWriter fails once n bytes have been written.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// deepTraceNet is a 2-3-2-1 network with biases, a custom activation
// (softplus), tanh and a linear output, with fixed weights.
func deepTraceNet(t testing.TB) (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
	t.Helper()
	softplus := mlp.NewActivation("softplus",
		func(z float64) float64 { return math.Log1p(math.Exp(z)) },
		func(z, a float64) float64 { return 1 / (1 + math.Exp(-z)) })
	net, err := mlp.New([]int{2, 3, 2, 1}, mlp.WithActivation(softplus), mlp.WithOutputActivation(mlp.Identity))
	if err != nil {
		t.Fatal(err)
	}
	net.Layers[1].Activation = mlp.Tanh
	weights := [][]float64{
		{0.5, -0.25, 1, -1, 0.75, 0.125}, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {1.5, -0.5},
	}
	biases := [][]float64{{0, 0.1, -0.1}, {0.05, -0.05}, {0.25}}
	for i, l := range net.Layers {
		copy(l.W.RawData(), weights[i])
		copy(l.B.RawData(), biases[i])
	}
	x := mlp.NewMatrix(3, 2, []float64{1, 2, -1, 0.5, 0, -2})
	y := mlp.NewMatrix(3, 1, []float64{1, -1, 0.5})
	return net, x, y
}

// TestTraceGolden compares the text and Markdown renderings with the files
// in testdata (go test -run TestTraceGolden -update rewrites them). The
// numbers of the tutorial's rendering are checked against the tutorial
// itself: every block it prints appears, in order.
func TestTraceGolden(t *testing.T) {
	x, y := xorData()
	tutorial, err := tutorialNet(t).Trace(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	net, dx, dy := deepTraceNet(t)
	deep, err := net.Trace(dx, dy, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		file  string
		trace *mlp.Trace
		write func(*mlp.Trace, *bytes.Buffer) error
	}{
		{"trace_tutorial.txt", tutorial, func(tr *mlp.Trace, b *bytes.Buffer) error { return tr.WriteText(b) }},
		{"trace_tutorial.md", tutorial, func(tr *mlp.Trace, b *bytes.Buffer) error { return tr.WriteMarkdown(b) }},
		{"trace_deep.txt", deep, func(tr *mlp.Trace, b *bytes.Buffer) error { return tr.WriteText(b) }},
		{"trace_deep.md", deep, func(tr *mlp.Trace, b *bytes.Buffer) error { return tr.WriteMarkdown(b) }},
	} {
		var b bytes.Buffer
		if err := g.write(g.trace, &b); err != nil {
			t.Fatal(err)
		}
		path := "testdata/" + g.file
		if *updateGolden {
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestTraceGolden -update to create it)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s differs from the rendering:\n%s", path, firstDiff(got, string(want)))
		}
		if g.trace == tutorial {
			rest := b.String()
			for _, blk := range tutorialBlocks(t) {
				if blk.name == "delta_w01" {
					continue // an integer array in the tutorial
				}
				i := strings.Index(rest, blk.text)
				if i < 0 {
					t.Errorf("%s: tutorial block %s missing or out of order", path, blk.name)
					continue
				}
				rest = rest[i+len(blk.text):]
			}
		}
	}
	if got := tutorial.String(); !strings.HasPrefix(got, "One training step of a 3-5-1 network (sigmoid, sigmoid), squared-error loss, 4 samples, learning rate 3.\n") {
		t.Errorf("Trace.String() starts %q", got[:min(len(got), 120)])
	}
	for n := 0; n < 200; n += 37 {
		if err := tutorial.WriteText(&failWriter{n}); err == nil || err.Error() != "disk full" {
			t.Errorf("WriteText to a writer failing after %d bytes: error = %v, want disk full", n, err)
		}
		if err := deep.WriteMarkdown(&failWriter{n}); err == nil || err.Error() != "disk full" {
			t.Errorf("WriteMarkdown to a writer failing after %d bytes: error = %v, want disk full", n, err)
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return "(no difference)"
}

// A formulaKind is one kind of backward formula the trace prints for the
// built-in activations and losses, recognised from its text (the part after
// "NAME = ∂…/∂… = ") and recomputed from the values of the steps it names.
type formulaKind struct {
	name string
	re   *regexp.Regexp
	// eval returns the value of the formula at element (i, j), and the size
	// of the terms that went into it, for the rounding tolerance. ops are the
	// named steps' values, in the order the pattern captures them, and y
	// the targets.
	eval func(ops []*mlp.Matrix, y *mlp.Matrix, i, j int) (v, size float64)
}

// opName matches a step's name in a formula: no spaces, brackets or operators.
const opName = `([^\s()⊙·−ᵀΣ]+)`

// sumTerms returns Σ_k term(k) for k < n, and Σ_k |term(k)|.
func sumTerms(n int, term func(k int) float64) (s, size float64) {
	for k := 0; k < n; k++ {
		v := term(k)
		s += v
		size += math.Abs(v)
	}
	return s, size
}

// formulaKinds are written out from the formulas' meaning, not from the
// library: a ⊙ b is the product element by element, ⊘ the quotient, Σ_row
// the sum along a row (one per sample), Σ_rows the sum down the columns.
var formulaKinds = []formulaKind{
	{"a − y", regexp.MustCompile(`^` + opName + ` − y$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		return o[0].At(i, j) - y.At(i, j), math.Abs(o[0].At(i, j)) + math.Abs(y.At(i, j))
	}},
	{"(Σ_row y) ⊙ a − y", regexp.MustCompile(`^\(Σ_row y\) ⊙ ` + opName + ` − y$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		_, cols := y.Dims()
		s, size := sumTerms(cols, func(k int) float64 { return y.At(i, k) })
		return s*o[0].At(i, j) - y.At(i, j), size*math.Abs(o[0].At(i, j)) + math.Abs(y.At(i, j))
	}},
	{"a ⊙ (da − Σ_row(a ⊙ da))", regexp.MustCompile(`^` + opName + ` ⊙ \(` + opName + ` − Σ_row\(` + opName + ` ⊙ ` + opName + `\)\)$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		_, cols := o[2].Dims()
		dot, size := sumTerms(cols, func(k int) float64 { return o[2].At(i, k) * o[3].At(i, k) })
		return o[0].At(i, j) * (o[1].At(i, j) - dot), math.Abs(o[0].At(i, j)) * (math.Abs(o[1].At(i, j)) + size)
	}},
	{"σ'(z) = a ⊙ (1 − a)", regexp.MustCompile(`^σ'\(` + opName + `\) = ` + opName + ` ⊙ \(1 − ` + opName + `\)$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		a := o[1].At(i, j)
		return a * (1 - o[2].At(i, j)), math.Abs(a)
	}},
	{"tanh'(z) = 1 − a ⊙ a", regexp.MustCompile(`^tanh'\(` + opName + `\) = 1 − ` + opName + ` ⊙ ` + opName + `$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		return 1 - o[1].At(i, j)*o[2].At(i, j), 1
	}},
	{"1 where z > 0, else 0", regexp.MustCompile(`^1 where ` + opName + ` > 0, else 0$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		if o[0].At(i, j) > 0 {
			return 1, 1
		}
		return 0, 0
	}},
	{"1", regexp.MustCompile(`^1$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) { return 1, 1 }},
	{"a ⊙ b", regexp.MustCompile(`^` + opName + ` ⊙ ` + opName + `$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		v := o[0].At(i, j) * o[1].At(i, j)
		return v, math.Abs(v)
	}},
	{"aᵀ · b", regexp.MustCompile(`^` + opName + `ᵀ · ` + opName + `$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		rows, _ := o[0].Dims()
		return sumTerms(rows, func(k int) float64 { return o[0].At(k, i) * o[1].At(k, j) })
	}},
	{"a · bᵀ", regexp.MustCompile(`^` + opName + ` · ` + opName + `ᵀ$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		_, cols := o[0].Dims()
		return sumTerms(cols, func(k int) float64 { return o[0].At(i, k) * o[1].At(j, k) })
	}},
	{"Σ_rows a", regexp.MustCompile(`^Σ_rows ` + opName + `$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		rows, _ := o[0].Dims()
		return sumTerms(rows, func(k int) float64 { return o[0].At(k, j) })
	}},
	{"−y ⊘ a", regexp.MustCompile(`^−y ⊘ ` + opName + `, 0 where ` + opName + ` < ε = 2⁻¹⁰²²$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		const eps = 2.2250738585072014e-308 // 2⁻¹⁰²²
		if o[0].At(i, j) < eps {
			return 0, 0
		}
		v := -y.At(i, j) / o[0].At(i, j)
		return v, math.Abs(v)
	}},
	{"−y ⊘ a + (1 − y) ⊘ (1 − a)", regexp.MustCompile(`^−y ⊘ ` + opName + ` \+ \(1 − y\) ⊘ \(1 − ` + opName + `\), each part 0 where its divisor < ε = 2⁻¹⁰²²$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		const eps = 2.2250738585072014e-308
		a, t := o[0].At(i, j), y.At(i, j)
		v, size := 0.0, 0.0
		if a >= eps {
			v -= t / a
			size += math.Abs(t / a)
		}
		if 1-a >= eps {
			v += (1 - t) / (1 - a)
			size += math.Abs((1 - t) / (1 - a))
		}
		return v, size
	}},
	{"a", regexp.MustCompile(`^` + opName + `$`), func(o []*mlp.Matrix, y *mlp.Matrix, i, j int) (float64, float64) {
		return o[0].At(i, j), math.Abs(o[0].At(i, j))
	}},
}

// backwardHead splits a backward formula "NAME = ∂E/∂z_o = RHS" (or
// "NAME = ∂a_o/∂z_o = RHS").
var backwardHead = regexp.MustCompile(`^(\S+) = ∂\S+ = (.*)$`)

// checkBackwardFormulas recomputes every backward step of tr from its
// printed formula and the printed values of the steps it names, which must
// come before it, and fails unless that gives the step's value to float64
// rounding. It returns the kind of formula of each step, by name.
func checkBackwardFormulas(t *testing.T, tr *mlp.Trace) map[string]string {
	t.Helper()
	kinds := map[string]string{}
	seen := map[string]*mlp.Matrix{}
	y := tr.Lookup("y").Value
	for _, s := range tr.Steps {
		if s.Stage != "backward" {
			seen[s.Name] = s.Value
			continue
		}
		m := backwardHead.FindStringSubmatch(s.Formula)
		if m == nil || m[1] != s.Name {
			t.Errorf("step %s: formula %q is not NAME = ∂…/∂… = …", s.Name, s.Formula)
			continue
		}
		rhs := m[2]
		var kind *formulaKind
		var ops []string
		for k := range formulaKinds {
			if sub := formulaKinds[k].re.FindStringSubmatch(rhs); sub != nil {
				kind, ops = &formulaKinds[k], sub[1:]
				break
			}
		}
		if kind == nil {
			t.Errorf("step %s: formula %q is of no known kind", s.Name, s.Formula)
			continue
		}
		kinds[s.Name] = kind.name
		var vals []*mlp.Matrix
		for _, op := range ops {
			v, ok := seen[op]
			if !ok {
				t.Errorf("step %s: formula %q names %s, which is not a step before it", s.Name, s.Formula, op)
				break
			}
			vals = append(vals, v)
		}
		if len(vals) < len(ops) {
			continue
		}
		r, c := s.Value.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				want, size := kind.eval(vals, y, i, j)
				got := s.Value.At(i, j)
				if !(math.Abs(got-want) <= 0x1p-48*size+0x1p-1060) && !(got == want) {
					t.Errorf("step %s(%d,%d) = %.17g, but its formula %q gives %.17g from the printed operands", s.Name, i, j, got, s.Formula, want)
				}
			}
		}
		seen[s.Name] = s.Value
	}
	return kinds
}

// checkErrorBlock fails unless the error of each sample in tr sums to E.
func checkErrorBlock(t *testing.T, tr *mlp.Trace) {
	t.Helper()
	var errs *mlp.TraceStep
	for i := range tr.Steps {
		if tr.Steps[i].Stage == "error" && tr.Steps[i].Name != "y" {
			errs = &tr.Steps[i]
		}
	}
	sum, size := 0.0, 0.0
	for _, v := range errs.Value.RawData() {
		sum += v
		size += math.Abs(v)
	}
	if !(math.Abs(sum-tr.E) <= 0x1p-50*size) {
		t.Errorf("the errors %s = %v sum to %.17g, want E = %.17g", errs.Name, errs.Value.RawData(), sum, tr.E)
	}
}

// TestTraceEveryPairing: for every built-in output activation with every
// built-in loss, on an easy input and a saturated one, in a network of two
// layers (the tutorial's names) and of three (numbered names, with ReLU and
// Softmax hidden layers), every backward formula of the trace gives the
// step's value from the printed operands it names, the errors of the samples
// sum to E, and the output layer's delta is shown as computed: a − y where
// the loss is fused with its output, through the softmax Jacobian for any
// other loss on Softmax, and DA ⊙ f'(Z) otherwise.
func TestTraceEveryPairing(t *testing.T) {
	x := mlp.NewMatrix(4, 2, []float64{0.5, -1, 2, 0.3, -0.7, 0.1, 0, 1.5})
	oneHot := mlp.NewMatrix(4, 3, []float64{1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0})
	type tcase struct {
		name  string
		sizes []int
		act   mlp.Activation
		loss  mlp.LossFunc
		scale float64 // of the output layer's weights and biases: 1000 saturates
		y     *mlp.Matrix
	}
	var cases []tcase
	for _, act := range outputActivations {
		for _, loss := range allLosses {
			for _, sizes := range [][]int{{2, 4, 3}, {2, 4, 3, 3}} {
				for _, in := range []struct {
					name  string
					scale float64
				}{{"easy", 1}, {"saturated", 1000}} {
					cases = append(cases, tcase{fmt.Sprintf("%v/%v/%d layers/%s", act, loss, len(sizes)-1, in.name), sizes, act, loss, in.scale, oneHot})
				}
			}
		}
	}
	// Targets whose rows do not sum to 1: (Σ_row y) ⊙ a − y.
	soft := mlp.NewMatrix(4, 3, []float64{0.5, 0.25, 0, 0, 0, 1, 0.3, 0.3, 0.3, 1, 1, 0})
	cases = append(cases, tcase{"softmax/cross-entropy/soft targets", []int{2, 4, 3}, mlp.Softmax, mlp.CrossEntropy, 1, soft})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			net, err := mlp.New(c.sizes, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(c.act), mlp.WithLoss(c.loss), mlp.WithSeed(3))
			if err != nil {
				t.Fatal(err)
			}
			if len(net.Layers) == 3 {
				net.Layers[0].Activation = mlp.ReLU
				net.Layers[1].Activation = mlp.Softmax
			}
			out := net.Layers[len(net.Layers)-1]
			for k, b := range out.B.RawData() {
				out.B.RawData()[k] = b + 0.1*float64(k)
			}
			for _, m := range []*mlp.Matrix{out.W, out.B} {
				for k := range m.RawData() {
					m.RawData()[k] *= c.scale
				}
			}
			tr, err := net.Trace(x, c.y, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			if c.scale > 1 {
				maxZ := 0.0
				for _, v := range out.Z.RawData() {
					maxZ = max(maxZ, math.Abs(v))
				}
				if maxZ < 100 {
					t.Fatalf("saturated case has |Z| at most %v, want far beyond 40", maxZ)
				}
			}
			kinds := checkBackwardFormulas(t, tr)
			checkErrorBlock(t, tr)

			L := len(net.Layers)
			dz := stepName("DZ", L-1, L)
			step := tr.Lookup(dz)
			fused := (c.act == mlp.Softmax && c.loss == mlp.CrossEntropy) || (c.act == mlp.Sigmoid && c.loss == mlp.BinaryCrossEntropy)
			var want string
			switch {
			case fused && c.y == soft:
				want = "(Σ_row y) ⊙ a − y"
			case fused:
				want = "a − y"
			case c.act == mlp.Softmax:
				want = "a ⊙ (da − Σ_row(a ⊙ da))"
			default:
				want = "a ⊙ b"
			}
			if kinds[dz] != want {
				t.Errorf("output delta %s: formula %q, want one of the kind %s", dz, step.Formula, want)
			}
			if fused && !strings.Contains(step.Meaning, "simplifies to") {
				t.Errorf("output delta %s: meaning %q does not say why it is the combined gradient", dz, step.Meaning)
			}
			// The local derivative is shown only where the delta goes through it.
			local := "delta_z_o"
			if L != 2 {
				local = fmt.Sprintf("dA%d/dZ%d", L, L)
			}
			if has := tr.Lookup(local) != nil; has != (want == "a ⊙ b") {
				t.Errorf("step %s present = %v, want %v for a delta of the kind %s", local, has, !has, want)
			}
		})
	}
}

// deepReference computes the training step of deepTraceNet in plain loops,
// independently of the library: softplus f(z) = ln(1+e^z) with
// f'(z) = 1/(1+e^(−z)), then tanh with f'(z) = 1 − tanh²(z), then the
// identity, squared error, learning rate 0.5. It returns each quantity by
// its trace name, with its shape, and E before and after the update.
func deepReference() (ref map[string][]float64, dims map[string][2]int, e, eAfter float64) {
	sizes := []int{2, 3, 2, 1}
	ws := [][]float64{{0.5, -0.25, 1, -1, 0.75, 0.125}, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {1.5, -0.5}}
	bs := [][]float64{{0, 0.1, -0.1}, {0.05, -0.05}, {0.25}}
	f := []func(float64) float64{
		func(z float64) float64 { return math.Log1p(math.Exp(z)) },
		math.Tanh,
		func(z float64) float64 { return z },
	}
	df := []func(float64) float64{
		func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
		func(z float64) float64 { return 1 - math.Tanh(z)*math.Tanh(z) },
		func(z float64) float64 { return 1 },
	}
	x := []float64{1, 2, -1, 0.5, 0, -2}
	y := []float64{1, -1, 0.5}
	const n, eta = 3, 0.5
	ref, dims = map[string][]float64{}, map[string][2]int{}
	put := func(name string, v []float64, rows, cols int) { ref[name], dims[name] = v, [2]int{rows, cols} }
	forward := func(ws, bs [][]float64) (zs, as [][]float64) {
		in := x
		for l := 0; l < 3; l++ {
			nin, nout := sizes[l], sizes[l+1]
			z, a := make([]float64, n*nout), make([]float64, n*nout)
			for s := 0; s < n; s++ {
				for j := 0; j < nout; j++ {
					v := bs[l][j]
					for i := 0; i < nin; i++ {
						v += in[s*nin+i] * ws[l][i*nout+j]
					}
					z[s*nout+j], a[s*nout+j] = v, f[l](v)
				}
			}
			zs, as = append(zs, z), append(as, a)
			in = a
		}
		return zs, as
	}
	sse := func(a []float64) (ei []float64, total float64) {
		for s := 0; s < n; s++ {
			d := a[s] - y[s]
			ei = append(ei, d*d/2)
			total += d * d / 2
		}
		return ei, total
	}
	zs, as := forward(ws, bs)
	for l := 0; l < 3; l++ {
		k := strconv.Itoa(l + 1)
		put("Z"+k, zs[l], n, sizes[l+1])
		put("A"+k, as[l], n, sizes[l+1])
	}
	ei, e := sse(as[2])
	put("E_i", ei, n, 1)
	da := make([]float64, n)
	for s := range da {
		da[s] = as[2][s] - y[s]
	}
	wNew, bNew := make([][]float64, 3), make([][]float64, 3)
	for l := 2; l >= 0; l-- {
		k := strconv.Itoa(l + 1)
		nin, nout := sizes[l], sizes[l+1]
		prev := x
		if l > 0 {
			prev = as[l-1]
		}
		dadz, dz := make([]float64, n*nout), make([]float64, n*nout)
		for i, z := range zs[l] {
			dadz[i] = df[l](z)
			dz[i] = da[i] * dadz[i]
		}
		dw, db := make([]float64, nin*nout), make([]float64, nout)
		for i := 0; i < nin; i++ {
			for j := 0; j < nout; j++ {
				for s := 0; s < n; s++ {
					dw[i*nout+j] += prev[s*nin+i] * dz[s*nout+j]
				}
			}
		}
		for s := 0; s < n; s++ {
			for j := 0; j < nout; j++ {
				db[j] += dz[s*nout+j]
			}
		}
		put("DA"+k, da, n, nout)
		put("dA"+k+"/dZ"+k, dadz, n, nout)
		put("DZ"+k, dz, n, nout)
		put("dZ"+k+"/dW"+k, prev, n, nin)
		put("DW"+k, dw, nin, nout)
		put("DB"+k, db, 1, nout)
		if l > 0 {
			da = make([]float64, n*nin)
			for s := 0; s < n; s++ {
				for i := 0; i < nin; i++ {
					for j := 0; j < nout; j++ {
						da[s*nin+i] += dz[s*nout+j] * ws[l][i*nout+j]
					}
				}
			}
		}
		wNew[l], bNew[l] = make([]float64, len(dw)), make([]float64, nout)
		for i := range dw {
			wNew[l][i] = ws[l][i] - eta*dw[i]
		}
		for j := range db {
			bNew[l][j] = bs[l][j] - eta*db[j]
		}
		put("W"+k+"_new", wNew[l], nin, nout)
		put("B"+k+"_new", bNew[l], 1, nout)
	}
	_, asNew := forward(wNew, bNew)
	put("A3_new", asNew[2], n, 1)
	_, eAfter = sse(asNew[2])
	return ref, dims, e, eAfter
}

// goldenBlocks returns the matrices printed in a golden trace rendering, by
// step name: in the text after each step's two header lines, in Markdown in
// the code block of each "### `NAME`" section.
func goldenBlocks(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]string{}
	if strings.HasSuffix(path, ".md") {
		for _, sec := range strings.Split(string(b), "\n### `")[1:] {
			name, rest, _ := strings.Cut(sec, "`")
			_, code, _ := strings.Cut(rest, "```\n")
			code, _, _ = strings.Cut(code, "\n```")
			blocks[name] = code
		}
		return blocks
	}
	for _, blk := range strings.Split(string(b), "\n\n") {
		lines := strings.Split(blk, "\n")
		if len(lines) < 3 || !strings.HasPrefix(lines[2], "[") {
			continue
		}
		blocks[strings.Fields(lines[0])[0]] = strings.Join(lines[2:], "\n")
	}
	return blocks
}

// TestTraceDeepReference anchors the deep trace and its golden files to an
// independent computation: every forward, error, backward, update and
// prediction quantity of the trace matches a training step computed in
// plain loops (deepReference) to float64 rounding, every matrix printed in
// testdata/trace_deep.txt and trace_deep.md rounds to the same digits, and
// so do the errors they print.
func TestTraceDeepReference(t *testing.T) {
	ref, dims, e, eAfter := deepReference()
	net, x, y := deepTraceNet(t)
	tr, err := net.Trace(x, y, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range ref {
		s := tr.Lookup(name)
		if s == nil {
			t.Errorf("Trace has no step %s", name)
			continue
		}
		r, c := s.Value.Dims()
		if d := dims[name]; r != d[0] || c != d[1] {
			t.Errorf("step %s is %dx%d, want %dx%d", name, r, c, d[0], d[1])
			continue
		}
		for i, w := range want {
			if got := s.Value.RawData()[i]; math.Abs(got-w) > 1e-14*math.Max(1, math.Abs(w)) {
				t.Errorf("step %s[%d] = %.17g, want %.17g from the reference", name, i, got, w)
			}
		}
	}
	if math.Abs(tr.E-e) > 1e-14*e || math.Abs(tr.EAfter-eAfter) > 1e-14*eAfter {
		t.Errorf("Trace E, EAfter = %.17g, %.17g, want %.17g, %.17g from the reference", tr.E, tr.EAfter, e, eAfter)
	}
	for _, file := range []string{"testdata/trace_deep.txt", "testdata/trace_deep.md"} {
		blocks := goldenBlocks(t, file)
		for name, want := range ref {
			text, ok := blocks[name]
			if !ok {
				t.Errorf("%s prints no matrix %s", file, name)
				continue
			}
			d := dims[name]
			checkPrinted(t, file+" "+name, mlp.NewMatrix(d[0], d[1], want), printed(text))
		}
		// The errors, printed to 8 significant digits.
		b, _ := os.ReadFile(file)
		for _, w := range []float64{e, eAfter} {
			if s := strconv.FormatFloat(w, 'g', 8, 64); !strings.Contains(string(b), s) {
				t.Errorf("%s does not print the error %s of the reference", file, s)
			}
		}
	}
}
