package mlp

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// DiagramOptions are the choices of DrawNetwork. The zero value, like a nil
// *DiagramOptions, draws the weights and biases with numbers on them when no
// layer is wider than 10 units, without a sample.
type DiagramOptions struct {
	// Sample, when not nil, is one input row with one value an input. With
	// numbers on, each input unit then shows its value and every other unit
	// its output A for that sample, with its weighted input Z above it, and
	// each unit's tooltip gives both in full precision.
	//
	// They are computed on a private forward pass that reads only W, B and
	// Activation: the network's Layer caches (Z, A, …) are not touched.
	Sample []float64

	// InputNames, when not nil, name the input units, one name a unit
	// (default "x0", "x1", …). OutputNames, when not nil, name the output
	// units (default: no names). Names are drawn beside the units when
	// numbers are on.
	InputNames, OutputNames []string

	// NumbersUpTo is the widest layer, in units, for which the picture
	// carries numbers and names: weights on the links, and the sample's
	// values in the units. 0 means 10; a negative value means never. A wider
	// network is drawn with smaller units and thinner, fainter lines.
	NumbersUpTo int
}

// The mapping from a weight w to its line in DrawNetwork, with M the largest
// |w| over every weight and bias of the network and m = |w|/M (m = 0 when
// M = 0): when the picture carries numbers,
//
//	stroke-width   = minWidth + (maxWidth − minWidth)·m
//	stroke-opacity = minOpacity + (1 − minOpacity)·m
//
// and when it does not, the same with the large constants and m² for the
// opacity.
const (
	diagramMinWidth        = 0.75
	diagramMaxWidth        = 6
	diagramMinOpacity      = 0.5
	diagramLargeMinWidth   = 0.2
	diagramLargeMaxWidth   = 1.5
	diagramLargeMinOpacity = 0.05
)

// DrawNetwork writes an SVG diagram of n to w.
//
// Units are circles, one column a layer from the inputs on the left to the
// outputs on the right. Every weight Layers[l].W.At(i, j) is a line from unit
// i of column l to unit j of column l+1, coloured by its sign: PositiveColor
// (#1f77b4, blue) for w > 0, NegativeColor (#ff7f0e, orange) for w < 0 and
// ZeroColor (#9e9e9e, grey) for w = 0. Its width and opacity grow with |w|:
// with M the largest |w| over every weight and bias of the network,
//
//	stroke-width   = 0.75 + 5.25·|w|/M  pixels, stroke-opacity = 0.5 + 0.5·|w|/M
//
// when the picture carries numbers, and, for wider networks,
//
//	stroke-width   = 0.2 + 1.3·|w|/M  pixels, stroke-opacity = 0.05 + 0.95·(|w|/M)²,
//
// the square fading the many weak lines so that the strong ones stand out.
//
// A layer's biases B are drawn as the weights of a constant input 1: a small
// square above the previous column, with a dashed line to each unit of the
// layer, coloured and sized by the same rule. Widths and opacities are
// written rounded to 0.001. Heavier lines are drawn over lighter ones.
//
// When no layer is wider than opt.NumbersUpTo units (default 10), each
// weight's value is written on its line in a darker shade of its colour, and
// the units carry their names and, with opt.Sample, the sample's values (see
// DiagramOptions). These numbers are rounded to two decimals below 100, to a
// whole number from 100 on, and to three significant digits, such as
// 1.8e+308, from 10⁶ on. Every line and unit
// has a <title>, which viewers show as a tooltip, with its value in full
// precision and its place in the network, such as
// "Layers[0].W.At(2, 3) = -1.25"; lines and units carry the classes
// "weight", "bias", "unit" and "bias-unit".
//
// DrawNetwork reads n and never changes it. It returns an error, and writes
// nothing, if w or n is nil, its layers do not fit together, a weight or bias is
// NaN or infinite, or a sample or list of names has the wrong length or a
// sample value is not finite. Otherwise it returns the error of w, if any.
func DrawNetwork(w io.Writer, n *Network, opt *DiagramOptions) error {
	const op = "DrawNetwork"
	if err := checkWriter(op, w); err != nil {
		return err
	}
	var o DiagramOptions
	if opt != nil {
		o = *opt
	}
	e, err := newEvaluator(op, n)
	if err != nil {
		return err
	}
	sizes := n.Sizes()
	inputs, outputs := sizes[0], sizes[len(sizes)-1]
	if o.InputNames != nil && len(o.InputNames) != inputs {
		return fmt.Errorf("mlp: %s: %d input names, network has %d inputs", op, len(o.InputNames), inputs)
	}
	if o.OutputNames != nil && len(o.OutputNames) != outputs {
		return fmt.Errorf("mlp: %s: %d output names, network has %d outputs", op, len(o.OutputNames), outputs)
	}
	var zs, as [][]float64 // the sample's Z and A, per layer
	if o.Sample != nil {
		if len(o.Sample) != inputs {
			return fmt.Errorf("mlp: %s: sample has %d values, network expects %d inputs", op, len(o.Sample), inputs)
		}
		if err := checkFinite(op, "Sample", o.Sample); err != nil {
			return err
		}
		e.forward(NewMatrix(1, inputs, slices.Clone(o.Sample)))
		for l := range n.Layers {
			zs = append(zs, e.z[l].Row(0))
			as = append(as, e.a[l].Row(0))
		}
	}
	limit := o.NumbersUpTo
	if limit == 0 {
		limit = 10
	}
	d := diagram{net: n, sizes: sizes, opt: o, zs: zs, as: as}
	d.numbers = limit > 0 && slices.Max(sizes) <= limit
	d.layout()
	return d.draw(w)
}

// diagram is one DrawNetwork picture being laid out and drawn.
type diagram struct {
	net     *Network
	sizes   []int
	opt     DiagramOptions
	zs, as  [][]float64
	numbers bool

	r, s          float64     // unit radius and spacing
	width, height float64     // canvas
	x             []float64   // column centres
	y             [][]float64 // unit centres, per column
	legendY       float64
	maxAbs        float64 // M, the largest |w| over all weights and biases
	anyBias       bool
	obstacles     []box // what labels must not cover
}

// A box is an axis-aligned rectangle: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1.
type box struct{ x0, y0, x1, y1 float64 }

// overlap returns the area that a and b share.
func (a box) overlap(b box) float64 {
	w := min(a.x1, b.x1) - max(a.x0, b.x0)
	h := min(a.y1, b.y1) - max(a.y0, b.y0)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// A link is one line of the diagram: a weight or a bias.
type link struct {
	x1, y1, x2, y2 float64
	v              float64
	bias           bool
	title          string
}

// layout places the columns and units.
func (d *diagram) layout() {
	maxUnits := slices.Max(d.sizes)
	var gap float64 // between columns
	if d.numbers {
		d.r, d.s, gap = 20, 72, 260
	} else {
		d.s = min(max(480/float64(maxUnits), 5), 40)
		d.r = min(max(0.36*d.s, 2), 14)
		gap = 280
	}
	for _, l := range d.net.Layers {
		if l.B != nil {
			d.anyBias = true
		}
		for _, m := range [...]*Matrix{l.W, l.B} {
			if m != nil {
				for _, v := range m.RawData() {
					d.maxAbs = max(d.maxAbs, math.Abs(v))
				}
			}
		}
	}
	// Room for the first and last columns' headers.
	left := max(40, d.headerWidth(0)/2+12)
	right := max(40, d.headerWidth(len(d.sizes)-1)/2+12)
	if d.numbers {
		for i := range d.sizes[0] {
			left = max(left, d.r+24+textWidth(d.inputName(i), 13))
		}
		for _, s := range d.opt.OutputNames {
			right = max(right, d.r+24+textWidth(s, 13))
		}
	}
	top := 56.0 // column headers
	if d.anyBias {
		top += d.s
	}
	if d.numbers && d.zs != nil {
		top += 14 // the z above the top unit
	}
	top += d.r
	cy := top + float64(maxUnits-1)*d.s/2
	for c, k := range d.sizes {
		d.x = append(d.x, left+float64(c)*gap)
		ys := make([]float64, k)
		for i := range ys {
			ys[i] = cy + (float64(i)-float64(k-1)/2)*d.s
		}
		d.y = append(d.y, ys)
	}
	d.width = d.x[len(d.x)-1] + right
	d.legendY = top + float64(maxUnits-1)*d.s + d.r + 30
	d.height = d.legendY + d.legendHeight() + 12
}

// biasPos returns the centre of the square of the constant 1 that feeds
// layer l's biases: one spacing above column l's first unit.
func (d *diagram) biasPos(l int) (x, y float64) { return d.x[l], d.y[l][0] - d.s }

func (d *diagram) inputName(i int) string {
	if d.opt.InputNames != nil {
		return d.opt.InputNames[i]
	}
	return "x" + strconv.Itoa(i)
}

// style returns the colour, width and opacity of the line of weight v.
func (d *diagram) style(v float64) (colour string, width, opacity float64) {
	switch {
	case v > 0:
		colour = PositiveColor
	case v < 0:
		colour = NegativeColor
	default:
		colour = ZeroColor
	}
	m := 0.0
	if d.maxAbs > 0 {
		m = math.Abs(v) / d.maxAbs
	}
	if d.numbers {
		return colour, diagramMinWidth + (diagramMaxWidth-diagramMinWidth)*m, diagramMinOpacity + (1-diagramMinOpacity)*m
	}
	return colour, diagramLargeMinWidth + (diagramLargeMaxWidth-diagramLargeMinWidth)*m, diagramLargeMinOpacity + (1-diagramLargeMinOpacity)*m*m
}

// links returns every weight and bias line, lightest first.
func (d *diagram) links() []link {
	var ls []link
	for l, layer := range d.net.Layers {
		in, out := layer.W.Dims()
		for i := range in {
			for j := range out {
				v := layer.W.At(i, j)
				ls = append(ls, link{d.x[l], d.y[l][i], d.x[l+1], d.y[l+1][j], v, false,
					fmt.Sprintf("Layers[%d].W.At(%d, %d) = %s", l, i, j, fullNum(v))})
			}
		}
		if layer.B != nil {
			bx, by := d.biasPos(l)
			for j := range out {
				v := layer.B.At(0, j)
				ls = append(ls, link{bx, by, d.x[l+1], d.y[l+1][j], v, true,
					fmt.Sprintf("Layers[%d].B.At(0, %d) = %s", l, j, fullNum(v))})
			}
		}
	}
	slices.SortStableFunc(ls, func(a, b link) int { return cmp.Compare(math.Abs(a.v), math.Abs(b.v)) })
	return ls
}

func (d *diagram) draw(w io.Writer) error {
	var doc svgDoc
	doc.start(d.width, d.height)
	d.headers(&doc)

	links := d.links()
	for _, k := range links {
		colour, width, opacity := d.style(k.v)
		dash := ""
		if k.bias {
			dash = ` stroke-dasharray="6 4"`
			if !d.numbers {
				dash = ` stroke-dasharray="3 2"`
			}
		}
		class := "weight"
		if k.bias {
			class = "bias"
		}
		doc.printf(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" stroke-opacity="%s"%s><title>%s</title></line>`+"\n",
			class, num(k.x1), num(k.y1), num(k.x2), num(k.y2), colour, fine(width), fine(opacity), dash, esc(k.title))
	}
	d.units(&doc)
	if d.numbers {
		d.weightLabels(&doc, links)
	}
	d.legend(&doc)
	return doc.writeTo(w)
}

// header returns column c's name and the line below it: its size and
// activation.
func (d *diagram) header(c int) (name, detail string) {
	last := len(d.sizes) - 1
	name = "input"
	switch {
	case c == last:
		name = "output"
	case c > 0 && last == 2:
		name = "hidden"
	case c > 0:
		name = "hidden " + strconv.Itoa(c)
	}
	units := "units"
	if d.sizes[c] == 1 {
		units = "unit"
	}
	detail = fmt.Sprintf("%d %s", d.sizes[c], units)
	if c > 0 {
		detail += ", " + d.net.Layers[c-1].Activation.String()
	}
	return name, detail
}

// headerWidth returns the width of column c's header.
func (d *diagram) headerWidth(c int) float64 {
	name, detail := d.header(c)
	return max(1.1*textWidth(name, 14), textWidth(detail, 12)) // bold is wider
}

// headers writes each column's name and size above it.
func (d *diagram) headers(doc *svgDoc) {
	for c := range d.sizes {
		name, detail := d.header(c)
		doc.text(d.x[c], 22, "header", ` text-anchor="middle" font-size="14" font-weight="bold" fill="#222"`, name)
		doc.text(d.x[c], 40, "header", ` text-anchor="middle" font-size="12" fill="#555"`, detail)
	}
}

// units writes the circles of the units and the squares of the biases'
// constant inputs, with their numbers when the picture carries numbers.
func (d *diagram) units(doc *svgDoc) {
	for l, layer := range d.net.Layers {
		if layer.B == nil {
			continue
		}
		bx, by := d.biasPos(l)
		h := d.r * 1.4
		doc.printf(`<rect class="bias-unit" x="%s" y="%s" width="%s" height="%s" rx="%s" fill="#f4f4f4" stroke="#555" stroke-width="%s"><title>the constant 1 that Layers[%d].B multiplies</title></rect>`+"\n",
			num(bx-h/2), num(by-h/2), num(h), num(h), num(h/5), num(min(1.5, d.r/4)), l)
		d.obstacles = append(d.obstacles, box{bx - h/2, by - h/2, bx + h/2, by + h/2})
		if d.numbers {
			doc.text(bx, by+4.5, "bias-value", ` text-anchor="middle" font-size="13" fill="#222"`, "1")
		}
	}
	last := len(d.sizes) - 1
	for c := range d.sizes {
		for i, y := range d.y[c] {
			x := d.x[c]
			var title string
			if c == 0 {
				title = fmt.Sprintf("input %d (%s)", i, d.inputName(i))
			} else {
				title = fmt.Sprintf("Layers[%d] unit %d, %v", c-1, i, d.net.Layers[c-1].Activation)
			}
			if d.zs != nil {
				if c == 0 {
					title += " = " + fullNum(d.opt.Sample[i])
				} else {
					title += fmt.Sprintf(": Z = %s, A = %s", fullNum(d.zs[c-1][i]), fullNum(d.as[c-1][i]))
				}
			}
			doc.printf(`<circle class="unit" cx="%s" cy="%s" r="%s" fill="#ffffff" stroke="#444" stroke-width="%s"><title>%s</title></circle>`+"\n",
				num(x), num(y), num(d.r), num(min(1.5, d.r/3)), esc(title))
			d.obstacles = append(d.obstacles, box{x - d.r, y - d.r, x + d.r, y + d.r})
			if !d.numbers {
				continue
			}
			if c == 0 {
				name := d.inputName(i)
				doc.text(x-d.r-8, y+4.5, "unit-name", ` text-anchor="end" font-size="13" fill="#222"`, name)
				d.obstacles = append(d.obstacles, box{x - d.r - 8 - textWidth(name, 13), y - 8, x - d.r, y + 8})
			}
			if c == last && d.opt.OutputNames != nil {
				name := d.opt.OutputNames[i]
				doc.text(x+d.r+8, y+4.5, "unit-name", ` text-anchor="start" font-size="13" fill="#222"`, name)
				d.obstacles = append(d.obstacles, box{x + d.r, y - 8, x + d.r + 8 + textWidth(name, 13), y + 8})
			}
			if d.zs == nil {
				continue
			}
			inner := ""
			if c == 0 {
				inner = shortNum(d.opt.Sample[i])
			} else {
				inner = shortNum(d.as[c-1][i])
				z := "z " + shortNum(d.zs[c-1][i])
				zw := textWidth(z, 11)
				doc.printf(`<rect class="label-bg" x="%s" y="%s" width="%s" height="14" fill="#ffffff" fill-opacity="0.85"/>`+"\n",
					num(x-zw/2-2), num(y-d.r-17), num(zw+4))
				doc.text(x, y-d.r-6, "unit-z", ` text-anchor="middle" font-size="11" fill="#555"`, z)
				d.obstacles = append(d.obstacles, box{x - zw/2 - 2, y - d.r - 17, x + zw/2 + 2, y - d.r})
			}
			doc.text(x, y+4, "unit-value", ` text-anchor="middle" font-size="11" font-weight="bold" fill="#222"`, inner)
		}
	}
}

// weightLabels writes each weight's number on its line, at the first spot
// along the line where it covers no unit and no other number; where every
// spot is taken, at the one that covers least.
func (d *diagram) weightLabels(doc *svgDoc, links []link) {
	// Label in the order of the network (layer, source, target), not of
	// drawing, so that the placement does not depend on the weights' sizes.
	ordered := slices.Clone(links)
	slices.SortStableFunc(ordered, func(a, b link) int {
		return cmp.Or(cmp.Compare(a.x1, b.x1), cmp.Compare(a.y2, b.y2), cmp.Compare(a.y1, b.y1))
	})
	const size, h = 11.0, 14.0
	// The places tried for a number, as fractions of the way along its
	// line, best first.
	// Near the target first: there the numbers of one unit's incoming
	// lines stack up beside it, in the order of their sources.
	spots := [...]float64{0.76, 0.7, 0.82, 0.64, 0.58, 0.5, 0.42, 0.34, 0.26, 0.2, 0.73, 0.79, 0.67, 0.61, 0.55, 0.46, 0.38, 0.3, 0.16}
	for _, k := range ordered {
		s := shortNum(k.v)
		w := textWidth(s, size) + 6
		best, bestCost := box{}, math.Inf(1)
		for _, t := range spots {
			cx, cy := k.x1+t*(k.x2-k.x1), k.y1+t*(k.y2-k.y1)
			b := box{cx - w/2, cy - h/2, cx + w/2, cy + h/2}
			cost := 0.0
			for _, o := range d.obstacles {
				cost += o.overlap(b)
			}
			if cost < bestCost {
				best, bestCost = b, cost
			}
			if cost == 0 {
				break
			}
		}
		d.obstacles = append(d.obstacles, best)
		fill := positiveText
		switch {
		case k.v < 0:
			fill = negativeText
		case k.v == 0:
			fill = "#555555"
		}
		doc.printf(`<rect class="label-bg" x="%s" y="%s" width="%s" height="%s" rx="3" fill="#ffffff" fill-opacity="0.85"/>`+"\n",
			num(best.x0), num(best.y0), num(w), num(h))
		doc.text((best.x0+best.x1)/2, best.y1-3.5, "weight-label", ` text-anchor="middle" font-size="11" fill="`+fill+`"`, s)
	}
}

// diagramLegend is the style of DrawNetwork's legend: rows from the left
// margin, 24-pixel line samples 3 pixels wide.
func diagramLegend() legendStyle {
	return legendStyle{key: 24, keyGap: 30, stroke: 3, gap: 22, rowStep: 20}
}

// legendEntries returns the legend's entries: the colours of the lines,
// the bias line when there are biases, and the scale of the widths.
func (d *diagram) legendEntries() []legendEntry {
	entries := []legendEntry{
		{PositiveColor, "", "positive weight"},
		{NegativeColor, "", "negative weight"},
	}
	if d.anyBias {
		entries = append(entries, legendEntry{"#555555", "6 4", "bias (weight of a constant 1)"})
	}
	entries = append(entries, legendEntry{"", "", "line width ∝ |w|, widest |w| = " + shortNum(d.maxAbs)})
	if d.numbers && d.zs != nil {
		entries = append(entries, legendEntry{"", "", "in each unit: its output a for the sample, z above"})
	}
	return entries
}

// legendRows splits the legend into rows that fit the canvas, the gap
// after a row's last entry included.
func (d *diagram) legendRows() [][]legendEntry {
	st := diagramLegend()
	return st.rows(d.legendEntries(), d.width-2*legendMargin-st.gap)
}

func (d *diagram) legendHeight() float64 {
	return float64(len(d.legendRows())) * diagramLegend().rowStep
}

// legend writes the key to the colours and widths below the units.
func (d *diagram) legend(doc *svgDoc) {
	diagramLegend().draw(doc, d.legendRows(), d.legendY, d.width)
}

// shortNum formats a number for the picture: two decimals, none from 100
// on, and three significant digits from 10⁶ on (1.8e+308), so that no label
// is longer than 9 characters but for a long run of digits before 10⁶.
func shortNum(v float64) string {
	if math.Abs(v) >= 1e6 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	if math.Abs(v) >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
