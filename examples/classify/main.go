// Command classify trains a classifier on a CSV file: a header line, then
// one sample a line, numbers for the features and the class label last, as
// mlp.ReadCSV reads it. It holds back a stratified part of the samples for
// testing, trains an mlp.Model (the network with its scaler and the names
// of the features and classes) with a validation part held out of the
// training samples and early stopping on the validation loss, printing its
// progress, then prints the accuracy on the test samples, which training
// never saw, and their confusion matrix. With -svg it draws the learning
// curves (training and validation loss, validation accuracy); with -save
// it saves the model, which examples/predict loads.
//
// The documented runs, from the repository root:
//
//	go run ./examples/classify -data testdata/iris.csv -hidden 16 -epochs 300 -batch 16 -eta 0.01
//	go run ./examples/classify -data testdata/digits.csv -hidden 100 -epochs 50 -batch 32 -eta 0.001 -l2 0 -val 0 -patience 0
//
// The first is iris, the default; the second is the digits configuration
// (64-100-10, ReLU, softmax, Adam, batches of 32, 50 epochs over the
// training rows, no L2 penalty, no validation part, no early stopping), the
// run of the former examples/digits. Any CSV of that layout works the same
// way:
//
//	go run ./examples/classify -data wine.csv -hidden 32 -save wine.model.json -svg wine.svg
//
// On a terminal the progress line updates in place; otherwise (a pipe or a
// file) it prints a line every -every epochs. Ctrl-C stops training early
// and still tests the model.
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
	data, svg, save string
	hidden          string // comma-separated sizes of the hidden layers
	activation      string // of the hidden layers
	seed            uint64
	epochs, batch   int
	eta, l2         float64
	test, val       float64 // fractions held out for testing, and of the rest for validation
	patience, every int
}

// defaultConfig is what the program does without flags: iris.
func defaultConfig() config {
	return config{
		data:       "testdata/iris.csv",
		hidden:     "16",
		activation: "relu",
		seed:       2,
		epochs:     300,
		batch:      16,
		eta:        0.01,
		l2:         1e-4,
		test:       0.25,
		val:        0.2,
		patience:   20,
		every:      10,
	}
}

func main() {
	c := defaultConfig()
	flag.StringVar(&c.data, "data", c.data, "the data set: a CSV file with a header, numeric features and the class label last")
	flag.StringVar(&c.hidden, "hidden", c.hidden, "sizes of the hidden layers, comma-separated (\"\" for none)")
	flag.StringVar(&c.activation, "activation", c.activation, "activation of the hidden layers: relu, tanh or sigmoid")
	flag.IntVar(&c.epochs, "epochs", c.epochs, "the most passes over the training samples")
	flag.IntVar(&c.batch, "batch", c.batch, "samples a step (0: all of them; larger than the samples is clipped)")
	flag.Float64Var(&c.eta, "eta", c.eta, "learning rate of Adam")
	flag.Float64Var(&c.l2, "l2", c.l2, "L2 penalty on the weights (scikit-learn's alpha)")
	flag.Float64Var(&c.test, "test", c.test, "fraction of the samples held out for testing")
	flag.Float64Var(&c.val, "val", c.val, "fraction of the training samples held out for validation (0: none)")
	flag.IntVar(&c.patience, "patience", c.patience, "stop when the validation loss (the training loss with -val 0) has not improved for this many epochs, keeping the best epoch's weights (0: never)")
	flag.Uint64Var(&c.seed, "seed", c.seed, "seed of the splits, the initial weights and the shuffling")
	flag.IntVar(&c.every, "every", c.every, "when not on a terminal, print progress every this many epochs")
	flag.StringVar(&c.svg, "svg", c.svg, "write the learning curves to this SVG file")
	flag.StringVar(&c.save, "save", c.save, "save the trained model to this file (for examples/predict)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "classify:", err)
		os.Exit(1)
	}
}

// parseHidden reads comma-separated layer sizes.
func parseHidden(s string) ([]int, error) {
	var sizes []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("-hidden: %q is not a layer size", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// every prints pp's lines: all of them in place on a terminal, otherwise
// every n epochs and the last.
func every(pp *mlp.ProgressPrinter, n int) func(mlp.Progress) bool {
	return func(p mlp.Progress) bool {
		if pp.InPlace || p.Epoch%n == 0 || p.Last {
			return pp.OnEpoch(p)
		}
		return false
	}
}

func run(ctx context.Context, w io.Writer, c config) error {
	if c.every < 1 {
		return fmt.Errorf("-every is %d, want at least 1", c.every)
	}
	hidden, err := parseHidden(c.hidden)
	if err != nil {
		return err
	}
	act, err := mlp.ParseActivation(c.activation)
	if err != nil {
		return fmt.Errorf("-activation: %w", err)
	}
	f, err := os.Open(c.data)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root, or give -data)", err)
	}
	data, err := mlp.ReadCSV(f, nil)
	f.Close()
	if err != nil {
		return err
	}
	train, test, err := data.Split(c.test, c.seed)
	if err != nil {
		return err
	}
	samples, features := data.X.Dims()
	nTrain, _ := train.X.Dims()
	nTest, _ := test.X.Dims()
	fmt.Fprintf(w, "%s: %d samples of %d features, %d classes: %d to train on, %d to test\n",
		c.data, samples, features, len(data.Classes), nTrain, nTest)

	// The scaler is fitted on the training part only: the test part must
	// not leak into the model.
	model, err := mlp.NewModel(train, hidden, mlp.WithActivation(act), mlp.WithSeed(c.seed))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, model.Net)
	fmt.Fprintf(w, "Adam, learning rate %g, batches of %d, L2 %g, at most %d epochs, validation %g of the training samples, patience %d\n",
		c.eta, c.batch, c.l2, c.epochs, c.val, c.patience)

	pp := mlp.NewProgressPrinter(w) // in place on a terminal
	hist, err := model.Train(ctx, train, mlp.TrainConfig{
		Epochs:             c.epochs,
		LearningRate:       c.eta,
		BatchSize:          c.batch,
		Optimizer:          mlp.NewAdam(),
		L2:                 c.l2,
		ValidationFraction: c.val,
		Patience:           c.patience,
		Seed:               c.seed,
		OnEpoch:            every(pp, c.every),
	})
	if err := pp.Finish(); err != nil {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(w, "interrupted after %d epochs\n", len(hist.Loss))
	case err != nil:
		return err
	case c.patience > 0:
		fmt.Fprintf(w, "trained %d epochs; the model keeps epoch %d's weights, the lowest %s\n",
			len(hist.Loss), hist.BestEpoch, map[bool]string{true: "validation loss", false: "training loss"}[hist.ValidationLoss != nil])
	default:
		fmt.Fprintf(w, "trained %d epochs\n", len(hist.Loss))
	}

	a, err := model.PredictMatrix(test.X)
	if err != nil {
		return err
	}
	conf, err := mlp.NewConfusion(a, test.Y, model.Classes)
	if err != nil {
		return err
	}
	right := 0
	for i := range conf.Counts {
		right += conf.Counts[i][i]
	}
	fmt.Fprintf(w, "test accuracy %.4f (%d of %d)\n", conf.Accuracy(), right, nTest)
	fmt.Fprintf(w, "confusion matrix of the test samples (rows: true class, columns: predicted class):\n%v\n", conf)

	if c.svg != "" && len(hist.Loss) > 0 {
		if err := writeCurves(c.svg, hist); err != nil {
			return err
		}
		fmt.Fprintf(w, "learning curves written to %s\n", c.svg)
	}
	if c.save != "" {
		if err := model.SaveFile(c.save); err != nil {
			return err
		}
		fmt.Fprintf(w, "model saved to %s\n", c.save)
	}
	return nil
}

// writeCurves draws the training and validation losses, and the validation
// accuracy on a right axis, to the named SVG file.
func writeCurves(name string, hist mlp.History) error {
	series := []mlp.Series{{Name: "training loss", Values: hist.Loss}}
	if hist.ValidationLoss != nil {
		series = append(series,
			mlp.Series{Name: "validation loss", Values: hist.ValidationLoss},
			mlp.Series{Name: "validation accuracy", Values: hist.ValidationAccuracy, Right: true})
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	err = mlp.PlotLoss(f, &mlp.LossPlotOptions{Title: "learning curves"}, series...)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
