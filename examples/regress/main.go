// Command regress trains a regression model on the diabetes data set
// (testdata/diabetes.csv: 442 patients, 10 features, and the target
// "progression", a measure of the disease a year later; testdata/README.md
// has its source and licence) or any CSV of numbers with the target named
// by -target. It holds back a random part of the patients for testing,
// trains an mlp.Model (the network with the scalers of the features and of
// the target) with a validation part and early stopping, then prints R²,
// the mean squared error and the mean absolute error on the test patients,
// in the target's own units, and a few predictions beside the truth.
//
//	go run ./examples/regress
//	go run ./examples/regress -hidden 32,16 -epochs 500 -save /tmp/diabetes.model.json
//	go run ./examples/predict -model /tmp/diabetes.model.json 59,2,32.1,101,157,93.2,38,4,4.8598,87
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/glassbox-go/mlp"
)

type config struct {
	data, target, save string
	hidden             string // comma-separated sizes of the hidden layers
	seed               uint64
	epochs, batch      int
	eta, l2            float64
	test, val          float64 // fractions held out for testing, and of the rest for validation
	patience, every    int
}

// defaultConfig is what the program does without flags.
func defaultConfig() config {
	return config{
		data:     "testdata/diabetes.csv",
		target:   "progression",
		hidden:   "16",
		seed:     1,
		epochs:   500,
		batch:    32,
		eta:      0.001,
		l2:       1e-4,
		test:     0.2,
		val:      0.2,
		patience: 30,
		every:    50,
	}
}

func main() {
	c := defaultConfig()
	flag.StringVar(&c.data, "data", c.data, "the data set: a CSV file of numbers with a header")
	flag.StringVar(&c.target, "target", c.target, "the name of the target column (the others are the features)")
	flag.StringVar(&c.hidden, "hidden", c.hidden, "sizes of the hidden layers, comma-separated")
	flag.IntVar(&c.epochs, "epochs", c.epochs, "the most passes over the training samples")
	flag.IntVar(&c.batch, "batch", c.batch, "samples a step (0: all of them)")
	flag.Float64Var(&c.eta, "eta", c.eta, "learning rate of Adam")
	flag.Float64Var(&c.l2, "l2", c.l2, "L2 penalty on the weights (scikit-learn's alpha)")
	flag.Float64Var(&c.test, "test", c.test, "fraction of the samples held out for testing")
	flag.Float64Var(&c.val, "val", c.val, "fraction of the training samples held out for validation (0: none)")
	flag.IntVar(&c.patience, "patience", c.patience, "stop when the validation loss has not improved for this many epochs, keeping the best epoch's weights (0: never)")
	flag.Uint64Var(&c.seed, "seed", c.seed, "seed of the splits, the initial weights and the shuffling")
	flag.IntVar(&c.every, "every", c.every, "when not on a terminal, print progress every this many epochs")
	flag.StringVar(&c.save, "save", c.save, "save the trained model to this file (for examples/predict)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "regress:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, c config) error {
	if c.every < 1 {
		return fmt.Errorf("-every is %d, want at least 1", c.every)
	}
	var hidden []int
	for f := range strings.SplitSeq(c.hidden, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("-hidden: %q is not a layer size", f)
		}
		hidden = append(hidden, n)
	}
	f, err := os.Open(c.data)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root, or give -data)", err)
	}
	data, err := mlp.ReadRegressionCSV(f, []string{c.target})
	f.Close()
	if err != nil {
		return err
	}
	train, test, err := data.Split(c.test, c.seed) // at random: a regression set is not stratified
	if err != nil {
		return err
	}
	nTrain, features := train.X.Dims()
	nTest, _ := test.X.Dims()
	fmt.Fprintf(w, "%s: %d features, target %s: %d samples to train on, %d to test\n", c.data, features, c.target, nTrain, nTest)

	// Identity output, squared error, and the target standardised by a
	// TargetScaler fitted on the training part, as the features are.
	model, err := mlp.NewModel(train, hidden, mlp.WithSeed(c.seed))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, model.Net)
	pp := mlp.NewProgressPrinter(w)
	hist, err := model.Train(ctx, train, mlp.TrainConfig{
		Epochs:             c.epochs,
		LearningRate:       c.eta,
		BatchSize:          c.batch,
		Optimizer:          mlp.NewAdam(),
		L2:                 c.l2,
		ValidationFraction: c.val,
		Patience:           c.patience,
		Seed:               c.seed,
		OnEpoch: func(p mlp.Progress) bool {
			if pp.InPlace || p.Epoch%c.every == 0 || p.Last {
				return pp.OnEpoch(p)
			}
			return false
		},
	})
	if err := pp.Finish(); err != nil {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(w, "interrupted after %d epochs\n", len(hist.Loss))
	case err != nil:
		return err
	default:
		fmt.Fprintf(w, "trained %d epochs; the model keeps epoch %d's weights\n", len(hist.Loss), hist.BestEpoch)
	}

	// The scores, in the target's units: Predict undoes the target scaling.
	a, err := model.PredictMatrix(test.X)
	if err != nil {
		return err
	}
	r2, err := mlp.R2(a, test.Y)
	if err != nil {
		return err
	}
	mse, err := mlp.MSE(a, test.Y)
	if err != nil {
		return err
	}
	mae, err := mlp.MAE(a, test.Y)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "test R² %.4f  MSE %.1f  MAE %.2f  (%d samples)\n", r2, mse, mae, nTest)
	fmt.Fprintf(w, "%-10s %10s\n", "predicted", c.target)
	for i := range min(5, nTest) {
		fmt.Fprintf(w, "%-10.1f %10.1f\n", a.At(i, 0), test.Y.At(i, 0))
	}
	if c.save != "" {
		if err := model.SaveFile(c.save); err != nil {
			return err
		}
		fmt.Fprintf(w, "model saved to %s\n", c.save)
	}
	return nil
}
