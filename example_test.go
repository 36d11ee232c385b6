package mlp_test

import (
	"fmt"
	"math"

	"github.com/glassbox-go/mlp"
)

// The tutorial's network: 3 inputs (the third is the constant 1 that stands
// in for a bias), 5 sigmoid hidden units and 1 sigmoid output, without bias
// rows.
func ExampleNew() {
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias())
	if err != nil {
		panic(err)
	}
	// Sizes {3, 5, 1} give two layers: a 3x5 weight matrix and a 5x1.
	for i, l := range net.Layers {
		r, c := l.W.Dims()
		fmt.Printf("layer %d: W is %dx%d, activation %v, bias %v\n", i, r, c, l.Activation, l.B != nil)
	}
	fmt.Println("loss:", net.Loss)
	// Output:
	// layer 0: W is 3x5, activation sigmoid, bias false
	// layer 1: W is 5x1, activation sigmoid, bias false
	// loss: squared-error
}

// Options choose the activations; the output layer's is set apart.
func ExampleWithOutputActivation() {
	net, err := mlp.New([]int{2, 8, 8, 1},
		mlp.WithActivation(mlp.Tanh),
		mlp.WithOutputActivation(mlp.Identity),
		mlp.WithSeed(42))
	if err != nil {
		panic(err)
	}
	for i, l := range net.Layers {
		fmt.Println("layer", i, l.Activation)
	}
	// Output:
	// layer 0 tanh
	// layer 1 tanh
	// layer 2 identity
}

// The forward pass of the tutorial's network, every weight 1: each number
// below is one the tutorial prints. Forward sets Z and A of every layer and
// returns the last layer's A itself.
func ExampleNetwork_Forward() {
	// XOR, with the constant 1 folded into each sample as its bias input.
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
	if err != nil {
		panic(err)
	}
	a, err := net.Forward(x)
	if err != nil {
		panic(err)
	}
	hidden, output := net.Layers[0], net.Layers[1]
	// z_h = X·W01 (4x3 · 3x5 = 4x5) and a_h = σ(z_h), then
	// z_o = a_h·W12 (4x5 · 5x1 = 4x1) and a_o = σ(z_o).
	fmt.Printf("z_h row 0: %.8f\n", hidden.Z.Row(0))
	fmt.Printf("a_h row 0: %.8f\n", hidden.A.Row(0))
	fmt.Printf("z_o: %.8f\n", output.Z.RawData())
	fmt.Printf("a_o: %.8f\n", a.RawData())
	fmt.Println("a is the last layer's A:", a == output.A)
	// Output:
	// z_h row 0: [3.00000000 3.00000000 3.00000000 3.00000000 3.00000000]
	// a_h row 0: [0.95257413 0.95257413 0.95257413 0.95257413 0.95257413]
	// z_o: [4.76287063 4.40398539 4.40398539 3.65529289]
	// a_o: [0.99153128 0.98791922 0.98791922 0.97479766]
	// a is the last layer's A: true
}

// Training is Forward, Backward and Step in a loop: here the tutorial's
// 20,000 epochs on XOR from seeded random weights.
func ExampleNetwork_Step() {
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	for epoch := 0; epoch < 20000; epoch++ {
		if _, err := net.Forward(x); err != nil {
			panic(err)
		}
		if _, err := net.Backward(y); err != nil {
			panic(err)
		}
		net.Step(3) // W −= 3·DW
	}
	a, err := net.Forward(x)
	if err != nil {
		panic(err)
	}
	for i := 0; i < 4; i++ {
		fmt.Printf("%v -> %.0f (want %v)\n", x.Row(i)[:2], a.At(i, 0), y.At(i, 0))
	}
	// Output:
	// [1 1] -> 0 (want 0)
	// [1 0] -> 1 (want 1)
	// [0 1] -> 1 (want 1)
	// [0 0] -> 0 (want 0)
}

// Backward returns the error E and fills the gradients; nothing changes the
// weights until Step.
func ExampleNetwork_Backward() {
	// One input, one linear unit without bias, weight 2: a = 2x.
	net, err := mlp.New([]int{1, 1}, mlp.WithActivation(mlp.Identity), mlp.WithoutBias(), mlp.WithConstantInit(2))
	if err != nil {
		panic(err)
	}
	if _, err := net.Forward(mlp.NewMatrix(1, 1, []float64{3})); err != nil { // a = 6
		panic(err)
	}
	// E = ½(6 − 4)² = 2; ∂E/∂a = 6 − 4 = 2; ∂E/∂w = x·∂E/∂a = 3·2 = 6.
	e, err := net.Backward(mlp.NewMatrix(1, 1, []float64{4}))
	if err != nil {
		panic(err)
	}
	l := net.Layers[0]
	fmt.Println("E =", e)
	fmt.Println("DA =", l.DA.At(0, 0))
	fmt.Println("DW =", l.DW.At(0, 0))
	fmt.Println("W =", l.W.At(0, 0))
	// Output:
	// E = 2
	// DA = 2
	// DW = 6
	// W = 2
}

// Bad input is an error that says what was expected, and the network stays
// usable.
func ExampleNetwork_Forward_errors() {
	net, err := mlp.New([]int{3, 5, 1})
	if err != nil {
		panic(err)
	}
	_, err = net.Forward(mlp.NewMatrix(4, 2, nil))
	fmt.Println(err)
	_, err = net.Backward(mlp.NewMatrix(4, 1, nil))
	fmt.Println(err)
	// Output:
	// mlp: Forward: input has 2 columns, network expects 3
	// mlp: Backward: no Forward pass to go back from; call Forward first
}

// A Matrix is dense and row-major; NewMatrix uses the given slice as its
// storage.
func ExampleMatrix() {
	m := mlp.NewMatrix(2, 3, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	r, c := m.Dims()
	fmt.Println(r, c)
	fmt.Println(m.At(1, 0))
	m.Set(1, 0, 40)
	fmt.Println(m.Row(1))
	// Output:
	// 2 3
	// 4
	// [40 5 6]
}

// The receiver is the result: c.Mul(a, b) writes a·b into c, reusing its
// memory when it is large enough.
func ExampleMatrix_Mul() {
	a := mlp.NewMatrix(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mlp.NewMatrix(3, 2, []float64{1, 0, 0, 1, 1, 1})
	var c mlp.Matrix
	// (2x3)·(3x2) = 2x2: c[0][0] = 1·1 + 2·0 + 3·1 = 4.
	c.Mul(a, b)
	fmt.Println(c.Row(0), c.Row(1))
	// aᵀ·a (3x2 · 2x3 = 3x3) without forming aᵀ: the Gram matrix of a's columns.
	c.MulTransA(a, a)
	fmt.Println(c.Row(0))
	// a·aᵀ (2x3 · 3x2 = 2x2): the dot products of a's rows.
	c.MulTransB(a, a)
	fmt.Println(c.Row(0), c.Row(1))
	// Output:
	// [4 5] [10 11]
	// [17 22 27]
	// [14 32] [32 77]
}

// A custom activation is a function and its derivative. Here softplus,
// f(z) = ln(1+eᶻ), whose derivative is the sigmoid.
func ExampleNewActivation() {
	softplus := mlp.NewActivation("softplus",
		func(z float64) float64 { return math.Log1p(math.Exp(z)) },
		func(z, a float64) float64 { return 1 / (1 + math.Exp(-z)) })
	net, err := mlp.New([]int{2, 4, 1}, mlp.WithActivation(softplus), mlp.WithOutputActivation(mlp.Sigmoid))
	if err != nil {
		panic(err)
	}
	fmt.Println(net.Layers[0].Activation, net.Layers[1].Activation)
	fmt.Printf("f(0) = %.6f, f'(0) = %.2f\n", softplus.Eval(0), softplus.Deriv(0, softplus.Eval(0)))
	// Output:
	// softplus sigmoid
	// f(0) = 0.693147, f'(0) = 0.50
}
