package mlp_test

import (
	"fmt"
	"math"

	"github.com/glassbox-go/mlp"
)

// CheckGradients tests a custom activation: here softplus, f(z) = ln(1+eᶻ),
// once with its true derivative (the sigmoid) and once with a slip that
// returns f(z) instead of f'(z).
func ExampleNetwork_CheckGradients() {
	softplus := func(z float64) float64 { return math.Log1p(math.Exp(z)) }
	right := mlp.NewActivation("softplus", softplus, func(z, a float64) float64 { return 1 / (1 + math.Exp(-z)) })
	wrong := mlp.NewActivation("softplus", softplus, func(z, a float64) float64 { return a })

	x := mlp.NewMatrix(3, 2, []float64{0.5, -1, 2, 0.25, -0.75, 1})
	y := mlp.NewMatrix(3, 1, []float64{1, 0, 1})
	for _, act := range []mlp.Activation{right, wrong} {
		net, err := mlp.New([]int{2, 4, 1}, mlp.WithActivation(act), mlp.WithOutputActivation(mlp.Sigmoid))
		if err != nil {
			panic(err)
		}
		g, err := net.CheckGradients(x, y)
		if err != nil {
			panic(err)
		}
		// The worst relative error tells right from wrong; where it is tells
		// which layer's derivative to look at.
		fmt.Printf("below 1e-6: %v, worst at Layers[%d], %d parameters\n", g.MaxRelError < 1e-6, g.Layer, g.Params)
	}
	// Output:
	// below 1e-6: true, worst at Layers[0], 17 parameters
	// below 1e-6: false, worst at Layers[0], 17 parameters
}
