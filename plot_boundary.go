package mlp

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
)

// BoundaryOptions are the choices of BoundaryImage, PlotBoundary and
// HeatMap: which rectangle of the plane to draw, how a point of the plane
// becomes the network's input, and which output values mean which class.
// The zero value, like a nil *BoundaryOptions, fits a network with exactly
// two inputs and a sigmoid output, and draws the points' bounding box.
type BoundaryOptions struct {
	// XMin, XMax, YMin and YMax bound the rectangle of the plane that is
	// drawn, x to the right and y upwards. When all four are 0, the
	// rectangle is the bounding box of the points x (see BoundaryImage)
	// widened by a fifth of its width and height on every side (where the
	// box has no width or height, by 1, or by a fifth of the coordinate
	// where 1 is lost to rounding), and kept within ±math.MaxFloat64. Any
	// finite rectangle with XMin < XMax and YMin < YMax may be drawn, even
	// one whose width overflows float64.
	XMin, XMax, YMin, YMax float64

	// Width and Height are the size of the image in pixels: 0 means 400,
	// else 1 to 4096. HeatMap does not use them.
	Width, Height int

	// Constants are the inputs after the first two, held fixed: the point
	// (x, y) of the plane becomes the input row {x, y, Constants...}, so
	// the network must have 2+len(Constants) inputs. The tutorial's XOR
	// network, whose third input is the constant 1 standing in for a bias,
	// needs Constants: []float64{1}.
	Constants []float64

	// Input, when not nil, builds the input row for the point (x, y)
	// instead, for any other layout (such as Playground's features x², y²,
	// x·y, sin x); Constants must then be nil. row has one element for each
	// of the network's inputs, all 0 on entry. Input must not keep row.
	Input func(x, y float64, row []float64)

	// Low and High are the output values of class 0 and class 1 of a
	// network with one output (when both are 0: 0 and 1, as for a sigmoid
	// output; use −1 and 1 for tanh). Their midpoint is the decision
	// threshold, and a target at or above it is class 1. A network with
	// several outputs (one a class) uses High − Low as the scale of the
	// margin between its two largest outputs.
	Low, High float64
}

// The colours of the decision boundary: an output value v of a network with
// one output, with t = (v − Low)/(High − Low) clamped to [0, 1], colours a
// pixel
//
//	white·(1 − s) + C·s   with s = boundaryStrength·|2t − 1|
//
// where C is PositiveColor for t ≥ 0.5 and NegativeColor below: white on
// the boundary, pale blue or orange where the network is sure. A network with
// several outputs colours a pixel the same way with C the colour of the
// class of its largest output and s = boundaryStrength·m, m the margin
// between its largest and second-largest output divided by High − Low and
// clamped to [0, 1].
const boundaryStrength = 0.6

// boundaryConfig is a checked BoundaryOptions for one network.
type boundaryConfig struct {
	BoundaryOptions
	e       *evaluator
	inputs  int
	outputs int
	x       *Matrix // the points, or nil
	classes []int   // of the points
	mid     float64 // the threshold (Low+High)/2
}

// newBoundary checks the network, the points and the options.
func newBoundary(op string, n *Network, x, y *Matrix, opt *BoundaryOptions) (*boundaryConfig, error) {
	c := &boundaryConfig{}
	if opt != nil {
		c.BoundaryOptions = *opt
	}
	e, err := newEvaluator(op, n)
	if err != nil {
		return nil, err
	}
	c.e = e
	sizes := n.Sizes()
	c.inputs, c.outputs = sizes[0], sizes[len(sizes)-1]
	switch {
	case c.Input != nil && c.Constants != nil:
		return nil, fmt.Errorf("mlp: %s: both Input and Constants are set, want one of them", op)
	case c.Input == nil && c.inputs != 2+len(c.Constants):
		if len(c.Constants) == 0 {
			return nil, fmt.Errorf("mlp: %s: network has %d inputs, want 2 (the plane's x and y); set Constants or Input to fill the others", op, c.inputs)
		}
		return nil, fmt.Errorf("mlp: %s: network has %d inputs, want %d (x, y and %d constants)", op, c.inputs, 2+len(c.Constants), len(c.Constants))
	}
	if err := checkFinite(op, "Constants", c.Constants); err != nil {
		return nil, err
	}
	if c.Low == 0 && c.High == 0 {
		c.High = 1
	}
	if !(c.Low < c.High) || math.IsInf(c.Low, 0) || math.IsInf(c.High, 0) {
		return nil, fmt.Errorf("mlp: %s: Low is %v and High %v, want finite Low < High", op, c.Low, c.High)
	}
	c.mid = (c.Low + c.High) / 2
	if math.IsInf(c.mid, 0) {
		c.mid = c.Low/2 + c.High/2 // Low + High overflows
	}
	if (x == nil) != (y == nil) {
		return nil, fmt.Errorf("mlp: %s: points x and classes y must both be given or both be nil", op)
	}
	if x != nil {
		xr, xc := x.Dims()
		yr, yc := y.Dims()
		switch {
		case xc < 2:
			return nil, fmt.Errorf("mlp: %s: points x are %dx%d, want at least 2 columns (x and y of the plane)", op, xr, xc)
		case yr != xr || yc != c.outputs:
			return nil, fmt.Errorf("mlp: %s: targets y are %dx%d, want %dx%d (one row a point of x, one column an output)", op, yr, yc, xr, c.outputs)
		}
		if err := checkFinite(op, "x", x.RawData()); err != nil {
			return nil, err
		}
		if err := checkFinite(op, "y", y.RawData()); err != nil {
			return nil, err
		}
		c.x = x
		for i := range yr {
			c.classes = append(c.classes, c.class(y.Row(i)))
		}
	}
	if err := c.rect(op); err != nil {
		return nil, err
	}
	return c, nil
}

// rect sets the rectangle to the points' box when it is unset, and checks it.
func (c *boundaryConfig) rect(op string) error {
	if c.XMin == 0 && c.XMax == 0 && c.YMin == 0 && c.YMax == 0 {
		if c.x == nil || c.x.rows == 0 {
			return fmt.Errorf("mlp: %s: no rectangle (XMin, XMax, YMin, YMax) and no points to take it from", op)
		}
		c.XMin, c.XMax = math.Inf(1), math.Inf(-1)
		c.YMin, c.YMax = math.Inf(1), math.Inf(-1)
		for i := range c.x.rows {
			px, py := c.x.At(i, 0), c.x.At(i, 1)
			c.XMin, c.XMax = min(c.XMin, px), max(c.XMax, px)
			c.YMin, c.YMax = min(c.YMin, py), max(c.YMax, py)
		}
		widen := func(lo, hi float64) (float64, float64) {
			d := (hi - lo) / 5
			if math.IsInf(d, 0) {
				d = hi/5 - lo/5 // hi − lo overflows
			}
			if d == 0 {
				d = 1
				if lo-d == lo {
					d = math.Abs(lo) / 5 // 1 is lost to rounding
				}
			}
			return max(lo-d, -math.MaxFloat64), min(hi+d, math.MaxFloat64)
		}
		c.XMin, c.XMax = widen(c.XMin, c.XMax)
		c.YMin, c.YMax = widen(c.YMin, c.YMax)
	}
	r := [...]float64{c.XMin, c.XMax, c.YMin, c.YMax}
	if err := checkFinite(op, "rectangle {XMin, XMax, YMin, YMax}", r[:]); err != nil {
		return err
	}
	if !(c.XMin < c.XMax) || !(c.YMin < c.YMax) {
		return fmt.Errorf("mlp: %s: rectangle is x %v to %v, y %v to %v, want XMin < XMax and YMin < YMax", op, c.XMin, c.XMax, c.YMin, c.YMax)
	}
	return nil
}

// class returns the class of a target or output row: for one output, 1 at
// or above the threshold (Low+High)/2 and 0 below; for several, the index of
// the largest (the first, on a tie).
func (c *boundaryConfig) class(row []float64) int { return classOf(row, c.mid) }

// sweep evaluates the network at the centres of a cols×rows grid over the
// rectangle, row 0 at the top, one row a batch, and calls cell with each
// cell's outputs (valid only during the call). It returns an error naming
// the first point where an output is NaN.
func (c *boundaryConfig) sweep(op string, cols, rows int, cell func(i, j int, out []float64)) error {
	x := NewMatrix(cols, c.inputs, nil)
	for j := range rows {
		py := lerp(c.YMax, c.YMin, (float64(j)+0.5)/float64(rows))
		for i := range cols {
			px := c.px(i, cols)
			row := x.Row(i)
			if c.Input != nil {
				clear(row)
				c.Input(px, py, row)
				continue
			}
			row[0], row[1] = px, py
			copy(row[2:], c.Constants)
		}
		out := c.e.forward(x)
		for i := range cols {
			o := out.Row(i)
			for k, v := range o {
				if math.IsNaN(v) {
					return fmt.Errorf("mlp: %s: the network's output %d at (%v, %v) is NaN", op, k, c.px(i, cols), py)
				}
			}
			cell(i, j, o)
		}
	}
	return nil
}

// px returns the x of the centre of column i of cols.
func (c *boundaryConfig) px(i, cols int) float64 {
	return lerp(c.XMin, c.XMax, (float64(i)+0.5)/float64(cols))
}

// colour returns the colour of one output row (see boundaryStrength).
func (c *boundaryConfig) colour(out []float64) color.RGBA {
	k := c.class(out)
	if len(out) == 1 {
		return tint(classColor(k), boundaryStrength*math.Abs(2*c.level(out[0])-1))
	}
	second := math.Inf(-1)
	for j, v := range out {
		if j != k {
			second = max(second, v)
		}
	}
	m := 0.0 // the margin; 0 when the two largest are equal, even infinite
	if out[k] > second {
		m = min(quotient(out[k], second, c.High, c.Low), 1)
	}
	return tint(classColor(k), boundaryStrength*m)
}

// level returns t = (v − Low)/(High − Low) clamped to [0, 1]: where the
// output v of a network with one output lies between the values of class 0
// and class 1.
func (c *boundaryConfig) level(v float64) float64 {
	return min(max(frac(v, c.Low, c.High), 0), 1)
}

// BoundaryImage returns a picture of the decision surface of n, a network
// whose inputs are a point (x, y) of the plane (see BoundaryOptions): a heat
// map of its output over the rectangle opt.XMin…XMax × opt.YMin…YMax, like
// TensorFlow Playground's, with the points drawn on top.
//
// The image is opt.Width×opt.Height pixels (default 400×400). Each pixel
// shows the output at its centre, x growing to the right and y upwards:
// white on the decision boundary, and towards a pale PositiveColor (blue)
// where the output is near High, a pale NegativeColor (orange) where it is
// near Low. In numbers, with t = (output − Low)/(High − Low) clamped to
// [0, 1], a pixel is white·(1 − s) + C·s with s = 0.6·|2t − 1| and C the
// blue #1f77b4 for t ≥ 0.5, the orange #ff7f0e below. A network with several
// outputs colours each pixel by the class of its largest output instead,
// classes 0 and 1 orange and blue, then matplotlib's "tab10" green #2ca02c,
// red #d62728, purple #9467bd and so on, with s = 0.6·m for the margin m
// between the two largest outputs over High − Low, clamped to [0, 1]. An
// output of +Inf or −Inf lies beyond High or Low (t = 1 or 0), and two equal
// largest outputs, even infinite, have the margin 0 (white).
//
// x and y, when not nil, are points to draw and their targets: point i is
// at (x.At(i, 0), x.At(i, 1)), the first two columns of x, and its class is
// that of row i of y (samples×outputs): for one output, 1 when the target is
// at least (Low+High)/2 and 0 otherwise; for several, the index of the
// largest. Each point is a disc of the full colour of its class, ringed in
// white, of radius max(3, min(Width, Height)/70) pixels.
//
// The network is evaluated on private matrices: its Layer caches (Z, A, …)
// are not touched, and x and y are only read.
//
// BoundaryImage returns an error if n is nil, its layers do not fit together
// or hold NaN or infinite weights, its inputs do not fit the plane (2, or
// 2+len(opt.Constants)), only one of x and y is given or their shapes do not
// fit, a value is not finite, the rectangle or size is invalid, or the
// network's output is NaN somewhere in the rectangle.
func BoundaryImage(n *Network, x, y *Matrix, opt *BoundaryOptions) (*image.RGBA, error) {
	const op = "BoundaryImage"
	return boundaryImage(op, n, x, y, opt)
}

func boundaryImage(op string, n *Network, x, y *Matrix, opt *BoundaryOptions) (*image.RGBA, error) {
	c, err := newBoundary(op, n, x, y, opt)
	if err != nil {
		return nil, err
	}
	w, h := c.Width, c.Height
	if w == 0 {
		w = 400
	}
	if h == 0 {
		h = 400
	}
	if w < 1 || w > 4096 || h < 1 || h > 4096 {
		return nil, fmt.Errorf("mlp: %s: size is %dx%d pixels, want 1 to 4096 each (or 0 for 400)", op, c.Width, c.Height)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	err = c.sweep(op, w, h, func(i, j int, out []float64) { img.SetRGBA(i, j, c.colour(out)) })
	if err != nil {
		return nil, err
	}
	if c.x != nil {
		r := max(3, float64(min(w, h))/70)
		for i := range c.x.rows {
			cx := frac(c.x.At(i, 0), c.XMin, c.XMax) * float64(w)
			cy := frac(c.x.At(i, 1), c.YMax, c.YMin) * float64(h)
			disc(img, cx, cy, r+1.5, color.RGBA{0xff, 0xff, 0xff, 0xff})
			disc(img, cx, cy, r, classColor(c.classes[i]))
		}
	}
	return img, nil
}

// PlotBoundary writes BoundaryImage(n, x, y, opt) to w as a PNG. It returns
// an error if w is nil, BoundaryImage's errors, writing nothing, or the error
// of w.
func PlotBoundary(w io.Writer, n *Network, x, y *Matrix, opt *BoundaryOptions) error {
	const op = "PlotBoundary"
	if err := checkWriter(op, w); err != nil {
		return err
	}
	img, err := boundaryImage(op, n, x, y, opt)
	if err != nil {
		return err
	}
	return png.Encode(w, img)
}

// disc paints a disc of colour c, centre (cx, cy) and radius r in pixels,
// over img, with its edge smoothed: each pixel near the edge is mixed in
// proportion to the part of its 4×4 sub-samples inside the disc.
func disc(img *image.RGBA, cx, cy, r float64, c color.RGBA) {
	b := img.Bounds()
	if !(cx+r >= float64(b.Min.X) && cx-r <= float64(b.Max.X) && cy+r >= float64(b.Min.Y) && cy-r <= float64(b.Max.Y)) {
		return // off the image, or too far for int pixel indices
	}
	x0, x1 := max(b.Min.X, int(math.Floor(cx-r))), min(b.Max.X-1, int(math.Ceil(cx+r)))
	y0, y1 := max(b.Min.Y, int(math.Floor(cy-r))), min(b.Max.Y-1, int(math.Ceil(cy+r)))
	for j := y0; j <= y1; j++ {
		for i := x0; i <= x1; i++ {
			in := 0
			for sj := range 4 {
				for si := range 4 {
					dx := float64(i) + (float64(si)+0.5)/4 - cx
					dy := float64(j) + (float64(sj)+0.5)/4 - cy
					if dx*dx+dy*dy <= r*r {
						in++
					}
				}
			}
			if in == 0 {
				continue
			}
			f := float64(in) / 16
			old := img.RGBAAt(i, j)
			mix := func(a, b uint8) uint8 { return uint8(float64(a)*(1-f) + float64(b)*f + 0.5) }
			img.SetRGBA(i, j, color.RGBA{mix(old.R, c.R), mix(old.G, c.G), mix(old.B, c.B), 0xff})
		}
	}
}
