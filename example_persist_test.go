package mlp_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/glassbox-go/mlp"
)

// A network saved as JSON, loaded back and asked for predictions. The file
// is plain text: the loss, then each layer's activation, sizes, weights W
// (one row an input, one column a unit) and biases B.
func ExampleLoad() {
	// A 2-2-1 network with weights set by hand: hidden unit 0 fires when
	// both inputs are on, hidden unit 1 when either is; the output is their
	// difference, which is XOR.
	net, err := mlp.New([]int{2, 2, 1}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Identity))
	if err != nil {
		panic(err)
	}
	copy(net.Layers[0].W.RawData(), []float64{1, 1, 1, 1})
	copy(net.Layers[0].B.RawData(), []float64{-1, 0})
	copy(net.Layers[1].W.RawData(), []float64{-2, 1})
	net.Layers[1].B.Set(0, 0, 0)

	// Save writes the JSON; here into memory, for a file use SaveFile.
	var file bytes.Buffer
	if err := net.Save(&file); err != nil {
		panic(err)
	}
	fmt.Print(file.String())

	// Load reads it back, every weight bit for bit, ready to predict.
	loaded, err := mlp.Load(&file)
	if err != nil {
		panic(err)
	}
	x := mlp.NewMatrix(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y, err := loaded.Predict(x)
	if err != nil {
		panic(err)
	}
	for i := 0; i < 4; i++ {
		fmt.Printf("%v -> %v\n", x.Row(i), y.At(i, 0))
	}
	// Output:
	// {
	//   "format": "github.com/glassbox-go/mlp",
	//   "version": 1,
	//   "loss": "squared-error",
	//   "layers": [
	//     {
	//       "activation": "relu",
	//       "inputs": 2,
	//       "outputs": 2,
	//       "W": [
	//         [1, 1],
	//         [1, 1]
	//       ],
	//       "B": [-1, 0]
	//     },
	//     {
	//       "activation": "identity",
	//       "inputs": 2,
	//       "outputs": 1,
	//       "W": [
	//         [-2],
	//         [1]
	//       ],
	//       "B": [0]
	//     }
	//   ]
	// }
	// [0 0] -> 0
	// [0 1] -> 1
	// [1 0] -> 1
	// [1 1] -> 0
}

// Load refuses a damaged or hostile file with an error that says what is
// wrong and where; it never returns half a network.
func ExampleLoad_errors() {
	for _, file := range []string{
		`{"format": "github.com/glassbox-go/mlp", "version": 2}`,
		`{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error", "layers": [
			{"activation": "relu", "inputs": 1000000, "outputs": 1000000, "W": [[1]], "B": null}]}`,
		`{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error", "layers": [
			{"activation": "relu", "inputs": 1, "outputs": 2, "W": [[1]], "B": null}]}`,
		`{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squ`,
	} {
		_, err := mlp.Load(strings.NewReader(file))
		fmt.Println(err)
	}
	// Output:
	// mlp: Load: "version" is 2, want 1: this package reads version 1 only
	// mlp: Load: layer 0: "inputs"×"outputs" is 1000000×1000000 weights, more than a 181-byte input can hold
	// mlp: Load: layer 0: W[0] has 1 number, want 2 ("outputs")
	// mlp: Load: input ends after 67 bytes in the middle of the JSON: it is truncated
}

// SaveFile replaces a model file atomically, so that a crash never leaves a
// damaged one; LoadFile reads it back.
func ExampleNetwork_SaveFile() {
	dir, err := os.MkdirTemp("", "mlp-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "xor.json")

	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	if err := net.SaveFile(name); err != nil {
		panic(err)
	}
	loaded, err := mlp.LoadFile(name)
	if err != nil {
		panic(err)
	}
	fmt.Println(loaded.Sizes(), loaded.Layers[0].Activation, loaded.Loss)
	fmt.Println(loaded.Layers[0].W.At(2, 4) == net.Layers[0].W.At(2, 4))
	// Output:
	// [3 5 1] sigmoid squared-error
	// true
}

// Predict may be called from many goroutines at once on one network, for
// example by the handlers of a server; each call gets a matrix of its own.
func ExampleNetwork_Predict() {
	// One input, one linear unit without bias, weight 3: a = 3x.
	net, err := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias(), mlp.WithConstantInit(3))
	if err != nil {
		panic(err)
	}

	answers := make([]float64, 5)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			y, err := net.Predict(mlp.NewMatrix(1, 1, []float64{float64(i)}))
			if err != nil {
				panic(err)
			}
			answers[i] = y.At(0, 0)
		}()
	}
	wg.Wait()
	fmt.Println(answers)
	// Output:
	// [0 3 6 9 12]
}
