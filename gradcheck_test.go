package mlp_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// refActs are the built-in activations written out independently.
var refActs = map[mlp.ActivationFunc]func(float64) float64{
	mlp.Identity: func(z float64) float64 { return z },
	mlp.Sigmoid:  func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
	mlp.Tanh:     math.Tanh,
	mlp.ReLU:     func(z float64) float64 { return math.Max(z, 0) },
}

// TestCheckGradients: for every built-in activation, with and without
// biases, the check finds backpropagation right, reports numbers that an
// independent computation confirms, and leaves the network as it was.
func TestCheckGradients(t *testing.T) {
	sizes := []int{4, 6, 3}
	const n = 5
	rng := rand.New(rand.NewPCG(21, 22))
	for _, act := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU} {
		for _, bias := range []bool{true, false} {
			t.Run(fmt.Sprintf("%v/bias=%v", act, bias), func(t *testing.T) {
				opts := []mlp.Option{mlp.WithActivation(act), mlp.WithSeed(8)}
				if !bias {
					opts = append(opts, mlp.WithoutBias())
				}
				net, plain := twoNets(t, sizes, opts...)
				x, y := randMatrix(rng, n, sizes[0]), randMatrix(rng, n, sizes[2])
				before := layerSnapshot(net)
				g, err := net.CheckGradients(x, y)
				if err != nil {
					t.Fatal(err)
				}
				sameBits(t, "after CheckGradients", layerSnapshot(net), before)
				params := 4*6 + 6*3
				if bias {
					params += 6 + 3
				}
				if g.Params != params {
					t.Errorf("CheckGradients Params = %d, want %d", g.Params, params)
				}
				if !(g.MaxRelError >= 0 && g.MaxRelError < 1e-6) {
					t.Errorf("CheckGradients = %v, want a relative error below 1e-6", g)
				}

				// Backprop is the gradient Backward gives that parameter.
				if _, err := backward(plain, x, y); err != nil {
					t.Fatal(err)
				}
				l := plain.Layers[g.Layer]
				grad, param := l.DW, l.W
				if g.Param == "B" {
					grad, param = l.DB, l.B
				}
				if got := grad.At(g.Row, g.Col); got != g.Backprop {
					t.Errorf("CheckGradients Backprop = %v, want Layers[%d].D%s(%d,%d) = %v", g.Backprop, g.Layer, g.Param, g.Row, g.Col, got)
				}
				// Numeric is the central difference of an independent forward pass.
				var ws, bs [][]float64
				for _, l := range plain.Layers {
					ws = append(ws, l.W.RawData())
					if bias {
						bs = append(bs, l.B.RawData())
					}
				}
				_, cols := param.Dims()
				p := &param.RawData()[g.Row*cols+g.Col]
				old := *p
				h := 1e-5 * math.Max(1, math.Abs(old))
				*p = old + h
				ep := refForward(ws, bs, sizes, refActs[act], x.RawData(), y.RawData(), n)
				*p = old - h
				em := refForward(ws, bs, sizes, refActs[act], x.RawData(), y.RawData(), n)
				*p = old
				if fd := (ep - em) / (2 * h); math.Abs(fd-g.Numeric) > 1e-9*math.Max(1, math.Abs(fd)) {
					t.Errorf("CheckGradients Numeric = %.12g, want the independent finite difference %.12g", g.Numeric, fd)
				}
			})
		}
	}

	// The tutorial's network.
	x, y := xorData()
	g, err := tutorialNet(t).CheckGradients(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if g.Params != 20 || !(g.MaxRelError < 1e-7) {
		t.Errorf("CheckGradients(tutorial) = %v, want 20 parameters and a relative error below 1e-7", g)
	}
	if s := g.String(); !strings.HasPrefix(s, "worst relative error ") || !strings.Contains(s, "(20 parameters)") {
		t.Errorf("GradientCheck.String() = %q", s)
	}
}

// TestCheckGradientsCustom: the check passes custom activations and losses
// whose derivatives are right and catches ones that are wrong, in the layer
// where the wrong derivative is.
func TestCheckGradientsCustom(t *testing.T) {
	softplus := func(z float64) float64 { return math.Log1p(math.Exp(z)) }
	good := mlp.NewActivation("softplus", softplus, func(z, a float64) float64 { return 1 / (1 + math.Exp(-z)) })
	// A classic slip: returning the function's value instead of its slope.
	bad := mlp.NewActivation("softplus", softplus, func(z, a float64) float64 { return a })
	logcosh := func(a, y float64) float64 { return math.Log(math.Cosh(a - y)) }
	goodLoss := mlp.NewLoss("logcosh", logcosh, func(a, y float64) float64 { return math.Tanh(a - y) })
	// Another: the squared error's gradient kept with a new loss.
	badLoss := mlp.NewLoss("logcosh", logcosh, func(a, y float64) float64 { return a - y })

	rng := rand.New(rand.NewPCG(31, 32))
	x, y := randMatrix(rng, 6, 3), randMatrix(rng, 6, 2)
	for _, tt := range []struct {
		name  string
		opts  []mlp.Option
		wrong bool
		layer int // where the worst error must be, if wrong; -1 for anywhere
	}{
		{"right activation", []mlp.Option{mlp.WithActivation(good), mlp.WithOutputActivation(mlp.Sigmoid)}, false, 0},
		{"wrong activation derivative", []mlp.Option{mlp.WithActivation(bad), mlp.WithOutputActivation(mlp.Sigmoid)}, true, 0},
		{"right loss", []mlp.Option{mlp.WithLoss(goodLoss), mlp.WithOutputActivation(mlp.Identity)}, false, 0},
		{"wrong loss gradient", []mlp.Option{mlp.WithLoss(badLoss), mlp.WithOutputActivation(mlp.Identity)}, true, -1},
		{"activation not elementwise", []mlp.Option{mlp.WithActivation(scaledTanh{})}, false, 0},
	} {
		net, err := mlp.New([]int{3, 4, 2}, append(tt.opts, mlp.WithSeed(5))...)
		if err != nil {
			t.Fatal(err)
		}
		before := layerSnapshot(net)
		g, err := net.CheckGradients(x, y)
		if err != nil {
			t.Fatal(err)
		}
		sameBits(t, tt.name, layerSnapshot(net), before)
		switch {
		case !tt.wrong && !(g.MaxRelError < 1e-6):
			t.Errorf("%s: CheckGradients = %v, want a relative error below 1e-6", tt.name, g)
		case tt.wrong && !(g.MaxRelError > 1e-2):
			t.Errorf("%s: CheckGradients = %v, want a relative error above 1e-2", tt.name, g)
		case tt.wrong && tt.layer >= 0 && g.Layer != tt.layer:
			t.Errorf("%s: CheckGradients = %v, want the worst error in Layers[%d]", tt.name, g, tt.layer)
		}
	}
}

func TestCheckGradientsErrors(t *testing.T) {
	x, y := xorData()
	for _, tt := range []struct {
		x, y *mlp.Matrix
		want string
	}{
		{nil, y, "mlp: Forward: input is nil"},
		{mlp.NewMatrix(4, 2, nil), y, "mlp: Forward: input has 2 columns, network expects 3"},
		{x, nil, "mlp: Backward: target is nil"},
		{x, mlp.NewMatrix(4, 2, nil), "mlp: Backward: target is 4x2, want 4x1"},
	} {
		net := tutorialNet(t)
		before := layerSnapshot(net)
		if _, err := net.CheckGradients(tt.x, tt.y); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckGradients(%v, %v) error = %v, want %q", tt.x, tt.y, err, tt.want)
		}
		sameBits(t, "after a failed CheckGradients", layerSnapshot(net), before)
	}
}

// TestCheckGradientsSaturatedFused: where a cross-entropy loss meets its
// own output and the output saturates, the finite differences are of the
// error Backward reports, computed from Z, so correct gradients pass. By
// hand: softmax of z = (1000, 0, −1000) with class 3 has E = z_1 − z_3 (to
// e^−1000), ∂E/∂W = (1, 0, −1) on the input 1; sigmoid of z = (1000, −1000)
// with targets (0, 1) has E = z_1 − z_2, ∂E/∂W = (1, −1). The loss's
// Errors, clipped at ln 2⁻¹⁰²², is flat there and would show an error of 1.
func TestCheckGradientsSaturatedFused(t *testing.T) {
	for _, c := range []struct {
		act  mlp.Activation
		loss mlp.LossFunc
		w, y []float64
	}{
		{mlp.Softmax, mlp.CrossEntropy, []float64{1000, 0, -1000}, []float64{0, 0, 1}},
		{mlp.Sigmoid, mlp.BinaryCrossEntropy, []float64{1000, -1000}, []float64{0, 1}},
	} {
		net, x := logitNet(t, c.act, c.loss, c.w)
		y := mlp.NewMatrix(1, len(c.y), c.y)
		g, err := net.CheckGradients(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if g.MaxRelError > 1e-6 {
			t.Errorf("%v, %v saturated: CheckGradients = %v, want a worst relative error below 1e-6", c.act, c.loss, g)
		}
		if math.Abs(g.Backprop-g.Numeric) > 1e-6 || math.Abs(math.Abs(g.Backprop)-1) > 1e-12 && g.Backprop != 0 {
			t.Errorf("%v, %v saturated: worst parameter has backprop %v, finite difference %v, want both ±1 or 0", c.act, c.loss, g.Backprop, g.Numeric)
		}
	}
}
