package mlp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A Problem is the kind of a Finding of Network.Diagnose.
type Problem uint8

const (
	// DuplicateUnits: hidden units that are exact copies of each other,
	// with the same weights in, bias and weights out. They compute the same
	// output and get the same gradient, so training can never make them
	// different: the tutorial's start with every weight 1 has five copies
	// of one unit.
	DuplicateUnits Problem = iota + 1
	// SaturatedUnit: a hidden sigmoid or tanh unit whose slope f'(z) is
	// below 1% of the activation's peak slope on every sample: its output
	// is pinned near the ends of its range and gradients through it almost
	// vanish, so its weights barely learn.
	SaturatedUnit
	// DeadUnit: a ReLU unit whose weighted input is 0 or less on every
	// sample, so that it outputs 0 with slope 0: no gradient reaches its
	// weights and it cannot recover on its own.
	DeadUnit
	// VanishingGradient: the error signal reaching a layer (the root mean
	// square of its DZ) is less than a thousandth of the output layer's, so
	// the layer barely learns.
	VanishingGradient
	// ExplodingGradient: the error signal reaching a layer is more than a
	// thousand times the output layer's, or a gradient is not finite, so
	// updates to that layer are huge and training diverges.
	ExplodingGradient
)

// String returns the problem in words, such as "duplicate units".
func (p Problem) String() string {
	switch p {
	case DuplicateUnits:
		return "duplicate units"
	case SaturatedUnit:
		return "saturated unit"
	case DeadUnit:
		return "dead unit"
	case VanishingGradient:
		return "vanishing gradient"
	case ExplodingGradient:
		return "exploding gradient"
	}
	return fmt.Sprintf("Problem(%d)", uint8(p))
}

// A Finding is one thing Network.Diagnose found that will stop a network
// learning well.
type Finding struct {
	Problem Problem
	Layer   int    // index in Network.Layers of the layer concerned
	Units   []int  // the units concerned, columns of the layer's W; nil when it is the whole layer
	Message string // in plain words: what was found, where, and why it matters
}

// String returns f.Message.
func (f Finding) String() string { return f.Message }

// Thresholds of Diagnose.
const (
	saturatedSlope = 0.01 // slope below this fraction of the peak slope on every sample
	gradientRatio  = 1e3  // error signal a thousand times smaller or larger than the output layer's
)

// Diagnose looks at n after a Forward and Backward pass and reports, in
// plain words, what will stop it learning, in this order:
//
//   - DuplicateUnits in a hidden layer: units whose weights in, bias and
//     weights out are equal bit for bit (the weights as they are now, after
//     any Step);
//   - SaturatedUnit: a hidden Sigmoid or Tanh unit with slope below 1% of
//     its peak on every sample of the pass (an output unit near 0 or 1 may
//     simply be confident, so output layers are not checked);
//   - DeadUnit: a ReLU unit, in any layer, whose Z is 0 or less on every
//     sample of the pass;
//   - VanishingGradient and ExplodingGradient: a layer whose error signal,
//     the root mean square of its DZ, is less than 1/1000 or more than 1000
//     times the output layer's, or a DZ, DW or DB that is not finite.
//
// The unit and sample findings are about the batch of the last Forward:
// diagnose with a batch that represents the data. A healthy network gets no
// finding (nil). Diagnose reads the network and changes nothing.
//
// Diagnose returns an error if the layers' W, B and Activation do not fit
// together (see Validate), or if the Layer fields do not hold a Forward and
// Backward pass of the current shapes.
func (n *Network) Diagnose() ([]Finding, error) {
	if err := n.check("Diagnose"); err != nil {
		return nil, err
	}
	for i, l := range n.Layers {
		switch {
		case l.Z == nil || l.A == nil || l.Z.cols != l.W.cols || l.A.rows != l.Z.rows || l.A.cols != l.Z.cols || l.Z.rows != n.Layers[0].Z.rows:
			return nil, fmt.Errorf("mlp: Diagnose: layer %d has no forward pass for its %dx%d weights; call Forward and Backward first", i, l.W.rows, l.W.cols)
		case l.DZ == nil || l.DW == nil || l.DZ.rows != l.Z.rows || l.DZ.cols != l.Z.cols || l.DW.rows != l.W.rows || l.DW.cols != l.W.cols:
			return nil, fmt.Errorf("mlp: Diagnose: layer %d has no backward pass for its forward pass; call Backward first", i)
		}
	}
	L := len(n.Layers)
	var fs []Finding
	for i := 0; i < L-1; i++ {
		fs = append(fs, duplicateUnits(n.Layers, i)...)
	}
	for i, l := range n.Layers {
		if i < L-1 {
			fs = append(fs, saturatedUnits(l, i)...)
		}
		fs = append(fs, deadUnits(l, i)...)
	}
	fs = append(fs, gradientFindings(n.Layers)...)
	return fs, nil
}

// duplicateUnits finds groups of units of hidden layer i with the same
// weights in, bias and weights out.
func duplicateUnits(layers []*Layer, i int) []Finding {
	l, next := layers[i], layers[i+1]
	if next.W.rows != l.W.cols {
		return nil
	}
	signature := func(j int) string {
		var b strings.Builder
		for r := 0; r < l.W.rows; r++ {
			b.WriteString(strconv.FormatUint(math.Float64bits(l.W.data[r*l.W.cols+j]), 16) + " ")
		}
		if l.B != nil && l.B.cols == l.W.cols {
			b.WriteString("b" + strconv.FormatUint(math.Float64bits(l.B.data[j]), 16) + " ")
		}
		b.WriteString("|")
		for _, w := range next.W.Row(j) {
			b.WriteString(" " + strconv.FormatUint(math.Float64bits(w), 16))
		}
		return b.String()
	}
	groups := map[string][]int{}
	var order []string
	for j := 0; j < l.W.cols; j++ {
		s := signature(j)
		if groups[s] == nil {
			order = append(order, s)
		}
		groups[s] = append(groups[s], j)
	}
	var fs []Finding
	for _, s := range order {
		units := groups[s]
		if len(units) < 2 {
			continue
		}
		same := "the same weights in and the same weights out"
		if l.B != nil {
			same = "the same weights in, the same bias and the same weights out"
		}
		fs = append(fs, Finding{Problem: DuplicateUnits, Layer: i, Units: units, Message: fmt.Sprintf(
			"Layers[%d] units %s are exact copies of each other: %s, "+
				"so they compute the same output and get the same gradient on every sample. Gradient descent can never make them different: "+
				"the layer works as if it had %s instead of %d. Start from weights that differ, such as New's random ones.",
			i, unitList(units), same, plural(len(groups), "unit"), l.W.cols)})
	}
	return fs
}

// saturatedUnits finds units of layer i, of an activation that saturates
// at both ends (sigmoid, tanh), whose slope is below saturatedSlope of its
// peak on every sample.
func saturatedUnits(l *Layer, i int) []Finding {
	act := builtinDef(l.Activation)
	if act == nil || act.peakSlope == 0 {
		return nil
	}
	peak := act.peakSlope
	var fs []Finding
	for j := 0; j < l.Z.cols; j++ {
		steepest := 0.0
		for r := 0; r < l.Z.rows; r++ {
			k := r*l.Z.cols + j
			steepest = max(steepest, act.df(l.Z.data[k], l.A.data[k]))
		}
		if steepest < saturatedSlope*peak {
			fs = append(fs, Finding{Problem: SaturatedUnit, Layer: i, Units: []int{j}, Message: fmt.Sprintf(
				"Layers[%d] unit %d (%s) is saturated: on every one of the %d samples its slope f'(z) is at most %.2g, under 1%% of the %s's peak slope of %g, "+
					"because its weighted input is far from 0. Every gradient through it is multiplied by that slope, so its weights barely learn. "+
					"Scale the inputs or start from smaller weights.",
				i, j, act.name, l.Z.rows, steepest, act.name, peak)})
		}
	}
	return fs
}

// deadUnits finds units of layer i, of an activation whose slope is 0 for
// every z ≤ 0 (ReLU), with z ≤ 0 on every sample.
func deadUnits(l *Layer, i int) []Finding {
	act := builtinDef(l.Activation)
	if act == nil || !act.deadBelowZero {
		return nil
	}
	var fs []Finding
	for j := 0; j < l.Z.cols; j++ {
		dead := true
		for r := 0; r < l.Z.rows && dead; r++ {
			dead = l.Z.data[r*l.Z.cols+j] <= 0
		}
		if dead {
			fs = append(fs, Finding{Problem: DeadUnit, Layer: i, Units: []int{j}, Message: fmt.Sprintf(
				"Layers[%d] unit %d (%s) is dead: its weighted input z is 0 or less on all %d samples, so it outputs 0 and its slope is 0. "+
					"No gradient reaches its weights, so it cannot come back on its own and is wasted. "+
					"A smaller learning rate or a small positive starting bias keeps units alive.",
				i, j, act.name, l.Z.rows)})
		}
	}
	return fs
}

// gradientFindings compares each layer's error signal, the root mean square
// of DZ, with the output layer's.
func gradientFindings(layers []*Layer) []Finding {
	L := len(layers)
	var fs []Finding
	for i, l := range layers {
		for _, g := range [...]struct {
			name string
			m    *Matrix
		}{{"DZ", l.DZ}, {"DW", l.DW}, {"DB", l.DB}} {
			if name, m := g.name, g.m; m != nil && firstNonFinite(m.RawData()) >= 0 {
				fs = append(fs, Finding{Problem: ExplodingGradient, Layer: i, Message: fmt.Sprintf(
					"Layers[%d] has gradients that are not finite (%s holds NaN or ±Inf): they overflowed, and a Step with them destroys the weights. "+
						"Lower the learning rate, scale the inputs, or start from smaller weights.", i, name)})
				break
			}
		}
	}
	if len(fs) > 0 {
		return fs
	}
	out := rms(layers[L-1].DZ.RawData())
	if out == 0 {
		return nil
	}
	for i := 0; i < L-1; i++ {
		r := rms(layers[i].DZ.RawData())
		ratio := r / out
		factor := math.Pow(ratio, 1/float64(L-1-i))
		switch {
		case ratio < 1/gradientRatio:
			fs = append(fs, Finding{Problem: VanishingGradient, Layer: i, Message: fmt.Sprintf(
				"Layers[%d] gets a vanishing gradient: its error signal (the root mean square of DZ, %.2g) is %.2g times the output layer's (%.2g), "+
					"shrinking by a factor of about %.2g a layer on the way back. Its weights get almost no gradient, so they barely learn. "+
					"Deep sigmoid or tanh networks suffer this most: use fewer layers, ReLU, or larger starting weights.",
				i, r, ratio, out, factor)})
		case ratio > gradientRatio:
			fs = append(fs, Finding{Problem: ExplodingGradient, Layer: i, Message: fmt.Sprintf(
				"Layers[%d] gets an exploding gradient: its error signal (the root mean square of DZ, %.2g) is %.2g times the output layer's (%.2g), "+
					"growing by a factor of about %.2g a layer on the way back. Its updates are huge, so training overshoots and diverges. "+
					"Start from smaller weights or lower the learning rate.",
				i, r, ratio, out, factor)})
		}
	}
	return fs
}

// rms returns the root mean square of xs, scaled so that it does not
// overflow for huge finite values.
func rms(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, math.Abs(x))
	}
	if m == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += (x / m) * (x / m)
	}
	return m * math.Sqrt(s/float64(len(xs)))
}

// unitList writes units as "0, 1 and 2".
func unitList(units []int) string {
	s := make([]string, len(units))
	for k, u := range units {
		s[k] = strconv.Itoa(u)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
