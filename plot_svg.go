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

// A legendEntry is one entry of a picture's legend: a line sample, when
// colour is not "", and a text.
type legendEntry struct {
	colour string // the line sample's stroke, or "" for a text alone
	dash   string // the sample's stroke-dasharray, or "" for a solid line
	text   string
}

// legendStyle is how a picture sets its legend: entries side by side in
// rows, each a line sample, then its text in 12-pixel type, then a gap.
// PlotLoss and DrawNetwork differ only in these numbers.
type legendStyle struct {
	key     float64 // the line sample's length
	keyGap  float64 // from the start of the line sample to the text
	stroke  float64 // the line sample's width
	gap     float64 // after an entry's text
	rowStep float64 // from one row's baseline to the next
	centred bool    // rows centred on the canvas, else from the left margin
}

// legendMargin is the space between the canvas' edge and a legend row that
// is not centred.
const legendMargin = 12.0

// width returns the width of e with the gap after it.
func (st legendStyle) width(e legendEntry) float64 {
	w := textWidth(e.text, 12) + st.gap
	if e.colour != "" {
		w += st.keyGap
	}
	return w
}

// rowWidth returns the width of a row, without the gap after its last entry.
func (st legendStyle) rowWidth(row []legendEntry) float64 {
	w := 0.0
	for _, e := range row {
		w += st.width(e)
	}
	return w - st.gap
}

// rows splits entries into rows no wider than max (without the gap after
// their last entry), in order; an entry wider than max has a row of its own.
func (st legendStyle) rows(entries []legendEntry, max float64) [][]legendEntry {
	var rows [][]legendEntry
	var row []legendEntry
	w := 0.0 // of row, with the gap after each entry
	for _, e := range entries {
		ew := st.width(e)
		if len(row) > 0 && w+ew-st.gap > max {
			rows, row, w = append(rows, row), nil, 0
		}
		row = append(row, e)
		w += ew
	}
	return append(rows, row)
}

// draw writes rows with the first baseline at y on a canvas width pixels
// wide. Line samples carry the class "legend-key" and texts "legend".
func (st legendStyle) draw(doc *svgDoc, rows [][]legendEntry, y, width float64) {
	for _, row := range rows {
		x := legendMargin
		if st.centred {
			x = (width - st.rowWidth(row)) / 2
		}
		for _, e := range row {
			tx := x
			if e.colour != "" {
				dash := ""
				if e.dash != "" {
					dash = ` stroke-dasharray="` + e.dash + `"`
				}
				doc.printf(`<line class="legend-key" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
					num(x), num(y-4), num(x+st.key), num(y-4), e.colour, num(st.stroke), dash)
				tx += st.keyGap
			}
			doc.text(tx, y, "legend", ` font-size="12" fill="#333"`, e.text)
			x += st.width(e)
		}
		y += st.rowStep
	}
}
