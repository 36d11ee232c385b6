package mlp

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigExp returns e^x to 200 bits, independently of exp: the Taylor series
// of e^(x/2^s) for |x/2^s| < 2^-8, squared s times.
func bigExp(x float64) *big.Float {
	const prec = 200
	s := 0
	for math.Abs(x)/math.Ldexp(1, s) >= 0x1p-8 {
		s++
	}
	y := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(x).SetPrec(prec), -s) // x/2^s, exact
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 40; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	for ; s > 0; s-- {
		sum.Mul(sum, sum)
	}
	return sum
}

// ulpsOff returns (got − want)/ulp(want), ulp being the spacing of float64
// values at want.
func ulpsOff(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := new(big.Float).SetPrec(200).Sub(new(big.Float).SetPrec(200).SetFloat64(got), want)
	df, _ := d.Float64()
	return df / ulp
}

func expTestPoints() []float64 {
	rng := rand.New(rand.NewPCG(11, 12))
	xs := []float64{0, 1, -1, 0.5, -0.5, math.Ln2, -math.Ln2, 0.5 * math.Ln2, 1e-300, -1e-20, 3e-9, 20, -20, 700, -700, 708, -708, 707.9999, -707.9999}
	for i := 0; i < 1500; i++ {
		xs = append(xs, (2*rng.Float64()-1)*708)
		xs = append(xs, (2*rng.Float64()-1)*40)
		xs = append(xs, (2*rng.Float64()-1)*0.36) // the reduced range itself
	}
	return xs
}

// TestExpAccurate: exp is within 1 ulp of e^x computed to 200 bits, on
// random and chosen points over the whole in-line range.
func TestExpAccurate(t *testing.T) {
	worst := 0.0
	for _, x := range expTestPoints() {
		u := math.Abs(ulpsOff(exp(x), bigExp(x)))
		worst = max(worst, u)
		if u >= 1 {
			t.Errorf("exp(%v) = %v, %.3f ulp from e^x = %v", x, exp(x), u, bigExp(x).Text('g', 20))
		}
	}
	t.Logf("worst error %.3f ulp", worst)
}

// TestExpSpecial: outside the in-line range exp is math.Exp: overflow,
// underflow, subnormals, infinities and NaN.
func TestExpSpecial(t *testing.T) {
	for _, x := range []float64{709, 709.78, 710, 1e10, math.Inf(1), -709, -740, -745.2, -800, math.Inf(-1), math.NaN(), 708.0000001, -708.0000001} {
		got, want := exp(x), math.Exp(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("exp(%v) = %v, want math.Exp's %v", x, got, want)
		}
	}
}

// TestSigmoids: sigmoids is within 2 ulp of 1/(1+e^−z) computed to 200
// bits, and saturates to exactly 0 and 1 without NaN.
func TestSigmoids(t *testing.T) {
	xs := expTestPoints()
	got := make([]float64, len(xs))
	sigmoids(got, xs)
	for i, z := range xs {
		one := new(big.Float).SetPrec(200).SetInt64(1)
		want := new(big.Float).SetPrec(200).Quo(one, new(big.Float).SetPrec(200).Add(one, bigExp(-z)))
		if u := math.Abs(ulpsOff(got[i], want)); u > 2 {
			t.Errorf("sigmoid(%v) = %v, %.3f ulp from %v", z, got[i], u, want.Text('g', 20))
		}
	}
	ext := []float64{-1000, -745, -709.9, 709.9, 745, 1000, math.Inf(1), math.Inf(-1)}
	out := make([]float64, len(ext))
	sigmoids(out, ext)
	for i, z := range ext {
		want := 0.0
		if z > 0 {
			want = 1
		}
		if math.Abs(out[i]-want) > 1e-300 {
			t.Errorf("sigmoid(%v) = %v, want %v", z, out[i], want)
		}
	}
}

// TestSigmoidsMatchSigmoid: the slice version (four at a time in assembly
// where the processor allows) gives the same bits as sigmoid of one value,
// so that Sigmoid.Eval(z) is what Apply computes: for every length (the
// last values of a slice are not a whole block) and with values beyond
// the in-line range and NaN at every position of a block.
func TestSigmoidsMatchSigmoid(t *testing.T) {
	xs := expTestPoints()
	special := []float64{-710, 709.5, 1e300, math.Inf(-1), math.NaN(), -708.5}
	for i, s := range special {
		for j := 0; j < 5; j++ {
			xs[100+i*37+j*11] = s // at different positions in their blocks
		}
	}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 11, len(xs)} {
		src := xs[:n]
		dst := make([]float64, n)
		sigmoids(dst, src)
		for i, z := range src {
			if want := sigmoid(z); math.Float64bits(dst[i]) != math.Float64bits(want) && !(math.IsNaN(want) && math.IsNaN(dst[i])) {
				t.Errorf("n=%d: sigmoids: element %d, sigmoid(%v) = %v, want %v as from sigmoid", n, i, z, dst[i], want)
			}
		}
	}
}
