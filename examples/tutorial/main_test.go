package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// tutorialBlocks returns the float matrices the tutorial prints, in its
// order, from the library's testdata (copied there from the tutorial).
func tutorialBlocks(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/tutorial_matrices.txt")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	skip := false
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			skip = line == "## delta_w01" // X, an integer array in the tutorial
			if !skip {
				blocks = append(blocks, "")
			}
		case strings.HasPrefix(line, "#") || skip:
		case blocks[len(blocks)-1] == "":
			blocks[len(blocks)-1] = line
		default:
			blocks[len(blocks)-1] += "\n" + line
		}
	}
	if len(blocks) != 12 {
		t.Fatalf("found %d float blocks in tutorial_matrices.txt, want 12", len(blocks))
	}
	return blocks
}

// TestRun prints the walk-through as `go run ./examples/tutorial` does and
// checks it against the tutorial: every matrix it prints, in order, with the
// same characters; the predictions after the update; and the trained
// network's predictions against the XOR targets.
func TestRun(t *testing.T) {
	for _, markdown := range []bool{false, true} {
		var out bytes.Buffer
		if err := run(&out, markdown, 20000, 1); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		rest := s
		for _, b := range tutorialBlocks(t) {
			i := strings.Index(rest, b)
			if i < 0 {
				t.Fatalf("markdown=%v: tutorial matrix\n%s\nmissing or out of order in the output:\n%s", markdown, b, s)
			}
			rest = rest[i+len(b):]
		}
		// The tutorial's table after the update.
		for _, v := range []string{"0.98786405", "0.98309866", "0.96660214"} {
			if !strings.Contains(rest, v) {
				t.Errorf("markdown=%v: prediction %s after the update missing", markdown, v)
			}
		}
		for _, want := range []string{"exact copies", "worst relative error"} {
			if !strings.Contains(rest, want) {
				t.Errorf("markdown=%v: output lacks %q", markdown, want)
			}
		}
		if markdown {
			for _, want := range []string{`$$z_h = X \cdot w_{01}$$`, "```\n[[ 3.  3.  3.  3.  3.]", "| $x_0$ | $x_1$ | bias | $y$ |"} {
				if !strings.Contains(s, want) {
					t.Errorf("Markdown output lacks %q", want)
				}
			}
		}
		// The last table: predictions after training.
		lines := strings.Split(strings.TrimSpace(s), "\n")
		for i, want := range []float64{0, 1, 1, 0} {
			f := strings.Fields(strings.Trim(lines[len(lines)-4+i], "| "))
			got, err := strconv.ParseFloat(f[len(f)-1], 64)
			if err != nil {
				t.Fatalf("line %q: %v", lines[len(lines)-4+i], err)
			}
			if d := got - want; d > 0.05 || d < -0.05 {
				t.Errorf("markdown=%v: trained prediction %d = %v, want %v ± 0.05", markdown, i, got, want)
			}
		}
	}
	if err := run(new(bytes.Buffer), false, -1, 1); err == nil {
		t.Error("run with -epochs -1: error = nil")
	}
}
