package mlp_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// plotLoss plots the series and parses the result.
func plotLoss(t *testing.T, opt *mlp.LossPlotOptions, series ...mlp.Series) svgNode {
	t.Helper()
	var buf bytes.Buffer
	if err := mlp.PlotLoss(&buf, opt, series...); err != nil {
		t.Fatalf("PlotLoss: %v", err)
	}
	return parseSVG(t, buf.Bytes())
}

// points returns the vertices of a polyline.
func points(t *testing.T, p svgNode) [][2]float64 {
	t.Helper()
	var pts [][2]float64
	for _, f := range strings.Fields(p.attr("points")) {
		xs, ys, ok := strings.Cut(f, ",")
		x, err1 := strconv.ParseFloat(xs, 64)
		y, err2 := strconv.ParseFloat(ys, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad point %q", f)
		}
		pts = append(pts, [2]float64{x, y})
	}
	return pts
}

// tickAt returns the position of the tick labelled label: its y for a y
// axis (class y-tick or right-tick), its x for the x axis.
func tickAt(t *testing.T, root svgNode, class, label string) float64 {
	t.Helper()
	ticks, labels := root.find(class), root.find(class+"-label")
	if len(ticks) != len(labels) {
		t.Fatalf("%d %s ticks but %d labels", len(ticks), class, len(labels))
	}
	for i, l := range labels {
		if strings.TrimSpace(l.Text) == label {
			if class == "x-tick" {
				return ticks[i].num(t, "x1")
			}
			return ticks[i].num(t, "y1")
		}
	}
	t.Fatalf("no %s labelled %q among %q", class, label, texts(labels))
	return 0
}

// TestPlotLossTicks checks the ticks against hand-worked choices: multiples
// of 1, 2 or 5 times a power of ten, at most 8 on a y axis of the default
// 400 pixels and at most 11 on the x axis, the fewest that fit; whole
// decades on a log axis.
func TestPlotLossTicks(t *testing.T) {
	// Ten values 0.5, 1, …, 5. Linear y from 0: a step of 0.5 would need
	// 11 ticks (> 8), so the step is 1: 0…5. x from 0 to 10 in steps of 1
	// (11 ticks fit).
	v := make([]float64, 10)
	for i := range v {
		v[i] = 0.5 * float64(i+1)
	}
	root := plotLoss(t, nil, mlp.Series{Values: v})
	if got, want := texts(root.find("y-tick-label")), []string{"0", "1", "2", "3", "4", "5"}; !slices.Equal(got, want) {
		t.Errorf("linear y ticks %q, want %q", got, want)
	}
	if got, want := texts(root.find("x-tick-label")), []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}; !slices.Equal(got, want) {
		t.Errorf("x ticks %q, want %q", got, want)
	}
	if n := len(root.find("y-tick")); n != 6 {
		t.Errorf("%d y tick marks, want 6", n)
	}
	if n := len(root.find("minor-tick")) + len(root.find("right-tick")); n != 0 {
		t.Errorf("%d minor or right ticks on a linear plot of one series, want 0", n)
	}
	if n := len(root.find("legend")); n != 0 {
		t.Errorf("%d legend elements for one unnamed series, want 0", n)
	}

	// 1000 values from 1 down to 0.001 on a log axis: three decades,
	// labelled ticks at 10⁻³ … 10⁰ and minor ticks at 2…9 in each decade.
	// x: 0…1000 in steps of 200 (a step of 100 needs 11 ticks, which do
	// not fit labels as wide as "1000").
	// Accuracy 0.25 … 1 on the right: linear from 0, step 0.2 (0.1 needs 11).
	loss, acc := make([]float64, 1000), make([]float64, 1000)
	for i := range loss {
		loss[i] = math.Pow(10, -3*float64(i)/999)
		acc[i] = 0.25 + 0.75*float64(i)/999
	}
	root = plotLoss(t, &mlp.LossPlotOptions{Scale: mlp.LogAxis},
		mlp.Series{Name: "loss", Values: loss}, mlp.Series{Name: "accuracy", Values: acc, Right: true})
	if got, want := texts(root.find("y-tick-label")), []string{"10⁻³", "10⁻²", "10⁻¹", "10⁰"}; !slices.Equal(got, want) {
		t.Errorf("log y ticks %q, want %q", got, want)
	}
	if n := len(root.find("minor-tick")); n != 24 {
		t.Errorf("%d minor ticks, want 24", n)
	}
	if got, want := texts(root.find("right-tick-label")), []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}; !slices.Equal(got, want) {
		t.Errorf("right ticks %q, want %q", got, want)
	}
	if got, want := texts(root.find("x-tick-label")), []string{"0", "200", "400", "600", "800", "1000"}; !slices.Equal(got, want) {
		t.Errorf("x ticks %q, want %q", got, want)
	}
	if got, want := texts(root.find("legend")), []string{"loss", "accuracy (right axis)"}; !slices.Equal(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}

	// Over at most two decades a log axis also labels 2 and 5 times the
	// powers of ten: 0.3 … 0.05 spans 0.01 … 1.
	root = plotLoss(t, &mlp.LossPlotOptions{Scale: mlp.LogAxis}, mlp.Series{Values: []float64{0.3, 0.1, 0.05}})
	if got, want := texts(root.find("y-tick-label")), []string{"0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"}; !slices.Equal(got, want) {
		t.Errorf("two-decade log y ticks %q, want %q", got, want)
	}
}

// TestPlotLossCurves checks that the curves go through the right places:
// each value at the height of the tick of the same value, value i at the x
// of tick i+1, in the series' colour.
func TestPlotLossCurves(t *testing.T) {
	loss := []float64{1, 0.1, 0.01, 0.001}
	acc := []float64{0.25, 0.5, 0.75, 1}
	root := plotLoss(t, &mlp.LossPlotOptions{Scale: mlp.LogAxis, Title: "XOR"},
		mlp.Series{Name: "training", Values: loss}, mlp.Series{Name: "accuracy", Values: acc, Right: true})
	curves := root.find("series")
	if len(curves) != 2 {
		t.Fatalf("%d curves, want 2", len(curves))
	}
	if got := curves[0].attr("stroke"); got != "#1f77b4" {
		t.Errorf("first series stroke %s, want #1f77b4", got)
	}
	if got := curves[1].attr("stroke"); got != "#ff7f0e" {
		t.Errorf("second series stroke %s, want #ff7f0e", got)
	}
	if curves[1].attr("stroke-dasharray") == "" {
		t.Errorf("right-axis series is not dashed")
	}
	lp, ap := points(t, curves[0]), points(t, curves[1])
	if len(lp) != 4 || len(ap) != 4 {
		t.Fatalf("curves have %d and %d points, want 4 and 4", len(lp), len(ap))
	}
	wantY := []string{"10⁰", "10⁻¹", "10⁻²", "10⁻³"}
	for i := range 4 {
		if x, want := lp[i][0], tickAt(t, root, "x-tick", strconv.Itoa(i+1)); math.Abs(x-want) > 0.011 {
			t.Errorf("point %d at x = %v, want %v (tick %d)", i, x, want, i+1)
		}
		if y, want := lp[i][1], tickAt(t, root, "y-tick", wantY[i]); math.Abs(y-want) > 0.011 {
			t.Errorf("loss %v at y = %v, want %v (tick %s)", loss[i], y, want, wantY[i])
		}
	}
	if y, want := ap[3][1], tickAt(t, root, "right-tick", "1.0"); math.Abs(y-want) > 0.011 {
		t.Errorf("accuracy 1 at y = %v, want %v", y, want)
	}
	if got := texts(root.find("title")); !slices.Equal(got, []string{"XOR"}) {
		t.Errorf("title %q, want [XOR]", got)
	}
	if loss[3] != 0.001 || acc[0] != 0.25 {
		t.Errorf("PlotLoss changed its input")
	}

	// A title too long for a narrow plot is wrapped at spaces, not cut;
	// legends wrap into rows, each series keeping its entry.
	title := "training and test loss of a network with two hidden layers, per sample"
	var many []mlp.Series
	for i := range 6 {
		many = append(many, mlp.Series{Name: fmt.Sprintf("series number %d", i), Values: loss})
	}
	root = plotLoss(t, &mlp.LossPlotOptions{Title: title, Width: 300, Scale: mlp.LogAxis}, many...)
	lines := texts(root.find("title"))
	if len(lines) < 2 || strings.Join(lines, " ") != title {
		t.Errorf("title lines %q, want the title wrapped over two or more", lines)
	}
	legend := root.find("legend")
	if len(legend) != 6 {
		t.Fatalf("%d legend entries, want 6", len(legend))
	}
	if y0, y5 := legend[0].num(t, "y"), legend[5].num(t, "y"); y5 <= y0 {
		t.Errorf("legend in one row (y %v and %v) on a 300-pixel plot, want several", y0, y5)
	}
}

// TestPlotLossThinning checks that a long series is drawn with at most two
// points a pixel column, and that a one-epoch spike survives.
func TestPlotLossThinning(t *testing.T) {
	v := make([]float64, 100000)
	for i := range v {
		v[i] = 1
	}
	v[54321] = 10
	root := plotLoss(t, nil, mlp.Series{Values: v})
	pts := points(t, root.find("series")[0])
	if len(pts) > 2*640+2 {
		t.Errorf("%d points for a 640-pixel plot, want at most %d", len(pts), 2*640+2)
	}
	top := math.Inf(1)
	for _, p := range pts {
		top = min(top, p[1])
	}
	if want := tickAt(t, root, "y-tick", "10"); math.Abs(top-want) > 0.011 {
		t.Errorf("highest point at y = %v, want the spike at %v (tick 10)", top, want)
	}
	if !slices.IsSortedFunc(pts, func(a, b [2]float64) int { return int(math.Copysign(1, a[0]-b[0])) }) {
		t.Errorf("points not in order of x")
	}
}

// TestPlotLossErrors checks that bad input is an mlp: error and that
// nothing is written.
func TestPlotLossErrors(t *testing.T) {
	ok := []float64{1, 0.5}
	tests := []struct {
		name   string
		opt    *mlp.LossPlotOptions
		series []mlp.Series
		want   string
	}{
		{"no series", nil, nil, "no series"},
		{"empty series", nil, []mlp.Series{{Name: "train"}}, `series 0 ("train") is empty`},
		{"NaN", nil, []mlp.Series{{Values: ok}, {Name: "test", Values: []float64{1, math.NaN()}}}, `series 1 ("test") value[1] is NaN`},
		{"Inf", nil, []mlp.Series{{Values: []float64{math.Inf(1)}}}, "value[0] is +Inf"},
		{"log of 0", &mlp.LossPlotOptions{Scale: mlp.LogAxis}, []mlp.Series{{Values: []float64{1, 0}}}, "value[1] is 0, want > 0 on a log axis"},
		{"log of negative", &mlp.LossPlotOptions{Scale: mlp.LogAxis}, []mlp.Series{{Values: []float64{-1}}}, "want > 0"},
		{"only right", nil, []mlp.Series{{Values: ok, Right: true}}, "want at least one on the left"},
		{"bad scale", &mlp.LossPlotOptions{Scale: 7}, []mlp.Series{{Values: ok}}, "scale is AxisScale(7)"},
		{"narrow", &mlp.LossPlotOptions{Width: 50}, []mlp.Series{{Values: ok}}, "Width is 50, want 200 to 10000"},
		{"flat", &mlp.LossPlotOptions{Height: -1}, []mlp.Series{{Values: ok}}, "Height is -1"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := mlp.PlotLoss(&buf, tt.opt, tt.series...)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: PlotLoss: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want an mlp: PlotLoss: error containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes on error", tt.name, buf.Len())
		}
	}
	// Values on the right axis may be 0 or negative on a log plot: that axis is linear.
	plotLoss(t, &mlp.LossPlotOptions{Scale: mlp.LogAxis}, mlp.Series{Values: ok}, mlp.Series{Values: []float64{0, -1}, Right: true})
	// One value is a dot, and a constant series gets a widened axis.
	root := plotLoss(t, nil, mlp.Series{Values: []float64{2}})
	if c := root.find("series"); len(c) != 1 || c[0].XMLName.Local != "circle" {
		t.Errorf("one value: %d series elements, want one <circle>", len(c))
	}
}
