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

	lastActivationFunc = ReLU
)

// String returns the activation's lower-case name, such as "sigmoid".
func (f ActivationFunc) String() string {
	switch f {
	case Identity:
		return "identity"
	case Sigmoid:
		return "sigmoid"
	case Tanh:
		return "tanh"
	case ReLU:
		return "relu"
	}
	return fmt.Sprintf("ActivationFunc(%d)", uint8(f))
}

func (f ActivationFunc) valid() bool { return f >= 1 && f <= lastActivationFunc }

// ParseActivation returns the built-in activation with the given name, as
// returned by its String method ("identity", "sigmoid", "tanh", "relu",
// "softmax").
// An unknown name is an error; there is no fallback.
func ParseActivation(name string) (Activation, error) {
	var known []string
	for _, a := range builtinActivations() {
		if a.String() == name {
			return a, nil
		}
		known = append(known, a.String())
	}
	return nil, fmt.Errorf("mlp: unknown activation %q, want one of %s", name, strings.Join(known, ", "))
}

// builtinActivations lists every built-in activation, in the order of their
// documentation.
func builtinActivations() []Activation {
	var all []Activation
	for f := ActivationFunc(1); f <= lastActivationFunc; f++ {
		all = append(all, f)
	}
	return append(all, Softmax)
}

// Eval returns f(z). It panics if f is not one of the defined constants.
func (f ActivationFunc) Eval(z float64) float64 {
	switch f {
	case Identity:
		return z
	case Sigmoid:
		return sigmoid(z)
	case Tanh:
		return math.Tanh(z)
	case ReLU:
		return max(z, 0)
	}
	panic("mlp: Eval on invalid " + f.String())
}

// Deriv returns the local derivative f'(z), given z and a = f(z). It panics
// if f is not one of the defined constants.
func (f ActivationFunc) Deriv(z, a float64) float64 {
	switch f {
	case Identity:
		return 1
	case Sigmoid:
		return a * (1 - a)
	case Tanh:
		return 1 - a*a
	case ReLU:
		if z > 0 {
			return 1
		}
		return 0
	}
	panic("mlp: Deriv on invalid " + f.String())
}

// Apply sets a = f(z) element by element, giving a the shape of z. It panics
// if f is not one of the defined constants.
func (f ActivationFunc) Apply(a, z *Matrix) {
	a.reshape(z.rows, z.cols)
	zs := z.RawData()
	as := a.RawData()[:len(zs)]
	switch f {
	case Identity:
		copy(as, zs)
	case Sigmoid:
		sigmoids(as, zs) // exp.go: four at a time where the processor allows
	case Tanh:
		for i, v := range zs {
			as[i] = math.Tanh(v)
		}
	case ReLU:
		for i, v := range zs {
			as[i] = max(v, 0)
		}
	default:
		panic("mlp: Apply on invalid " + f.String())
	}
}

// Backprop sets dz = da ⊙ f'(z) element by element. It panics if z or a
// differs in shape from da, or if f is not one of the defined constants.
func (f ActivationFunc) Backprop(dz, z, a, da *Matrix) {
	sameShape("Backprop", da, z, a)
	dz.reshape(da.rows, da.cols)
	das := da.RawData()
	dzs, zs, as := dz.RawData()[:len(das)], z.RawData()[:len(das)], a.RawData()[:len(das)]
	switch f {
	case Identity:
		copy(dzs, das)
	case Sigmoid:
		for i, d := range das {
			dzs[i] = d * (as[i] * (1 - as[i]))
		}
	case Tanh:
		for i, d := range das {
			dzs[i] = d * (1 - as[i]*as[i])
		}
	case ReLU:
		for i, d := range das {
			if zs[i] > 0 {
				dzs[i] = d
			} else {
				dzs[i] = 0
			}
		}
	default:
		panic("mlp: Backprop on invalid " + f.String())
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
	a.reshape(z.rows, z.cols)
	zs := z.RawData()
	as := a.RawData()[:len(zs)]
	for i, v := range zs {
		as[i] = c.f(v)
	}
}

func (c *funcActivation) Backprop(dz, z, a, da *Matrix) {
	sameShape("Backprop", da, z, a)
	dz.reshape(da.rows, da.cols)
	das := da.RawData()
	dzs, zs, as := dz.RawData()[:len(das)], z.RawData()[:len(das)], a.RawData()[:len(das)]
	for i, d := range das {
		dzs[i] = d * c.df(zs[i], as[i])
	}
}

// sameShape panics unless all matrices have the shape of the first.
func sameShape(op string, ms ...*Matrix) {
	r, c := ms[0].Dims()
	for _, m := range ms[1:] {
		if mr, mc := m.Dims(); mr != r || mc != c {
			panic(fmt.Sprintf("mlp: %s: shapes differ: %dx%d and %dx%d", op, r, c, mr, mc))
		}
	}
}
