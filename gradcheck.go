package mlp

import (
	"fmt"
	"math"
)

// A GradientCheck is the result of Network.CheckGradients: the parameter
// whose backpropagated gradient differs most from its finite difference,
// and by how much.
//
// The relative error of a parameter with backpropagated gradient b and
// finite difference d is |b − d| / max(|b|, |d|, 1e-6·max(1, E)), where E is
// the error of the batch; the floor keeps gradients that are zero up to
// rounding from looking wrong. As a rule of thumb, below 1e-6 the gradients
// are right; between 1e-6 and 1e-3, look closer (a ReLU whose weighted input
// is within the step of 0 gives errors there); above 1e-3 a derivative is
// wrong. A NaN gradient or finite difference counts as an infinite error.
type GradientCheck struct {
	MaxRelError float64 // the worst relative error
	Layer       int     // index in Network.Layers of the worst parameter
	Param       string  // "W" or "B": the matrix of the worst parameter
	Row, Col    int     // its position in that matrix
	Backprop    float64 // the gradient backpropagation gave it (an element of DW or DB)
	Numeric     float64 // its central finite difference
	Params      int     // how many parameters were compared: every weight and bias
}

// String describes the check in one line, such as
// "worst relative error 3.1e-10 at Layers[1].W[4,0]: backprop 0.0251845, finite difference 0.0251845 (20 parameters)".
func (g GradientCheck) String() string {
	return fmt.Sprintf("worst relative error %.2g at Layers[%d].%s[%d,%d]: backprop %.6g, finite difference %.6g (%d parameters)",
		g.MaxRelError, g.Layer, g.Param, g.Row, g.Col, g.Backprop, g.Numeric, g.Params)
}

// CheckGradients compares the gradients that backpropagation computes for
// the batch x (samples×inputs) and targets y (samples×outputs) with central
// finite differences of the error, one weight or bias at a time, and
// reports the worst relative error and where it is. It is the way to test a
// custom Activation or Loss: a derivative that does not match its function
// shows as a large error in the layers it affects.
//
// The backpropagated gradients come from Backward, which uses the
// activations' Backprop and the loss's Grad; the finite differences come
// from Forward and the error as Backward computes it, that is from the
// activations' Apply and the loss's Errors (or, where a cross-entropy loss
// meets its own output, see Backward, the loss computed from the output
// layer's Z). Each parameter w is moved by h = 1e-5·max(1, |w|) each way.
//
// CheckGradients works on a copy of n (sharing its Activations and Loss),
// so n is not changed at all: weights, biases and every Layer field stay
// as they were. It runs Forward twice for every parameter, so use a small
// network and batch.
//
// It returns an error naming CheckGradients if the layers' W, B and
// Activation do not fit together (see Validate; it reads no other field),
// and the error of Forward or Backward if x or y does not fit the network.
func (n *Network) CheckGradients(x, y *Matrix) (GradientCheck, error) {
	if err := n.check("CheckGradients"); err != nil {
		return GradientCheck{}, err
	}
	c := n.cloneParams()
	if _, err := c.Forward(x); err != nil {
		return GradientCheck{}, err
	}
	e, err := c.Backward(y)
	if err != nil {
		return GradientCheck{}, err
	}
	floor := 1e-6 * max(1, math.Abs(e))
	errs := new(Matrix)
	last := c.Layers[len(c.Layers)-1]
	loss := func() float64 {
		if _, err := c.Forward(x); err != nil { // cannot happen: the same x went through above
			panic("mlp: CheckGradients: " + err.Error())
		}
		return outputErrors(c.Loss, errs, last, y)
	}
	g := GradientCheck{MaxRelError: -1}
	for i, l := range c.Layers {
		params := []struct {
			name    string
			p, grad *Matrix
		}{{"W", l.W, l.DW.Clone()}}
		if l.B != nil {
			params = append(params, struct {
				name    string
				p, grad *Matrix
			}{"B", l.B, l.DB.Clone()})
		}
		for _, pr := range params {
			p := pr.p.data
			for k, old := range p {
				h := 1e-5 * max(1, math.Abs(old))
				p[k] = old + h
				up := p[k] - old
				ep := loss()
				p[k] = old - h
				down := old - p[k]
				em := loss()
				p[k] = old
				fd := (ep - em) / (up + down)
				b := pr.grad.data[k]
				rel := math.Abs(b-fd) / max(math.Abs(b), math.Abs(fd), floor)
				if math.IsNaN(rel) {
					rel = math.Inf(1)
				}
				g.Params++
				if rel > g.MaxRelError {
					g.MaxRelError, g.Layer, g.Param = rel, i, pr.name
					g.Row, g.Col = k/pr.p.cols, k%pr.p.cols
					g.Backprop, g.Numeric = b, fd
				}
			}
		}
	}
	return g, nil
}
