package mlp_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// drawNetwork draws n and parses the result.
func drawNetwork(t *testing.T, n *mlp.Network, opt *mlp.DiagramOptions) svgNode {
	t.Helper()
	var buf bytes.Buffer
	if err := mlp.DrawNetwork(&buf, n, opt); err != nil {
		t.Fatalf("DrawNetwork: %v", err)
	}
	return parseSVG(t, buf.Bytes())
}

// linkByTitle returns the line whose tooltip starts with prefix.
func linkByTitle(t *testing.T, root svgNode, class, prefix string) svgNode {
	t.Helper()
	for _, l := range root.find(class) {
		if strings.HasPrefix(l.title(), prefix) {
			return l
		}
	}
	t.Fatalf("no <line class=%q> titled %q...", class, prefix)
	return svgNode{}
}

// checkStyle checks a line's colour, width and opacity; the last two are
// written rounded to 0.001.
func checkStyle(t *testing.T, l svgNode, colour string, width, opacity float64) {
	t.Helper()
	if got := l.attr("stroke"); got != colour {
		t.Errorf("%s: stroke = %s, want %s", l.title(), got, colour)
	}
	if got := l.num(t, "stroke-width"); math.Abs(got-width) > 0.0006 {
		t.Errorf("%s: stroke-width = %v, want %v", l.title(), got, width)
	}
	if got := l.num(t, "stroke-opacity"); math.Abs(got-opacity) > 0.0006 {
		t.Errorf("%s: stroke-opacity = %v, want %v", l.title(), got, opacity)
	}
}

// TestDrawNetworkCounts counts units, links and labels for the tutorial's
// 3-5-1, a small network with biases and a 64-32-10.
func TestDrawNetworkCounts(t *testing.T) {
	tutorial := tutorialNet(t)
	withBias, _ := mlp.New([]int{2, 4, 3, 1}, mlp.WithSeed(3))
	large, _ := mlp.New([]int{64, 32, 10}, mlp.WithSeed(1))
	tests := []struct {
		name                                       string
		net                                        *mlp.Network
		units, weights, biases, biasUnits, wLabels int
	}{
		// 3+5+1 units; 3·5 + 5·1 weights, each with its number.
		{"3-5-1 without bias", tutorial, 9, 20, 0, 0, 20},
		// 2+4+3+1 units; 2·4 + 4·3 + 3·1 weights; 4+3+1 biases from 3 constant inputs.
		{"2-4-3-1 with bias", withBias, 10, 23, 8, 3, 31},
		// 106 units; 64·32 + 32·10 weights; 32+10 biases; wider than 10 units: no numbers.
		{"64-32-10", large, 106, 2368, 42, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := drawNetwork(t, tt.net, nil)
			for _, c := range []struct {
				class string
				want  int
			}{
				{"unit", tt.units}, {"weight", tt.weights}, {"bias", tt.biases},
				{"bias-unit", tt.biasUnits}, {"weight-label", tt.wLabels},
			} {
				if got := len(root.find(c.class)); got != c.want {
					t.Errorf("%d elements of class %q, want %d", got, c.class, c.want)
				}
			}
			for _, u := range root.find("unit") {
				if u.XMLName.Local != "circle" {
					t.Errorf("unit is a <%s>, want <circle>", u.XMLName.Local)
				}
			}
			for _, l := range root.find("weight") {
				if l.XMLName.Local != "line" || l.title() == "" {
					t.Errorf("weight is a <%s> titled %q, want a <line> with a title", l.XMLName.Local, l.title())
				}
			}
		})
	}
}

// TestDrawNetworkStyle checks that known weights get the documented colour
// and width: blue #1f77b4 for positive, orange #ff7f0e for negative, grey
// #9e9e9e for 0; width 0.75 + 5.25·|w|/M and opacity 0.5 + 0.5·|w|/M with
// numbers, 0.2 + 1.3·|w|/M and 0.05 + 0.95·(|w|/M)² without, M the
// largest |w|. Widths and opacities are written rounded to 0.001.
func TestDrawNetworkStyle(t *testing.T) {
	// A 3-1 network: weights −2, 4 and 0, bias 1, so M = 4.
	n, _ := mlp.New([]int{3, 1})
	copy(n.Layers[0].W.RawData(), []float64{-2, 4, 0})
	n.Layers[0].B.Set(0, 0, 1)
	root := drawNetwork(t, n, nil)
	tests := []struct {
		class, title   string
		colour         string
		width, opacity float64
		label, fill    string
	}{
		{"weight", "Layers[0].W.At(0, 0) = -2", "#ff7f0e", 0.75 + 5.25*0.5, 0.75, "-2.00", "#a6520a"},
		{"weight", "Layers[0].W.At(1, 0) = 4", "#1f77b4", 6, 1, "4.00", "#16537e"},
		{"weight", "Layers[0].W.At(2, 0) = 0", "#9e9e9e", 0.75, 0.5, "0.00", "#555555"},
		{"bias", "Layers[0].B.At(0, 0) = 1", "#1f77b4", 0.75 + 5.25*0.25, 0.625, "1.00", "#16537e"},
	}
	for _, tt := range tests {
		l := linkByTitle(t, root, tt.class, tt.title)
		checkStyle(t, l, tt.colour, tt.width, tt.opacity)
		dashed := l.attr("stroke-dasharray") != ""
		if dashed != (tt.class == "bias") {
			t.Errorf("%s: dashed = %v, want %v", tt.title, dashed, tt.class == "bias")
		}
	}
	// Each number once, in the darker shade of its line's colour.
	labels := root.find("weight-label")
	if len(labels) != len(tests) {
		t.Fatalf("%d weight labels, want %d", len(labels), len(tests))
	}
	for _, tt := range tests {
		found := false
		for _, l := range labels {
			if strings.TrimSpace(l.Text) == tt.label {
				found = true
				if got := l.attr("fill"); got != tt.fill {
					t.Errorf("label %s: fill = %s, want %s", tt.label, got, tt.fill)
				}
			}
		}
		if !found {
			t.Errorf("no label %q among %q", tt.label, texts(labels))
		}
	}
	// Heavier lines are drawn after (over) lighter ones.
	var drawn []float64
	for _, c := range root.Nodes {
		if cl := c.attr("class"); cl == "weight" || cl == "bias" {
			drawn = append(drawn, c.num(t, "stroke-width"))
		}
	}
	if !slices.IsSorted(drawn) {
		t.Errorf("line widths in drawing order %v, want lightest first", drawn)
	}

	// The same weights in a network too wide for numbers: 12 inputs.
	wide, _ := mlp.New([]int{12, 1})
	w := wide.Layers[0].W.RawData()
	clear(w)
	w[0], w[1] = -2, 4
	root = drawNetwork(t, wide, nil)
	for _, tt := range []struct {
		title          string
		colour         string
		width, opacity float64
	}{
		{"Layers[0].W.At(0, 0) = -2", "#ff7f0e", 0.2 + 1.3*0.5, 0.05 + 0.95*0.25},
		{"Layers[0].W.At(1, 0) = 4", "#1f77b4", 1.5, 1},
		{"Layers[0].W.At(5, 0) = 0", "#9e9e9e", 0.2, 0.05},
	} {
		checkStyle(t, linkByTitle(t, root, "weight", tt.title), tt.colour, tt.width, tt.opacity)
	}
	if got := len(root.find("weight-label")); got != 0 {
		t.Errorf("12-1 network: %d weight labels, want none", got)
	}
	// NumbersUpTo overrides the default of 10, both ways.
	if got := len(drawNetwork(t, wide, &mlp.DiagramOptions{NumbersUpTo: 12}).find("weight-label")); got != 13 {
		t.Errorf("NumbersUpTo 12: %d weight labels, want 13 (12 weights and the bias)", got)
	}
	if got := len(drawNetwork(t, n, &mlp.DiagramOptions{NumbersUpTo: -1}).find("weight-label")); got != 0 {
		t.Errorf("NumbersUpTo -1: %d weight labels, want 0", got)
	}
}

// TestDrawNetworkSample checks the sample's Z and A in the units against a
// hand computation, and that the network's caches are not touched.
func TestDrawNetworkSample(t *testing.T) {
	// One sigmoid unit: z = −2·1 + 4·0.5 + 1 = 1, a = σ(1) = 1/(1+e⁻¹).
	n, _ := mlp.New([]int{2, 1})
	copy(n.Layers[0].W.RawData(), []float64{-2, 4})
	n.Layers[0].B.Set(0, 0, 1)
	sample := []float64{1, 0.5}
	root := drawNetwork(t, n, &mlp.DiagramOptions{Sample: sample, InputNames: []string{"p", "q"}, OutputNames: []string{"out"}})
	if got, want := texts(root.find("unit-value")), []string{"1.00", "0.50", "0.73"}; !slices.Equal(got, want) {
		t.Errorf("unit values %q, want %q", got, want)
	}
	if got, want := texts(root.find("unit-z")), []string{"z 1.00"}; !slices.Equal(got, want) {
		t.Errorf("unit z %q, want %q", got, want)
	}
	if got, want := texts(root.find("unit-name")), []string{"p", "q", "out"}; !slices.Equal(got, want) {
		t.Errorf("unit names %q, want %q", got, want)
	}
	units := root.find("unit")
	if got, want := units[2].title(), "Layers[0] unit 0, sigmoid: Z = 1, A = 0.7310585786300049"; got != want {
		t.Errorf("output unit title %q, want %q", got, want)
	}
	if sample[0] != 1 || sample[1] != 0.5 {
		t.Errorf("sample changed to %v", sample)
	}
	if n.Layers[0].Z != nil || n.Layers[0].A != nil {
		t.Errorf("DrawNetwork set the Layer caches Z, A of a network never run Forward")
	}

	// After a Forward, the caches keep their values.
	x := mlp.NewMatrix(2, 2, []float64{0, 0, 3, 3})
	if _, err := n.Forward(x); err != nil {
		t.Fatal(err)
	}
	z, a := n.Layers[0].Z.Clone(), n.Layers[0].A.Clone()
	drawNetwork(t, n, &mlp.DiagramOptions{Sample: sample})
	if !slices.Equal(z.RawData(), n.Layers[0].Z.RawData()) || !slices.Equal(a.RawData(), n.Layers[0].A.RawData()) {
		t.Errorf("DrawNetwork changed the Layer caches: Z %v → %v, A %v → %v", z.RawData(), n.Layers[0].Z.RawData(), a.RawData(), n.Layers[0].A.RawData())
	}
	if _, err := n.Backward(mlp.NewMatrix(2, 1, []float64{0, 1})); err != nil {
		t.Errorf("Backward after DrawNetwork: %v", err)
	}
}

// TestDrawNetworkLayout checks that the numbers do not cover each other or a
// unit, and that everything lies inside the canvas.
func TestDrawNetworkLayout(t *testing.T) {
	withBias, _ := mlp.New([]int{2, 8, 1}, mlp.WithActivation(mlp.Tanh), mlp.WithSeed(2))
	for _, n := range []*mlp.Network{tutorialNet(t), withBias} {
		root := drawNetwork(t, n, &mlp.DiagramOptions{Sample: make([]float64, n.Sizes()[0])})
		width, height := root.num(t, "width"), root.num(t, "height")
		type rect struct{ x0, y0, x1, y1 float64 }
		var boxes []rect
		for _, b := range root.find("label-bg") {
			x, y := b.num(t, "x"), b.num(t, "y")
			boxes = append(boxes, rect{x, y, x + b.num(t, "width"), y + b.num(t, "height")})
		}
		for _, u := range root.find("unit") {
			x, y, r := u.num(t, "cx"), u.num(t, "cy"), u.num(t, "r")
			boxes = append(boxes, rect{x - r, y - r, x + r, y + r})
		}
		for i, a := range boxes {
			if a.x0 < 0 || a.y0 < 0 || a.x1 > width || a.y1 > height {
				t.Errorf("%v: box %v outside the %vx%v canvas", n.Sizes(), a, width, height)
			}
			for _, b := range boxes[i+1:] {
				if min(a.x1, b.x1) > max(a.x0, b.x0)+0.01 && min(a.y1, b.y1) > max(a.y0, b.y0)+0.01 {
					t.Errorf("%v: boxes %v and %v overlap", n.Sizes(), a, b)
				}
			}
		}
	}
}

// TestDrawNetworkErrors checks that bad input is an mlp: error and that
// nothing is written.
func TestDrawNetworkErrors(t *testing.T) {
	good := func() *mlp.Network { n, _ := mlp.New([]int{3, 2, 1}); return n }
	nanWeight := good()
	nanWeight.Layers[1].W.Set(1, 0, math.NaN())
	misfit := good()
	misfit.Layers[1].W = mlp.NewMatrix(3, 1, nil)
	tests := []struct {
		name string
		net  *mlp.Network
		opt  *mlp.DiagramOptions
		want string
	}{
		{"nil network", nil, nil, "network is nil"},
		{"no layers", &mlp.Network{}, nil, "no layers"},
		{"layers misfit", misfit, nil, "layer 1"},
		{"NaN weight", nanWeight, nil, "mlp: DrawNetwork: layer 1's W(1, 0) NaN, want finite weights"},
		{"short sample", good(), &mlp.DiagramOptions{Sample: []float64{1, 2}}, "sample has 2 values, network expects 3 inputs"},
		{"NaN sample", good(), &mlp.DiagramOptions{Sample: []float64{1, math.NaN(), 2}}, "Sample[1] is NaN"},
		{"input names", good(), &mlp.DiagramOptions{InputNames: []string{"a"}}, "1 input names, network has 3 inputs"},
		{"output names", good(), &mlp.DiagramOptions{OutputNames: []string{"a", "b"}}, "2 output names, network has 1 outputs"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := mlp.DrawNetwork(&buf, tt.net, tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want an mlp: error containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes on error", tt.name, buf.Len())
		}
	}
	// The writer's error is returned.
	if err := mlp.DrawNetwork(&failWriter{}, good(), nil); err == nil || err.Error() != "disk full" {
		t.Errorf("DrawNetwork to a failing writer: error = %v, want disk full", err)
	}
}

// TestDrawNetworkLegend: the legend names the colours, the bias line
// (dashed) when there are biases, and the widest |w|, in rows that start at
// the left margin and wrap on a narrow canvas.
func TestDrawNetworkLegend(t *testing.T) {
	net, err := mlp.New([]int{1, 1}, mlp.WithSeed(2))
	if err != nil {
		t.Fatal(err)
	}
	net.Layers[0].W.Set(0, 0, -1.234)
	net.Layers[0].B.Set(0, 0, 0.5)
	root := drawNetwork(t, net, nil)
	want := []string{"positive weight", "negative weight", "bias (weight of a constant 1)", "line width ∝ |w|, widest |w| = 1.23"}
	legend := root.find("legend")
	if got := texts(legend); !slices.Equal(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}
	keys := root.find("legend-key")
	if len(keys) != 3 {
		t.Fatalf("%d legend keys, want 3 (positive, negative, bias)", len(keys))
	}
	for i, c := range []string{mlp.PositiveColor, mlp.NegativeColor, "#555555"} {
		if got := keys[i].attr("stroke"); got != c {
			t.Errorf("legend key %d: stroke %s, want %s", i, got, c)
		}
	}
	if got := keys[2].attr("stroke-dasharray"); got != "6 4" {
		t.Errorf("bias legend key: stroke-dasharray %q, want \"6 4\" as the bias lines", got)
	}
	// Two columns make a narrow canvas: the four entries need several rows,
	// each starting 12 pixels from the left (with a line sample or a text),
	// its entries left to right.
	starts := map[float64]float64{} // baseline → the leftmost x of the row
	var ys []float64
	for _, e := range legend {
		y, x := e.num(t, "y"), e.num(t, "x")
		if len(ys) > 0 && y == ys[len(ys)-1] {
			if x <= starts[y] {
				t.Errorf("legend row at y=%v: %q at x=%v, left of the entry before it", y, e.Text, x)
			}
			continue
		}
		ys = append(ys, y)
		starts[y] = x
	}
	for _, k := range keys {
		y := k.num(t, "y1") + 4 // a sample is 4 pixels above its text's baseline
		starts[y] = min(starts[y], k.num(t, "x1"))
	}
	if len(ys) < 2 {
		t.Errorf("legend in %d row on a %s-pixel canvas, want it to wrap", len(ys), root.attr("width"))
	}
	for _, y := range ys {
		if starts[y] != 12 {
			t.Errorf("legend row at y=%v starts at x=%v, want 12", y, starts[y])
		}
	}
	noBias, err := mlp.New([]int{2, 2}, mlp.WithoutBias())
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(drawNetwork(t, noBias, nil).find("legend")); slices.Contains(got, want[2]) {
		t.Errorf("legend %q without biases, want no bias entry", got)
	}
}
