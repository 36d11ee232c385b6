package mlp_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
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
		{tutorialNet(t), x, y, math.NaN(), "mlp: Trace: learning rate is NaN, want a finite number ≥ 0"},
		{tutorialNet(t), x, y, -1, "mlp: Trace: learning rate is -1, want a finite number ≥ 0"},
		{tutorialNet(t), x, y, math.Inf(1), "mlp: Trace: learning rate is +Inf"},
		{noLoss, x, y, 3, "mlp: Trace: network has no Loss"},
		{tutorialNet(t), mlp.NewMatrix(4, 2, nil), y, 3, "mlp: Forward: input has 2 columns, network expects 3"},
		{&mlp.Network{Loss: mlp.SquaredError}, x, y, 3, "mlp: Forward: network has no layers"},
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
