package mlp_test

// The hostile suite of Train: every bad setting and every bad x or y is an
// error naming what was expected and what came, and leaves the network, x
// and y as they were, bit for bit, with the network still training as an
// untouched twin does. Train never writes into x or y, and what it allocates
// is bounded by the data and the network, never by a setting.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// trainMat is what a test remembers of a matrix: which one it is, its shape
// and its values bit for bit. A nil matrix is remembered as nil.
type trainMat struct {
	m          *mlp.Matrix
	rows, cols int
	bits       []uint64
}

func trainRecord(m *mlp.Matrix) trainMat {
	if m == nil {
		return trainMat{}
	}
	r := trainMat{m: m}
	r.rows, r.cols = m.Dims()
	for _, v := range m.RawData() {
		r.bits = append(r.bits, math.Float64bits(v))
	}
	return r
}

// trainMatrices returns every matrix of net, layer by layer: W, B, Z, A,
// DA, DZ, DW and DB.
func trainMatrices(net *mlp.Network) []*mlp.Matrix {
	var ms []*mlp.Matrix
	for _, l := range net.Layers {
		ms = append(ms, l.W, l.B, l.Z, l.A, l.DA, l.DZ, l.DW, l.DB)
	}
	return ms
}

// trainMatrixNames names the matrices of trainMatrices, layer i's at 8i.
var trainMatrixNames = [...]string{"W", "B", "Z", "A", "DA", "DZ", "DW", "DB"}

// trainState records x, y and every matrix of net.
func trainState(net *mlp.Network, x, y *mlp.Matrix) []trainMat {
	s := []trainMat{trainRecord(x), trainRecord(y)}
	for _, m := range trainMatrices(net) {
		s = append(s, trainRecord(m))
	}
	return s
}

// trainStateName names entry k of trainState.
func trainStateName(k int) string {
	switch k {
	case 0:
		return "x"
	case 1:
		return "y"
	}
	k -= 2
	return fmt.Sprintf("layer %d's %s", k/8, trainMatrixNames[k%8])
}

// trainSameState fails unless got and want (from trainState) hold the same
// matrices with the same shapes and bits.
func trainSameState(t *testing.T, name string, got, want []trainMat) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: the network has %d matrices, want %d", name, len(got)-2, len(want)-2)
		return
	}
	for k := range want {
		g, w := got[k], want[k]
		switch {
		case g.m != w.m:
			t.Errorf("%s: %s is %p, want %p as before", name, trainStateName(k), g.m, w.m)
		case g.rows != w.rows || g.cols != w.cols:
			t.Errorf("%s: %s is %dx%d, want %dx%d as before", name, trainStateName(k), g.rows, g.cols, w.rows, w.cols)
		default:
			for i := range w.bits {
				if g.bits[i] != w.bits[i] {
					t.Errorf("%s: %s[%d] = %v, want %v as before", name, trainStateName(k), i,
						math.Float64frombits(g.bits[i]), math.Float64frombits(w.bits[i]))
					break
				}
			}
		}
	}
}

// trainNet is the network of the hostile rows: 3 inputs, 5 sigmoid units
// with biases, 1 output, weights from seed 7.
func trainNet(t *testing.T) *mlp.Network { return mustNew(t, []int{3, 5, 1}, mlp.WithSeed(7)) }

// trainLikeTwin trains net and twin alike, on fresh XOR data with
// shuffled mini-batches and momentum, and fails unless both end with the
// same weights and history, bit for bit.
func trainLikeTwin(t *testing.T, name string, net, twin *mlp.Network) {
	t.Helper()
	var hists [2]mlp.History
	for i, n := range []*mlp.Network{net, twin} {
		x, y := xorData()
		h, err := n.Train(context.Background(), x, y, mlp.TrainConfig{
			Epochs: 30, LearningRate: 0.5, BatchSize: 3, Seed: 5, Optimizer: mlp.NewMomentum(0.9)})
		if err != nil {
			t.Fatalf("%s: Train afterwards: %v", name, err)
		}
		hists[i] = h
	}
	sameWeights(t, name+", trained afterwards against an untouched twin", net, weights(twin))
	closeLosses(t, name+", trained afterwards against an untouched twin", hists[0].Loss, hists[1].Loss, 0)
}

// trainNilOptimizer is an Optimizer of the caller's with pointer methods.
type trainNilOptimizer struct{ steps int }

func (o *trainNilOptimizer) String() string                          { return "nil-optimizer" }
func (o *trainNilOptimizer) Reset()                                  { o.steps = 0 }
func (o *trainNilOptimizer) Step(n *mlp.Network, eta, scale float64) { o.steps++ }

// trainView returns a rows×cols matrix on values lo, lo+1, ... of the
// backing array of m, up to its capacity: memory that m owns.
func trainView(m *mlp.Matrix, lo, rows, cols int) *mlp.Matrix {
	raw := m.RawData()
	return mlp.NewMatrix(rows, cols, raw[:cap(raw)][lo:lo+rows*cols])
}

// trainPass runs Forward and Backward on fresh XOR data, so that every
// matrix of net exists.
func trainPass(t *testing.T, net *mlp.Network) {
	t.Helper()
	x, y := xorData()
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
}

// TestTrainHostile: each bad TrainConfig, context, x or y is the exact error
// of its row, before any work: no history, the network, x and y unchanged
// bit for bit (every matrix of every layer, its shape and its values), and
// the network trains afterwards exactly as an untouched twin.
func TestTrainHostile(t *testing.T) {
	ok := mlp.TrainConfig{Epochs: 3, LearningRate: 1}
	with := func(f func(c *mlp.TrainConfig)) mlp.TrainConfig { c := ok; f(&c); return c }
	cfg := func(c mlp.TrainConfig) func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
		return func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
			x, y := xorData()
			return context.Background(), x, y, c
		}
	}
	data := func(x, y *mlp.Matrix) func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
		return func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
			return context.Background(), x, y, ok
		}
	}
	// aliased returns a row whose x (or y, with isY) is rows×cols of the
	// given matrix of layer l, taken after one Forward and Backward, trained
	// in batches of batch.
	aliased := func(isY bool, l, k, lo, rows, cols, batch int) func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
		return func(t *testing.T, net *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
			trainPass(t, net)
			view := trainView(trainMatrices(net)[8*l+k], lo, rows, cols)
			x, y := xorData()
			if isY {
				y = view
			} else {
				x, y = view, mlp.NewMatrix(rows, 1, nil)
			}
			c := ok
			c.BatchSize = batch
			return context.Background(), x, y, c
		}
	}
	const (
		W = iota
		B
		Z
		A
		DA
		DZ
		DW
		DB
	)
	x, y := xorData()
	nanX := x.Clone()
	nanX.Set(2, 1, math.NaN())
	infY := y.Clone()
	infY.Set(3, 0, math.Inf(1))
	negInfX := x.Clone()
	negInfX.Set(0, 2, math.Inf(-1))

	for _, tt := range []struct {
		name  string
		setup func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig)
		want  string
	}{
		{"Epochs -1", cfg(with(func(c *mlp.TrainConfig) { c.Epochs = -1 })), "mlp: Train: Epochs is -1, want at least 0"},
		{"Epochs MinInt", cfg(with(func(c *mlp.TrainConfig) { c.Epochs = math.MinInt })), "mlp: Train: Epochs is -9223372036854775808, want at least 0"},
		{"LearningRate 0", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = 0 })), "mlp: Train: learning rate is 0, want a finite number > 0"},
		{"LearningRate -0", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = math.Copysign(0, -1) })), "mlp: Train: learning rate is -0, want a finite number > 0"},
		{"LearningRate -5e-324", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = -5e-324 })), "mlp: Train: learning rate is -5e-324, want a finite number > 0"},
		{"LearningRate -MaxFloat64", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = -math.MaxFloat64 })), "mlp: Train: learning rate is -1.7976931348623157e+308, want a finite number > 0"},
		{"LearningRate NaN", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = math.NaN() })), "mlp: Train: learning rate is NaN, want a finite number > 0"},
		{"LearningRate +Inf", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = math.Inf(1) })), "mlp: Train: learning rate is +Inf, want a finite number > 0"},
		{"LearningRate -Inf", cfg(with(func(c *mlp.TrainConfig) { c.LearningRate = math.Inf(-1) })), "mlp: Train: learning rate is -Inf, want a finite number > 0"},
		{"BatchSize -1", cfg(with(func(c *mlp.TrainConfig) { c.BatchSize = -1 })), "mlp: Train: BatchSize is -1, want 1 to 4 (the number of samples), or 0 for all of them"},
		{"BatchSize MinInt", cfg(with(func(c *mlp.TrainConfig) { c.BatchSize = math.MinInt })), "mlp: Train: BatchSize is -9223372036854775808, want 1 to 4 (the number of samples), or 0 for all of them"},
		{"BatchSize 5", cfg(with(func(c *mlp.TrainConfig) { c.BatchSize = 5 })), "mlp: Train: BatchSize is 5, want 1 to 4 (the number of samples), or 0 for all of them"},
		{"BatchSize MaxInt", cfg(with(func(c *mlp.TrainConfig) { c.BatchSize = math.MaxInt })), "mlp: Train: BatchSize is 9223372036854775807, want 1 to 4 (the number of samples), or 0 for all of them"},
		{"Momentum beta 1", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = mlp.NewMomentum(1) })), "mlp: Train: Momentum: Beta is 1, want 0 ≤ Beta < 1"},
		{"Momentum beta -0.1", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = mlp.NewMomentum(-0.1) })), "mlp: Train: Momentum: Beta is -0.1, want 0 ≤ Beta < 1"},
		{"Momentum beta NaN", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = mlp.NewMomentum(math.NaN()) })), "mlp: Train: Momentum: Beta is NaN, want 0 ≤ Beta < 1"},
		{"Adam Beta1 NaN", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: math.NaN(), Beta2: 0.999, Epsilon: 1e-8} })), "mlp: Train: Adam: Beta1 is NaN, want 0 ≤ Beta1 < 1"},
		{"Adam Beta2 1", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: 0.9, Beta2: 1, Epsilon: 1e-8} })), "mlp: Train: Adam: Beta2 is 1, want 0 ≤ Beta2 < 1"},
		{"Adam Epsilon 0", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: 0.9, Beta2: 0.999} })), "mlp: Train: Adam: Epsilon is 0, want a finite number > 0"},
		{"Adam Epsilon +Inf", cfg(with(func(c *mlp.TrainConfig) { c.Optimizer = &mlp.Adam{Beta1: 0.9, Beta2: 0.999, Epsilon: math.Inf(1)} })), "mlp: Train: Adam: Epsilon is +Inf, want a finite number > 0"},
		{"nil *Momentum", cfg(with(func(c *mlp.TrainConfig) { var o *mlp.Momentum; c.Optimizer = o })),
			"mlp: Train: Optimizer is a nil *mlp.Momentum, want a non-nil pointer (or a nil Optimizer for GradientDescent)"},
		{"nil *Adam", cfg(with(func(c *mlp.TrainConfig) { var o *mlp.Adam; c.Optimizer = o })),
			"mlp: Train: Optimizer is a nil *mlp.Adam, want a non-nil pointer (or a nil Optimizer for GradientDescent)"},
		{"nil pointer of the caller's", cfg(with(func(c *mlp.TrainConfig) { var o *trainNilOptimizer; c.Optimizer = o })),
			"mlp: Train: Optimizer is a nil *mlp_test.trainNilOptimizer, want a non-nil pointer (or a nil Optimizer for GradientDescent)"},
		{"nil context", func(*testing.T, *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
			x, y := xorData()
			return nil, x, y, ok //nolint:staticcheck // a nil context is the bad input
		}, "mlp: Train: Context is nil, want one (context.Background() if nothing else)"},
		{"x nil", data(nil, y), "mlp: Train: x is nil"},
		{"y nil", data(x, nil), "mlp: Train: y is nil"},
		{"x 0x3", data(mlp.NewMatrix(0, 3, nil), mlp.NewMatrix(0, 1, nil)), "mlp: Train: x is 0x3, want at least one sample (row)"},
		{"x 4x2", data(mlp.NewMatrix(4, 2, nil), y), "mlp: Train: x has 2 columns, network expects 3 inputs"},
		{"x 4x0", data(mlp.NewMatrix(4, 0, nil), y), "mlp: Train: x has 0 columns, network expects 3 inputs"},
		{"y 3x1", data(x, mlp.NewMatrix(3, 1, nil)), "mlp: Train: y is 3x1, want 4x1 (x's 4 samples × the network's 1 outputs)"},
		{"y 4x2", data(x, mlp.NewMatrix(4, 2, nil)), "mlp: Train: y is 4x2, want 4x1 (x's 4 samples × the network's 1 outputs)"},
		{"y 4x0", data(x, mlp.NewMatrix(4, 0, nil)), "mlp: Train: y is 4x0, want 4x1 (x's 4 samples × the network's 1 outputs)"},
		{"x NaN", data(nanX, y), "mlp: Train: x(2, 1) is NaN, want finite data"},
		{"x -Inf", data(negInfX, y), "mlp: Train: x(0, 2) is -Inf, want finite data"},
		{"y +Inf", data(x, infY), "mlp: Train: y(3, 0) is +Inf, want finite data"},

		// x or y sharing memory with a matrix of the network.
		{"x on layer 0's W", aliased(false, 0, W, 0, 4, 3, 0), "mlp: Train: x shares memory with layer 0's W, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's W, mini-batches", aliased(false, 0, W, 3, 4, 3, 2), "mlp: Train: x shares memory with layer 0's W, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's B", aliased(false, 0, B, 1, 1, 3, 0), "mlp: Train: x shares memory with layer 0's B, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's Z", aliased(false, 0, Z, 0, 4, 3, 2), "mlp: Train: x shares memory with layer 0's Z, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's A", aliased(false, 0, A, 0, 4, 3, 2), "mlp: Train: x shares memory with layer 0's A, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's A, batch 1", aliased(false, 0, A, 8, 4, 3, 1), "mlp: Train: x shares memory with layer 0's A, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's DA", aliased(false, 0, DA, 0, 4, 3, 2), "mlp: Train: x shares memory with layer 0's DA, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's DZ", aliased(false, 0, DZ, 0, 4, 3, 3), "mlp: Train: x shares memory with layer 0's DZ, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's DW", aliased(false, 0, DW, 0, 4, 3, 0), "mlp: Train: x shares memory with layer 0's DW, want memory of its own (pass a copy: Clone)"},
		{"x on layer 0's DB", aliased(false, 0, DB, 0, 1, 3, 0), "mlp: Train: x shares memory with layer 0's DB, want memory of its own (pass a copy: Clone)"},
		{"x on layer 1's W", aliased(false, 1, W, 2, 1, 3, 0), "mlp: Train: x shares memory with layer 1's W, want memory of its own (pass a copy: Clone)"},
		{"y on layer 1's W", aliased(true, 1, W, 0, 4, 1, 0), "mlp: Train: y shares memory with layer 1's W, want memory of its own (pass a copy: Clone)"},
		{"y on layer 0's B", aliased(true, 0, B, 1, 4, 1, 2), "mlp: Train: y shares memory with layer 0's B, want memory of its own (pass a copy: Clone)"},
		{"y on layer 1's A, the output", aliased(true, 1, A, 0, 4, 1, 0), "mlp: Train: y shares memory with layer 1's A, want memory of its own (pass a copy: Clone)"},
		{"y on layer 1's A, mini-batches", aliased(true, 1, A, 0, 4, 1, 2), "mlp: Train: y shares memory with layer 1's A, want memory of its own (pass a copy: Clone)"},
		{"y on layer 1's DZ", aliased(true, 1, DZ, 0, 4, 1, 1), "mlp: Train: y shares memory with layer 1's DZ, want memory of its own (pass a copy: Clone)"},
		{"y on layer 0's DA", aliased(true, 0, DA, 7, 4, 1, 3), "mlp: Train: y shares memory with layer 0's DA, want memory of its own (pass a copy: Clone)"},
		// x in the spare capacity of layer 0's A, left by a larger batch:
		// the next pass on 4 samples grows A into it.
		{"x beyond the end of layer 0's A", func(t *testing.T, net *mlp.Network) (context.Context, *mlp.Matrix, *mlp.Matrix, mlp.TrainConfig) {
			x8 := mlp.NewMatrix(8, 3, nil)
			for i := range x8.RawData() {
				x8.RawData()[i] = float64(i%5) / 4
			}
			if _, err := net.Forward(x8); err != nil { // A: 8×5
				t.Fatal(err)
			}
			x1, _ := xorData()
			if _, err := net.Forward(mlp.NewMatrix(1, 3, x1.Row(0))); err != nil { // A: 1×5, with room for 8
				t.Fatal(err)
			}
			x := trainView(net.Layers[0].A, 5, 4, 3)
			copy(x.RawData(), x1.RawData())
			_, y := xorData()
			return context.Background(), x, y, ok
		}, "mlp: Train: x shares memory with layer 0's A, want memory of its own (pass a copy: Clone)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			net, twin := trainNet(t), trainNet(t)
			ctx, x, y, c := tt.setup(t, net)
			before := trainState(net, x, y)
			var hist mlp.History
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Train panicked: %v, want the error %q", r, tt.want)
					}
				}()
				hist, err = net.Train(ctx, x, y, c)
			}()
			if err == nil || err.Error() != tt.want {
				t.Errorf("Train error = %v, want %q", err, tt.want)
			}
			if hist.Loss != nil {
				t.Errorf("History.Loss = %v, want nil", hist.Loss)
			}
			trainSameState(t, tt.name, trainState(net, x, y), before)
			trainLikeTwin(t, tt.name, net, twin)
		})
	}
}

// trainTotalAlloc returns the bytes that f allocates on the heap.
func trainTotalAlloc(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestTrainHostileEpochs: the history grows with the epochs done, not the
// epochs asked for: a huge Epochs stopped after one epoch, by OnEpoch or by
// the context, allocates less than 1 MiB, and math.MaxInt does not panic.
func TestTrainHostileEpochs(t *testing.T) {
	for _, epochs := range []int{1 << 23, 1 << 40, math.MaxInt} {
		for _, stop := range []string{"OnEpoch", "context"} {
			t.Run(stop, func(t *testing.T) {
				x, y := xorData()
				net := trainNet(t)
				trainPass(t, net) // the network's own buffers
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				c := mlp.TrainConfig{Epochs: epochs, LearningRate: 0.5, BatchSize: 2,
					OnEpoch: func(p mlp.Progress) bool {
						if p.Epochs != epochs {
							t.Errorf("Progress.Epochs = %d, want %d", p.Epochs, epochs)
						}
						if stop == "context" {
							cancel()
							return false
						}
						return true
					}}
				var hist mlp.History
				var err error
				alloc := trainTotalAlloc(func() {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("Train with Epochs %d panicked: %v", epochs, r)
						}
					}()
					hist, err = net.Train(ctx, x, y, c)
				})
				if stop == "context" {
					if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "mlp: Train: stopped at epoch 2, batch 1") {
						t.Errorf("Train with Epochs %d cancelled after epoch 1: error = %v, want context.Canceled at epoch 2, batch 1", epochs, err)
					}
				} else if err != nil {
					t.Errorf("Train with Epochs %d stopped by OnEpoch: error = %v, want none", epochs, err)
				}
				if len(hist.Loss) != 1 {
					t.Errorf("Train with Epochs %d stopped after epoch 1: len(History.Loss) = %d, want 1", epochs, len(hist.Loss))
				}
				if alloc >= 1<<20 {
					t.Errorf("Train with Epochs %d stopped after epoch 1 allocated %d bytes, want < 1 MiB", epochs, alloc)
				}
			})
		}
	}
}

// TestTrainHostileMemory: whatever the settings (Epochs, BatchSize, Seed,
// NoShuffle, SumLoss), a Train on a network that has trained before
// allocates at most one copy of x and y for its mini-batches, an index of
// 8 bytes a sample, one copy of the weights and biases, 8 bytes an epoch
// run for the history (with room for min(Epochs, 1024) at the start), and
// little besides: what the allocator rounds up, and at most a few KiB.
func TestTrainHostileMemory(t *testing.T) {
	const samples, features = 3000, 3
	x := mlp.NewMatrix(samples, features, nil)
	y := mlp.NewMatrix(samples, 1, nil)
	for i := range samples {
		x.Set(i, 0, float64(i%7)/7)
		x.Set(i, 1, float64(i%3)/3)
		x.Set(i, 2, 1)
		y.Set(i, 0, float64(i%2))
	}
	net := trainNet(t)
	params := 0
	for _, w := range weights(net) {
		params += len(w)
	}
	for _, c := range []mlp.TrainConfig{
		{Epochs: 2, BatchSize: samples - 1, Seed: math.MaxUint64},
		{Epochs: 3, BatchSize: 1, SumLoss: true},
		{Epochs: 2, BatchSize: samples / 2, NoShuffle: true},
		{Epochs: 2},
		{Epochs: math.MaxInt, BatchSize: 7},
		{Epochs: 1 << 40, BatchSize: 1000, Seed: 1, Optimizer: mlp.NewAdam()},
	} {
		c.LearningRate = 0.1
		c.OnEpoch = func(p mlp.Progress) bool { return p.Epoch == 2 }
		if _, err := net.Train(context.Background(), x, y, c); err != nil { // the network's and optimizer's buffers, at most the data's size
			t.Fatal(err)
		}
		var hist mlp.History
		var err error
		alloc := trainTotalAlloc(func() { hist, err = net.Train(context.Background(), x, y, c) })
		if err != nil {
			t.Fatal(err)
		}
		limit := uint64(8*(samples*features+samples) + 8*samples + 8*params + 8*max(len(hist.Loss), min(c.Epochs, 1024)))
		limit += limit/8 + 16<<10 // the allocator's rounding up to a size class or a page
		if alloc > limit {
			t.Errorf("Train with Epochs %d, BatchSize %d allocated %d bytes, want at most %d (a copy of x and y, an index, a copy of the weights, the history)",
				c.Epochs, c.BatchSize, alloc, limit)
		}
	}
}

// TestTrainHostileXY: Train never writes into x or y. They may share memory
// with each other (y may be x itself, as for an autoencoder): training on
// them is training on copies of them, bit for bit.
func TestTrainHostileXY(t *testing.T) {
	base, _ := xorData()
	for _, batch := range []int{0, 1, 3} {
		for _, shape := range []string{"y is x", "y is x's first column, as 12x1 on x's values"} {
			// x 4x3; y either x itself (a 3-3-3 autoencoder) or 4×1 on x's memory.
			x := base.Clone()
			sizes, y := []int{3, 4, 3}, x
			if shape != "y is x" {
				sizes, y = []int{3, 4, 1}, mlp.NewMatrix(4, 1, x.RawData()[:4])
			}
			net := mustNew(t, sizes, mlp.WithSeed(11))
			twin := mustNew(t, sizes, mlp.WithSeed(11))
			before := trainState(net, x, y)
			c := mlp.TrainConfig{Epochs: 40, LearningRate: 0.5, BatchSize: batch, Seed: 2, Optimizer: mlp.NewAdam()}
			hist, err := net.Train(context.Background(), x, y, c)
			if err != nil {
				t.Fatalf("%s, batch %d: Train: %v", shape, batch, err)
			}
			after := trainState(net, x, y)
			trainSameState(t, shape+", x and y after Train", after[:2], before[:2])

			c.Optimizer = mlp.NewAdam()
			want, err := twin.Train(context.Background(), x.Clone(), y.Clone(), c)
			if err != nil {
				t.Fatal(err)
			}
			sameWeights(t, shape+": against copies of x and y", net, weights(twin))
			closeLosses(t, shape+": against copies of x and y", hist.Loss, want.Loss, 0)
		}
	}
}
