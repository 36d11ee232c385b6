package mlp

import (
	"fmt"
	"strings"
)

// A Loss measures how far a network's outputs A are from the targets Y, and
// gives backpropagation its starting point ∂E/∂A. The package's own is the
// LossFunc constant SquaredError; NewLoss makes one from a function and its
// derivative.
//
// A Loss's Grad must be the derivative of what its Errors reports: both
// describe the same E.
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

	lastLossFunc = SquaredError
)

// String returns the loss's name, such as "squared-error".
func (l LossFunc) String() string {
	switch l {
	case SquaredError:
		return "squared-error"
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
// ½(a−y)² for SquaredError. It panics if l is not a defined constant.
func (l LossFunc) Eval(a, y float64) float64 {
	switch l {
	case SquaredError:
		d := a - y
		return 0.5 * d * d
	}
	panic("mlp: Eval on invalid " + l.String())
}

// Deriv returns ∂/∂a of Eval(a, y): a−y for SquaredError. It panics if l is
// not a defined constant.
func (l LossFunc) Deriv(a, y float64) float64 {
	switch l {
	case SquaredError:
		return a - y
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
	}
	panic("mlp: Grad on invalid " + l.String())
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
