package main

import (
	"fmt"

	"github.com/glassbox-go/mlp"
)

// An explanation is what the page shows beside the network: the gradient
// check and Diagnose's findings, of the weights after Epoch epochs and
// Steps steps.
type explanation struct {
	GradientCheck string   `json:"gradientCheck"`
	WorstError    jnum     `json:"worstRelError"` // -1 when not checked
	Findings      []string `json:"findings"`
	Epoch         int      `json:"epoch"`
	Steps         int      `json:"steps"`
}

// The batches of the explanation: the gradient check runs two Forward
// passes for every parameter, so it takes a few samples and networks of at
// most checkParams parameters; Diagnose looks at one pass over the first
// diagnoseSamples samples.
const (
	checkSamples    = 4
	checkParams     = 5000
	diagnoseSamples = 256
)

// explain checks n's gradients against finite differences and diagnoses
// it, on the first samples of x (samples×inputs) with targets y. It does not
// change n: CheckGradients works on a copy, and Diagnose on a clone.
func explain(n *mlp.Network, x, y *mlp.Matrix, epoch, steps int) explanation {
	e := explanation{WorstError: -1, Epoch: epoch, Steps: steps}
	rows, _ := x.Dims()
	params := 0
	for _, l := range n.Layers {
		r, c := l.W.Dims()
		params += r * c
		if l.B != nil {
			params += c
		}
	}
	if params <= checkParams {
		k := min(rows, checkSamples)
		g, err := n.CheckGradients(rowsOf(x, 0, k), rowsOf(y, 0, k))
		if err != nil {
			e.GradientCheck = err.Error()
		} else {
			e.GradientCheck = fmt.Sprintf("on the first %d samples: %v", k, g)
			e.WorstError = jnum(g.MaxRelError)
		}
	} else {
		e.GradientCheck = fmt.Sprintf("not run: the network has %d parameters, more than the %d the page checks (each costs two Forward passes)", params, checkParams)
	}

	c, err := cloneNetwork(n)
	if err == nil {
		k := min(rows, diagnoseSamples)
		if _, err = c.Forward(rowsOf(x, 0, k)); err == nil {
			_, err = c.Backward(rowsOf(y, 0, k))
		}
	}
	var findings []mlp.Finding
	if err == nil {
		findings, err = c.Diagnose()
	}
	if err != nil {
		e.Findings = []string{"Diagnose failed: " + err.Error()}
		return e
	}
	for _, f := range findings {
		e.Findings = append(e.Findings, f.Message)
	}
	return e
}
