package mlp

import (
	"errors"
	"fmt"
	"strconv"
)

// A Trace is the record of one training step of a network, made by
// Network.Trace: every quantity of one forward pass, one backward pass, one
// update and one prediction with the updated weights, in the order they are
// computed, each with its name, meaning, formula, shapes and value.
//
// String and WriteText render it as plain text for a terminal; WriteMarkdown
// renders it as Markdown with LaTeX formulas.
type Trace struct {
	Sizes       []int    // the network's sizes, as Network.Sizes
	Activations []string // each layer's activation, by its String
	Loss        string   // the loss, by its String
	Eta         float64  // the learning rate of the update

	E      float64 // the error before the update, as Backward returned it
	EAfter float64 // the error of the prediction with the updated weights, computed as E is

	// Output and OutputAfter are the network's output before and after the
	// update: the same matrices as the Value of the last layer's forward
	// step and of the prediction step.
	Output, OutputAfter *Matrix

	Steps []TraceStep // in the order they were computed
}

// A TraceStep is one quantity recorded by Network.Trace.
//
// For a network of two layers, names are the tutorial's: the input X, the
// targets y, the weights w01 and w12, hidden layer z_h and a_h, output layer
// z_o and a_o, the per-sample error a_o_error, then delta_a_o_error (∂E/∂a_o),
// delta_z_o (the activation's local derivative ∂a_o/∂z_o), delta_o (∂E/∂z_o),
// delta_w12 (∂z_o/∂w12, which is a_h), delta_output_layer (∂E/∂w12), and the
// same for the hidden layer: delta_a_h, delta_z_h, delta_h, delta_w01 (which
// is X), delta_hidden_layer. Biases, if any, are b_h and b_o with gradients
// delta_b_h and delta_b_o. The update gives w12_new and w01_new, and the
// prediction a_o_new.
//
// For any other number of layers, names are numbered from 1, layer l being
// Layers[l-1], with the Layer fields' names: X, y, W1, B1, Z1, A1, ..., the
// per-sample error E_i, then for each layer from the last DAl (∂E/∂Al), dAl/dZl
// (the local derivative), DZl, dZl/dWl (the layer's input), DWl and DBl, then
// Wl_new and Bl_new, and the prediction AL_new.
//
// Only a layer whose activation is Elementwise has a local-derivative step,
// and only when its DZ goes through it: a Softmax layer's DZ is DA through
// the softmax Jacobian, written out in its formula, and an output layer whose
// loss is fused with its activation (see Network.Backward) has
// delta_o = a_o − y (DZL = AL − y).
//
// With the built-in activations and losses, every backward formula names
// the steps it is computed from, and gives the step's Value from theirs, to
// float64 rounding; an Activation or Loss of the user's is shown by its name,
// as in "softplus'(Z1)".
type TraceStep struct {
	Name  string // short name, such as "z_h" or "DW3"
	Stage string // "forward", "error", "backward", "update" or "prediction"
	Layer int    // index in Network.Layers of the layer it belongs to; -1 for X, y and the error

	Meaning string // one sentence on what it is
	Formula string // how it is computed, in plain text: "z_h = X · w01"
	TeX     string // the formula in LaTeX math: "z_h = X \cdot w_{01}"
	Shapes  string // the shapes involved: "4x3 · 3x5 = 4x5"

	Value *Matrix // a copy of the matrix, the Trace's own
}

// Trace runs one training step on the batch x (samples×inputs) with
// targets y (samples×outputs) and learning rate eta, as Forward(x),
// Backward(y) and Step(eta) do, and records every intermediate quantity.
// Afterwards it computes the network's output on x with the updated weights,
// on a copy of the network.
//
// The backward steps show the way Backward took: for the output layer, the
// chain rule through the activation's local derivative, the softmax
// Jacobian, or the combined gradient a − y where the loss is fused with the
// output activation (with the error of each sample computed from Z there,
// as Backward computes E, so that the errors add up to E).
//
// Trace changes n exactly as Forward, Backward and Step would: every weight,
// bias and Layer field afterwards holds the same numbers, bit for bit. It
// reads the Layer fields after each call, so a network that is not traced
// pays nothing for the feature. The recorded matrices are copies.
//
// Trace returns an error, and changes nothing, if the network's fields or
// its Loss do not fit as Forward needs them or x cannot be its input (the
// errors of Forward, naming Trace), if y is nil or not samples×outputs, the
// network has no Loss, or eta breaks the rule of TrainConfig.LearningRate;
// and the error of Forward or Backward if they fail.
func (n *Network) Trace(x, y *Matrix, eta float64) (*Trace, error) {
	if err := n.checkFields("Trace"); err != nil {
		return nil, err
	}
	if err := n.checkInput("Trace", x); err != nil {
		return nil, err
	}
	if y == nil {
		return nil, errors.New("mlp: Trace: target is nil")
	}
	if err := checkLearningRate("Trace", eta); err != nil {
		return nil, err
	}
	if n.Loss == nil {
		return nil, errors.New("mlp: Trace: network has no Loss")
	}
	if out := n.Layers[len(n.Layers)-1].W.cols; y.rows != x.rows || y.cols != out {
		return nil, fmt.Errorf("mlp: Trace: target is %dx%d, want %dx%d (samples×outputs)", y.rows, y.cols, x.rows, out)
	}
	sizes := n.Sizes()
	b := &traceBuilder{n: n, x: x, y: y, t: &Trace{Sizes: sizes, Loss: n.Loss.String(), Eta: eta}}
	b.keepParams()
	if _, err := n.Forward(x); err != nil {
		return nil, err
	}
	b.nameLayers()
	b.forward()
	e, err := n.Backward(y)
	if err != nil {
		return nil, err
	}
	b.t.E = e
	b.errors()
	b.backward()
	n.Step(eta)
	b.update()
	if err := b.prediction(); err != nil {
		return nil, err
	}
	return b.t, nil
}

// Lookup returns the step with the given name, or nil if there is none.
func (t *Trace) Lookup(name string) *TraceStep {
	for i := range t.Steps {
		if t.Steps[i].Name == name {
			return &t.Steps[i]
		}
	}
	return nil
}

// A traceBuilder records the steps of one Trace, one stage at a time, from
// the network's Layer fields after each call.
type traceBuilder struct {
	n      *Network
	x, y   *Matrix
	t      *Trace
	ws, bs []*Matrix    // each layer's weights and biases before the update
	names  []layerNames // each layer's names
	L      int          // the number of layers
}

func (b *traceBuilder) add(s TraceStep) { b.t.Steps = append(b.t.Steps, s) }

// keepParams copies the weights and biases as they are before the update.
func (b *traceBuilder) keepParams() {
	b.ws = make([]*Matrix, len(b.n.Layers))
	b.bs = make([]*Matrix, len(b.n.Layers))
	for i, l := range b.n.Layers {
		if l != nil && l.W != nil {
			b.ws[i] = l.W.Clone()
		}
		if l != nil && l.B != nil {
			b.bs[i] = l.B.Clone()
		}
	}
}

// nameLayers sets the names of the layers, and the activations of the Trace.
func (b *traceBuilder) nameLayers() {
	b.L = len(b.n.Layers)
	b.names = make([]layerNames, b.L)
	for i, l := range b.n.Layers {
		b.names[i] = traceNames(i, b.L)
		b.t.Activations = append(b.t.Activations, l.Activation.String())
	}
}

// input returns the name of layer i's input: X, or the A of the layer before.
func (b *traceBuilder) input(i int) (plain, tex string) {
	if i == 0 {
		return "X", "X"
	}
	return b.names[i-1].a, b.names[i-1].ta
}

// inputValue returns layer i's input: x, or the A of the layer before.
func (b *traceBuilder) inputValue(i int) *Matrix {
	if i == 0 {
		return b.x
	}
	return b.n.Layers[i-1].A
}

// forward records the input and, for each layer, its weights, biases, Z and A.
func (b *traceBuilder) forward() {
	x := b.x
	b.add(TraceStep{Name: "X", Stage: "forward", Layer: -1, Formula: "X", TeX: "X",
		Meaning: "The inputs: one row a sample, one column an input.",
		Shapes:  shape(x), Value: x.Clone()})
	for i, l := range b.n.Layers {
		nm := b.names[i]
		inName, inTeX := b.input(i)
		role := layerRole(i, b.L)
		b.add(TraceStep{Name: nm.w, Stage: "forward", Layer: i, Formula: nm.w, TeX: nm.tw,
			Meaning: fmt.Sprintf("The weights of %s: column j holds the weights into unit j, row i those from %s.", role, inputWord(i)),
			Shapes:  shape(b.ws[i]), Value: b.ws[i]})
		if b.bs[i] != nil {
			b.add(TraceStep{Name: nm.b, Stage: "forward", Layer: i, Formula: nm.b, TeX: nm.tb,
				Meaning: fmt.Sprintf("The biases of %s, one a unit, added to the weighted input of every sample.", role),
				Shapes:  shape(b.bs[i]), Value: b.bs[i]})
		}
		zf, zt, zs := nm.z+" = "+inName+" · "+nm.w, nm.tz+" = "+inTeX+` \cdot `+nm.tw, fmt.Sprintf("%dx%d · %s", x.rows, l.W.rows, shape(l.W))
		if l.B != nil {
			zf, zt, zs = zf+" + "+nm.b, zt+" + "+nm.tb, zs+" + "+shape(l.B)
		}
		b.add(TraceStep{Name: nm.z, Stage: "forward", Layer: i, Formula: zf, TeX: zt,
			Meaning: fmt.Sprintf("The weighted input of each unit of %s: one row a sample, one column a unit.", role),
			Shapes:  zs + " = " + shape(l.Z), Value: l.Z.Clone()})
		ap, at := activationText(l.Activation, nm.z, nm.tz)
		meaning := fmt.Sprintf("The output of each unit of %s: %s applied to its weighted input.", role, l.Activation)
		if i == b.L-1 {
			meaning = fmt.Sprintf("The network's output, %s's %s applied to its weighted input: its prediction for each sample.", role, l.Activation)
		}
		b.add(TraceStep{Name: nm.a, Stage: "forward", Layer: i, Formula: nm.a + " = " + ap, TeX: nm.ta + " = " + at,
			Meaning: meaning, Shapes: shape(l.A), Value: l.A.Clone()})
	}
	b.t.Output = b.t.Steps[len(b.t.Steps)-1].Value
}

// fused reports whether Backward took the combined gradient for the output
// layer.
func (b *traceBuilder) fused() bool {
	return b.n.outputPath == pathFused || b.n.outputPath == pathFusedScaled
}

// errors records the targets and each sample's error, computed as Backward
// computed E.
func (b *traceBuilder) errors() {
	y, last, nm := b.y, b.n.Layers[b.L-1], b.names[b.L-1]
	b.add(TraceStep{Name: "y", Stage: "error", Layer: -1, Formula: "y", TeX: "y",
		Meaning: "The targets: what the network should output for each sample.",
		Shapes:  shape(y), Value: y.Clone()})
	errs := new(Matrix)
	outputErrors(b.n.Loss, errs, last, y)
	ef, et := lossText(b.n.Loss, nm, b.fused())
	errName := "E_i"
	if b.L == 2 {
		errName = "a_o_error"
	}
	meaning := fmt.Sprintf("The error of each sample (%s loss): how far its prediction is from its target; training makes their sum E smaller.", b.n.Loss)
	if b.fused() {
		meaning += fmt.Sprintf(" It is computed from %s, as Backward computes E, which keeps it exact where %s saturates.", nm.z, nm.a)
	}
	b.add(TraceStep{Name: errName, Stage: "error", Layer: -1, Formula: errName + " = " + ef, TeX: "E_i = " + et,
		Meaning: meaning, Shapes: shape(errs), Value: errs})
}

// backward records, for each layer from the last, DA, the way to DZ, DZ,
// and the gradients DW and DB.
func (b *traceBuilder) backward() {
	for i := b.L - 1; i >= 0; i-- {
		b.deltaA(i)
		b.deltaZ(i)
		b.gradients(i)
	}
}

// deltaA records layer i's DA: the loss's gradient for the output layer,
// the next layer's deltas sent back otherwise.
func (b *traceBuilder) deltaA(i int) {
	l, nm, role := b.n.Layers[i], b.names[i], layerRole(i, b.L)
	if i == b.L-1 {
		gp, gt := lossGradText(b.n.Loss, nm)
		meaning := "How the error changes with each output: the slope of the loss at the prediction (positive when the output should go down)."
		if b.fused() {
			meaning += fmt.Sprintf(" Shown for reference: %s below does not go through it.", nm.dz)
		}
		b.add(TraceStep{Name: nm.da, Stage: "backward", Layer: i,
			Formula: nm.da + " = ∂E/∂" + nm.a + " = " + gp, TeX: nm.tda() + ` = ` + gt,
			Meaning: meaning, Shapes: shape(l.DA), Value: l.DA.Clone()})
		return
	}
	next, nl := b.names[i+1], b.n.Layers[i+1]
	b.add(TraceStep{Name: nm.da, Stage: "backward", Layer: i,
		Formula: nm.da + " = ∂E/∂" + nm.a + " = " + next.dz + " · " + next.w + "ᵀ",
		TeX:     nm.tda() + ` = ` + next.tdz + ` \cdot ` + next.tw + `^\top`,
		Meaning: fmt.Sprintf("How the error changes with each output of %s: the next layer's deltas sent back through its weights.", role),
		Shapes:  fmt.Sprintf("%s · %dx%d = %s", shape(nl.DZ), nl.W.cols, nl.W.rows, shape(l.DA)),
		Value:   l.DA.Clone()})
}

// deltaZ records layer i's DZ as Backward computed it, after the local
// derivative it went through, if any.
func (b *traceBuilder) deltaZ(i int) {
	l, nm, role := b.n.Layers[i], b.names[i], layerRole(i, b.L)
	path := backpropPath(l.Activation)
	if i == b.L-1 {
		path = b.n.outputPath
	}
	head := nm.dz + " = ∂E/∂" + nm.z + " = "
	headTeX := nm.tdz + ` = \frac{\partial E}{\partial ` + nm.tz + `} = `
	meaning := fmt.Sprintf("The error signal (delta) of each unit of %s: how the error changes with its weighted input, by the chain rule.", role)
	var f, tex, shapes string
	switch path {
	case pathChain:
		b.localDeriv(i)
		f, tex = nm.da+" ⊙ "+nm.dadz, nm.tda()+` \odot \frac{\partial `+nm.ta+`}{\partial `+nm.tz+`}`
		shapes = fmt.Sprintf("%s ⊙ %s = %s", shape(l.DA), shape(l.Z), shape(l.DZ))
	case pathJacobian:
		f, tex = jacobianText(l.Activation, nm)
		shapes = fmt.Sprintf("%s ⊙ (%s − %dx1) = %s", shape(l.A), shape(l.DA), l.DA.rows, shape(l.DZ))
		meaning = fmt.Sprintf("The error signal (delta) of each unit of %s: how the error changes with its weighted input, by the chain rule through the %s's Jacobian ∂a_i/∂z_k = a_i(δ_ik − a_k), in which each output of a row depends on every weighted input of the row.", role, l.Activation)
	case pathFused, pathFusedScaled:
		f, tex = nm.a+" − y", nm.ta+" - y"
		shapes = fmt.Sprintf("%s − %s = %s", shape(l.A), shape(b.y), shape(l.DZ))
		if path == pathFusedScaled {
			f, tex = "(Σ_row y) ⊙ "+f, `\bigl(\textstyle\sum_{\text{row}} y\bigr) \odot `+tex
			shapes = fmt.Sprintf("%dx1 ⊙ %s − %s = %s", l.A.rows, shape(l.A), shape(b.y), shape(l.DZ))
		}
		d := fusedLoss(b.n.Loss, l.Activation)
		meaning = fmt.Sprintf("The error signal (delta) of each unit of %s: how the error changes with its weighted input. ", role) +
			fill(d.why, "{a}", nm.a, "{z}", nm.z, "{delta}", f)
		if path == pathFusedScaled {
			meaning += " The rows of y do not all sum to 1, so each row of " + nm.a + " is first scaled by its row's sum of targets."
		}
	default: // an Activation of the user's: only its name is known
		f, headTeX = l.Activation.String()+".Backprop("+nm.da+")", nm.tdz+` = \frac{\partial E}{\partial `+nm.tz+`}`
		shapes = fmt.Sprintf("%s → %s", shape(l.DA), shape(l.DZ))
	}
	b.add(TraceStep{Name: nm.dz, Stage: "backward", Layer: i, Formula: head + f, TeX: headTeX + tex,
		Meaning: meaning, Shapes: shapes, Value: l.DZ.Clone()})
}

// localDeriv records the local derivative ∂A/∂Z of layer i's element-wise
// activation at each weighted input.
func (b *traceBuilder) localDeriv(i int) {
	l, nm, role := b.n.Layers[i], b.names[i], layerRole(i, b.L)
	ew := l.Activation.(Elementwise)
	d := NewMatrix(l.Z.rows, l.Z.cols, nil)
	for k, z := range l.Z.RawData() {
		d.data[k] = ew.Deriv(z, l.A.data[k])
	}
	dp, dt := derivText(l.Activation, nm)
	b.add(TraceStep{Name: nm.dadz, Stage: "backward", Layer: i,
		Formula: nm.dadz + " = ∂" + nm.a + "/∂" + nm.z + " = " + dp,
		TeX:     `\frac{\partial ` + nm.ta + `}{\partial ` + nm.tz + `} = ` + dt,
		Meaning: fmt.Sprintf("The local derivative of %s's %s at each weighted input: how much an output moves when its weighted input moves.", role, l.Activation),
		Shapes:  shape(d), Value: d})
}

// gradients records ∂Z/∂W (layer i's input), DW and DB.
func (b *traceBuilder) gradients(i int) {
	l, nm, role := b.n.Layers[i], b.names[i], layerRole(i, b.L)
	inName, inTeX := b.input(i)
	prev := b.inputValue(i)
	b.add(TraceStep{Name: nm.dzdw, Stage: "backward", Layer: i,
		Formula: nm.dzdw + " = ∂" + nm.z + "/∂" + nm.w + " = " + inName,
		TeX:     `\frac{\partial ` + nm.tz + `}{\partial ` + nm.tw + `} = ` + inTeX,
		Meaning: fmt.Sprintf("How the weighted inputs change with the weights: the layer's input %s itself, whose transpose is the first factor of the weight gradient.", inName),
		Shapes:  shape(prev), Value: prev.Clone()})
	b.add(TraceStep{Name: nm.dw, Stage: "backward", Layer: i,
		Formula: nm.dw + " = ∂E/∂" + nm.w + " = " + inName + "ᵀ · " + nm.dz,
		TeX:     `\frac{\partial E}{\partial ` + nm.tw + `} = ` + inTeX + `^\top \cdot ` + nm.tdz,
		Meaning: fmt.Sprintf("The gradient of the error with respect to each weight of %s, summed over the samples: the update matrix.", role),
		Shapes:  fmt.Sprintf("%dx%d · %s = %s", prev.cols, prev.rows, shape(l.DZ), shape(l.DW)),
		Value:   l.DW.Clone()})
	if l.DB != nil {
		b.add(TraceStep{Name: nm.db, Stage: "backward", Layer: i,
			Formula: nm.db + " = ∂E/∂" + nm.b + " = Σ_rows " + nm.dz,
			TeX:     `\frac{\partial E}{\partial ` + nm.tb + `} = \sum_{\text{rows}} ` + nm.tdz,
			Meaning: fmt.Sprintf("The gradient of the error with respect to each bias of %s: its unit's deltas summed over the samples.", role),
			Shapes:  fmt.Sprintf("Σ_rows %s = %s", shape(l.DZ), shape(l.DB)),
			Value:   l.DB.Clone()})
	}
}

// update records the weights and biases after the Step, from the last layer
// to the first as the tutorial does.
func (b *traceBuilder) update() {
	eta := strconv.FormatFloat(b.t.Eta, 'g', -1, 64)
	for i := b.L - 1; i >= 0; i-- {
		l, nm, role := b.n.Layers[i], b.names[i], layerRole(i, b.L)
		for _, p := range [...]struct {
			name, grad, tex        string
			before, after, gradVal *Matrix
			meaning                string
		}{
			{nm.w, nm.dw, nm.tw, b.ws[i], l.W, l.DW, "The weights of " + role +
				" after one step of gradient descent: each moved against its gradient, scaled by the learning rate η."},
			{nm.b, nm.db, nm.tb, b.bs[i], l.B, l.DB, "The biases of " + role + " after the step."},
		} {
			if p.after == nil || p.gradVal == nil {
				continue // no bias
			}
			b.add(TraceStep{Name: p.name + "_new", Stage: "update", Layer: i,
				Formula: fmt.Sprintf("%s_new = %s − η · %s, η = %s", p.name, p.name, p.grad, eta),
				TeX:     p.tex + `^{\text{new}} = ` + p.tex + ` - ` + eta + ` \cdot \frac{\partial E}{\partial ` + p.tex + `}`,
				Meaning: p.meaning,
				Shapes:  fmt.Sprintf("%s − η · %s = %s", shape(p.before), shape(p.gradVal), shape(p.after)),
				Value:   p.after.Clone()})
		}
	}
}

// prediction records the output with the updated weights, computed on a
// copy so that n keeps the fields of the pass above, and its error.
func (b *traceBuilder) prediction() error {
	c := b.n.cloneParams()
	after, err := c.Forward(b.x)
	if err != nil {
		return err
	}
	b.t.EAfter = outputErrors(b.n.Loss, new(Matrix), c.Layers[b.L-1], b.y)
	pf, pt := "X", "X"
	for i, l := range b.n.Layers {
		nm := b.names[i]
		pf, pt = pf+" · "+nm.w+"_new", pt+` \cdot `+nm.tw+`^{\text{new}}`
		if l.B != nil {
			pf, pt = pf+" + "+nm.b+"_new", pt+" + "+nm.tb+`^{\text{new}}`
		}
		pf, _ = activationText(l.Activation, pf, "")
		_, pt = activationText(l.Activation, "", pt)
	}
	b.t.OutputAfter = after.Clone()
	last := b.names[b.L-1]
	b.add(TraceStep{Name: last.a + "_new", Stage: "prediction", Layer: b.L - 1,
		Formula: last.a + "_new = " + pf, TeX: last.ta + `^{\text{new}} = ` + pt,
		Meaning: "The network's output with the updated weights: compare it with the output before the update.",
		Shapes:  shape(after), Value: b.t.OutputAfter})
	return nil
}
