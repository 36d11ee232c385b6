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
	"image"
	"image/color"
	"image/png"
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
		// log10: −323.3, −320, −300; 7·3.3/23.3 = 0.99 rounds to 1.
		{[]float64{picturesTiny, 1e-320, 1e-300}, 3, mlp.LogAxis, "▁▂█"},
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

// TestHostilePlotLoss checks PlotLoss on finite extremes: each picture is
// valid SVG with finite coordinates, and its y axes carry the ticks the doc's
// rule gives, worked by hand (8 ticks at most on a 400-pixel plot); a plot
// squeezed out by its texts is an error.
func TestHostilePlotLoss(t *testing.T) {
	log := &mlp.LossPlotOptions{Scale: mlp.LogAxis}
	long := strings.Repeat("a long title ", 40)
	tests := []struct {
		name        string
		opt         *mlp.LossPlotOptions
		series      []mlp.Series
		want        string   // the error, or "" for a picture
		left, right []string // the y axes' labels, when not nil
	}{
		// [−10³⁰⁸, 10³⁰⁸]: steps of 2×10³⁰⁷ give 11 ticks, 5×10³⁰⁷ five.
		{"±1e308", nil, []mlp.Series{{Values: []float64{-1e308, 1e308}}}, "",
			[]string{"-10³⁰⁸", "-5×10³⁰⁷", "0", "5×10³⁰⁷", "10³⁰⁸"}, nil},
		// [0, Max]: steps of 5×10³⁰⁷; the tick at 2×10³⁰⁸ is beyond float64.
		{"1e300, Max, 0", nil, []mlp.Series{{Values: []float64{1e300, picturesMax, 0}}}, "",
			[]string{"0", "5×10³⁰⁷", "10³⁰⁸", "1.5×10³⁰⁸"}, nil},
		{"Max, Max, 1", nil, []mlp.Series{{Values: []float64{picturesMax, picturesMax, 1}}}, "",
			[]string{"0", "5×10³⁰⁷", "10³⁰⁸", "1.5×10³⁰⁸"}, nil},
		// [0, 5e-324]: the smallest step above 0 is 10⁻³²³ (9.9e-324).
		{"0, 5e-324", nil, []mlp.Series{{Values: []float64{0, picturesTiny}}}, "",
			[]string{"0", "10⁻³²³"}, nil},
		// One value −10³⁰⁸: the axis is widened by half of it to
		// [−1.5×10³⁰⁸, −5×10³⁰⁷], in steps of 2×10³⁰⁷.
		{"-1e308 alone", nil, []mlp.Series{{Values: []float64{-1e308}}}, "",
			[]string{"-1.6×10³⁰⁸", "-1.4×10³⁰⁸", "-1.2×10³⁰⁸", "-10³⁰⁸", "-8×10³⁰⁷", "-6×10³⁰⁷", "-4×10³⁰⁷"}, nil},
		// One value −Max: widened to [−Max, −Max/2], in steps of 2×10³⁰⁷.
		{"-Max alone", nil, []mlp.Series{{Values: []float64{-picturesMax}}}, "",
			[]string{"-1.6×10³⁰⁸", "-1.4×10³⁰⁸", "-1.2×10³⁰⁸", "-10³⁰⁸", "-8×10³⁰⁷"}, nil},
		// Two values one ulp apart, far from 0: whole steps there are not
		// float64 numbers, so the range counts as one value, −10³⁰⁰, and is
		// widened by half of it to [−1.5×10³⁰⁰, −5×10²⁹⁹], in steps of 2×10²⁹⁹.
		{"one ulp at -1e300", nil, []mlp.Series{{Values: []float64{-1e300, math.Nextafter(-1e300, 0)}}}, "",
			[]string{"-1.6×10³⁰⁰", "-1.4×10³⁰⁰", "-1.2×10³⁰⁰", "-10³⁰⁰", "-8×10²⁹⁹", "-6×10²⁹⁹", "-4×10²⁹⁹"}, nil},
		{"one ulp at -1", nil, []mlp.Series{{Values: []float64{-1, math.Nextafter(-1, 0)}}}, "",
			[]string{"-1.6", "-1.4", "-1.2", "-1.0", "-0.8", "-0.6", "-0.4"}, nil},
		// Log axis over 0…308.25 decades: every 45th power of ten labelled
		// (⌈309/7⌉ = 45), the axis ending at Max.
		{"log Max, Max, 1", log, []mlp.Series{{Values: []float64{picturesMax, picturesMax, 1}}}, "",
			[]string{"10⁰", "10⁴⁵", "10⁹⁰", "10¹³⁵", "10¹⁸⁰", "10²²⁵", "10²⁷⁰"}, nil},
		// Log axis over 10⁻³²⁴…10³⁰⁹: every 91st (⌈633/7⌉); 10⁻³²⁴ is 0 in
		// float64, so the first label is 10⁻²³³.
		{"log 5e-324, Max", log, []mlp.Series{{Values: []float64{picturesTiny, picturesMax}}}, "",
			[]string{"10⁻²³³", "10⁻¹⁴²", "10⁻⁵¹", "10⁴⁰", "10¹³¹", "10²²²"}, nil},
		{"log 1e308, 1.5e308", log, []mlp.Series{{Values: []float64{1e308, 1.5e308}}}, "", []string{"10³⁰⁸"}, nil},
		{"log 5e-324", log, []mlp.Series{{Values: []float64{picturesTiny}}}, "", []string{"5×10⁻³²⁴", "10⁻³²³"}, nil},
		// The right axis over [−Max, Max]: steps of 5×10³⁰⁷ give 9 ticks,
		// 10³⁰⁸ five, of which ±2×10³⁰⁸ are beyond float64.
		{"right ±Max", nil, []mlp.Series{{Values: []float64{1}}, {Values: []float64{-picturesMax, picturesMax}, Right: true}}, "",
			nil, []string{"-10³⁰⁸", "0", "10³⁰⁸"}},
		// A plot 58 pixels high has room for 2 ticks; a range across 0
		// needs 3 (−5, 0, 5), not a step of 10⁹.
		{"2 ticks across 0", &mlp.LossPlotOptions{Height: 150, Title: "t"}, []mlp.Series{{Values: []float64{-0.8, 2.7}}}, "",
			[]string{"-5", "0", "5"}, nil},
		// Plain labels while the step is at least 10⁻⁹ and the ticks below
		// 10⁹: [0, 4e-9] has steps of 10⁻⁹ (5×10⁻¹⁰ gives 9 ticks), [0, 3e-9]
		// of 5×10⁻¹⁰; [0, 8e8] ends at 8×10⁸, [0, 9e8] at 10⁹.
		{"step 1e-9", nil, []mlp.Series{{Values: []float64{0, 4e-9}}}, "",
			[]string{"0.000000000", "0.000000001", "0.000000002", "0.000000003", "0.000000004"}, nil},
		{"step 5e-10", nil, []mlp.Series{{Values: []float64{0, 3e-9}}}, "",
			[]string{"0", "5×10⁻¹⁰", "10⁻⁹", "1.5×10⁻⁹", "2×10⁻⁹", "2.5×10⁻⁹", "3×10⁻⁹"}, nil},
		{"top 8e8", nil, []mlp.Series{{Values: []float64{0, 8e8}}}, "",
			[]string{"0", "200000000", "400000000", "600000000", "800000000"}, nil},
		{"top 1e9", nil, []mlp.Series{{Values: []float64{0, 9e8}}}, "",
			[]string{"0", "2×10⁸", "4×10⁸", "6×10⁸", "8×10⁸", "10⁹"}, nil},
		// A long name is quoted to its first 32 bytes and its length.
		{"long name", nil, []mlp.Series{{Name: strings.Repeat("n", 1<<20), Values: []float64{math.NaN()}}},
			`mlp: PlotLoss: series 0 ("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"… (1048576 bytes)) value[0] is NaN, want a finite number`, nil, nil},
		{"long name, a rune across byte 32", nil, []mlp.Series{{Name: strings.Repeat("n", 31) + "é" + strings.Repeat("n", 100), Values: []float64{math.NaN()}}},
			`mlp: PlotLoss: series 0 ("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"… (133 bytes)) value[0] is NaN, want a finite number`, nil, nil},
		// Texts that leave no room for the plot.
		{"long title", &mlp.LossPlotOptions{Width: 200, Height: 150, Title: long}, []mlp.Series{{Values: []float64{1, 2}}},
			"mlp: PlotLoss: at 200x150 pixels the title, legend and tick labels leave the plot …", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := make([][]float64, len(tt.series))
			for i, s := range tt.series {
				before[i] = slices.Clone(s.Values)
			}
			var buf bytes.Buffer
			err := mlp.PlotLoss(&buf, tt.opt, tt.series...)
			for i, s := range tt.series {
				if !picturesSameBits(s.Values, before[i]) {
					t.Errorf("PlotLoss changed series %d to %v", i, s.Values)
				}
			}
			if tt.want != "" {
				picturesCheckErr(t, "PlotLoss", err, tt.want)
				if buf.Len() != 0 {
					t.Errorf("PlotLoss wrote %d bytes with its error", buf.Len())
				}
				return
			}
			if err != nil {
				t.Fatalf("PlotLoss error = %v, want a picture", err)
			}
			root := picturesCheckSVG(t, buf.Bytes())
			for _, axis := range []struct {
				class string
				want  []string
			}{{"y-tick-label", tt.left}, {"right-tick-label", tt.right}} {
				if got := texts(root.find(axis.class)); axis.want != nil && !slices.Equal(got, axis.want) {
					t.Errorf("%s = %q, want %q", axis.class, got, axis.want)
				}
			}
		})
	}
}

// picturesNoPanic calls f and returns its error, or fails the test if f
// panics.
func picturesNoPanic(t *testing.T, call string, f func() error) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", call, r)
		}
	}()
	return f()
}

// TestHostileNilWriter checks that every function writing a picture returns
// an error for a nil writer, before anything else.
func TestHostileNilWriter(t *testing.T) {
	net := mustNew(t, []int{2, 3, 1})
	series := mlp.Series{Values: []float64{1, 0.5}}
	tests := []struct {
		call string
		f    func() error
		want string
	}{
		{"DrawNetwork(nil, net, nil)", func() error { return mlp.DrawNetwork(nil, net, nil) }, "mlp: DrawNetwork: the writer is nil"},
		{"DrawNetwork(nil, nil, nil)", func() error { return mlp.DrawNetwork(nil, nil, nil) }, "mlp: DrawNetwork: the writer is nil"},
		{"PlotLoss(nil, nil, series)", func() error { return mlp.PlotLoss(nil, nil, series) }, "mlp: PlotLoss: the writer is nil"},
		{"PlotLoss(nil, nil)", func() error { return mlp.PlotLoss(nil, nil) }, "mlp: PlotLoss: the writer is nil"},
		{"PlotBoundary(nil, net, nil, nil, rect)", func() error {
			return mlp.PlotBoundary(nil, net, nil, nil, &mlp.BoundaryOptions{XMax: 1, YMax: 1})
		}, "mlp: PlotBoundary: the writer is nil"},
		{"PlotBoundary(nil, nil, nil, nil, nil)", func() error { return mlp.PlotBoundary(nil, nil, nil, nil, nil) }, "mlp: PlotBoundary: the writer is nil"},
	}
	for _, tt := range tests {
		picturesCheckErr(t, tt.call, picturesNoPanic(t, tt.call, tt.f), tt.want)
	}
}

// TestHostileMetrics checks Classify, Accuracy and NewConfusion on zero
// rows, zero columns and NaN: no class is made up, and the arguments are
// unchanged.
func TestHostileMetrics(t *testing.T) {
	nan := math.NaN()
	m := func(r, c int, vs ...float64) *mlp.Matrix { return mlp.NewMatrix(r, c, vs) }
	classify := []struct {
		a    *mlp.Matrix
		want []int
	}{
		{m(3, 0), []int{-1, -1, -1}},
		{m(0, 3), []int{}},
		{m(0, 0), []int{}},
		{m(3, 2, 0.2, nan, nan, nan, 1, 0), []int{-1, -1, 0}},
		{m(4, 1, nan, 0.7, math.Inf(1), math.Inf(-1)), []int{-1, 1, 1, 0}},
		{m(2, 3, math.Inf(-1), math.Inf(1), math.Inf(1), 1, 2, nan), []int{1, -1}},
	}
	for _, tt := range classify {
		before := slices.Clone(tt.a.RawData())
		got := mlp.Classify(tt.a)
		if got == nil || !slices.Equal(got, tt.want) {
			t.Errorf("Classify(%v) = %#v, want %#v", tt.a, got, tt.want)
		}
		if !picturesSameBits(tt.a.RawData(), before) {
			t.Errorf("Classify changed its argument to %v", tt.a)
		}
	}

	yes := m(3, 2, 1, 0, 0, 1, 1, 0)
	metrics := []struct {
		a, y *mlp.Matrix
		want string // after "mlp: Accuracy: " and "mlp: NewConfusion: "
	}{
		{m(3, 0), m(3, 0), "outputs and targets have 0 columns, want at least 1"},
		{m(0, 0), m(0, 0), "no samples"},
		{m(0, 2), m(0, 2), "no samples"},
		{m(3, 2, 1, 0, 0, 1, nan, 0), yes, "outputs.At(2, 0) is NaN, want a number (NaN has no class)"},
		{m(3, 2, 1, 0, 0, nan, 1, 0), yes, "outputs.At(1, 1) is NaN, want a number (NaN has no class)"},
		{yes, m(3, 2, 1, 0, 0, 1, 1, nan), "targets.At(2, 1) is NaN, want a number (NaN has no class)"},
		{m(2, 1, 0.5, nan), m(2, 1, 1, 0), "outputs.At(1, 0) is NaN, want a number (NaN has no class)"},
		// The first row with a NaN, and in it the outputs before the targets.
		{m(3, 2, 1, 0, 0, 1, nan, 0), m(3, 2, 1, 0, 0, nan, 1, 0), "targets.At(1, 1) is NaN, want a number (NaN has no class)"},
		{m(3, 2, 1, 0, 0, nan, 1, 0), m(3, 2, 1, 0, nan, 1, 1, 0), "outputs.At(1, 1) is NaN, want a number (NaN has no class)"},
	}
	for _, tt := range metrics {
		a0, y0 := slices.Clone(tt.a.RawData()), slices.Clone(tt.y.RawData())
		acc, err := mlp.Accuracy(tt.a, tt.y)
		picturesCheckErr(t, "Accuracy", err, "mlp: Accuracy: "+tt.want)
		if acc != 0 {
			t.Errorf("Accuracy gave %v with its error, want 0", acc)
		}
		c, err := mlp.NewConfusion(tt.a, tt.y, nil)
		picturesCheckErr(t, "NewConfusion", err, "mlp: NewConfusion: "+tt.want)
		if c != nil {
			t.Errorf("NewConfusion gave %v with its error, want nil", c)
		}
		if !picturesSameBits(tt.a.RawData(), a0) || !picturesSameBits(tt.y.RawData(), y0) {
			t.Errorf("Accuracy or NewConfusion changed its arguments to %v, %v", tt.a, tt.y)
		}
	}

	// A Confusion whose fields disagree, as a caller may set them: String
	// shows what there is, without a panic.
	for _, c := range []*mlp.Confusion{
		{Classes: []string{"a"}, Counts: [][]int{{1, 2}, {3, 4}}},
		{Classes: []string{"a", "b", "c"}, Counts: [][]int{{1}}},
		{Counts: [][]int{{1, 2}, {3}}},
		{},
	} {
		var s string
		picturesNoPanic(t, "Confusion.String", func() error { s = c.String(); return nil })
		if !strings.HasPrefix(s, `true\predicted`) {
			t.Errorf("Confusion%+v.String() = %q, want a table", *c, s)
		}
	}
	c := &mlp.Confusion{Classes: []string{"a"}, Counts: [][]int{{1, 2}, {3, 4}}}
	want := "" +
		"true\\predicted  a  1\n" +
		"a               1  2\n" +
		"1               3  4"
	if got := c.String(); got != want {
		t.Errorf("Confusion%+v.String() =\n%s\nwant\n%s", *c, got, want)
	}
}

// TestHostileSplitNoClass checks that Split, which sorts samples by the
// class picker that Classify uses, refuses a target row without a class.
func TestHostileSplitNoClass(t *testing.T) {
	for _, tt := range []struct {
		y    *mlp.Matrix
		want string
	}{
		{mlp.NewMatrix(4, 1, []float64{0, 1, math.NaN(), 1}), "mlp: Split: Y row 2 holds NaN, want a class"},
		{mlp.NewMatrix(4, 0, nil), "mlp: Split: Y has no columns, want one a class, or one column of 0 and 1"},
	} {
		d := &mlp.Dataset{X: mlp.NewMatrix(4, 1, []float64{1, 2, 3, 4}), Y: tt.y}
		var err error
		picturesNoPanic(t, "Split", func() error { _, _, err = d.Split(0.5, 1); return nil })
		picturesCheckErr(t, "Split", err, tt.want)
	}
}

// picturesNet returns an identity network of the given sizes with the given
// weights, layer by layer, and no biases.
func picturesNet(t *testing.T, sizes []int, weights ...[]float64) *mlp.Network {
	t.Helper()
	n := mustNew(t, sizes, mlp.WithActivation(mlp.Identity), mlp.WithoutBias())
	for l, w := range weights {
		copy(n.Layers[l].W.RawData(), w)
	}
	return n
}

// TestHostileBoundary checks BoundaryImage, PlotBoundary and HeatMap on
// finite extremes: rectangles whose width overflows or is subnormal, points
// at ±MaxFloat64, Low and High 2×10³⁰⁸ apart and infinite outputs. Each
// gives the picture the docs' formulas give, worked by hand, or the error.
func TestHostileBoundary(t *testing.T) {
	white := color.RGBA{255, 255, 255, 255}
	lin := picturesNet(t, []int{2, 1}, []float64{1, 0})                                  // out = x
	inf := picturesNet(t, []int{2, 1, 1}, []float64{1e308, 0}, []float64{1e308})         // out = ±Inf
	inf2 := picturesNet(t, []int{2, 1, 2}, []float64{1e308, 0}, []float64{1e308, 1e308}) // two equal outputs ±Inf
	sum := picturesNet(t, []int{2, 1}, []float64{1e308, 1e308})                          // Inf − Inf somewhere
	pts := func(vs ...float64) *mlp.Matrix { return mlp.NewMatrix(len(vs)/2, 2, vs) }
	col := func(vs ...float64) *mlp.Matrix { return mlp.NewMatrix(len(vs), 1, vs) }
	type pixel struct {
		x, y int
		c    color.RGBA
	}
	tests := []struct {
		name       string
		net        *mlp.Network
		x, y       *mlp.Matrix
		opt        mlp.BoundaryOptions // Width 40 and Height 20 are set below
		cols, rows int
		heat       string // HeatMap's picture, or the error after "mlp: <op>: "
		pixels     []pixel
	}{
		// Cell centres x = ±2.5×10³⁰⁷, ±7.5×10³⁰⁷: shades 0 and 4; the points
		// fall in the corner cells.
		{"rectangle ±1e308", lin, pts(-1e308, -1e308, 1e308, 1e308), col(0, 1),
			mlp.BoundaryOptions{XMin: -1e308, XMax: 1e308, YMin: -1e308, YMax: 1e308}, 4, 2,
			"┌────┐\n│  █1│\n│0 ██│\n└────┘\n", []pixel{{0, 10, tinted(orange, 0.6)}, {39, 10, tinted(blue, 0.6)}}},
		// The points' box [−Max, Max]² widened by a fifth stays [−Max, Max]².
		{"points ±Max", lin, pts(-picturesMax, -picturesMax, picturesMax, picturesMax), col(0, 1),
			mlp.BoundaryOptions{}, 4, 2,
			"┌────┐\n│  █1│\n│0 ██│\n└────┘\n", []pixel{{0, 10, tinted(orange, 0.6)}, {39, 10, tinted(blue, 0.6)}}},
		// One point at 10³⁰⁸: 1 is lost to rounding there, so the box is
		// widened by a fifth of the coordinate, to [8×10³⁰⁷, 1.2×10³⁰⁸]².
		{"one point 1e308", lin, pts(1e308, 1e308), col(1), mlp.BoundaryOptions{}, 3, 3,
			"┌───┐\n│███│\n│█1█│\n│███│\n└───┘\n", []pixel{{0, 0, tinted(blue, 0.6)}}},
		// One point at Max: [0.8·Max, Max]², the point in the top right.
		{"one point Max", lin, pts(picturesMax, picturesMax), col(1), mlp.BoundaryOptions{}, 3, 3,
			"┌───┐\n│██1│\n│███│\n│███│\n└───┘\n", []pixel{{0, 19, tinted(blue, 0.6)}}},
		// A subnormal rectangle: every output is 0 or 5e-324, shade 0.
		{"rectangle 5e-324", lin, nil, nil,
			mlp.BoundaryOptions{XMax: picturesTiny, YMax: picturesTiny}, 2, 1,
			"┌──┐\n│  │\n└──┘\n", []pixel{{0, 0, tinted(orange, 0.6)}}},
		// Low and High 2×10³⁰⁸ apart: every output in (0, 1) is t ≈ 0.5,
		// shade ⌊2.5⌋ = 2, white; the target 0.5 is class 1 (at or above
		// the threshold 0).
		{"Low, High ±1e308", lin, pts(0.5, 0.5), col(0.5),
			mlp.BoundaryOptions{XMax: 1, YMax: 1, Low: -1e308, High: 1e308}, 3, 1,
			"┌───┐\n│▒1▒│\n└───┘\n", []pixel{{0, 0, white}, {39, 19, white}}},
		// Outputs ±Inf: t is 0 or 1.
		{"outputs ±Inf", inf, nil, nil, mlp.BoundaryOptions{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, 4, 1,
			"┌────┐\n│  ██│\n└────┘\n", []pixel{{0, 0, tinted(orange, 0.6)}, {39, 0, tinted(blue, 0.6)}}},
		// Two equal infinite outputs: class 0 (the first of equals), margin
		// 0, white.
		{"two outputs ±Inf", inf2, nil, nil, mlp.BoundaryOptions{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, 4, 1,
			"┌────┐\n│aaaa│\n└────┘\n", []pixel{{0, 0, white}, {39, 0, white}}},
		// Points far outside the rectangle are left out.
		{"points far outside", lin, pts(1e308, -1e308, -picturesMax, picturesMax), col(1, 0),
			mlp.BoundaryOptions{XMax: 1, YMax: 1}, 1, 1, "┌─┐\n│▒│\n└─┘\n", nil},
		// 10³⁰⁸·x + 10³⁰⁸·y is Inf − Inf = NaN at the first cell (x, y) =
		// (−1.5×10³⁰⁸, 1.5×10³⁰⁸) of a 2×2 grid over [−Max, Max]².
		{"NaN output", sum, nil, nil, mlp.BoundaryOptions{XMin: -picturesMax, XMax: picturesMax, YMin: -picturesMax, YMax: picturesMax}, 2, 2,
			"the network's output 0 at (…", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x0, y0 []float64
			if tt.x != nil {
				x0, y0 = slices.Clone(tt.x.RawData()), slices.Clone(tt.y.RawData())
			}
			opt := tt.opt
			heat, err := mlp.HeatMap(tt.net, tt.x, tt.y, tt.cols, tt.rows, &opt)
			if strings.HasPrefix(tt.heat, "┌") {
				if err != nil || heat != tt.heat {
					t.Errorf("HeatMap =\n%s%v\nwant\n%s", heat, err, tt.heat)
				}
			} else {
				picturesCheckErr(t, "HeatMap", err, "mlp: HeatMap: "+tt.heat)
			}
			opt.Width, opt.Height = 40, 20
			img, err := mlp.BoundaryImage(tt.net, tt.x, tt.y, &opt)
			var buf bytes.Buffer
			perr := mlp.PlotBoundary(&buf, tt.net, tt.x, tt.y, &opt)
			if !strings.HasPrefix(tt.heat, "┌") {
				picturesCheckErr(t, "BoundaryImage", err, "mlp: BoundaryImage: "+tt.heat)
				picturesCheckErr(t, "PlotBoundary", perr, "mlp: PlotBoundary: "+tt.heat)
				if buf.Len() != 0 {
					t.Errorf("PlotBoundary wrote %d bytes with its error", buf.Len())
				}
			} else {
				if err != nil || perr != nil {
					t.Fatalf("BoundaryImage, PlotBoundary: %v, %v; want pictures", err, perr)
				}
				for _, p := range tt.pixels {
					if got := img.RGBAAt(p.x, p.y); !near(got, p.c) {
						t.Errorf("BoundaryImage pixel (%d, %d) = %v, want %v", p.x, p.y, got, p.c)
					}
				}
				dec, err := png.Decode(&buf)
				if err != nil || dec.Bounds() != image.Rect(0, 0, 40, 20) {
					t.Errorf("PlotBoundary's PNG decodes to %v, %v; want 40x20", dec, err)
				}
			}
			if tt.x != nil && (!picturesSameBits(tt.x.RawData(), x0) || !picturesSameBits(tt.y.RawData(), y0)) {
				t.Errorf("the points changed to %v, %v", tt.x, tt.y)
			}
			if opt.XMin != tt.opt.XMin || opt.XMax != tt.opt.XMax || opt.Low != tt.opt.Low {
				t.Errorf("the options changed to %+v", opt)
			}
		})
	}
}

// TestHostileDrawNetwork checks DrawNetwork on finite extremes: weights of
// ±MaxFloat64 beside a subnormal one, and samples whose forward pass
// overflows to ±Inf or NaN. The SVG is valid with finite coordinates, the
// lines follow the documented widths (the bias is labelled first: its line
// starts above the weights'), and numbers of 10⁶ or more are written in
// three significant digits.
func TestHostileDrawNetwork(t *testing.T) {
	huge := picturesNet(t, []int{2, 1}, []float64{picturesMax, -picturesMax})
	withBias := mustNew(t, []int{2, 1}, mlp.WithActivation(mlp.Identity))
	copy(withBias.Layers[0].W.RawData(), []float64{picturesMax, -picturesMax})
	withBias.Layers[0].B.Set(0, 0, picturesTiny)
	tests := []struct {
		name   string
		net    *mlp.Network
		opt    *mlp.DiagramOptions
		labels []string // the weight labels, in the order of the network
		values []string // the units' values, with a sample
	}{
		// |w|/M = 1 for both weights: width 0.75 + 5.25 = 6; the bias
		// 5e-324 is 0 of M: width 0.75.
		{"±Max and 5e-324", withBias, nil, []string{"0.00", "1.8e+308", "-1.8e+308"}, nil},
		// Z = Max·Max − Max·(−Max) = +Inf.
		{"Z = +Inf", huge, &mlp.DiagramOptions{Sample: []float64{picturesMax, -picturesMax}},
			[]string{"1.8e+308", "-1.8e+308"}, []string{"1.8e+308", "-1.8e+308", "+Inf"}},
		// Z = Max·Max − Max·Max = Inf − Inf = NaN.
		{"Z = NaN", huge, &mlp.DiagramOptions{Sample: []float64{picturesMax, picturesMax}},
			[]string{"1.8e+308", "-1.8e+308"}, []string{"1.8e+308", "1.8e+308", "NaN"}},
		// Two decimals below 100, a whole number below 10⁶, then three
		// significant digits.
		{"sizes", picturesNet(t, []int{4, 1}, []float64{2.5, 150.4, 999999, 1e6}), nil, []string{"2.50", "150", "999999", "1e+06"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w0 [][]float64
			for _, l := range tt.net.Layers {
				w0 = append(w0, slices.Clone(l.W.RawData()))
			}
			var buf bytes.Buffer
			if err := mlp.DrawNetwork(&buf, tt.net, tt.opt); err != nil {
				t.Fatalf("DrawNetwork: %v", err)
			}
			root := picturesCheckSVG(t, buf.Bytes())
			if got := texts(root.find("weight-label")); !slices.Equal(got, tt.labels) {
				t.Errorf("weight labels = %q, want %q", got, tt.labels)
			}
			if got := texts(root.find("unit-value")); tt.values != nil && !slices.Equal(got, tt.values) {
				t.Errorf("unit values = %q, want %q", got, tt.values)
			}
			for l, layer := range tt.net.Layers {
				if !picturesSameBits(layer.W.RawData(), w0[l]) {
					t.Errorf("DrawNetwork changed Layers[%d].W to %v", l, layer.W)
				}
			}
		})
	}
	var buf bytes.Buffer
	if err := mlp.DrawNetwork(&buf, withBias, nil); err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, buf.Bytes())
	checkStyle(t, linkByTitle(t, root, "weight", "Layers[0].W.At(0, 0)"), mlp.PositiveColor, 6, 1)
	checkStyle(t, linkByTitle(t, root, "weight", "Layers[0].W.At(1, 0)"), mlp.NegativeColor, 6, 1)
	checkStyle(t, linkByTitle(t, root, "bias", "Layers[0].B.At(0, 0)"), mlp.PositiveColor, 0.75, 0.5)
}

// TestHostileZeroSizes checks the pictures on inputs with no rows or no
// columns: an error naming what is missing, or, for no points inside a
// given rectangle, the picture without points.
func TestHostileZeroSizes(t *testing.T) {
	lin := picturesNet(t, []int{2, 1}, []float64{1, 0}) // out = x
	rect := &mlp.BoundaryOptions{XMax: 1, YMax: 1}
	none := &mlp.BoundaryOptions{}
	tests := []struct {
		call string
		f    func() (string, error)
		want string // the picture or the error
	}{
		// Cell centres 0.25 and 0.75: shades ⌊1.25⌋ = 1 and ⌊3.75⌋ = 3.
		{"HeatMap, 0 points in a rectangle", func() (string, error) {
			return mlp.HeatMap(lin, mlp.NewMatrix(0, 2, nil), mlp.NewMatrix(0, 1, nil), 2, 1, rect)
		}, "┌──┐\n│░▓│\n└──┘\n"},
		{"HeatMap, 0 points and no rectangle", func() (string, error) {
			return mlp.HeatMap(lin, mlp.NewMatrix(0, 2, nil), mlp.NewMatrix(0, 1, nil), 2, 1, none)
		}, "mlp: HeatMap: no rectangle (XMin, XMax, YMin, YMax) and no points to take it from"},
		{"BoundaryImage, points of 0 columns", func() (string, error) {
			_, err := mlp.BoundaryImage(lin, mlp.NewMatrix(3, 0, nil), mlp.NewMatrix(3, 1, nil), rect)
			return "", err
		}, "mlp: BoundaryImage: points x are 3x0, want at least 2 columns (x and y of the plane)"},
		{"BoundaryImage, targets of 0 columns", func() (string, error) {
			_, err := mlp.BoundaryImage(lin, mlp.NewMatrix(3, 2, nil), mlp.NewMatrix(3, 0, nil), rect)
			return "", err
		}, "mlp: BoundaryImage: targets y are 3x0, want 3x1 (one row a point of x, one column an output)"},
		{"DrawNetwork, a sample of 0 values", func() (string, error) {
			return "", mlp.DrawNetwork(new(bytes.Buffer), lin, &mlp.DiagramOptions{Sample: []float64{}})
		}, "mlp: DrawNetwork: sample has 0 values, network expects 2 inputs"},
		{"DrawNetwork, 0 input names", func() (string, error) {
			return "", mlp.DrawNetwork(new(bytes.Buffer), lin, &mlp.DiagramOptions{InputNames: []string{}})
		}, "mlp: DrawNetwork: 0 input names, network has 2 inputs"},
		{"Sparkline, no values", func() (string, error) { return mlp.Sparkline([]float64{}, 3, mlp.LinearAxis) },
			"mlp: Sparkline: no values, want at least one"},
		{"PlotLoss, an empty series", func() (string, error) {
			return "", mlp.PlotLoss(new(bytes.Buffer), nil, mlp.Series{Values: []float64{}})
		}, `mlp: PlotLoss: series 0 ("") is empty, want at least one value`},
	}
	for _, tt := range tests {
		var got string
		err := picturesNoPanic(t, tt.call, func() (err error) { got, err = tt.f(); return err })
		if strings.HasPrefix(tt.want, "mlp:") {
			picturesCheckErr(t, tt.call, err, tt.want)
		} else if err != nil || got != tt.want {
			t.Errorf("%s =\n%s%v\nwant\n%s", tt.call, got, err, tt.want)
		}
	}
}
