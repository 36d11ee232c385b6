package mlp

import (
	"fmt"
	"math"
)

// SoftmaxFunc is the type of the Softmax activation. Softmax is not
// element-wise: each output depends on every z of its row, so SoftmaxFunc
// implements Activation but not Elementwise (it has no Eval or Deriv, which
// would have to lie). Its only valid value is the constant Softmax.
type SoftmaxFunc uint8

// Softmax turns each row z (one sample's weighted inputs) into probabilities
// that are positive and sum to 1, the usual output for classification into
// several classes:
//
//	a_i = e^(z_i) / Σ_j e^(z_j)
//
// It is computed as e^(z_i − m) / Σ_j e^(z_j − m) with m = max_j z_j, which
// is the same number but never overflows: the largest exponent is e^0 = 1, so
// z = 1000 gives the same result as z = 0 and no NaN.
//
// Its Jacobian ∂a_i/∂z_k = a_i(δ_ik − a_k) is a full matrix per sample, and
// Backprop multiplies by it (a Jacobian-vector product), so Softmax gives
// correct gradients with any Loss, squared error included. With CrossEntropy
// the product simplifies to ∂E/∂z = a − y, which Backward uses directly (see
// CrossEntropy).
const Softmax SoftmaxFunc = 1

// softmaxDef is Softmax's definition (see activationDef): not element-wise,
// so no f and f' but the formula of its Jacobian-vector product, which
// Backprop computes. It is read-only: nothing writes to it.
var softmaxDef = activationDef{name: "softmax",
	formula: "softmax({z})", formulaTeX: `\operatorname{softmax}({z})`,
	jacobian:    "{a} ⊙ ({da} − Σ_row({a} ⊙ {da}))",
	jacobianTeX: `{a} \odot \bigl({da} - \textstyle\sum_{\text{row}} ({a} \odot {da})\bigr)`,
}

// def returns the definition of s, or nil if s is not Softmax.
func (s SoftmaxFunc) def() *activationDef {
	if s != Softmax {
		return nil
	}
	return &softmaxDef
}

// String returns "softmax".
func (s SoftmaxFunc) String() string {
	if d := s.def(); d != nil {
		return d.name
	}
	return fmt.Sprintf("SoftmaxFunc(%d)", uint8(s))
}

func (s SoftmaxFunc) valid() bool { return s.def() != nil }

// Apply sets each row of a to the softmax of the same row of z, giving a the
// shape of z. a may be z. It panics if s is not Softmax.
func (s SoftmaxFunc) Apply(a, z *Matrix) {
	if !s.valid() {
		panic("mlp: Apply on invalid " + s.String())
	}
	a.reshape(z.rows, z.cols)
	for i := 0; i < z.rows; i++ {
		softmaxRow(a.data[i*z.cols:(i+1)*z.cols], z.data[i*z.cols:(i+1)*z.cols])
	}
}

// softmaxRow sets a to the softmax of z; a may be z.
func softmaxRow(a, z []float64) {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	sum := 0.0
	for j, v := range z {
		e := math.Exp(v - m)
		a[j] = e
		sum += e
	}
	for j := range a {
		a[j] /= sum
	}
}

// logSumExp returns ln Σ_j e^(z_j) without overflow, as two parts whose sum
// it is: the maximum m of z, and ln Σ_j e^(z_j − m), which lies in [0, ln n].
// They are kept apart because their sum, rounded to float64, loses the
// digits of the small part next to a huge m: (m − z_j) + ln Σ_j e^(z_j − m)
// is the accurate form of ln Σ_j e^(z_j) − z_j.
func logSumExp(z []float64) (m, lnSum float64) {
	m = math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	return m, math.Log(sum)
}

// Backprop sets dz = ∂E/∂Z from da = ∂E/∂A through the softmax Jacobian, row
// by row: dz_k = Σ_i da_i·∂a_i/∂z_k = a_k(da_k − Σ_i a_i·da_i). z is not
// needed (the Jacobian is a function of a alone). dz may be da. It panics if
// z or a differs in shape from da, or if s is not Softmax.
func (s SoftmaxFunc) Backprop(dz, z, a, da *Matrix) {
	if !s.valid() {
		panic("mlp: Backprop on invalid " + s.String())
	}
	sameShape("Backprop", da, z, a)
	dz.reshape(da.rows, da.cols)
	c := da.cols
	for i := 0; i < da.rows; i++ {
		ai, dai, dzi := a.data[i*c:(i+1)*c], da.data[i*c:(i+1)*c], dz.data[i*c:(i+1)*c]
		ad := dot(ai, dai) // Σ_i a_i·da_i, computed before dz (which may be da) is written
		for k, ak := range ai {
			dzi[k] = ak * (dai[k] - ad)
		}
	}
}
