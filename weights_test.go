package mlp_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// refUniform draws the weights of New's layers as its doc says: from a PCG
// generator seeded with (seed, "glassbox"), layer after layer in row-major
// order, each (2u−1)·r with u uniform in [0, 1) and r from radius.
func refUniform(seed uint64, sizes []int, radius func(in, out int) float64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 0x676c617373626f78))
	var ws [][]float64
	for l := 1; l < len(sizes); l++ {
		in, out := sizes[l-1], sizes[l]
		w := make([]float64, in*out)
		for i := range w {
			w[i] = (2*rng.Float64() - 1) * radius(in, out)
		}
		ws = append(ws, w)
	}
	return ws
}

func glorot(in, out int) float64 { return math.Sqrt(6 / float64(in+out)) }
func he(in, _ int) float64       { return math.Sqrt(6 / float64(in)) }

func checkWeights(t *testing.T, name string, net *mlp.Network, want [][]float64) {
	t.Helper()
	for l, layer := range net.Layers {
		for i, w := range layer.W.RawData() {
			if w != want[l][i] {
				t.Errorf("%s: layer %d W[%d] = %v, want %v", name, l, i, w, want[l][i])
				return
			}
		}
	}
}

// TestInitChoices checks every initialisation against an independent
// drawing of the same numbers, and that the default is unchanged: Glorot for
// sigmoid and tanh layers, He for ReLU layers.
func TestInitChoices(t *testing.T) {
	sizes := []int{4, 6, 3}
	const seed = 7
	newNet := func(opts ...mlp.Option) *mlp.Network {
		t.Helper()
		net, err := mlp.New(sizes, append(opts, mlp.WithSeed(seed))...)
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	glorotW, heW := refUniform(seed, sizes, glorot), refUniform(seed, sizes, he)
	checkWeights(t, "default sigmoid", newNet(), glorotW)
	checkWeights(t, "default relu", newNet(mlp.WithActivation(mlp.ReLU)), heW)
	checkWeights(t, "WithGlorotInit", newNet(mlp.WithGlorotInit()), glorotW)
	checkWeights(t, "WithGlorotInit relu", newNet(mlp.WithActivation(mlp.ReLU), mlp.WithGlorotInit()), glorotW)
	checkWeights(t, "WithHeInit", newNet(mlp.WithHeInit()), heW)

	// Uniform in [lo, hi): lo + (hi−lo)·u.
	rng := rand.New(rand.NewPCG(seed, 0x676c617373626f78))
	net := newNet(mlp.WithUniformInit(-0.5, 2))
	for l, layer := range net.Layers {
		for i, w := range layer.W.RawData() {
			if want := -0.5 + 2.5*rng.Float64(); w != want {
				t.Fatalf("WithUniformInit(-0.5, 2): layer %d W[%d] = %v, want %v", l, i, w, want)
			}
		}
	}
	// The tutorial's np.random.random: [0, 1).
	net = newNet(mlp.WithUniformInit(0, 1), mlp.WithoutBias())
	for l, layer := range net.Layers {
		for _, w := range layer.W.RawData() {
			if w < 0 || w >= 1 {
				t.Errorf("WithUniformInit(0, 1): layer %d has weight %v", l, w)
			}
		}
	}

	// Constant: the tutorial's ones, and the last option wins.
	net = newNet(mlp.WithHeInit(), mlp.WithConstantInit(1))
	for l, layer := range net.Layers {
		for _, w := range layer.W.RawData() {
			if w != 1 {
				t.Fatalf("WithConstantInit(1): layer %d has weight %v", l, w)
			}
		}
		for _, b := range layer.B.RawData() {
			if b != 0 {
				t.Fatalf("WithConstantInit(1): layer %d has bias %v, want 0", l, b)
			}
		}
	}
	checkWeights(t, "WithConstantInit then WithGlorotInit", newNet(mlp.WithConstantInit(1), mlp.WithGlorotInit()), glorotW)

	// WithConstantInit(1) is the tutorial's network: its first prediction is
	// the tutorial's a_o.
	tut, _ := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
	x, _ := xorData()
	a, err := tut.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	checkPrinted(t, "a_o", a, `
[[ 0.99153128]
 [ 0.98791922]
 [ 0.98791922]
 [ 0.97479766]]`)
}

func TestInitErrors(t *testing.T) {
	for _, tt := range []struct {
		opt  mlp.Option
		want string
	}{
		{mlp.WithUniformInit(1, 1), "WithUniformInit: range [1, 1) is empty"},
		{mlp.WithUniformInit(2, -1), "WithUniformInit: range [2, -1) is empty"},
		{mlp.WithUniformInit(math.NaN(), 1), "WithUniformInit: range [NaN, 1)"},
		{mlp.WithUniformInit(0, math.Inf(1)), "not finite"},
		{mlp.WithUniformInit(-1e308, 1e308), "not finite"},
		{mlp.WithConstantInit(math.NaN()), "WithConstantInit: weight is NaN, want a finite number"},
		{mlp.WithConstantInit(math.Inf(-1)), "WithConstantInit: weight is -Inf"},
	} {
		net, err := mlp.New([]int{2, 2}, tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: New: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New error = %v, want %q", err, tt.want)
		}
		if net != nil {
			t.Errorf("New = %v with an error, want nil", net)
		}
	}
}
