package mlp

import (
	"fmt"
	"math"
	"strings"
)

// A Loss measures how far a network's outputs A are from the targets Y, and
// gives backpropagation its starting point ∂E/∂A. The package's own are the
// LossFunc constants SquaredError (for regression), CrossEntropy (for a
// Softmax output) and BinaryCrossEntropy (for Sigmoid outputs); NewLoss makes
// one from a function and its derivative.
//
// A Loss's Grad must be the derivative of what its Errors reports: both
// describe the same E.
//
// The built-in losses are summed over the samples of a batch, not averaged,
// so a batch's gradient is the sum of its samples' gradients and grows with
// the batch size. Network.Step follows that sum, as the tutorial does;
// Network.Train divides it by the batch size unless told otherwise (see
// TrainConfig.SumLoss), so that one learning rate suits every batch size.
type Loss interface {
	// String returns the loss's name, such as "squared-error".
	String() string
	// Errors sets e to each sample's error E_i (e becomes samples×1, one
	// row a sample, summed over the outputs) and returns E = Σ_i E_i.
	// a and y are samples×outputs and have the same shape.
	Errors(e, a, y *Matrix) float64
	// Grad sets da = ∂E/∂A (da gets the shape of a) and returns E.
	// a and y have the same shape; da may be a.
	Grad(da, a, y *Matrix) float64
}

// LossFunc is one of the package's built-in losses. Its values are constants.
type LossFunc uint8

const (
	// SquaredError is E = Σ over samples and outputs of ½(a−y)², with
	// ∂E/∂a = a−y. It is summed, not averaged, as in the tutorial: the
	// gradient of a batch is the sum of its samples' gradients, so with a
	// fixed learning rate a batch twice as large takes a step twice as long.
	SquaredError LossFunc = iota + 1

	// CrossEntropy is E = −Σ y·ln a over samples and outputs, with
	// ∂E/∂a = −y/a: the loss for a Softmax output, where each row of y is a
	// one-hot class (or a probability distribution over the classes) and each
	// row of a the predicted probabilities. Minimising it maximises the
	// likelihood of the true classes. Summed over samples, like SquaredError.
	//
	// So that outputs which saturate to exactly 0 give no Inf, a is clipped
	// from below at ε = 2⁻¹⁰²² (the smallest normal float64, ln ε ≈ −708.4):
	// the term is −y·ln max(a, ε), whose derivative is −y/a for a ≥ ε and 0
	// below, and that is exactly what Grad returns. Only exact zeros and
	// subnormal outputs are affected.
	//
	// On a Softmax output layer, Backward does not go through ∂E/∂a: it uses
	// ∂E/∂z = (Σ_j y_j)·a − y (a − y for one-hot rows) and computes E from the
	// layer's Z as Σ_j y_j·(ln Σ_k e^(z_k) − z_j), which is exact and finite
	// even where a saturates to 0 or 1. There E can differ from Errors in the
	// last bits, or where Errors clips.
	CrossEntropy

	// BinaryCrossEntropy is E = −Σ [y·ln a + (1−y)·ln(1−a)] over samples and
	// outputs, with ∂E/∂a = (a−y)/(a(1−a)): the loss for Sigmoid outputs,
	// each a yes/no question with target y in [0, 1] (one output for two
	// classes, or one output per label for several labels at once). Summed
	// over samples, like SquaredError.
	//
	// So that outputs which saturate to exactly 0 or 1 give no Inf, a and
	// 1−a are clipped from below at ε = 2⁻¹⁰²², as for CrossEntropy: the
	// term is −y·ln max(a, ε) − (1−y)·ln max(1−a, ε), and Grad returns its
	// derivative exactly (0 for a clipped part).
	//
	// On a Sigmoid output layer, Backward uses ∂E/∂z = a − y and computes E
	// from the layer's Z as y·softplus(−z) + (1−y)·softplus(z), with
	// softplus(z) = ln(1+e^z), which is exact and finite even where a
	// saturates (z = 1000 and y = 0 give E = 1000).
	BinaryCrossEntropy

	lastLossFunc = BinaryCrossEntropy
)

// clipLog is ε of the cross-entropy losses: the smallest normal float64,
// 2⁻¹⁰²². ln ε ≈ −708.4 and 1/ε ≈ 4.5e307 are finite.
const clipLog = 0x1p-1022

// String returns the loss's name, such as "squared-error".
func (l LossFunc) String() string {
	switch l {
	case SquaredError:
		return "squared-error"
	case CrossEntropy:
		return "cross-entropy"
	case BinaryCrossEntropy:
		return "binary-cross-entropy"
	}
	return fmt.Sprintf("LossFunc(%d)", uint8(l))
}

func (l LossFunc) valid() bool { return l >= 1 && l <= lastLossFunc }

// ParseLoss returns the built-in loss with the given name, as returned by its
// String method. An unknown name is an error; there is no fallback.
func ParseLoss(name string) (Loss, error) {
	var known []string
	for _, l := range builtinLosses() {
		if l.String() == name {
			return l, nil
		}
		known = append(known, l.String())
	}
	return nil, fmt.Errorf("mlp: unknown loss %q, want one of %s", name, strings.Join(known, ", "))
}

// builtinLosses lists every built-in loss.
func builtinLosses() []Loss {
	var all []Loss
	for l := LossFunc(1); l <= lastLossFunc; l++ {
		all = append(all, l)
	}
	return all
}

// Eval returns the loss term of one output a against its target y:
// ½(a−y)² for SquaredError, −y·ln a for CrossEntropy and
// −y·ln a − (1−y)·ln(1−a) for BinaryCrossEntropy (each logarithm's argument
// clipped from below at 2⁻¹⁰²², see CrossEntropy). It panics if l is not a
// defined constant.
func (l LossFunc) Eval(a, y float64) float64 {
	switch l {
	case SquaredError:
		d := a - y
		return 0.5 * d * d
	case CrossEntropy:
		return -y * math.Log(max(a, clipLog))
	case BinaryCrossEntropy:
		return -y*math.Log(max(a, clipLog)) - (1-y)*math.Log(max(1-a, clipLog))
	}
	panic("mlp: Eval on invalid " + l.String())
}

// Deriv returns ∂/∂a of Eval(a, y): a−y for SquaredError, −y/a for
// CrossEntropy and −y/a + (1−y)/(1−a) for BinaryCrossEntropy, where a
// clipped part contributes 0 (its Eval term is constant there). It panics if
// l is not a defined constant.
func (l LossFunc) Deriv(a, y float64) float64 {
	switch l {
	case SquaredError:
		return a - y
	case CrossEntropy:
		return logDeriv(a, y)
	case BinaryCrossEntropy:
		return logDeriv(a, y) - logDeriv(1-a, 1-y)
	}
	panic("mlp: Deriv on invalid " + l.String())
}

// Errors sets e (samples×1) to each sample's error and returns their sum.
// It panics if a and y differ in shape or l is not a defined constant.
func (l LossFunc) Errors(e, a, y *Matrix) float64 {
	if !l.valid() {
		panic("mlp: Errors on invalid " + l.String())
	}
	return elementwiseErrors(l.Eval, e, a, y)
}

// Grad sets da = ∂E/∂A and returns E. It panics if a and y differ in shape or
// l is not a defined constant.
func (l LossFunc) Grad(da, a, y *Matrix) float64 {
	sameShape("Grad", a, y)
	da.reshape(a.rows, a.cols)
	as, ys := a.RawData(), y.RawData()
	das := da.RawData()[:len(as)]
	ys = ys[:len(as)]
	switch l {
	case SquaredError:
		e := 0.0
		for i, v := range as {
			d := v - ys[i]
			e += d * d
			das[i] = d
		}
		return 0.5 * e
	case CrossEntropy, BinaryCrossEntropy:
		e := 0.0
		for i, v := range as {
			e += l.Eval(v, ys[i])
			das[i] = l.Deriv(v, ys[i])
		}
		return e
	}
	panic("mlp: Grad on invalid " + l.String())
}

// logDeriv returns ∂/∂a of −y·ln max(a, ε): −y/a, or 0 where a is clipped.
func logDeriv(a, y float64) float64 {
	if a < clipLog {
		return 0
	}
	return -y / a
}

// elementwiseErrors sets e_i = Σ_j f(a_ij, y_ij) and returns Σ_i e_i.
func elementwiseErrors(f func(a, y float64) float64, e, a, y *Matrix) float64 {
	sameShape("Errors", a, y)
	e.reshape(a.rows, 1)
	total := 0.0
	for i := 0; i < a.rows; i++ {
		ai, yi := a.Row(i), y.Row(i)
		s := 0.0
		for j, v := range ai {
			s += f(v, yi[j])
		}
		e.data[i] = s
		total += s
	}
	return total
}

// NewLoss returns a Loss with the given name that sums f(a, y) over every
// sample and output, with df(a, y) = ∂f/∂a. Compare df with finite
// differences of f in a test: a gradient that is not the derivative of the
// reported loss trains badly without any error.
//
// NewLoss panics if name is empty or f or df is nil.
func NewLoss(name string, f, df func(a, y float64) float64) Loss {
	if name == "" || f == nil || df == nil {
		panic("mlp: NewLoss needs a name, f and df")
	}
	return &funcLoss{name: name, f: f, df: df}
}

type funcLoss struct {
	name  string
	f, df func(a, y float64) float64
}

func (c *funcLoss) String() string { return c.name }

func (c *funcLoss) Errors(e, a, y *Matrix) float64 { return elementwiseErrors(c.f, e, a, y) }

func (c *funcLoss) Grad(da, a, y *Matrix) float64 {
	sameShape("Grad", a, y)
	da.reshape(a.rows, a.cols)
	as, ys := a.RawData(), y.RawData()
	das := da.RawData()[:len(as)]
	ys = ys[:len(as)]
	e := 0.0
	for i, v := range as {
		e += c.f(v, ys[i])
		das[i] = c.df(v, ys[i])
	}
	return e
}

// outputDelta sets the last layer's DA = ∂E/∂A and DZ = ∂E/∂Z against the
// targets y, and returns E. Where a cross-entropy loss meets its matching
// output (CrossEntropy on Softmax, BinaryCrossEntropy on Sigmoid), DZ is the
// combined gradient and E comes from Z (see CrossEntropy); otherwise
// DZ is the activation's Backprop of the loss's DA.
func outputDelta(loss Loss, l *Layer, y *Matrix) float64 {
	switch {
	case loss == CrossEntropy && l.Activation == Softmax:
		loss.Grad(l.DA, l.A, y)
		return softmaxCrossEntropy(l.DZ, l.Z, l.A, y)
	case loss == BinaryCrossEntropy && l.Activation == Sigmoid:
		loss.Grad(l.DA, l.A, y)
		return sigmoidCrossEntropy(l.DZ, l.Z, l.A, y)
	}
	e := loss.Grad(l.DA, l.A, y)
	l.Activation.Backprop(l.DZ, l.Z, l.A, l.DA)
	return e
}

// softmaxCrossEntropy sets dz = ∂E/∂Z for E = −Σ y·ln softmax(z), row by
// row, and returns E computed from the logits z:
//
//	E_row = Σ_j y_j·(lse − z_j),  lse = ln Σ_k e^(z_k)
//	∂E_row/∂z_j = (Σ_k y_k)·a_j − y_j
//
// where a = softmax(z). Terms with y_j = 0 contribute nothing, as 0·ln 0 = 0.
func softmaxCrossEntropy(dz, z, a, y *Matrix) float64 {
	sameShape("Grad", z, a, y)
	dz.reshape(z.rows, z.cols)
	c := z.cols
	e := 0.0
	for i := 0; i < z.rows; i++ {
		zi, ai, yi, dzi := z.data[i*c:(i+1)*c], a.data[i*c:(i+1)*c], y.data[i*c:(i+1)*c], dz.data[i*c:(i+1)*c]
		lse, _ := logSumExp(zi)
		sumY := 0.0
		for j, yj := range yi {
			sumY += yj
			if yj != 0 {
				e += yj * (lse - zi[j])
			}
		}
		for j, aj := range ai {
			dzi[j] = sumY*aj - yi[j]
		}
	}
	return e
}

// sigmoidCrossEntropy sets dz = ∂E/∂Z for E = −Σ [y·ln σ(z) + (1−y)·ln(1−σ(z))]
// and returns E computed from the logits z:
//
//	E = Σ y·softplus(−z) + (1−y)·softplus(z),  softplus(z) = ln(1+e^z)
//	∂E/∂z = σ(z) − y = a − y
//
// using −ln σ(z) = softplus(−z) and −ln(1−σ(z)) = softplus(z).
func sigmoidCrossEntropy(dz, z, a, y *Matrix) float64 {
	sameShape("Grad", z, a, y)
	dz.reshape(z.rows, z.cols)
	zs, as, ys := z.RawData(), a.RawData(), y.RawData()
	dzs := dz.RawData()
	e := 0.0
	for i, v := range zs {
		yi := ys[i]
		if yi != 0 {
			e += yi * softplus(-v)
		}
		if yi != 1 {
			e += (1 - yi) * softplus(v)
		}
		dzs[i] = as[i] - yi
	}
	return e
}

// softplus returns ln(1+e^z) without overflow: max(z, 0) + ln(1+e^(−|z|)).
func softplus(z float64) float64 {
	return max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}
