package mlp

import (
	"fmt"
	"strconv"
	"strings"
)

// The names and formulas of a trace. The formulas of the built-in
// activations and losses come from their definitions (activationDef,
// lossDef), filled in with a layer's names; an Activation or Loss of the
// user's is shown by its name.

// layerNames are the names and LaTeX symbols of one layer's quantities.
type layerNames struct {
	w, b, z, a                 string // "w01", "b_h", "z_h", "a_h"
	da, dadz, dz, dzdw, dw, db string // "delta_a_h", "delta_z_h", "delta_h", ...
	tw, tb, tz, ta, tdz        string // "w_{01}", "b_h", "z_h", "a_h", `\delta_h`
}

// tda is the LaTeX of DA, ∂E/∂A.
func (nm layerNames) tda() string { return `\frac{\partial E}{\partial ` + nm.ta + `}` }

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

// fill returns the template tmpl with each placeholder, such as "{z}",
// replaced by its value: fill(tmpl, "{z}", "z_o", "{a}", "a_o"). The values
// are not searched for placeholders.
func fill(tmpl string, placeholderValue ...string) string {
	var b strings.Builder
	b.Grow(len(tmpl) + 16)
	for tmpl != "" {
		k := strings.IndexByte(tmpl, '{')
		if k < 0 {
			break
		}
		b.WriteString(tmpl[:k])
		tmpl = tmpl[k:]
		n := 0 // the length of the placeholder at tmpl, if any
		for p := 0; p+1 < len(placeholderValue) && n == 0; p += 2 {
			if strings.HasPrefix(tmpl, placeholderValue[p]) {
				b.WriteString(placeholderValue[p+1])
				n = len(placeholderValue[p])
			}
		}
		if n == 0 {
			b.WriteByte('{')
			n = 1
		}
		tmpl = tmpl[n:]
	}
	b.WriteString(tmpl)
	return b.String()
}

// activationText returns a = f(z) in plain text and LaTeX, for z named z and
// tz.
func activationText(act Activation, z, tz string) (plain, tex string) {
	if d := builtinDef(act); d != nil {
		return fill(d.formula, "{z}", z), fill(d.formulaTeX, "{z}", tz)
	}
	return act.String() + "(" + z + ")", `\operatorname{` + texEscape(act.String()) + "}(" + tz + ")"
}

// derivText returns the local derivative ∂a/∂z of an element-wise
// activation in plain text and LaTeX.
func derivText(act Activation, nm layerNames) (plain, tex string) {
	if d := builtinDef(act); d != nil && d.deriv != "" {
		return fill(d.deriv, "{z}", nm.z, "{a}", nm.a), fill(d.derivTeX, "{z}", nm.tz, "{a}", nm.ta)
	}
	return act.String() + "'(" + nm.z + ")", `\operatorname{` + texEscape(act.String()) + "}'(" + nm.tz + ")"
}

// jacobianText returns ∂E/∂Z through the Jacobian of a built-in activation
// that is not element-wise, in plain text and LaTeX.
func jacobianText(act Activation, nm layerNames) (plain, tex string) {
	d := builtinDef(act)
	return fill(d.jacobian, "{a}", nm.a, "{da}", nm.da), fill(d.jacobianTeX, "{a}", nm.ta, "{da}", nm.tda())
}

// lossText returns one sample's error in plain text and LaTeX, computed from
// the output layer's A, or from its Z where the loss is fused with its
// activation.
func lossText(l Loss, nm layerNames, fused bool) (plain, tex string) {
	if f, ok := l.(LossFunc); ok && f.valid() {
		d := f.def()
		if fused {
			return fill(d.fusedErrors, "{z}", nm.z), fill(d.fusedErrorsTeX, "{z}", nm.tz)
		}
		return fill(d.errors, "{a}", nm.a), fill(d.errorsTeX, "{a}", nm.ta)
	}
	return l.String() + "(" + nm.a + ", y), summed over each row", `\sum_j \operatorname{` + texEscape(l.String()) + "}((" + nm.ta + ")_{ij}, y_{ij})"
}

// lossGradText returns ∂E/∂a in plain text and LaTeX.
func lossGradText(l Loss, nm layerNames) (plain, tex string) {
	if f, ok := l.(LossFunc); ok && f.valid() {
		d := f.def()
		return fill(d.grad, "{a}", nm.a), fill(d.gradTeX, "{a}", nm.ta)
	}
	return l.String() + "'(" + nm.a + ", y)", `\operatorname{` + texEscape(l.String()) + "}'(" + nm.ta + ", y)"
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
