package mlp_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// picturesFloats64 reads data as float64 bits, 8 bytes a value (a short
// tail is dropped), at most 1024 values.
func picturesFloats64(data []byte) []float64 {
	var vs []float64
	for len(data) >= 8 && len(vs) < 1024 {
		vs = append(vs, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	return vs
}

// picturesBytes is the inverse of picturesFloats64, for seeds.
func picturesBytes(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// picturesValid reports whether vs are values a picture must draw: finite,
// and above 0 on a log scale.
func picturesValid(vs []float64, log bool) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || log && v <= 0 {
			return false
		}
	}
	return true
}

// FuzzSparkline feeds Sparkline any series (float64 bits from the fuzz
// bytes), width and scale: it must not panic, must not change the values,
// and must return either an "mlp: Sparkline: " error, only for bad input,
// or min(width, len(values)) blocks.
func FuzzSparkline(f *testing.F) {
	f.Add(picturesBytes(-1e308, 1e308), 10, uint8(mlp.LinearAxis))
	f.Add(picturesBytes(math.MaxFloat64, math.MaxFloat64, 1), 2, uint8(mlp.LinearAxis))
	f.Add(picturesBytes(math.MaxFloat64, math.MaxFloat64, 1), 2, uint8(mlp.LogAxis))
	f.Add(picturesBytes(0, 5e-324), 3, uint8(mlp.LinearAxis))
	f.Add(picturesBytes(5e-324, 1e-320, 1e-300), 3, uint8(mlp.LogAxis))
	f.Add(picturesBytes(0.5, 0.25, 0.125, 0.0625, 0.03), 2, uint8(mlp.LogAxis))
	f.Add(picturesBytes(1, math.NaN()), 2, uint8(mlp.LinearAxis))
	f.Add([]byte{}, 0, uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, width int, scale uint8) {
		values := picturesFloats64(data)
		before := slices.Clone(values)
		s := mlp.AxisScale(scale)
		got, err := mlp.Sparkline(values, width, s)
		if !picturesSameBits(values, before) {
			t.Fatalf("Sparkline changed its values from %v to %v", before, values)
		}
		bad := len(values) == 0 || width < 1 || s != mlp.LinearAxis && s != mlp.LogAxis || !picturesValid(values, s == mlp.LogAxis)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "mlp: Sparkline: ") || got != "" {
				t.Fatalf("Sparkline(%v, %d, %v) = %q, %v; want an mlp: Sparkline: error alone", values, width, s, got, err)
			}
			if !bad {
				t.Fatalf("Sparkline(%v, %d, %v) error = %v, want a line for good input", values, width, s, err)
			}
			return
		}
		if bad {
			t.Fatalf("Sparkline(%v, %d, %v) = %q, want an error for bad input", values, width, s, got)
		}
		picturesCheckSparkline(t, got, min(width, len(values)))
	})
}

// FuzzPlotLoss feeds PlotLoss one or two series (float64 bits from the
// fuzz bytes, cut at split), on a linear or log axis, the second on the
// right axis or not, at fuzzed sizes: it must not panic, must not change the
// series, and must return either an "mlp: PlotLoss: " error, writing
// nothing (for good values, only the error of a plot squeezed out by its
// texts), or SVG whose every numeric attribute is finite.
func FuzzPlotLoss(f *testing.F) {
	f.Add(picturesBytes(-1e308, 1e308), uint16(0), false, false, uint16(0), uint16(0))
	f.Add(picturesBytes(1e300, math.MaxFloat64, 0), uint16(0), false, false, uint16(0), uint16(0))
	f.Add(picturesBytes(0, 5e-324), uint16(0), false, false, uint16(0), uint16(0))
	f.Add(picturesBytes(-math.MaxFloat64), uint16(0), false, false, uint16(0), uint16(0))
	f.Add(picturesBytes(5e-324, math.MaxFloat64), uint16(0), true, false, uint16(0), uint16(0))
	f.Add(picturesBytes(1, -math.MaxFloat64, math.MaxFloat64), uint16(1), false, true, uint16(0), uint16(0))
	f.Add(picturesBytes(-1, math.Nextafter(-1, 0)), uint16(0), false, false, uint16(0), uint16(0))
	f.Add(picturesBytes(1, -3, math.Nextafter(-3, 0)), uint16(1), false, true, uint16(0), uint16(0))
	f.Add(picturesBytes(0.5, 0.25, 0.1, 0.9, 0.95, 0.97), uint16(3), true, true, uint16(1), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, split uint16, log, right bool, w, h uint16) {
		values := picturesFloats64(data)
		k := int(split) % (len(values) + 1)
		series := []mlp.Series{{Name: "train", Values: values[:k]}}
		if k < len(values) {
			series = append(series, mlp.Series{Name: "test", Values: values[k:], Right: right})
		}
		if k == 0 {
			series = series[1:] // one series: all the values
		}
		opt := &mlp.LossPlotOptions{Scale: mlp.LinearAxis, Title: "fuzz"}
		if log {
			opt.Scale = mlp.LogAxis
		}
		if w != 0 {
			opt.Width = 200 + int(w)%1801
		}
		if h != 0 {
			opt.Height = 150 + int(h)%1851
		}
		before := slices.Clone(values)
		var buf bytes.Buffer
		err := mlp.PlotLoss(&buf, opt, series...)
		if !picturesSameBits(values, before) {
			t.Fatalf("PlotLoss changed its values from %v to %v", before, values)
		}
		good := len(series) > 0 && !series[0].Right
		for _, s := range series {
			good = good && len(s.Values) > 0 && picturesValid(s.Values, log && !s.Right)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "mlp: PlotLoss: ") || buf.Len() != 0 {
				t.Fatalf("PlotLoss error = %v with %d bytes written; want an mlp: PlotLoss: error alone", err, buf.Len())
			}
			if good && !strings.Contains(err.Error(), "leave the plot") {
				t.Fatalf("PlotLoss(%+v, %v) error = %v, want a picture for good values", opt, series, err)
			}
			return
		}
		if !good {
			t.Fatalf("PlotLoss(%+v, %v) drew a picture, want an error for bad values", opt, series)
		}
		picturesCheckSVG(t, buf.Bytes())
	})
}
