package mlp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
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
	EAfter float64 // the error of the prediction with the updated weights

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

// traceStages returns the stages of a trace, in order, with their headings.
func traceStages() [5]struct{ name, heading string } {
	return [...]struct{ name, heading string }{
		{"forward", "Forward pass"},
		{"error", "Error"},
		{"backward", "Backward pass"},
		{"update", "Update"},
		{"prediction", "Prediction with the updated weights"},
	}
}

// Trace runs one training step on the batch x (samples×inputs) with
// targets y (samples×outputs) and learning rate eta, as Forward(x),
// Backward(y) and Step(eta) do, and records every intermediate quantity.
// Afterwards it computes the network's output on x with the updated weights,
// on a copy of the network.
//
// Trace changes n exactly as Forward, Backward and Step would: every weight,
// bias and Layer field afterwards holds the same numbers, bit for bit. It
// reads the Layer fields after each call, so a network that is not traced
// pays nothing for the feature. The recorded matrices are copies.
//
// Trace returns an error, and changes nothing, if x or y is nil, y is not
// samples×outputs, the network has no Loss, or eta is negative, NaN or
// infinite; and the error of Forward or Backward if they fail.
func (n *Network) Trace(x, y *Matrix, eta float64) (*Trace, error) {
	if x == nil {
		return nil, errors.New("mlp: Trace: input is nil")
	}
	if y == nil {
		return nil, errors.New("mlp: Trace: target is nil")
	}
	if math.IsNaN(eta) || math.IsInf(eta, 0) || eta < 0 {
		return nil, fmt.Errorf("mlp: Trace: learning rate is %v, want a finite number ≥ 0", eta)
	}
	if n.Loss == nil {
		return nil, errors.New("mlp: Trace: network has no Loss")
	}
	sizes := n.Sizes()
	if len(sizes) == len(n.Layers)+1 && len(sizes) > 1 {
		if out := sizes[len(sizes)-1]; y.rows != x.rows || y.cols != out {
			return nil, fmt.Errorf("mlp: Trace: target is %dx%d, want %dx%d (samples×outputs)", y.rows, y.cols, x.rows, out)
		}
	}
	// The weights and biases as they are before the update.
	ws := make([]*Matrix, len(n.Layers))
	bs := make([]*Matrix, len(n.Layers))
	for i, l := range n.Layers {
		if l != nil && l.W != nil {
			ws[i] = l.W.Clone()
		}
		if l != nil && l.B != nil {
			bs[i] = l.B.Clone()
		}
	}
	if _, err := n.Forward(x); err != nil {
		return nil, err
	}

	L := len(n.Layers)
	t := &Trace{Sizes: sizes, Loss: n.Loss.String(), Eta: eta}
	for _, l := range n.Layers {
		t.Activations = append(t.Activations, l.Activation.String())
	}
	names := make([]layerNames, L)
	for i := range names {
		names[i] = traceNames(i, L)
	}
	in := func(i int) (plain, tex string) {
		if i == 0 {
			return "X", "X"
		}
		return names[i-1].a, names[i-1].ta
	}
	rows := x.rows
	add := func(s TraceStep) { t.Steps = append(t.Steps, s) }

	// Forward pass.
	add(TraceStep{Name: "X", Stage: "forward", Layer: -1, Formula: "X", TeX: "X",
		Meaning: "The inputs: one row a sample, one column an input.",
		Shapes:  shape(x), Value: x.Clone()})
	for i, l := range n.Layers {
		nm := names[i]
		inName, inTeX := in(i)
		role := layerRole(i, L)
		add(TraceStep{Name: nm.w, Stage: "forward", Layer: i, Formula: nm.w, TeX: nm.tw,
			Meaning: fmt.Sprintf("The weights of %s: column j holds the weights into unit j, row i those from %s.", role, inputWord(i)),
			Shapes:  shape(ws[i]), Value: ws[i]})
		if bs[i] != nil {
			add(TraceStep{Name: nm.b, Stage: "forward", Layer: i, Formula: nm.b, TeX: nm.tb,
				Meaning: fmt.Sprintf("The biases of %s, one a unit, added to the weighted input of every sample.", role),
				Shapes:  shape(bs[i]), Value: bs[i]})
		}
		zf, zt, zs := nm.z+" = "+inName+" · "+nm.w, nm.tz+" = "+inTeX+` \cdot `+nm.tw, fmt.Sprintf("%dx%d · %s", rows, l.W.rows, shape(l.W))
		if l.B != nil {
			zf, zt, zs = zf+" + "+nm.b, zt+" + "+nm.tb, zs+" + "+shape(l.B)
		}
		add(TraceStep{Name: nm.z, Stage: "forward", Layer: i, Formula: zf, TeX: zt,
			Meaning: fmt.Sprintf("The weighted input of each unit of %s: one row a sample, one column a unit.", role),
			Shapes:  zs + " = " + shape(l.Z), Value: l.Z.Clone()})
		ap, at := activationText(l.Activation, nm.z, nm.tz)
		meaning := fmt.Sprintf("The output of each unit of %s: %s applied to its weighted input.", role, l.Activation)
		if i == L-1 {
			meaning = fmt.Sprintf("The network's output, %s's %s applied to its weighted input: its prediction for each sample.", role, l.Activation)
		}
		add(TraceStep{Name: nm.a, Stage: "forward", Layer: i, Formula: nm.a + " = " + ap, TeX: nm.ta + " = " + at,
			Meaning: meaning, Shapes: shape(l.A), Value: l.A.Clone()})
	}
	last := n.Layers[L-1]
	t.Output = t.Steps[len(t.Steps)-1].Value

	// The error of each sample.
	lastName, lastTeX := names[L-1].a, names[L-1].ta
	add(TraceStep{Name: "y", Stage: "error", Layer: -1, Formula: "y", TeX: "y",
		Meaning: "The targets: what the network should output for each sample.",
		Shapes:  shape(y), Value: y.Clone()})
	errs := new(Matrix)
	n.Loss.Errors(errs, last.A.Clone(), y.Clone())
	ef, et := lossText(n.Loss, lastName, lastTeX)
	errName := "E_i"
	if L == 2 {
		errName = "a_o_error"
	}
	add(TraceStep{Name: errName, Stage: "error", Layer: -1, Formula: errName + " = " + ef, TeX: "E_i = " + et,
		Meaning: fmt.Sprintf("The error of each sample (%s loss): how far its prediction is from its target; training makes their sum E smaller.", n.Loss),
		Shapes:  shape(errs), Value: errs})

	e, err := n.Backward(y)
	if err != nil {
		return nil, err
	}
	t.E = e

	// Backward pass, from the last layer to the first.
	for i := L - 1; i >= 0; i-- {
		l := n.Layers[i]
		nm := names[i]
		inName, inTeX := in(i)
		role := layerRole(i, L)
		if i == L-1 {
			gp, gt := lossGradText(n.Loss, lastName, lastTeX)
			add(TraceStep{Name: nm.da, Stage: "backward", Layer: i,
				Formula: nm.da + " = ∂E/∂" + nm.a + " = " + gp, TeX: `\frac{\partial E}{\partial ` + nm.ta + `} = ` + gt,
				Meaning: "How the error changes with each output: the slope of the loss at the prediction (positive when the output should go down).",
				Shapes:  shape(l.DA), Value: l.DA.Clone()})
		} else {
			next := names[i+1]
			add(TraceStep{Name: nm.da, Stage: "backward", Layer: i,
				Formula: nm.da + " = ∂E/∂" + nm.a + " = " + next.dz + " · " + next.w + "ᵀ",
				TeX:     `\frac{\partial E}{\partial ` + nm.ta + `} = ` + next.tdz + ` \cdot ` + next.tw + `^\top`,
				Meaning: fmt.Sprintf("How the error changes with each output of %s: the next layer's deltas sent back through its weights.", role),
				Shapes:  fmt.Sprintf("%s · %dx%d = %s", shape(n.Layers[i+1].DZ), n.Layers[i+1].W.cols, n.Layers[i+1].W.rows, shape(l.DA)),
				Value:   l.DA.Clone()})
		}
		dzf := nm.dz + " = ∂E/∂" + nm.z + " = " + nm.da + " ⊙ " + nm.dadz
		dzt := nm.tdz + ` = \frac{\partial E}{\partial ` + nm.tz + `} = \frac{\partial E}{\partial ` + nm.ta + `} \odot \frac{\partial ` + nm.ta + `}{\partial ` + nm.tz + `}`
		dzs := fmt.Sprintf("%s ⊙ %s = %s", shape(l.DA), shape(l.Z), shape(l.DZ))
		if ew, ok := l.Activation.(Elementwise); ok {
			d := NewMatrix(l.Z.rows, l.Z.cols, nil)
			for k, z := range l.Z.RawData() {
				d.data[k] = ew.Deriv(z, l.A.data[k])
			}
			dp, dt := derivText(l.Activation, nm.z, nm.a, nm.tz, nm.ta)
			add(TraceStep{Name: nm.dadz, Stage: "backward", Layer: i,
				Formula: nm.dadz + " = ∂" + nm.a + "/∂" + nm.z + " = " + dp,
				TeX:     `\frac{\partial ` + nm.ta + `}{\partial ` + nm.tz + `} = ` + dt,
				Meaning: fmt.Sprintf("The local derivative of %s's %s at each weighted input: how much an output moves when its weighted input moves.", role, l.Activation),
				Shapes:  shape(d), Value: d})
		} else {
			dzf = nm.dz + " = ∂E/∂" + nm.z + " = " + l.Activation.String() + ".Backprop(" + nm.da + ")"
			dzt = nm.tdz + ` = \frac{\partial E}{\partial ` + nm.tz + `}`
			dzs = fmt.Sprintf("%s → %s", shape(l.DA), shape(l.DZ))
		}
		add(TraceStep{Name: nm.dz, Stage: "backward", Layer: i, Formula: dzf, TeX: dzt,
			Meaning: fmt.Sprintf("The error signal (delta) of each unit of %s: how the error changes with its weighted input, by the chain rule.", role),
			Shapes:  dzs, Value: l.DZ.Clone()})
		prev := x
		if i > 0 {
			prev = n.Layers[i-1].A
		}
		add(TraceStep{Name: nm.dzdw, Stage: "backward", Layer: i,
			Formula: nm.dzdw + " = ∂" + nm.z + "/∂" + nm.w + " = " + inName,
			TeX:     `\frac{\partial ` + nm.tz + `}{\partial ` + nm.tw + `} = ` + inTeX,
			Meaning: fmt.Sprintf("How the weighted inputs change with the weights: the layer's input %s itself, whose transpose is the first factor of the weight gradient.", inName),
			Shapes:  shape(prev), Value: prev.Clone()})
		add(TraceStep{Name: nm.dw, Stage: "backward", Layer: i,
			Formula: nm.dw + " = ∂E/∂" + nm.w + " = " + inName + "ᵀ · " + nm.dz,
			TeX:     `\frac{\partial E}{\partial ` + nm.tw + `} = ` + inTeX + `^\top \cdot ` + nm.tdz,
			Meaning: fmt.Sprintf("The gradient of the error with respect to each weight of %s, summed over the samples: the update matrix.", role),
			Shapes:  fmt.Sprintf("%dx%d · %s = %s", prev.cols, prev.rows, shape(l.DZ), shape(l.DW)),
			Value:   l.DW.Clone()})
		if l.DB != nil {
			add(TraceStep{Name: nm.db, Stage: "backward", Layer: i,
				Formula: nm.db + " = ∂E/∂" + nm.b + " = Σ_rows " + nm.dz,
				TeX:     `\frac{\partial E}{\partial ` + nm.tb + `} = \sum_{\text{rows}} ` + nm.tdz,
				Meaning: fmt.Sprintf("The gradient of the error with respect to each bias of %s: its unit's deltas summed over the samples.", role),
				Shapes:  fmt.Sprintf("Σ_rows %s = %s", shape(l.DZ), shape(l.DB)),
				Value:   l.DB.Clone()})
		}
	}

	// Update, from the last layer to the first as the tutorial does.
	n.Step(eta)
	etaText := strconv.FormatFloat(eta, 'g', -1, 64)
	for i := L - 1; i >= 0; i-- {
		l := n.Layers[i]
		nm := names[i]
		role := layerRole(i, L)
		add(TraceStep{Name: nm.w + "_new", Stage: "update", Layer: i,
			Formula: fmt.Sprintf("%s_new = %s − η · %s, η = %s", nm.w, nm.w, nm.dw, etaText),
			TeX:     nm.tw + `^{\text{new}} = ` + nm.tw + ` - ` + etaText + ` \cdot \frac{\partial E}{\partial ` + nm.tw + `}`,
			Meaning: fmt.Sprintf("The weights of %s after one step of gradient descent: each moved against its gradient, scaled by the learning rate η.", role),
			Shapes:  fmt.Sprintf("%s − η · %s = %s", shape(ws[i]), shape(l.DW), shape(l.W)),
			Value:   l.W.Clone()})
		if l.B != nil && l.DB != nil {
			add(TraceStep{Name: nm.b + "_new", Stage: "update", Layer: i,
				Formula: fmt.Sprintf("%s_new = %s − η · %s, η = %s", nm.b, nm.b, nm.db, etaText),
				TeX:     nm.tb + `^{\text{new}} = ` + nm.tb + ` - ` + etaText + ` \cdot \frac{\partial E}{\partial ` + nm.tb + `}`,
				Meaning: fmt.Sprintf("The biases of %s after the step.", role),
				Shapes:  fmt.Sprintf("%s − η · %s = %s", shape(bs[i]), shape(l.DB), shape(l.B)),
				Value:   l.B.Clone()})
		}
	}

	// Prediction with the updated weights, on a copy so that n keeps the
	// fields of the pass above.
	after, err := n.cloneParams().Forward(x)
	if err != nil {
		return nil, err
	}
	t.EAfter = n.Loss.Errors(new(Matrix), after, y.Clone())
	pf, pt := "X", "X"
	for i, l := range n.Layers {
		nm := names[i]
		pf, pt = pf+" · "+nm.w+"_new", pt+` \cdot `+nm.tw+`^{\text{new}}`
		if l.B != nil {
			pf, pt = pf+" + "+nm.b+"_new", pt+" + "+nm.tb+`^{\text{new}}`
		}
		pf, _ = activationText(l.Activation, pf, "")
		_, pt = activationText(l.Activation, "", pt)
	}
	t.OutputAfter = after.Clone()
	add(TraceStep{Name: lastName + "_new", Stage: "prediction", Layer: L - 1,
		Formula: lastName + "_new = " + pf, TeX: lastTeX + `^{\text{new}} = ` + pt,
		Meaning: "The network's output with the updated weights: compare it with the output before the update.",
		Shapes:  shape(after), Value: t.OutputAfter})
	return t, nil
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

// layerNames are the names and LaTeX symbols of one layer's quantities.
type layerNames struct {
	w, b, z, a                 string // "w01", "b_h", "z_h", "a_h"
	da, dadz, dz, dzdw, dw, db string // "delta_a_h", "delta_z_h", "delta_h", ...
	tw, tb, tz, ta, tdz        string // "w_{01}", "b_h", "z_h", "a_h", `\delta_h`
}

// traceNames returns the names of layer i of L: the tutorial's for two
// layers, numbered ones otherwise.
func traceNames(i, L int) layerNames {
	if L == 2 {
		if i == 0 {
			return layerNames{
				w: "w01", b: "b_h", z: "z_h", a: "a_h",
				da: "delta_a_h", dadz: "delta_z_h", dz: "delta_h", dzdw: "delta_w01", dw: "delta_hidden_layer", db: "delta_b_h",
				tw: "w_{01}", tb: "b_h", tz: "z_h", ta: "a_h", tdz: `\delta_h`,
			}
		}
		return layerNames{
			w: "w12", b: "b_o", z: "z_o", a: "a_o",
			da: "delta_a_o_error", dadz: "delta_z_o", dz: "delta_o", dzdw: "delta_w12", dw: "delta_output_layer", db: "delta_b_o",
			tw: "w_{12}", tb: "b_o", tz: "z_o", ta: "a_o", tdz: `\delta_o`,
		}
	}
	k := strconv.Itoa(i + 1)
	return layerNames{
		w: "W" + k, b: "B" + k, z: "Z" + k, a: "A" + k,
		da: "DA" + k, dadz: "dA" + k + "/dZ" + k, dz: "DZ" + k, dzdw: "dZ" + k + "/dW" + k, dw: "DW" + k, db: "DB" + k,
		tw: "W_{" + k + "}", tb: "B_{" + k + "}", tz: "Z_{" + k + "}", ta: "A_{" + k + "}", tdz: `\delta_{` + k + "}",
	}
}

// layerRole names layer i of L in words: "the output layer", "the hidden
// layer" or "hidden layer 2".
func layerRole(i, L int) string {
	switch {
	case i == L-1:
		return "the output layer"
	case L == 2:
		return "the hidden layer"
	}
	return fmt.Sprintf("hidden layer %d", i+1)
}

// inputWord names what feeds layer i.
func inputWord(i int) string {
	if i == 0 {
		return "input i"
	}
	return "unit i of the layer before"
}

func shape(m *Matrix) string { return fmt.Sprintf("%dx%d", m.rows, m.cols) }

// activationText returns a = f(z) in plain text and LaTeX.
func activationText(act Activation, z, tz string) (plain, tex string) {
	switch act {
	case Sigmoid:
		return "σ(" + z + ")", `\sigma(` + tz + ")"
	case Tanh:
		return "tanh(" + z + ")", `\tanh(` + tz + ")"
	case ReLU:
		return "max(0, " + z + ")", `\max(0, ` + tz + ")"
	case Identity:
		return z, tz
	}
	return act.String() + "(" + z + ")", `\operatorname{` + texEscape(act.String()) + "}(" + tz + ")"
}

// derivText returns the local derivative ∂a/∂z in plain text and LaTeX.
func derivText(act Activation, z, a, tz, ta string) (plain, tex string) {
	switch act {
	case Sigmoid:
		return "σ'(" + z + ") = " + a + " ⊙ (1 − " + a + ")", `\sigma'(` + tz + ") = " + ta + ` \odot (1 - ` + ta + ")"
	case Tanh:
		return "tanh'(" + z + ") = 1 − " + a + " ⊙ " + a, `\tanh'(` + tz + ") = 1 - " + ta + ` \odot ` + ta
	case ReLU:
		return "1 where " + z + " > 0, else 0", "[" + tz + " > 0]"
	case Identity:
		return "1", "1"
	}
	return act.String() + "'(" + z + ")", `\operatorname{` + texEscape(act.String()) + "}'(" + tz + ")"
}

// lossText returns one sample's error in plain text and LaTeX.
func lossText(l Loss, a, ta string) (plain, tex string) {
	if l == SquaredError {
		return "½(" + a + " − y)², summed over each row", `\sum_j \tfrac{1}{2} ((` + ta + `)_{ij} - y_{ij})^2`
	}
	return l.String() + "(" + a + ", y), summed over each row", `\sum_j \operatorname{` + texEscape(l.String()) + "}((" + ta + ")_{ij}, y_{ij})"
}

// lossGradText returns ∂E/∂a in plain text and LaTeX.
func lossGradText(l Loss, a, ta string) (plain, tex string) {
	if l == SquaredError {
		return a + " − y", ta + " - y"
	}
	return l.String() + "'(" + a + ", y)", `\operatorname{` + texEscape(l.String()) + "}'(" + ta + ", y)"
}

// texEscape escapes the characters that are special in LaTeX.
func texEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '_', '{', '}', '%', '$', '#', '&':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\backslash `)
		case '^', '~':
			b.WriteString(`\string`)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// String returns the step as WriteText renders it: its formula and shapes,
// its meaning, and its matrix as Matrix.String prints it.
func (s TraceStep) String() string {
	var b strings.Builder
	b.WriteString(s.Formula)
	if s.Shapes != "" {
		b.WriteString("    (" + s.Shapes + ")")
	}
	b.WriteString("\n" + s.Meaning + "\n")
	b.WriteString(s.Value.String())
	return b.String()
}

// title describes the traced network in one line.
func (t *Trace) title() string {
	sizes := make([]string, len(t.Sizes))
	for i, s := range t.Sizes {
		sizes[i] = strconv.Itoa(s)
	}
	samples := 0
	if t.Output != nil {
		samples = t.Output.rows
	}
	return fmt.Sprintf("One training step of a %s network (%s), %s loss, %d samples, learning rate %s",
		strings.Join(sizes, "-"), strings.Join(t.Activations, ", "), t.Loss, samples, strconv.FormatFloat(t.Eta, 'g', -1, 64))
}

// String returns the plain-text rendering of t, as WriteText writes it.
func (t *Trace) String() string {
	var b strings.Builder
	t.WriteText(&b)
	return b.String()
}

// WriteText writes t to w as plain text for a terminal: a heading for each
// stage, then each step as TraceStep.String renders it, separated by blank
// lines, with the error E after the error stage and after the prediction.
// It returns the first error of w.
func (t *Trace) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("%s.\n", t.title())
	t.eachStage(func(heading string, steps []TraceStep, stage string) {
		ew.printf("\n== %s ==\n", heading)
		for _, s := range steps {
			ew.printf("\n%s\n", s)
		}
		if note := t.stageNote(stage, false); note != "" {
			ew.printf("\n%s\n", note)
		}
	})
	return ew.err
}

// WriteMarkdown writes t to w as Markdown: a section for each stage and
// for each step a heading with its name, its meaning, its formula as LaTeX
// display math ($$ … $$), its shapes and its matrix in a code block. It
// returns the first error of w.
func (t *Trace) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("# %s\n", t.title())
	t.eachStage(func(heading string, steps []TraceStep, stage string) {
		ew.printf("\n## %s\n", heading)
		for _, s := range steps {
			ew.printf("\n### `%s`\n\n%s\n\n$$%s$$\n\nShapes: `%s`\n\n```\n%s\n```\n", s.Name, s.Meaning, s.TeX, s.Shapes, s.Value)
		}
		if note := t.stageNote(stage, true); note != "" {
			ew.printf("\n%s\n", note)
		}
	})
	return ew.err
}

// eachStage calls f for each stage that has steps, in order.
func (t *Trace) eachStage(f func(heading string, steps []TraceStep, stage string)) {
	for _, st := range traceStages() {
		var steps []TraceStep
		for _, s := range t.Steps {
			if s.Stage == st.name {
				steps = append(steps, s)
			}
		}
		if len(steps) > 0 {
			f(st.heading, steps, st.name)
		}
	}
}

// stageNote is the line after a stage: the total error.
func (t *Trace) stageNote(stage string, markdown bool) string {
	e := strconv.FormatFloat(t.E, 'g', 8, 64)
	ea := strconv.FormatFloat(t.EAfter, 'g', 8, 64)
	switch {
	case stage == "error" && markdown:
		return "The total error is $E = \\sum_i E_i = " + e + "$."
	case stage == "error":
		return "E = Σ_i E_i = " + e
	case stage == "prediction" && markdown:
		return "The total error with the updated weights is $E = " + ea + "$ (before the update: $" + e + "$)."
	case stage == "prediction":
		return "E with the updated weights = " + ea + " (before the update: " + e + ")"
	}
	return ""
}

// errWriter keeps the first error of a sequence of writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
