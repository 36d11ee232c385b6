package mlp_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// weights returns copies of every W and B of net, in layer order.
func weights(net *mlp.Network) [][]float64 {
	var ws [][]float64
	for _, l := range net.Layers {
		ws = append(ws, append([]float64(nil), l.W.RawData()...))
		if l.B != nil {
			ws = append(ws, append([]float64(nil), l.B.RawData()...))
		}
	}
	return ws
}

// sameWeights fails unless net's weights equal want bit for bit.
func sameWeights(t *testing.T, name string, net *mlp.Network, want [][]float64) {
	t.Helper()
	got := weights(net)
	for k := range want {
		for i := range want[k] {
			if math.Float64bits(got[k][i]) != math.Float64bits(want[k][i]) {
				t.Errorf("%s: parameter %d[%d] = %v, want %v", name, k, i, got[k][i], want[k][i])
				return
			}
		}
	}
}

// closeWeights fails unless net's weights are within tol (relative) of want.
func closeWeights(t *testing.T, name string, net *mlp.Network, want [][]float64, tol float64) {
	t.Helper()
	got := weights(net)
	for k := range want {
		for i := range want[k] {
			if math.Abs(got[k][i]-want[k][i]) > tol*math.Max(1, math.Abs(want[k][i])) {
				t.Errorf("%s: parameter %d[%d] = %.17g, want %.17g", name, k, i, got[k][i], want[k][i])
				return
			}
		}
	}
}

// closeLosses fails unless got has a loss for each of want, each within tol
// of it (tol 0: equal).
func closeLosses(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len(History.Loss) = %d, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol) {
			t.Fatalf("%s: History.Loss[%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// randomClasses returns samples×features inputs drawn from rng's normal
// distribution, row by row, and one-hot targets of the given number of
// classes, sample i of class(i), called after its row is drawn.
func randomClasses(rng *rand.Rand, samples, features, classes int, class func(i int) int) (x, y *mlp.Matrix) {
	x, y = mlp.NewMatrix(samples, features, nil), mlp.NewMatrix(samples, classes, nil)
	for i := range samples {
		for j := range features {
			x.Set(i, j, rng.NormFloat64())
		}
		y.Set(i, class(i), 1)
	}
	return x, y
}

// TestTrainTutorial: with one full batch and the summed loss, Train is the
// tutorial's loop of Forward, Backward and Step, bit for bit, and its history
// is the E that each Backward returns.
func TestTrainTutorial(t *testing.T) {
	x, y := xorData()
	const epochs, eta = 2000, 3
	ref, _ := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
	var wantLoss []float64
	for epoch := 0; epoch < epochs; epoch++ {
		e, err := backward(ref, x, y)
		if err != nil {
			t.Fatal(err)
		}
		ref.Step(eta)
		wantLoss = append(wantLoss, e)
	}

	net, _ := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: eta, SumLoss: true})
	if err != nil {
		t.Fatal(err)
	}
	sameWeights(t, "Train", net, weights(ref))
	closeLosses(t, "Train against Backward's E", hist.Loss, wantLoss, 0)
	if !(hist.Loss[epochs-1] < hist.Loss[0]/10) {
		t.Errorf("loss went from %v to %v, want it to fall tenfold", hist.Loss[0], hist.Loss[epochs-1])
	}
}

// TestTrainMeanLoss: by default each step follows the mean gradient, DW/b,
// and the history reports the mean loss per sample. Repeating the data set
// then changes nothing, while with SumLoss it multiplies the step.
func TestTrainMeanLoss(t *testing.T) {
	x, y := xorData()
	const epochs, eta = 50, 2.0
	// Reference: W −= (η/4)·DW and a mean loss E/4.
	ref, _ := mlp.New([]int{3, 4, 1}, mlp.WithSeed(3))
	var wantLoss []float64
	for epoch := 0; epoch < epochs; epoch++ {
		e, err := backward(ref, x, y)
		if err != nil {
			t.Fatal(err)
		}
		ref.Step(eta / 4)
		wantLoss = append(wantLoss, e/4)
	}
	net, _ := mlp.New([]int{3, 4, 1}, mlp.WithSeed(3))
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: eta})
	if err != nil {
		t.Fatal(err)
	}
	closeWeights(t, "mean loss", net, weights(ref), 1e-13)
	closeLosses(t, "mean loss", hist.Loss, wantLoss, 1e-13)

	// The data three times over, in one full batch.
	x3 := mlp.NewMatrix(12, 3, nil)
	y3 := mlp.NewMatrix(12, 1, nil)
	for i := 0; i < 12; i++ {
		copy(x3.Row(i), x.Row(i%4))
		copy(y3.Row(i), y.Row(i%4))
	}
	tripled, _ := mlp.New([]int{3, 4, 1}, mlp.WithSeed(3))
	hist3, err := tripled.Train(context.Background(), x3, y3, mlp.TrainConfig{Epochs: epochs, LearningRate: eta})
	if err != nil {
		t.Fatal(err)
	}
	closeWeights(t, "mean loss, data tripled", tripled, weights(net), 1e-12)
	if d := math.Abs(hist3.Loss[epochs-1] - hist.Loss[epochs-1]); d > 1e-12 {
		t.Errorf("mean loss, data tripled: last loss %v, want %v", hist3.Loss[epochs-1], hist.Loss[epochs-1])
	}

	// With SumLoss, tripling the data triples the step: η/3 on the tripled
	// data is η on the data once.
	once, _ := mlp.New([]int{3, 4, 1}, mlp.WithSeed(3))
	if _, err := once.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: eta, SumLoss: true}); err != nil {
		t.Fatal(err)
	}
	thrice, _ := mlp.New([]int{3, 4, 1}, mlp.WithSeed(3))
	if _, err := thrice.Train(context.Background(), x3, y3, mlp.TrainConfig{Epochs: epochs, LearningRate: eta / 3, SumLoss: true}); err != nil {
		t.Fatal(err)
	}
	closeWeights(t, "summed loss, data tripled, η/3", thrice, weights(once), 1e-12)
}

// TestTrainMiniBatches: batches are taken in order with NoShuffle, the last
// one holding the rest, each step following its own batch's mean gradient;
// the history is the sum of the batches' losses over the number of samples.
func TestTrainMiniBatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const samples, size, epochs, eta = 7, 3, 4, 0.5
	x, y := mlp.NewMatrix(samples, 2, nil), mlp.NewMatrix(samples, 2, nil)
	for i := range x.RawData() {
		x.RawData()[i], y.RawData()[i] = rng.NormFloat64(), rng.Float64()
	}
	ref, _ := mlp.New([]int{2, 3, 2}, mlp.WithSeed(4))
	var wantLoss []float64
	for epoch := 0; epoch < epochs; epoch++ {
		sum := 0.0
		for lo := 0; lo < samples; lo += size {
			hi := min(lo+size, samples)
			xb := mlp.NewMatrix(hi-lo, 2, append([]float64(nil), x.RawData()[2*lo:2*hi]...))
			yb := mlp.NewMatrix(hi-lo, 2, append([]float64(nil), y.RawData()[2*lo:2*hi]...))
			e, err := backward(ref, xb, yb)
			if err != nil {
				t.Fatal(err)
			}
			ref.Step(eta / float64(hi-lo))
			sum += e
		}
		wantLoss = append(wantLoss, sum/samples)
	}
	net, _ := mlp.New([]int{2, 3, 2}, mlp.WithSeed(4))
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: eta, BatchSize: size, NoShuffle: true})
	if err != nil {
		t.Fatal(err)
	}
	closeWeights(t, "mini-batches", net, weights(ref), 1e-13)
	closeLosses(t, "mini-batches", hist.Loss, wantLoss, 1e-13)
}

// recorder is an Optimizer that changes nothing and records, for each step,
// the first column of the first layer's input as seen through its A: with
// one identity unit of weight 1 and no bias, A is the batch itself.
type recorder struct{ batches [][]float64 }

func (r *recorder) String() string { return "recorder" }
func (r *recorder) Reset()         {}
func (r *recorder) Step(n *mlp.Network, eta, scale float64) {
	r.batches = append(r.batches, append([]float64(nil), n.Layers[0].A.RawData()...))
}

// TestTrainShuffle observes the batches: every epoch uses every sample once,
// in batches of the given size with the rest last, in an order that changes
// from epoch to epoch and is the same for the same seed.
func TestTrainShuffle(t *testing.T) {
	const samples, size, epochs = 10, 4, 3
	x, y := mlp.NewMatrix(samples, 1, nil), mlp.NewMatrix(samples, 1, nil)
	for i := 0; i < samples; i++ {
		x.Set(i, 0, float64(i))
	}
	run := func(seed uint64, noShuffle bool) [][]float64 {
		net, _ := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias(), mlp.WithConstantInit(1))
		rec := &recorder{}
		_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
			Epochs: epochs, LearningRate: 1, BatchSize: size, Optimizer: rec, Seed: seed, NoShuffle: noShuffle})
		if err != nil {
			t.Fatal(err)
		}
		return rec.batches
	}
	a := run(1, false)
	if len(a) != 3*epochs {
		t.Fatalf("%d steps, want %d (3 batches an epoch)", len(a), 3*epochs)
	}
	var orders []string
	for e := 0; e < epochs; e++ {
		seen := make([]int, samples)
		var order []float64
		for b := 0; b < 3; b++ {
			batch := a[3*e+b]
			if want := []int{4, 4, 2}[b]; len(batch) != want {
				t.Errorf("epoch %d batch %d has %d samples, want %d", e+1, b+1, len(batch), want)
			}
			for _, v := range batch {
				seen[int(v)]++
			}
			order = append(order, batch...)
		}
		for i, n := range seen {
			if n != 1 {
				t.Errorf("epoch %d used sample %d %d times, want once", e+1, i, n)
			}
		}
		orders = append(orders, fmt.Sprint(order))
	}
	if orders[0] == orders[1] || orders[1] == orders[2] {
		t.Errorf("epochs used the same order: %v", orders)
	}
	if inOrder := fmt.Sprint([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); orders[0] == inOrder {
		t.Errorf("epoch 1 was not shuffled: %v", orders[0])
	}
	if b := run(1, false); fmt.Sprint(b) != fmt.Sprint(a) {
		t.Errorf("seed 1 twice: batches %v and %v, want the same", a, b)
	}
	if c := run(2, false); fmt.Sprint(c) == fmt.Sprint(a) {
		t.Errorf("seeds 1 and 2 gave the same batches %v", a)
	}
	want := "[[0 1 2 3] [4 5 6 7] [8 9] [0 1 2 3] [4 5 6 7] [8 9] [0 1 2 3] [4 5 6 7] [8 9]]"
	if d := run(1, true); fmt.Sprint(d) != want {
		t.Errorf("NoShuffle: batches %v, want %v", d, want)
	}
}

// TestTrainReproducible: the same seed gives the same run, bit for bit, with
// shuffled mini-batches and Adam; another seed gives another run. Train
// never changes x or y.
func TestTrainReproducible(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x, y := randomClasses(rng, 30, 3, 2, func(int) int { return rng.IntN(2) })
	x0, y0 := x.Clone(), y.Clone()
	run := func(seed uint64) (mlp.History, [][]float64) {
		net, _ := mlp.New([]int{3, 6, 2}, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
		h, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
			Epochs: 20, LearningRate: 0.01, BatchSize: 8, Optimizer: mlp.NewAdam(), Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return h, weights(net)
	}
	h1, w1 := run(42)
	h2, w2 := run(42)
	for i := range h1.Loss {
		if math.Float64bits(h1.Loss[i]) != math.Float64bits(h2.Loss[i]) {
			t.Errorf("seed 42 twice: History.Loss[%d] = %v and %v", i, h1.Loss[i], h2.Loss[i])
		}
	}
	for k := range w1 {
		for i := range w1[k] {
			if math.Float64bits(w1[k][i]) != math.Float64bits(w2[k][i]) {
				t.Fatalf("seed 42 twice: parameter %d[%d] = %v and %v", k, i, w1[k][i], w2[k][i])
			}
		}
	}
	if h3, _ := run(43); h3.Loss[19] == h1.Loss[19] {
		t.Errorf("seeds 42 and 43 end with the same loss %v", h1.Loss[19])
	}
	for i, v := range x.RawData() {
		if v != x0.RawData()[i] {
			t.Fatalf("Train changed x[%d] from %v to %v", i, x0.RawData()[i], v)
		}
	}
	for i, v := range y.RawData() {
		if v != y0.RawData()[i] {
			t.Fatalf("Train changed y[%d] from %v to %v", i, y0.RawData()[i], v)
		}
	}
}

// TestTrainOnEpoch: the callback sees every epoch with its loss, and
// returning true stops training without an error.
func TestTrainOnEpoch(t *testing.T) {
	x, y := xorData()
	net, _ := mlp.New([]int{3, 5, 1})
	var seen []mlp.Progress
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs: 10, LearningRate: 1,
		OnEpoch: func(p mlp.Progress) bool {
			seen = append(seen, p)
			return p.Epoch == 3
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Loss) != 3 || len(seen) != 3 {
		t.Fatalf("stopped after %d epochs with %d callbacks, want 3 and 3", len(hist.Loss), len(seen))
	}
	for i, p := range seen {
		if p.Epoch != i+1 || p.Epochs != 10 || p.Loss != hist.Loss[i] || (i > 0 && p.Elapsed < seen[i-1].Elapsed) {
			t.Errorf("callback %d got %+v, want epoch %d of 10, loss %v", i, p, i+1, hist.Loss[i])
		}
	}

}

// TestTrainCancel: a done context stops training between batches, with an
// error that wraps ctx.Err() and the history of the complete epochs.
func TestTrainCancel(t *testing.T) {
	x, y := xorData()
	net, _ := mlp.New([]int{3, 5, 1})
	before := weights(net)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hist, err := net.Train(ctx, x, y, mlp.TrainConfig{Epochs: 5, LearningRate: 1})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "mlp: Train: stopped at epoch 1, batch 1") {
		t.Errorf("Train with a cancelled context: error = %v, want context.Canceled at epoch 1, batch 1", err)
	}
	if len(hist.Loss) != 0 {
		t.Errorf("History.Loss = %v, want none", hist.Loss)
	}
	sameWeights(t, "cancelled before the start", net, before)

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	hist, err = net.Train(ctx, x, y, mlp.TrainConfig{Epochs: 5, LearningRate: 1, BatchSize: 2,
		OnEpoch: func(p mlp.Progress) bool {
			if p.Epoch == 2 {
				cancel()
			}
			return false
		}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped at epoch 3, batch 1") {
		t.Errorf("Train cancelled in epoch 2: error = %v, want context.Canceled at epoch 3, batch 1", err)
	}
	if len(hist.Loss) != 2 {
		t.Errorf("History.Loss = %v, want 2 epochs", hist.Loss)
	}
}

// TestTrainBadInput: every bad setting or data is an error before any work,
// naming what was expected and what came, and the network is unchanged.
func TestTrainBadInput(t *testing.T) {
	x, y := xorData()
	nanX := x.Clone()
	nanX.Set(2, 1, math.NaN())
	infY := y.Clone()
	infY.Set(3, 0, math.Inf(1))
	ok := mlp.TrainConfig{Epochs: 3, LearningRate: 1}
	with := func(f func(c *mlp.TrainConfig)) mlp.TrainConfig { c := ok; f(&c); return c }
	for _, tt := range []struct {
		ctx  context.Context
		x, y *mlp.Matrix
		cfg  mlp.TrainConfig
		want string
	}{
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Epochs = -1 }), "mlp: Train: Epochs is -1, want at least 1"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Epochs = 0 }), "mlp: Train: Epochs is 0, want at least 1"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.LearningRate = 0 }), "mlp: Train: learning rate is 0, want a finite number > 0"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.LearningRate = -0.1 }), "mlp: Train: learning rate is -0.1, want a finite number > 0"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.LearningRate = math.NaN() }), "mlp: Train: learning rate is NaN, want a finite number > 0"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.LearningRate = math.Inf(1) }), "mlp: Train: learning rate is +Inf, want a finite number > 0"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.BatchSize = -1 }), "mlp: Train: BatchSize is -1, want at least 1, or 0 for all the samples"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Optimizer = mlp.NewMomentum(1) }), "mlp: Train: Momentum: Beta is 1, want 0 ≤ Beta < 1"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: 0.9, Beta2: 0.999} }), "mlp: Train: Adam: Epsilon is 0, want a finite number > 0"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: -0.1, Beta2: 0.999, Epsilon: 1} }), "Adam: Beta1 is -0.1"},
		{context.Background(), x, y, with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: 0.9, Beta2: 1, Epsilon: 1} }), "Adam: Beta2 is 1"},
		{nil, x, y, ok, "mlp: Train: Context is nil"},
		{context.Background(), nil, y, ok, "mlp: Train: x is nil"},
		{context.Background(), x, nil, ok, "mlp: Train: y is nil"},
		{context.Background(), mlp.NewMatrix(0, 3, nil), mlp.NewMatrix(0, 1, nil), ok, "mlp: Train: x is 0x3, want at least one sample"},
		{context.Background(), mlp.NewMatrix(4, 2, nil), y, ok, "mlp: Train: x has 2 columns, network expects 3 inputs"},
		{context.Background(), x, mlp.NewMatrix(3, 1, nil), ok, "mlp: Train: y is 3x1, want 4x1 (x's 4 samples × the network's 1 outputs)"},
		{context.Background(), x, mlp.NewMatrix(4, 2, nil), ok, "mlp: Train: y is 4x2, want 4x1"},
		{context.Background(), nanX, y, ok, "mlp: Train: x(2, 1) is NaN, want finite data"},
		{context.Background(), x, infY, ok, "mlp: Train: y(3, 0) is +Inf, want finite data"},
	} {
		net, _ := mlp.New([]int{3, 5, 1})
		before := weights(net)
		hist, err := net.Train(tt.ctx, tt.x, tt.y, tt.cfg)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: Train: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Train error = %v, want %q", err, tt.want)
		}
		if len(hist.Loss) != 0 {
			t.Errorf("Train with error %q: History.Loss = %v, want none", tt.want, hist.Loss)
		}
		sameWeights(t, tt.want, net, before)
	}

	// A network that cannot train is an error too.
	net, _ := mlp.New([]int{3, 5, 1})
	net.Layers[1].W.Set(2, 0, math.Inf(-1))
	if _, err := net.Train(context.Background(), x, y, ok); err == nil || !strings.Contains(err.Error(), "mlp: Train: layer 1's W(2, 0) -Inf before training, want finite weights") {
		t.Errorf("Train with an infinite weight: error = %v", err)
	}
	net, _ = mlp.New([]int{3, 5, 1})
	net.Loss = nil
	if _, err := net.Train(context.Background(), x, y, ok); err == nil || !strings.Contains(err.Error(), "mlp: Train: network has no Loss") {
		t.Errorf("Train without a loss: error = %v", err)
	}
	net.Layers = nil
	if _, err := net.Train(context.Background(), x, y, ok); err == nil || !strings.Contains(err.Error(), "mlp: Train: network has no layers") {
		t.Errorf("Train without layers: error = %v", err)
	}
}

// TestTrainDivergence: a learning rate far too large makes a linear network's
// weights grow until the loss overflows. Train stops with an error naming the
// epoch and batch, leaves the weights that the last batch with a finite loss
// started from, bit for bit as an independent loop finds them, and training
// goes on from there with a smaller learning rate.
func TestTrainDivergence(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const samples, size, eta = 6, 2, 5
	x, y := mlp.NewMatrix(samples, 2, nil), mlp.NewMatrix(samples, 1, nil)
	for i := range x.RawData() {
		x.RawData()[i] = rng.NormFloat64()
	}
	for i := range y.RawData() {
		y.RawData()[i] = rng.NormFloat64()
	}
	newNet := func() *mlp.Network {
		net, _ := mlp.New([]int{2, 3, 1}, mlp.WithActivation(mlp.Identity), mlp.WithSeed(2))
		return net
	}

	// The reference: batches of 2 in order, summed loss, W −= η·DW; good
	// holds the weights each batch with a finite loss started from.
	ref := newNet()
	good := weights(ref)
	wantEpoch, wantBatch := 0, 0
	for epoch := 1; wantEpoch == 0 && epoch < 1000; epoch++ {
		for b := 0; b < samples/size; b++ {
			xb := mlp.NewMatrix(size, 2, append([]float64(nil), x.RawData()[2*size*b:2*size*(b+1)]...))
			yb := mlp.NewMatrix(size, 1, append([]float64(nil), y.RawData()[size*b:size*(b+1)]...))
			e, err := backward(ref, xb, yb)
			if err != nil {
				t.Fatal(err)
			}
			if math.IsInf(e, 0) || math.IsNaN(e) {
				wantEpoch, wantBatch = epoch, b+1
				break
			}
			good = weights(ref)
			ref.Step(eta)
		}
	}
	if wantEpoch == 0 {
		t.Fatal("the reference did not diverge")
	}

	net := newNet()
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs: 1000, LearningRate: eta, BatchSize: size, NoShuffle: true, SumLoss: true})
	var de *mlp.DivergenceError
	if !errors.As(err, &de) {
		t.Fatalf("Train error = %v, want a *DivergenceError", err)
	}
	if de.Epoch != wantEpoch || de.Batch != wantBatch || !math.IsInf(de.Loss, 1) {
		t.Errorf("DivergenceError at epoch %d, batch %d, loss %v, want epoch %d, batch %d, loss +Inf", de.Epoch, de.Batch, de.Loss, wantEpoch, wantBatch)
	}
	if want := fmt.Sprintf("mlp: Train: diverged at epoch %d, batch %d: the loss is +Inf", wantEpoch, wantBatch); !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Train error = %q, want it to begin %q", err, want)
	}
	if len(hist.Loss) != wantEpoch-1 {
		t.Errorf("len(History.Loss) = %d, want the %d complete epochs", len(hist.Loss), wantEpoch-1)
	}
	sameWeights(t, "after divergence", net, good)
	for _, w := range weights(net) {
		for _, v := range w {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				t.Fatalf("weight %v after divergence, want finite", v)
			}
		}
	}

	// The user lowers the learning rate and goes on. One linear unit a = w·x
	// with x = 3 and target 4 has E = ½(3w − 4)² and takes the step
	// w ← w − η·3(3w − 4), which multiplies the distance to w = 4/3 by
	// 1 − 9η: η = 1 diverges (×−8 a step), η = 0.1 converges (×0.1 a step).
	lin, _ := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
	one, four := mlp.NewMatrix(1, 1, []float64{3}), mlp.NewMatrix(1, 1, []float64{4})
	_, err = lin.Train(context.Background(), one, four, mlp.TrainConfig{Epochs: 1000, LearningRate: 1})
	if !errors.As(err, &de) {
		t.Fatalf("Train with η = 1: error = %v, want a *DivergenceError", err)
	}
	hist, err = lin.Train(context.Background(), one, four, mlp.TrainConfig{Epochs: 400, LearningRate: 0.1})
	if err != nil {
		t.Fatalf("Train with η = 0.1 after divergence: %v", err)
	}
	if first, last := hist.Loss[0], hist.Loss[len(hist.Loss)-1]; !(first > 1e300 && last < 1e-20) {
		t.Errorf("Train with η = 0.1 after divergence: loss went from %v to %v, want from above 1e300 to below 1e-20", first, last)
	}
	if w := lin.Layers[0].W.At(0, 0); math.Abs(w-4.0/3) > 1e-12 {
		t.Errorf("w after recovery = %v, want 4/3", w)
	}

	// A step that overflows the weights while the loss is finite: the weights
	// before that step are kept, and Adam's moments are forgotten.
	net, _ = mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
	net.Layers[0].W.Set(0, 0, 2)
	_, err = net.Train(context.Background(), one, four, mlp.TrainConfig{Epochs: 1, LearningRate: 1e308})
	if !errors.As(err, &de) || de.Epoch != 1 || de.Batch != 1 || de.Loss != 2 ||
		!strings.Contains(err.Error(), "the step made layer 0's W(0, 0) -Inf") {
		t.Errorf("Train with η = 1e308: error = %v, want divergence at epoch 1, batch 1, the step made W(0, 0) -Inf", err)
	}
	if w := net.Layers[0].W.At(0, 0); w != 2 {
		t.Errorf("W after the overflowing step = %v, want 2 as before it", w)
	}
	adam := mlp.NewAdam()
	if _, err := net.Train(context.Background(), one, four, mlp.TrainConfig{Epochs: 3, LearningRate: 0.1, Optimizer: adam}); err != nil {
		t.Fatal(err)
	}
	net.Layers[0].W.Set(0, 0, math.MaxFloat64) // the loss overflows
	if _, err := net.Train(context.Background(), one, four, mlp.TrainConfig{Epochs: 1, LearningRate: 0.1, Optimizer: adam}); !errors.As(err, &de) {
		t.Errorf("Train from W = MaxFloat64: error = %v, want a *DivergenceError", err)
	}
	// Adam was reset: its next step is a first step, as by hand in
	// TestOptimizersByHand: w = 2 − 0.1·6/(6 + 1e-8).
	net.Layers[0].W.Set(0, 0, 2)
	if _, err := backward(net, one, four); err != nil {
		t.Fatal(err)
	}
	adam.Step(net, 0.1, 1)
	if w := net.Layers[0].W.At(0, 0); math.Abs(w-1.9000000001666666664) > 1e-15 {
		t.Errorf("Adam after divergence: first step took w from 2 to %.17g, want 1.9000000001666667 as a new Adam's", w)
	}
}

// TestTrainAllocs: the steps allocate nothing, so a run of many epochs
// allocates what a run of few does.
func TestTrainAllocs(t *testing.T) {
	x, y := randomClasses(rand.New(rand.NewPCG(11, 12)), 10, 4, 3, func(i int) int { return i % 3 })
	net, _ := mlp.New([]int{4, 8, 3}, mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
	adam := mlp.NewAdam()
	train := func(epochs int) func() {
		return func() {
			_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
				Epochs: epochs, LearningRate: 0.01, BatchSize: 4, Optimizer: adam,
				OnEpoch: func(mlp.Progress) bool { return false }})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	train(1)() // the network's and Adam's buffers
	few := testing.AllocsPerRun(5, train(2))
	many := testing.AllocsPerRun(5, train(50))
	if many != few {
		t.Errorf("Train allocates %v times for 2 epochs and %v for 50, want the same (nothing a step)", few, many)
	}
}

// TestTrainClassifier: mini-batches, Adam, softmax and cross-entropy learn
// three well-separated clusters perfectly, with the default mean loss.
func TestTrainClassifier(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	centres := [][2]float64{{0, 3}, {3, -2}, {-3, -2}}
	const samples = 60
	x, y := mlp.NewMatrix(samples, 2, nil), mlp.NewMatrix(samples, 3, nil)
	for i := 0; i < samples; i++ {
		k := i % 3
		x.Set(i, 0, centres[k][0]+0.5*rng.NormFloat64())
		x.Set(i, 1, centres[k][1]+0.5*rng.NormFloat64())
		y.Set(i, k, 1)
	}
	for _, size := range []int{1, 8, samples} {
		net, _ := mlp.New([]int{2, 6, 3}, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
		hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 60, LearningRate: 0.05, BatchSize: size, Optimizer: mlp.NewAdam(), Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		a, err := net.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		if acc, _ := mlp.Accuracy(a, y); acc != 1 {
			t.Errorf("batch size %d: training accuracy %v, want 1", size, acc)
		}
		if last := hist.Loss[len(hist.Loss)-1]; !(last < 0.1) {
			t.Errorf("batch size %d: final mean loss %v, want < 0.1", size, last)
		}
	}
}
