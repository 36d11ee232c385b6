package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun draws every picture into a temporary folder and checks that the
// SVGs parse, that the 64-32-10 diagram has its 106 units, and that the
// boundary shows what the network learned: the inside of the circle blue
// (class 1), the corners orange (class 0).
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(&out, dir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Training loss per sample") || !strings.Contains(out.String(), "┌") {
		t.Errorf("output lacks the sparkline or the map:\n%s", out.String())
	}
	for _, name := range []string{"circle-network.svg", "circle-loss.svg", "network-64-32-10.svg"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, new(struct{})); err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		units := strings.Count(string(data), `class="unit"`)
		if want := map[string]int{"circle-network.svg": 9, "circle-loss.svg": 0, "network-64-32-10.svg": 106}[name]; units != want {
			t.Errorf("%s: %d units, want %d", name, units, want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "circle-boundary.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("circle-boundary.png: %v", err)
	}
	// 400 pixels over −6 … 6: the centre (0, 0) is pixel 200; (−5.9, 5.9)
	// is pixel 3, far outside the ring of class 0.
	for _, p := range []struct {
		x, y int
		blue bool
	}{{200, 200, true}, {3, 3, false}, {396, 396, false}} {
		r, _, b, _ := img.At(p.x, p.y).RGBA()
		if (b > r) != p.blue {
			t.Errorf("pixel (%d, %d): r %d, b %d; want blue %v", p.x, p.y, r>>8, b>>8, p.blue)
		}
	}
}
