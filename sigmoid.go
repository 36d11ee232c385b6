package mlp

import "math"

// Sigmoid layers spend much of their time in e^x. math.Exp is accurate but
// is a call that cannot be inlined or vectorised; here the same kind of
// approximation is written out: in Go (exp), and on amd64 with AVX2 and
// FMA in assembly, four values at a time (sigmoid_amd64.s), with fused
// multiply-adds in the polynomial. Within one build every sigmoid goes the
// same way (on amd64 a single value goes through the assembly too), so
// Sigmoid.Eval(z) is exactly what Apply puts in A.
//
// e^x is computed as in fdlibm's e_exp.c (Sun Microsystems, 1993, "freely
// distributable"), the algorithm behind math.Exp's portable Go code:
//
//  1. Reduce: x = k·ln2 + r with |r| ≤ ½ln2 and k an integer, rounded by
//     adding 1.5·2^52 (which leaves k in the low bits). r is carried as
//     hi − lo, with ln2 split in two so that hi = x − k·ln2hi is exact.
//  2. Approximate e^r by a rational function: with t = r², the Remez
//     polynomial R(t) = t·(P1 + t·(P2 + … + t·P5)) gives c = r − R and
//     e^r = 1 + r + r·c/(2 − c), with an error below 2^-59.
//  3. Scale: e^x = 2^k·e^r, with 2^k made by writing k+1023 into the
//     exponent field.
//
// The result is within 1 ulp of the true value and the sigmoid within 2
// (TestExpAccurate and TestSigmoids check them against a 200-bit
// evaluation; math.Exp on amd64 is within 1.5 ulp).

const (
	expLn2Hi   = 6.93147180369123816490e-01 // ln2 rounded to 32 bits: k·expLn2Hi is exact for |k| < 2^20
	expLn2Lo   = 1.90821492927058770002e-10 // ln2 − expLn2Hi
	expLog2e   = 1.44269504088896338700e+00 // 1/ln2
	expShifter = 0x1.8p52                   // x + 1.5·2^52 rounds x to an integer, kept in the low bits

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
	if !(math.Abs(x) <= expMax) {
		return math.Exp(x)
	}
	kf := x*expLog2e + expShifter // 1.5·2^52 + k
	fk := kf - expShifter
	hi := x - fk*expLn2Hi // fk·expLn2Hi is exact, so is hi
	lo := fk * expLn2Lo
	r := hi - lo
	t := r * r
	c := r - t*(expP1+t*(expP2+t*(expP3+t*(expP4+t*expP5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	// The low 12 bits of kf's bits are k (mod 4096): adding 1023 and
	// shifting them into the exponent field makes 2^k.
	return y * math.Float64frombits((math.Float64bits(kf)+1023)<<52)
}

// sigmoid returns 1/(1+e^(−z)): 0 for z < −709.78 (e^(−z) = +Inf), 1 for
// large z, never NaN for a number.
func sigmoid(z float64) float64 {
	if s, ok := sigmoidVec1(z); ok {
		return s
	}
	return 1 / (1 + exp(-z))
}

// sigmoidDeriv is the sigmoid's local derivative σ'(z) = a(1−a), given z and
// a = σ(z).
func sigmoidDeriv(_, a float64) float64 { return a * (1 - a) }

// sigmoids sets dst[i] = sigmoid(src[i]) = 1/(1+e^(−src[i])) for every i; dst must be at least
// as long as src.
func sigmoids(dst, src []float64) {
	dst = dst[:len(src)]
	for len(src) >= 4 {
		// sigmoidsVec stops before the first block of 4 holding a value
		// beyond ±expMax (or NaN), which the loop below takes.
		n := sigmoidsVec(dst, src)
		dst, src = dst[n:], src[n:]
		if len(src) >= 4 {
			for i := 0; i < 4; i++ {
				dst[i] = sigmoid(src[i])
			}
			dst, src = dst[4:], src[4:]
		}
	}
	for i, z := range src {
		dst[i] = sigmoid(z)
	}
}
