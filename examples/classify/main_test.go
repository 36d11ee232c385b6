package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// testConfig is the program's default run (iris), on the data in the
// repository.
func testConfig() config {
	c := defaultConfig()
	c.data = "../../testdata/iris.csv"
	return c
}

// digitsConfig is the documented digits run, for epochs epochs.
func digitsConfig(epochs int) config {
	c := testConfig()
	c.data = "../../testdata/digits.csv"
	c.hidden, c.epochs, c.batch, c.eta, c.l2, c.val, c.patience = "100", epochs, 32, 0.001, 0, 0, 0
	return c
}

// testResults returns the test accuracy that run printed, checked against
// the count beside it, and the confusion matrix's rows of counts, checked
// against that count.
func testResults(t *testing.T, out string, classes int) (acc float64, total int) {
	t.Helper()
	m := regexp.MustCompile(`test accuracy ([0-9.]+) \((\d+) of (\d+)\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no test accuracy in the output:\n%s", out)
	}
	acc, _ = strconv.ParseFloat(m[1], 64)
	right, _ := strconv.Atoi(m[2])
	total, _ = strconv.Atoi(m[3])
	if got := float64(right) / float64(total); got-acc > 5e-5 || acc-got > 5e-5 {
		t.Errorf("test accuracy %v, but %d of %d is %v", acc, right, total, got)
	}
	i := strings.Index(out, "true\\predicted")
	if i < 0 {
		t.Fatalf("no confusion matrix:\n%s", out)
	}
	rows := strings.Split(strings.TrimSpace(out[i:]), "\n")[1 : classes+1]
	sum, diag := 0, 0
	for r, row := range rows {
		f := strings.Fields(row)
		if len(f) != classes+1 {
			t.Fatalf("confusion matrix row %q has %d fields, want %d", row, len(f), classes+1)
		}
		for c, s := range f[1:] {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("confusion matrix row %q: %v", row, err)
			}
			sum += n
			if r == c {
				diag += n
			}
		}
	}
	if sum != total || diag != right {
		t.Errorf("confusion matrix counts %d samples, %d on the diagonal, want the %d test samples, %d right", sum, diag, total, right)
	}
	return acc, total
}

// TestRunIris runs the default (iris) as a pipe sees it, saving the model
// and the curves: progress lines with the validation scores every 10
// epochs, early stopping at most at epoch 300 with the best epoch before
// it, the test accuracy of the 39 test flowers (13 of each species), which
// the saved model, loaded back, scores the same, and an SVG of three
// curves.
func TestRunIris(t *testing.T) {
	dir := t.TempDir()
	c := testConfig()
	c.save, c.svg = filepath.Join(dir, "iris.model.json"), filepath.Join(dir, "iris.svg")
	var out bytes.Buffer
	if err := run(context.Background(), &out, c); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, "\r") {
		t.Errorf("output to a pipe has a carriage return:\n%q", s)
	}
	if !strings.Contains(s, "network 4-16-3, loss cross-entropy") {
		t.Errorf("no network summary 4-16-3:\n%s", s)
	}
	m := regexp.MustCompile(`trained (\d+) epochs; the model keeps epoch (\d+)'s weights, the lowest validation loss`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no early-stopping line:\n%s", s)
	}
	epochs, _ := strconv.Atoi(m[1])
	best, _ := strconv.Atoi(m[2])
	if best < 1 || best > epochs || epochs > 300 || (epochs < 300 && epochs != best+c.patience) {
		t.Errorf("trained %d epochs, best %d, want the best ≤ the epochs ≤ 300, and %d more than the best when stopped early", epochs, best, c.patience)
	}
	lines := regexp.MustCompile(`(?m)^epoch +\d+/300  loss \S+  val_loss \S+  val_acc [0-9.]+  \S+`).FindAllString(s, -1)
	if want := epochs/10 + min(1, epochs%10); len(lines) != want {
		t.Errorf("%d progress lines, want %d (every 10 of %d epochs, and the last):\n%s", len(lines), want, epochs, s)
	}
	acc, total := testResults(t, s, 3)
	if total != 39 || acc < 0.85 {
		t.Errorf("test accuracy %v of %d flowers, want at least 0.85 of 39", acc, total)
	}

	model, err := mlp.LoadModelFile(c.save)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(c.data)
	if err != nil {
		t.Fatal(err)
	}
	data, err := mlp.ReadCSV(f, nil)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, test, err := data.Split(c.test, c.seed)
	if err != nil {
		t.Fatal(err)
	}
	if score, err := model.Score(test); err != nil || score-acc > 5e-5 || acc-score > 5e-5 {
		t.Errorf("the saved model scores %v, %v on the test flowers, want %v as printed", score, err, acc)
	}

	svg, err := os.ReadFile(c.svg)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("the curves are not XML: %v", err)
	}
	for _, name := range []string{"training loss", "validation loss", "validation accuracy"} {
		if !bytes.Contains(svg, []byte(name)) {
			t.Errorf("the curves have no %q", name)
		}
	}
}

// TestRunDigits runs the digits configuration for 3 epochs: 64-100-10, no
// validation part, the 451 test images; a full run's accuracy is in the
// README.
func TestRunDigits(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, digitsConfig(3)); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"1797 samples of 64 features, 10 classes: 1346 to train on, 451 to test", "network 64-100-10, loss cross-entropy", "trained 3 epochs\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the output:\n%s", want, s)
		}
	}
	if strings.Contains(s, "val_loss") {
		t.Errorf("progress with validation scores, want none with -val 0:\n%s", s)
	}
	if acc, total := testResults(t, s, 10); total != 451 || acc < 0.8 {
		t.Errorf("test accuracy %v of %d images after 3 epochs, want at least 0.8 of 451", acc, total)
	}
}

// TestRunInterrupted: Ctrl-C (a cancelled context) still tests the model.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, testConfig()); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "interrupted after 0 epochs") {
		t.Errorf("cancelled run printed:\n%s", s)
	}
	testResults(t, out.String(), 3)
}

func TestRunErrors(t *testing.T) {
	for _, tt := range []struct {
		change func(c *config)
		want   string
	}{
		{func(c *config) { c.data = "no/such/file.csv" }, "give -data"},
		{func(c *config) { c.hidden = "8,x" }, `-hidden: "x" is not a layer size`},
		{func(c *config) { c.hidden = "0" }, "mlp: NewModel: hidden[0] is 0, want at least 1"},
		{func(c *config) { c.activation = "softsign" }, "-activation: mlp: unknown activation"},
		{func(c *config) { c.eta = -1 }, "mlp: Train: learning rate is -1"},
		{func(c *config) { c.every = 0 }, "-every is 0"},
	} {
		c := testConfig()
		tt.change(&c)
		if err := run(context.Background(), &bytes.Buffer{}, c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%+v): error = %v, want one with %q", c, err, tt.want)
		}
	}
}
