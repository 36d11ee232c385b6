package mlp

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// svgDoc collects an SVG document in memory, so that a picture is written
// whole or, when its input is bad, not at all.
type svgDoc struct {
	buf bytes.Buffer
}

// start opens the document: a width×height canvas with a white background
// (so that it reads the same in dark-themed viewers).
func (d *svgDoc) start(width, height float64) {
	d.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Verdana, Arial, sans-serif">`+"\n",
		num(width), num(height), num(width), num(height))
	d.printf(`<rect class="background" width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
}

// printf appends formatted raw markup. Text in it must be escaped (esc).
func (d *svgDoc) printf(format string, args ...any) { fmt.Fprintf(&d.buf, format, args...) }

// text appends a <text> element at (x, y) with the given class, extra raw
// attributes and escaped content.
func (d *svgDoc) text(x, y float64, class, attrs, s string) {
	d.printf(`<text class="%s" x="%s" y="%s"%s>%s</text>`+"\n", class, num(x), num(y), attrs, esc(s))
}

// writeTo closes the document and writes it to w.
func (d *svgDoc) writeTo(w io.Writer) error {
	d.buf.WriteString("</svg>\n")
	_, err := w.Write(d.buf.Bytes())
	return err
}

// esc returns s escaped for XML text and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer never fail
	return b.String()
}

// num formats a coordinate or length: rounded to 0.01, without trailing zeros.
func num(v float64) string { return decimals(v, 2) }

// fine formats a value that encodes a number, such as a line's width:
// rounded to 0.001, without trailing zeros.
func fine(v float64) string { return decimals(v, 3) }

func decimals(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// textWidth estimates the width in pixels of s set in DejaVu Sans (the font
// most systems substitute for sans-serif) at the given size, from the font's
// advance widths: enough to keep labels apart and inside the canvas.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			w += 0.636
		case r == '.' || r == ',' || r == ':' || r == ' ' || r == 'i' || r == 'l' || r == 'j' || r == '|':
			w += 0.318
		case r == '-' || r == '(' || r == ')' || r == 'f' || r == 't' || r == 'r':
			w += 0.39
		case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w' || r == '×' || r == '−' || r == '∝':
			w += 0.8
		default:
			w += 0.6
		}
	}
	return w * size
}

// fullNum formats a number in full precision, as strconv does for %v.
func fullNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
