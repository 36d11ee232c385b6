package mlp_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// handXOR returns a 2-2-1 sigmoid network that computes XOR with hand-set
// weights: h0 = σ(20x + 20y − 10) is OR, h1 = σ(−20x − 20y + 30) is NAND,
// and the output σ(20h0 + 20h1 − 30) is their AND.
func handXOR(t *testing.T) *mlp.Network {
	t.Helper()
	n, err := mlp.New([]int{2, 2, 1})
	if err != nil {
		t.Fatal(err)
	}
	copy(n.Layers[0].W.RawData(), []float64{20, -20, 20, -20})
	copy(n.Layers[0].B.RawData(), []float64{-10, 30})
	copy(n.Layers[1].W.RawData(), []float64{20, 20})
	n.Layers[1].B.Set(0, 0, -30)
	return n
}

// handXOR3 is handXOR in the tutorial's layout: a third input, the constant
// 1, whose weights are the first layer's biases.
func handXOR3(t *testing.T) *mlp.Network {
	t.Helper()
	n := handXOR(t)
	n.Layers[0].W = mlp.NewMatrix(3, 2, []float64{20, -20, 20, -20, -10, 30})
	n.Layers[0].B = nil
	return n
}

// near reports whether two colours differ by at most 1 in each channel (the
// rounding of the documented formula).
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return max(x, y)-min(x, y) <= 1 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && a.A == b.A
}

// tinted is the documented pixel colour white·(1−s) + c·s, computed here
// independently of the package.
func tinted(c color.RGBA, s float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(math.Round(255*(1-s) + float64(v)*s)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 255}
}

var (
	blue   = color.RGBA{0x1f, 0x77, 0xb4, 255}
	orange = color.RGBA{0xff, 0x7f, 0x0e, 255}
	green  = color.RGBA{0x2c, 0xa0, 0x2c, 255}
)

// TestBoundaryColours checks pixels of a linear network, whose output at
// each pixel is known, against the documented colour formula.
func TestBoundaryColours(t *testing.T) {
	// a = x: t = x, so pixel column i (centre x = (i+0.5)/10) has
	// s = 0.6·|2x − 1|, orange left of x = 0.5 and blue right of it.
	n, _ := mlp.New([]int{2, 1}, mlp.WithActivation(mlp.Identity))
	copy(n.Layers[0].W.RawData(), []float64{1, 0})
	img, err := mlp.BoundaryImage(n, nil, nil, &mlp.BoundaryOptions{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Width: 10, Height: 4})
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 10 || b.Dy() != 4 {
		t.Fatalf("image is %v, want 10x4", b)
	}
	for i := range 10 {
		x := (float64(i) + 0.5) / 10
		c := blue
		if x < 0.5 {
			c = orange
		}
		want := tinted(c, 0.6*math.Abs(2*x-1))
		for j := range 4 {
			if got := img.RGBAAt(i, j); !near(got, want) {
				t.Errorf("pixel (%d, %d), output %v: colour %v, want %v", i, j, x, got, want)
			}
		}
	}
	// a = y on Low = −1, High = 1 (a tanh-like range) over y from −1 to 1:
	// the top row is the most blue, the bottom row the most orange, and
	// outputs beyond the range are clamped.
	copy(n.Layers[0].W.RawData(), []float64{0, 2})
	img, err = mlp.BoundaryImage(n, nil, nil, &mlp.BoundaryOptions{XMin: 0, XMax: 1, YMin: -1, YMax: 1, Width: 3, Height: 4, Low: -1, High: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Row centres y = 0.75, 0.25, −0.25, −0.75; output 2y; t = (2y+1)/2.
	for j, want := range []color.RGBA{tinted(blue, 0.6), tinted(blue, 0.6*0.5), tinted(orange, 0.6*0.5), tinted(orange, 0.6)} {
		if got := img.RGBAAt(1, j); !near(got, want) {
			t.Errorf("Low −1, High 1: row %d colour %v, want %v", j, got, want)
		}
	}

	// Three outputs (x, y, 0.6): the class of the largest, s = 0.6·margin.
	m, _ := mlp.New([]int{2, 3}, mlp.WithActivation(mlp.Identity))
	copy(m.Layers[0].W.RawData(), []float64{1, 0, 0, 0, 1, 0})
	m.Layers[0].B.Set(0, 2, 0.6)
	img, err = mlp.BoundaryImage(m, nil, nil, &mlp.BoundaryOptions{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Width: 2, Height: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Pixel centres 0.25 and 0.75.
	for _, tt := range []struct {
		i, j int
		want color.RGBA
	}{
		{0, 0, tinted(blue, 0.6*(0.75-0.6))},   // (0.25, 0.75): y wins, class 1
		{1, 1, tinted(orange, 0.6*(0.75-0.6))}, // (0.75, 0.25): x wins, class 0
		{0, 1, tinted(green, 0.6*(0.6-0.25))},  // (0.25, 0.25): the constant wins, class 2
		{1, 0, tinted(orange, 0)},              // (0.75, 0.75): x and y tie, a margin of 0 (white); the tie goes to the first
	} {
		if got := img.RGBAAt(tt.i, tt.j); !near(got, tt.want) {
			t.Errorf("three outputs: pixel (%d, %d) colour %v, want %v", tt.i, tt.j, got, tt.want)
		}
	}
}

// TestBoundaryXOR draws XOR's boundary with the points on top and checks
// the colour at points whose class is known, for the tutorial's layout with
// a constant third input, given as Constants or as an Input function.
func TestBoundaryXOR(t *testing.T) {
	x, y := xorData()
	n3 := handXOR3(t)
	var buf bytes.Buffer
	if err := mlp.PlotBoundary(&buf, n3, x, y, &mlp.BoundaryOptions{Constants: []float64{1}}); err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("PlotBoundary wrote no PNG: %v", err)
	}
	img, ok := decoded.(*image.RGBA)
	if !ok {
		img = image.NewRGBA(decoded.Bounds())
		for j := range decoded.Bounds().Dy() {
			for i := range decoded.Bounds().Dx() {
				img.Set(i, j, decoded.At(i, j))
			}
		}
	}
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 400 {
		t.Fatalf("image is %v, want the default 400x400", b)
	}
	// The rectangle is the points' box [0, 1]² widened by a fifth: −0.2 to
	// 1.2 on both axes, so 1/1.4 of the plane is 400 pixels.
	pix := func(px, py float64) (int, int) { return int((px + 0.2) / 1.4 * 400), int((1.2 - py) / 1.4 * 400) }
	for _, p := range []struct {
		x, y  float64
		class color.RGBA
	}{{1, 1, orange}, {1, 0, blue}, {0, 1, blue}, {0, 0, orange}} {
		i, j := pix(p.x, p.y)
		if got := img.RGBAAt(i, j); got != p.class {
			t.Errorf("point (%v, %v) drawn %v, want %v", p.x, p.y, got, p.class)
		}
		// 20 pixels away, beyond the disc and its white ring, the region
		// around the point is a pale version of its class colour.
		got := img.RGBAAt(i+20, j)
		if p.class == blue && !(got.B > got.R) || p.class == orange && !(got.R > got.B) {
			t.Errorf("region beside (%v, %v) is %v, want the hue of %v", p.x, p.y, got, p.class)
		}
	}
	// At the centre, (0.5, 0.5), both hidden units see ±10 and are on
	// (σ(10) each), so the output σ(20σ(10) + 20σ(10) − 30) is near 1: blue.
	i, j := pix(0.5, 0.5)
	want := tinted(blue, 0.6*math.Abs(2*sigmoid(20*sigmoid(10)+20*sigmoid(10)-30)-1))
	if got := img.RGBAAt(i, j); !near(got, want) {
		t.Errorf("centre (0.5, 0.5): colour %v, want %v", got, want)
	}

	// The same network with 2 inputs and a bias row gives the same picture,
	// and so does an Input function that builds {x, y, 1}.
	two, err := mlp.BoundaryImage(handXOR(t), x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	viaInput, err := mlp.BoundaryImage(n3, x, y, &mlp.BoundaryOptions{Input: func(px, py float64, row []float64) {
		row[0], row[1], row[2] = px, py, 1
	}})
	if err != nil {
		t.Fatal(err)
	}
	for j := range 400 {
		for i := range 400 {
			if !near(two.RGBAAt(i, j), img.RGBAAt(i, j)) || viaInput.RGBAAt(i, j) != img.RGBAAt(i, j) {
				t.Fatalf("pixel (%d, %d): 3 inputs %v, 2 inputs %v, Input function %v; want the same", i, j, img.RGBAAt(i, j), two.RGBAAt(i, j), viaInput.RGBAAt(i, j))
			}
		}
	}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// TestBoundaryKeepsNetwork checks that drawing does not touch the Layer
// caches, the input Backward reads, or the points.
func TestBoundaryKeepsNetwork(t *testing.T) {
	x, y := xorData()
	n := handXOR3(t)
	if _, err := n.Forward(x); err != nil {
		t.Fatal(err)
	}
	z, a := n.Layers[1].Z.Clone(), n.Layers[1].A.Clone()
	xs, ys := slices.Clone(x.RawData()), slices.Clone(y.RawData())
	if _, err := mlp.BoundaryImage(n, x, y, &mlp.BoundaryOptions{Constants: []float64{1}, Width: 50, Height: 50}); err != nil {
		t.Fatal(err)
	}
	if _, err := mlp.HeatMap(n, x, y, 10, 5, &mlp.BoundaryOptions{Constants: []float64{1}}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(z.RawData(), n.Layers[1].Z.RawData()) || !slices.Equal(a.RawData(), n.Layers[1].A.RawData()) {
		t.Errorf("drawing changed the output layer's Z or A")
	}
	if !slices.Equal(xs, x.RawData()) || !slices.Equal(ys, y.RawData()) {
		t.Errorf("drawing changed the points")
	}
	// Backward still goes back from the last Forward, on x.
	e, err := n.Backward(y)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i, v := range a.RawData() {
		want += 0.5 * (v - y.RawData()[i]) * (v - y.RawData()[i])
	}
	if math.Abs(e-want) > 1e-15 {
		t.Errorf("Backward after drawing: E = %v, want %v", e, want)
	}
}

// TestBoundaryErrors checks that bad input is an mlp: error, for the image,
// the PNG (which then writes nothing) and the terminal heat map alike.
func TestBoundaryErrors(t *testing.T) {
	_, y := xorData()
	x2 := mlp.NewMatrix(4, 2, []float64{1, 1, 1, 0, 0, 1, 0, 0})
	nanX := mlp.NewMatrix(1, 2, []float64{math.NaN(), 0})
	rect := mlp.BoundaryOptions{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	with := func(f func(o *mlp.BoundaryOptions)) *mlp.BoundaryOptions { o := rect; f(&o); return &o }
	nanNet := handXOR(t)
	nanNet.Layers[0].B.Set(0, 1, math.Inf(-1))
	tests := []struct {
		name string
		net  *mlp.Network
		x, y *mlp.Matrix
		opt  *mlp.BoundaryOptions
		want string
	}{
		{"nil network", nil, nil, nil, &rect, "network is nil"},
		{"three inputs", handXOR3(t), nil, nil, &rect, "network has 3 inputs, want 2 (the plane's x and y); set Constants or Input"},
		{"wrong constants", handXOR3(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.Constants = []float64{1, 1} }), "network has 3 inputs, want 4"},
		{"both layouts", handXOR3(t), nil, nil, with(func(o *mlp.BoundaryOptions) {
			o.Constants = []float64{1}
			o.Input = func(float64, float64, []float64) {}
		}), "both Input and Constants"},
		{"NaN constant", handXOR3(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.Constants = []float64{math.NaN()} }), "Constants[0] is NaN"},
		{"x without y", handXOR(t), x2, nil, &rect, "must both be given"},
		{"one column", handXOR(t), mlp.NewMatrix(4, 1, nil), y, &rect, "points x are 4x1, want at least 2 columns"},
		{"y rows", handXOR(t), x2, mlp.NewMatrix(3, 1, nil), &rect, "targets y are 3x1, want 4x1"},
		{"NaN point", handXOR(t), nanX, mlp.NewMatrix(1, 1, nil), &rect, "x[0] is NaN"},
		{"no rectangle, no points", handXOR(t), nil, nil, nil, "no rectangle"},
		{"empty rectangle", handXOR(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.XMax = 0 }), "want XMin < XMax"},
		{"NaN rectangle", handXOR(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.YMax = math.NaN() }), "is NaN"},
		{"Low above High", handXOR(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.Low, o.High = 1, 0 }), "want finite Low < High"},
		{"infinite bias", nanNet, nil, nil, &rect, "layer 0's B(0, 1) -Inf, want finite weights"},
	}
	for _, tt := range tests {
		_, err := mlp.BoundaryImage(tt.net, tt.x, tt.y, tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: BoundaryImage: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("BoundaryImage %s: error = %v, want an mlp: BoundaryImage: error containing %q", tt.name, err, tt.want)
		}
		var buf bytes.Buffer
		err = mlp.PlotBoundary(&buf, tt.net, tt.x, tt.y, tt.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: PlotBoundary: ") || buf.Len() != 0 {
			t.Errorf("PlotBoundary %s: error = %v after writing %d bytes, want an mlp: PlotBoundary: error and nothing written", tt.name, err, buf.Len())
		}
		if _, err := mlp.HeatMap(tt.net, tt.x, tt.y, 10, 5, tt.opt); err == nil || !strings.HasPrefix(err.Error(), "mlp: HeatMap: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("HeatMap %s: error = %v, want an mlp: HeatMap: error containing %q", tt.name, err, tt.want)
		}
	}
	for _, size := range [][2]int{{-1, 10}, {10, 5000}} {
		_, err := mlp.BoundaryImage(handXOR(t), nil, nil, with(func(o *mlp.BoundaryOptions) { o.Width, o.Height = size[0], size[1] }))
		if err == nil || !strings.Contains(err.Error(), "want 1 to 4096") {
			t.Errorf("size %v: error = %v, want one about the size", size, err)
		}
	}
	// A network whose output is +Inf − Inf = NaN wherever x > 0: two equal
	// ReLU units 10³⁰⁸·x, weighted +10³⁰⁸ and −10³⁰⁸.
	r, _ := mlp.New([]int{2, 2, 1}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Identity))
	copy(r.Layers[0].W.RawData(), []float64{1e308, 1e308, 0, 0})
	copy(r.Layers[1].W.RawData(), []float64{1e308, -1e308})
	if _, err := mlp.BoundaryImage(r, nil, nil, &rect); err == nil || !strings.Contains(err.Error(), "output 0 at (") || !strings.Contains(err.Error(), "is NaN") {
		t.Errorf("network with NaN output: error = %v, want one naming the point", err)
	}
}
