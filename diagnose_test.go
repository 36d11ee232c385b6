package mlp_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// diagnoseAfterPass runs a forward and backward pass and returns the findings.
func diagnoseAfterPass(t *testing.T, net *mlp.Network, x, y *mlp.Matrix) []mlp.Finding {
	t.Helper()
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
	before := layerSnapshot(net)
	fs, err := net.Diagnose()
	if err != nil {
		t.Fatal(err)
	}
	sameBits(t, "after Diagnose", layerSnapshot(net), before)
	for _, f := range fs {
		if f.String() != f.Message || !strings.HasPrefix(f.Message, fmt.Sprintf("Layers[%d] ", f.Layer)) {
			t.Errorf("finding %+v: Message does not start by naming its layer", f)
		}
	}
	return fs
}

// findingSummary lists findings as "problem@layer:units" for comparison.
func findingSummary(fs []mlp.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, fmt.Sprintf("%v@%d:%v", f.Problem, f.Layer, f.Units))
	}
	return strings.Join(s, "; ")
}

// scaleWeights multiplies every weight of a network by k.
func scaleWeights(net *mlp.Network, k float64) {
	for _, l := range net.Layers {
		for i := range l.W.RawData() {
			l.W.RawData()[i] *= k
		}
	}
}

// TestDiagnose runs Diagnose on networks built to show each problem, and on
// healthy ones.
func TestDiagnose(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	x8, y8 := randMatrix(rng, 8, 4), randMatrix(rng, 8, 1)
	for _, tt := range []struct {
		name  string
		build func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix)
		want  string
		words []string // in the first finding's message
	}{
		{"tutorial: every weight 1", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			x, y := xorData()
			return tutorialNet(t), x, y
		}, "duplicate units@0:[0 1 2 3 4]", []string{"Layers[0] units 0, 1, 2, 3 and 4 are exact copies", "as if it had 1 unit instead of 5"}},

		{"two pairs of copies", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 5, 1}, mlp.WithSeed(2))
			w, v := net.Layers[0].W, net.Layers[1].W
			for i := 0; i < 4; i++ {
				w.Set(i, 3, w.At(i, 0))
				w.Set(i, 4, w.At(i, 1))
			}
			v.Set(3, 0, v.At(0, 0))
			v.Set(4, 0, v.At(1, 0))
			return net, x8, y8
		}, "duplicate units@0:[0 3]; duplicate units@0:[1 4]", []string{"as if it had 3 units instead of 5"}},

		{"same weights in, different weights out: not copies", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 5, 1}, mlp.WithSeed(2))
			w := net.Layers[0].W
			for i := 0; i < 4; i++ {
				w.Set(i, 3, w.At(i, 0))
			}
			return net, x8, y8
		}, "", nil},

		{"saturated sigmoid", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 5, 1}, mlp.WithSeed(3))
			net.Layers[0].B.Set(0, 2, 12) // z ≥ 12 − |weights|: σ' < 1e-4
			return net, x8, y8
		}, "saturated unit@0:[2]", []string{"Layers[0] unit 2 (sigmoid) is saturated", "peak slope of 0.25"}},

		{"saturated tanh", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 5, 3, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(3))
			net.Layers[1].B.Set(0, 1, -9)
			return net, x8, y8
		}, "saturated unit@1:[1]", []string{"Layers[1] unit 1 (tanh) is saturated"}},

		{"dead relu", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 6, 1}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Identity), mlp.WithSeed(4))
			net.Layers[0].B.Set(0, 4, -50)
			return net, x8, y8
		}, "dead unit@0:[4]", []string{"Layers[0] unit 4 (relu) is dead", "on all 8 samples"}},

		{"vanishing: deep sigmoid with small weights", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 8, 8, 8, 8, 1}, mlp.WithSeed(5))
			scaleWeights(net, 0.3)
			return net, x8, y8
		}, "vanishing gradient@0:[]; vanishing gradient@1:[]", []string{"Layers[0] gets a vanishing gradient"}},

		{"exploding: deep linear with large weights", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 8, 8, 8, 8, 1}, mlp.WithActivation(mlp.Identity), mlp.WithSeed(6))
			scaleWeights(net, 20)
			return net, x8, y8
		}, "exploding gradient@0:[]; exploding gradient@1:[]", []string{"Layers[0] gets an exploding gradient"}},

		{"not finite: overflowing linear layers", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{2, 3, 1}, mlp.WithActivation(mlp.Identity), mlp.WithSeed(8))
			scaleWeights(net, 1e10)
			return net, mlp.NewMatrix(2, 2, []float64{1e300, -1e300, 2e300, 1e300}), mlp.NewMatrix(2, 1, nil)
		}, "exploding gradient@0:[]; exploding gradient@1:[]", []string{"Layers[0] has gradients that are not finite"}},

		{"healthy: tutorial sizes, random start", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			x, y := xorData()
			net, _ := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
			return net, x, y
		}, "", nil},

		{"healthy: tanh and relu", func() (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
			net, _ := mlp.New([]int{4, 8, 6, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(7))
			net.Layers[1].Activation = mlp.ReLU
			return net, x8, y8
		}, "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			net, x, y := tt.build()
			fs := diagnoseAfterPass(t, net, x, y)
			if got := findingSummary(fs); got != tt.want {
				t.Fatalf("Diagnose() = %s, want %s\n%v", got, tt.want, fs)
			}
			for _, w := range tt.words {
				if !strings.Contains(fs[0].Message, w) {
					t.Errorf("Diagnose()[0].Message = %q, want it to say %q", fs[0].Message, w)
				}
			}
		})
	}
}

func TestDiagnoseErrors(t *testing.T) {
	x, y := xorData()
	net := tutorialNet(t)
	if _, err := net.Diagnose(); err == nil || !strings.Contains(err.Error(), "mlp: Diagnose: layer 0 has no forward pass") {
		t.Errorf("Diagnose before Forward: error = %v", err)
	}
	net.Forward(x)
	if _, err := net.Diagnose(); err == nil || !strings.Contains(err.Error(), "mlp: Diagnose: layer 0 has no backward pass") {
		t.Errorf("Diagnose before Backward: error = %v", err)
	}
	net.Backward(y)
	if fs, err := net.Diagnose(); err != nil || len(fs) != 1 {
		t.Errorf("Diagnose after Backward = %v, %v, want one finding", fs, err)
	}
	if _, err := (&mlp.Network{}).Diagnose(); err == nil || !strings.Contains(err.Error(), "mlp: Diagnose: network has no layers") {
		t.Errorf("Diagnose on an empty network: error = %v", err)
	}
	// Layers edited since the pass: the pass no longer fits.
	net.Layers[1].W = mlp.NewMatrix(5, 2, nil)
	if _, err := net.Diagnose(); err == nil || !strings.Contains(err.Error(), "layer 1 has no forward pass for its 5x2 weights") {
		t.Errorf("Diagnose after changing W: error = %v", err)
	}
	for _, p := range []mlp.Problem{mlp.DuplicateUnits, mlp.SaturatedUnit, mlp.DeadUnit, mlp.VanishingGradient, mlp.ExplodingGradient, 0} {
		if p.String() == "" || (p != 0 && strings.HasPrefix(p.String(), "Problem(")) {
			t.Errorf("Problem(%d).String() = %q", p, p.String())
		}
	}
}
