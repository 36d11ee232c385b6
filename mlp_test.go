package mlp_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestTutorial checks the values of every matrix the tutorial prints for
// its first forward and backward pass (testdata/tutorial_matrices.txt, to
// the digits it prints), E, and its prediction after one update.
func TestTutorial(t *testing.T) {
	net, tutorial, e := tutorialPass(t)
	x, y := xorData()
	output := net.Layers[1]
	for _, b := range tutorialBlocks(t) {
		checkPrinted(t, b.name, tutorial[b.name], printed(b.text))
	}

	// E is the sum of the per-sample errors the tutorial prints.
	if want := 4.91567136e-01 + 2*7.29725915e-05 + 4.75115235e-01; math.Abs(e-want) > 2e-9 {
		t.Errorf("Backward(y) = %.10g, want %.10g", e, want)
	}
	if sum := mlp.SquaredError.Errors(new(mlp.Matrix), output.A, y); e != sum {
		t.Errorf("Backward(y) = %v, want SquaredError.Errors sum %v", e, sum)
	}
	// The tutorial never prints DZ, but it is delta_a_o_error ⊙ delta_z_o.
	for i := 0; i < 4; i++ {
		if got, want := output.DZ.At(i, 0), output.DA.At(i, 0)*tutorial["delta_z_o"].At(i, 0); got != want {
			t.Errorf("DZ(%d,0) = %v, want DA ⊙ σ' = %v", i, got, want)
		}
	}

	// One step with learning rate 3, then the prediction the tutorial prints.
	net.Step(3)
	after, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	checkPrinted(t, "a_o after the update", after, `
[[ 0.98786405]
 [ 0.98309866]
 [ 0.98309866]
 [ 0.96660214]]`)
}

// TestForwardReturnsA: Forward returns the last layer's A itself, not a
// copy, and sets Z and A of every layer.
func TestForwardReturnsA(t *testing.T) {
	net := tutorialNet(t)
	x, _ := xorData()
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	if out != net.Layers[1].A {
		t.Errorf("Forward(x) returned %p, want the last layer's A %p", out, net.Layers[1].A)
	}
	for l, layer := range net.Layers {
		if layer.Z == nil || layer.A == nil {
			t.Errorf("after Forward, layer %d has Z %v, A %v, want both set", l, layer.Z, layer.A)
		}
	}
}

// TestTutorialTraining trains the tutorial's network on XOR from seeded
// random weights: learning rate 3, 20,000 epochs, full batch.
func TestTutorialTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 epochs")
	}
	x, y := xorData()
	for _, seed := range []uint64{1, 2, 3} {
		net := mustNew(t, []int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(seed))
		for epoch := 0; epoch < 20000; epoch++ {
			if _, err := net.Forward(x); err != nil {
				t.Fatal(err)
			}
			if _, err := net.Backward(y); err != nil {
				t.Fatal(err)
			}
			net.Step(3)
		}
		out, err := net.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4; i++ {
			if got, want := out.At(i, 0), y.At(i, 0); math.Abs(got-want) > 0.05 {
				t.Errorf("seed %d: Forward(x)[%d] = %.5f, want %v ± 0.05", seed, i, got, want)
			}
		}
	}
}

// TestGradientsFiniteDifferences compares Backward's DW and DB with central
// finite differences of an independent forward pass, on a 4-7-5-3 network
// for every built-in activation, with and without biases.
func TestGradientsFiniteDifferences(t *testing.T) {
	sizes := []int{4, 7, 5, 3}
	const n = 6
	refAct := map[mlp.ActivationFunc]func(float64) float64{
		mlp.Identity: func(z float64) float64 { return z },
		mlp.Sigmoid:  func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
		mlp.Tanh:     math.Tanh,
		mlp.ReLU:     func(z float64) float64 { return math.Max(z, 0) },
	}
	rng := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, n*sizes[0])
	y := make([]float64, n*sizes[len(sizes)-1])
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := range y {
		y[i] = rng.Float64()
	}
	for _, act := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU} {
		for _, bias := range []bool{true, false} {
			t.Run(fmt.Sprintf("%v/bias=%v", act, bias), func(t *testing.T) {
				opts := []mlp.Option{mlp.WithActivation(act), mlp.WithSeed(3)}
				if !bias {
					opts = append(opts, mlp.WithoutBias())
				}
				net := mustNew(t, sizes, opts...)
				// Random biases, so that their gradients are tested away from 0.
				var ws, bs [][]float64
				for _, l := range net.Layers {
					ws = append(ws, l.W.RawData())
					if bias {
						b := l.B.RawData()
						for j := range b {
							b[j] = 0.3 * rng.NormFloat64()
						}
						bs = append(bs, b)
					}
				}
				e, err := backward(net, mlp.NewMatrix(n, sizes[0], x), mlp.NewMatrix(n, 3, y))
				if err != nil {
					t.Fatal(err)
				}
				ref := func() float64 { return refForward(ws, bs, sizes, refAct[act], x, y, n) }
				if want := ref(); math.Abs(e-want) > 1e-12*math.Max(1, want) {
					t.Fatalf("Backward(y) = %v, want independent forward's %v", e, want)
				}
				check := func(name string, p []float64, grad *mlp.Matrix) {
					g := grad.RawData()
					for i := range p {
						fd := centralDiff(ref, p, i, 1e-6)
						if diff := math.Abs(g[i] - fd); diff > 1e-6*math.Max(1, math.Abs(fd)) {
							t.Errorf("%s[%d] = %.9g, finite difference %.9g", name, i, g[i], fd)
						}
					}
				}
				for l, layer := range net.Layers {
					check(fmt.Sprintf("layer %d DW", l), ws[l], layer.DW)
					if bias {
						check(fmt.Sprintf("layer %d DB", l), bs[l], layer.DB)
					} else if layer.DB != nil {
						t.Errorf("layer %d: DB = %v, want nil without bias", l, layer.DB)
					}
				}
			})
		}
	}
}

// TestSigmoidStable: no NaN or Inf for large |z|, in the scalar function, its
// derivative and through a network.
func TestSigmoidStable(t *testing.T) {
	for _, tt := range []struct{ z, want float64 }{{-1000, 0}, {1000, 1}, {-745, 0}, {40, 1}, {0, 0.5}} {
		a := mlp.Sigmoid.Eval(tt.z)
		if a != tt.want && math.Abs(a-tt.want) > 1e-300 {
			t.Errorf("Sigmoid.Eval(%v) = %v, want %v", tt.z, a, tt.want)
		}
		if d := mlp.Sigmoid.Deriv(tt.z, a); math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
			t.Errorf("Sigmoid.Deriv(%v, %v) = %v, want finite and ≥ 0", tt.z, a, d)
		}
	}
	for _, act := range []mlp.ActivationFunc{mlp.Sigmoid, mlp.Tanh} {
		z := mlp.NewMatrix(1, 4, []float64{-1000, 1000, -1e308, 1e308})
		a := mlp.NewMatrix(1, 4, nil)
		act.Apply(a, z)
		for j := 0; j < 4; j++ {
			if v := a.At(0, j); math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%v.Apply(%v) = %v, want finite", act, z.At(0, j), v)
			}
		}
	}
	net := mustNew(t, []int{2, 3, 1})
	x := mlp.NewMatrix(2, 2, []float64{1e6, -1e6, -1e6, 1e6})
	e, err := backward(net, x, mlp.NewMatrix(2, 1, []float64{0, 1}))
	if err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(e) || math.IsInf(e, 0) {
		t.Errorf("Backward(y) = %v on huge inputs, want finite", e)
	}
	for l, layer := range net.Layers {
		for _, v := range append(layer.A.RawData(), layer.DW.RawData()...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("layer %d has %v on huge inputs", l, v)
			}
		}
	}
}

func TestActivationDerivatives(t *testing.T) {
	for _, f := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU} {
		for _, z := range []float64{-3, -0.5, 0.25, 2} {
			const h = 1e-6
			fd := (f.Eval(z+h) - f.Eval(z-h)) / (2 * h)
			if got := f.Deriv(z, f.Eval(z)); math.Abs(got-fd) > 1e-8 {
				t.Errorf("%v.Deriv(%v) = %v, finite difference %v", f, z, got, fd)
			}
		}
	}
	// Hand-computed values.
	for _, tt := range []struct {
		f       mlp.ActivationFunc
		z, a, d float64
	}{
		{mlp.Identity, -2, -2, 1},
		{mlp.Sigmoid, 0, 0.5, 0.25},
		{mlp.Tanh, 0, 0, 1},
		{mlp.ReLU, -1, 0, 0},
		{mlp.ReLU, 0, 0, 0},
		{mlp.ReLU, 3, 3, 1},
	} {
		if a := tt.f.Eval(tt.z); a != tt.a {
			t.Errorf("%v.Eval(%v) = %v, want %v", tt.f, tt.z, a, tt.a)
		}
		if d := tt.f.Deriv(tt.z, tt.a); d != tt.d {
			t.Errorf("%v.Deriv(%v, %v) = %v, want %v", tt.f, tt.z, tt.a, d, tt.d)
		}
	}
}

func TestParseNames(t *testing.T) {
	for _, f := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU} {
		got, err := mlp.ParseActivation(f.String())
		if err != nil || got != f {
			t.Errorf("ParseActivation(%q) = %v, %v, want %v", f.String(), got, err, f)
		}
	}
	if _, err := mlp.ParseActivation("sigmod"); err == nil || !strings.Contains(err.Error(), `"sigmod"`) {
		t.Errorf("ParseActivation(\"sigmod\") error = %v, want one naming the name", err)
	}
	if got, err := mlp.ParseLoss("squared-error"); err != nil || got != mlp.SquaredError {
		t.Errorf("ParseLoss(\"squared-error\") = %v, %v", got, err)
	}
	if _, err := mlp.ParseLoss("mse"); err == nil {
		t.Error("ParseLoss(\"mse\") = nil error, want unknown loss")
	}
}

func TestNewDefaults(t *testing.T) {
	net := mustNew(t, []int{4, 6, 2})
	if len(net.Layers) != 2 {
		t.Fatalf("len(Layers) = %d, want 2", len(net.Layers))
	}
	if net.Loss != mlp.SquaredError {
		t.Errorf("Loss = %v, want squared-error", net.Loss)
	}
	if got := net.Sizes(); fmt.Sprint(got) != "[4 6 2]" {
		t.Errorf("Sizes() = %v, want [4 6 2]", got)
	}
	for l, layer := range net.Layers {
		in, out := []int{4, 6, 2}[l], []int{4, 6, 2}[l+1]
		if r, c := layer.W.Dims(); r != in || c != out {
			t.Errorf("layer %d: W is %dx%d, want %dx%d", l, r, c, in, out)
		}
		if layer.Activation != mlp.Sigmoid {
			t.Errorf("layer %d: Activation = %v, want sigmoid", l, layer.Activation)
		}
		if layer.B == nil {
			t.Fatalf("layer %d: B is nil, want a zero bias row", l)
		}
		for _, b := range layer.B.RawData() {
			if b != 0 {
				t.Errorf("layer %d: B = %v, want zeros", l, layer.B.RawData())
			}
		}
		r := math.Sqrt(6 / float64(in+out)) // Glorot uniform
		distinct := map[float64]bool{}
		for _, w := range layer.W.RawData() {
			if math.Abs(w) > r {
				t.Errorf("layer %d: weight %v outside ±%v", l, w, r)
			}
			distinct[w] = true
		}
		if len(distinct) != in*out {
			t.Errorf("layer %d: %d distinct weights, want %d", l, len(distinct), in*out)
		}
	}
}

func TestNewOptions(t *testing.T) {
	a := mustNew(t, []int{2, 5, 3, 1}, mlp.WithSeed(9))
	b := mustNew(t, []int{2, 5, 3, 1}, mlp.WithSeed(9))
	c := mustNew(t, []int{2, 5, 3, 1}, mlp.WithSeed(10))
	for l := range a.Layers {
		wa, wb, wc := a.Layers[l].W.RawData(), b.Layers[l].W.RawData(), c.Layers[l].W.RawData()
		same := true
		for i := range wa {
			if wa[i] != wb[i] {
				t.Errorf("layer %d: same seed, W[%d] = %v and %v", l, i, wa[i], wb[i])
			}
			same = same && wa[i] == wc[i]
		}
		if same {
			t.Errorf("layer %d: seeds 9 and 10 give the same weights", l)
		}
	}

	// WithOutputActivation wins for the last layer, whatever the order.
	for _, opts := range [][]mlp.Option{
		{mlp.WithOutputActivation(mlp.Identity), mlp.WithActivation(mlp.Tanh)},
		{mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Identity)},
	} {
		net := mustNew(t, []int{2, 4, 4, 1}, opts...)
		for l, want := range []mlp.Activation{mlp.Tanh, mlp.Tanh, mlp.Identity} {
			if got := net.Layers[l].Activation; got != want {
				t.Errorf("layer %d: Activation = %v, want %v", l, got, want)
			}
		}
	}

	net := mustNew(t, []int{3, 5, 1}, mlp.WithoutBias())
	for l, layer := range net.Layers {
		if layer.B != nil {
			t.Errorf("WithoutBias: layer %d has B = %v", l, layer.B)
		}
	}
	custom := mlp.NewLoss("abs", func(a, y float64) float64 { return math.Abs(a - y) },
		func(a, y float64) float64 { return math.Copysign(1, a-y) })
	net = mustNew(t, []int{1, 1}, mlp.WithLoss(custom))
	if net.Loss != custom {
		t.Errorf("WithLoss: Loss = %v, want abs", net.Loss)
	}
}

// TestBadInput: every user mistake is an error naming what was expected and
// what came, never a panic, and the network still computes the right thing
// afterwards.
func TestBadInput(t *testing.T) {
	for _, tt := range []struct {
		sizes []int
		opts  []mlp.Option
		want  string
	}{
		{nil, nil, "mlp: New: got 0 sizes [], want at least 2"},
		{[]int{3}, nil, "mlp: New: got 1 sizes [3], want at least 2"},
		{[]int{3, 0, 1}, nil, "mlp: New: sizes[1] is 0, want at least 1"},
		{[]int{3, 5, -1}, nil, "mlp: New: sizes[2] is -1, want at least 1"},
		{[]int{3, 1}, []mlp.Option{mlp.WithActivation(nil)}, "WithActivation: activation is nil"},
		{[]int{3, 1}, []mlp.Option{mlp.WithOutputActivation(mlp.ActivationFunc(42))}, "WithOutputActivation: unknown activation ActivationFunc(42)"},
		{[]int{3, 1}, []mlp.Option{mlp.WithLoss(nil)}, "WithLoss: loss is nil"},
		{[]int{3, 1}, []mlp.Option{nil}, "mlp: New: nil Option"},
	} {
		net, err := mlp.New(tt.sizes, tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "mlp: ") {
			t.Errorf("New(%v) error = %v, want %q", tt.sizes, err, tt.want)
		}
		if net != nil {
			t.Errorf("New(%v) = %v with an error, want nil", tt.sizes, net)
		}
	}

	x, y := xorData()
	ref := tutorialNet(t)
	wantE, err := backward(ref, x, y)
	if err != nil {
		t.Fatal(err)
	}

	net := tutorialNet(t)
	if _, err := net.Backward(y); err == nil || !strings.Contains(err.Error(), "mlp: Backward: no Forward pass") {
		t.Errorf("Backward before Forward: error = %v", err)
	}
	// Bad input after a good Forward: each is an error, and changes nothing.
	if _, err := net.Forward(x); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		call string
		m    *mlp.Matrix
		want string
	}{
		{"Forward", nil, "mlp: Forward: input is nil"},
		{"Forward", mlp.NewMatrix(4, 2, nil), "mlp: Forward: input has 2 columns, network expects 3"},
		{"Forward", mlp.NewMatrix(1, 4, nil), "mlp: Forward: input has 4 columns, network expects 3"},
		{"Forward", mlp.NewMatrix(0, 3, nil), "mlp: Forward: input is 0x3, want at least one sample"},
		{"Backward", nil, "mlp: Backward: target is nil"},
		{"Backward", mlp.NewMatrix(4, 2, nil), "mlp: Backward: target is 4x2, want 4x1"},
		{"Backward", mlp.NewMatrix(3, 1, nil), "mlp: Backward: target is 3x1, want 4x1"},
	} {
		var err error
		if tt.call == "Forward" {
			var out *mlp.Matrix
			if out, err = net.Forward(tt.m); out != nil {
				t.Errorf("Forward(%v) = %v with an error, want nil", tt.m, out)
			}
		} else {
			_, err = net.Backward(tt.m)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s(%v) error = %v, want %q", tt.call, tt.m, err, tt.want)
		}
	}
	// The network computes what it would have without the errors.
	e, err := net.Backward(y)
	if err != nil {
		t.Fatal(err)
	}
	if e != wantE {
		t.Errorf("Backward(y) after errors = %v, want %v", e, wantE)
	}
	for l := range net.Layers {
		for i, v := range net.Layers[l].DW.RawData() {
			if w := ref.Layers[l].DW.RawData()[i]; v != w {
				t.Errorf("layer %d DW[%d] after errors = %v, want %v", l, i, v, w)
			}
		}
	}

	// Layers edited into shapes that do not fit are errors too.
	broken := tutorialNet(t)
	broken.Layers[1].W = mlp.NewMatrix(4, 1, nil)
	if _, err := broken.Forward(x); err == nil || !strings.Contains(err.Error(), "layer 1: W is 4x1, want 5 rows") {
		t.Errorf("Forward with a misfit layer: error = %v", err)
	}
	if _, err := (&mlp.Network{}).Forward(x); err == nil || !strings.Contains(err.Error(), "network has no layers") {
		t.Errorf("Forward on an empty Network: error = %v", err)
	}
	// Feeding the network its own output back is refused, not silently wrong.
	one := mustNew(t, []int{1, 1})
	out, err := one.Forward(mlp.NewMatrix(1, 1, []float64{2}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := one.Forward(out); err == nil || !strings.Contains(err.Error(), "shares memory") {
		t.Errorf("Forward(own output) error = %v, want shares memory", err)
	}
	if _, err := one.Forward(out.Clone()); err != nil {
		t.Errorf("Forward(own output cloned) error = %v", err)
	}
}

// TestBatchSizeChange: a network used with different batch sizes gives the
// same per-sample results as with each sample alone.
func TestBatchSizeChange(t *testing.T) {
	net := mustNew(t, []int{3, 4, 2}, mlp.WithSeed(5))
	x := mlp.NewMatrix(3, 3, []float64{0.1, 0.2, 0.3, -1, 0, 1, 2, -2, 0.5})
	full, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	want := full.Clone()
	for i := 0; i < 3; i++ {
		got, err := net.Forward(mlp.NewMatrix(1, 3, append([]float64(nil), x.Row(i)...)))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 2; j++ {
			if got.At(0, j) != want.At(i, j) {
				t.Errorf("Forward(row %d)[%d] = %v, want %v", i, j, got.At(0, j), want.At(i, j))
			}
		}
	}
}

// TestStep: W −= eta·DW and B −= eta·DB, checked against values saved before
// the step.
func TestStep(t *testing.T) {
	net := mustNew(t, []int{2, 3, 1}, mlp.WithSeed(2))
	net.Step(1) // before any Backward: nothing to do
	x := mlp.NewMatrix(2, 2, []float64{1, 2, 3, 4})
	y := mlp.NewMatrix(2, 1, []float64{1, 0})
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
	var before []*mlp.Layer
	for _, l := range net.Layers {
		before = append(before, &mlp.Layer{W: l.W.Clone(), B: l.B.Clone()})
	}
	const eta = 0.5
	net.Step(eta)
	for i, l := range net.Layers {
		for k, w := range l.W.RawData() {
			if want := before[i].W.RawData()[k] - eta*l.DW.RawData()[k]; w != want {
				t.Errorf("layer %d: W[%d] = %v, want %v", i, k, w, want)
			}
		}
		for k, b := range l.B.RawData() {
			if want := before[i].B.RawData()[k] - eta*l.DB.RawData()[k]; b != want {
				t.Errorf("layer %d: B[%d] = %v, want %v", i, k, b, want)
			}
		}
	}
}

// TestTrainingStepAllocs: Forward, Backward and Step on a batch size already
// seen allocate nothing.
func TestTrainingStepAllocs(t *testing.T) {
	net := mustNew(t, []int{8, 16, 4})
	x := mlp.NewMatrix(10, 8, nil)
	y := mlp.NewMatrix(10, 4, nil)
	step := func() {
		if _, err := net.Forward(x); err != nil {
			t.Fatal(err)
		}
		if _, err := net.Backward(y); err != nil {
			t.Fatal(err)
		}
		net.Step(0.1)
	}
	step()
	if n := testing.AllocsPerRun(20, step); n != 0 {
		t.Errorf("a training step allocates %v times, want 0", n)
	}
}
