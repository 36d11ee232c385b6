package mlp

import (
	"fmt"
	"image/color"
)

// The colours of the pictures. Blue means positive (a positive weight, an
// output near its high end, class 1) and orange means negative (a negative
// weight, an output near its low end, class 0) everywhere, as in TensorFlow
// Playground; the pair stays distinguishable for the common forms of colour
// blindness. They are matplotlib's "tab:blue" and "tab:orange".
const (
	// PositiveColor is the colour of positive weights in DrawNetwork, of
	// outputs above the threshold and of class 1 in BoundaryImage and
	// PlotBoundary, and of the first series in PlotLoss: #1f77b4 (blue).
	PositiveColor = "#1f77b4"
	// NegativeColor is the colour of negative weights in DrawNetwork, of
	// outputs below the threshold and of class 0 in BoundaryImage and
	// PlotBoundary, and of the second series in PlotLoss: #ff7f0e (orange).
	NegativeColor = "#ff7f0e"
	// ZeroColor is the colour of a weight that is exactly 0 in DrawNetwork:
	// #9e9e9e (grey).
	ZeroColor = "#9e9e9e"
)

// Darker shades of the two colours, for text on white (contrast ratio above
// 4.5:1, where the plain colours are too light to read as small text).
const (
	positiveText = "#16537e"
	negativeText = "#a6520a"
)

// tab10 returns colour i (0 to 9) of matplotlib's "tab10" palette: blue
// (PositiveColor), orange (NegativeColor), green, red, purple, brown, pink,
// grey, olive and cyan.
func tab10(i int) color.RGBA {
	c := [10]uint32{0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf}[i]
	return color.RGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 0xff}
}

// classColor returns the colour of class k (k ≥ 0) in the decision boundary
// pictures: k = 0 orange and k = 1 blue, so that a single sigmoid output's
// classes 0 and 1 match NegativeColor and PositiveColor, then the rest of
// "tab10" (see tab10), repeating after 10.
func classColor(k int) color.RGBA {
	switch k %= 10; k {
	case 0, 1:
		return tab10(1 - k)
	}
	return tab10(k)
}

// seriesColor returns the colour of series i in PlotLoss: "tab10" in its
// order (blue, orange, green, ...), repeating after 10.
func seriesColor(i int) string { return hexColor(tab10(i % 10)) }

// hexColor returns c as "#rrggbb", ignoring alpha.
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// tint returns white·(1−s) + c·s, rounded to the nearest integer per channel:
// s = 0 is white and s = 1 is c. s is clamped to [0, 1].
func tint(c color.RGBA, s float64) color.RGBA {
	s = min(max(s, 0), 1)
	mix := func(v uint8) uint8 { return uint8(255*(1-s) + float64(v)*s + 0.5) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}
