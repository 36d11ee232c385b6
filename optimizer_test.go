package mlp_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/glassbox-go/mlp"
)

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
		net, _ := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
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
	net, _ := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
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
		net, _ := mlp.New([]int{2, 3, 2}, mlp.WithSeed(6))
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
// bit for bit.
func TestGradientDescentIsStep(t *testing.T) {
	a, _ := mlp.New([]int{3, 4, 2}, mlp.WithSeed(1))
	b, _ := mlp.New([]int{3, 4, 2}, mlp.WithSeed(1))
	x := mlp.NewMatrix(2, 3, []float64{1, 2, 3, -1, 0.5, 0})
	y := mlp.NewMatrix(2, 2, []float64{1, 0, 0, 1})
	for i := 0; i < 3; i++ {
		backward(a, x, y)
		a.Step(0.7)
		backward(b, x, y)
		mlp.GradientDescent{}.Step(b, 0.7, 1)
	}
	for l := range a.Layers {
		for i, w := range a.Layers[l].W.RawData() {
			if got := b.Layers[l].W.RawData()[i]; got != w {
				t.Errorf("layer %d W[%d] = %v with GradientDescent, %v with Step", l, i, got, w)
			}
		}
	}
}

// TestOptimizerReset: after Reset, an optimizer steps as a new one does.
func TestOptimizerReset(t *testing.T) {
	x := mlp.NewMatrix(2, 2, []float64{1, 2, 3, 4})
	y := mlp.NewMatrix(2, 1, []float64{0, 1})
	for _, mk := range []func() mlp.Optimizer{
		func() mlp.Optimizer { return mlp.NewMomentum(0.9) },
		func() mlp.Optimizer { return mlp.NewAdam() },
	} {
		used := mk()
		other, _ := mlp.New([]int{2, 3, 1}, mlp.WithSeed(9))
		for i := 0; i < 3; i++ {
			backward(other, x, y)
			used.Step(other, 0.1, 1)
		}
		used.Reset()
		a, _ := mlp.New([]int{2, 3, 1}, mlp.WithSeed(2))
		b, _ := mlp.New([]int{2, 3, 1}, mlp.WithSeed(2))
		fresh := mk()
		for i := 0; i < 3; i++ {
			backward(a, x, y)
			used.Step(a, 0.1, 1)
			backward(b, x, y)
			fresh.Step(b, 0.1, 1)
		}
		for l := range a.Layers {
			for i, w := range a.Layers[l].W.RawData() {
				if want := b.Layers[l].W.RawData()[i]; w != want {
					t.Errorf("%v after Reset: layer %d W[%d] = %v, want %v as new", used, l, i, w, want)
				}
			}
		}
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
