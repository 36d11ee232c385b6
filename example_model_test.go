package mlp_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/glassbox-go/mlp"
)

// A model bundles the network with its scaler and the names of the
// features and classes: it trains on a data set as read from CSV, answers
// for a raw row, and goes to a file and back whole. The caller never
// touches the scaler.
func Example_model() {
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

	// 4 features in, 16 ReLU units, 3 classes out; the scaler is fitted on
	// the training part only.
	model, err := mlp.NewModel(train, []int{16})
	if err != nil {
		panic(err)
	}
	_, err = model.Train(context.Background(), train, mlp.TrainConfig{
		Epochs:       200,
		LearningRate: 0.01,
		BatchSize:    16,
		Optimizer:    mlp.NewAdam(),
	})
	if err != nil {
		panic(err)
	}
	accuracy, err := model.Score(test)
	if err != nil {
		panic(err)
	}
	fmt.Printf("test accuracy %.3f\n", accuracy)

	// A flower as it comes, in centimetres: no scaling by hand.
	flower := []float64{6.3, 2.9, 5.6, 1.8}
	species, err := model.PredictClass(flower)
	if err != nil {
		panic(err)
	}
	fmt.Println("6.3 2.9 5.6 1.8 is", species)

	// One file holds everything; here a buffer, for a file SaveFile.
	var file bytes.Buffer
	if err := model.Save(&file); err != nil {
		panic(err)
	}
	loaded, err := mlp.LoadModel(&file)
	if err != nil {
		panic(err)
	}
	again, err := loaded.PredictClass(flower)
	if err != nil {
		panic(err)
	}
	fmt.Println("the loaded model says", again)
	fmt.Println(strings.Join(loaded.Features, ", "))

	// The network is in plain view.
	fmt.Println(loaded.Net)
	// Output:
	// test accuracy 0.949
	// 6.3 2.9 5.6 1.8 is virginica
	// the loaded model says virginica
	// sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm
	// network 4-16-3, loss cross-entropy
	// layer  W     B     activation  parameters
	// 0      4x16  1x16  relu                80
	// 1      16x3  1x3   softmax             51
	// total                                 131
}

// A model validates on data in its own units: Train scales the validation
// set with the model's scaler, as it scales the training set, and with
// Patience keeps the weights of the epoch whose validation loss was lowest.
func ExampleModel_Train() {
	f, err := os.Open("testdata/iris.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := mlp.ReadCSV(f, nil)
	if err != nil {
		panic(err)
	}
	rest, test, err := data.Split(0.2, 1)
	if err != nil {
		panic(err)
	}
	train, val, err := rest.Split(0.25, 1)
	if err != nil {
		panic(err)
	}
	model, err := mlp.NewModel(train, []int{8}, mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	hist, err := model.Train(context.Background(), train, mlp.TrainConfig{
		Epochs:       500, // at most
		LearningRate: 0.01,
		BatchSize:    8,
		Optimizer:    mlp.NewAdam(),
		Validation:   val, // raw centimetres, as read
		Patience:     15,
		Seed:         1,
	})
	if err != nil {
		panic(err)
	}
	best := hist.BestEpoch
	fmt.Printf("%d epochs; best %d, validation loss %.3f, accuracy %.3f\n",
		len(hist.Loss), best, hist.ValidationLoss[best-1], hist.ValidationAccuracy[best-1])
	accuracy, err := model.Score(test)
	if err != nil {
		panic(err)
	}
	fmt.Printf("test accuracy %.3f\n", accuracy)
	// Output:
	// 45 epochs; best 30, validation loss 0.113, accuracy 0.933
	// test accuracy 0.967
}

// String summarises a network as Keras's model.summary() does: the sizes,
// the loss, and each layer's shapes, activation and parameters. fmt prints
// a *Network with it.
func ExampleNetwork_String() {
	net, err := mlp.New([]int{64, 100, 10},
		mlp.WithActivation(mlp.ReLU),
		mlp.WithOutputActivation(mlp.Softmax),
		mlp.WithLoss(mlp.CrossEntropy))
	if err != nil {
		panic(err)
	}
	fmt.Println(net)
	// Output:
	// network 64-100-10, loss cross-entropy
	// layer  W       B      activation  parameters
	// 0      64x100  1x100  relu              6500
	// 1      100x10  1x10   softmax           1010
	// total                                   7510
}

// Clone keeps a network's weights while the network trains on: a copy
// shares nothing that training writes.
func ExampleNetwork_Clone() {
	x := mlp.NewMatrix(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{2, 4, 1}, mlp.WithSeed(3))
	if err != nil {
		panic(err)
	}
	train := func(epochs int) {
		cfg := mlp.TrainConfig{Epochs: epochs, LearningRate: 2}
		if _, err := net.Train(context.Background(), x, y, cfg); err != nil {
			panic(err)
		}
	}
	train(1000)
	early := net.Clone()
	train(2000)

	// The copy answers as the network did after 1,000 epochs.
	for _, n := range []*mlp.Network{early, net} {
		a, err := n.Predict(x)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%.2f\n", a.RawData())
	}
	// Output:
	// [0.47 0.62 0.47 0.44]
	// [0.04 0.96 0.96 0.04]
}

// OneHot turns labels into the targets of a classifier, one column a class,
// in the order of first appearance or in an order given.
func ExampleOneHot() {
	y, classes, err := mlp.OneHot([]string{"cat", "dog", "cat", "bird"}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(classes)
	fmt.Println(y)
	// Output:
	// [cat dog bird]
	// [[ 1.  0.  0.]
	//  [ 0.  1.  0.]
	//  [ 1.  0.  0.]
	//  [ 0.  0.  1.]]
}

// A tanh output with −1/1 targets divides its classes at 0, not at
// Classify's 0.5.
func ExampleClassifyThreshold() {
	a := mlp.NewMatrix(4, 1, []float64{-0.9, -0.2, 0.3, 0.8})
	y := mlp.NewMatrix(4, 1, []float64{-1, -1, 1, 1})
	fmt.Println(mlp.ClassifyThreshold(a, 0))
	acc, err := mlp.AccuracyThreshold(a, y, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println("accuracy at 0:", acc)
	fmt.Println("at 0.5, Classify says:", mlp.Classify(a))
	// Output:
	// [0 0 1 1]
	// accuracy at 0: 1
	// at 0.5, Classify says: [0 0 0 1]
}
