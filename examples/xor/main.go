// Command xor trains the tutorial's 3-5-1 sigmoid network on XOR and prints
// its predictions before and after training, the loss of every epoch as a
// sparkline and the decision surface as a character map. With -out it also
// draws the network, the loss curve and the decision boundary into a folder.
//
//	go run ./examples/xor
//	go run ./examples/xor -epochs 5000 -eta 1 -seed 7
//	go run ./examples/xor -out pictures   # xor-network.svg, xor-loss.svg, xor-boundary.png
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/glassbox-go/mlp"
)

func main() {
	epochs := flag.Int("epochs", 20000, "number of full-batch training epochs")
	eta := flag.Float64("eta", 3, "learning rate")
	seed := flag.Uint64("seed", 1, "seed of the random initial weights")
	out := flag.String("out", "", "folder to write xor-network.svg, xor-loss.svg and xor-boundary.png into (made if missing)")
	flag.Parse()
	if err := train(os.Stdout, *epochs, *eta, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "xor:", err)
		os.Exit(1)
	}
}

// run trains and prints, without writing pictures.
func run(w io.Writer, epochs int, eta float64, seed uint64) error {
	return train(w, epochs, eta, seed, "")
}

// train trains the network and prints the tables, the sparkline and the
// character map to w; with out not empty, it writes the pictures there.
func train(w io.Writer, epochs int, eta float64, seed uint64, out string) error {
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

	// The loss and the accuracy (the share of samples on the right side of
	// 0.5) of every epoch, measured on the Forward pass that the epoch's
	// step starts from.
	loss := make([]float64, 0, epochs)
	accuracy := make([]float64, 0, epochs)
	var e float64
	for epoch := 0; epoch < epochs; epoch++ {
		a, err := net.Forward(x)
		if err != nil {
			return err
		}
		if e, err = net.Backward(y); err != nil {
			return err
		}
		net.Step(eta)
		loss = append(loss, e)
		accuracy = append(accuracy, hits(a, y)/4)
	}

	fmt.Fprintln(w)
	if len(loss) > 0 {
		spark, err := mlp.Sparkline(loss, 60, mlp.LogAxis)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Loss E of each epoch, log scale (%d epochs, %.3g to %.3g):\n%s\n", len(loss), loss[0], loss[len(loss)-1], spark)
	} else {
		fmt.Fprintln(w, "No epochs, no loss to show.")
	}
	// The plane (x0, x1) with the bias input held at 1, over the samples'
	// box widened by a fifth: -0.2 to 1.2.
	plane := &mlp.BoundaryOptions{Constants: []float64{1}}
	surface, err := mlp.HeatMap(net, x, y, 42, 14, plane)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOutput a_o over x0 (across) and x1 (up) from -0.2 to 1.2: blank is 0, █ is 1; 0 and 1 are the samples:\n%s", surface)

	if out != "" {
		names, err := pictures(out, net, x, y, eta, loss, accuracy)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nWrote %s into %s\n", strings.Join(names, ", "), out)
	}

	if a, err = net.Forward(x); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAfter %d epochs with learning rate %g (error of the last epoch E = %.3g):\n", epochs, eta, e)
	table(w, x, y, a)
	return nil
}

// hits returns how many outputs are on the same side of 0.5 as their target.
func hits(a, y *mlp.Matrix) float64 {
	n := 0.0
	for i, v := range a.RawData() {
		if math.Abs(v-y.RawData()[i]) < 0.5 {
			n++
		}
	}
	return n
}

// pictures writes the pictures into the folder dir, making it if needed,
// and returns their names: xor-network.svg, xor-loss.svg (when there was at
// least one epoch) and xor-boundary.png.
func pictures(dir string, net *mlp.Network, x, y *mlp.Matrix, eta float64, loss, accuracy []float64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	create := func(name string, write func(io.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
		names = append(names, name)
		return f.Close()
	}
	// The network, with the tutorial's second sample (1, 0) flowing through.
	err := create("xor-network.svg", func(w io.Writer) error {
		return mlp.DrawNetwork(w, net, &mlp.DiagramOptions{
			Sample:      x.Row(1),
			InputNames:  []string{"x0", "x1", "1"},
			OutputNames: []string{"a_o"},
		})
	})
	if err != nil {
		return nil, err
	}
	if len(loss) > 0 {
		err = create("xor-loss.svg", func(w io.Writer) error {
			return mlp.PlotLoss(w, &mlp.LossPlotOptions{
				Title:  fmt.Sprintf("XOR, 3-5-1 sigmoid network, learning rate %g", eta),
				YLabel: "loss E (log scale)",
				Scale:  mlp.LogAxis,
			}, mlp.Series{Name: "loss E", Values: loss}, mlp.Series{Name: "accuracy", Values: accuracy, Right: true})
		})
		if err != nil {
			return nil, err
		}
	}
	err = create("xor-boundary.png", func(w io.Writer) error {
		return mlp.PlotBoundary(w, net, x, y, &mlp.BoundaryOptions{Constants: []float64{1}})
	})
	return names, err
}

// table prints one row a sample, as the tutorial does.
func table(w io.Writer, x, y, a *mlp.Matrix) {
	fmt.Fprintln(w, "x0  x1  bias  y  a_o")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(w, "%-3g %-3g %-5g %-2g %.8f\n", x.At(i, 0), x.At(i, 1), x.At(i, 2), y.At(i, 0), a.At(i, 0))
	}
}
