package mlp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

// parityFile is what testdata/sklearn/parity.py writes: scikit-learn's
// splits of each data set and its scores on them.
type parityFile struct {
	Sklearn string `json:"sklearn"`
	Sets    map[string]struct {
		File   string  `json:"file"`
		Kind   string  `json:"kind"` // "classification" or "regression"
		Seeds  []int   `json:"seeds"`
		Mean   float64 `json:"mean"` // the mean test accuracy or R² over the splits (each the mean over the seeds)
		Splits []struct {
			Train []int `json:"train"`
			Test  []int `json:"test"`
		} `json:"splits"`
	} `json:"sets"`
}

// rows returns the rows idx of m, copied.
func rows(m *mlp.Matrix, idx []int) *mlp.Matrix {
	_, c := m.Dims()
	r := mlp.NewMatrix(len(idx), c, nil)
	for i, k := range idx {
		copy(r.Row(i), m.Row(k))
	}
	return r
}

// sklearnNet returns the network of scikit-learn's MLPClassifier (softmax
// output, cross-entropy) or MLPRegressor (identity output, squared error)
// with its default hidden layer of 100 ReLU units, initialised as
// scikit-learn does: weights and biases uniform in [−r, r] with
// r = √(6/(in+out)) (Glorot's, for ReLU too).
func sklearnNet(t *testing.T, inputs, outputs int, classify bool, seed uint64) *mlp.Network {
	out, loss := mlp.WithOutputActivation(mlp.Identity), mlp.WithLoss(mlp.SquaredError)
	if classify {
		out, loss = mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy)
	}
	net := mustNew(t, []int{inputs, 100, outputs}, mlp.WithActivation(mlp.ReLU), out, loss, mlp.WithGlorotInit(), mlp.WithSeed(seed))
	rng := rand.New(rand.NewPCG(seed, 0xb1a5))
	for _, l := range net.Layers {
		in, o := l.W.Dims()
		r := math.Sqrt(6 / float64(in+o))
		for j := range l.B.RawData() {
			l.B.RawData()[j] = r * (2*rng.Float64() - 1)
		}
	}
	return net
}

// sklearnDefaults is TrainConfig as scikit-learn's MLPClassifier and
// MLPRegressor train by default: Adam with learning rate 0.001, batches of
// min(200, n) (a larger BatchSize is clipped), alpha = 1e-4 as L2, at most
// 200 epochs, shuffled, stopping once the training loss has not improved by
// tol = 1e-4 for more than n_iter_no_change = 10 epochs: Patience 11.
func sklearnDefaults(seed uint64) mlp.TrainConfig {
	return mlp.TrainConfig{Epochs: 200, LearningRate: 0.001, BatchSize: 200, Optimizer: mlp.NewAdam(),
		L2: 1e-4, Patience: 11, Tolerance: 1e-4, Seed: seed}
}

// TestSklearnParity trains the library configured as scikit-learn's
// MLPClassifier and MLPRegressor defaults on the splits that
// testdata/sklearn/parity.py made, with the same scaling (the features, and
// the regression target, standardised with the training rows' statistics),
// and compares the mean test score over the 5 splits with scikit-learn's:
// accuracy within 0.01 on iris and digits, R² within 0.02 on diabetes. Both
// sides average over several seeds, as the file says.
func TestSklearnParity(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("trains 5 splits × several seeds of three data sets: 10 s, minutes with -race")
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "sklearn", "parity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref parityFile
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"iris", "digits", "diabetes"} {
		set, ok := ref.Sets[name]
		if !ok {
			t.Fatalf("parity.json has no %s", name)
		}
		classify := set.Kind == "classification"
		raw, err := os.ReadFile(filepath.Join("testdata", set.File))
		if err != nil {
			t.Fatal(err)
		}
		var x, y *mlp.Matrix
		if classify {
			d, err := mlp.ReadCSV(bytes.NewReader(raw), nil)
			if err != nil {
				t.Fatal(err)
			}
			x, y = d.X, d.Y
		} else {
			d, err := mlp.ReadRegressionCSV(bytes.NewReader(raw), []string{"progression"})
			if err != nil {
				t.Fatal(err)
			}
			x, y = d.X, d.Y
		}
		_, inputs := x.Dims()
		_, outputs := y.Dims()
		tol := 0.01
		if !classify {
			tol = 0.02
		}
		start := time.Now()
		seeds := len(set.Seeds)
		if name == "digits" {
			seeds = 1 // 5 fits of 1,437 samples; digits' score varies little from seed to seed
		}
		mean, epochs := 0.0, 0
		for k, split := range set.Splits {
			xTrain, yTrain, xTest, yTest := rows(x, split.Train), rows(y, split.Train), rows(x, split.Test), rows(y, split.Test)
			scaler, err := mlp.FitScaler(xTrain)
			if err != nil {
				t.Fatal(err)
			}
			if xTrain, err = scaler.Transform(xTrain); err != nil {
				t.Fatal(err)
			}
			if xTest, err = scaler.Transform(xTest); err != nil {
				t.Fatal(err)
			}
			target := &mlp.Scaler{Mean: []float64{0}, Std: []float64{1}}
			if !classify {
				if target, err = mlp.FitScaler(yTrain); err != nil {
					t.Fatal(err)
				}
				if yTrain, err = target.Transform(yTrain); err != nil {
					t.Fatal(err)
				}
			}
			splitMean := 0.0
			for s := range seeds {
				seed := uint64(100*k + s)
				net := sklearnNet(t, inputs, outputs, classify, seed)
				hist, err := net.Train(context.Background(), xTrain, yTrain, sklearnDefaults(seed))
				if err != nil {
					t.Fatal(err)
				}
				epochs += len(hist.Loss)
				a, err := net.Predict(xTest)
				if err != nil {
					t.Fatal(err)
				}
				var score float64
				if classify {
					score, err = mlp.Accuracy(a, yTest)
					if err != nil {
						t.Fatal(err)
					}
				} else {
					if a, err = target.InverseTransform(a); err != nil { // back to the target's scale
						t.Fatal(err)
					}
					if score, err = mlp.R2(a, yTest); err != nil {
						t.Fatal(err)
					}
				}
				splitMean += score / float64(seeds)
			}
			mean += splitMean / float64(len(set.Splits))
		}
		t.Logf("%s: mean test %s over 5 splits: %.4f here (seeds a split: %d; %.0f epochs a fit; %v), %.4f with scikit-learn %s (seeds a split: %d)",
			name, map[bool]string{true: "accuracy", false: "R²"}[classify], mean, seeds, float64(epochs)/float64(seeds*len(set.Splits)),
			time.Since(start).Round(time.Millisecond), set.Mean, ref.Sklearn, len(set.Seeds))
		if math.Abs(mean-set.Mean) > tol {
			t.Errorf("%s: mean test score %.4f, want within %v of scikit-learn's %.4f", name, mean, tol, set.Mean)
		}
	}
}
