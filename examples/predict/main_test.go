package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// testModel trains a small model of the CSV file (a classifier with target
// "", a regression otherwise), saves it and returns it with its file.
func testModel(t *testing.T, file, target string) (*mlp.Model, string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var data *mlp.Dataset
	if target == "" {
		data, err = mlp.ReadCSV(f, nil)
	} else {
		data, err = mlp.ReadRegressionCSV(f, []string{target})
	}
	if err != nil {
		t.Fatal(err)
	}
	model, err := mlp.NewModel(data, []int{8}, mlp.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Train(context.Background(), data, mlp.TrainConfig{Epochs: 20, LearningRate: 0.01, BatchSize: 16, Optimizer: mlp.NewAdam()}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.json")
	if err := model.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	return model, path
}

// TestRunClassifier: rows as arguments and as CSV on standard input (a
// header skipped, a label shown beside the answer) get the class and the
// probability that the model itself gives for them.
func TestRunClassifier(t *testing.T) {
	model, path := testModel(t, "iris.csv", "")
	texts := []string{"6.3,2.9,5.6,1.8", "5.0,3.4,1.5,0.2", "5.9,3.0,4.2,1.5"} // as given, echoed as given
	rows := [][]float64{{6.3, 2.9, 5.6, 1.8}, {5.0, 3.4, 1.5, 0.2}, {5.9, 3.0, 4.2, 1.5}}
	var want []string
	for i, r := range rows {
		class, err := model.PredictClass(r)
		if err != nil {
			t.Fatal(err)
		}
		p, err := model.Predict(r)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%s -> %s (p %.3f)", texts[i], class, slices.Max(p)))
	}

	var out bytes.Buffer
	if err := run(&out, nil, path, texts); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimSpace(out.String()), "\n"); !slices.Equal(got, want) {
		t.Errorf("run with rows as arguments printed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	out.Reset()
	stdin := "sepal_length,sepal_width,petal_length,petal_width,species\n6.3,2.9,5.6,1.8,virginica\n5.0,3.4,1.5,0.2,setosa\n5.9,3.0,4.2,1.5,versicolor\n"
	if err := run(&out, strings.NewReader(stdin), path, nil); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, label := range []string{"virginica", "setosa", "versicolor"} {
		if w := want[i] + "  (given: " + label + ")"; i >= len(got) || got[i] != w {
			t.Errorf("run with CSV on standard input: line %d = %q, want %q", i, got[min(i, len(got)-1)], w)
		}
	}
}

// TestRunRegression: a regression model's answer is its target's name and
// the predicted value, in the target's units.
func TestRunRegression(t *testing.T) {
	model, path := testModel(t, "diabetes.csv", "progression")
	row := []float64{59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87}
	p, err := model.Predict(row)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, nil, path, []string{"59,2,32.1,101,157,93.2,38,4,4.8598,87,151"}); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("59,2,32.1,101,157,93.2,38,4,4.8598,87 -> progression %.4g  (given: 151)\n", p[0])
	if out.String() != want {
		t.Errorf("run printed %q, want %q", out.String(), want)
	}
}

func TestRunErrors(t *testing.T) {
	_, path := testModel(t, "iris.csv", "")
	for _, tt := range []struct {
		path  string
		args  []string
		stdin string
		want  string
	}{
		{"no/such/model.json", nil, "", "mlp: LoadModelFile: open no/such/model.json"},
		{path, []string{"1,2,3"}, "", "line 1: 3 fields, want 4 (the features) or 5 (and a label)"},
		{path, []string{"1,2,3,4", "1,2,x,4"}, "", `line 2: field 3: "x" is not a number`},
		{path, nil, "a,b,c,d\n1,2,3,4\n1,2,3\n", "line 3: 3 fields"},
		{path, []string{"1,2,3,NaN"}, "", "mlp: Model.Predict: row[3] (\"petal_width_cm\") is NaN, want a finite number"},
	} {
		err := run(&bytes.Buffer{}, strings.NewReader(tt.stdin), tt.path, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q, %q, %q): error = %v, want one with %q", tt.path, tt.args, tt.stdin, err, tt.want)
		}
	}
}
