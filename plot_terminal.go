package mlp

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Sparkline returns values as one line of width characters or fewer, for a
// terminal: each character is one of the eight block elements ▁▂▃▄▅▆▇█, its
// height showing a value between the smallest (▁) and the largest (█).
//
// With no more values than width, each value gets one character. Otherwise
// the values are cut into width runs of equal length (to within one), value
// i falling in run ⌊i·width/len(values)⌋, and each character shows the mean
// of its run. With scale LinearAxis, a mean m becomes the block
// round(7·(m − lo)/(hi − lo)), counting from ▁ = 0, where lo and hi are the
// smallest and largest mean; with LogAxis the same is done with log10 of the
// means, which shows a loss falling over several decades. When all means are
// equal, every character is ▄. Any finite values give a line: the means and
// (m − lo)/(hi − lo) are computed so that they cannot overflow, even for
// values near ±math.MaxFloat64, such as {-1e308, 1e308}, which is ▁█.
//
// Sparkline returns an error if values is empty, a value is NaN or ±Inf, a
// value is not above 0 on a log scale, width is below 1, or the scale is
// unknown. It does not change values.
func Sparkline(values []float64, width int, scale AxisScale) (string, error) {
	const op = "Sparkline"
	switch {
	case len(values) == 0:
		return "", fmt.Errorf("mlp: %s: no values, want at least one", op)
	case width < 1:
		return "", fmt.Errorf("mlp: %s: width is %d, want at least 1", op, width)
	case scale != LinearAxis && scale != LogAxis:
		return "", fmt.Errorf("mlp: %s: scale is %v, want LinearAxis or LogAxis", op, scale)
	}
	if err := checkFinite(op, "values", values); err != nil {
		return "", err
	}
	n := len(values)
	cells := min(width, n)
	means := make([]float64, cells)
	for c := range cells {
		run := values[runStart(c, n, cells):runStart(c+1, n, cells)]
		if scale == LogAxis {
			for i, v := range run {
				if v <= 0 {
					return "", fmt.Errorf("mlp: %s: values[%d] is %v, want > 0 on a log scale", op, runStart(c, n, cells)+i, v)
				}
			}
		}
		means[c] = mean(run)
		if scale == LogAxis {
			means[c] = log10(means[c])
		}
	}
	lo, hi := slices.Min(means), slices.Max(means)
	const blocks = "▁▂▃▄▅▆▇█"
	r := []rune(blocks)
	var b strings.Builder
	for _, m := range means {
		k := 3 // ▄: all equal
		if hi > lo {
			k = min(max(int(math.Round(7*frac(m, lo, hi))), 0), 7)
		}
		b.WriteRune(r[k])
	}
	return b.String(), nil
}

// runStart returns the first index of run c when n values are cut into
// cells runs: the smallest i with ⌊i·cells/n⌋ = c, that is ⌈c·n/cells⌉
// (0 ≤ c ≤ cells ≤ n). The product c·n is formed in 128 bits, so that it
// cannot overflow however long the series.
func runStart(c, n, cells int) int {
	hi, lo := bits.Mul64(uint64(c), uint64(n))
	lo, carry := bits.Add64(lo, uint64(cells-1), 0)
	q, _ := bits.Div64(hi+carry, lo, uint64(cells)) // q ≤ n, so hi+carry < cells
	return int(q)
}

// HeatMap returns a character picture of the decision surface of n over the
// rectangle of opt, for a terminal: cols characters wide and rows lines
// high, in a frame of box-drawing characters (so rows+2 lines of cols+2
// characters, each line ending in a newline). The plane, the input layout,
// Low and High and the points x and y are as for BoundaryImage; Width and
// Height are not used. Each character shows the output at the centre of its
// cell, y upwards.
//
// For a network with one output, the character is one of the shades
// " ░▒▓█", number ⌊5t⌋ (4 when t = 1) with t = (output − Low)/(High − Low)
// clamped to [0, 1]: blank near Low, full block near High, and the decision
// boundary, t = 0.5, in the middle of ▒. A point is drawn as its class, "0"
// or "1", in the cell it falls in; points outside the rectangle are left out.
//
// For a network with several outputs, the character is the class of the
// largest output as a lower-case letter, "a" for class 0, "b" for class 1 and
// so on, and a point is drawn as the upper-case letter of its class.
//
// HeatMap returns an error if cols or rows is below 1 or above 1000, for
// more than 26 outputs, and for the same bad input as BoundaryImage. The
// network's Layer caches are not touched.
func HeatMap(n *Network, x, y *Matrix, cols, rows int, opt *BoundaryOptions) (string, error) {
	const op = "HeatMap"
	if cols < 1 || rows < 1 || cols > 1000 || rows > 1000 {
		return "", fmt.Errorf("mlp: %s: size is %dx%d characters, want 1 to 1000 each", op, cols, rows)
	}
	c, err := newBoundary(op, n, x, y, opt)
	if err != nil {
		return "", err
	}
	if c.outputs > 26 {
		return "", fmt.Errorf("mlp: %s: network has %d outputs, want at most 26 (one letter a class)", op, c.outputs)
	}
	const shades = " ░▒▓█"
	shade := []rune(shades)
	grid := make([][]rune, rows)
	for j := range grid {
		grid[j] = make([]rune, cols)
	}
	err = c.sweep(op, cols, rows, func(i, j int, out []float64) {
		if c.outputs == 1 {
			grid[j][i] = shade[min(max(int(5*c.level(out[0])), 0), 4)]
		} else {
			grid[j][i] = rune('a' + c.class(out))
		}
	})
	if err != nil {
		return "", err
	}
	if c.x != nil {
		for k := range c.x.rows {
			fx := frac(c.x.At(k, 0), c.XMin, c.XMax)
			fy := frac(c.x.At(k, 1), c.YMax, c.YMin)
			if fx < 0 || fx > 1 || fy < 0 || fy > 1 {
				continue // outside the rectangle
			}
			i, j := min(int(fx*float64(cols)), cols-1), min(int(fy*float64(rows)), rows-1)
			if c.outputs == 1 {
				grid[j][i] = rune('0' + c.classes[k])
			} else {
				grid[j][i] = rune('A' + c.classes[k])
			}
		}
	}
	var b strings.Builder
	b.WriteString("┌" + strings.Repeat("─", cols) + "┐\n")
	for _, line := range grid {
		b.WriteString("│" + string(line) + "│\n")
	}
	b.WriteString("└" + strings.Repeat("─", cols) + "┘\n")
	return b.String(), nil
}
