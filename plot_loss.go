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
// at the left axis' and the x axis' ticks.
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
// PlotLoss returns an error, and writes nothing, if there is no series or no
// series on the left axis, a series is empty or holds NaN or ±Inf, a value on
// a log axis is not above 0, or a size or the scale is out of range.
// Otherwise it returns the error of w, if any.
func PlotLoss(w io.Writer, opt *LossPlotOptions, series ...Series) error {
	const op = "PlotLoss"
	var o LossPlotOptions
	if opt != nil {
		o = *opt
	}
	if o.Scale != LinearAxis && o.Scale != LogAxis {
		return fmt.Errorf("mlp: %s: scale is %v, want LinearAxis or LogAxis", op, o.Scale)
	}
	width, height, err := plotSize(op, o.Width, o.Height)
	if err != nil {
		return err
	}
	if len(series) == 0 {
		return fmt.Errorf("mlp: %s: no series, want at least one", op)
	}
	var n int // the longest series
	leftMin, leftMax := math.Inf(1), math.Inf(-1)
	rightMin, rightMax := math.Inf(1), math.Inf(-1)
	var rightNames []string
	left := false
	for i, s := range series {
		name := fmt.Sprintf("series %d (%q)", i, s.Name)
		if len(s.Values) == 0 {
			return fmt.Errorf("mlp: %s: %s is empty, want at least one value", op, name)
		}
		if err := checkFinite(op, name+" value", s.Values); err != nil {
			return err
		}
		n = max(n, len(s.Values))
		for k, v := range s.Values {
			if s.Right {
				rightMin, rightMax = min(rightMin, v), max(rightMax, v)
				continue
			}
			if o.Scale == LogAxis && v <= 0 {
				return fmt.Errorf("mlp: %s: %s value[%d] is %v, want > 0 on a log axis", op, name, k, v)
			}
			leftMin, leftMax = min(leftMin, v), max(leftMax, v)
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
		return fmt.Errorf("mlp: %s: all %d series are on the right axis, want at least one on the left", op, len(series))
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
	legend := len(series) > 1 || series[0].Name != ""

	// Vertical layout: title, legend, plot, tick labels, x label.
	titleLines := wrap(o.Title, 1.1*15, float64(width)-24) // bold 15px
	top := 16.0 + 20*float64(len(titleLines))
	var rows [][]legendEntry
	if legend {
		rows = legendRows(series, float64(width)-24)
	}
	legendY := top + 12
	top += 22 * float64(len(rows))
	plotTop, plotBottom := top+8, float64(height)-48
	yTicks := min(8, int((plotBottom-plotTop)/32)+1)
	var ly axis
	if o.Scale == LogAxis {
		ly = logAxis(leftMin, leftMax, yTicks)
	} else {
		ly = linearAxis(min(leftMin, 0), leftMax, yTicks, false)
	}
	// The axes stop short of the frame by pad pixels, so that no curve runs
	// along it.
	const pad = 6.0
	ly.p0, ly.p1 = plotBottom-pad, plotTop+pad
	var ry *axis
	if !math.IsInf(rightMin, 1) {
		a := linearAxis(min(rightMin, 0), rightMax, yTicks, false)
		a.p0, a.p1 = plotBottom-pad, plotTop+pad
		ry = &a
	}

	// Horizontal layout: y label, tick labels, plot, right tick labels and label.
	const size = 12.0
	plotLeft := 34 + ly.labelWidth(size) + 8
	plotRight := float64(width) - 24
	if ry != nil {
		plotRight = float64(width) - (34 + ry.labelWidth(size) + 8)
	}
	xLabelW := textWidth(fmt.Sprint(n), size) + 36
	xTicks := min(11, int((plotRight-plotLeft)/xLabelW)+1)
	x := linearAxis(0, float64(n), xTicks, true)
	x.p0, x.p1 = plotLeft+pad, plotRight-pad

	var doc svgDoc
	doc.start(float64(width), float64(height))
	for i, line := range titleLines {
		doc.text(float64(width)/2, 24+20*float64(i), "title", ` text-anchor="middle" font-size="15" font-weight="bold" fill="#222"`, line)
	}
	// Grid, frame and ticks.
	for _, t := range ly.ticks {
		y := ly.pix(t.v)
		doc.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6" stroke-width="1"/>`+"\n", num(plotLeft), num(y), num(plotRight), num(y))
	}
	for _, t := range x.ticks {
		px := x.pix(t.v)
		doc.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6" stroke-width="1"/>`+"\n", num(px), num(plotTop), num(px), num(plotBottom))
	}
	doc.printf(`<rect class="frame" x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#888" stroke-width="1"/>`+"\n",
		num(plotLeft), num(plotTop), num(plotRight-plotLeft), num(plotBottom-plotTop))
	for _, t := range x.ticks {
		px := x.pix(t.v)
		doc.printf(`<line class="x-tick" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#444" stroke-width="1"/>`+"\n", num(px), num(plotBottom), num(px), num(plotBottom+5))
		doc.text(px, plotBottom+19, "x-tick-label", ` text-anchor="middle" font-size="12" fill="#333"`, t.label)
	}
	yTickMarks(&doc, &ly, plotLeft, -1, "y-tick")
	if ry != nil {
		yTickMarks(&doc, ry, plotRight, 1, "right-tick")
	}
	// Axis labels.
	doc.text((plotLeft+plotRight)/2, plotBottom+39, "axis-label", ` text-anchor="middle" font-size="13" fill="#222"`, o.XLabel)
	mid := (plotTop + plotBottom) / 2
	doc.text(0, 0, "axis-label", fmt.Sprintf(` transform="translate(18 %s) rotate(-90)" text-anchor="middle" font-size="13" fill="#222"`, num(mid)), o.YLabel)
	if ry != nil && o.RightLabel != "" {
		doc.text(0, 0, "axis-label", fmt.Sprintf(` transform="translate(%s %s) rotate(90)" text-anchor="middle" font-size="13" fill="#222"`, num(float64(width)-18), num(mid)), o.RightLabel)
	}
	// Curves, clipped to the plot.
	doc.printf(`<clipPath id="plot-area"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n",
		num(plotLeft-2), num(plotTop-2), num(plotRight-plotLeft+4), num(plotBottom-plotTop+4))
	doc.printf(`<g clip-path="url(#plot-area)">` + "\n")
	for i, s := range series {
		ya := &ly
		dash := ""
		if s.Right {
			ya, dash = ry, ` stroke-dasharray="7 4"`
		}
		colour := seriesColor(i)
		title := fmt.Sprintf("%s: %d values, first %s, last %s", s.Name, len(s.Values), fullNum(s.Values[0]), fullNum(s.Values[len(s.Values)-1]))
		if len(s.Values) == 1 {
			doc.printf(`<circle class="series" cx="%s" cy="%s" r="3.5" fill="%s"><title>%s</title></circle>`+"\n",
				num(x.pix(1)), num(ya.pix(s.Values[0])), colour, esc(title))
			continue
		}
		var pts strings.Builder
		for _, k := range thin(s.Values, int(plotRight-plotLeft)) {
			if pts.Len() > 0 {
				pts.WriteByte(' ')
			}
			pts.WriteString(num(x.pix(float64(k+1))) + "," + num(ya.pix(s.Values[k])))
		}
		doc.printf(`<polyline class="series" points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"%s><title>%s</title></polyline>`+"\n",
			pts.String(), colour, dash, esc(title))
	}
	doc.printf("</g>\n")
	// Legend, in centred rows above the plot where it cannot hide the curves.
	for r, row := range rows {
		y := legendY + 22*float64(r)
		lx := (float64(width) - rowWidth(row)) / 2
		for _, e := range row {
			dash := ""
			if e.right {
				dash = ` stroke-dasharray="7 4"`
			}
			doc.printf(`<line class="legend-key" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`+"\n",
				num(lx), num(y-4), num(lx+26), num(y-4), e.colour, dash)
			doc.text(lx+32, y, "legend", ` font-size="12" fill="#333"`, e.name)
			lx += e.width()
		}
	}
	return doc.writeTo(w)
}

// A legendEntry is one series' entry in PlotLoss's legend.
type legendEntry struct {
	name, colour string
	right        bool
}

// width returns the entry's width with the space after it: a 26-pixel line
// sample, a gap, the name and a gap.
func (e legendEntry) width() float64 { return 32 + textWidth(e.name, 12) + 24 }

func rowWidth(row []legendEntry) float64 {
	w := 0.0
	for _, e := range row {
		w += e.width()
	}
	return w - 24
}

// legendRows returns the series' legend entries in rows no wider than max.
func legendRows(series []Series, max float64) [][]legendEntry {
	var rows [][]legendEntry
	var row []legendEntry
	for i, s := range series {
		e := legendEntry{name: s.Name, colour: seriesColor(i), right: s.Right}
		if e.name == "" {
			e.name = fmt.Sprintf("series %d", i)
		}
		if s.Right {
			e.name += " (right axis)"
		}
		if len(row) > 0 && rowWidth(row)+24+e.width()-24 > max {
			rows, row = append(rows, row), nil
		}
		row = append(row, e)
	}
	return append(rows, row)
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
