package mlp

import (
	"fmt"
	"io"
)

// evaluator runs a network forward on matrices of its own. The pictures use
// it so that drawing never touches the network's Layer caches (Z, A, DA, …)
// nor the input remembered for Backward: it only reads each layer's W, B and
// Activation. It is the Forward formula, Z = A_prev·W + B and A = f(Z),
// without Forward's side effects.
type evaluator struct {
	net  *Network
	z, a []*Matrix // per layer, reused from one call to the next
}

// newEvaluator returns an evaluator for n, or an error naming op if n is nil,
// its layers do not fit together, or a weight or bias is NaN or infinite.
func newEvaluator(op string, n *Network) (*evaluator, error) {
	if n == nil {
		return nil, fmt.Errorf("mlp: %s: network is nil", op)
	}
	if err := n.check(op); err != nil {
		return nil, err
	}
	if what := nonFinite(n); what != "" {
		return nil, fmt.Errorf("mlp: %s: %s, want finite weights", op, what)
	}
	e := &evaluator{net: n}
	for range n.Layers {
		e.z = append(e.z, new(Matrix))
		e.a = append(e.a, new(Matrix))
	}
	return e, nil
}

// forward returns the network's output for x (samples×inputs): the last
// layer's A, owned by e and overwritten by the next call. After the call
// e.z[l] and e.a[l] hold layer l's Z and A for x.
func (e *evaluator) forward(x *Matrix) *Matrix {
	prev := x
	for i, l := range e.net.Layers {
		l.forward(e.z[i], e.a[i], prev)
		prev = e.a[i]
	}
	return prev
}

// checkFinite returns an error naming the first value of vs that is NaN or
// infinite; what names the slice in the message.
func checkFinite(op, what string, vs []float64) error {
	if i := firstNonFinite(vs); i >= 0 {
		return fmt.Errorf("mlp: %s: %s[%d] is %v, want a finite number", op, what, i, vs[i])
	}
	return nil
}

// checkWriter returns an error naming op if w is nil. (A typed nil pointer
// in w is the writer's own business: its Write method is called.)
func checkWriter(op string, w io.Writer) error {
	if w == nil {
		return fmt.Errorf("mlp: %s: the writer is nil", op)
	}
	return nil
}
