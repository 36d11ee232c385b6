package mlp_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/glassbox-go/mlp"
)

// Early stopping on held-out data: Train sets aside a stratified fifth of
// the training flowers, scores them after every epoch, and stops once their
// loss has not improved for 20 epochs. The network ends with the weights of
// the best epoch, which History names.
func ExampleTrainConfig_earlyStopping() {
	f, err := os.Open("testdata/iris.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := mlp.ReadCSV(f, nil)
	if err != nil {
		panic(err)
	}
	train, test, err := data.Split(0.25, 2)
	if err != nil {
		panic(err)
	}
	scaler, err := mlp.FitScaler(train.X)
	if err != nil {
		panic(err)
	}
	xTrain, err := scaler.Transform(train.X)
	if err != nil {
		panic(err)
	}
	xTest, err := scaler.Transform(test.X)
	if err != nil {
		panic(err)
	}

	net, err := mlp.New([]int{4, 16, 3},
		mlp.WithActivation(mlp.ReLU),
		mlp.WithOutputActivation(mlp.Softmax),
		mlp.WithLoss(mlp.CrossEntropy),
		mlp.WithSeed(3))
	if err != nil {
		panic(err)
	}
	hist, err := net.Train(context.Background(), xTrain, train.Y, mlp.TrainConfig{
		Epochs:             1000, // at most
		LearningRate:       0.01,
		BatchSize:          16,
		Optimizer:          mlp.NewAdam(),
		L2:                 1e-3,
		ValidationFraction: 0.2, // of the training part; Seed picks them
		Patience:           20,
	})
	if err != nil {
		panic(err)
	}
	best := hist.BestEpoch
	fmt.Printf("stopped after %d of 1000 epochs\n", len(hist.Loss))
	fmt.Printf("best epoch %d: validation loss %.3f, accuracy %.3f\n",
		best, hist.ValidationLoss[best-1], hist.ValidationAccuracy[best-1])

	a, err := net.Predict(xTest) // the best epoch's weights
	if err != nil {
		panic(err)
	}
	acc, err := mlp.Accuracy(a, test.Y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("test accuracy %.3f\n", acc)
	// Output:
	// stopped after 130 of 1000 epochs
	// best epoch 110: validation loss 0.106, accuracy 0.905
	// test accuracy 0.974
}

// A schedule gives each epoch its learning rate. The package has constant,
// step, exponential and cosine decay and scikit-learn's adaptive rule; any
// function can be one too.
func ExampleSchedule() {
	step := mlp.StepDecay{Every: 2, Factor: 0.5}
	cosine := mlp.CosineDecay{Epochs: 4, Min: 0.01}
	warmup := mlp.ScheduleFunc(func(epoch int, base float64, losses []float64) float64 {
		return base * min(1, float64(epoch)/3) // ramp up over 3 epochs
	})
	for epoch := 1; epoch <= 5; epoch++ {
		fmt.Printf("epoch %d: step %.3f  cosine %.4f  warm-up %.3f\n", epoch,
			step.Rate(epoch, 0.1, nil), cosine.Rate(epoch, 0.1, nil), warmup.Rate(epoch, 0.1, nil))
	}

	// Train asks the schedule at the start of every epoch, and records the
	// rates it used.
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{3, 5, 1})
	if err != nil {
		panic(err)
	}
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs:       6,
		LearningRate: 0.1,
		Schedule:     step,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("rates used:", hist.LearningRate)
	// Output:
	// epoch 1: step 0.100  cosine 0.1000  warm-up 0.033
	// epoch 2: step 0.100  cosine 0.0868  warm-up 0.067
	// epoch 3: step 0.050  cosine 0.0550  warm-up 0.100
	// epoch 4: step 0.050  cosine 0.0232  warm-up 0.100
	// epoch 5: step 0.025  cosine 0.0100  warm-up 0.100
	// rates used: [0.1 0.1 0.05 0.05 0.025 0.025]
}

// A ProgressPrinter shows training as it goes: pass its OnEpoch to Train,
// here for every 500th epoch only. On a terminal it rewrites one line; here,
// writing to a pipe, it prints a line each time. It takes its times from
// Progress.Elapsed; this example pretends every epoch takes a millisecond,
// so that its output is always the same.
func ExampleProgressPrinter() {
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	printer := mlp.NewProgressPrinter(os.Stdout)
	_, err = net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs:       2000,
		LearningRate: 5,
		Validation:   &mlp.Dataset{X: x, Y: y}, // XOR has no more samples: score the training ones
		OnEpoch: func(p mlp.Progress) bool {
			p.Elapsed = time.Duration(p.Epoch) * time.Millisecond // a steady clock, for the example
			if p.Epoch%500 != 0 && !p.Last {
				return false
			}
			return printer.OnEpoch(p)
		},
	})
	if err != nil {
		panic(err)
	}
	if err := printer.Finish(); err != nil {
		panic(err)
	}
	// Output:
	// epoch  500/2000  loss 0.00181788  val_loss 0.00181122  val_acc 1.0000  500ms  eta 1.5s
	// epoch 1000/2000  loss 0.000607249  val_loss 0.000606399  val_acc 1.0000  1s  eta 1s
	// epoch 1500/2000  loss 0.000352909  val_loss 0.000352607  val_acc 1.0000  1.5s  eta 500ms
	// epoch 2000/2000  loss 0.000245884  val_loss 0.000245733  val_acc 1.0000  2s
}
