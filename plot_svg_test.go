package mlp_test

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

// An svgNode is one element of a parsed SVG document.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

// parseSVG parses an SVG document with encoding/xml, failing the test if it
// is not well-formed XML with an <svg> root in the SVG namespace.
func parseSVG(t *testing.T, data []byte) svgNode {
	t.Helper()
	var root svgNode
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		t.Fatalf("SVG does not parse: %v\n%s", err, data)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element is %v, want svg in the SVG namespace", root.XMLName)
	}
	return root
}

// attr returns the value of attribute name, or "".
func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// num returns attribute name parsed as a number, failing the test if it is
// not one.
func (n svgNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s> attribute %s: %v", n.XMLName.Local, name, err)
	}
	return v
}

// title returns the text of the element's <title> child, or "".
func (n svgNode) title() string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

// find returns every element below n (n included) of the given class, in
// document order.
func (n svgNode) find(class string) []svgNode {
	var out []svgNode
	if n.attr("class") == class {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.find(class)...)
	}
	return out
}

// texts returns the text content of each node.
func texts(ns []svgNode) []string {
	var s []string
	for _, n := range ns {
		s = append(s, strings.TrimSpace(n.Text))
	}
	return s
}
