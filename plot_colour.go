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

// classColor returns the colour of class k (k ≥ 0) in the decision boundary
// pictures and of series k in loss plots: k = 0 orange and k = 1 blue, so that
// a single sigmoid output's classes 0 and 1 match NegativeColor and
// PositiveColor, then the rest of matplotlib's "tab10" palette, repeating
// after 10.
func classColor(k int) color.RGBA {
	switch k % 10 {
	case 0:
		return color.RGBA{0xff, 0x7f, 0x0e, 0xff} // orange, NegativeColor
	case 1:
		return color.RGBA{0x1f, 0x77, 0xb4, 0xff} // blue, PositiveColor
	case 2:
		return color.RGBA{0x2c, 0xa0, 0x2c, 0xff} // green
	case 3:
		return color.RGBA{0xd6, 0x27, 0x28, 0xff} // red
	case 4:
		return color.RGBA{0x94, 0x67, 0xbd, 0xff} // purple
	case 5:
		return color.RGBA{0x8c, 0x56, 0x4b, 0xff} // brown
	case 6:
		return color.RGBA{0xe3, 0x77, 0xc2, 0xff} // pink
	case 7:
		return color.RGBA{0x7f, 0x7f, 0x7f, 0xff} // grey
	case 8:
		return color.RGBA{0xbc, 0xbd, 0x22, 0xff} // olive
	default:
		return color.RGBA{0x17, 0xbe, 0xcf, 0xff} // cyan
	}
}

// seriesColor returns the colour of series i in PlotLoss: blue, orange, then
// the rest of "tab10".
func seriesColor(i int) string {
	switch i % 10 {
	case 0:
		return hexColor(classColor(1))
	case 1:
		return hexColor(classColor(0))
	default:
		return hexColor(classColor(i % 10))
	}
}

// hexColor returns c as "#rrggbb", ignoring alpha.
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// tint returns white·(1−s) + c·s, rounded to the nearest integer per channel:
// s = 0 is white and s = 1 is c. s is clamped to [0, 1].
func tint(c color.RGBA, s float64) color.RGBA {
	s = min(max(s, 0), 1)
	mix := func(v uint8) uint8 { return uint8(255*(1-s) + float64(v)*s + 0.5) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}
