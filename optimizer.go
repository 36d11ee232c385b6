package mlp

import (
	"fmt"
	"math"
	"slices"
)

// An Optimizer updates a network's weights from the gradients that its last
// Backward left in DW and DB. Network.Train calls Step once a batch.
//
// The package's optimizers are GradientDescent, Momentum and Adam. Momentum
// and Adam remember earlier gradients, and that state belongs to one
// network: the one they last stepped. A Step on another *Network, or on the
// same one after a weight matrix or bias row changed size, first resets the
// state, as Reset does, so that one optimizer value never mixes the history
// of two networks; it then keeps a reference to the new network until the
// next Reset. Train resets an optimizer when training diverges.
type Optimizer interface {
	// String names the optimizer and its settings, such as
	// "momentum(beta=0.9)".
	String() string
	// Step updates W and B of every layer of n from the gradients
	// g = scale·DW and g = scale·DB with learning rate eta. Train passes
	// scale = 1/batch size, which turns the summed gradient of a batch into
	// its mean (TrainConfig.SumLoss passes 1). Before any Backward, when no
	// layer has a DW or DB, nothing changes. The package's optimizers
	// panic, as Network.Step does and changing nothing, with a message
	// that starts with their name ("mlp: Adam.Step: "), if n is nil, if
	// eta is not a valid learning rate (see TrainConfig.LearningRate), or
	// where n.Validate returns an error.
	Step(n *Network, eta, scale float64)
	// Reset forgets everything the optimizer has accumulated, as if it had
	// never taken a step.
	Reset()
}

// validLearningRate is the package's one rule for a learning rate η: a
// finite number > 0. Train, Trace, Network.Step and the package's
// optimizers all apply it, through checkLearningRate or mustLearningRate.
func validLearningRate(eta float64) bool {
	return eta > 0 && eta <= math.MaxFloat64 // false for NaN
}

// checkLearningRate returns nil for a valid learning rate (see
// validLearningRate) and otherwise an error naming op and the value.
func checkLearningRate(op string, eta float64) error {
	if validLearningRate(eta) {
		return nil
	}
	return fmt.Errorf("mlp: %s: learning rate is %v, want a finite number > 0", op, eta)
}

// mustLearningRate panics with the error of checkLearningRate: for the
// calls that return no error (Network.Step, Optimizer.Step), where a bad
// learning rate is a programmer error. It inlines to two comparisons.
func mustLearningRate(op string, eta float64) {
	if !validLearningRate(eta) {
		panic(checkLearningRate(op, eta))
	}
}

// GradientDescent is plain gradient descent (Cauchy's method of steepest
// descent, 1847), the update of Network.Step and of the tutorial:
//
//	w ← w − η·g
//
// for every weight and bias w with gradient g. It has no state. Its
// Step(n, eta, 1) changes n exactly as n.Step(eta) does, bit for bit: the
// two share one implementation.
type GradientDescent struct{}

// String returns "gradient-descent".
func (GradientDescent) String() string { return "gradient-descent" }

// Step sets w −= (eta·scale)·DW for every weight and bias.
func (GradientDescent) Step(n *Network, eta, scale float64) {
	mustLearningRate("GradientDescent.Step", eta)
	mustStep("GradientDescent.Step", n)
	gradientDescent(n, eta*scale)
}

// Reset does nothing: gradient descent has no state.
func (GradientDescent) Reset() {}

// gradientDescent sets w −= lr·g for every weight and bias w of n with its
// gradient g (see layerParams): the one implementation of the rule, behind
// GradientDescent.Step and Network.Step. It calls no function value, so
// that the step of a small network costs no more than the loop itself; a
// layer of descendVecMin weights or more has them updated eight at a time
// where the processor has AVX-512 (descendVec), with the loop's bits.
func gradientDescent(n *Network, lr float64) {
	for _, l := range n.Layers {
		w, dw, b, db := layerParams(l)
		if len(dw) >= descendVecMin {
			k := descendVec(-lr, w, dw) // whole blocks of 8 with AVX-512
			w, dw = w[k:], dw[k:]
		}
		axpy(-lr, dw, w) // nothing where there is no gradient: dw is nil
		axpy(-lr, db, b)
	}
}

// Momentum is gradient descent with momentum, the update of Rumelhart,
// Hinton and Williams (1986), "Learning representations by back-propagating
// errors", eq. 9, in the notation of Sutskever, Martens, Dahl and Hinton
// (2013), "On the importance of initialization and momentum in deep
// learning", eq. 1-2:
//
//	v ← β·v − η·g
//	w ← w + v
//
// for every weight and bias w with gradient g, where the velocity v starts at
// zero. v is the last change of w: each step goes on in the direction of the
// ones before, which speeds it up along a long valley and damps its
// oscillation across it. β = 0 is plain gradient descent; β = 0.9 is usual.
//
// The velocities belong to the network that the optimizer last stepped: a
// Step on another network, or on one whose weights changed shape, starts
// again from zero velocities (see Optimizer).
type Momentum struct {
	Beta float64 // β, in [0, 1): how much of the last change a step keeps

	bound binding     // the network the velocities belong to
	v     [][]float64 // velocities, one slice per weight matrix or bias row (see eachParam)
}

// NewMomentum returns a Momentum optimizer with the given β, in [0, 1)
// (Train returns an error for a β outside it), and zero velocities.
func NewMomentum(beta float64) *Momentum { return &Momentum{Beta: beta} }

// String returns "momentum(beta=β)".
func (o *Momentum) String() string { return fmt.Sprintf("momentum(beta=%g)", o.Beta) }

// Step sets v = β·v − (eta·scale)·DW and W += v for every weight matrix, and
// likewise for every bias row.
func (o *Momentum) Step(n *Network, eta, scale float64) {
	mustLearningRate("Momentum.Step", eta)
	mustStep("Momentum.Step", n)
	if o.bound.bind(n) {
		o.v = o.bound.zeros(o.v)
	}
	lr, beta := eta*scale, o.Beta
	eachParam(n, func(k int, w, g []float64) {
		momentumUpdate(beta, lr, w, g, o.v[k]) // optimizer_update.go
	})
}

// Reset sets every velocity to zero and forgets the network.
func (o *Momentum) Reset() { o.bound.forget() }

func (o *Momentum) check() error {
	if !(o.Beta >= 0 && o.Beta < 1) {
		return fmt.Errorf("Momentum: Beta is %v, want 0 ≤ Beta < 1", o.Beta)
	}
	return nil
}

// Adam is the optimizer of Kingma and Ba (2015), "Adam: A Method for
// Stochastic Optimization", Algorithm 1. For every weight and bias w with
// gradient g, at step t = 1, 2, ...:
//
//	m ← β1·m + (1−β1)·g          moving average of the gradient
//	v ← β2·v + (1−β2)·g²         moving average of its square
//	m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)   corrected for starting at zero
//	w ← w − η·m̂/(√v̂ + ε)
//
// Each weight takes steps of about η whatever the size of its gradient, so
// the learning rate η (the paper's α, 0.001 in its experiments) is a step
// length, and scaling the loss changes little.
//
// The moments and t belong to the network that the optimizer last stepped:
// a Step on another network, or on one whose weights changed shape, starts
// again at t = 1 with zero moments (see Optimizer).
type Adam struct {
	Beta1   float64 // β1, in [0, 1): decay of the moving average of g (0.9 in the paper)
	Beta2   float64 // β2, in [0, 1): decay of the moving average of g² (0.999 in the paper)
	Epsilon float64 // ε > 0: keeps the step finite where v̂ is 0 (1e-8 in the paper)

	bound binding     // the network the moments belong to
	t     int         // steps taken on it since the start or the last Reset
	m, v  [][]float64 // first and second moments, one slice per weight matrix or bias row
}

// NewAdam returns an Adam optimizer with the paper's β1 = 0.9, β2 = 0.999 and
// ε = 1e-8.
func NewAdam() *Adam { return &Adam{Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8} }

// String returns "adam(beta1=β1, beta2=β2, epsilon=ε)".
func (o *Adam) String() string {
	return fmt.Sprintf("adam(beta1=%g, beta2=%g, epsilon=%g)", o.Beta1, o.Beta2, o.Epsilon)
}

// Step takes step t+1 of Algorithm 1 for every weight matrix and bias row,
// with g = scale·DW (or scale·DB) and learning rate eta.
func (o *Adam) Step(n *Network, eta, scale float64) {
	mustLearningRate("Adam.Step", eta)
	mustStep("Adam.Step", n)
	if o.bound.bind(n) {
		o.t, o.m, o.v = 0, o.bound.zeros(o.m), o.bound.zeros(o.v)
	}
	o.t++
	b1, b2 := o.Beta1, o.Beta2
	p := adamParams{scale: scale, b1: b1, a1: 1 - b1, b2: b2, a2: 1 - b2,
		c1:  1 - math.Pow(b1, float64(o.t)), // 1 − β1^t
		c2:  1 - math.Pow(b2, float64(o.t)), // 1 − β2^t
		eta: eta, eps: o.Epsilon}
	eachParam(n, func(k int, w, g []float64) {
		adamUpdate(&p, w, g, o.m[k], o.v[k]) // optimizer_update.go: m, v, m̂, v̂ and w as above
	})
}

// Reset sets the moments and the step count to zero and forgets the
// network.
func (o *Adam) Reset() { o.bound.forget() }

func (o *Adam) check() error {
	switch {
	case !(o.Beta1 >= 0 && o.Beta1 < 1):
		return fmt.Errorf("Adam: Beta1 is %v, want 0 ≤ Beta1 < 1", o.Beta1)
	case !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("Adam: Beta2 is %v, want 0 ≤ Beta2 < 1", o.Beta2)
	case !(o.Epsilon > 0) || math.IsInf(o.Epsilon, 0):
		return fmt.Errorf("Adam: Epsilon is %v, want a finite number > 0", o.Epsilon)
	}
	return nil
}

// eachParam calls f for every weight matrix and bias row of n that has a
// gradient of its size (see layerParams), with k = 2i for layer i's W and
// 2i+1 for its B, w the parameters and g their gradient.
func eachParam(n *Network, f func(k int, w, g []float64)) {
	for i, l := range n.Layers {
		w, dw, b, db := layerParams(l)
		if w != nil {
			f(2*i, w, dw)
		}
		if b != nil {
			f(2*i+1, b, db)
		}
	}
}

// layerParams returns the values of l's W and B with their gradients DW and
// DB, each pair nil where the gradient is missing or not the size of its
// parameter (before the first Backward, or after the layer changed shape):
// the parameters an optimizer steps.
func layerParams(l *Layer) (w, dw, b, db []float64) {
	if l.W != nil && l.DW != nil && len(l.DW.data) == len(l.W.data) {
		w, dw = l.W.data, l.DW.data
	}
	if l.B != nil && l.DB != nil && len(l.DB.data) == len(l.B.data) {
		b, db = l.B.data, l.DB.data
	}
	return w, dw, b, db
}

// binding ties an optimizer's memory to one network: the network it last
// stepped and the length of each of its parameters, slot 2i for layer i's W
// and 2i+1 for its B (0 for a missing one), as eachParam numbers them.
type binding struct {
	net   *Network
	sizes []int
}

// bind reports whether the optimizer's memory must start again for n: n is
// not the network of the last bind, or a parameter changed length since.
// It then binds s to n. It allocates only when the number of layers grows.
func (s *binding) bind(n *Network) bool {
	if s.net == n && len(s.sizes) == 2*len(n.Layers) {
		same := true
		for i, l := range n.Layers {
			if s.sizes[2*i] != paramLen(l.W) || s.sizes[2*i+1] != paramLen(l.B) {
				same = false
				break
			}
		}
		if same {
			return false
		}
	}
	s.net, s.sizes = n, s.sizes[:0]
	for _, l := range n.Layers {
		s.sizes = append(s.sizes, paramLen(l.W), paramLen(l.B))
	}
	return true
}

// forget unbinds s, so that the next bind starts the memory again, and
// drops the reference to the network.
func (s *binding) forget() { s.net, s.sizes = nil, s.sizes[:0] }

// zeros returns buf resized to a zero slice for every slot of s, reusing
// its memory where it is large enough.
func (s *binding) zeros(buf [][]float64) [][]float64 {
	buf = slices.Grow(buf[:0], len(s.sizes))[:len(s.sizes)]
	for k, size := range s.sizes {
		if cap(buf[k]) < size {
			buf[k] = make([]float64, size)
		}
		buf[k] = buf[k][:size]
		clear(buf[k])
	}
	return buf
}

// paramLen returns the number of values of a weight matrix or bias row, 0
// for nil.
func paramLen(m *Matrix) int {
	if m == nil {
		return 0
	}
	return len(m.data) // as layerParams measures it
}
