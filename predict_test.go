package mlp_test

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/glassbox-go/mlp"
)

// predictRefActivation returns the formula of a built-in activation, written out
// here as the reference that Predict is checked against.
func predictRefActivation(a mlp.Activation) func(float64) float64 {
	switch a {
	case mlp.Identity:
		return func(z float64) float64 { return z }
	case mlp.Sigmoid:
		return func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	case mlp.Tanh: // this form is fine for |z| < 300
		return func(z float64) float64 { return (math.Exp(2*z) - 1) / (math.Exp(2*z) + 1) }
	case mlp.ReLU:
		return func(z float64) float64 { return math.Max(z, 0) }
	}
	panic(fmt.Sprintf("no reference for activation %v", a))
}

// predictRef is an independent forward pass in plain loops over the
// layers' weights: out[s][j] = f(Σ_i a[s][i]·W[i][j] + B[j]).
func predictRef(net *mlp.Network, x [][]float64) [][]float64 {
	a := x
	for _, l := range net.Layers {
		in, out := l.W.Dims()
		f := predictRefActivation(l.Activation)
		next := make([][]float64, len(a))
		for s := range a {
			next[s] = make([]float64, out)
			for j := 0; j < out; j++ {
				z := 0.0
				if l.B != nil {
					z = l.B.At(0, j)
				}
				for i := 0; i < in; i++ {
					z += a[s][i] * l.W.At(i, j)
				}
				next[s][j] = f(z)
			}
		}
		a = next
	}
	return a
}

// predictNet is a 6-16-9-3 network of tanh, ReLU and sigmoid layers with
// random biases.
func predictNet(t testing.TB) *mlp.Network {
	return mixedNet(t, []int{6, 16, 9, 3}, 11)
}

// mixedNet is a network of the given sizes (three layers) whose layers use
// tanh, ReLU and sigmoid, with initial weights from seed and random biases.
func mixedNet(t testing.TB, sizes []int, seed uint64) *mlp.Network {
	net, err := mlp.New(sizes, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(seed))
	if err != nil {
		t.Fatal(err)
	}
	net.Layers[1].Activation = mlp.ReLU
	net.Layers[2].Activation = mlp.Sigmoid
	rng := rand.New(rand.NewPCG(3, 3))
	for _, l := range net.Layers {
		for i := range l.B.RawData() {
			l.B.RawData()[i] = 0.5 * rng.NormFloat64()
		}
	}
	return net
}

// checkPrediction compares Predict's answer for x with predictRef.
func checkPrediction(net *mlp.Network, x *mlp.Matrix, got *mlp.Matrix) error {
	rows, cols := x.Dims()
	xs := make([][]float64, rows)
	for i := range xs {
		xs[i] = x.Row(i)[:cols]
	}
	want := predictRef(net, xs)
	if r, c := got.Dims(); r != len(want) || c != len(want[0]) {
		return fmt.Errorf("Predict(x) is %dx%d, want %dx%d", r, c, len(want), len(want[0]))
	}
	for i := range want {
		for j, w := range want[i] {
			if g := got.At(i, j); !(math.Abs(g-w) <= 1e-13*math.Max(1, math.Abs(w))) {
				return fmt.Errorf("Predict(x)(%d,%d) = %.17g, want %.17g", i, j, g, w)
			}
		}
	}
	return nil
}

// predictBatch returns a batch of 1 to maxRows samples for predictNet, of
// numbers 2·N(0, 1) from rng.
func predictBatch(rng *rand.Rand, maxRows int) *mlp.Matrix {
	x := mlp.NewMatrix(1+rng.IntN(maxRows), 6, nil)
	for i := range x.RawData() {
		x.RawData()[i] = 2 * rng.NormFloat64()
	}
	return x
}

// predictChecked runs Predict on x and compares its answer with
// predictRef.
func predictChecked(net *mlp.Network, x *mlp.Matrix) error {
	got, err := net.Predict(x)
	if err != nil {
		return fmt.Errorf("Predict(x) = %v", err)
	}
	return checkPrediction(net, x, got)
}

// TestPredictConcurrent runs Predict from many goroutines at once on one
// network, each with inputs of its own and batch sizes that vary, beside
// goroutines that Save the same network, and checks every answer against
// predictRef. Run it with -race: Predict and Save must only read the network.
func TestPredictConcurrent(t *testing.T) {
	net := predictNet(t)
	const goroutines, calls = 32, 40
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls+4)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 5))
			for c := 0; c < calls; c++ {
				if err := predictChecked(net, predictBatch(rng, 7)); err != nil {
					errs <- fmt.Errorf("goroutine %d call %d: %v", g, c, err)
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := 0; c < 10; c++ {
				if err := net.Save(io.Discard); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for l, layer := range net.Layers {
		if layer.Z != nil || layer.A != nil {
			t.Errorf("layer %d: Z, A = %v, %v after Predict, want nil: Predict must not use the Forward caches", l, layer.Z, layer.A)
		}
	}
}

// TestPredictLeavesForward: Predict after Forward leaves the layers' Z and
// A as Forward set them, so Backward still works on them, and gives the
// same answer as Forward.
func TestPredictLeavesForward(t *testing.T) {
	net := predictNet(t)
	x := mlp.NewMatrix(3, 6, nil)
	for i := range x.RawData() {
		x.RawData()[i] = float64(i%5) - 2
	}
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	var zs, as []*mlp.Matrix
	for _, l := range net.Layers {
		zs, as = append(zs, l.Z.Clone()), append(as, l.A.Clone())
	}
	other := mlp.NewMatrix(5, 6, nil)
	got, err := net.Predict(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkPrediction(net, other, got); err != nil {
		t.Error(err)
	}
	for l, layer := range net.Layers {
		for i, v := range layer.Z.RawData() {
			if v != zs[l].RawData()[i] {
				t.Fatalf("layer %d: Z[%d] = %v after Predict, want %v as Forward left it", l, i, v, zs[l].RawData()[i])
			}
		}
		for i, v := range layer.A.RawData() {
			if v != as[l].RawData()[i] {
				t.Fatalf("layer %d: A[%d] = %v after Predict, want %v as Forward left it", l, i, v, as[l].RawData()[i])
			}
		}
	}
	if _, err := net.Backward(mlp.NewMatrix(3, 3, nil)); err != nil {
		t.Errorf("Backward after Predict = %v, want nil", err)
	}
	same, err := net.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if same == out {
		t.Errorf("Predict(x) returned the network's own A, want a new matrix")
	}
	if err := checkPrediction(net, x, out); err != nil {
		t.Errorf("Forward: %v", err)
	}
	if err := checkPrediction(net, x, same); err != nil {
		t.Error(err)
	}
}

// TestPredictErrors: bad input is an error naming what was expected.
func TestPredictErrors(t *testing.T) {
	net := predictNet(t)
	for _, tt := range []struct {
		net  *mlp.Network
		x    *mlp.Matrix
		want string
	}{
		{net, nil, "mlp: Predict: input is nil"},
		{net, mlp.NewMatrix(2, 5, nil), "mlp: Predict: input has 5 columns, network expects 6"},
		{net, mlp.NewMatrix(0, 6, nil), "mlp: Predict: input is 0x6, want at least one sample (row)"},
		{&mlp.Network{}, mlp.NewMatrix(1, 6, nil), "mlp: Predict: network has no layers"},
		{&mlp.Network{Layers: []*mlp.Layer{{W: mlp.NewMatrix(6, 2, nil)}}}, mlp.NewMatrix(1, 6, nil), "mlp: Predict: layer 0 has no activation"},
	} {
		got, err := tt.net.Predict(tt.x)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Predict(%v) = %v, want %q", tt.x, err, tt.want)
		}
		if got != nil {
			t.Errorf("Predict(%v) = %v with an error, want nil", tt.x, got)
		}
	}
	// One layer, no bias: the last layer writes straight into the result.
	one, _ := mlp.New([]int{2, 1}, mlp.WithoutBias(), mlp.WithActivation(mlp.Identity))
	one.Layers[0].W.Set(0, 0, 2)
	one.Layers[0].W.Set(1, 0, -3)
	got, err := one.Predict(mlp.NewMatrix(2, 2, []float64{1, 1, 0.5, 2}))
	if err != nil || got.At(0, 0) != -1 || got.At(1, 0) != -5 {
		t.Errorf("Predict on a = 2x₀ − 3x₁ = %v, %v, want [-1 -5]", got, err)
	}
}

// TestPredictOneRowIsBatchRow: Predict of one sample, which takes the
// few-row product, gives bit for bit what Predict and Forward of a batch,
// which take the blocked product, give for that sample, when no layer's
// product for one sample is tiny (the package doc's Speed section; here
// the smallest is 150·20 = 3000 multiply-adds).
func TestPredictOneRowIsBatchRow(t *testing.T) {
	net := mixedNet(t, []int{300, 200, 150, 20}, 7)
	rng := rand.New(rand.NewPCG(8, 8))
	const rows = 64
	x := mlp.NewMatrix(rows, 300, nil)
	for i := range x.RawData() {
		x.RawData()[i] = rng.NormFloat64()
	}
	batch, err := net.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	fwd, err := net.Forward(x.Clone())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rows; i++ {
		one, err := net.Predict(mlp.NewMatrix(1, 300, x.Row(i)))
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range one.RawData() {
			if b, f := batch.At(i, j), fwd.At(i, j); math.Float64bits(v) != math.Float64bits(b) || math.Float64bits(v) != math.Float64bits(f) {
				t.Fatalf("Predict(row %d)[%d] = %v, want %v (Predict of the batch) and %v (Forward)", i, j, v, b, f)
			}
		}
	}
}
