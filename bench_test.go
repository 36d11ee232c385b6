package mlp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/glassbox-go/mlp"
)

// The benchmark workloads, with data from counter-based splitmix64 numbers
// that testdata/bench_numpy.py reproduces in numpy, so that the losses can be
// compared (TestWorkloadsMatchNumpy).

// uniform returns n numbers in [0, 1): splitmix64 of i + seed<<32.
func uniform(n int, seed uint64) []float64 {
	out := make([]float64, n)
	for i := range out {
		z := uint64(i) + seed<<32
		z += 0x9E3779B97F4A7C15
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
		out[i] = float64(z>>11) * 0x1p-53
	}
	return out
}

// workload is a sigmoid network trained by full-batch gradient descent on
// the summed squared error.
type workload struct {
	name  string
	sizes []int
	batch int
	eta   float64
}

var (
	mnistWorkload = workload{"784-128-10", []int{784, 128, 10}, 128, 1e-3}
	wideWorkload  = workload{"1024-1024-1024-10", []int{1024, 1024, 1024, 10}, 256, 1e-5}
)

// build returns the workload's network and batch: weights
// (2u−1)/√in with u = uniform(in·out, 11+l), zero biases, X = uniform(·, 100)
// and Y = uniform(·, 101).
func (w workload) build(tb testing.TB) (net *mlp.Network, x, y *mlp.Matrix) {
	net = mustNew(tb, w.sizes)
	for l, layer := range net.Layers {
		in := w.sizes[l]
		u := uniform(len(layer.W.RawData()), uint64(11+l))
		for i := range u {
			layer.W.RawData()[i] = (2*u[i] - 1) / math.Sqrt(float64(in))
		}
	}
	last := w.sizes[len(w.sizes)-1]
	x = mlp.NewMatrix(w.batch, w.sizes[0], uniform(w.batch*w.sizes[0], 100))
	y = mlp.NewMatrix(w.batch, last, uniform(w.batch*last, 101))
	return net, x, y
}

// flops is the number of floating-point operations (2 a multiply-add) of
// the matrix products of one training step: Z = A_prev·W and DW = A_prevᵀ·DZ
// for every layer, DA_prev = DZ·Wᵀ for every layer but the first.
func (w workload) flops() float64 {
	f := 0.0
	for l := 1; l < len(w.sizes); l++ {
		mac := float64(w.batch * w.sizes[l-1] * w.sizes[l])
		f += 4 * mac
		if l > 1 {
			f += 2 * mac
		}
	}
	return f
}

// step runs one training step, Forward, Backward and Step with learning
// rate eta, and returns E of its Forward pass.
func step(tb testing.TB, net *mlp.Network, x, y *mlp.Matrix, eta float64) float64 {
	if _, err := net.Forward(x); err != nil {
		tb.Fatal(err)
	}
	e, err := net.Backward(y)
	if err != nil {
		tb.Fatal(err)
	}
	net.Step(eta)
	return e
}

// TestWorkloadsMatchNumpy: the benchmarked steps compute what numpy computes
// for the same data: E of the first three steps, as testdata/bench_numpy.py
// computes them with numpy and wrote them to testdata/bench_numpy.json.
func TestWorkloadsMatchNumpy(t *testing.T) {
	raw, err := os.ReadFile("testdata/bench_numpy.json")
	if err != nil {
		t.Fatal(err)
	}
	var numpy struct {
		MNIST []float64 `json:"784-128-10"`
		Wide  []float64 `json:"1024-1024-1024-10"`
	}
	if err := json.Unmarshal(raw, &numpy); err != nil {
		t.Fatalf("testdata/bench_numpy.json: %v", err)
	}
	for _, c := range []struct {
		w    workload
		want []float64
	}{{mnistWorkload, numpy.MNIST}, {wideWorkload, numpy.Wide}} {
		if testing.Short() && c.w.name == wideWorkload.name {
			continue
		}
		if len(c.want) != 3 {
			t.Fatalf("testdata/bench_numpy.json has %d losses for %s, want 3", len(c.want), c.w.name)
		}
		net, x, y := c.w.build(t)
		for i, want := range c.want {
			got := step(t, net, x, y, c.w.eta)
			if rel := math.Abs(got-want) / want; rel > 1e-12 {
				t.Errorf("%s step %d: Backward(y) = %.17g, want %.17g from numpy (relative difference %.2g)", c.w.name, i, got, want, rel)
			}
		}
	}
}

// BenchmarkXOREpoch: one epoch (Forward, Backward, Step on the 4 samples)
// of the tutorial's 3-5-1 network, learning rate 3.
func BenchmarkXOREpoch(b *testing.B) {
	net := mustNew(b, []int{3, 5, 1}, mlp.WithoutBias())
	copy(net.Layers[0].W.RawData(), uniform(15, 1))
	copy(net.Layers[1].W.RawData(), uniform(5, 2))
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	step(b, net, x, y, 3) // the first epoch allocates the layers' matrices
	b.ReportAllocs()
	for b.Loop() {
		step(b, net, x, y, 3)
	}
}

// BenchmarkStep: one training step of the larger workloads, with GFLOPS
// counting the matrix products only.
func BenchmarkStep(b *testing.B) {
	for _, w := range []workload{mnistWorkload, wideWorkload} {
		b.Run(w.name, func(b *testing.B) {
			net, x, y := w.build(b)
			step(b, net, x, y, w.eta) // the first step allocates the layers' matrices
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				step(b, net, x, y, w.eta)
			}
			b.ReportMetric(w.flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}

// BenchmarkGEMM: the products of the training steps, through the public
// Matrix methods: Mul (forward), MulTransA (weight gradient), MulTransB
// (error passed back), named M×K×N for op(A) M×K and op(B) K×N.
func BenchmarkGEMM(b *testing.B) {
	for _, s := range []struct {
		name    string
		m, k, n int
	}{
		{"784-128-10/layer1", 128, 784, 128},
		{"784-128-10/layer2", 128, 128, 10},
		{"1024-1024-1024-10/layer2", 256, 1024, 1024},
		{"1024-1024-1024-10/layer3", 256, 1024, 10},
	} {
		for _, op := range []struct {
			name string
			// the operands' shapes, and the product
			ar, ac, br, bc int
			mul            func(c, a, b *mlp.Matrix) *mlp.Matrix
		}{
			// Z = A_prev·W: (M×K)·(K×N)
			{"NN", s.m, s.k, s.k, s.n, (*mlp.Matrix).Mul},
			// DW = A_prevᵀ·DZ: (M×K)ᵀ·(M×N), a K×N result from a sum over the batch M
			{"TN", s.m, s.k, s.m, s.n, (*mlp.Matrix).MulTransA},
			// DA_prev = DZ·Wᵀ: (M×N)·(K×N)ᵀ, an M×K result
			{"NT", s.m, s.n, s.k, s.n, (*mlp.Matrix).MulTransB},
		} {
			b.Run(s.name+"/"+op.name, func(b *testing.B) {
				a := mlp.NewMatrix(op.ar, op.ac, uniform(op.ar*op.ac, 1))
				bm := mlp.NewMatrix(op.br, op.bc, uniform(op.br*op.bc, 2))
				c := new(mlp.Matrix)
				op.mul(c, a, bm)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					op.mul(c, a, bm)
				}
				b.ReportMetric(2*float64(s.m*s.k*s.n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}

// digitsRun is the digits run of examples/classify, with the README's
// flags (-hidden 100 -epochs 50 -batch 32 -eta 0.001 -l2 0 -val 0
// -patience 0): the training three quarters of testdata/digits.csv
// (stratified split, seed 2), standardised, a 64-100-10 network with a
// ReLU hidden layer, softmax output and cross-entropy (seed 2), trained
// with Adam at learning rate 0.001 on shuffled batches of 32 for 50 epochs.
// testdata/bench_digits.py times the same run in PyTorch and scikit-learn.
type digitsRun struct {
	x, y *mlp.Matrix
}

const (
	digitsSeed   = 2
	digitsEpochs = 50
	digitsBatch  = 32
	digitsEta    = 0.001
	digitsHidden = 100
)

func loadDigitsRun(tb testing.TB) digitsRun {
	f, err := os.Open("testdata/digits.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	data, err := mlp.ReadCSV(f, nil)
	if err != nil {
		tb.Fatal(err)
	}
	train, _, err := data.Split(0.25, digitsSeed)
	if err != nil {
		tb.Fatal(err)
	}
	scaler, err := mlp.FitScaler(train.X)
	if err != nil {
		tb.Fatal(err)
	}
	x, err := scaler.Transform(train.X)
	if err != nil {
		tb.Fatal(err)
	}
	return digitsRun{x: x, y: train.Y}
}

// train runs the whole training from a new network and returns the loss
// of the last epoch.
func (d digitsRun) train(tb testing.TB) float64 {
	_, features := d.x.Dims()
	_, classes := d.y.Dims()
	net := mustNew(tb, []int{features, digitsHidden, classes},
		mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Softmax),
		mlp.WithLoss(mlp.CrossEntropy), mlp.WithSeed(digitsSeed))
	hist, err := net.Train(context.Background(), d.x, d.y, mlp.TrainConfig{
		Epochs: digitsEpochs, LearningRate: digitsEta, BatchSize: digitsBatch,
		Optimizer: mlp.NewAdam(), Seed: digitsSeed,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return hist.Loss[len(hist.Loss)-1]
}

// BenchmarkDigits: the digits example's whole training run, end to end
// (one op is 50 epochs over the 1,346 training images in 43 batches: 2,150 steps).
func BenchmarkDigits(b *testing.B) {
	d := loadDigitsRun(b)
	b.ReportAllocs()
	for b.Loop() {
		if loss := d.train(b); !(loss < 0.05) {
			b.Fatalf("final loss %v, want below 0.05: the run did not train", loss)
		}
	}
}

// BenchmarkPredictBatch: Predict and PredictTo on the 784-128-10 network,
// one sample (the few-row product) and a batch of 128.
func BenchmarkPredictBatch(b *testing.B) {
	net, _, _ := mnistWorkload.build(b)
	for _, rows := range []int{1, 128} {
		x := mlp.NewMatrix(rows, 784, uniform(rows*784, 100))
		b.Run(fmt.Sprintf("784-128-10/batch%d", rows), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := net.Predict(x); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("784-128-10/batch%d/To", rows), func(b *testing.B) {
			dst := new(mlp.Matrix)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := net.PredictTo(dst, x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStreamWeights: the time to read the 784-128-10 network's first
// weight matrix (784·128 float64s, 784 KiB, which stay in this machine's
// L2 cache between iterations) from cache, summing it in eight independent
// chains so that the additions keep up with the loads (scalar loads: Go
// does not vectorise, so a vector unit reads faster still): a bound on the
// time a one-sample Predict needs, which must read every weight once.
func BenchmarkStreamWeights(b *testing.B) {
	net, _, _ := mnistWorkload.build(b)
	w := net.Layers[0].W.RawData()
	b.SetBytes(int64(8 * len(w)))
	var sink float64
	for b.Loop() {
		sink += sum8(w)
	}
	if math.IsNaN(sink) {
		b.Fatal("NaN")
	}
}

// sum8 returns the sum of w (its length a multiple of 8) in eight chains,
// kept in registers.
func sum8(w []float64) float64 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for v := w; len(v) >= 8; v = v[8:] {
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
		s4 += v[4]
		s5 += v[5]
		s6 += v[6]
		s7 += v[7]
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7
}
