package main

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

func TestCurve(t *testing.T) {
	var c curve
	for i := 1; i <= maxPoints-1; i++ {
		c.add(float64(i))
	}
	if len(c.points) != maxPoints-1 || c.points[0] != 1 || c.points[maxPoints-2] != maxPoints-1 {
		t.Fatalf("%d values: %d points from %v, want one a value", maxPoints-1, len(c.points), c.points[0])
	}
	// The 1000th value makes 1000 points: pairs are averaged.
	c.add(maxPoints)
	if len(c.points) != maxPoints/2 || c.stride != 2 {
		t.Fatalf("1000 values: %d points of stride %d, want 500 of stride 2", len(c.points), c.stride)
	}
	for i, want := range map[int]float64{0: 1.5, 1: 3.5, 499: 999.5} {
		if c.points[i] != want {
			t.Errorf("point %d = %v, want %v (the mean of values %v and %v)", i, c.points[i], want, 2*i+1, 2*i+2)
		}
	}
	// Then a point is the mean of two values.
	c.add(1001)
	if len(c.points) != maxPoints/2 {
		t.Errorf("one more value made a point of its own; want it held until its pair comes")
	}
	c.add(1004)
	if len(c.points) != maxPoints/2+1 || c.points[maxPoints/2] != 1002.5 {
		t.Errorf("two more values: last point %v, want their mean 1002.5", c.points[len(c.points)-1])
	}
}

func TestPerSample(t *testing.T) {
	// Train reports the mean of a piece, or its sum with SumLoss.
	if got := perSample(0.5, 4, 1, false); got != 2 {
		t.Errorf("perSample(mean 0.5 of 4 samples) = %v, want their sum 2", got)
	}
	if got := perSample(2, 4, 4, true); got != 0.5 {
		t.Errorf("perSample(sum 2 of 4 samples, /4) = %v, want 0.5", got)
	}
}

// An epoch cut into pieces of one batch each trains exactly as one Train
// call over the same shuffled samples: the weights bit for bit, Adam's
// state included.
func TestEpochInPiecesIsOneTrain(t *testing.T) {
	d := builtinDatasets()[3] // moons: 200 samples
	lim := testLimits()
	for _, sum := range []bool{false, true} {
		c, err := parseSetup(setupRequest{Dataset: "moons", Hidden: "8", Activation: "tanh", Output: "sigmoid", Loss: "binary-cross-entropy",
			Bias: true, Init: "default", Optimizer: "adam", LearningRate: "0.03", BatchSize: "30", SumLoss: sum, Seed: "5"},
			func(string) (*dataset, error) { return d, nil }, lim)
		if err != nil {
			t.Fatal(err)
		}
		s, err := newSession(newID(), lim, c)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := c.network()
		refOpt := c.newOptimizer()

		tr := &trainer{s: s, start: time.Now()}
		for epoch := range 3 {
			tr.perSample = 1 // a second a sample: every piece is one batch of 30
			loss, err := tr.epoch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			s.prog.Epoch++

			// The reference: the same order, one call.
			rows, _ := d.XTrain.Dims()
			perm := rand.New(rand.NewPCG(c.seed, uint64(epoch))).Perm(rows)
			x, y := mlp.NewMatrix(rows, 2, nil), mlp.NewMatrix(rows, 1, nil)
			for i, k := range perm {
				copy(x.Row(i), d.XTrain.Row(k))
				copy(y.Row(i), s.yTrain.Row(k))
			}
			h, err := ref.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1, LearningRate: c.eta, BatchSize: 30,
				Optimizer: refOpt, SumLoss: sum, NoShuffle: true})
			if err != nil {
				t.Fatal(err)
			}
			want := h.Loss[0]
			if sum {
				want /= float64(rows)
			}
			// The loss is summed in another order: equal but for rounding.
			if math.Abs(loss-want) > 1e-14*want {
				t.Errorf("sum %v, epoch %d: loss %v in pieces, %v in one call", sum, epoch, loss, want)
			}
			for l := range ref.Layers {
				if !equalData(s.net.Layers[l].W, ref.Layers[l].W) || !equalData(s.net.Layers[l].B, ref.Layers[l].B) {
					t.Fatalf("sum %v, epoch %d: layer %d differs between pieces and one call", sum, epoch, l)
				}
			}
		}
	}
}

func equalData(a, b *mlp.Matrix) bool {
	x, y := a.RawData(), b.RawData()
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func TestCloneNetwork(t *testing.T) {
	n, err := mlp.New([]int{3, 4, 2}, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy), mlp.WithSeed(9))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cloneNetwork(n)
	if err != nil {
		t.Fatal(err)
	}
	if c.Loss != n.Loss || c.Layers[0].Activation != mlp.Tanh || c.Layers[1].Activation != mlp.Softmax {
		t.Errorf("clone has loss %v and activations %v, %v; want the original's", c.Loss, c.Layers[0].Activation, c.Layers[1].Activation)
	}
	for l := range n.Layers {
		if !equalData(c.Layers[l].W, n.Layers[l].W) || !equalData(c.Layers[l].B, n.Layers[l].B) {
			t.Errorf("clone's layer %d differs", l)
		}
	}
	c.Layers[0].W.Set(0, 0, 42)
	if n.Layers[0].W.At(0, 0) == 42 {
		t.Error("the clone shares the original's weights")
	}
	copyWeights(c, n)
	if c.Layers[0].W.At(0, 0) != n.Layers[0].W.At(0, 0) {
		t.Error("copyWeights did not copy")
	}
	x := mlp.NewMatrix(1, 3, []float64{1, 2, 3})
	a, _ := n.Predict(x)
	b, _ := c.Predict(x)
	if !equalData(a, b) {
		t.Errorf("clone predicts %v, original %v", b, a)
	}
}
