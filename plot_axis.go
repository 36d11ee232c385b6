package mlp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AxisScale is how values map to distance along an axis: the y axis of
// PlotLoss and the heights of Sparkline.
type AxisScale uint8

const (
	// LinearAxis places values in proportion to their size.
	LinearAxis AxisScale = iota
	// LogAxis places values in proportion to their logarithm, so that every
	// factor of 10 takes the same distance: the way to see a loss that falls
	// from 0.5 to 0.001. Every value must be greater than 0.
	LogAxis
)

// String returns "linear" or "log".
func (s AxisScale) String() string {
	switch s {
	case LinearAxis:
		return "linear"
	case LogAxis:
		return "log"
	}
	return fmt.Sprintf("AxisScale(%d)", uint8(s))
}

// An axis maps data values in [lo, hi] to pixels in [p0, p1] (p1 < p0 for
// a y axis, whose pixels grow downwards) and holds its ticks.
type axis struct {
	lo, hi float64
	log    bool
	p0, p1 float64
	ticks  []tick    // labelled
	minor  []float64 // unlabelled, on log axes
}

type tick struct {
	v     float64
	label string
}

// pix returns the pixel of value v.
func (a *axis) pix(v float64) float64 {
	lo, hi := a.lo, a.hi
	if a.log {
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	return a.p0 + frac(v, lo, hi)*(a.p1-a.p0)
}

// frac returns (v − lo)/(hi − lo), where v lies between finite lo and hi
// (lo ≠ hi): 0 at lo and 1 at hi. It is the one place where the pictures
// map a value into a range, and it cannot overflow: when hi − lo exceeds the
// largest float64 (as for lo = −10³⁰⁸, hi = 10³⁰⁸), it computes in halves,
// (v/2 − lo/2)/(hi/2 − lo/2), which are finite; otherwise in full, so that
// ordinary values give the same bits as the plain formula.
func frac(v, lo, hi float64) float64 {
	if d := hi - lo; !math.IsInf(d, 0) {
		return (v - lo) / d
	}
	return (v/2 - lo/2) / (hi/2 - lo/2)
}

// mean returns the mean of vs (not empty). When their sum overflows it adds
// vs[i]/len(vs) instead, which cannot, and it keeps the result finite.
func mean(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	n := float64(len(vs))
	if !math.IsInf(s, 0) {
		return s / n
	}
	s = 0
	for _, v := range vs {
		s += v / n
	}
	return min(max(s, -math.MaxFloat64), math.MaxFloat64)
}

// labelWidth returns the width of the widest tick label at the given size.
func (a *axis) labelWidth(size float64) float64 {
	w := 0.0
	for _, t := range a.ticks {
		w = max(w, textWidth(t.label, size))
	}
	return w
}

// linearAxis returns an axis over [lo, hi] extended to whole steps, with
// at most maxTicks labelled ticks at multiples of a step of 1, 2 or 5 times
// a power of ten: the smallest such step that keeps within maxTicks. With
// integer, the step is at least 1. A zero-width range is widened.
func linearAxis(lo, hi float64, maxTicks int, integer bool) axis {
	if hi == lo {
		d := math.Abs(lo) / 2
		if d == 0 {
			d = 1
		}
		if lo >= 0 && lo-d < 0 {
			lo, hi = 0, hi+d
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	maxTicks = max(maxTicks, 2)
	e := math.Floor(math.Log10((hi - lo) / float64(maxTicks)))
	var step float64
	var first, last int64
	var decimals int
search:
	for ; ; e++ {
		for _, m := range [...]float64{1, 2, 5} {
			step = m * math.Pow(10, e)
			if integer && step < 1 {
				continue
			}
			first, last = int64(math.Floor(lo/step+1e-9)), int64(math.Ceil(hi/step-1e-9))
			if last-first+1 <= int64(maxTicks) {
				decimals = max(0, int(-e))
				break search
			}
		}
	}
	a := axis{lo: float64(first) * step, hi: float64(last) * step}
	for i := first; i <= last; i++ {
		v := float64(i) * step
		a.ticks = append(a.ticks, tick{v, plainNum(v, decimals)})
	}
	return a
}

// logAxis returns a log axis over [lo, hi] (both > 0) extended to whole
// decades. Over at most two decades, 1, 2 and 5 times each power of ten are
// labelled and the other integer multiples are minor ticks; over more, the
// powers of ten are labelled (every k-th, to keep within maxTicks) and the
// rest of them, with the multiples 2…9 while there are at most eight
// decades, are minor ticks.
func logAxis(lo, hi float64, maxTicks int) axis {
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	if e1 == e0 {
		e1++
	}
	a := axis{lo: pow10(1, e0), hi: pow10(1, e1), log: true}
	decades := e1 - e0
	if decades <= 2 {
		for e := e0; e <= e1; e++ {
			for m := 1; m <= 9; m++ {
				if e == e1 && m > 1 {
					break
				}
				v := pow10(m, e)
				if m == 1 || m == 2 || m == 5 {
					a.ticks = append(a.ticks, tick{v, logLabel(m, e, false)})
				} else {
					a.minor = append(a.minor, v)
				}
			}
		}
		return a
	}
	every := (decades + max(maxTicks, 2) - 2) / (max(maxTicks, 2) - 1) // ⌈decades/(maxTicks−1)⌉
	for e := e0; e <= e1; e++ {
		if (e-e0)%every == 0 {
			a.ticks = append(a.ticks, tick{pow10(1, e), logLabel(1, e, true)})
		} else {
			a.minor = append(a.minor, pow10(1, e))
		}
		if decades <= 8 && e < e1 {
			for m := 2; m <= 9; m++ {
				a.minor = append(a.minor, pow10(m, e))
			}
		}
	}
	return a
}

// pow10 returns m·10^e, the float64 nearest to the decimal number.
func pow10(m, e int) float64 {
	v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
	return v
}

// logLabel returns the label of m·10^e: with decades, "10⁻³"; else a plain
// decimal such as "0.02" or "500" from 10⁻⁴ to below 10⁵, and "2×10⁻⁵" or
// "10⁻⁵" beyond.
func logLabel(m, e int, decades bool) string {
	if decades {
		return "10" + superscript(e)
	}
	if e >= -4 && e < 5 {
		return strconv.FormatFloat(pow10(m, e), 'f', -1, 64)
	}
	if m == 1 {
		return "10" + superscript(e)
	}
	return strconv.Itoa(m) + "×10" + superscript(e)
}

// superscript returns the integer e in Unicode superscript digits.
func superscript(e int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var b strings.Builder
	if e < 0 {
		b.WriteString("⁻")
		e = -e
	}
	for _, c := range strconv.Itoa(e) {
		b.WriteRune([]rune(digits)[c-'0'])
	}
	return b.String()
}

// plainNum formats v with the given number of decimals, without a minus
// sign on zero.
func plainNum(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}
