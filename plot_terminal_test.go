package mlp_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// A sparklineCase is a call of Sparkline and the string, or the error text,
// it should give.
type sparklineCase struct {
	values []float64
	width  int
	scale  mlp.AxisScale
	want   string
}

// TestSparkline checks hand-worked sparklines: block k of ▁▂▃▄▅▆▇█ is
// round(7·(m − lo)/(hi − lo)) for the mean m of each run of values.
func TestSparkline(t *testing.T) {
	tests := []sparklineCase{
		// One character a value, lo = 0, hi = 7: block k for value k.
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, mlp.LinearAxis, "▁▂▃▄▅▆▇█"},
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7}, 100, mlp.LinearAxis, "▁▂▃▄▅▆▇█"},
		// Runs of two: means 1.5, 3.5, 5.5, 7.5 → 7·(0, 2/6, 4/6, 1) = 0, 2.33, 4.67, 7.
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, 4, mlp.LinearAxis, "▁▃▆█"},
		// Ten values in three runs: [0 1 2 3] [4 5 6] [7 8 9], means 1.5, 5, 8 → 0, 3.77, 7.
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, mlp.LinearAxis, "▁▅█"},
		// Log: log10 = 0, 1, 2 → 0, 3.5 (rounds to 4), 7.
		{[]float64{1, 10, 100}, 3, mlp.LogAxis, "▁▅█"},
		// A loss falling by halves: linear crowds the tail at the bottom,
		// 7·(v − 0.5)/63.5 = 7, 3.47, 1.71, 0.83, 0.39, …; log spaces it
		// evenly, 7·(log2 v + 1)/7 = 7, 6, …, 0.
		{[]float64{64, 32, 16, 8, 4, 2, 1, 0.5}, 8, mlp.LinearAxis, "█▄▃▂▁▁▁▁"},
		{[]float64{64, 32, 16, 8, 4, 2, 1, 0.5}, 8, mlp.LogAxis, "█▇▆▅▄▃▂▁"},
		// All equal: the middle block.
		{[]float64{2, 2, 2}, 10, mlp.LinearAxis, "▄▄▄"},
		{[]float64{3}, 1, mlp.LogAxis, "▄"},
		{[]float64{1, 3}, 1, mlp.LinearAxis, "▄"},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.values)
		got, err := mlp.Sparkline(tt.values, tt.width, tt.scale)
		if err != nil {
			t.Errorf("Sparkline(%v, %d, %v): %v", tt.values, tt.width, tt.scale, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Sparkline(%v, %d, %v) = %q, want %q", tt.values, tt.width, tt.scale, got, tt.want)
		}
		if !slices.Equal(in, tt.values) {
			t.Errorf("Sparkline changed its values to %v", tt.values)
		}
	}
	// A long series gives exactly width characters.
	long := make([]float64, 20000)
	for i := range long {
		long[i] = 1 / float64(i+1)
	}
	if got, err := mlp.Sparkline(long, 60, mlp.LogAxis); err != nil || len([]rune(got)) != 60 {
		t.Errorf("Sparkline of 20000 values, width 60 = %q (%d characters), %v; want 60", got, len([]rune(got)), err)
	}
}

// TestSparklineErrors checks that bad input is an mlp: error.
func TestSparklineErrors(t *testing.T) {
	tests := []sparklineCase{
		{nil, 10, mlp.LinearAxis, "no values"},
		{[]float64{1}, 0, mlp.LinearAxis, "width is 0, want at least 1"},
		{[]float64{1, math.NaN()}, 10, mlp.LinearAxis, "values[1] is NaN"},
		{[]float64{math.Inf(-1)}, 10, mlp.LinearAxis, "values[0] is -Inf"},
		{[]float64{1, 0}, 10, mlp.LogAxis, "values[1] is 0, want > 0 on a log scale"},
		{[]float64{1}, 10, mlp.AxisScale(9), "scale is AxisScale(9)"},
	}
	for _, tt := range tests {
		got, err := mlp.Sparkline(tt.values, tt.width, tt.scale)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: Sparkline: ") || !strings.Contains(err.Error(), tt.want) || got != "" {
			t.Errorf("Sparkline(%v, %d, %v) = %q, %v; want an mlp: Sparkline: error containing %q", tt.values, tt.width, tt.scale, got, err, tt.want)
		}
	}
}

// TestHeatMap checks hand-worked character maps.
func TestHeatMap(t *testing.T) {
	// a = x over [0, 1]²: cell centres x = 0.1, 0.3, …, 0.9 are shades
	// ⌊5x⌋ = 0…4 of " ░▒▓█", on every row; the points (0.9, 0.9), class 1,
	// and (0.1, 0.1), class 0, fall in the top right and bottom left cells.
	n, _ := mlp.New([]int{2, 1}, mlp.WithActivation(mlp.Identity))
	copy(n.Layers[0].W.RawData(), []float64{1, 0})
	x := mlp.NewMatrix(3, 2, []float64{0.9, 0.9, 0.1, 0.1, 7, 7}) // the third is outside
	y := mlp.NewMatrix(3, 1, []float64{1, 0, 1})
	rect := &mlp.BoundaryOptions{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	got, err := mlp.HeatMap(n, x, y, 5, 2, rect)
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		"┌─────┐\n" +
		"│ ░▒▓1│\n" +
		"│0░▒▓█│\n" +
		"└─────┘\n"
	if got != want {
		t.Errorf("HeatMap =\n%s\nwant\n%s", got, want)
	}

	// Outputs (x, y): class 0 ("a") where x ≥ y, class 1 ("b") above the
	// diagonal; cell centres 0.125, 0.375, 0.625, 0.875, top row first.
	m, _ := mlp.New([]int{2, 2}, mlp.WithActivation(mlp.Identity))
	copy(m.Layers[0].W.RawData(), []float64{1, 0, 0, 1})
	px := mlp.NewMatrix(1, 2, []float64{0.1, 0.9})
	py := mlp.NewMatrix(1, 2, []float64{0, 1}) // class 1 at the top left
	got, err = mlp.HeatMap(m, px, py, 4, 4, rect)
	if err != nil {
		t.Fatal(err)
	}
	want = "" +
		"┌────┐\n" +
		"│Bbba│\n" +
		"│bbaa│\n" +
		"│baaa│\n" +
		"│aaaa│\n" +
		"└────┘\n"
	if got != want {
		t.Errorf("HeatMap, two outputs =\n%s\nwant\n%s", got, want)
	}

	for _, size := range [][2]int{{0, 5}, {5, 0}, {1001, 5}} {
		if _, err := mlp.HeatMap(n, nil, nil, size[0], size[1], rect); err == nil || !strings.HasPrefix(err.Error(), "mlp: HeatMap: size is") {
			t.Errorf("HeatMap %dx%d: error = %v, want an mlp: error about the size", size[0], size[1], err)
		}
	}
	many, _ := mlp.New([]int{2, 27})
	if _, err := mlp.HeatMap(many, nil, nil, 5, 5, rect); err == nil || !strings.Contains(err.Error(), "27 outputs, want at most 26") {
		t.Errorf("HeatMap of 27 outputs: error = %v, want one about the outputs", err)
	}
}
