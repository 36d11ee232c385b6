package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// testConfig is the program's default run, on the data in the repository.
func testConfig() config {
	c := defaultConfig()
	c.data = "../../testdata/diabetes.csv"
	return c
}

// TestRun runs the default and checks its scores against the saved model's
// on the same test patients (the split is Dataset.Split's with the same
// seed): R², MSE and MAE as printed, and R² at least 0.3 (scikit-learn's
// MLPRegressor gets about 0.4 to 0.5 on this data; a model that predicts
// the mean gets 0).
func TestRun(t *testing.T) {
	c := testConfig()
	c.save = filepath.Join(t.TempDir(), "diabetes.model.json")
	var out bytes.Buffer
	if err := run(context.Background(), &out, c); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	m := regexp.MustCompile(`test R² ([0-9.-]+)  MSE ([0-9.]+)  MAE ([0-9.]+)  \(88 samples\)`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no test scores of 88 samples in the output:\n%s", s)
	}
	var printed [3]float64
	for i := range printed {
		printed[i], _ = strconv.ParseFloat(m[i+1], 64)
	}
	if !strings.Contains(s, "network 10-16-1, loss squared-error") || !strings.Contains(s, "val_loss") {
		t.Errorf("no network summary 10-16-1 or no validation loss:\n%s", s)
	}

	model, err := mlp.LoadModelFile(c.save)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(c.data)
	if err != nil {
		t.Fatal(err)
	}
	data, err := mlp.ReadRegressionCSV(f, []string{c.target})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, test, err := data.Split(c.test, c.seed)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.PredictMatrix(test.X)
	if err != nil {
		t.Fatal(err)
	}
	for i, score := range []func(a, y *mlp.Matrix) (float64, error){mlp.R2, mlp.MSE, mlp.MAE} {
		want, err := score(a, test.Y)
		if err != nil {
			t.Fatal(err)
		}
		// Printed to 4 decimals, 1 and 2.
		if tol := []float64{5e-5, 0.05, 5e-3}[i]; math.Abs(printed[i]-want) > tol {
			t.Errorf("score %d printed %v, the saved model's is %v", i, printed[i], want)
		}
	}
	if printed[0] < 0.3 {
		t.Errorf("test R² %v, want at least 0.3", printed[0])
	}
	rows := regexp.MustCompile(`(?m)^([0-9.]+) +([0-9.]+)$`).FindAllStringSubmatch(s, -1)
	if len(rows) != 5 {
		t.Fatalf("%d rows of predictions, want 5:\n%s", len(rows), s)
	}
	for i, r := range rows {
		got, _ := strconv.ParseFloat(r[1], 64)
		truth, _ := strconv.ParseFloat(r[2], 64)
		if math.Abs(got-a.At(i, 0)) > 0.05 || truth != test.Y.At(i, 0) {
			t.Errorf("row %d: %v beside %v, want %.1f beside %v", i, got, truth, a.At(i, 0), test.Y.At(i, 0))
		}
	}
}

func TestRunErrors(t *testing.T) {
	for _, tt := range []struct {
		change func(c *config)
		want   string
	}{
		{func(c *config) { c.data = "no/such/file.csv" }, "give -data"},
		{func(c *config) { c.target = "glucose" }, `the target "glucose" is not in the header`},
		{func(c *config) { c.hidden = "" }, `-hidden: "" is not a layer size`},
		{func(c *config) { c.every = 0 }, "-every is 0"},
	} {
		c := testConfig()
		tt.change(&c)
		if err := run(context.Background(), &bytes.Buffer{}, c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%+v): error = %v, want one with %q", c, err, tt.want)
		}
	}
}
