package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// testConfig is the program's default run, on the data in the repository.
func testConfig() config {
	c := defaultConfig()
	c.data = "../../testdata/digits.csv"
	return c
}

// testAccuracy returns the accuracy that run printed.
func testAccuracy(t *testing.T, out string) float64 {
	t.Helper()
	m := regexp.MustCompile(`test accuracy ([0-9.]+) \((\d+) of (\d+)\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no test accuracy in the output:\n%s", out)
	}
	acc, _ := strconv.ParseFloat(m[1], 64)
	right, _ := strconv.Atoi(m[2])
	all, _ := strconv.Atoi(m[3])
	if got := float64(right) / float64(all); got-acc > 5e-5 || acc-got > 5e-5 {
		t.Errorf("test accuracy %v, but %d of %d is %v", acc, right, all, got)
	}
	return acc
}

// TestRun runs `go run ./examples/digits` as a pipe sees it: plain progress
// lines every 10 epochs, then a test accuracy of at least 0.97 and the
// confusion matrix of the 451 test images.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("50 epochs on 1,346 images: about a second of CPU, much more under -race")
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out, false, testConfig()); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, "\r") {
		t.Errorf("output to a pipe has a carriage return:\n%q", s)
	}
	if n := len(regexp.MustCompile(`(?m)^epoch +\d+/50  loss [0-9.]+  accuracy [0-9.]+  elapsed \S+$`).FindAllString(s, -1)); n != 5 {
		t.Errorf("%d progress lines, want 5 (every 10 of 50 epochs):\n%s", n, s)
	}
	if acc := testAccuracy(t, s); acc < 0.97 {
		t.Errorf("test accuracy %v, want at least 0.97:\n%s", acc, s)
	}
	i := strings.Index(s, "true\\predicted")
	if i < 0 {
		t.Fatalf("no confusion matrix:\n%s", s)
	}
	rows := strings.Split(strings.TrimSpace(s[i:]), "\n")
	if len(rows) != 11 {
		t.Fatalf("confusion matrix has %d lines, want 11:\n%s", len(rows), s[i:])
	}
	total := 0
	for _, row := range rows[1:] {
		for _, f := range strings.Fields(row)[1:] {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatalf("confusion matrix row %q: %v", row, err)
			}
			total += n
		}
	}
	if total != 451 {
		t.Errorf("confusion matrix counts %d images, want the 451 test images", total)
	}
}

// TestRunTerminal: on a terminal the progress line is rewritten in place
// every epoch, and ends with a newline. Ctrl-C (a cancelled context) still
// tests the network.
func TestRunTerminal(t *testing.T) {
	c := testConfig()
	c.epochs = 3
	var out bytes.Buffer
	if err := run(context.Background(), &out, true, c); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if n := strings.Count(s, "\repoch "); n != 3 {
		t.Errorf("%d progress updates in place, want 3:\n%q", n, s)
	}
	if !strings.Contains(s, "\n") || !regexp.MustCompile(`\repoch   3/3 [^\r\n]*\ntest accuracy`).MatchString(s) {
		t.Errorf("the last progress line is not ended before the results:\n%q", s)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out.Reset()
	if err := run(ctx, &out, false, c); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "interrupted after 0 epochs") || !strings.Contains(s, "test accuracy") {
		t.Errorf("cancelled run printed:\n%s", s)
	}
}

func TestRunErrors(t *testing.T) {
	c := testConfig()
	c.data = "no/such/file.csv"
	if err := run(context.Background(), &bytes.Buffer{}, false, c); err == nil || !strings.Contains(err.Error(), "give -data") {
		t.Errorf("run with a missing file: error = %v, want a hint about -data", err)
	}
	c = testConfig()
	c.eta = -1
	if err := run(context.Background(), &bytes.Buffer{}, false, c); err == nil || !strings.Contains(err.Error(), "mlp: Train: learning rate is -1") {
		t.Errorf("run with -eta -1: error = %v", err)
	}
	c = testConfig()
	c.every = 0
	if err := run(context.Background(), &bytes.Buffer{}, false, c); err == nil || !strings.Contains(err.Error(), "-every is 0") {
		t.Errorf("run with -every 0: error = %v", err)
	}
}
