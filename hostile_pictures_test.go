package mlp_test

// The hostile suite of the pictures and metrics: finite extremes (the
// largest float64, the smallest subnormal, ranges whose width overflows),
// zero-column inputs, NaN classes and nil writers. Each row of a table is a
// bad or extreme input and either the exact error it must give or, for a
// finite input, a check that the output is a valid picture: SVG whose every
// numeric attribute is finite, a sparkline of the right runes, a PNG that
// decodes.

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/glassbox-go/mlp"
)

const (
	picturesMax  = math.MaxFloat64
	picturesTiny = math.SmallestNonzeroFloat64 // 5e-324
)

// picturesNumericAttrs are the SVG attributes that hold numbers.
var picturesNumericAttrs = map[string]bool{
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
	"cx": true, "cy": true, "r": true, "rx": true, "width": true, "height": true,
	"points": true, "d": true, "stroke-width": true, "stroke-opacity": true,
	"fill-opacity": true, "font-size": true, "transform": true, "viewBox": true,
	"stroke-dasharray": true,
}

// picturesNonNegative are the attributes that SVG forbids to be negative.
var picturesNonNegative = map[string]bool{
	"r": true, "rx": true, "width": true, "height": true, "stroke-width": true,
	"stroke-opacity": true, "fill-opacity": true, "font-size": true,
}

// picturesNumber matches one number in an attribute: points, a path, a
// transform, a viewBox, or a percentage.
var picturesNumber = regexp.MustCompile(`[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|NaN|[-+]?Inf`)

// picturesCheckSVG fails the test unless data is well-formed SVG whose every
// numeric attribute holds only finite numbers, none negative where SVG
// forbids it. It returns the parsed document.
func picturesCheckSVG(t *testing.T, data []byte) svgNode {
	t.Helper()
	root := parseSVG(t, data)
	var walk func(n svgNode)
	walk = func(n svgNode) {
		for _, a := range n.Attrs {
			if !picturesNumericAttrs[a.Name.Local] {
				continue
			}
			if strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
				t.Fatalf("<%s> %s=%q is not finite", n.XMLName.Local, a.Name.Local, a.Value)
			}
			nums := picturesNumber.FindAllString(a.Value, -1)
			if len(nums) == 0 {
				t.Fatalf("<%s> %s=%q holds no number", n.XMLName.Local, a.Name.Local, a.Value)
			}
			for _, s := range nums {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
					t.Fatalf("<%s> %s=%q: %q is not a finite number", n.XMLName.Local, a.Name.Local, a.Value, s)
				}
				if v < 0 && picturesNonNegative[a.Name.Local] {
					t.Fatalf("<%s> %s=%q is negative", n.XMLName.Local, a.Name.Local, a.Value)
				}
			}
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(root)
	return root
}

// picturesCheckSparkline fails the test unless s is want runes long, each
// one of the eight blocks.
func picturesCheckSparkline(t *testing.T, s string, want int) {
	t.Helper()
	if n := utf8.RuneCountInString(s); n != want {
		t.Fatalf("Sparkline gave %q, %d runes, want %d", s, n, want)
	}
	for _, r := range s {
		if !strings.ContainsRune("▁▂▃▄▅▆▇█", r) {
			t.Fatalf("Sparkline gave %q, with %q not a block", s, r)
		}
	}
}

// picturesCheckErr fails the test unless err is an error whose text is want
// (or, when want ends in "…", begins with it without the "…").
func picturesCheckErr(t *testing.T, call string, err error, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s = no error, want %q", call, want)
	case strings.HasSuffix(want, "…") && strings.HasPrefix(err.Error(), strings.TrimSuffix(want, "…")):
	case err.Error() != want:
		t.Errorf("%s error = %q, want %q", call, err, want)
	}
}

// TestHostileSparkline checks Sparkline on finite extremes, which must give
// the blocks the doc's formula gives, and its errors.
func TestHostileSparkline(t *testing.T) {
	tests := []struct {
		values []float64
		width  int
		scale  mlp.AxisScale
		want   string // the sparkline, or the error
	}{
		// The range's width overflows: ▁ for the least, █ for the largest.
		{[]float64{-1e308, 1e308}, 10, mlp.LinearAxis, "▁█"},
		{[]float64{-picturesMax, 0, picturesMax}, 10, mlp.LinearAxis, "▁▅█"},              // 7·0.5 = 3.5 rounds to 4
		{[]float64{-picturesMax, picturesMax / 2, picturesMax}, 3, mlp.LinearAxis, "▁▆█"}, // 7·0.75 = 5.25
		// A run's sum overflows: the means are Max and 1.
		{[]float64{picturesMax, picturesMax, 1}, 2, mlp.LinearAxis, "█▁"},
		{[]float64{picturesMax, picturesMax, 1}, 2, mlp.LogAxis, "█▁"},
		{[]float64{-picturesMax, -picturesMax, -1}, 2, mlp.LinearAxis, "▁█"},
		{[]float64{picturesMax, picturesMax, picturesMax}, 1, mlp.LinearAxis, "▄"},
		{[]float64{picturesMax, picturesMax, picturesMax, -picturesMax}, 2, mlp.LinearAxis, "█▁"},
		// Subnormal ranges.
		{[]float64{0, picturesTiny}, 10, mlp.LinearAxis, "▁█"},
		{[]float64{picturesTiny, 3 * picturesTiny, 2 * picturesTiny}, 10, mlp.LinearAxis, "▁█▅"}, // 7·0.5 = 3.5 rounds to 4
		{[]float64{picturesTiny, picturesMax}, 10, mlp.LogAxis, "▁█"},
		{[]float64{picturesTiny, picturesTiny, picturesTiny}, 2, mlp.LogAxis, "▄▄"},
		// Widths far beyond the values.
		{[]float64{1, 2}, math.MaxInt, mlp.LinearAxis, "▁█"},
		// Errors.
		{[]float64{1, math.Inf(1)}, 2, mlp.LinearAxis, "mlp: Sparkline: values[1] is +Inf, want a finite number"},
		{[]float64{picturesMax, -picturesMax}, 2, mlp.LogAxis, "mlp: Sparkline: values[1] is -1.7976931348623157e+308, want > 0 on a log scale"},
		{[]float64{1}, math.MinInt, mlp.LinearAxis, "mlp: Sparkline: width is -9223372036854775808, want at least 1"},
	}
	for _, tt := range tests {
		before := slices.Clone(tt.values)
		got, err := mlp.Sparkline(tt.values, tt.width, tt.scale)
		call := "Sparkline(" + picturesFloats(tt.values) + ", " + strconv.Itoa(tt.width) + ", " + tt.scale.String() + ")"
		if strings.HasPrefix(tt.want, "mlp:") {
			picturesCheckErr(t, call, err, tt.want)
		} else if err != nil || got != tt.want {
			t.Errorf("%s = %q, %v; want %q", call, got, err, tt.want)
		}
		if !picturesSameBits(tt.values, before) {
			t.Errorf("%s changed its values to %v", call, tt.values)
		}
	}
}

// picturesFloats formats values in full precision.
func picturesFloats(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "{" + strings.Join(s, ", ") + "}"
}

// picturesSameBits reports whether a and b hold the same float64s, bit for
// bit.
func picturesSameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

var _ = bytes.MinRead
