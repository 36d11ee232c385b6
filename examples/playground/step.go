package main

import (
	"bytes"
	"fmt"
	"strings"
)

// traceJSON is one step through the network, as mlp's Trace recorded it:
// every matrix with its name, meaning, formula and shapes, printed as numpy
// prints it (Matrix.String).
type traceJSON struct {
	Title  string     `json:"title"` // the first line of Trace.WriteText
	Batch  string     `json:"batch"` // which samples the step took
	Note   string     `json:"note"`  // what kind of step it was
	Eta    jnum       `json:"eta"`
	E      jnum       `json:"e"`
	EAfter jnum       `json:"eAfter"`
	Steps  []stepJSON `json:"steps"`

	markdown []byte // Trace.WriteMarkdown, for the download
}

// stepJSON is one mlp.TraceStep.
type stepJSON struct {
	Name    string `json:"name"`
	Stage   string `json:"stage"`
	Layer   int    `json:"layer"`
	Meaning string `json:"meaning"`
	Formula string `json:"formula"`
	TeX     string `json:"tex"`
	Shapes  string `json:"shapes"`
	Rows    int    `json:"rows"`
	Cols    int    `json:"cols"`
	Value   string `json:"value"` // Matrix.String: numpy's printing
}

// stepLocked takes one step as the tutorial does, with mlp's Trace: one
// Forward, Backward and Step(η) on the next batch of the training set,
// taken in order. Without SumLoss, η is the learning rate divided by the
// batch's samples, so that the step follows the mean gradient as training
// does.
func (s *session) stepLocked() (*traceJSON, error) {
	if s.closed {
		return nil, errClosed
	}
	s.stopLocked("paused")
	c := s.cfg
	rows, _ := c.data.XTrain.Dims()
	batches := (rows + c.batch - 1) / c.batch
	k := s.stepAt % batches
	lo, hi := k*c.batch, min((k+1)*c.batch, rows)
	eta := c.eta
	note := fmt.Sprintf("One Forward, Backward and Step(η) of plain gradient descent on the summed error, as in the tutorial: W −= η·DW with η = %v.", eta)
	if !c.sumLoss {
		eta /= float64(hi - lo)
		note = fmt.Sprintf("One Forward, Backward and Step(η) of plain gradient descent: W −= η·DW with η = %v / %d samples = %v, the mean gradient's step, as Run takes.", c.eta, hi-lo, eta)
	}
	if c.optimizer != "gradient-descent" {
		note += " Run uses " + c.optimizer + "; a step is always plain gradient descent."
	}
	x, y := rowsOf(c.data.XTrain, lo, hi).Clone(), rowsOf(s.yTrain, lo, hi).Clone()
	tr, err := s.net.Trace(x, y, eta)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	t := &traceJSON{
		Title: strings.SplitN(tr.String(), "\n", 2)[0],
		Batch: fmt.Sprintf("samples %d to %d of the %d training samples (batch %d of %d)", lo, hi-1, rows, k+1, batches),
		Note:  note, Eta: jnum(eta), E: jnum(tr.E), EAfter: jnum(tr.EAfter),
	}
	for _, st := range tr.Steps {
		r, c := st.Value.Dims()
		t.Steps = append(t.Steps, stepJSON{Name: st.Name, Stage: st.Stage, Layer: st.Layer, Meaning: st.Meaning,
			Formula: st.Formula, TeX: st.TeX, Shapes: st.Shapes, Rows: r, Cols: c, Value: st.Value.String()})
	}
	var md bytes.Buffer
	if err := tr.WriteMarkdown(&md); err != nil {
		return nil, err
	}
	t.markdown = md.Bytes()
	s.stepAt++
	s.prog.Steps++
	s.trace = t
	s.measure(true)
	s.publish.weights(s)
	return t, nil
}
