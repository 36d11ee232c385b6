// Command predict loads a model that examples/classify (or any program
// calling mlp.Model.SaveFile) saved, and answers for raw rows: for a
// classifier, the class of each row and its probability; for a regression,
// the predicted targets. The rows are in the data's own units, as in the
// CSV the model was trained on; the model scales them itself.
//
// Rows come as arguments, each a comma-separated row, or, without
// arguments, as CSV lines on standard input. A line with one field more
// than the model has features is a line of the training CSV: its last field
// (the label or target) is shown beside the answer, not used. A first line
// that is not all numbers is a header and is skipped.
//
//	go run ./examples/classify -save /tmp/iris.model.json
//	go run ./examples/predict -model /tmp/iris.model.json 6.3,2.9,5.6,1.8 5.0,3.4,1.5,0.2
//	tail -n 5 testdata/iris.csv | go run ./examples/predict -model /tmp/iris.model.json
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/glassbox-go/mlp"
)

func main() {
	path := flag.String("model", "model.json", "the saved model")
	flag.Parse()
	if err := run(os.Stdout, os.Stdin, *path, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "predict:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, stdin io.Reader, path string, args []string) error {
	model, err := mlp.LoadModelFile(path)
	if err != nil {
		return err
	}
	in := stdin
	if len(args) > 0 {
		in = strings.NewReader(strings.Join(args, "\n"))
	}
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	features := model.Net.Sizes()[0]
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line, _ := r.FieldPos(0)
		row, known, err := parseRow(rec, features)
		if err != nil && first && len(args) == 0 {
			continue // a header
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		answer, err := predict(model, row)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if known != "" {
			answer += "  (given: " + known + ")"
		}
		fmt.Fprintf(w, "%s -> %s\n", strings.Join(rec[:features], ","), answer)
	}
}

// parseRow reads the features of a row: features numbers, and maybe one
// more field, the known label or target, which it returns apart.
func parseRow(rec []string, features int) (row []float64, known string, err error) {
	switch len(rec) {
	case features:
	case features + 1:
		known = strings.TrimSpace(rec[features])
	default:
		return nil, "", fmt.Errorf("%d fields, want %d (the features) or %d (and a label)", len(rec), features, features+1)
	}
	for j, f := range rec[:features] {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, "", fmt.Errorf("field %d: %q is not a number", j+1, f)
		}
		row = append(row, v)
	}
	return row, known, nil
}

// predict returns the model's answer for row: a class and its probability
// (the largest of a softmax output, or the single output), or the predicted
// targets.
func predict(model *mlp.Model, row []float64) (string, error) {
	out, err := model.Predict(row)
	if err != nil {
		return "", err
	}
	if model.Classes == nil { // a regression
		parts := make([]string, len(out))
		for k, v := range out {
			parts[k] = fmt.Sprintf("%s %.4g", model.Targets[k], v)
		}
		return strings.Join(parts, ", "), nil
	}
	class, err := model.PredictClass(row)
	if err != nil {
		return "", err
	}
	if len(out) == 1 { // a single output, class 1 from its midpoint on
		return fmt.Sprintf("%s (output %.3f)", class, out[0]), nil
	}
	return fmt.Sprintf("%s (p %.3f)", class, slices.Max(out)), nil
}
