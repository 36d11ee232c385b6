package mlp_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

// optNet returns mlp.New(sizes, opts...), failing the test on an error.
func optNet(t *testing.T, sizes []int, opts ...mlp.Option) *mlp.Network {
	t.Helper()
	net, err := mlp.New(sizes, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// optSteps takes steps times one Forward, Backward and opt.Step(net, eta,
// 1) on x and y, failing the test on an error.
func optSteps(t *testing.T, opt mlp.Optimizer, net *mlp.Network, x, y *mlp.Matrix, eta float64, steps int) {
	t.Helper()
	for range steps {
		if _, err := backward(net, x, y); err != nil {
			t.Fatal(err)
		}
		opt.Step(net, eta, 1)
	}
}

// changed fails unless net's weights differ from before: a test comparing
// two networks would otherwise pass when neither took a step.
func changed(t *testing.T, name string, net *mlp.Network, before [][]float64) {
	t.Helper()
	now := weights(net)
	for k := range before {
		for i := range before[k] {
			if now[k][i] != before[k][i] {
				return
			}
		}
	}
	t.Errorf("%s: the weights did not change, want steps that change them", name)
}

// TestOptimizersByHand takes three steps of each optimizer on the smallest
// network there is: one linear unit without bias, a = w·x, with x = 3,
// target y = 4 and w = 2 at the start. Then E = ½(3w − 4)² and its gradient
// is g = 3(3w − 4) = 9w − 12. The learning rate is 0.1.
func TestOptimizersByHand(t *testing.T) {
	tests := []struct {
		opt  mlp.Optimizer
		want [3]float64
	}{
		// w ← w − 0.1·g:
		// g = 6 → w = 1.4; g = 0.6 → w = 1.34; g = 0.06 → w = 1.334.
		{mlp.GradientDescent{}, [3]float64{1.4, 1.34, 1.334}},
		// v ← 0.9·v − 0.1·g, w ← w + v:
		// g = 6: v = −0.6, w = 1.4; g = 0.6: v = −0.54 − 0.06 = −0.6, w = 0.8;
		// g = −4.8: v = −0.54 + 0.48 = −0.06, w = 0.74.
		{mlp.NewMomentum(0.9), [3]float64{1.4, 0.8, 0.74}},
		// Adam, β1 = 0.9, β2 = 0.999, ε = 1e-8, computed to 40 digits with
		// Python's decimal module:
		// t = 1: g = 6, m = 0.6, v = 0.036, m̂ = 6, v̂ = 36,
		//        w = 2 − 0.1·6/(6 + 1e-8) = 1.9000000001666666664
		// t = 2: g = 5.1000000015, m = 1.0500000001500, v = 0.0619740000153,
		//        w = 1.8007484426968309065
		// t = 3: g = 4.2067359842714781589, m = 1.3656735985621478157,
		//        v = 0.079608653656649222113, w = 1.7029704930137448536
		{mlp.NewAdam(), [3]float64{1.9000000001666666664, 1.8007484426968309065, 1.7029704930137448536}},
	}
	for _, tt := range tests {
		net := optNet(t, []int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
		net.Layers[0].W.Set(0, 0, 2)
		x, y := mlp.NewMatrix(1, 1, []float64{3}), mlp.NewMatrix(1, 1, []float64{4})
		for step, want := range tt.want {
			if _, err := backward(net, x, y); err != nil {
				t.Fatal(err)
			}
			tt.opt.Step(net, 0.1, 1)
			if got := net.Layers[0].W.At(0, 0); math.Abs(got-want) > 1e-15 {
				t.Errorf("%v: w after step %d = %.17g, want %.17g", tt.opt, step+1, got, want)
			}
		}
	}

	// scale multiplies the gradient: g = 0.5·6 = 3, w = 2 − 0.1·3 = 1.7.
	net := optNet(t, []int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
	net.Layers[0].W.Set(0, 0, 2)
	if _, err := backward(net, mlp.NewMatrix(1, 1, []float64{3}), mlp.NewMatrix(1, 1, []float64{4})); err != nil {
		t.Fatal(err)
	}
	mlp.GradientDescent{}.Step(net, 0.1, 0.5)
	if got := net.Layers[0].W.At(0, 0); math.Abs(got-1.7) > 1e-15 {
		t.Errorf("GradientDescent.Step(net, 0.1, 0.5): w = %v, want 1.7", got)
	}
}

// TestOptimizersReference runs each optimizer for a few steps on a network
// with several layers and biases, against an independent loop over the
// published rules that reads DW and DB after each Backward.
func TestOptimizersReference(t *testing.T) {
	const eta, scale = 0.05, 0.25
	rng := rand.New(rand.NewPCG(3, 4))
	x, y := mlp.NewMatrix(4, 2, nil), mlp.NewMatrix(4, 2, nil)
	for i := range x.RawData() {
		x.RawData()[i], y.RawData()[i] = rng.NormFloat64(), rng.Float64()
	}
	type rule func(t int, w, g, s1, s2 []float64)
	rules := map[string]struct {
		opt mlp.Optimizer
		ref rule
	}{
		"gradient-descent": {mlp.GradientDescent{}, func(_ int, w, g, _, _ []float64) {
			for i := range w {
				w[i] -= eta * scale * g[i]
			}
		}},
		"momentum": {mlp.NewMomentum(0.8), func(_ int, w, g, v, _ []float64) {
			for i := range w {
				v[i] = 0.8*v[i] - eta*scale*g[i]
				w[i] += v[i]
			}
		}},
		"adam": {&mlp.Adam{Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-6}, func(t int, w, g, m, v []float64) {
			for i := range w {
				gi := scale * g[i]
				m[i] = 0.8*m[i] + 0.2*gi
				v[i] = 0.99*v[i] + 0.01*gi*gi
				mHat := m[i] / (1 - math.Pow(0.8, float64(t)))
				vHat := v[i] / (1 - math.Pow(0.99, float64(t)))
				w[i] -= eta * mHat / (math.Sqrt(vHat) + 1e-6)
			}
		}},
	}
	for name, r := range rules {
		net := optNet(t, []int{2, 3, 2}, mlp.WithSeed(6))
		// The reference's own copies of every W and B, and its state.
		var params, s1, s2 [][]float64
		for _, l := range net.Layers {
			for _, p := range []*mlp.Matrix{l.W, l.B} {
				params = append(params, append([]float64(nil), p.RawData()...))
				s1 = append(s1, make([]float64, len(p.RawData())))
				s2 = append(s2, make([]float64, len(p.RawData())))
			}
		}
		for step := 1; step <= 4; step++ {
			if _, err := backward(net, x, y); err != nil {
				t.Fatal(err)
			}
			for k, l := range net.Layers {
				r.ref(step, params[2*k], l.DW.RawData(), s1[2*k], s2[2*k])
				r.ref(step, params[2*k+1], l.DB.RawData(), s1[2*k+1], s2[2*k+1])
			}
			r.opt.Step(net, eta, scale)
			for k, l := range net.Layers {
				for j, p := range []*mlp.Matrix{l.W, l.B} {
					for i, got := range p.RawData() {
						if want := params[2*k+j][i]; math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
							t.Fatalf("%s step %d: layer %d param %d[%d] = %.17g, want %.17g", name, step, k, j, i, got, want)
						}
					}
				}
			}
		}
	}
}

// TestGradientDescentIsStep: with scale 1, GradientDescent is Network.Step,
// bit for bit, on every weight and bias.
func TestGradientDescentIsStep(t *testing.T) {
	a := optNet(t, []int{3, 4, 2}, mlp.WithSeed(1))
	b := optNet(t, []int{3, 4, 2}, mlp.WithSeed(1))
	start := weights(a)
	x := mlp.NewMatrix(2, 3, []float64{1, 2, 3, -1, 0.5, 0})
	y := mlp.NewMatrix(2, 2, []float64{1, 0, 0, 1})
	for range 3 {
		if _, err := backward(a, x, y); err != nil {
			t.Fatal(err)
		}
		a.Step(0.7)
	}
	optSteps(t, mlp.GradientDescent{}, b, x, y, 0.7, 3)
	changed(t, "Network.Step", a, start)
	sameWeights(t, "GradientDescent{}.Step(n, 0.7, 1) against n.Step(0.7)", b, weights(a))
}

// TestLearningRateRule: Network.Step and the package's optimizers panic on
// a learning rate that is not a finite number > 0, naming the call and the
// value, and accept the extremes of the valid range.
func TestLearningRateRule(t *testing.T) {
	x := mlp.NewMatrix(1, 2, []float64{1, -1})
	y := mlp.NewMatrix(1, 1, []float64{1})
	steppers := []struct {
		name string
		step func(n *mlp.Network, eta float64)
	}{
		{"Step", func(n *mlp.Network, eta float64) { n.Step(eta) }},
		{"GradientDescent.Step", func(n *mlp.Network, eta float64) { mlp.GradientDescent{}.Step(n, eta, 1) }},
		{"Momentum.Step", func(n *mlp.Network, eta float64) { mlp.NewMomentum(0.9).Step(n, eta, 1) }},
		{"Adam.Step", func(n *mlp.Network, eta float64) { mlp.NewAdam().Step(n, eta, 1) }},
	}
	for _, s := range steppers {
		net := optNet(t, []int{2, 1})
		if _, err := backward(net, x, y); err != nil {
			t.Fatal(err)
		}
		for _, eta := range []float64{0, math.Copysign(0, -1), -1, math.NaN(), math.Inf(1), math.Inf(-1)} {
			want := fmt.Sprintf("mlp: %s: learning rate is %v, want a finite number > 0", s.name, eta)
			mustPanic(t, fmt.Sprintf("%s(%v)", s.name, eta), want, func() { s.step(net, eta) })
		}
		for _, eta := range []float64{math.SmallestNonzeroFloat64, math.MaxFloat64} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s(%v) panicked: %v; want a step", s.name, eta, r)
					}
				}()
				s.step(net, eta)
			}()
		}
	}
}

// TestOptimizerReset: after Reset, an optimizer steps the same network as a
// new one does.
func TestOptimizerReset(t *testing.T) {
	x := mlp.NewMatrix(2, 2, []float64{1, 2, 3, 4})
	y := mlp.NewMatrix(2, 1, []float64{0, 1})
	for _, mk := range []func() mlp.Optimizer{
		func() mlp.Optimizer { return mlp.NewMomentum(0.9) },
		func() mlp.Optimizer { return mlp.NewAdam() },
	} {
		// a and b take the same three steps, a with used, b with twin.
		used, twin := mk(), mk()
		a := optNet(t, []int{2, 3, 1}, mlp.WithSeed(2))
		b := optNet(t, []int{2, 3, 1}, mlp.WithSeed(2))
		optSteps(t, used, a, x, y, 0.1, 3)
		optSteps(t, twin, b, x, y, 0.1, 3)
		sameWeights(t, fmt.Sprintf("%v, twins", used), a, weights(b))
		// Then a goes on with used after Reset, b with a new optimizer.
		mid := weights(a)
		used.Reset()
		optSteps(t, used, a, x, y, 0.1, 3)
		optSteps(t, mk(), b, x, y, 0.1, 3)
		changed(t, fmt.Sprintf("%v after Reset", used), a, mid)
		sameWeights(t, fmt.Sprintf("%v after Reset", used), a, weights(b))
	}
}

// TestOptimizerBoundToNetwork: Momentum's and Adam's state belongs to the
// network they last stepped. Stepping another network, or the same network
// after its weights changed shape, starts from a fresh state, so that one
// optimizer value used on two networks gives each exactly what a new
// optimizer of its own would.
func TestOptimizerBoundToNetwork(t *testing.T) {
	x := mlp.NewMatrix(3, 2, []float64{1, 2, -1, 0.5, 0, -2})
	y := mlp.NewMatrix(3, 1, []float64{0, 1, 1})
	for _, mk := range []func() mlp.Optimizer{
		func() mlp.Optimizer { return mlp.NewMomentum(0.9) },
		func() mlp.Optimizer { return mlp.NewAdam() },
	} {
		shared := mk()
		name := shared.String()
		// A, then B, then A again, all with shared; each reference with an
		// optimizer of its own, new when its network's turn begins.
		a, aRef := optNet(t, []int{2, 3, 1}, mlp.WithSeed(1)), optNet(t, []int{2, 3, 1}, mlp.WithSeed(1))
		b, bRef := optNet(t, []int{2, 3, 1}, mlp.WithSeed(2)), optNet(t, []int{2, 3, 1}, mlp.WithSeed(2))
		bStart := weights(b)
		optSteps(t, shared, a, x, y, 0.1, 3)
		optSteps(t, mk(), aRef, x, y, 0.1, 3)
		sameWeights(t, name+" on A", a, weights(aRef))
		optSteps(t, shared, b, x, y, 0.1, 3)
		optSteps(t, mk(), bRef, x, y, 0.1, 3)
		changed(t, name+" on B", b, bStart)
		sameWeights(t, name+" on B after A, against a new optimizer", b, weights(bRef))
		optSteps(t, shared, a, x, y, 0.1, 2)
		optSteps(t, mk(), aRef, x, y, 0.1, 2)
		sameWeights(t, name+" on A after B, against a new optimizer", a, weights(aRef))

		// The same *Network with a wider hidden layer: every parameter but
		// the output bias changes shape, and all the state starts again.
		wide := optNet(t, []int{2, 4, 1}, mlp.WithSeed(3))
		a.Layers = optNet(t, []int{2, 4, 1}, mlp.WithSeed(3)).Layers
		optSteps(t, shared, a, x, y, 0.1, 3)
		optSteps(t, mk(), wide, x, y, 0.1, 3)
		sameWeights(t, name+" after a layer changed shape, against a new optimizer", a, weights(wide))
	}

	// Through Train: training B after A with the same Adam value is training
	// B with a new Adam, bit for bit.
	cfg := mlp.TrainConfig{Epochs: 5, LearningRate: 0.05, BatchSize: 2, Optimizer: mlp.NewAdam()}
	a := optNet(t, []int{2, 3, 1}, mlp.WithSeed(1))
	b, bRef := optNet(t, []int{2, 3, 1}, mlp.WithSeed(2)), optNet(t, []int{2, 3, 1}, mlp.WithSeed(2))
	bStart := weights(b)
	for _, net := range []*mlp.Network{a, b} {
		if _, err := net.Train(context.Background(), x, y, cfg); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Optimizer = mlp.NewAdam()
	if _, err := bRef.Train(context.Background(), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	changed(t, "Train with Adam", b, bStart)
	sameWeights(t, "Train of B with the Adam that trained A, against a new Adam", b, weights(bRef))
}

// TestOptimizerReleasesNetwork: an optimizer holds the network it last
// stepped until Reset, and not after.
func TestOptimizerReleasesNetwork(t *testing.T) {
	x := mlp.NewMatrix(1, 2, []float64{1, -1})
	y := mlp.NewMatrix(1, 1, []float64{1})
	for _, opt := range []mlp.Optimizer{mlp.NewMomentum(0.9), mlp.NewAdam()} {
		collected := make(chan struct{})
		func() {
			net := optNet(t, []int{2, 1})
			runtime.AddCleanup(net, func(c chan struct{}) { close(c) }, collected)
			optSteps(t, opt, net, x, y, 0.1, 1)
		}()
		gcUntil := func(d time.Duration) bool {
			deadline := time.Now().Add(d)
			for time.Now().Before(deadline) {
				runtime.GC()
				select {
				case <-collected:
					return true
				case <-time.After(10 * time.Millisecond):
				}
			}
			return false
		}
		if gcUntil(200 * time.Millisecond) {
			t.Errorf("%v: the network it stepped was collected before Reset, want it held", opt)
		}
		opt.Reset()
		if !gcUntil(5 * time.Second) {
			t.Errorf("%v: the network it stepped was not collected after Reset, want it released", opt)
		}
		runtime.KeepAlive(opt)
	}
}

func TestOptimizerNames(t *testing.T) {
	for _, tt := range []struct {
		opt  mlp.Optimizer
		want string
	}{
		{mlp.GradientDescent{}, "gradient-descent"},
		{mlp.NewMomentum(0.9), "momentum(beta=0.9)"},
		{mlp.NewAdam(), "adam(beta1=0.9, beta2=0.999, epsilon=1e-08)"},
	} {
		if got := tt.opt.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
