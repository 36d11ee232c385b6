// Command xor trains the tutorial's 3-5-1 sigmoid network on XOR and prints
// its predictions before and after training.
//
//	go run ./examples/xor
//	go run ./examples/xor -epochs 5000 -eta 1 -seed 7
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/glassbox-go/mlp"
)

func main() {
	epochs := flag.Int("epochs", 20000, "number of full-batch training epochs")
	eta := flag.Float64("eta", 3, "learning rate")
	seed := flag.Uint64("seed", 1, "seed of the random initial weights")
	flag.Parse()
	if err := run(os.Stdout, *epochs, *eta, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "xor:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, epochs int, eta float64, seed uint64) error {
	if epochs < 0 {
		return fmt.Errorf("-epochs is %d, want at least 0", epochs)
	}
	// XOR, with the constant 1 folded into each sample as its bias input.
	x := mlp.NewMatrix(4, 3, []float64{
		1, 1, 1,
		1, 0, 1,
		0, 1, 1,
		0, 0, 1,
	})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})

	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(seed))
	if err != nil {
		return err
	}
	a, err := net.Forward(x)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Before training (random weights, seed %d):\n", seed)
	table(w, x, y, a)

	var e float64
	for epoch := 0; epoch < epochs; epoch++ {
		if _, err := net.Forward(x); err != nil {
			return err
		}
		if e, err = net.Backward(y); err != nil {
			return err
		}
		net.Step(eta)
	}
	if a, err = net.Forward(x); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAfter %d epochs with learning rate %g (error of the last epoch E = %.3g):\n", epochs, eta, e)
	table(w, x, y, a)
	return nil
}

// table prints one row a sample, as the tutorial does.
func table(w io.Writer, x, y, a *mlp.Matrix) {
	fmt.Fprintln(w, "x0  x1  bias  y  a_o")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(w, "%-3g %-3g %-5g %-2g %.8f\n", x.At(i, 0), x.At(i, 1), x.At(i, 2), y.At(i, 0), a.At(i, 0))
	}
}
