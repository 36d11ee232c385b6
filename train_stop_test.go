package mlp_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/glassbox-go/mlp"
)

// sameSeries fails unless got and want are the same numbers, bit for bit.
func sameSeries(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %.17g, want %.17g", name, i, got[i], want[i])
		}
	}
}

// earlyStopRef is an independent loop of Forward, Backward and Adam steps
// with everything that TrainConfig's L2, validation data and Patience do,
// written out: batches in order, the L2 penalty added to E and λ·W to DW,
// the validation loss as Backward's E on the validation data, and a copy of
// the weights at each new lowest monitored loss.
type earlyStopRef struct {
	loss, valLoss, valAcc []float64
	bestEpoch             int
	best                  [][]float64
}

func runEarlyStopRef(t *testing.T, net *mlp.Network, x, y, vx, vy *mlp.Matrix, epochs, size int, eta, l2 float64, patience int, tol float64) earlyStopRef {
	t.Helper()
	var r earlyStopRef
	adam := mlp.NewAdam()
	bestLoss, stale := math.Inf(1), 0
	n, in := x.Dims()
	_, out := y.Dims()
	for epoch := 1; epoch <= epochs; epoch++ {
		sum := 0.0
		for lo := 0; lo < n; lo += size {
			hi := min(lo+size, n)
			xb := mlp.NewMatrix(hi-lo, in, append([]float64(nil), x.RawData()[lo*in:hi*in]...))
			yb := mlp.NewMatrix(hi-lo, out, append([]float64(nil), y.RawData()[lo*out:hi*out]...))
			e, err := backward(net, xb, yb)
			if err != nil {
				t.Fatal(err)
			}
			if l2 != 0 {
				s := 0.0
				for _, l := range net.Layers {
					ls := 0.0
					for _, w := range l.W.RawData() {
						ls += w * w
					}
					s += ls
					dw := l.DW.RawData()
					for i, w := range l.W.RawData() {
						dw[i] += l2 * w
					}
				}
				e += l2 / 2 * s
			}
			adam.Step(net, eta, 1/float64(hi-lo))
			sum += e
		}
		r.loss = append(r.loss, sum/float64(n))
		monitored := r.loss[epoch-1]
		if vx != nil {
			a, err := net.Forward(vx)
			if err != nil {
				t.Fatal(err)
			}
			acc, err := mlp.Accuracy(a, vy)
			if err != nil {
				t.Fatal(err)
			}
			e, err := net.Backward(vy)
			if err != nil {
				t.Fatal(err)
			}
			vn, _ := vx.Dims()
			monitored = e / float64(vn)
			r.valLoss = append(r.valLoss, monitored)
			r.valAcc = append(r.valAcc, acc)
		}
		if monitored < bestLoss-tol {
			stale = 0
		} else {
			stale++
		}
		if monitored < bestLoss {
			bestLoss, r.bestEpoch, r.best = monitored, epoch, weights(net)
		}
		if stale >= patience {
			break
		}
	}
	return r
}

// TestTrainEarlyStopping: with validation data, L2 and Patience, Train is
// the independent loop above bit for bit: the same training and validation
// losses and accuracies every epoch, the same epoch to stop at, the same
// best epoch, and it ends with that epoch's weights, not the last ones.
// Without validation data the training loss is watched instead.
func TestTrainEarlyStopping(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	// Few noisy samples and many units: the validation loss soon rises.
	class := func(i int) int { return i % 3 }
	x, y := randomClasses(rng, 24, 4, 3, class)
	vx, vy := randomClasses(rng, 30, 4, 3, class)
	for i := range 24 {
		x.Set(i, class(i), x.At(i, class(i))+1) // a weak signal
	}
	for i := range 30 {
		vx.Set(i, class(i), vx.At(i, class(i))+1)
	}
	newNet := func() *mlp.Network {
		return mustNew(t, []int{4, 32, 3}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Softmax),
			mlp.WithLoss(mlp.CrossEntropy), mlp.WithSeed(8))
	}
	const epochs, size = 300, 5
	for _, tt := range []struct {
		name      string
		val       bool
		eta, l2   float64
		patience  int
		tolerance float64
	}{
		{"validation", true, 0.02, 0.05, 5, 1e-3},
		{"validation, no tolerance", true, 0.02, 0, 3, 0},
		{"training loss", false, 0.3, 0.01, 4, 0.001}, // η so large that the loss jumps about
	} {
		eta := tt.eta
		var refVX, refVY *mlp.Matrix
		cfg := mlp.TrainConfig{Epochs: epochs, LearningRate: eta, BatchSize: size, NoShuffle: true, Optimizer: mlp.NewAdam(),
			L2: tt.l2, Patience: tt.patience, Tolerance: tt.tolerance}
		if tt.val {
			refVX, refVY = vx, vy
			cfg.Validation = &mlp.Dataset{X: vx, Y: vy}
		}
		want := runEarlyStopRef(t, newNet(), x, y, refVX, refVY, epochs, size, eta, tt.l2, tt.patience, tt.tolerance)
		net := newNet()
		hist, err := net.Train(context.Background(), x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.loss) == epochs || want.bestEpoch == len(want.loss) {
			t.Fatalf("%s: the reference ran %d epochs, best %d: want it to stop early, after its best epoch", tt.name, len(want.loss), want.bestEpoch)
		}
		sameSeries(t, tt.name+": History.Loss", hist.Loss, want.loss)
		if tt.val {
			sameSeries(t, tt.name+": History.ValidationLoss", hist.ValidationLoss, want.valLoss)
			sameSeries(t, tt.name+": History.ValidationAccuracy", hist.ValidationAccuracy, want.valAcc)
		} else if hist.ValidationLoss != nil || hist.ValidationAccuracy != nil {
			t.Errorf("%s: History.ValidationLoss = %v, ValidationAccuracy = %v, want nil without validation data", tt.name, hist.ValidationLoss, hist.ValidationAccuracy)
		}
		if hist.BestEpoch != want.bestEpoch {
			t.Errorf("%s: History.BestEpoch = %d, want %d", tt.name, hist.BestEpoch, want.bestEpoch)
		}
		sameWeights(t, tt.name+": the weights Train ends with", net, want.best)
	}
}

// TestTrainBestEpochWithoutPatience: without Patience, Train runs every
// epoch and keeps the last weights; BestEpoch still names the lowest loss.
func TestTrainBestEpochWithoutPatience(t *testing.T) {
	x, y := xorData()
	net := mustNew(t, []int{3, 5, 1})
	ref := mustNew(t, []int{3, 5, 1})
	const epochs = 30
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: 50, SumLoss: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: 50, SumLoss: true}); err != nil {
		t.Fatal(err)
	}
	best := 0
	for i, l := range hist.Loss {
		if l < hist.Loss[best] {
			best = i
		}
	}
	if len(hist.Loss) != epochs || hist.BestEpoch != best+1 {
		t.Errorf("%d epochs, BestEpoch %d, want %d and %d (losses %v)", len(hist.Loss), hist.BestEpoch, epochs, best+1, hist.Loss)
	}
	sameWeights(t, "without Patience", net, weights(ref))
}

// TestTrainPatienceRestoresAtEnd: with Patience, Train ends with the best
// epoch's weights even when it runs all its epochs, and Progress.Last marks
// the epoch after which it ends.
func TestTrainPatienceRestoresAtEnd(t *testing.T) {
	x, y := xorData()
	// η = 50 on XOR with the summed loss oscillates: the last epoch is not
	// the best.
	const epochs = 30
	ref := mustNew(t, []int{3, 5, 1})
	var snaps [][][]float64
	var lasts []bool
	if _, err := ref.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: 50, SumLoss: true,
		OnEpoch: func(p mlp.Progress) bool {
			snaps = append(snaps, weights(ref))
			lasts = append(lasts, p.Last)
			return false
		}}); err != nil {
		t.Fatal(err)
	}
	net := mustNew(t, []int{3, 5, 1})
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: 50, SumLoss: true, Patience: epochs})
	if err != nil {
		t.Fatal(err)
	}
	if hist.BestEpoch == epochs || len(hist.Loss) != epochs {
		t.Fatalf("BestEpoch %d of %d epochs run, want an earlier best epoch after all %d", hist.BestEpoch, len(hist.Loss), epochs)
	}
	sameWeights(t, "Patience, all epochs run", net, snaps[hist.BestEpoch-1])
	for i, last := range lasts {
		if last != (i == epochs-1) {
			t.Errorf("Progress.Last of epoch %d = %v, want %v", i+1, last, i == epochs-1)
		}
	}

	// Stopped by an error (here the schedule's rate 0 at the last epoch),
	// Train keeps the weights it has: the last complete epoch's, not the
	// best one's.
	net = mustNew(t, []int{3, 5, 1})
	stopAtLast := mlp.ScheduleFunc(func(epoch int, base float64, _ []float64) float64 {
		if epoch == epochs {
			return 0
		}
		return base
	})
	hist, err = net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: epochs, LearningRate: 50, SumLoss: true, Patience: epochs, Schedule: stopAtLast})
	if err == nil || len(hist.Loss) != epochs-1 || hist.BestEpoch == epochs-1 {
		t.Fatalf("error %v after %d epochs, best %d: want an error after %d epochs, best before the last", err, len(hist.Loss), hist.BestEpoch, epochs-1)
	}
	sameWeights(t, "Patience, stopped by an error", net, snaps[epochs-2])
}

// resetCounter is Adam that counts its Resets.
type resetCounter struct {
	*mlp.Adam
	resets int
}

func (r *resetCounter) Reset() { r.resets++; r.Adam.Reset() }

// TestTrainEarlyStoppingEdges: Progress.Last marks the epoch where early
// stopping ends training; restoring the best weights leaves the optimizer's
// state alone; and a monitored loss that is never a finite number (+Inf
// here, on targets of 1e200) gives BestEpoch 0 and keeps the last weights.
func TestTrainEarlyStoppingEdges(t *testing.T) {
	x, y := xorData()
	opt := &resetCounter{Adam: mlp.NewAdam()}
	var lasts []bool
	net := mustNew(t, []int{3, 5, 1})
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1000, LearningRate: 0.5, Optimizer: opt,
		Patience: 3, Tolerance: 0.01, OnEpoch: func(p mlp.Progress) bool { lasts = append(lasts, p.Last); return false }})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(hist.Loss); n == 1000 || len(lasts) != n {
		t.Fatalf("%d epochs, %d calls of OnEpoch: want early stopping, a call each epoch", n, len(lasts))
	}
	for i, last := range lasts {
		if last != (i == len(lasts)-1) {
			t.Errorf("Progress.Last of epoch %d = %v, want %v (stopped after epoch %d)", i+1, last, !last, len(lasts))
		}
	}
	if opt.resets != 0 {
		t.Errorf("the optimizer was reset %d times, want 0: early stopping keeps its state", opt.resets)
	}

	huge := mlp.NewMatrix(4, 1, []float64{1e200, 1e200, 1e200, 1e200})
	net = mustNew(t, []int{3, 5, 1}, mlp.WithOutputActivation(mlp.Identity))
	ref := mustNew(t, []int{3, 5, 1}, mlp.WithOutputActivation(mlp.Identity))
	hist, err = net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 10, LearningRate: 0.1, Patience: 2,
		Validation: &mlp.Dataset{X: x, Y: huge}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 2, LearningRate: 0.1}); err != nil {
		t.Fatal(err)
	}
	if len(hist.Loss) != 2 || hist.BestEpoch != 0 || !math.IsInf(hist.ValidationLoss[0], 1) {
		t.Errorf("validation loss %v: %d epochs, BestEpoch %d, want +Inf, 2 epochs (Patience 2), BestEpoch 0", hist.ValidationLoss, len(hist.Loss), hist.BestEpoch)
	}
	sameWeights(t, "no best epoch", net, weights(ref))
}

// TestTrainHoldOut: ValidationFraction holds out the samples that
// Dataset.Split puts in its test part, stratified by class, and Train then
// is Train on Split's training part with its test part as Validation, bit
// for bit; for targets that are not class labels, the samples Split draws
// with every sample in one class.
func TestTrainHoldOut(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	const frac, seed = 0.3, 7
	x, y := randomClasses(rng, 40, 3, 3, func(i int) int { return (i * i) % 3 })
	reg := randMatrix(rng, 40, 1) // regression targets

	for _, tt := range []struct {
		name    string
		y       *mlp.Matrix
		classes *mlp.Matrix // what Split stratifies by
		act     mlp.Option
		loss    mlp.Option
	}{
		{"classes", y, y, mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy)},
		{"regression", reg, mlp.NewMatrix(40, 1, nil), mlp.WithOutputActivation(mlp.Identity), mlp.WithLoss(mlp.SquaredError)},
	} {
		// Split the row numbers to learn which rows Split picks.
		rows := mlp.NewMatrix(40, 1, nil)
		for i := range 40 {
			rows.Set(i, 0, float64(i))
		}
		trainRows, valRows, err := (&mlp.Dataset{X: rows, Y: tt.classes}).Split(frac, seed)
		if err != nil {
			t.Fatal(err)
		}
		pick := func(m, idx *mlp.Matrix) *mlp.Matrix {
			n, _ := idx.Dims()
			_, c := m.Dims()
			p := mlp.NewMatrix(n, c, nil)
			for i := range n {
				copy(p.Row(i), m.Row(int(idx.At(i, 0))))
			}
			return p
		}
		_, outputs := tt.y.Dims()
		newNet := func() *mlp.Network {
			return mustNew(t, []int{3, 6, outputs}, mlp.WithActivation(mlp.Tanh), tt.act, tt.loss)
		}
		cfg := mlp.TrainConfig{Epochs: 15, LearningRate: 0.05, BatchSize: 8, Seed: seed, Optimizer: mlp.NewAdam()}

		held := newNet()
		hcfg := cfg
		hcfg.ValidationFraction = frac
		got, err := held.Train(context.Background(), x, tt.y, hcfg)
		if err != nil {
			t.Fatal(err)
		}
		byHand := newNet()
		mcfg := cfg
		mcfg.Optimizer = mlp.NewAdam()
		mcfg.Validation = &mlp.Dataset{X: pick(x, valRows.X), Y: pick(tt.y, valRows.X)}
		want, err := byHand.Train(context.Background(), pick(x, trainRows.X), pick(tt.y, trainRows.X), mcfg)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := valRows.X.Dims(); n != 12 {
			t.Errorf("%s: %d samples held out, want round(0.3·40) = 12", tt.name, n)
		}
		sameSeries(t, tt.name+": History.Loss", got.Loss, want.Loss)
		sameSeries(t, tt.name+": History.ValidationLoss", got.ValidationLoss, want.ValidationLoss)
		sameWeights(t, tt.name+": weights", held, weights(byHand))
		if tt.name == "classes" && len(got.ValidationAccuracy) != 15 {
			t.Errorf("%s: %d validation accuracies, want 15", tt.name, len(got.ValidationAccuracy))
		}
		if tt.name == "regression" && got.ValidationAccuracy != nil {
			t.Errorf("%s: ValidationAccuracy = %v, want nil for targets that are not class labels", tt.name, got.ValidationAccuracy)
		}
	}
}

// scripted is an Optimizer that sets the only weight of a network to the
// next of its values at each step.
type scripted struct{ ws []float64 }

func (o *scripted) String() string { return "scripted" }
func (o *scripted) Reset()         {}
func (o *scripted) Step(n *mlp.Network, eta, scale float64) {
	n.Layers[0].W.Set(0, 0, o.ws[0])
	o.ws = o.ws[1:]
}

// TestTrainBestEpochBelowTolerance: the best epoch is the one with the
// lowest loss even when it fell by less than Tolerance, while such an epoch
// still counts as no improvement. The losses are scripted: one linear unit
// w·1 with target 0 has the loss ½w² of the weight it starts the epoch
// with, and the optimizer sets w.
func TestTrainBestEpochBelowTolerance(t *testing.T) {
	losses := []float64{1, 0.95, 0.9, 0.86, 0.87, 0.88, 0.89} // each epoch's ½w²
	var ws []float64
	for _, l := range losses[1:] {
		ws = append(ws, math.Sqrt(2*l))
	}
	ws = append(ws, 0)
	net := mustNew(t, []int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias(), mlp.WithConstantInit(math.Sqrt2))
	one, zero := mlp.NewMatrix(1, 1, []float64{1}), mlp.NewMatrix(1, 1, []float64{0})
	hist, err := net.Train(context.Background(), one, zero, mlp.TrainConfig{Epochs: 7, LearningRate: 1,
		Optimizer: &scripted{ws: ws}, Patience: 3, Tolerance: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	// Epochs 2, 3 and 4 do not fall below 1 − 0.1: stop after epoch 4,
	// whose loss 0.86 is the lowest. Its weights are those it ends with,
	// the start of epoch 5: w = √(2·0.87).
	if len(hist.Loss) != 4 || hist.BestEpoch != 4 {
		t.Errorf("ran %d epochs with losses %v, best %d; want 4 epochs, best epoch 4", len(hist.Loss), hist.Loss, hist.BestEpoch)
	}
	if w := net.Layers[0].W.At(0, 0); w != ws[3] {
		t.Errorf("w = %v, want %v, the weight after epoch 4", w, ws[3])
	}
}
