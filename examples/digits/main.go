// Command digits trains a neural network to read handwritten digits: the UCI
// "Optical Recognition of Handwritten Digits" images (8x8 pixels, counts
// 0-16, 1,797 of them; testdata/README.md has their source and licence).
//
// It holds back a stratified quarter of the images for testing, standardises
// the 64 pixels with the mean and deviation of the training part only,
// trains a 64-100-10 network (ReLU hidden layer, softmax output,
// cross-entropy, Adam, mini-batches of 32) while printing its progress, then
// prints its accuracy on the test images and their confusion matrix.
//
//	go run ./examples/digits
//	go run ./examples/digits -seed 3 -epochs 100 -hidden 64
//
// Run it from the repository root, or point -data at digits.csv. On a
// terminal the progress line updates in place; otherwise (a pipe or a file)
// it prints a plain line every -every epochs. Ctrl-C stops training early
// and still tests the network.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/glassbox-go/mlp"
)

type config struct {
	data          string
	seed          uint64
	epochs, every int
	hidden, batch int
	eta           float64
}

// defaultConfig is what the program does without flags.
func defaultConfig() config {
	return config{
		data:   "testdata/digits.csv",
		seed:   2,
		epochs: 50,
		every:  10,
		hidden: 100,
		batch:  32,
		eta:    0.001,
	}
}

func main() {
	c := defaultConfig()
	flag.StringVar(&c.data, "data", c.data, "the data set: a CSV file with a header, 64 pixels and the digit")
	flag.Uint64Var(&c.seed, "seed", c.seed, "seed of the train/test split, the initial weights and the shuffling")
	flag.IntVar(&c.epochs, "epochs", c.epochs, "passes over the training images")
	flag.IntVar(&c.hidden, "hidden", c.hidden, "units in the hidden layer")
	flag.IntVar(&c.batch, "batch", c.batch, "images a step (0: all of them, one full batch)")
	flag.Float64Var(&c.eta, "eta", c.eta, "learning rate of Adam")
	flag.IntVar(&c.every, "every", c.every, "when not on a terminal, print progress every this many epochs")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, isTerminal(os.Stdout), c); err != nil {
		fmt.Fprintln(os.Stderr, "digits:", err)
		os.Exit(1)
	}
}

// isTerminal reports whether f is a terminal (a character device) rather
// than a pipe or a file.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func run(ctx context.Context, w io.Writer, tty bool, c config) error {
	if c.every < 1 {
		return fmt.Errorf("-every is %d, want at least 1", c.every)
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

	// A stratified 75/25 split, and the scaling fitted on the training part.
	train, test, err := data.Split(0.25, c.seed)
	if err != nil {
		return err
	}
	scaler, err := mlp.FitScaler(train.X)
	if err != nil {
		return err
	}
	xTrain, err := scaler.Transform(train.X)
	if err != nil {
		return err
	}
	xTest, err := scaler.Transform(test.X)
	if err != nil {
		return err
	}
	samples, features := data.X.Dims()
	nTrain, _ := xTrain.Dims()
	nTest, _ := xTest.Dims()
	fmt.Fprintf(w, "%d images of %d pixels, %d classes: %d to train on, %d to test\n",
		samples, features, len(data.Classes), nTrain, nTest)

	net, err := mlp.New([]int{features, c.hidden, len(data.Classes)},
		mlp.WithActivation(mlp.ReLU),
		mlp.WithOutputActivation(mlp.Softmax),
		mlp.WithLoss(mlp.CrossEntropy),
		mlp.WithSeed(c.seed))
	if err != nil {
		return err
	}
	opt := mlp.NewAdam()
	batch := "one full batch"
	if c.batch > 0 {
		batch = fmt.Sprintf("batches of %d", c.batch)
	}
	fmt.Fprintf(w, "network %d-%d-%d: relu, softmax, %v; %v, learning rate %g, %s, %d epochs\n",
		features, c.hidden, len(data.Classes), net.Loss, opt, c.eta, batch, c.epochs)

	progress := func(p mlp.Progress) bool {
		if !tty && p.Epoch%c.every != 0 && p.Epoch != p.Epochs {
			return false
		}
		a, err := net.Forward(xTrain)
		if err != nil {
			return true
		}
		acc, _ := mlp.Accuracy(a, train.Y)
		line := fmt.Sprintf("epoch %3d/%d  loss %.4f  accuracy %.3f  elapsed %v",
			p.Epoch, p.Epochs, p.Loss, acc, p.Elapsed.Round(time.Millisecond))
		if tty {
			fmt.Fprintf(w, "\r%-70s", line) // in place: back to the start of the line
		} else {
			fmt.Fprintln(w, line)
		}
		return false
	}
	hist, err := net.Train(ctx, xTrain, train.Y, mlp.TrainConfig{
		Epochs:       c.epochs,
		LearningRate: c.eta,
		BatchSize:    c.batch,
		Optimizer:    opt,
		Seed:         c.seed,
		OnEpoch:      progress,
	})
	if tty && len(hist.Loss) > 0 {
		fmt.Fprintln(w)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(w, "interrupted after %d epochs\n", len(hist.Loss))
	} else if err != nil {
		return err
	}

	a, err := net.Forward(xTest)
	if err != nil {
		return err
	}
	conf, err := mlp.NewConfusion(a, test.Y, data.Classes)
	if err != nil {
		return err
	}
	right := 0
	for i := range conf.Counts {
		right += conf.Counts[i][i]
	}
	fmt.Fprintf(w, "test accuracy %.4f (%d of %d)\n", conf.Accuracy(), right, nTest)
	fmt.Fprintf(w, "confusion matrix (rows: true digit, columns: predicted digit):\n%v\n", conf)
	return nil
}
