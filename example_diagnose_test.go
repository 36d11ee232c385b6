package mlp_test

import (
	"fmt"

	"github.com/glassbox-go/mlp"
)

// Diagnose explains why the tutorial's start, with every weight 1, cannot
// learn XOR well: its five hidden units are copies of one another. From
// New's random weights (seed 1), nothing stands in the way.
func ExampleNetwork_Diagnose() {
	// XOR, with the constant 1 folded into each sample as its bias input.
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	// The tutorial's 3-5-1 network without bias rows: every weight 1, then
	// New's random weights.
	for _, init := range []mlp.Option{mlp.WithConstantInit(1), mlp.WithSeed(1)} {
		net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), init)
		if err != nil {
			panic(err)
		}
		// Diagnose reads the values of the last Forward and Backward.
		if _, err := net.Forward(x); err != nil {
			panic(err)
		}
		if _, err := net.Backward(y); err != nil {
			panic(err)
		}
		findings, err := net.Diagnose()
		if err != nil {
			panic(err)
		}
		fmt.Println(len(findings), "findings")
		for _, f := range findings {
			fmt.Println(f.Problem, f.Layer, f.Units)
			fmt.Println(f)
		}
	}
	// Output:
	// 1 findings
	// duplicate units 0 [0 1 2 3 4]
	// Layers[0] units 0, 1, 2, 3 and 4 are exact copies of each other: the same weights in and the same weights out, so they compute the same output and get the same gradient on every sample. Gradient descent can never make them different: the layer works as if it had 1 unit instead of 5. Start from weights that differ, such as New's random ones.
	// 0 findings
}
