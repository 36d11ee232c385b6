package mlp

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The layout of printed matrices is numpy 1.13's, with its default print
// options (numpy/core/arrayprint.py of that release: FloatFormat,
// IntegerFormat, _formatArray).
const (
	printPrecision = 8    // digits after the point, or of the mantissa
	printThreshold = 1000 // a matrix with more elements is summarized
	printEdgeItems = 3    // rows and columns kept at each end of a summary
	printLineWidth = 75   // a row longer than this wraps
)

// String returns m printed the way numpy 1.13 printed a float64 array with
// its default options, as the tutorial shows them:
//
//	[[ 0.95257413  0.95257413]
//	 [ 0.88079708  0.88079708]]
//
// The rules are numpy's, so that printouts can be compared character for
// character:
//
//   - Up to 8 digits after the point, as few as the element that needs the
//     most: trailing zeros are replaced by spaces, so that the points line
//     up (0.000361 and 0.00505433 print as " 0.000361  " and " 0.00505433"),
//     and whole numbers print as "3.".
//   - Scientific notation with 8 digits of mantissa, such as
//     "4.91567136e-01", when the largest magnitude is 1e8 or more, the
//     smallest nonzero one is below 1e-4, or the largest is more than 1000
//     times the smallest.
//   - Every element has the same width, with room for a minus sign; rows
//     continue on the next line after 75 columns, and each row after the
//     first starts with a space.
//   - NaN and infinities print as nan, inf and -inf.
//   - A matrix of more than 1000 elements is summarized: only the first and
//     last 3 rows and columns are shown, with "..." between them.
//   - A matrix with no elements prints as [].
//
// A nil *Matrix prints as <nil>. Format gives other verbs and precisions.
func (m *Matrix) String() string {
	if m == nil {
		return "<nil>"
	}
	return m.layout(legacyFloats(printPrecision), 0, false)
}

// Format implements fmt.Formatter, so that the fmt verbs print m in the
// layout of String (brackets, aligned columns, summary of large matrices)
// with the number format the verb asks for:
//
//	%v, %s   String's numpy style; a precision sets numpy's precision:
//	         %.3v prints at most 3 digits after the point
//	%d       integer style, like numpy's integer arrays (the tutorial's X
//	         prints [[1 1 1] ...); each element is rounded to the nearest
//	         integer
//	%e %E    scientific notation, 6 digits after the point unless a
//	         precision is given: %.3e
//	%f %F    fixed point, 6 digits after the point unless a precision is
//	         given: %.3f
//	%g %G    the shortest representation that reads back exactly, or a
//	         precision's number of significant digits: %.4g
//	%x %X    hexadecimal floating point, as strconv
//	%#v      Go syntax that rebuilds m: mlp.NewMatrix(2, 2, []float64{...});
//	         it is never summarized, so it prints every element
//
// With %d, %e, %f, %g and %x each element is right-aligned to the widest, a
// column is kept for the sign (a space before nonnegative elements, or a
// plus sign with the + flag: %+.2f), and NaN and infinities are printed as
// strconv prints them. A width sets the least width of every element (%10.3f)
// and the - flag aligns elements to the left of their column. Other verbs print
// %!verb(*mlp.Matrix=...), as fmt does for a verb a type does not support.
func (m *Matrix) Format(f fmt.State, verb rune) {
	if m == nil {
		if verb == 'v' && f.Flag('#') {
			io.WriteString(f, "(*mlp.Matrix)(nil)")
			return
		}
		io.WriteString(f, "<nil>")
		return
	}
	width, _ := f.Width()
	left := f.Flag('-')
	var elems func(vis []float64) []string
	switch verb {
	case 'v', 's':
		if verb == 'v' && f.Flag('#') {
			io.WriteString(f, m.goSyntax())
			return
		}
		prec, ok := f.Precision()
		if !ok {
			prec = printPrecision
		}
		elems = legacyFloats(prec)
	case 'd':
		elems = alignedElems(func(x float64) string { return intElem(x, f.Flag('+')) }, left)
	case 'e', 'E', 'f', 'F', 'g', 'G', 'x', 'X':
		prec, ok := f.Precision()
		if !ok {
			prec = -1
			if verb == 'e' || verb == 'E' || verb == 'f' || verb == 'F' {
				prec = 6
			}
		}
		conv := byte(verb)
		if verb == 'F' {
			conv = 'f'
		}
		plus := f.Flag('+')
		elems = alignedElems(func(x float64) string {
			s := strconv.FormatFloat(x, conv, prec, 64)
			switch {
			case s[0] == '-':
			case s[0] == '+':
				if !plus {
					s = " " + s[1:]
				}
			case plus:
				s = "+" + s
			default:
				s = " " + s
			}
			return s
		}, left)
	default:
		fmt.Fprintf(f, "%%!%c(*mlp.Matrix=%s)", verb, m.String())
		return
	}
	io.WriteString(f, m.layout(elems, width, left))
}

// layout prints m in numpy's layout. elems formats the visible elements, in
// row-major order; each string is then padded to at least width characters,
// on the left, or on the right if left is set.
func (m *Matrix) layout(elems func(vis []float64) []string, width int, left bool) string {
	if m.rows == 0 || m.cols == 0 {
		return "[]"
	}
	summary := m.rows*m.cols > printThreshold
	rows, rowCut := visible(m.rows, summary)
	cols, colCut := visible(m.cols, summary)
	vis := make([]float64, 0, len(rows)*len(cols))
	for _, i := range rows {
		for _, j := range cols {
			vis = append(vis, m.data[i*m.cols+j])
		}
	}
	strs := elems(vis)
	for k, s := range strs {
		if pad := width - len(s); pad > 0 {
			if left {
				strs[k] = s + strings.Repeat(" ", pad)
			} else {
				strs[k] = strings.Repeat(" ", pad) + s
			}
		}
	}
	var b strings.Builder
	b.WriteByte('[')
	for k := range rows {
		if k > 0 {
			b.WriteString("\n ")
		}
		if rowCut && k == printEdgeItems {
			b.WriteString("..., \n ")
		}
		writeRow(&b, strs[k*len(cols):(k+1)*len(cols)], colCut)
	}
	b.WriteByte(']')
	return b.String()
}

// visible returns the indices of the rows (or columns) of n that are
// printed: all of them, or the first and last printEdgeItems when the matrix
// is summarized and there are more than twice as many. cut reports the
// second case.
func visible(n int, summary bool) (idx []int, cut bool) {
	if summary && n > 2*printEdgeItems {
		for i := 0; i < printEdgeItems; i++ {
			idx = append(idx, i)
		}
		for i := n - printEdgeItems; i < n; i++ {
			idx = append(idx, i)
		}
		return idx, true
	}
	idx = make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx, false
}

// writeRow writes one row as numpy 1.13's _formatArray does for the last
// axis of a 2-D array: elements separated by a space, "..., " after the
// first printEdgeItems when the columns are cut, and a new line, indented by
// two spaces, before an element that would end at column 75 or beyond
// (counting without trailing spaces).
func writeRow(b *strings.Builder, elems []string, cut bool) {
	const indent = "  " // under the first element, after " ["
	var s strings.Builder
	line := indent
	extend := func(word string) {
		l := strings.TrimRight(line, " ")
		// numpy wraps even an empty line; we never start a line that holds
		// nothing, which only matters for elements wider than a line.
		if l != "" && len(l)+len(strings.TrimRight(word, " ")) >= printLineWidth {
			s.WriteString(l)
			s.WriteByte('\n')
			line = indent
		}
		line += word
	}
	for k, e := range elems {
		if k == len(elems)-1 {
			extend(e)
			break
		}
		extend(e + " ")
		if cut && k == printEdgeItems-1 {
			extend("..., ")
		}
	}
	s.WriteString(line)
	b.WriteByte('[')
	b.WriteString(s.String()[len(indent):])
	b.WriteByte(']')
}

// legacyFloats returns the element formatter of numpy 1.13's FloatFormat
// with the given precision, chosen from the visible elements.
func legacyFloats(prec int) func(vis []float64) []string {
	return func(vis []float64) []string {
		f := newLegacyFloat(vis, prec)
		strs := make([]string, len(vis))
		for k, x := range vis {
			strs[k] = f.format(x)
		}
		return strs
	}
}

// legacyFloat is numpy 1.13's FloatFormat: one format for all the elements
// of an array.
type legacyFloat struct {
	prec  int  // digits after the point, in both notations
	width int  // width of every element
	exp   bool // scientific notation
	large bool // scientific with three-digit exponents
}

// newLegacyFloat chooses the format of the elements vis with at most prec
// digits after the point, as FloatFormat.fillFormat does.
func newLegacyFloat(vis []float64, prec int) legacyFloat {
	f := legacyFloat{prec: prec}
	var maxv, minv float64
	nonzero, special := false, false
	for _, x := range vis {
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			special = true
		case x != 0:
			a := math.Abs(x)
			if !nonzero {
				maxv, minv, nonzero = a, a, true
			}
			maxv, minv = max(maxv, a), min(minv, a)
		}
	}
	if nonzero && (maxv >= 1e8 || minv < 0.0001 || maxv/minv > 1000) {
		f.exp = true
		f.large = (0 < minv && minv < 1e-99) || maxv >= 1e100
		f.width = 8 + prec // sign, digit, point, prec digits, e±dd and one space
		if f.large {
			f.width++
		}
		return f
	}
	// Fixed point: as many digits after the point as the element that
	// needs the most, up to prec, once trailing zeros are dropped.
	digits := 0
	if prec > 0 {
		for _, x := range vis {
			if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			s := strconv.FormatFloat(math.Abs(x), 'f', prec, 64)
			digits = max(digits, prec-(len(s)-len(strings.TrimRight(s, "0"))))
		}
	}
	f.prec = digits
	f.width = len(strconv.Itoa(int(maxv))) + digits + 2 // sign and point
	if special {
		f.width = max(f.width, len("inf")+1)
	}
	return f
}

// format prints x as FloatFormat.__call__ does.
func (f legacyFloat) format(x float64) string {
	switch {
	case math.IsNaN(x):
		return padLeft("nan", f.width)
	case math.IsInf(x, 1):
		return padLeft("inf", f.width)
	case math.IsInf(x, -1):
		return padLeft("-inf", f.width)
	}
	if f.exp {
		s := padLeft(strconv.FormatFloat(x, 'e', f.prec, 64), f.width)
		if n := len(s); f.large && (s[n-3] == '+' || s[n-3] == '-') {
			s = s[1:n-2] + "0" + s[n-2:] // e-05 becomes e-005
		}
		return s
	}
	s := strconv.FormatFloat(x, 'f', f.prec, 64)
	if f.prec == 0 {
		s += "." // Python's %#.0f keeps the point: "3."
	}
	s = padLeft(s, f.width)
	z := strings.TrimRight(s, "0")
	return z + strings.Repeat(" ", len(s)-len(z))
}

// alignedElems returns an element formatter that formats each element with
// conv and aligns them all to the widest, on the right unless left is set.
func alignedElems(conv func(float64) string, left bool) func(vis []float64) []string {
	return func(vis []float64) []string {
		strs := make([]string, len(vis))
		w := 0
		for k, x := range vis {
			strs[k] = conv(x)
			w = max(w, len(strs[k]))
		}
		for k, s := range strs {
			if left {
				strs[k] = s + strings.Repeat(" ", w-len(s))
			} else {
				strs[k] = padLeft(s, w)
			}
		}
		return strs
	}
}

// intElem prints x rounded to the nearest integer, as numpy prints the
// elements of an integer array.
func intElem(x float64, plus bool) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	r := math.Round(x)
	if r == 0 {
		r = 0 // no "-0"
	}
	s := strconv.FormatFloat(r, 'f', 0, 64)
	if plus && r >= 0 {
		s = "+" + s
	}
	return s
}

// goSyntax returns a Go expression that builds a copy of m.
func (m *Matrix) goSyntax() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mlp.NewMatrix(%d, %d, []float64{", m.rows, m.cols)
	for k, x := range m.RawData() {
		if k > 0 {
			b.WriteString(", ")
		}
		switch {
		case math.IsNaN(x):
			b.WriteString("math.NaN()")
		case math.IsInf(x, 0):
			fmt.Fprintf(&b, "math.Inf(%d)", int(math.Copysign(1, x)))
		case x == 0 && math.Signbit(x):
			b.WriteString("math.Copysign(0, -1)")
		default:
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
	}
	b.WriteString("})")
	return b.String()
}

func padLeft(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return strings.Repeat(" ", w-len(s)) + s
}
