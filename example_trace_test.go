package mlp_test

import (
	"fmt"

	"github.com/glassbox-go/mlp"
)

// Trace runs one training step and records every quantity, in the order it
// is computed: the forward pass, the error, the backward pass from the last
// layer to the first, the update and the prediction with the updated
// weights. A network of two layers gets the tutorial's names. Each step
// prints with its formula, shapes, meaning and value; WriteText and
// WriteMarkdown render them all.
func ExampleNetwork_Trace() {
	// The tutorial's data and network: XOR, with the constant 1 folded into
	// each sample as its bias input; 3-5-1, no bias rows, every weight 1.
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
	if err != nil {
		panic(err)
	}
	tr, err := net.Trace(x, y, 3)
	if err != nil {
		panic(err)
	}
	for _, s := range tr.Steps {
		fmt.Printf("%-10s %-18s %s\n", s.Stage, s.Name, s.Shapes)
	}
	fmt.Printf("E = %.8f, then %.8f\n\n", tr.E, tr.EAfter)
	// The forward pass of the hidden layer: z_h = X · w01, 4x3 · 3x5 = 4x5.
	fmt.Println(tr.Lookup("z_h"))
	// Output:
	// forward    X                  4x3
	// forward    w01                3x5
	// forward    z_h                4x3 · 3x5 = 4x5
	// forward    a_h                4x5
	// forward    w12                5x1
	// forward    z_o                4x5 · 5x1 = 4x1
	// forward    a_o                4x1
	// error      y                  4x1
	// error      a_o_error          4x1
	// backward   delta_a_o_error    4x1
	// backward   delta_z_o          4x1
	// backward   delta_o            4x1 ⊙ 4x1 = 4x1
	// backward   delta_w12          4x5
	// backward   delta_output_layer 5x4 · 4x1 = 5x1
	// backward   delta_a_h          4x1 · 1x5 = 4x5
	// backward   delta_z_h          4x5
	// backward   delta_h            4x5 ⊙ 4x5 = 4x5
	// backward   delta_w01          4x3
	// backward   delta_hidden_layer 3x4 · 4x5 = 3x5
	// update     w12_new            5x1 − η · 5x1 = 5x1
	// update     w01_new            3x5 − η · 3x5 = 3x5
	// prediction a_o_new            4x1
	// E = 0.96682832, then 0.95538319
	//
	// z_h = X · w01    (4x3 · 3x5 = 4x5)
	// The weighted input of each unit of the hidden layer: one row a sample, one column a unit.
	// [[ 3.  3.  3.  3.  3.]
	//  [ 2.  2.  2.  2.  2.]
	//  [ 2.  2.  2.  2.  2.]
	//  [ 1.  1.  1.  1.  1.]]
}

// Networks of other depths get numbered names, layer l being Layers[l-1].
func ExampleTraceStep() {
	net, err := mlp.New([]int{2, 3, 3, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(1))
	if err != nil {
		panic(err)
	}
	x := mlp.NewMatrix(2, 2, []float64{0.5, -1, 1, 0.25})
	y := mlp.NewMatrix(2, 1, []float64{1, 0})
	tr, err := net.Trace(x, y, 0.1)
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"Z2", "dA2/dZ2", "DA1", "DW1"} {
		s := tr.Lookup(name)
		fmt.Printf("%s: %s  (%s)\n", s.Name, s.Formula, s.Shapes)
	}
	// Output:
	// Z2: Z2 = A1 · W2 + B2  (2x3 · 3x3 + 1x3 = 2x3)
	// dA2/dZ2: dA2/dZ2 = ∂A2/∂Z2 = tanh'(Z2) = 1 − A2 ⊙ A2  (2x3)
	// DA1: DA1 = ∂E/∂A1 = DZ2 · W2ᵀ  (2x3 · 3x3 = 2x3)
	// DW1: DW1 = ∂E/∂W1 = Xᵀ · DZ1  (2x2 · 2x3 = 2x3)
}
