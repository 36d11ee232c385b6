package mlp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// String returns a summary of n, as Keras's model.summary() gives one: the
// layer sizes and the loss, then a table of the layers, each with the
// shapes of its W and B, its activation and its number of parameters
// (weights and biases), and the total. The tutorial's network:
//
//	network 3-5-1, loss squared-error
//	layer  W    B     activation  parameters
//	0      3x5  none  sigmoid             15
//	1      5x1  none  sigmoid              5
//	total                                 20
//
// Layers are numbered from 0, as in n.Layers and the package's errors. A
// layer without biases has B none. String never fails: a network whose
// layers do not fit together is summarised as it is, with "?" for a size
// it cannot tell and "nil" for a missing layer, W or activation. String
// only reads n.
func (n *Network) String() string {
	if n == nil {
		return "<nil>"
	}
	if len(n.Layers) == 0 {
		return fmt.Sprintf("network with no layers, loss %v", nameOf(n.Loss))
	}
	sizes := make([]string, len(n.Layers)+1)
	rows := [][]string{{"layer", "W", "B", "activation", "parameters"}}
	total := 0
	for i, l := range n.Layers {
		if i == 0 {
			sizes[0] = "?"
		}
		sizes[i+1] = "?"
		if l == nil {
			rows = append(rows, []string{strconv.Itoa(i), "nil", "", "", ""})
			continue
		}
		w, b, params := "nil", "none", 0
		if l.W != nil {
			w = fmt.Sprintf("%dx%d", l.W.rows, l.W.cols)
			params += l.W.rows * l.W.cols
			if i == 0 {
				sizes[0] = strconv.Itoa(l.W.rows)
			}
			sizes[i+1] = strconv.Itoa(l.W.cols)
		}
		if l.B != nil {
			b = fmt.Sprintf("%dx%d", l.B.rows, l.B.cols)
			params += l.B.rows * l.B.cols
		}
		total += params
		rows = append(rows, []string{strconv.Itoa(i), w, b, nameOf(l.Activation), strconv.Itoa(params)})
	}
	rows = append(rows, []string{"total", "", "", "", strconv.Itoa(total)})

	var s strings.Builder
	fmt.Fprintf(&s, "network %s, loss %s\n", strings.Join(sizes, "-"), nameOf(n.Loss))
	writeTable(&s, rows, 4)
	return strings.TrimSuffix(s.String(), "\n")
}

// nameOf returns v's String, or "nil" for a nil v.
func nameOf(v fmt.Stringer) string {
	if v == nil {
		return "nil"
	}
	return v.String()
}

// writeTable writes rows as columns two spaces apart, each as wide as its
// widest cell (in runes), every column left-aligned but column right,
// which is right-aligned; a line ends at its last non-empty cell.
func writeTable(s *strings.Builder, rows [][]string, right int) {
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for j, c := range r {
			if j > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c))
			if j == right {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		s.WriteString(strings.TrimRight(line.String(), " "))
		s.WriteByte('\n')
	}
}
