package mlp_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/glassbox-go/mlp"
)

// Train runs Forward, Backward and a step for each batch, epoch after
// epoch. With one full batch (the default), the summed loss and plain
// gradient descent, an epoch is the tutorial's step: from its all-ones
// weights, the first epoch's loss and the prediction after it are the
// numbers the tutorial prints.
func ExampleNetwork_Train() {
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})

	// The tutorial's network: 3-5-1, no bias rows, every weight 1.
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
	if err != nil {
		panic(err)
	}

	// One epoch with learning rate 3, following the summed gradient as the
	// tutorial does (by default Train follows the mean over the batch).
	hist, err := net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs:       1,
		LearningRate: 3,
		SumLoss:      true,
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("E = %.8f\n", hist.Loss[0])
	a, err := net.Predict(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("a_o after one step: %.8f\n", a.RawData())
	// Output:
	// E = 0.96682832
	// a_o after one step: [0.98786405 0.98309866 0.98309866 0.96660214]
}

// OnEpoch sees every epoch's loss and can stop training early: here as soon
// as the summed error on XOR falls below 0.01, long before the limit of
// 100,000 epochs.
func ExampleTrainConfig_onEpoch() {
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	var last mlp.Progress
	_, err = net.Train(context.Background(), x, y, mlp.TrainConfig{
		Epochs:       100000,
		LearningRate: 3,
		SumLoss:      true,
		OnEpoch: func(p mlp.Progress) (stop bool) {
			last = p
			return p.Loss < 0.01
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("stopped early:", last.Epoch < last.Epochs, "with E < 0.01:", last.Loss < 0.01)
	// Output:
	// stopped early: true with E < 0.01: true
}

// ReadCSV reads a header, then one sample a line: numbers, then the class.
// The classes become the columns of the one-hot Y.
func ExampleReadCSV() {
	const text = `length,width,species
5.1,3.5,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
4.9,3.0,setosa
`
	d, err := mlp.ReadCSV(strings.NewReader(text), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("features:", d.Features)
	fmt.Println("classes:", d.Classes)
	for i := 0; i < 4; i++ {
		fmt.Println(d.X.Row(i), d.Y.Row(i))
	}

	// Output:
	// features: [length width]
	// classes: [setosa versicolor virginica]
	// [5.1 3.5] [1 0 0]
	// [7 3.2] [0 1 0]
	// [6.3 3.3] [0 0 1]
	// [4.9 3] [1 0 0]
}

// Bad input names the line. With the classes given, a label that is not
// among them is an error rather than a new class.
func ExampleReadCSV_errors() {
	const typo = `length,width,species
5.1,3.5,setosa
7.0,3.2,versicolour
`
	_, err := mlp.ReadCSV(strings.NewReader(typo), []string{"setosa", "versicolor", "virginica"})
	fmt.Println(err)
	_, err = mlp.ReadCSV(strings.NewReader("length,width,species\n5.1,3.5\n"), nil)
	fmt.Println(err)
	// Output:
	// mlp: ReadCSV: line 3: unknown class "versicolour", want one of setosa, versicolor, virginica
	// mlp: ReadCSV: line 2 has 2 fields, want 3 as in the header
}

// Softmax turns each row into probabilities, here (1, 2, 3)/6, and gives
// the same for z = 1000 + ..., where e^z overflows: it subtracts the row's
// largest z first.
func ExampleSoftmax() {
	z := mlp.NewMatrix(2, 3, []float64{
		0, math.Ln2, math.Log(3),
		1000, 1000 + math.Ln2, 1000 + math.Log(3),
	})
	var a mlp.Matrix
	mlp.Softmax.Apply(&a, z)
	fmt.Printf("%.4f\n%.4f\n", a.Row(0), a.Row(1))
	// Output:
	// [0.1667 0.3333 0.5000]
	// [0.1667 0.3333 0.5000]
}

// A classifier from a CSV file to a confusion matrix, on Fisher's Iris data:
// hold back a stratified quarter for testing, standardise with the
// training part's statistics, train a softmax network with cross-entropy
// and Adam, and count its answers on the test part.
func Example_classification() {
	f, err := os.Open("testdata/iris.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := mlp.ReadCSV(f, nil)
	if err != nil {
		panic(err)
	}

	// 75% to train on, 25% to test, in the proportions of the classes.
	train, test, err := data.Split(0.25, 2)
	if err != nil {
		panic(err)
	}
	// Scale with the mean and deviation of the training part only.
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

	// 4 measurements in, 8 tanh units, 3 probabilities out.
	net, err := mlp.New([]int{4, 8, 3},
		mlp.WithActivation(mlp.Tanh),
		mlp.WithOutputActivation(mlp.Softmax),
		mlp.WithLoss(mlp.CrossEntropy),
		mlp.WithSeed(2))
	if err != nil {
		panic(err)
	}
	_, err = net.Train(context.Background(), xTrain, train.Y, mlp.TrainConfig{
		Epochs:       300,
		LearningRate: 0.01,
		Optimizer:    mlp.NewAdam(),
	})
	if err != nil {
		panic(err)
	}

	// Score the test part: the accuracy, and which classes are mixed up.
	a, err := net.Predict(xTest)
	if err != nil {
		panic(err)
	}
	c, err := mlp.NewConfusion(a, test.Y, data.Classes)
	if err != nil {
		panic(err)
	}
	fmt.Printf("test accuracy %.3f on %d flowers\n", c.Accuracy(), len(mlp.Classify(a)))
	fmt.Println(c)
	// Output:
	// test accuracy 1.000 on 39 flowers
	// true\predicted  setosa  versicolor  virginica
	// setosa              13           0          0
	// versicolor           0          13          0
	// virginica            0           0         13
}
