package mlp_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"regexp"
	"strings"

	"github.com/glassbox-go/mlp"
)

// A network that computes XOR with hand-set weights, in the tutorial's
// layout: inputs x0, x1 and the constant 1. Hidden unit 0 is OR,
// σ(20x0 + 20x1 − 10); hidden unit 1 is NAND, σ(−20x0 − 20x1 + 30); the
// output is their AND, σ(20h0 + 20h1 − 30): near 1 on the band
// 0.5 < x0 + x1 < 1.5, where (1, 0) and (0, 1) lie, and near 0 outside it.
func exampleXOR() (net *mlp.Network, x, y *mlp.Matrix) {
	net, err := mlp.New([]int{3, 2, 1})
	if err != nil {
		panic(err)
	}
	net.Layers[0].B = nil // the constant input stands in for the first biases
	copy(net.Layers[0].W.RawData(), []float64{
		20, -20, // from x0
		20, -20, // from x1
		-10, 30, // from the constant 1
	})
	copy(net.Layers[1].W.RawData(), []float64{20, 20})
	net.Layers[1].B.Set(0, 0, -30)
	x = mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y = mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})
	return net, x, y
}

// DrawNetwork writes SVG: every weight a line coloured by its sign and as
// wide as its size, every unit a circle. Each has a tooltip (<title>) with
// its exact value.
func ExampleDrawNetwork() {
	// One linear unit: a = 2·x0 − 5·x1 + 1. The largest |w| is 5.
	net, err := mlp.New([]int{2, 1}, mlp.WithActivation(mlp.Identity))
	if err != nil {
		panic(err)
	}
	net.Layers[0].W.Set(0, 0, 2)
	net.Layers[0].W.Set(1, 0, -5)
	net.Layers[0].B.Set(0, 0, 1)

	// Draw it with the sample (1, 1) flowing through: z = 2 − 5 + 1 = −2.
	var buf bytes.Buffer
	if err := mlp.DrawNetwork(&buf, net, &mlp.DiagramOptions{Sample: []float64{1, 1}}); err != nil {
		panic(err)
	}

	// Lines are drawn lightest first. Width 0.75 + 5.25·|w|/5: 1.8 for the
	// bias 1, 2.85 for 2 and 6 for −5; blue #1f77b4 for positive, orange
	// #ff7f0e for negative; biases dashed.
	line := regexp.MustCompile(`^<line class="(weight|bias)".* stroke="(\S+)" stroke-width="(\S+)".*<title>(.*)</title>`)
	unit := regexp.MustCompile(`^<circle class="unit".*<title>(.*Z = .*)</title>`)
	for _, s := range strings.Split(buf.String(), "\n") {
		if m := line.FindStringSubmatch(s); m != nil {
			fmt.Printf("%-5s %s: %s, width %s\n", m[1], m[4], m[2], m[3])
		}
		if m := unit.FindStringSubmatch(s); m != nil {
			fmt.Println("unit ", m[1])
		}
	}
	// Output:
	// bias  Layers[0].B.At(0, 0) = 1: #1f77b4, width 1.8
	// weight Layers[0].W.At(0, 0) = 2: #1f77b4, width 2.85
	// weight Layers[0].W.At(1, 0) = -5: #ff7f0e, width 6
	// unit  Layers[0] unit 0, identity: Z = -2, A = -2
}

// PlotLoss draws per-epoch series, such as a training history, as SVG. Here
// a loss that falls tenfold every 100 epochs, on a log axis, and a test
// loss beside it.
func ExamplePlotLoss() {
	train := make([]float64, 300)
	test := make([]float64, 300)
	for i := range train {
		train[i] = math.Pow(10, -float64(i)/100)
		test[i] = 1.5 * train[i]
	}
	var buf bytes.Buffer
	err := mlp.PlotLoss(&buf, &mlp.LossPlotOptions{Title: "Loss", Scale: mlp.LogAxis},
		mlp.Series{Name: "training", Values: train},
		mlp.Series{Name: "test", Values: test})
	if err != nil {
		panic(err)
	}

	// The axes' labelled ticks and the legend.
	for _, class := range []string{"y-tick-label", "x-tick-label", "legend"} {
		re := regexp.MustCompile(`class="` + class + `"[^>]*>([^<]*)<`)
		var labels []string
		for _, m := range re.FindAllStringSubmatch(buf.String(), -1) {
			labels = append(labels, m[1])
		}
		fmt.Printf("%s: %s\n", class, strings.Join(labels, " "))
	}
	// Output:
	// y-tick-label: 10⁻³ 10⁻² 10⁻¹ 10⁰ 10¹
	// x-tick-label: 0 50 100 150 200 250 300
	// legend: training test
}

// BoundaryImage colours each pixel by the network's output there and draws
// the samples on top. The tutorial's layout has a third input, the constant
// 1: Constants holds it fixed while x0 and x1 range over the plane.
func ExampleBoundaryImage() {
	net, x, y := exampleXOR()
	img, err := mlp.BoundaryImage(net, x, y, &mlp.BoundaryOptions{
		Constants: []float64{1},
		Width:     140, Height: 140, // 100 pixels per unit over −0.2 … 1.2
	})
	if err != nil {
		panic(err)
	}
	at := func(x0, x1 float64) string {
		c := img.RGBAAt(int((x0+0.2)*100), int((1.2-x1)*100))
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	// The samples, in their class colours: orange for 0, blue for 1.
	fmt.Println("sample (0, 0):", at(0, 0), " sample (1, 0):", at(1, 0))
	// Elsewhere, the tint of the class the network gives the place: at
	// most 60% of the colour where it is sure, white where x0 + x1 = 0.5,
	// on the boundary (the pixel of (0.5, 0) has its centre at (0.505, −0.005)).
	fmt.Println("(0.1, 0.1):", at(0.1, 0.1), " (0.9, 0.1):", at(0.9, 0.1), " (0.5, 0):", at(0.5, 0))
	// Output:
	// sample (0, 0): #ff7f0e  sample (1, 0): #1f77b4
	// (0.1, 0.1): #ffb26e  (0.9, 0.1): #79add2  (0.5, 0): #ffffff
}

// PlotBoundary writes the picture of BoundaryImage as a PNG.
func ExamplePlotBoundary() {
	net, x, y := exampleXOR()
	var buf bytes.Buffer
	if err := mlp.PlotBoundary(&buf, net, x, y, &mlp.BoundaryOptions{Constants: []float64{1}}); err != nil {
		panic(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println("PNG of", img.Bounds().Size())
	// Output:
	// PNG of (400,400)
}

// Sparkline draws a series in one line of text, here the loss of a
// training run, on a log scale to show its fall over four decades.
func ExampleSparkline() {
	loss := []float64{0.5, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0005, 0.0003, 0.0002, 0.00015, 0.0001}
	for _, s := range []struct {
		name  string
		width int // longer series are averaged down to the width
		scale mlp.AxisScale
	}{{"log:   ", 40, mlp.LogAxis}, {"linear:", 40, mlp.LinearAxis}, {"width 4:", 4, mlp.LogAxis}} {
		line, err := mlp.Sparkline(loss, s.width, s.scale)
		if err != nil {
			panic(err)
		}
		fmt.Println(s.name, line)
	}
	// Output:
	// log:    ██▇▆▅▄▃▂▂▂▁▁
	// linear: █▅▂▁▁▁▁▁▁▁▁▁
	// width 4: █▅▂▁
}

// HeatMap draws the decision surface in characters: the output's shade in
// each cell and the samples as their targets, 0 or 1. This network's class 1
// is the band 0.5 < x0 + x1 < 1.5, from the top left to the bottom right.
func ExampleHeatMap() {
	net, x, y := exampleXOR()
	m, err := mlp.HeatMap(net, x, y, 28, 10, &mlp.BoundaryOptions{Constants: []float64{1}})
	if err != nil {
		panic(err)
	}
	fmt.Print(m)
	// Output:
	// ┌────────────────────────────┐
	// │███████████░                │
	// │████1█████████          0   │
	// │█████████████████           │
	// │████████████████████        │
	// │  ░███████████████████▓     │
	// │     ▓███████████████████░  │
	// │        ████████████████████│
	// │           █████████████████│
	// │    0         ██████████1███│
	// │                ░███████████│
	// └────────────────────────────┘
}
