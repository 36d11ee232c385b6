package mlp

import (
	"fmt"
	"math"
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
	if err := checkFiniteWeights(op, n); err != nil {
		return nil, err
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
		z := e.z[i].Mul(prev, l.W)
		if l.B != nil {
			b := l.B.RawData()
			for r := 0; r < z.rows; r++ {
				row := z.Row(r)
				for j := range row {
					row[j] += b[j]
				}
			}
		}
		l.Activation.Apply(e.a[i], z)
		prev = e.a[i]
	}
	return prev
}

// checkFiniteWeights returns an error naming the first weight or bias of n
// that is NaN or infinite, such as a diverged training leaves.
func checkFiniteWeights(op string, n *Network) error {
	for li, l := range n.Layers {
		for _, p := range [...]struct {
			name string
			m    *Matrix
		}{{"W", l.W}, {"B", l.B}} {
			if p.m == nil {
				continue
			}
			for k, v := range p.m.RawData() {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("mlp: %s: Layers[%d].%s.At(%d, %d) is %v, want a finite number", op, li, p.name, k/p.m.cols, k%p.m.cols, v)
				}
			}
		}
	}
	return nil
}

// checkFinite returns an error naming the first value of vs that is NaN or
// infinite; what names the slice in the message.
func checkFinite(op, what string, vs []float64) error {
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("mlp: %s: %s[%d] is %v, want a finite number", op, what, i, v)
		}
	}
	return nil
}
