package mlp

import (
	"fmt"
	"math"
	"strings"
)

// An Activation is a layer's nonlinearity a = f(z), with what backpropagation
// needs to cross it. The package's own are the ActivationFunc constants
// Identity, Sigmoid, Tanh and ReLU, which act element by element, and Softmax,
// which acts on each row as a whole; NewActivation makes one from a function
// and its derivative.
type Activation interface {
	// String returns the activation's name, such as "sigmoid". The name
	// identifies the activation in errors, traces and saved networks.
	String() string
	// Apply sets a = f(z), giving a the shape of z (samples×units). a may be z.
	Apply(a, z *Matrix)
	// Backprop sets dz = ∂E/∂Z from da = ∂E/∂A by the chain rule, given z
	// and a = f(z) from the forward pass, which have the shape of da. dz gets
	// that shape too; dz may be da.
	Backprop(dz, z, a, da *Matrix)
}

// Elementwise is an Activation that acts on each element alone,
// a_ij = f(z_ij), so that its Jacobian is diagonal and Backprop is
// dz_ij = da_ij · f'(z_ij). Every ActivationFunc and every activation made by
// NewActivation is Elementwise.
type Elementwise interface {
	Activation
	// Eval returns f(z).
	Eval(z float64) float64
	// Deriv returns the local derivative f'(z) = ∂a/∂z, given z and a = f(z)
	// (sigmoid and tanh compute it most simply from a, ReLU from z).
	Deriv(z, a float64) float64
}

// ActivationFunc is one of the package's built-in activations. Its values are
// constants; each formula and its derivative are listed with the constant.
type ActivationFunc uint8

const (
	// Identity is f(z) = z, with f'(z) = 1: a linear layer, the usual output
	// for regression.
	Identity ActivationFunc = iota + 1
	// Sigmoid is the logistic function f(z) = 1/(1+e^(−z)), with
	// f'(z) = a(1−a) where a = f(z): the tutorial's activation, squashing z
	// into (0, 1). It is computed so that no z, however large, gives NaN:
	// e^(−z) overflows to +Inf for z < −709 and 1/(1+Inf) is the correct 0.
	Sigmoid
	// Tanh is the hyperbolic tangent f(z) = tanh(z), with f'(z) = 1−a²,
	// squashing z into (−1, 1). It is math.Tanh, which never overflows.
	Tanh
	// ReLU is the rectified linear unit f(z) = max(0, z), with f'(z) = 1 for
	// z > 0 and 0 otherwise (0 at z = 0).
	ReLU
)

// Each built-in element-wise activation is a forward function f(z) and,
// right beside it, its local derivative f'(z) = ∂a/∂z given z and a = f(z).
// Eval, Deriv, Apply and Backprop all call these; Apply and Backprop call
// them in loops the compiler inlines them into. The sigmoid's pair is in
// sigmoid.go, with its vectorised form.

func identity(z float64) float64         { return z }
func identityDeriv(_, _ float64) float64 { return 1 }

func tanhDeriv(_, a float64) float64 { return 1 - a*a } // f = math.Tanh

func relu(z float64) float64 { return max(z, 0) }
func reluDeriv(z, _ float64) float64 {
	if reluOn(z) {
		return 1
	}
	return 0
}

// reluOn reports whether a ReLU unit with weighted input z passes its
// gradient on: where its slope is 1, not 0.
func reluOn(z float64) bool { return z > 0 }

// An activationDef is everything the package knows about one built-in
// activation, in one place: its name, f and f' (or, for softmax, the
// formula of its Jacobian), the formulas a trace prints, and what Diagnose
// and New's default initialisation need. Every method of ActivationFunc and
// SoftmaxFunc, the trace, Diagnose and New read it.
//
// The formulas are templates: {z}, {a} and {da} stand for the names of the
// layer's Z, A and DA = ∂E/∂A, in plain text or, in the TeX templates, in
// LaTeX.
type activationDef struct {
	name string

	// f and df are f(z) and f'(z) given z and a = f(z), for an element-wise
	// activation; nil for softmax.
	f  func(z float64) float64
	df func(z, a float64) float64

	formula, formulaTeX   string // a = f(z): "σ({z})"
	deriv, derivTeX       string // element-wise f'(z), as a matrix: "σ'({z}) = {a} ⊙ (1 − {a})"
	jacobian, jacobianTeX string // not element-wise: ∂E/∂Z from {da} through the Jacobian

	// peakSlope is the largest f'(z) of an activation that saturates at
	// both ends (Diagnose reports a unit whose slope stays below 1% of it),
	// 0 for one that does not.
	peakSlope float64
	// deadBelowZero is set where f'(z) = 0 for every z ≤ 0, so that a unit
	// whose z ≤ 0 on every sample is dead (Diagnose).
	deadBelowZero bool
	// heInit is set where New's default initialisation is He's rather than
	// Glorot's: units that pass on only half of their inputs.
	heInit bool
}

// activationFuncs holds the definition of each ActivationFunc, indexed by
// its value; index 0 is no activation. It is read-only: nothing writes to
// it. Adding an activation is adding a constant above and its line here
// (and, if it deserves one, a fast path in Apply and Backprop).
var activationFuncs = [...]activationDef{
	Identity: {name: "identity", f: identity, df: identityDeriv,
		formula: "{z}", formulaTeX: "{z}",
		deriv: "1", derivTeX: "1"},
	Sigmoid: {name: "sigmoid", f: sigmoid, df: sigmoidDeriv,
		formula: "σ({z})", formulaTeX: `\sigma({z})`,
		deriv: "σ'({z}) = {a} ⊙ (1 − {a})", derivTeX: `\sigma'({z}) = {a} \odot (1 - {a})`,
		peakSlope: 0.25},
	Tanh: {name: "tanh", f: math.Tanh, df: tanhDeriv,
		formula: "tanh({z})", formulaTeX: `\tanh({z})`,
		deriv: "tanh'({z}) = 1 − {a} ⊙ {a}", derivTeX: `\tanh'({z}) = 1 - {a} \odot {a}`,
		peakSlope: 1},
	ReLU: {name: "relu", f: relu, df: reluDeriv,
		formula: "max(0, {z})", formulaTeX: `\max(0, {z})`,
		deriv: "1 where {z} > 0, else 0", derivTeX: "[{z} > 0]",
		deadBelowZero: true, heInit: true},
}

// def returns the definition of f, or nil if f is not one of the constants.
func (f ActivationFunc) def() *activationDef {
	if f == 0 || int(f) >= len(activationFuncs) {
		return nil
	}
	return &activationFuncs[f]
}

// builtinDef returns the definition of a built-in activation, or nil for
// any other Activation (or an invalid built-in).
func builtinDef(a Activation) *activationDef {
	switch a := a.(type) {
	case ActivationFunc:
		return a.def()
	case SoftmaxFunc:
		return a.def()
	}
	return nil
}

// String returns the activation's lower-case name, such as "sigmoid".
func (f ActivationFunc) String() string {
	if d := f.def(); d != nil {
		return d.name
	}
	return fmt.Sprintf("ActivationFunc(%d)", uint8(f))
}

func (f ActivationFunc) valid() bool { return f.def() != nil }

// ParseActivation returns the built-in activation with the given name, as
// returned by its String method ("identity", "sigmoid", "tanh", "relu",
// "softmax").
// An unknown name is an error; there is no fallback.
func ParseActivation(name string) (Activation, error) {
	return parseName("activation", name, builtinActivations())
}

// parseName returns the element of all whose String is name, or an error
// naming the kind of thing and listing every name there is.
func parseName[T fmt.Stringer](kind, name string, all []T) (T, error) {
	for _, v := range all {
		if v.String() == name {
			return v, nil
		}
	}
	var known []string
	for _, v := range all {
		known = append(known, v.String())
	}
	var none T
	return none, fmt.Errorf("mlp: unknown %s %s, want one of %s", kind, quote(name), strings.Join(known, ", "))
}

// builtinActivations lists every built-in activation, in the order of their
// documentation.
func builtinActivations() []Activation {
	var all []Activation
	for f := range activationFuncs[1:] {
		all = append(all, ActivationFunc(f+1))
	}
	return append(all, Softmax)
}

// mustDef returns the definition of f, and panics naming op if f is not one
// of the constants.
func (f ActivationFunc) mustDef(op string) *activationDef {
	if d := f.def(); d != nil {
		return d
	}
	panic(invalidBuiltin(op, f))
}

// invalidBuiltin is the panic of method op on v, a built-in's type whose
// value is not one of its constants.
func invalidBuiltin(op string, v fmt.Stringer) string {
	return "mlp: " + op + " on invalid " + v.String()
}

// Eval returns f(z). It panics if f is not one of the defined constants.
func (f ActivationFunc) Eval(z float64) float64 { return f.mustDef("Eval").f(z) }

// Deriv returns the local derivative f'(z), given z and a = f(z). It panics
// if f is not one of the defined constants.
func (f ActivationFunc) Deriv(z, a float64) float64 { return f.mustDef("Deriv").df(z, a) }

// Apply sets a = f(z) element by element, giving a the shape of z. It panics
// if f is not one of the defined constants.
func (f ActivationFunc) Apply(a, z *Matrix) {
	as, zs := applyArgs(a, z)
	f.applyTo(as, zs)
}

// applyTo sets as[i] = f(zs[i]), Apply on the elements: as must be at least
// as long as zs, and may be zs. A fused layer (gemm_epilogue.go) calls it
// on each block of the product it has just written.
func (f ActivationFunc) applyTo(as, zs []float64) {
	switch f { // fast paths; the default is the same f, called through its definition
	case Identity:
		copy(as, zs)
	case Sigmoid:
		sigmoids(as, zs) // sigmoid.go: four at a time where the processor allows
	case Tanh:
		applyEach(as, zs, math.Tanh)
	case ReLU:
		applyEach(as, zs, relu)
	default:
		applyEach(as, zs, f.mustDef("Apply").f)
	}
}

// Backprop sets dz = da ⊙ f'(z) element by element. It panics if z or a
// differs in shape from da, or if f is not one of the defined constants.
func (f ActivationFunc) Backprop(dz, z, a, da *Matrix) {
	f.backpropTo(backpropArgs(dz, z, a, da))
}

// backpropTo sets dzs[i] = das[i]·f'(zs[i], as[i]), Backprop on the
// elements: dzs, zs and as must be at least as long as das, and dzs may be
// das. A fused layer (gemm_epilogue.go) calls it on each block of the
// product it has just written.
func (f ActivationFunc) backpropTo(dzs, zs, as, das []float64) {
	switch f { // fast paths; the default is the same f', called through its definition
	case Identity:
		copy(dzs, das)
	case Sigmoid:
		backpropEach(dzs, zs, as, das, sigmoidDeriv)
	case Tanh:
		backpropEach(dzs, zs, as, das, tanhDeriv)
	case ReLU:
		reluGate(dzs, zs, das) // da·f'(z) as a choice: +0 where off (activation_relu.go)
	default:
		backpropEach(dzs, zs, as, das, f.mustDef("Backprop").df)
	}
}

// applyEach sets as[i] = f(zs[i]). It is small enough to be inlined, and
// then so is a function f known where it is called.
func applyEach(as, zs []float64, f func(z float64) float64) {
	as = as[:len(zs)]
	for i, v := range zs {
		as[i] = f(v)
	}
}

// backpropEach sets dzs[i] = das[i]·df(zs[i], as[i]), the chain rule through
// an element-wise activation. It is small enough to be inlined, and then so
// is a derivative df known where it is called.
func backpropEach(dzs, zs, as, das []float64, df func(z, a float64) float64) {
	dzs, zs, as = dzs[:len(das)], zs[:len(das)], as[:len(das)]
	for i, g := range das {
		dzs[i] = g * df(zs[i], as[i])
	}
}

// NewActivation returns an element-wise Activation with the given name, made
// from f and its derivative df, which receives z and a = f(z) and returns
// f'(z). Compare df with finite differences of f in a test: a derivative that
// does not match its function trains badly without any error.
//
// NewActivation panics if name is empty or f or df is nil.
func NewActivation(name string, f func(z float64) float64, df func(z, a float64) float64) Elementwise {
	if name == "" || f == nil || df == nil {
		panic("mlp: NewActivation needs a name, f and df")
	}
	return &funcActivation{name: name, f: f, df: df}
}

type funcActivation struct {
	name string
	f    func(z float64) float64
	df   func(z, a float64) float64
}

func (c *funcActivation) String() string             { return c.name }
func (c *funcActivation) Eval(z float64) float64     { return c.f(z) }
func (c *funcActivation) Deriv(z, a float64) float64 { return c.df(z, a) }

func (c *funcActivation) Apply(a, z *Matrix) {
	as, zs := applyArgs(a, z)
	applyEach(as, zs, c.f)
}

func (c *funcActivation) Backprop(dz, z, a, da *Matrix) {
	dzs, zs, as, das := backpropArgs(dz, z, a, da)
	backpropEach(dzs, zs, as, das, c.df)
}

// applyArgs gives a the shape of z and returns the elements of a and z, of
// the same length.
func applyArgs(a, z *Matrix) (as, zs []float64) {
	a.reshape(z.rows, z.cols)
	zs = z.RawData()
	return a.RawData()[:len(zs)], zs
}

// backpropArgs panics unless z and a have the shape of da, gives dz that
// shape, and returns the elements of the four, of the same length.
func backpropArgs(dz, z, a, da *Matrix) (dzs, zs, as, das []float64) {
	if !sameDims(da, z) || !sameDims(da, a) {
		sameShape("Backprop", da, z, a)
	}
	dz.reshape(da.rows, da.cols)
	das = da.RawData()
	return dz.RawData()[:len(das)], z.RawData()[:len(das)], a.RawData()[:len(das)], das
}

// sameDims reports whether a and b have the same shape. It inlines, so
// that the calls of every pass test shapes without a call, and leave the
// panic, with its message, to sameShape.
func sameDims(a, b *Matrix) bool { return a.rows == b.rows && a.cols == b.cols }

// sameShape panics unless all matrices have the shape of the first.
func sameShape(op string, ms ...*Matrix) {
	r, c := ms[0].Dims()
	for _, m := range ms[1:] {
		if mr, mc := m.Dims(); mr != r || mc != c {
			panic(fmt.Sprintf("mlp: %s: shapes differ: %dx%d and %dx%d", op, r, c, mr, mc))
		}
	}
}
