// Command pictures draws the README's pictures that examples/xor does not:
// a network learning TensorFlow Playground's "circle" data set (its
// diagram, its training and test loss on a log scale, and its decision
// boundary) and a 64-32-10 network as New makes it. It prints the loss
// sparkline and the decision surface as characters.
//
//	go run ./examples/pictures -out docs
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/glassbox-go/mlp"
)

func main() {
	out := flag.String("out", "", "folder to write the pictures into (made if missing); none written if empty")
	flag.Parse()
	if err := run(os.Stdout, *out); err != nil {
		fmt.Fprintln(os.Stderr, "pictures:", err)
		os.Exit(1)
	}
}

// circle returns n points of Playground's "circle" data set from a seeded
// generator: class 1 (target 1) inside radius 2, class 0 in the ring from
// radius 3 to 5, alternately.
func circle(n int, seed uint64) (x, y *mlp.Matrix) {
	rng := rand.New(rand.NewPCG(seed, 7))
	x, y = mlp.NewMatrix(n, 2, nil), mlp.NewMatrix(n, 1, nil)
	for i := range n {
		r := 3 + 2*rng.Float64()
		if i%2 == 0 {
			r = 2 * rng.Float64()
			y.Set(i, 0, 1)
		}
		a := 2 * math.Pi * rng.Float64()
		x.Set(i, 0, r*math.Cos(a))
		x.Set(i, 1, r*math.Sin(a))
	}
	return x, y
}

const (
	epochs = 1500
	eta    = 0.01
)

func run(w io.Writer, dir string) error {
	train, trainY := circle(200, 1)
	test, testY := circle(200, 2)
	net, err := mlp.New([]int{2, 6, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithOutputActivation(mlp.Sigmoid), mlp.WithSeed(3))
	if err != nil {
		return err
	}
	// Each epoch measures the test loss with a Forward on the test set,
	// then trains on the training set: Forward, Backward, Step. Both
	// losses are per sample, so that they compare.
	nTrain, _ := train.Dims()
	nTest, _ := test.Dims()
	var trainLoss, testLoss []float64
	var e mlp.Matrix
	for range epochs {
		a, err := net.Forward(test)
		if err != nil {
			return err
		}
		testLoss = append(testLoss, mlp.SquaredError.Errors(&e, a, testY)/float64(nTest))
		if _, err := net.Forward(train); err != nil {
			return err
		}
		l, err := net.Backward(trainY)
		if err != nil {
			return err
		}
		trainLoss = append(trainLoss, l/float64(nTrain))
		net.Step(eta)
	}
	spark, err := mlp.Sparkline(trainLoss, 60, mlp.LogAxis)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Training loss per sample over %d epochs, log scale (%.3g to %.3g):\n%s\n", epochs, trainLoss[0], trainLoss[len(trainLoss)-1], spark)
	plane := &mlp.BoundaryOptions{XMin: -6, XMax: 6, YMin: -6, YMax: 6}
	surface, err := mlp.HeatMap(net, train, trainY, 48, 20, plane)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOutput over the plane from -6 to 6, with the training points (1 inside, 0 outside):\n%s", surface)
	if dir == "" {
		return nil
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	big, err := mlp.New([]int{64, 32, 10})
	if err != nil {
		return err
	}
	pictures := []struct {
		name string
		draw func(io.Writer) error
	}{
		{"circle-network.svg", func(w io.Writer) error {
			return mlp.DrawNetwork(w, net, &mlp.DiagramOptions{Sample: []float64{1, -0.5}, InputNames: []string{"x", "y"}, OutputNames: []string{"inside"}})
		}},
		{"circle-loss.svg", func(w io.Writer) error {
			return mlp.PlotLoss(w, &mlp.LossPlotOptions{
				Title:  fmt.Sprintf("circle, 2-6-1 tanh network, learning rate %g", eta),
				YLabel: "squared error per sample",
				Scale:  mlp.LogAxis,
			}, mlp.Series{Name: "training", Values: trainLoss}, mlp.Series{Name: "test", Values: testLoss})
		}},
		{"circle-boundary.png", func(w io.Writer) error { return mlp.PlotBoundary(w, net, train, trainY, plane) }},
		{"network-64-32-10.svg", func(w io.Writer) error { return mlp.DrawNetwork(w, big, nil) }},
	}
	// Each picture is drawn in memory, then written: a drawing that fails
	// leaves no file.
	for _, p := range pictures {
		var b bytes.Buffer
		if err := p.draw(&b); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		name := filepath.Join(dir, p.name)
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(w, "wrote", name)
	}
	return nil
}
