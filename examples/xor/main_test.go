package main

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRun trains as `go run ./examples/xor` does and checks the printed
// predictions of the last table against the XOR targets.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, 20000, 3, 1); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-4:]
	for i, want := range []float64{0, 1, 1, 0} {
		f := strings.Fields(last[i])
		got, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatalf("line %q: %v", last[i], err)
		}
		if d := got - want; d > 0.05 || d < -0.05 {
			t.Errorf("prediction %d = %v, want %v ± 0.05 (output:\n%s)", i, got, want, out.String())
		}
	}
	if err := run(&out, -1, 3, 1); err == nil {
		t.Error("run with -epochs -1: error = nil")
	}
}

// TestRunPictures trains with -out and checks the sparkline, the character
// map and the three pictures: the SVGs parse and hold the 3-5-1 network's 9
// units and 20 weights and a loss curve; the PNG has the samples in their
// class colours.
func TestRunPictures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pictures") // made by the command
	var out bytes.Buffer
	if err := train(&out, 20000, 3, 1, dir); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")

	// The sparkline: 60 blocks, the loss falling from █ to ▁ on a log scale.
	i := slices.IndexFunc(lines, func(s string) bool { return strings.HasPrefix(s, "Loss E of each epoch") })
	if i < 0 || i+1 >= len(lines) {
		t.Fatalf("no sparkline in the output:\n%s", out.String())
	}
	spark := []rune(lines[i+1])
	if len(spark) != 60 || spark[0] != '█' || spark[59] != '▁' || strings.Trim(lines[i+1], "▁▂▃▄▅▆▇█") != "" {
		t.Errorf("sparkline %q, want 60 blocks from █ down to ▁", lines[i+1])
	}

	// The character map: the samples' targets where they are, (0, 1) at
	// the top left and (1, 1) at the top right of a 42×14 map over -0.2…1.2.
	i = slices.IndexFunc(lines, func(s string) bool { return strings.HasPrefix(s, "┌") })
	if i < 0 || i+15 >= len(lines) {
		t.Fatalf("no character map in the output:\n%s", out.String())
	}
	grid := lines[i+1 : i+15]
	cell := func(x0, x1 float64) rune {
		col, row := int((x0+0.2)/1.4*42), int((1.2-x1)/1.4*14)
		return []rune(grid[row])[1+col]
	}
	for _, s := range []struct {
		x0, x1 float64
		want   rune
	}{{1, 1, '0'}, {1, 0, '1'}, {0, 1, '1'}, {0, 0, '0'}} {
		if got := cell(s.x0, s.x1); got != s.want {
			t.Errorf("map at (%v, %v) = %q, want %q", s.x0, s.x1, got, s.want)
		}
	}

	// The network: 3+5+1 units, 3·5+5·1 weights with their numbers.
	root := parseFile(t, filepath.Join(dir, "xor-network.svg"))
	for class, want := range map[string]int{"unit": 9, "weight": 20, "weight-label": 20, "bias": 0} {
		if got := count(root, class); got != want {
			t.Errorf("xor-network.svg: %d elements of class %q, want %d", got, class, want)
		}
	}
	// The loss curve: the loss and the accuracy, on a log and a linear axis.
	root = parseFile(t, filepath.Join(dir, "xor-loss.svg"))
	if got := count(root, "series"); got != 2 {
		t.Errorf("xor-loss.svg: %d curves, want 2", got)
	}
	if got := count(root, "y-tick"); got < 3 {
		t.Errorf("xor-loss.svg: %d labelled y ticks, want at least 3 decades", got)
	}
	if got := count(root, "right-tick"); got == 0 {
		t.Errorf("xor-loss.svg: no ticks on the accuracy axis")
	}

	// The boundary: 400×400 over -0.2…1.2; each sample's centre in its
	// class colour, orange #ff7f0e for 0 and blue #1f77b4 for 1.
	f, err := os.Open(filepath.Join(dir, "xor-boundary.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	orange, blue := color.RGBA{0xff, 0x7f, 0x0e, 0xff}, color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	for _, s := range []struct {
		x0, x1 float64
		want   color.RGBA
	}{{1, 1, orange}, {1, 0, blue}, {0, 1, blue}, {0, 0, orange}} {
		px, py := int((s.x0+0.2)/1.4*400), int((1.2-s.x1)/1.4*400)
		if got := color.RGBAModel.Convert(img.At(px, py)); got != s.want {
			t.Errorf("xor-boundary.png at (%v, %v) = %v, want %v", s.x0, s.x1, got, s.want)
		}
	}

	// Without -out, nothing is written but the sparkline is printed.
	out.Reset()
	if err := run(&out, 10, 3, 1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Loss E of each epoch") {
		t.Errorf("run without -out printed no sparkline:\n%s", out.String())
	}
	// With no epochs there is no loss to show, and no loss picture.
	out.Reset()
	dir0 := t.TempDir()
	if err := train(&out, 0, 3, 1, dir0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir0, "xor-loss.svg")); err == nil {
		t.Errorf("0 epochs: xor-loss.svg written")
	}
	if _, err := os.Stat(filepath.Join(dir0, "xor-network.svg")); err != nil {
		t.Errorf("0 epochs: %v", err)
	}
}

// parseFile parses an SVG file with encoding/xml into its elements.
func parseFile(t *testing.T, name string) []xmlElement {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var els []xmlElement
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			e := xmlElement{name: s.Name.Local}
			for _, a := range s.Attr {
				if a.Name.Local == "class" {
					e.class = a.Value
				}
			}
			els = append(els, e)
		}
	}
	if len(els) == 0 || els[0].name != "svg" {
		t.Fatalf("%s: root is not <svg>", name)
	}
	return els
}

type xmlElement struct{ name, class string }

// count returns how many elements have the class.
func count(els []xmlElement, class string) int {
	n := 0
	for _, e := range els {
		if e.class == class {
			n++
		}
	}
	return n
}
