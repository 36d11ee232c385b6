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
		v, lo, hi = log10(v), log10(lo), log10(hi)
	}
	return a.p0 + frac(v, lo, hi)*(a.p1-a.p0)
}

// frac returns (v − lo)/(hi − lo), where v lies between finite lo and hi
// (lo ≠ hi): 0 at lo and 1 at hi. It is quotient(v, lo, hi, lo).
func frac(v, lo, hi float64) float64 { return quotient(v, lo, hi, lo) }

// quotient returns (a − b)/(c − d) for finite b, c and d (c ≠ d). It is the
// one place where the pictures divide one difference by another, and the
// divisor cannot overflow: when c − d exceeds the largest float64 (as for
// d = −10³⁰⁸, c = 10³⁰⁸), it computes in halves, (a/2 − b/2)/(c/2 − d/2),
// which are finite; otherwise in full, so that ordinary values give the
// same bits as the plain formula. A numerator that overflows gives ±Inf.
func quotient(a, b, c, d float64) float64 {
	if den := c - d; !math.IsInf(den, 0) {
		return (a - b) / den
	}
	return (a/2 - b/2) / (c/2 - d/2)
}

// lerp returns lo + t·(hi − lo), the value a fraction t of the way from
// finite lo to finite hi: the inverse of frac. When hi − lo overflows it
// computes in halves, and it clamps the result between lo and hi, so that it
// is finite for t in [0, 1].
func lerp(lo, hi, t float64) float64 {
	if d := hi - lo; !math.IsInf(d, 0) {
		return lo + t*d
	}
	return min(max(2*(lo/2+t*(hi/2-lo/2)), min(lo, hi)), max(lo, hi))
}

// log10 returns the base-10 logarithm of v > 0. It is math.Log10(v), but
// for a subnormal v (below 2⁻¹⁰²²) it goes through math.Frexp, because
// math.Log10 is wrong there on some platforms (on amd64 it gives about
// −307.95 for every v below 10⁻³¹⁰; 5e-324 is 10^−323.3).
func log10(v float64) float64 {
	if v < 0x1p-1022 {
		f, e := math.Frexp(v)
		return math.Log10(f) + float64(e)*math.Log10(2)
	}
	return math.Log10(v)
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

// linearAxis returns an axis over [lo, hi] (finite, lo ≤ hi) extended to
// whole steps, with at most maxTicks labelled ticks at multiples of a step of
// 1, 2 or 5 times a power of ten: the smallest such step that keeps within
// maxTicks (or 10³⁰⁸, the largest there is). maxTicks is at least 2, and at
// least 3 when the range spans 0. With integer, the step is at least 1.
//
// A range of one value is widened, by half of it or, at 0, by 1; so is a
// range narrower than 2⁻⁴⁰ of its size, such as two values one ulp apart,
// whose whole steps are not float64 numbers. Where a whole step lies beyond
// the largest float64, the axis ends at ±math.MaxFloat64 instead, without a
// tick there.
//
// Labels are plain decimals, such as 0.25 or 1500, while the step is at
// least 10⁻⁹ and the ticks are below 10⁹ in size; otherwise they are
// written like 2.5×10⁻¹² or -10³⁰⁸ (see sciLabel).
func linearAxis(lo, hi float64, maxTicks int, integer bool) axis {
	if hi-lo <= max(math.Abs(lo), math.Abs(hi))*0x1p-40 {
		d := math.Abs(lo) / 2
		if d == 0 {
			d = 1
		}
		if lo >= 0 && lo-d < 0 {
			lo, hi = 0, hi+d
		} else {
			lo, hi = lo-d, hi+d
		}
		lo, hi = max(lo, -math.MaxFloat64), min(hi, math.MaxFloat64)
	}
	maxTicks = max(maxTicks, 2)
	if lo < 0 && hi > 0 {
		maxTicks = max(maxTicks, 3) // −step, 0 and step: two ticks cannot span 0
	}
	// Start the search a power of ten below the step the ticks need,
	// (hi − lo)/maxTicks (every smaller step gives more than maxTicks
	// ticks), but not below 10⁻³²³, the smallest power of ten above 0 in
	// float64.
	span := log10(hi - lo)
	if math.IsInf(span, 1) {
		span = math.Log10(hi/2-lo/2) + math.Log10(2) // hi − lo overflows
	}
	e := max(math.Floor(span-math.Log10(float64(maxTicks)))-1, -323)
	var step float64
	var first, last int64
	var m float64
search:
	for ; ; e++ {
		for _, m = range [...]float64{1, 2, 5} {
			step = m * math.Pow(10, e)
			if step == 0 || integer && step < 1 {
				continue
			}
			first, last = int64(math.Floor(lo/step+1e-9)), int64(math.Ceil(hi/step-1e-9))
			if last-first+1 <= int64(maxTicks) || math.IsInf(2.5*step, 0) { // or no larger step
				break search
			}
		}
	}
	a := axis{lo: max(float64(first)*step, -math.MaxFloat64), hi: min(float64(last)*step, math.MaxFloat64)}
	plain := e >= -9 && max(math.Abs(a.lo), math.Abs(a.hi)) < 1e9
	for i := first; i <= last; i++ {
		v := float64(i) * step
		if math.IsInf(v, 0) {
			continue
		}
		label := sciLabel(i*int64(m), int(e))
		if plain {
			label = plainNum(v, max(0, int(-e)))
		}
		a.ticks = append(a.ticks, tick{v, label})
	}
	return a
}

// logAxis returns a log axis over [lo, hi] (both > 0) extended to whole
// decades. Over at most two decades, 1, 2 and 5 times each power of ten are
// labelled and the other integer multiples are minor ticks; over more, the
// powers of ten are labelled (every k-th, to keep within maxTicks) and the
// rest of them, with the multiples 2…9 while there are at most eight
// decades, are minor ticks. Where a whole decade reaches beyond the float64
// numbers (above 10³⁰⁸, below 10⁻³²³), the axis ends at the largest float64
// or the smallest positive one instead, without a tick there.
func logAxis(lo, hi float64, maxTicks int) axis {
	e0, e1 := int(math.Floor(log10(lo))), int(math.Ceil(log10(hi)))
	if e1 == e0 {
		e1++
	}
	a := axis{lo: max(pow10(1, e0), math.SmallestNonzeroFloat64), hi: min(pow10(1, e1), math.MaxFloat64), log: true}
	ticks := func(v float64, label string) {
		if v >= a.lo && v <= a.hi {
			a.ticks = append(a.ticks, tick{v, label})
		}
	}
	minor := func(v float64) {
		if v >= a.lo && v <= a.hi {
			a.minor = append(a.minor, v)
		}
	}
	decades := e1 - e0
	if decades <= 2 {
		for e := e0; e <= e1; e++ {
			for m := 1; m <= 9; m++ {
				if e == e1 && m > 1 {
					break
				}
				v := pow10(m, e)
				if m == 1 || m == 2 || m == 5 {
					ticks(v, logLabel(m, e, false))
				} else {
					minor(v)
				}
			}
		}
		return a
	}
	every := (decades + max(maxTicks, 2) - 2) / (max(maxTicks, 2) - 1) // ⌈decades/(maxTicks−1)⌉
	for e := e0; e <= e1; e++ {
		if (e-e0)%every == 0 {
			ticks(pow10(1, e), logLabel(1, e, true))
		} else {
			minor(pow10(1, e))
		}
		if decades <= 8 && e < e1 {
			for m := 2; m <= 9; m++ {
				minor(pow10(m, e))
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
	if !decades && e >= -4 && e < 5 {
		return strconv.FormatFloat(pow10(m, e), 'f', -1, 64)
	}
	return sciLabel(int64(m), e)
}

// sciLabel returns the label of k·10^e in scientific form: the digits of k
// without its trailing zeros as a mantissa with one digit before the point,
// times a power of ten in superscript digits, and the mantissa left out when
// it is 1: "0", "10⁻³", "2×10⁻⁵", "2.5×10³⁰⁷", "-10³⁰⁸".
func sciLabel(k int64, e int) string {
	if k == 0 {
		return "0"
	}
	sign := ""
	if k < 0 {
		sign, k = "-", -k
	}
	for k%10 == 0 {
		k, e = k/10, e+1
	}
	d := strconv.FormatInt(k, 10)
	e += len(d) - 1
	switch {
	case d == "1":
		return sign + "10" + superscript(e)
	case len(d) > 1:
		d = d[:1] + "." + d[1:]
	}
	return sign + d + "×10" + superscript(e)
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
