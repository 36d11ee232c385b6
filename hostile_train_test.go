package mlp_test

// The hostile suite of Train: every bad setting and every bad x or y is an
// error naming what was expected and what came, and leaves the network, x
// and y as they were, bit for bit, with the network still training as an
// untouched twin does. Train never writes into x or y, and what it allocates
// is bounded by the data and the network, never by a setting.

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// trainNet is the network of the hostile rows: 3 inputs, 5 sigmoid units
// with biases, 1 output, weights from seed 7.
func trainNet(t *testing.T) *mlp.Network { return mustNew(t, []int{3, 5, 1}, mlp.WithSeed(7)) }

// trainPass runs Forward and Backward on fresh XOR data, so that every
// matrix of net exists.
func trainPass(t *testing.T, net *mlp.Network) {
	t.Helper()
	x, y := xorData()
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
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
