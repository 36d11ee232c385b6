package mlp

import (
	"fmt"
	"math"
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
	// ∂E/∂z = (Σ_j y_j)·a − y (a − y for rows of y that sum to 1) and
	// computes E from the layer's Z, row by row, as
	// Σ_j y_j·((m − z_j) + ln Σ_k e^(z_k − m)) with m = max_k z_k, which is
	// exact to float64 rounding (and finite unless the true value is not)
	// even where a saturates to 0 or 1, or the logits are huge. There E can
	// differ from Errors in the last bits, or where Errors clips.
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
)

// clipLog is ε of the cross-entropy losses: the smallest normal float64,
// 2⁻¹⁰²². ln ε ≈ −708.4 and 1/ε ≈ 4.5e307 are finite.
const clipLog = 0x1p-1022

// Each built-in loss is one output's term f(a, y) and, right beside it, its
// derivative ∂f/∂a. Eval, Deriv, Errors and Grad all call these.

func squaredError(a, y float64) float64      { d := a - y; return 0.5 * d * d }
func squaredErrorDeriv(a, y float64) float64 { return a - y }

// crossEntropy is −y·ln max(a, ε); its derivative is −y/a, or 0 where a is
// clipped (the term is constant there).
func crossEntropy(a, y float64) float64 { return -y * math.Log(max(a, clipLog)) }
func crossEntropyDeriv(a, y float64) float64 {
	if a < clipLog {
		return 0
	}
	return -y / a
}

// binaryCrossEntropy is the cross-entropy of a and of 1−a:
// −y·ln a − (1−y)·ln(1−a), each logarithm clipped.
func binaryCrossEntropy(a, y float64) float64 { return crossEntropy(a, y) + crossEntropy(1-a, 1-y) }
func binaryCrossEntropyDeriv(a, y float64) float64 {
	return crossEntropyDeriv(a, y) - crossEntropyDeriv(1-a, 1-y)
}

// A lossDef is everything the package knows about one built-in loss, in one
// place: its name, its term and derivative, the formulas a trace prints,
// and the output activation it is fused with, if any. Every method of
// LossFunc, Backward and the trace read it.
//
// The formulas are templates: {a} and {z} stand for the names of the output
// layer's A and Z, in plain text or, in the TeX templates, in LaTeX; y is y.
type lossDef struct {
	name        string
	term, deriv func(a, y float64) float64 // one output's term f(a, y) and ∂f/∂a

	errors, errorsTeX string // one sample's error E_i, from A
	grad, gradTeX     string // ∂E/∂A

	// fusesWith is the output activation on which Backward takes ∂E/∂Z
	// directly as the combined gradient (nil if none), and fused computes it
	// and E from Z: see fusedLoss.
	fusesWith Activation
	fused     func(dz, e, z, a, y *Matrix) (total float64, rowsSumToOne bool)
	// fusedErrors is E_i as fused computes it, from Z; why says in a
	// sentence why ∂E/∂Z is the combined gradient, written {delta}.
	fusedErrors, fusedErrorsTeX string
	why                         string
}

// lossFuncs holds the definition of each LossFunc, indexed by its value;
// index 0 is no loss. It is read-only: nothing writes to it. Adding a loss
// is adding a constant above and its entry here.
var lossFuncs = [...]lossDef{
	SquaredError: {name: "squared-error", term: squaredError, deriv: squaredErrorDeriv,
		errors: "½({a} − y)², summed over each row", errorsTeX: `\sum_j \tfrac{1}{2} (({a})_{ij} - y_{ij})^2`,
		grad: "{a} − y", gradTeX: "{a} - y"},
	CrossEntropy: {name: "cross-entropy", term: crossEntropy, deriv: crossEntropyDeriv,
		errors:    "−y ⊙ ln max({a}, ε), summed over each row, ε = 2⁻¹⁰²²",
		errorsTeX: `-\sum_j y_{ij} \ln \max(({a})_{ij}, \varepsilon)`,
		grad:      "−y ⊘ {a}, 0 where {a} < ε = 2⁻¹⁰²²", gradTeX: `-y \oslash {a}`,
		fusesWith: Softmax, fused: softmaxCrossEntropy,
		fusedErrors: "Σ_j y_j·((m − z_j) + ln Σ_k e^(z_k − m)) for each row z of {z}, m = max_k z_k",
		fusedErrorsTeX: `\sum_j y_{ij} \bigl((m_i - ({z})_{ij}) + \ln \textstyle\sum_k e^{({z})_{ik} - m_i}\bigr),\ ` +
			`m_i = \max_k ({z})_{ik}`,
		why: "Cross-entropy meets its own softmax output here: the chain rule's product of ∂E/∂{a} and the softmax Jacobian " +
			"simplifies to {delta}, which is computed directly (exact even where {a} saturates to 0 or 1)."},
	BinaryCrossEntropy: {name: "binary-cross-entropy", term: binaryCrossEntropy, deriv: binaryCrossEntropyDeriv,
		errors:    "−y ⊙ ln max({a}, ε) − (1 − y) ⊙ ln max(1 − {a}, ε), summed over each row, ε = 2⁻¹⁰²²",
		errorsTeX: `-\sum_j \bigl(y_{ij} \ln \max(({a})_{ij}, \varepsilon) + (1 - y_{ij}) \ln \max(1 - ({a})_{ij}, \varepsilon)\bigr)`,
		grad:      "−y ⊘ {a} + (1 − y) ⊘ (1 − {a}), each part 0 where its divisor < ε = 2⁻¹⁰²²",
		gradTeX:   `-y \oslash {a} + (1 - y) \oslash (1 - {a})`,
		fusesWith: Sigmoid, fused: sigmoidCrossEntropy,
		fusedErrors:    "y ⊙ softplus(−{z}) + (1 − y) ⊙ softplus({z}), summed over each row, softplus(z) = ln(1 + e^z)",
		fusedErrorsTeX: `\sum_j \bigl(y_{ij} \operatorname{softplus}(-({z})_{ij}) + (1 - y_{ij}) \operatorname{softplus}(({z})_{ij})\bigr)`,
		why: "Binary cross-entropy meets its own sigmoid output here: the chain rule's product " +
			"∂E/∂{a} ⊙ σ'({z}) = (({a} − y) ⊘ ({a} ⊙ (1 − {a}))) ⊙ {a} ⊙ (1 − {a}) simplifies to {delta}, " +
			"which is computed directly (exact even where {a} saturates to 0 or 1)."},
}

// def returns the definition of l, or nil if l is not one of the constants.
func (l LossFunc) def() *lossDef {
	if l == 0 || int(l) >= len(lossFuncs) {
		return nil
	}
	return &lossFuncs[l]
}

// mustDef returns the definition of l, and panics naming op if l is not one
// of the constants.
func (l LossFunc) mustDef(op string) *lossDef {
	if d := l.def(); d != nil {
		return d
	}
	panic(invalidBuiltin(op, l))
}

// String returns the loss's name, such as "squared-error".
func (l LossFunc) String() string {
	if d := l.def(); d != nil {
		return d.name
	}
	return fmt.Sprintf("LossFunc(%d)", uint8(l))
}

func (l LossFunc) valid() bool { return l.def() != nil }

// ParseLoss returns the built-in loss with the given name, as returned by its
// String method. An unknown name is an error; there is no fallback.
func ParseLoss(name string) (Loss, error) {
	return parseName("loss", name, builtinLosses())
}

// builtinLosses lists every built-in loss.
func builtinLosses() []Loss {
	var all []Loss
	for l := range lossFuncs[1:] {
		all = append(all, LossFunc(l+1))
	}
	return all
}

// Eval returns the loss term of one output a against its target y:
// ½(a−y)² for SquaredError, −y·ln a for CrossEntropy and
// −y·ln a − (1−y)·ln(1−a) for BinaryCrossEntropy (each logarithm's argument
// clipped from below at 2⁻¹⁰²², see CrossEntropy). It panics if l is not a
// defined constant.
func (l LossFunc) Eval(a, y float64) float64 { return l.mustDef("Eval").term(a, y) }

// Deriv returns ∂/∂a of Eval(a, y): a−y for SquaredError, −y/a for
// CrossEntropy and −y/a + (1−y)/(1−a) for BinaryCrossEntropy, where a
// clipped part contributes 0 (its Eval term is constant there). It panics if
// l is not a defined constant.
func (l LossFunc) Deriv(a, y float64) float64 { return l.mustDef("Deriv").deriv(a, y) }

// Errors sets e (samples×1) to each sample's error and returns their sum.
// It panics if a and y differ in shape or l is not a defined constant.
func (l LossFunc) Errors(e, a, y *Matrix) float64 {
	return elementwiseErrors(l.mustDef("Errors").term, e, a, y)
}

// Grad sets da = ∂E/∂A and returns E. It panics if a and y differ in shape or
// l is not a defined constant.
func (l LossFunc) Grad(da, a, y *Matrix) float64 {
	das, as, ys := gradArgs(da, a, y)
	if l == SquaredError { // the common case, with its term and derivative inlined
		return gradEach(das, as, ys, squaredError, squaredErrorDeriv)
	}
	d := l.mustDef("Grad")
	return gradEach(das, as, ys, d.term, d.deriv)
}

// gradArgs panics unless a and y have the same shape, gives da that shape,
// and returns the elements of the three, of the same length.
func gradArgs(da, a, y *Matrix) (das, as, ys []float64) {
	if !sameDims(a, y) {
		sameShape("Grad", a, y)
	}
	da.reshape(a.rows, a.cols)
	as = a.RawData()
	return da.RawData()[:len(as)], as, y.RawData()[:len(as)]
}

// gradEach sets das[i] = df(as[i], ys[i]) and returns Σ_i f(as[i], ys[i]):
// the loop of every Grad. It is small enough to be inlined, and then so are
// f and df where they are known.
func gradEach(das, as, ys []float64, f, df func(a, y float64) float64) float64 {
	das, ys = das[:len(as)], ys[:len(as)]
	e := 0.0
	for i, v := range as {
		e += f(v, ys[i])
		das[i] = df(v, ys[i])
	}
	return e
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
	das, as, ys := gradArgs(da, a, y)
	return gradEach(das, as, ys, c.f, c.df)
}

// fusedLoss returns the definition of loss if Backward fuses it with an
// output layer of activation act (CrossEntropy on Softmax,
// BinaryCrossEntropy on Sigmoid), or nil. There Backward takes ∂E/∂Z as the
// combined gradient A − y and E from Z, which stay exact where A saturates,
// instead of going through ∂E/∂A and the activation.
func fusedLoss(loss Loss, act Activation) *lossDef {
	l, ok := loss.(LossFunc)
	if !ok {
		return nil
	}
	if d := l.def(); d != nil && d.fused != nil && d.fusesWith == act {
		return d
	}
	return nil
}

// outputDelta sets the last layer's DA = ∂E/∂A and DZ = ∂E/∂Z against the
// targets y, and returns E and the way DZ was computed. Where loss is fused
// with the layer's activation (see fusedLoss), DZ is the combined gradient
// and E comes from Z, while DA is still the loss's gradient, for looking
// at; otherwise DZ is the activation's Backprop of DA.
func outputDelta(loss Loss, l *Layer, y *Matrix) (float64, deltaPath) {
	if d := fusedLoss(loss, l.Activation); d != nil {
		loss.Grad(l.DA, l.A, y)
		e, sumsToOne := d.fused(l.DZ, nil, l.Z, l.A, y)
		if !sumsToOne {
			return e, pathFusedScaled
		}
		return e, pathFused
	}
	e := loss.Grad(l.DA, l.A, y)
	l.Activation.Backprop(l.DZ, l.Z, l.A, l.DA)
	return e, backpropPath(l.Activation)
}

// outputErrors sets e (samples×1) to each sample's error of the last
// layer l against y, computed as Backward computes E, and returns their sum:
// from Z where loss is fused with l's activation, from the loss's Errors
// otherwise. l and y are not changed.
func outputErrors(loss Loss, e *Matrix, l *Layer, y *Matrix) float64 {
	if d := fusedLoss(loss, l.Activation); d != nil {
		total, _ := d.fused(new(Matrix), e, l.Z, l.A, y)
		return total
	}
	return loss.Errors(e, l.A.Clone(), y.Clone()) // copies: a Loss of the user's might write
}

// softmaxCrossEntropy sets dz = ∂E/∂Z for E = −Σ y·ln softmax(z), row by
// row, and returns E computed from the logits z, and whether every row of y
// sums to exactly 1 (so that dz is exactly a − y):
//
//	E_row = Σ_j y_j·((m − z_j) + ln Σ_k e^(z_k − m)),  m = max_k z_k
//	∂E_row/∂z_j = (Σ_k y_k)·a_j − y_j
//
// where a = softmax(z): the first is Σ_j y_j·(ln Σ_k e^(z_k) − z_j) in the
// form that keeps every digit (see logSumExp). Terms with y_j = 0 contribute
// nothing, as 0·ln 0 = 0. If e is not nil it is set to the rows' errors
// (samples×1), which add up to E in order.
func softmaxCrossEntropy(dz, e, z, a, y *Matrix) (total float64, rowsSumToOne bool) {
	rowsSumToOne = true
	total = fusedRows(dz, e, z, a, y, func(zi, ai, yi, dzi []float64) float64 {
		m, lnSum := logSumExp(zi)
		row, sumY := 0.0, 0.0
		for j, yj := range yi {
			sumY += yj
			if yj != 0 {
				row += yj * ((m - zi[j]) + lnSum)
			}
		}
		for j, aj := range ai {
			dzi[j] = sumY*aj - yi[j]
		}
		rowsSumToOne = rowsSumToOne && sumY == 1
		return row
	})
	return total, rowsSumToOne
}

// sigmoidCrossEntropy sets dz = ∂E/∂Z for E = −Σ [y·ln σ(z) + (1−y)·ln(1−σ(z))]
// and returns E computed from the logits z (and true: dz is a − y):
//
//	E = Σ y·softplus(−z) + (1−y)·softplus(z),  softplus(z) = ln(1+e^z)
//	∂E/∂z = σ(z) − y = a − y
//
// using −ln σ(z) = softplus(−z) and −ln(1−σ(z)) = softplus(z). If e is not
// nil it is set to the rows' errors (samples×1), which add up to E in order.
func sigmoidCrossEntropy(dz, e, z, a, y *Matrix) (total float64, rowsSumToOne bool) {
	total = fusedRows(dz, e, z, a, y, func(zi, ai, yi, dzi []float64) float64 {
		row := 0.0
		for j, v := range zi {
			yj := yi[j]
			if yj != 0 {
				row += yj * softplus(-v)
			}
			if yj != 1 {
				row += (1 - yj) * softplus(v)
			}
			dzi[j] = ai[j] - yj
		}
		return row
	})
	return total, true
}

// fusedRows gives dz (and e, if not nil, as samples×1) their shapes, calls
// row on each row of z, a, y and dz, which sets the row of dz and returns
// its error, sets e's row to it and returns the sum of the rows' errors, in
// order. It panics if z, a and y differ in shape.
func fusedRows(dz, e, z, a, y *Matrix, row func(zi, ai, yi, dzi []float64) float64) float64 {
	sameShape("Grad", z, a, y)
	dz.reshape(z.rows, z.cols)
	if e != nil {
		e.reshape(z.rows, 1)
	}
	c, total := z.cols, 0.0
	for i := 0; i < z.rows; i++ {
		r := row(z.data[i*c:(i+1)*c], a.data[i*c:(i+1)*c], y.data[i*c:(i+1)*c], dz.data[i*c:(i+1)*c])
		if e != nil {
			e.data[i] = r
		}
		total += r
	}
	return total
}

// softplus returns ln(1+e^z) without overflow: max(z, 0) + ln(1+e^(−|z|)).
func softplus(z float64) float64 {
	return max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}
