package mlp

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// A Series is one curve of PlotLoss: a value per epoch, such as the training
// loss of each epoch. Values[i] is plotted at x = i+1, so that the first
// epoch is epoch 1.
type Series struct {
	// Name is the series' name in the legend, such as "training loss". The
	// legend is drawn when there are two or more series or a series has a
	// name.
	Name string
	// Values are the series' values, one an epoch. They are read, never
	// changed.
	Values []float64
	// Right puts the series on a second y axis at the right of the plot,
	// with its own linear scale, for a quantity in other units than the
	// loss, such as accuracy. Such a series is drawn dashed.
	Right bool
}

// LossPlotOptions are the choices of PlotLoss. The zero value, like a nil
// *LossPlotOptions, is a 640×400 plot with a linear y axis, the x axis
// labelled "epoch" and the y axis "loss".
type LossPlotOptions struct {
	Title      string    // above the plot; none if empty
	XLabel     string    // default "epoch"
	YLabel     string    // the left y axis' label; default "loss"
	RightLabel string    // the right y axis' label; default the names of its series
	Scale      AxisScale // of the left y axis: LinearAxis (default) or LogAxis
	Width      int       // of the picture in pixels: 0 means 640, else 200 to 10000
	Height     int       // of the picture in pixels: 0 means 400, else 150 to 10000
}

// PlotLoss writes an SVG line plot of one or more series, such as the loss
// of each epoch of a training run and the loss on a test set, to w.
//
// The x axis runs from 0 to the length of the longest series; value i of a
// series is at x = i+1. The left y axis is linear, starting at 0 when no
// value is negative, or logarithmic with opt.Scale = LogAxis, spanning whole
// decades. Series with Right set share a second, linear y axis at the right.
// Both axes end on ticks; labelled ticks are at multiples of 1, 2 or 5 times
// a power of ten (on a log axis, the powers of ten, labelled like 10⁻³, or
// over at most two decades also 2 and 5 times them), with light grid lines
// at the left axis' and the x axis' ticks. A y axis has at most 8 labelled
// ticks and the x axis at most 11, fewer on a small picture, but a linear
// axis that spans 0 has at least 3. Labels on a linear axis are plain
// decimals, such as 0.25 or 1500, while the step between ticks is at least
// 10⁻⁹ and the ticks are below 10⁹ in size, and otherwise are written like
// 2.5×10⁻¹² or -10³⁰⁸.
//
// Any finite values give a picture with finite coordinates, even near
// ±math.MaxFloat64 or among the subnormal numbers: positions are computed so
// that no range's width overflows, and where a whole step or decade of an
// axis would lie beyond the float64 numbers the axis ends at the largest
// (or smallest positive) float64 instead, without a tick there.
//
// Series i is drawn in the i-th colour of matplotlib's "tab10" palette:
// PositiveColor (#1f77b4, blue), then NegativeColor (#ff7f0e, orange), then
// green #2ca02c, red #d62728 and so on. A series longer than twice the
// plot's width in pixels is thinned to the smallest and largest value of
// each pixel column, which keeps every spike visible. A series of one value
// is drawn as a dot.
//
// The elements carry classes for styling and testing: "x-tick", "y-tick" and
// "right-tick" on the tick marks, the same with "-label" on their labels,
// "minor-tick" on a log axis' unlabelled ticks, "series" on the curves,
// "legend" on the legend's names and "legend-key" on its line samples. Each
// curve's <title> gives its name, length, and first and last values.
//
// PlotLoss returns an error, and writes nothing, if w is nil, there is no
// series or no series on the left axis, a series is empty or holds NaN or
// ±Inf, a value on a log axis is not above 0, a size or the scale is out of
// range, or the title, legend and tick labels leave the plot no more than 12
// pixels wide or high. Otherwise it returns the error of w, if any.
func PlotLoss(w io.Writer, opt *LossPlotOptions, series ...Series) error {
	const op = "PlotLoss"
	if err := checkWriter(op, w); err != nil {
		return err
	}
	p, err := newLossPlot(op, opt, series)
	if err != nil {
		return err
	}
	if err := p.layout(op); err != nil {
		return err
	}
	return p.draw(w)
}

// lossPlot is one PlotLoss picture: checked by newLossPlot, placed by
// layout, written by draw.
type lossPlot struct {
	opt           LossPlotOptions // with the defaults filled in
	series        []Series
	width, height float64
	n             int // the length of the longest series

	leftMin, leftMax   float64 // over the left axis' values
	rightMin, rightMax float64 // over the right axis' values; +Inf and -Inf when none

	titleLines                               []string
	legend                                   [][]legendEntry // in rows
	legendY                                  float64         // the first row's baseline
	plotTop, plotBottom, plotLeft, plotRight float64         // the frame
	x, ly                                    axis
	ry                                       *axis // nil when no series is on the right
}

// rightDash is the stroke-dasharray of the series on the right axis, and of
// their legend entries.
const rightDash = "7 4"

// lossLegend is the style of PlotLoss's legend: centred rows, 26-pixel line
// samples 2.5 pixels wide.
func lossLegend() legendStyle {
	return legendStyle{key: 26, keyGap: 32, stroke: 2.5, gap: 24, rowStep: 22, centred: true}
}

// newLossPlot checks the options and the series, fills in the defaults and
// finds the range of each axis' values.
func newLossPlot(op string, opt *LossPlotOptions, series []Series) (*lossPlot, error) {
	p := &lossPlot{series: series}
	if opt != nil {
		p.opt = *opt
	}
	o := &p.opt
	if o.Scale != LinearAxis && o.Scale != LogAxis {
		return nil, fmt.Errorf("mlp: %s: scale is %v, want LinearAxis or LogAxis", op, o.Scale)
	}
	width, height, err := plotSize(op, o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	p.width, p.height = float64(width), float64(height)
	if len(series) == 0 {
		return nil, fmt.Errorf("mlp: %s: no series, want at least one", op)
	}
	p.leftMin, p.leftMax = math.Inf(1), math.Inf(-1)
	p.rightMin, p.rightMax = math.Inf(1), math.Inf(-1)
	var rightNames []string
	left := false
	for i, s := range series {
		name := fmt.Sprintf("series %d (%s)", i, quote(s.Name))
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("mlp: %s: %s is empty, want at least one value", op, name)
		}
		if err := checkFinite(op, name+" value", s.Values); err != nil {
			return nil, err
		}
		p.n = max(p.n, len(s.Values))
		for k, v := range s.Values {
			if s.Right {
				p.rightMin, p.rightMax = min(p.rightMin, v), max(p.rightMax, v)
				continue
			}
			if o.Scale == LogAxis && v <= 0 {
				return nil, fmt.Errorf("mlp: %s: %s value[%d] is %v, want > 0 on a log axis", op, name, k, v)
			}
			p.leftMin, p.leftMax = min(p.leftMin, v), max(p.leftMax, v)
		}
		if s.Right {
			if s.Name != "" {
				rightNames = append(rightNames, s.Name)
			}
		} else {
			left = true
		}
	}
	if !left {
		return nil, fmt.Errorf("mlp: %s: all %d series are on the right axis, want at least one on the left", op, len(series))
	}
	if o.XLabel == "" {
		o.XLabel = "epoch"
	}
	if o.YLabel == "" {
		o.YLabel = "loss"
	}
	if o.RightLabel == "" {
		o.RightLabel = strings.Join(rightNames, ", ")
	}
	return p, nil
}

// layout places the title, the legend, the frame and the axes. It returns
// an error if they leave the plot no more than 2·pad pixels wide or high,
// where its axes would run backwards.
func (p *lossPlot) layout(op string) error {
	// Vertical: title, legend, plot, tick labels, x label.
	p.titleLines = wrap(p.opt.Title, 1.1*15, p.width-24) // bold 15px
	top := 16.0 + 20*float64(len(p.titleLines))
	st := lossLegend()
	if len(p.series) > 1 || p.series[0].Name != "" {
		p.legend = st.rows(p.legendEntries(), p.width-2*legendMargin)
	}
	p.legendY = top + 12
	top += st.rowStep * float64(len(p.legend))
	p.plotTop, p.plotBottom = top+8, p.height-48
	yTicks := min(8, int((p.plotBottom-p.plotTop)/32)+1)
	if p.opt.Scale == LogAxis {
		p.ly = logAxis(p.leftMin, p.leftMax, yTicks)
	} else {
		p.ly = linearAxis(min(p.leftMin, 0), p.leftMax, yTicks, false)
	}
	// The axes stop short of the frame by pad pixels, so that no curve runs
	// along it.
	const pad = 6.0
	p.ly.p0, p.ly.p1 = p.plotBottom-pad, p.plotTop+pad
	if !math.IsInf(p.rightMin, 1) {
		a := linearAxis(min(p.rightMin, 0), p.rightMax, yTicks, false)
		a.p0, a.p1 = p.plotBottom-pad, p.plotTop+pad
		p.ry = &a
	}

	// Horizontal: y label, tick labels, plot, right tick labels and label.
	const size = 12.0
	p.plotLeft = 34 + p.ly.labelWidth(size) + 8
	p.plotRight = p.width - 24
	if p.ry != nil {
		p.plotRight = p.width - (34 + p.ry.labelWidth(size) + 8)
	}
	if w, h := p.plotRight-p.plotLeft, p.plotBottom-p.plotTop; w <= 2*pad || h <= 2*pad {
		return fmt.Errorf("mlp: %s: at %sx%s pixels the title, legend and tick labels leave the plot %sx%s pixels, want more than %sx%s (make Width or Height larger, or the texts shorter)",
			op, num(p.width), num(p.height), num(w), num(h), num(2*pad), num(2*pad))
	}
	xLabelW := textWidth(fmt.Sprint(p.n), size) + 36
	xTicks := min(11, int((p.plotRight-p.plotLeft)/xLabelW)+1)
	p.x = linearAxis(0, float64(p.n), xTicks, true)
	p.x.p0, p.x.p1 = p.plotLeft+pad, p.plotRight-pad
	return nil
}

// legendEntries returns one legend entry a series, in its colour, dashed
// for the right axis.
func (p *lossPlot) legendEntries() []legendEntry {
	entries := make([]legendEntry, len(p.series))
	for i, s := range p.series {
		e := legendEntry{colour: seriesColor(i), text: s.Name}
		if e.text == "" {
			e.text = fmt.Sprintf("series %d", i)
		}
		if s.Right {
			e.text += " (right axis)"
			e.dash = rightDash
		}
		entries[i] = e
	}
	return entries
}

// draw writes the picture to w.
func (p *lossPlot) draw(w io.Writer) error {
	var doc svgDoc
	doc.start(p.width, p.height)
	for i, line := range p.titleLines {
		doc.text(p.width/2, 24+20*float64(i), "title", ` text-anchor="middle" font-size="15" font-weight="bold" fill="#222"`, line)
	}
	p.drawAxes(&doc)
	p.drawCurves(&doc)
	// The legend, in centred rows above the plot where it cannot hide the
	// curves.
	lossLegend().draw(&doc, p.legend, p.legendY, p.width)
	return doc.writeTo(w)
}

// drawAxes writes the grid, the frame, the ticks and the axis labels.
func (p *lossPlot) drawAxes(doc *svgDoc) {
	for _, t := range p.ly.ticks {
		y := p.ly.pix(t.v)
		doc.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6" stroke-width="1"/>`+"\n", num(p.plotLeft), num(y), num(p.plotRight), num(y))
	}
	for _, t := range p.x.ticks {
		px := p.x.pix(t.v)
		doc.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6" stroke-width="1"/>`+"\n", num(px), num(p.plotTop), num(px), num(p.plotBottom))
	}
	doc.printf(`<rect class="frame" x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#888" stroke-width="1"/>`+"\n",
		num(p.plotLeft), num(p.plotTop), num(p.plotRight-p.plotLeft), num(p.plotBottom-p.plotTop))
	for _, t := range p.x.ticks {
		px := p.x.pix(t.v)
		doc.printf(`<line class="x-tick" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#444" stroke-width="1"/>`+"\n", num(px), num(p.plotBottom), num(px), num(p.plotBottom+5))
		doc.text(px, p.plotBottom+19, "x-tick-label", ` text-anchor="middle" font-size="12" fill="#333"`, t.label)
	}
	yTickMarks(doc, &p.ly, p.plotLeft, -1, "y-tick")
	if p.ry != nil {
		yTickMarks(doc, p.ry, p.plotRight, 1, "right-tick")
	}
	doc.text((p.plotLeft+p.plotRight)/2, p.plotBottom+39, "axis-label", ` text-anchor="middle" font-size="13" fill="#222"`, p.opt.XLabel)
	mid := (p.plotTop + p.plotBottom) / 2
	doc.text(0, 0, "axis-label", fmt.Sprintf(` transform="translate(18 %s) rotate(-90)" text-anchor="middle" font-size="13" fill="#222"`, num(mid)), p.opt.YLabel)
	if p.ry != nil && p.opt.RightLabel != "" {
		doc.text(0, 0, "axis-label", fmt.Sprintf(` transform="translate(%s %s) rotate(90)" text-anchor="middle" font-size="13" fill="#222"`, num(p.width-18), num(mid)), p.opt.RightLabel)
	}
}

// drawCurves writes the series, clipped to the plot.
func (p *lossPlot) drawCurves(doc *svgDoc) {
	doc.printf(`<clipPath id="plot-area"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n",
		num(p.plotLeft-2), num(p.plotTop-2), num(p.plotRight-p.plotLeft+4), num(p.plotBottom-p.plotTop+4))
	doc.printf(`<g clip-path="url(#plot-area)">` + "\n")
	for i, s := range p.series {
		ya := &p.ly
		dash := ""
		if s.Right {
			ya, dash = p.ry, ` stroke-dasharray="`+rightDash+`"`
		}
		colour := seriesColor(i)
		title := fmt.Sprintf("%s: %d values, first %s, last %s", s.Name, len(s.Values), fullNum(s.Values[0]), fullNum(s.Values[len(s.Values)-1]))
		if len(s.Values) == 1 {
			doc.printf(`<circle class="series" cx="%s" cy="%s" r="3.5" fill="%s"><title>%s</title></circle>`+"\n",
				num(p.x.pix(1)), num(ya.pix(s.Values[0])), colour, esc(title))
			continue
		}
		var pts strings.Builder
		for _, k := range thin(s.Values, int(p.plotRight-p.plotLeft)) {
			if pts.Len() > 0 {
				pts.WriteByte(' ')
			}
			pts.WriteString(num(p.x.pix(float64(k+1))) + "," + num(ya.pix(s.Values[k])))
		}
		doc.printf(`<polyline class="series" points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"%s><title>%s</title></polyline>`+"\n",
			pts.String(), colour, dash, esc(title))
	}
	doc.printf("</g>\n")
}

// wrap splits text at spaces into lines no wider than max at the given
// font size, where it can. Empty text has no lines.
func wrap(text string, size, max float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && textWidth(line+" "+word, size) > max {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// yTickMarks draws a y axis' ticks and labels on the side side (−1 left,
// +1 right) of the line x = at, with the given class.
func yTickMarks(doc *svgDoc, a *axis, at, side float64, class string) {
	anchor := "end"
	if side > 0 {
		anchor = "start"
	}
	for _, v := range a.minor {
		y := a.pix(v)
		doc.printf(`<line class="minor-tick" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#666" stroke-width="1"/>`+"\n", num(at), num(y), num(at+side*3), num(y))
	}
	for _, t := range a.ticks {
		y := a.pix(t.v)
		doc.printf(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#444" stroke-width="1"/>`+"\n", class, num(at), num(y), num(at+side*5), num(y))
		doc.text(at+side*8, y+4, class+"-label", ` text-anchor="`+anchor+`" font-size="12" fill="#333"`, t.label)
	}
}

// plotSize returns the picture's size from the options, 0 meaning 640×400.
func plotSize(op string, w, h int) (int, int, error) {
	if w == 0 {
		w = 640
	}
	if h == 0 {
		h = 400
	}
	if w < 200 || w > 10000 {
		return 0, 0, fmt.Errorf("mlp: %s: Width is %d, want 200 to 10000 (or 0 for 640)", op, w)
	}
	if h < 150 || h > 10000 {
		return 0, 0, fmt.Errorf("mlp: %s: Height is %d, want 150 to 10000 (or 0 for 400)", op, h)
	}
	return w, h, nil
}

// thin returns the indices of the values to draw: all of them when there
// are at most 2·columns, else, for each of columns equal runs of values, the
// index of the smallest and of the largest, in order.
func thin(values []float64, columns int) []int {
	n := len(values)
	columns = max(columns, 1)
	idx := make([]int, 0, min(n, 2*columns+2))
	if n <= 2*columns {
		for i := range n {
			idx = append(idx, i)
		}
		return idx
	}
	idx = append(idx, 0) // start where the series starts
	for c := range columns {
		a, b := c*n/columns, (c+1)*n/columns
		lo, hi := a, a
		for i := a; i < b; i++ {
			if values[i] < values[lo] {
				lo = i
			}
			if values[i] > values[hi] {
				hi = i
			}
		}
		if i := min(lo, hi); i != idx[len(idx)-1] {
			idx = append(idx, i)
		}
		if lo != hi {
			idx = append(idx, max(lo, hi))
		}
	}
	if idx[len(idx)-1] != n-1 {
		idx = append(idx, n-1) // end where the series ends
	}
	return idx
}
