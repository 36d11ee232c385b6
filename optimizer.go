package mlp

import (
	"fmt"
	"math"
)

// An Optimizer updates a network's weights from the gradients that its last
// Backward left in DW and DB. Network.Train calls Step once a batch.
//
// The package's optimizers are GradientDescent, Momentum and Adam. Momentum
// and Adam remember earlier gradients: their state belongs to one network,
// and Reset clears it. Train resets an optimizer when training diverges.
type Optimizer interface {
	// String names the optimizer and its settings, such as
	// "momentum(beta=0.9)".
	String() string
	// Step updates W and B of every layer of n from the gradients
	// g = scale·DW and g = scale·DB with learning rate eta. Train passes
	// scale = 1/batch size, which turns the summed gradient of a batch into
	// its mean (TrainConfig.SumLoss passes 1). Layers without gradients of
	// their weights' shape (before any Backward) are left alone.
	Step(n *Network, eta, scale float64)
	// Reset forgets everything the optimizer has accumulated, as if it had
	// never taken a step.
	Reset()
}

// checkLearningRate is the package's one rule for a learning rate η, used by
// Train, Trace and every Optimizer: a finite number > 0. It returns an error
// naming op and the value otherwise.
func checkLearningRate(op string, eta float64) error {
	if !(eta > 0) || math.IsInf(eta, 0) {
		return fmt.Errorf("mlp: %s: learning rate is %v, want a finite number > 0", op, eta)
	}
	return nil
}

// GradientDescent is plain gradient descent (Cauchy's method of steepest
// descent, 1847), the update of Network.Step and of the tutorial:
//
//	w ← w − η·g
//
// for every weight and bias w with gradient g. It has no state. Its
// Step(n, eta, 1) changes n exactly as n.Step(eta) does, bit for bit.
type GradientDescent struct{}

// String returns "gradient-descent".
func (GradientDescent) String() string { return "gradient-descent" }

// Step sets w −= (eta·scale)·DW for every weight and bias.
func (GradientDescent) Step(n *Network, eta, scale float64) {
	lr := eta * scale
	eachParam(n, func(_ int, w, g []float64) { axpy(-lr, g, w) })
}

// Reset does nothing: gradient descent has no state.
func (GradientDescent) Reset() {}

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
type Momentum struct {
	Beta float64 // β, in [0, 1): how much of the last change a step keeps

	v [][]float64 // velocities, one slice per weight matrix or bias row (see eachParam)
}

// NewMomentum returns a Momentum optimizer with the given β, in [0, 1)
// (Train returns an error for a β outside it), and zero velocities.
func NewMomentum(beta float64) *Momentum { return &Momentum{Beta: beta} }

// String returns "momentum(beta=β)".
func (o *Momentum) String() string { return fmt.Sprintf("momentum(beta=%g)", o.Beta) }

// Step sets v = β·v − (eta·scale)·DW and W += v for every weight matrix, and
// likewise for every bias row.
func (o *Momentum) Step(n *Network, eta, scale float64) {
	o.v = growState(o.v, n)
	lr, beta := eta*scale, o.Beta
	eachParam(n, func(k int, w, g []float64) {
		v := resize(&o.v[k], len(w))
		for i, gi := range g {
			v[i] = beta*v[i] - lr*gi
			w[i] += v[i]
		}
	})
}

// Reset sets every velocity to zero.
func (o *Momentum) Reset() { o.v = nil }

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
type Adam struct {
	Beta1   float64 // β1, in [0, 1): decay of the moving average of g (0.9 in the paper)
	Beta2   float64 // β2, in [0, 1): decay of the moving average of g² (0.999 in the paper)
	Epsilon float64 // ε > 0: keeps the step finite where v̂ is 0 (1e-8 in the paper)

	t    int         // steps taken since the start or the last Reset
	m, v [][]float64 // first and second moments, one slice per weight matrix or bias row
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
	o.m = growState(o.m, n)
	o.v = growState(o.v, n)
	o.t++
	b1, b2, eps := o.Beta1, o.Beta2, o.Epsilon
	c1 := 1 - math.Pow(b1, float64(o.t)) // 1 − β1^t
	c2 := 1 - math.Pow(b2, float64(o.t)) // 1 − β2^t
	eachParam(n, func(k int, w, g []float64) {
		m, v := resize(&o.m[k], len(w)), resize(&o.v[k], len(w))
		for i, gi := range g {
			gi *= scale
			m[i] = b1*m[i] + (1-b1)*gi
			v[i] = b2*v[i] + (1-b2)*gi*gi
			mHat, vHat := m[i]/c1, v[i]/c2
			w[i] -= eta * mHat / (math.Sqrt(vHat) + eps)
		}
	})
}

// Reset sets the moments and the step count to zero.
func (o *Adam) Reset() { o.t, o.m, o.v = 0, nil, nil }

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
// gradient of its size, with k = 2i for layer i's W and 2i+1 for its B, w
// the parameters and g their gradient.
func eachParam(n *Network, f func(k int, w, g []float64)) {
	for i, l := range n.Layers {
		if l.W != nil && l.DW != nil && len(l.DW.data) == len(l.W.data) {
			f(2*i, l.W.data, l.DW.data)
		}
		if l.B != nil && l.DB != nil && len(l.DB.data) == len(l.B.data) {
			f(2*i+1, l.B.data, l.DB.data)
		}
	}
}

// growState returns s with a slot for every parameter of n (see eachParam).
func growState(s [][]float64, n *Network) [][]float64 {
	if k := 2 * len(n.Layers); len(s) < k {
		s = append(s, make([][]float64, k-len(s))...)
	}
	return s
}

// resize returns *s with length n, replacing it by zeros if its length is
// not n (the first step, or parameters that changed shape).
func resize(s *[]float64, n int) []float64 {
	if len(*s) != n {
		*s = make([]float64, n)
	}
	return *s
}
