package mlp_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/glassbox-go/mlp"
)

// A network trained here, handed to ONNX Runtime, Triton or PyTorch: the
// ONNX model computes what Predict computes, in float64 by default or in
// float32 with ONNXFloat32, with one input and one output whose first
// dimension, the batch, is free.
func ExampleNetwork_WriteONNX() {
	// A classifier of 4 features into 3 classes, trained here (training
	// left out: the weights are New's).
	net, err := mlp.New([]int{4, 8, 3}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "onnx")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// Written atomically, like SaveFile; WriteONNX writes to any io.Writer.
	name := filepath.Join(dir, "classifier.onnx")
	if err := net.WriteONNXFile(name); err != nil {
		panic(err)
	}
	info, err := os.Stat(name)
	if err != nil {
		panic(err)
	}
	fmt.Println("classifier.onnx:", info.Size(), "bytes, float64")

	// Read back, it predicts the same to the last bit.
	back, err := mlp.ReadONNXFile(name)
	if err != nil {
		panic(err)
	}
	x := mlp.NewMatrix(1, 4, []float64{5.1, 3.5, 1.4, 0.2})
	p1, err := net.Predict(x)
	if err != nil {
		panic(err)
	}
	p2, err := back.Predict(x)
	if err != nil {
		panic(err)
	}
	fmt.Println("same predictions:", slices.Equal(p1.RawData(), p2.RawData()), "loss:", back.Loss)

	// For a runtime that wants float32, with the names it expects.
	var f32 bytes.Buffer
	if err := net.WriteONNX(&f32, mlp.ONNXFloat32(), mlp.ONNXNames("features", "probabilities")); err != nil {
		panic(err)
	}
	fmt.Println("float32 model:", f32.Len(), "bytes")

	// A custom activation has no ONNX operator: an error, not a wrong model.
	net.Layers[0].Activation = mlp.NewActivation("softplus",
		func(z float64) float64 { return math.Log1p(math.Exp(z)) },
		func(z, a float64) float64 { return 1 / (1 + math.Exp(-z)) })
	fmt.Println(net.WriteONNX(&f32))
	// Output:
	// classifier.onnx: 998 bytes, float64
	// same predictions: true loss: cross-entropy
	// float32 model: 748 bytes
	// mlp: WriteONNX: layer 0: activation "softplus" is not a built-in: ONNX has an operator only for identity, sigmoid, tanh, relu and softmax
}

// A classifier trained in PyTorch and exported with
//
//	torch.onnx.export(model, x, "model.onnx", opset_version=13,
//	    input_names=["input"], output_names=["output"],
//	    dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
//
// comes in as a Network that predicts what PyTorch predicts, and that the
// package's tools work on: here a gradient check and the shape of a trace.
// The model is testdata/onnx/torch_relu_softmax_f32.onnx, made by
// testdata/onnx/gen_torch.py: nn.Sequential(nn.Linear(4, 8), nn.ReLU(),
// nn.Linear(8, 3), nn.Softmax(dim=1)) in float32.
func ExampleReadONNX() {
	net, err := mlp.ReadONNXFile("testdata/onnx/torch_relu_softmax_f32.onnx")
	if err != nil {
		panic(err)
	}
	fmt.Println("sizes:", net.Sizes())
	for i, l := range net.Layers {
		fmt.Printf("layer %d: %v, biases %v\n", i, l.Activation, l.B != nil)
	}

	// The first two inputs that gen_torch.py saved with PyTorch's outputs
	// (testdata/onnx/torch_relu_softmax_f32.json): PyTorch gave
	// [0.29630 0.45948 0.24422] and [0.43473 0.34608 0.21919].
	x := mlp.NewMatrix(2, 4, []float64{
		0.3942026197910309, 1.230510950088501, -0.8731500506401062, -0.27236616611480713,
		1.9322590827941895, -1.2373393774032593, -0.013671915978193283, -0.09790927171707153,
	})
	p, err := net.Predict(x)
	if err != nil {
		panic(err)
	}
	for i := 0; i < 2; i++ {
		fmt.Printf("sample %d: class probabilities %.5f\n", i, p.Row(i))
	}

	// A model from PyTorch keeps no loss: set the one to train with.
	net.Loss = mlp.CrossEntropy
	y := mlp.NewMatrix(2, 3, []float64{0, 1, 0, 0, 0, 1})
	check, err := net.CheckGradients(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Println("gradients agree with finite differences:", check.MaxRelError < 1e-6)
	trace, err := net.Trace(x, y, 0.1)
	if err != nil {
		panic(err)
	}
	for _, step := range trace.Steps {
		if step.Stage == "forward" && strings.Contains(step.Formula, "=") {
			fmt.Printf("%-20s %s\n", step.Formula, step.Shapes)
		}
	}
	fmt.Printf("error %.4f, after one step %.4f\n", trace.E, trace.EAfter)
	// Output:
	// sizes: [4 8 3]
	// layer 0: relu, biases true
	// layer 1: softmax, biases true
	// sample 0: class probabilities [0.29630 0.45948 0.24422]
	// sample 1: class probabilities [0.43473 0.34608 0.21919]
	// gradients agree with finite differences: true
	// z_h = X · w01 + b_h  2x4 · 4x8 + 1x8 = 2x8
	// a_h = max(0, z_h)    2x8
	// z_o = a_h · w12 + b_o 2x8 · 8x3 + 1x3 = 2x3
	// a_o = softmax(z_o)   2x3
	// error 2.2955, after one step 1.9974
}
