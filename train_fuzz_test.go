package mlp_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

// FuzzTrainConfig trains a small network on XOR with fuzzed settings: Epochs
// (huge ones included), LearningRate (NaN, ±Inf, negative, subnormal),
// BatchSize (negative, huge), Seed, NoShuffle, SumLoss, the optimizer and its
// hyperparameters (a nil pointer among them), and x or y on the memory of a
// matrix of the network, or y on x's. OnEpoch stops after 2 epochs and a
// short deadline backs it up. Train must not panic; its errors start with
// "mlp:"; x and y stay as they were bit for bit; an error other than
// divergence or the deadline leaves the whole network as it was, with no
// history; x or y on the network's memory is always an error; the weights
// stay finite; and a call allocates less than 1 MiB.
func FuzzTrainConfig(f *testing.F) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, s := range []struct {
		epochs, batch  int
		eta            float64
		seed           uint64
		opt            uint8
		h1, h2, h3     float64
		noShuffle, sum bool
		alias          uint8
	}{
		{3, 2, 0.5, 1, 0, 0.9, 0.999, 1e-8, false, false, 0},
		{math.MaxInt, 1, 1, 0, 2, 0.9, 0, 0, false, false, 0},
		{1 << 40, 3, 0.1, math.MaxUint64, 3, 0.9, 0.999, 1e-8, true, true, 0},
		{2, 0, nan, 1, 0, 0, 0, 0, false, false, 0},
		{2, 0, -inf, 1, 0, 0, 0, 0, false, false, 0},
		{2, 0, 5e-324, 1, 1, 0, 0, 0, false, false, 0},
		{2, 0, 1e308, 1, 4, 0, 0, 0, false, false, 0},
		{2, -1, 1, 1, 0, 0, 0, 0, false, false, 0},
		{2, math.MaxInt, 1, 1, 0, 0, 0, 0, false, false, 0},
		{2, math.MinInt, 1, 1, 0, 0, 0, 0, false, false, 0},
		{-1, 0, 1, 1, 0, 0, 0, 0, false, false, 0},
		{2, 2, 1, 1, 2, nan, 0, 0, false, false, 0},
		{2, 2, 1, 1, 3, 0.9, 0.999, 0, false, false, 0},
		{2, 2, 1, 1, 3, 0.9, 0.999, inf, false, false, 0},
		{2, 2, 1, 1, 5, 0, 0, 0, false, false, 0},
		{2, 2, 1, 1, 6, 0, 0, 0, false, false, 0},
		{2, 2, 1, 1, 0, 0, 0, 0, false, false, 1},
		{2, 2, 1, 1, 0, 0, 0, 0, false, false, 4},
		{2, 1, 1, 1, 0, 0, 0, 0, false, false, 12},
		{2, 0, 1, 1, 0, 0, 0, 0, false, false, 20},
		{2, 2, 1, 1, 0, 0, 0, 0, false, false, 33},
	} {
		f.Add(s.epochs, s.eta, s.batch, s.seed, s.opt, s.h1, s.h2, s.h3, s.noShuffle, s.sum, s.alias)
	}
	f.Fuzz(func(t *testing.T, epochs int, eta float64, batch int, seed uint64, opt uint8, h1, h2, h3 float64, noShuffle, sumLoss bool, alias uint8) {
		net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(3))
		trainPass(t, net) // every matrix of the network exists
		x, y := xorData()
		// alias 1 to 16: x on matrix alias−1 of the network; 17 to 32: y on
		// matrix alias−17; 33: y on x's first 4 values (allowed).
		onNetwork := false
		ms := trainMatrices(net)
		switch k := int(alias); {
		case k >= 1 && k <= 16 && ms[k-1] != nil:
			m := ms[k-1]
			if rows := min(4, len(m.RawData())/3); rows > 0 {
				x, y = trainView(m, 0, rows, 3), mlp.NewMatrix(rows, 1, nil)
				onNetwork = true
			}
		case k >= 17 && k <= 32 && ms[k-17] != nil:
			m := ms[k-17]
			if rows := min(4, len(m.RawData())); rows > 0 {
				x, y = mlp.NewMatrix(rows, 3, x.RawData()[:3*rows]), trainView(m, 0, rows, 1)
				onNetwork = true
			}
		case k == 33:
			y = mlp.NewMatrix(4, 1, x.RawData()[:4])
		}
		var o mlp.Optimizer
		switch opt % 7 {
		case 1:
			o = mlp.GradientDescent{}
		case 2:
			o = mlp.NewMomentum(h1)
		case 3:
			o = &mlp.Adam{Beta1: h1, Beta2: h2, Epsilon: h3}
		case 4:
			o = mlp.NewAdam()
		case 5:
			var m *mlp.Momentum
			o = m
		case 6:
			var a *mlp.Adam
			o = a
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		cfg := mlp.TrainConfig{Epochs: epochs, LearningRate: eta, BatchSize: batch, Optimizer: o,
			SumLoss: sumLoss, NoShuffle: noShuffle, Seed: seed,
			OnEpoch: func(p mlp.Progress) bool { return p.Epoch >= 2 }}

		before := trainState(net, x, y)
		var hist mlp.History
		var err error
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		hist, err = net.Train(ctx, x, y, cfg)
		runtime.ReadMemStats(&m1)

		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc >= 1<<20 {
			t.Errorf("Train(%+v) allocated %d bytes, want < 1 MiB", cfg, alloc)
		}
		after := trainState(net, x, y)
		trainSameState(t, "x and y after Train", after[:2], before[:2])
		var de *mlp.DivergenceError
		switch {
		case err == nil:
			if onNetwork {
				t.Errorf("Train with x or y on the network's memory (alias %d): no error", alias)
			}
		case !strings.HasPrefix(err.Error(), "mlp:"):
			t.Errorf("Train error = %q, want it to start with \"mlp:\"", err)
		case errors.As(err, &de), errors.Is(err, context.DeadlineExceeded):
		default: // refused before any work
			if hist.Loss != nil {
				t.Errorf("Train error %q with History.Loss = %v, want nil", err, hist.Loss)
			}
			trainSameState(t, "network after "+err.Error(), after, before)
		}
		if n := len(hist.Loss); n > 2 || n > max(epochs, 0) {
			t.Errorf("Train(%+v) ran %d epochs, want at most 2 and at most Epochs", cfg, n)
		}
		for _, w := range weights(net) {
			for _, v := range w {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("Train(%+v) = %v left a weight %v, want finite weights", cfg, err, v)
				}
			}
		}
	})
}
