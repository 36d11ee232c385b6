package main

import (
	"bytes"
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
