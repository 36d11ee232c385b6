package mlp_test

import (
	"fmt"

	"github.com/glassbox-go/mlp"
)

// Diagnose explains why the tutorial's start, with every weight 1, cannot
// learn XOR well: its five hidden units are copies of one another.
func ExampleNetwork_Diagnose() {
	net, x, y := tutorialStart()
	net.Forward(x)
	net.Backward(y)
	findings, err := net.Diagnose()
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Println(f.Problem, f.Layer, f.Units)
		fmt.Println(f)
	}

	// From New's random weights, nothing stands in the way.
	net, _ = mlp.New([]int{3, 5, 1}, mlp.WithoutBias())
	net.Forward(x)
	net.Backward(y)
	findings, _ = net.Diagnose()
	fmt.Println(len(findings), "findings")
	// Output:
	// duplicate units 0 [0 1 2 3 4]
	// Layers[0] units 0, 1, 2, 3 and 4 are exact copies of each other: the same weights in and the same weights out, so they compute the same output and get the same gradient on every sample. Gradient descent can never make them different: the layer works as if it had 1 unit instead of 5. Start from weights that differ, such as New's random ones.
	// 0 findings
}
