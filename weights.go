package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// initKind says how New draws a layer's initial weights.
type initKind uint8

const (
	initDefault  initKind = iota // Glorot, or He for ReLU layers
	initGlorot                   // Glorot whatever the activation
	initHe                       // He whatever the activation
	initUniform                  // uniform in [lo, hi)
	initConstant                 // every weight lo
)

// initSpec is the weight initialisation chosen by the options of New.
type initSpec struct {
	kind   initKind
	lo, hi float64
}

// initWeights fills w (in×out) as spec says, drawing from rng in row-major
// order. The default is uniform in [−r, r] with Glorot and Bengio's
// r = √(6/(in+out)), or He's r = √(6/in) for ReLU layers, whose units pass
// only half of their inputs on.
func initWeights(w *Matrix, act Activation, rng *rand.Rand, spec initSpec) {
	in, out := w.Dims()
	glorot := math.Sqrt(6 / float64(in+out))
	he := math.Sqrt(6 / float64(in))
	switch spec.kind {
	case initConstant:
		for i := range w.data {
			w.data[i] = spec.lo
		}
		return
	case initUniform:
		// lo + (hi−lo)·u, u in [0, 1), rounds to hi itself when the range
		// is a few ulps wide (for u ≥ ½ when it is one ulp): such a draw is
		// taken as the largest number below hi, so that every weight is in
		// [lo, hi) as documented. In ranges such as the tutorial's [0, 1)
		// it never happens.
		top := math.Nextafter(spec.hi, spec.lo)
		for i := range w.data {
			w.data[i] = min(spec.lo+(spec.hi-spec.lo)*rng.Float64(), top)
		}
		return
	}
	r := glorot
	if spec.kind == initHe || (spec.kind == initDefault && defaultHe(act)) {
		r = he
	}
	for i := range w.data {
		w.data[i] = (2*rng.Float64() - 1) * r
	}
}

// defaultHe reports whether New's default initialisation for a layer of
// activation act is He's: for a built-in whose definition says so (ReLU).
func defaultHe(act Activation) bool {
	d := builtinDef(act)
	return d != nil && d.heInit
}

// WithGlorotInit draws every layer's initial weights uniformly from [−r, r]
// with r = √(6/(in+out)), in and out being the layer's numbers of inputs and
// units: the "normalized initialization" of Glorot and Bengio (2010),
// "Understanding the difficulty of training deep feedforward neural
// networks", eq. 16, which keeps the variance of activations and gradients
// about the same from layer to layer for tanh and sigmoid units. It is the
// default for every layer that is not ReLU.
func WithGlorotInit() Option {
	return func(c *config) { c.init = initSpec{kind: initGlorot} }
}

// WithHeInit draws every layer's initial weights uniformly from [−r, r] with
// r = √(6/in), in being the layer's number of inputs: the variance 2/in of He,
// Zhang, Ren and Sun (2015), "Delving deep into rectifiers", eq. 10, which
// makes up for ReLU units passing on only half of their inputs. It is the
// default for ReLU layers.
func WithHeInit() Option {
	return func(c *config) { c.init = initSpec{kind: initHe} }
}

// WithUniformInit draws every initial weight uniformly from [lo, hi). The
// tutorial's np.random.random is WithUniformInit(0, 1). New returns an error
// unless lo < hi and both are finite.
func WithUniformInit(lo, hi float64) Option {
	return func(c *config) {
		if !(lo < hi) || math.IsInf(hi-lo, 0) {
			c.errs = append(c.errs, fmt.Errorf("WithUniformInit: range [%v, %v) is empty or not finite, want finite lo < hi", lo, hi))
			return
		}
		c.init = initSpec{kind: initUniform, lo: lo, hi: hi}
	}
}

// WithConstantInit sets every initial weight to v. The tutorial's network
// starts from WithConstantInit(1) (np.ones). Units of a layer that start
// equal stay equal under gradient descent, so this is for reproducing and
// teaching, not for training. New returns an error if v is NaN or infinite.
func WithConstantInit(v float64) Option {
	return func(c *config) {
		if !isFinite(v) {
			c.errs = append(c.errs, fmt.Errorf("WithConstantInit: weight is %v, want a finite number", v))
			return
		}
		c.init = initSpec{kind: initConstant, lo: v}
	}
}
