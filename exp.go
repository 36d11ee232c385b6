package mlp

import "math"

// Sigmoid layers spend much of their time in exp. math.Exp is accurate but
// is a call that the compiler cannot inline, with checks around it; the loop
// below evaluates the same kind of approximation in line, so that the
// processor overlaps the work on neighbouring elements.
//
// exp(x) is computed as in fdlibm's e_exp.c (Sun Microsystems, 1993: "freely
// distributable"), the algorithm behind math.Exp's portable Go code:
//
//  1. Reduce: x = k·ln2 + r with |r| ≤ ½ln2, k an integer; r is carried as
//     hi − lo, with ln2 split in two so that k·ln2hi is exact.
//  2. Approximate e^r by a rational function: with t = r², the Remez
//     polynomial R(t) = t·(P1 + t·(P2 + … + t·P5)) gives c = r − R and
//     e^r = 1 + r + r·c/(2 − c), with an error below 2^-59.
//  3. Scale: e^x = 2^k·e^r, by adding k to the exponent field.
//
// The result is within 1 ulp of the true value (TestExpAccurate checks it
// against a 200-bit evaluation), as math.Exp is; the two may differ in the
// last bit.

const (
	expLn2Hi = 6.93147180369123816490e-01 // ln2 rounded to 32 bits: k·expLn2Hi is exact for |k| < 2^20
	expLn2Lo = 1.90821492927058770002e-10 // ln2 − expLn2Hi
	expLog2e = 1.44269504088896338700e+00 // 1/ln2

	// Minimax coefficients of R(t) on [0, (½ln2)²], from e_exp.c.
	expP1 = 1.66666666666666019037e-01
	expP2 = -2.77777777770155933842e-03
	expP3 = 6.61375632143793436117e-05
	expP4 = -1.65339022054652515390e-06
	expP5 = 4.13813679705723846039e-08

	// expMax bounds the inputs of the in-line path: for |x| ≤ expMax the
	// result and 2^k are normal numbers. Beyond it, and for NaN, math.Exp
	// handles overflow, underflow and subnormals.
	expMax = 708
)

// exp returns e^x, within 1 ulp.
func exp(x float64) float64 {
	if !(x >= -expMax && x <= expMax) {
		return math.Exp(x)
	}
	k := int(expLog2e*x + math.Copysign(0.5, x)) // round(x/ln2), half away from zero
	fk := float64(k)
	hi := x - fk*expLn2Hi
	lo := fk * expLn2Lo
	r := hi - lo
	t := r * r
	c := r - t*(expP1+t*(expP2+t*(expP3+t*(expP4+t*expP5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return y * math.Float64frombits(uint64(k+1023)<<52)
}

// sigmoids sets dst[i] = 1/(1+e^(−src[i])) for every i; dst must be at
// least as long as src. Written as one loop over exp's steps so that the
// whole computation sits inside the loop.
func sigmoids(dst, src []float64) {
	dst = dst[:len(src)]
	for i, z := range src {
		x := -z
		if !(x >= -expMax && x <= expMax) {
			dst[i] = 1 / (1 + math.Exp(x)) // 0 for x > 709.78 (e^x = +Inf), 1 for very negative x
			continue
		}
		k := int(expLog2e*x + math.Copysign(0.5, x))
		fk := float64(k)
		hi := x - fk*expLn2Hi
		lo := fk * expLn2Lo
		r := hi - lo
		t := r * r
		c := r - t*(expP1+t*(expP2+t*(expP3+t*(expP4+t*expP5))))
		y := 1 - ((lo - (r*c)/(2-c)) - hi)
		dst[i] = 1 / (1 + y*math.Float64frombits(uint64(k+1023)<<52))
	}
}
