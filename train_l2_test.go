package mlp_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/glassbox-go/mlp"
)

// gradRecorder is an Optimizer that changes nothing and records, at its
// first step, copies of every DW and DB, and the scale it was given.
type gradRecorder struct {
	dw, db [][]float64
	scale  float64
	steps  int
}

func (r *gradRecorder) String() string { return "grad-recorder" }
func (r *gradRecorder) Reset()         {}
func (r *gradRecorder) Step(n *mlp.Network, eta, scale float64) {
	r.steps++
	if r.steps > 1 {
		return
	}
	r.scale = scale
	for _, l := range n.Layers {
		r.dw = append(r.dw, append([]float64(nil), l.DW.RawData()...))
		r.db = append(r.db, append([]float64(nil), l.DB.RawData()...))
	}
}

// sumSquares returns Σ W² over every layer's W, the sum of L2's penalty.
func sumSquares(net *mlp.Network) float64 {
	s := 0.0
	for _, l := range net.Layers {
		for _, w := range l.W.RawData() {
			s += w * w
		}
	}
	return s
}

// TestTrainL2Gradient checks L2's loss and gradient by finite differences:
// the gradient that Train hands the optimizer in DW is ∂/∂W of
// E + (λ/2)·ΣW² (E the batch's summed loss), DB is ∂E/∂B (biases are not
// penalised), and History.Loss is that penalised loss, summed with SumLoss
// and divided by the number of samples otherwise, where the optimizer is
// told to scale the gradient by 1/b.
func TestTrainL2Gradient(t *testing.T) {
	const lambda, samples = 0.7, 5
	rng := rand.New(rand.NewPCG(21, 22))
	x := randMatrix(rng, samples, 3)
	y := mlp.NewMatrix(samples, 2, nil)
	for i := range samples {
		y.Set(i, i%2, 1)
	}
	newNet := func() *mlp.Network {
		return mustNew(t, []int{3, 4, 2}, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Softmax),
			mlp.WithLoss(mlp.CrossEntropy), mlp.WithSeed(5))
	}
	// The penalised loss of ref's weights, by plain Forward and Backward.
	ref := newNet()
	for _, l := range ref.Layers { // non-zero biases, so that a wrong penalty on them would show
		for j := range l.B.RawData() {
			l.B.RawData()[j] = rng.NormFloat64()
		}
	}
	penalised := func() float64 {
		e, err := backward(ref, x, y)
		if err != nil {
			t.Fatal(err)
		}
		return e + lambda/2*sumSquares(ref)
	}
	want := penalised()

	for _, sum := range []bool{true, false} {
		net := newNet()
		for i, l := range net.Layers {
			l.B.Copy(ref.Layers[i].B)
		}
		rec := &gradRecorder{}
		hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
			Epochs: 1, LearningRate: 1, L2: lambda, SumLoss: sum, Optimizer: rec})
		if err != nil {
			t.Fatal(err)
		}
		wantLoss, wantScale := want, 1.0
		if !sum {
			wantLoss, wantScale = want/samples, 1.0/samples
		}
		if math.Abs(hist.Loss[0]-wantLoss) > 1e-14*wantLoss {
			t.Errorf("SumLoss %v: History.Loss[0] = %.17g, want E + (λ/2)ΣW² = %.17g", sum, hist.Loss[0], wantLoss)
		}
		if rec.scale != wantScale {
			t.Errorf("SumLoss %v: the optimizer's scale = %v, want %v", sum, rec.scale, wantScale)
		}
		for l, layer := range ref.Layers {
			for i := range layer.W.RawData() {
				fd := centralDiff(penalised, layer.W.RawData(), i, 1e-6)
				if math.Abs(rec.dw[l][i]-fd) > 1e-7*math.Max(1, math.Abs(fd)) {
					t.Errorf("SumLoss %v: layer %d: DW[%d] = %.12g, want the finite difference of E + (λ/2)ΣW², %.12g", sum, l, i, rec.dw[l][i], fd)
				}
			}
			for j := range layer.B.RawData() {
				fd := centralDiff(penalised, layer.B.RawData(), j, 1e-6)
				if math.Abs(rec.db[l][j]-fd) > 1e-7*math.Max(1, math.Abs(fd)) {
					t.Errorf("SumLoss %v: layer %d: DB[%d] = %.12g, want the finite difference %.12g (no penalty on biases)", sum, l, j, rec.db[l][j], fd)
				}
			}
		}
	}
}

// TestTrainL2Decay: where the data give no gradient (a linear unit that
// already meets its targets, E = 0), one step of plain gradient descent
// only shrinks the weight, w ← w − η·λ·w/b, and leaves the bias.
func TestTrainL2Decay(t *testing.T) {
	const eta, lambda = 0.5, 0.2
	net := mustNew(t, []int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithConstantInit(2))
	x := mlp.NewMatrix(2, 1, []float64{1, -1})
	y := mlp.NewMatrix(2, 1, []float64{2, -2}) // a = 2x: E = 0, DW = 0, DB = 0
	if _, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1, LearningRate: eta, L2: lambda}); err != nil {
		t.Fatal(err)
	}
	if w, want := net.Layers[0].W.At(0, 0), 2*(1-eta*lambda/2); math.Abs(w-want) > 1e-15 {
		t.Errorf("w after one step = %.17g, want 2·(1 − ηλ/b) = %.17g", w, want)
	}
	if b := net.Layers[0].B.At(0, 0); b != 0 {
		t.Errorf("bias after one step = %v, want 0: the penalty leaves biases alone", b)
	}
}

// TestTrainL2WeightDecay: PyTorch's weight_decay wd on the weights, a step
// w ← w − η·(DW/b + wd·w) after each batch of b samples (biases
// b ← b − η·DB/b, not decayed), is Train with L2 = wd·b.
func TestTrainL2WeightDecay(t *testing.T) {
	x, y := xorData()
	const eta, wd, b, epochs = 0.5, 0.01, 2, 5
	ref := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(6))
	for range epochs {
		for lo := 0; lo < 4; lo += b {
			xb := mlp.NewMatrix(b, 3, append([]float64(nil), x.RawData()[3*lo:3*(lo+b)]...))
			yb := mlp.NewMatrix(b, 1, append([]float64(nil), y.RawData()[lo:lo+b]...))
			if _, err := backward(ref, xb, yb); err != nil {
				t.Fatal(err)
			}
			for _, l := range ref.Layers {
				w, dw := l.W.RawData(), l.DW.RawData()
				for i := range w {
					w[i] -= eta * (dw[i]/b + wd*w[i])
				}
				bs, db := l.B.RawData(), l.DB.RawData()
				for j := range bs {
					bs[j] -= eta * db[j] / b
				}
			}
		}
	}
	net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(6))
	if _, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: eta, BatchSize: b, NoShuffle: true, L2: wd * b}); err != nil {
		t.Fatal(err)
	}
	closeWeights(t, "L2 = weight_decay·b", net, weights(ref), 1e-14)
}

// TestTrainSettingsAllocs: validation scoring, L2, early stopping and a
// schedule allocate nothing an epoch: a run of many epochs allocates as
// often as a run of few.
func TestTrainSettingsAllocs(t *testing.T) {
	x, y := randomClasses(rand.New(rand.NewPCG(23, 24)), 12, 4, 3, func(i int) int { return i % 3 })
	vx, vy := randomClasses(rand.New(rand.NewPCG(25, 26)), 7, 4, 3, func(i int) int { return i % 3 })
	net := mustNew(t, []int{4, 8, 3}, mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
	adam := mlp.NewAdam()
	train := func(epochs int) func() {
		return func() {
			_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
				Epochs: epochs, LearningRate: 1e-4, BatchSize: 5, Optimizer: adam, L2: 1e-3,
				Validation: &mlp.Dataset{X: vx, Y: vy}, Patience: epochs, Schedule: mlp.StepDecay{Every: 3, Factor: 0.9},
				OnEpoch: func(mlp.Progress) bool { return false }})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	train(1)()
	few := testing.AllocsPerRun(5, train(2))
	many := testing.AllocsPerRun(5, train(50))
	if many != few {
		t.Errorf("Train with validation, L2, Patience and a schedule allocates %v times for 2 epochs and %v for 50, want the same", few, many)
	}
}
