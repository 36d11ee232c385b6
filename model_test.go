package mlp

// The model bundle: NewModel's networks and scalers, predictions from raw
// rows against the manual path, training against Network.Train, scores,
// thresholds and errors. Saving and loading are in model_load_test.go.

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// bundleRead reads a data set of testdata: a classification one with
// target "" and a regression one otherwise.
func bundleRead(t testing.TB, file, target string) *Dataset {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d *Dataset
	if target == "" {
		d, err = ReadCSV(f, nil)
	} else {
		d, err = ReadRegressionCSV(f, []string{target})
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// bundleSplit splits d into training and test parts.
func bundleSplit(t testing.TB, d *Dataset) (train, test *Dataset) {
	t.Helper()
	train, test, err := d.Split(0.25, 3)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// bundleTrained returns a model of train, with one hidden layer of 8,
// trained for 30 epochs of Adam.
func bundleTrained(t testing.TB, train *Dataset, opts ...Option) *Model {
	t.Helper()
	m, err := NewModel(train, []int{8}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Train(context.Background(), train, TrainConfig{Epochs: 30, LearningRate: 0.01, BatchSize: min(16, train.X.rows), Optimizer: NewAdam()}); err != nil {
		t.Fatal(err)
	}
	return m
}

// bundleManual returns the outputs of m's network for x by hand: x
// standardised by m's Scaler, then Network.Predict.
func bundleManual(t testing.TB, m *Model, x *Matrix) *Matrix {
	t.Helper()
	xs, err := m.Scaler.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Net.Predict(xs)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// bundleDescribe returns the layers' activations and the loss of net.
func bundleDescribe(net *Network) string {
	var s []string
	for _, l := range net.Layers {
		s = append(s, l.Activation.String())
	}
	return fmt.Sprintf("%v %v %v", net.Sizes(), s, net.Loss)
}

// TestNewModelDefaults: the network, scalers and names NewModel gives a
// classifier of several classes, one of a single output, and a regression;
// options change the defaults, hidden may be empty, and ds and hidden are
// only read.
func TestNewModelDefaults(t *testing.T) {
	iris := bundleRead(t, "iris.csv", "")
	before := bundleRead(t, "iris.csv", "")
	hidden := make([]int, 1, 4) // room to append into: NewModel must not
	hidden[0] = 8
	hiddenAfter := hidden[:2]
	hiddenAfter[1] = -7
	m, err := NewModel(iris, hidden)
	if err != nil {
		t.Fatal(err)
	}
	if got := bundleDescribe(m.Net); got != "[4 8 3] [relu softmax] cross-entropy" {
		t.Errorf("classifier: network %s, want [4 8 3] [relu softmax] cross-entropy", got)
	}
	if hiddenAfter[1] != -7 {
		t.Errorf("NewModel wrote %d into the caller's hidden slice beyond its length", hiddenAfter[1])
	}
	want, err := FitScaler(iris.X)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Scaler.Mean, want.Mean) || !slices.Equal(m.Scaler.Std, want.Std) || m.TargetScaler != nil {
		t.Errorf("classifier: Scaler %v, TargetScaler %v, want FitScaler(X) = %v and nil", m.Scaler, m.TargetScaler, want)
	}
	if fmt.Sprint(m.Features, m.Classes, m.Targets == nil) != fmt.Sprint(iris.Features, iris.Classes, true) {
		t.Errorf("classifier: names %v %v %v, want the data set's", m.Features, m.Classes, m.Targets)
	}
	m.Features[0], m.Classes[0] = "changed", "changed"
	if iris.Features[0] != before.Features[0] || iris.Classes[0] != before.Classes[0] || !slices.Equal(iris.X.RawData(), before.X.RawData()) {
		t.Error("NewModel's model shares the data set's names, or NewModel changed the data set")
	}
	seeded, err := NewModel(iris, []int{8}, WithSeed(9))
	if err != nil {
		t.Fatal(err)
	}
	if diffNetworks(seeded.Net, m.Net) == nil {
		t.Error("WithSeed(9) gives the weights of the default seed: options are not passed on")
	}

	// One output of 0/1 targets for two classes: a sigmoid output.
	x := NewMatrix(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	binary := &Dataset{X: x, Y: NewMatrix(4, 1, []float64{0, 1, 1, 0}), Features: []string{"a", "b"}, Classes: []string{"same", "different"}}
	m, err = NewModel(binary, []int{3, 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := bundleDescribe(m.Net); got != "[2 3 2 1] [relu relu sigmoid] binary-cross-entropy" {
		t.Errorf("single output: network %s, want [2 3 2 1] [relu relu sigmoid] binary-cross-entropy", got)
	}
	// Options after the defaults: tanh throughout, with −1/1 targets.
	tanh := &Dataset{X: x, Y: NewMatrix(4, 1, []float64{-1, 1, 1, -1}), Classes: []string{"same", "different"}}
	m, err = NewModel(tanh, nil, WithActivation(Tanh), WithOutputActivation(Tanh), WithLoss(SquaredError))
	if err != nil {
		t.Fatal(err)
	}
	if got := bundleDescribe(m.Net); got != "[2 1] [tanh] squared-error" {
		t.Errorf("no hidden layer, tanh: network %s, want [2 1] [tanh] squared-error", got)
	}

	// A regression: a linear output, and the targets standardised too.
	diabetes := bundleRead(t, "diabetes.csv", "progression")
	m, err = NewModel(diabetes, []int{16})
	if err != nil {
		t.Fatal(err)
	}
	if got := bundleDescribe(m.Net); got != "[10 16 1] [relu identity] squared-error" {
		t.Errorf("regression: network %s, want [10 16 1] [relu identity] squared-error", got)
	}
	want, err = FitScaler(diabetes.Y)
	if err != nil {
		t.Fatal(err)
	}
	if m.TargetScaler == nil || !slices.Equal(m.TargetScaler.Mean, want.Mean) || !slices.Equal(m.TargetScaler.Std, want.Std) {
		t.Errorf("regression: TargetScaler %v, want FitScaler(Y) = %v", m.TargetScaler, want)
	}
	if fmt.Sprint(m.Targets, m.Classes == nil) != "[progression] true" {
		t.Errorf("regression: Targets %v, Classes %v, want [progression] and nil", m.Targets, m.Classes)
	}
}

// TestNewModelErrors: each bad data set or setting is an error.
func TestNewModelErrors(t *testing.T) {
	x := NewMatrix(2, 2, []float64{1, 2, 3, 4})
	y := NewMatrix(2, 2, []float64{1, 0, 0, 1})
	two := []string{"a", "b"}
	for _, tt := range []struct {
		name   string
		ds     *Dataset
		hidden []int
		opts   []Option
		want   string
	}{
		{"nil", nil, nil, nil, "mlp: NewModel: data set is nil"},
		{"no X", &Dataset{Y: y, Classes: two}, nil, nil, "mlp: NewModel: the data set has no X or no Y"},
		{"rows", &Dataset{X: x, Y: NewMatrix(3, 2, nil), Classes: two}, nil, nil, "mlp: NewModel: X has 2 rows and Y 3, want the same"},
		{"empty", &Dataset{X: NewMatrix(0, 2, nil), Y: NewMatrix(0, 2, nil), Classes: two}, nil, nil, "mlp: NewModel: the data set has no samples, want at least one"},
		{"NaN", &Dataset{X: NewMatrix(1, 2, []float64{1, math.NaN()}), Y: NewMatrix(1, 2, []float64{1, 0}), Classes: two}, nil, nil, "mlp: NewModel: X(0, 1) is NaN, want finite data"},
		{"Inf target", &Dataset{X: x, Y: NewMatrix(2, 1, []float64{1, math.Inf(1)}), Targets: []string{"t"}}, nil, nil, "mlp: NewModel: Y(1, 0) is +Inf, want finite data"},
		{"neither", &Dataset{X: x, Y: y}, nil, nil, "mlp: NewModel: neither Classes nor Targets is set, want Classes for a classifier or Targets for a regression"},
		{"both", &Dataset{X: x, Y: y, Classes: two, Targets: two}, nil, nil, "mlp: NewModel: both Classes and Targets are set, want Classes for a classifier or Targets for a regression"},
		{"features", &Dataset{X: x, Y: y, Features: []string{"f"}, Classes: two}, nil, nil, "mlp: NewModel: 1 feature name, want 2, one an input"},
		{"classes", &Dataset{X: x, Y: y, Classes: []string{"a", "b", "c"}}, nil, nil, "mlp: NewModel: 3 class names, want 2, one an output"},
		{"one output, 3 classes", &Dataset{X: x, Y: NewMatrix(2, 1, nil), Classes: []string{"a", "b", "c"}}, nil, nil, "mlp: NewModel: 3 class names for a single output, want 2 (class 0 below the output's midpoint, class 1 from it)"},
		{"targets", &Dataset{X: x, Y: y, Targets: []string{"t"}}, nil, nil, "mlp: NewModel: 1 target name, want 2, one an output"},
		{"duplicate class", &Dataset{X: x, Y: y, Classes: []string{"a", "a"}}, nil, nil, `mlp: NewModel: Classes[0] and Classes[1] are both "a", want distinct names`},
		{"duplicate target", &Dataset{X: x, Y: y, Targets: []string{"t", "t"}}, nil, nil, `mlp: NewModel: Targets[0] and Targets[1] are both "t", want distinct names`},
		{"hidden 0", &Dataset{X: x, Y: y, Classes: two}, []int{4, 0}, nil, "mlp: NewModel: hidden[1] is 0, want at least 1"},
		{"bad option", &Dataset{X: x, Y: y, Classes: two}, nil, []Option{WithLoss(nil)}, "mlp: NewModel: New: WithLoss: loss is nil"},
		{"nil option", &Dataset{X: x, Y: y, Classes: two}, nil, []Option{nil}, "mlp: NewModel: New: nil Option"},
		{"targets not 0/1", &Dataset{X: x, Y: NewMatrix(2, 1, []float64{0, 0.5}), Classes: two}, nil, nil, "mlp: NewModel: Y(1, 0) is 0.5, want 0 or 1, the class values of a single sigmoid output"},
		{"tanh targets 0/1", &Dataset{X: x, Y: NewMatrix(2, 1, []float64{1, 0}), Classes: two}, nil, []Option{WithOutputActivation(Tanh)}, "mlp: NewModel: Y(1, 0) is 0, want -1 or 1, the class values of a single tanh output"},
	} {
		m, err := NewModel(tt.ds, tt.hidden, tt.opts...)
		if err == nil || err.Error() != tt.want || m != nil {
			t.Errorf("%s: NewModel = %v, %v, want nil, %q", tt.name, m, err, tt.want)
		}
	}
}

// TestModelPredictRawRow: a model made from a Dataset predicts a row as
// it comes in a CSV file, unscaled, with the numbers of the manual path
// NewMatrix → Scaler.Transform → Network.Predict, bit for bit; PredictClass
// names the largest output's class; PredictMatrix and Score agree with the
// same path and Accuracy.
func TestModelPredictRawRow(t *testing.T) {
	train, test := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	m := bundleTrained(t, train)

	line, err := ReadCSV(strings.NewReader("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species\n6.3,2.9,5.6,1.8,virginica\n"), m.Classes)
	if err != nil {
		t.Fatal(err)
	}
	row := line.X.Row(0)
	got, err := m.Predict(row)
	if err != nil {
		t.Fatal(err)
	}
	x, err := m.Scaler.Transform(NewMatrix(1, len(row), row))
	if err != nil {
		t.Fatal(err)
	}
	want, err := m.Net.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if err := diffBits("Predict(row)", NewMatrix(1, 3, got), want); err != nil {
		t.Error(err)
	}
	class, err := m.PredictClass(row)
	if wantClass := m.Classes[Classify(want)[0]]; err != nil || class != wantClass || class != "virginica" {
		t.Errorf("PredictClass(row) = %q, %v, want %q (the manual path's) and virginica (the file's)", class, err, wantClass)
	}
	if !slices.Equal(row, []float64{6.3, 2.9, 5.6, 1.8}) {
		t.Errorf("Predict changed its row to %v", row)
	}
	got[0] = 42 // the result is the caller's: the next answer is not changed
	if again, err := m.Predict(row); err != nil || again[0] != want.At(0, 0) {
		t.Errorf("Predict(row) after writing to a result = %v, %v, want %v", again, err, want.At(0, 0))
	}

	wantAll := bundleManual(t, m, test.X)
	gotAll, err := m.PredictMatrix(test.X)
	if err != nil {
		t.Fatal(err)
	}
	if err := diffBits("PredictMatrix(test.X)", gotAll, wantAll); err != nil {
		t.Error(err)
	}
	score, err := m.Score(test)
	if err != nil {
		t.Fatal(err)
	}
	if acc, err := Accuracy(wantAll, test.Y); err != nil || score != acc || score < 0.9 {
		t.Errorf("Score(test) = %v, want Accuracy of the manual path %v, and at least 0.9", score, acc)
	}
}

// TestModelRegression: a regression model predicts in the targets' units:
// the manual path is Transform, Network.Predict, then the TargetScaler
// undone; Score is R2 of it. Model.Train is Network.Train on standardised
// inputs and targets, bit for bit.
func TestModelRegression(t *testing.T) {
	train, test := bundleSplit(t, bundleRead(t, "diabetes.csv", "progression"))
	m, err := NewModel(train, []int{8})
	if err != nil {
		t.Fatal(err)
	}
	manual := m.Net.Clone()
	cfg := TrainConfig{Epochs: 20, LearningRate: 0.01, BatchSize: 32, Optimizer: NewAdam()}
	hist, err := m.Train(context.Background(), train, cfg)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := m.Scaler.Transform(train.X)
	if err != nil {
		t.Fatal(err)
	}
	ys, err := m.TargetScaler.Transform(train.Y)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Optimizer = NewAdam()
	manualHist, err := manual.Train(context.Background(), xs, ys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := diffNetworks(m.Net, manual); err != nil {
		t.Errorf("Model.Train differs from Network.Train on standardised data: %v", err)
	}
	if !slices.Equal(hist.Loss, manualHist.Loss) {
		t.Errorf("Model.Train's losses %v, want Network.Train's %v", hist.Loss, manualHist.Loss)
	}

	scaled := bundleManual(t, m, test.X)
	want := scaled.Clone()
	for i := range want.RawData() {
		want.RawData()[i] = scaled.RawData()[i]*m.TargetScaler.Std[0] + m.TargetScaler.Mean[0]
	}
	got, err := m.PredictMatrix(test.X)
	if err != nil {
		t.Fatal(err)
	}
	if err := diffBits("PredictMatrix(test.X)", got, want); err != nil {
		t.Error(err)
	}
	one, err := m.Predict(test.X.Row(0))
	if err != nil || len(one) != 1 || one[0] != want.At(0, 0) {
		t.Errorf("Predict(test row 0) = %v, %v, want [%v]", one, err, want.At(0, 0))
	}
	score, err := m.Score(test)
	if err != nil {
		t.Fatal(err)
	}
	if r2, err := R2(want, test.Y); err != nil || score != r2 || score < 0.3 {
		t.Errorf("Score(test) = %v, want R2 of the manual path %v, and at least 0.3", score, r2)
	}
	one1 := &Dataset{X: NewMatrix(1, 10, test.X.Row(0)), Y: NewMatrix(1, 1, test.Y.Row(0)), Targets: m.Targets}
	if _, err := m.Score(one1); err == nil || err.Error() != "mlp: Model.Score: 1 sample, want at least 2 (R² compares with the targets' mean)" {
		t.Errorf("Score(1 sample) on a regression = %v, want R2's error", err)
	}
	if _, err := m.PredictClass(test.X.Row(0)); err == nil || err.Error() != "mlp: Model.PredictClass: the model is a regression (it has Targets, no Classes); use Predict" {
		t.Errorf("PredictClass on a regression = %v", err)
	}
}

// TestModelTrainMatchesNetwork: for a classifier, Model.Train is
// Network.Train on the standardised inputs, bit for bit; it neither refits
// the scaler nor changes the data set.
func TestModelTrainMatchesNetwork(t *testing.T) {
	train, _ := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	m, err := NewModel(train, []int{5}, WithSeed(4))
	if err != nil {
		t.Fatal(err)
	}
	manual := m.Net.Clone()
	scaler := &Scaler{Mean: slices.Clone(m.Scaler.Mean), Std: slices.Clone(m.Scaler.Std)}
	x, y := train.X.Clone(), train.Y.Clone()
	// A data set of other numbers (the training data doubled): a refitted
	// scaler would differ.
	other := &Dataset{X: train.X.Clone(), Y: train.Y, Features: train.Features, Classes: train.Classes}
	for i, v := range other.X.RawData() {
		other.X.RawData()[i] = 2 * v
	}
	cfg := TrainConfig{Epochs: 10, LearningRate: 0.05, BatchSize: 20, Seed: 7}
	if _, err := m.Train(context.Background(), other, cfg); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Scaler.Mean, scaler.Mean) || !slices.Equal(m.Scaler.Std, scaler.Std) {
		t.Errorf("Train changed the Scaler to %v, want %v as NewModel fitted it", m.Scaler, scaler)
	}
	m.Net = manual.Clone()
	if _, err := m.Train(context.Background(), train, cfg); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(train.X.RawData(), x.RawData()) || !slices.Equal(train.Y.RawData(), y.RawData()) {
		t.Error("Model.Train changed the data set")
	}
	xs, err := m.Scaler.Transform(train.X)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := manual.Train(context.Background(), xs, train.Y, cfg); err != nil {
		t.Fatal(err)
	}
	if err := diffNetworks(m.Net, manual); err != nil {
		t.Errorf("Model.Train differs from Network.Train on standardised inputs: %v", err)
	}
}

// TestModelTrainScalesValidation: Model.Train scales cfg.Validation as it
// scales the training data (X by Scaler and, for a regression, Y by
// TargetScaler). With the training data as validation data and one full
// batch an epoch, the validation loss after epoch e is the training loss of
// epoch e+1 (the loss of the weights at its start); for a classifier, the
// validation accuracy on the test data is the model's Score there.
func TestModelTrainScalesValidation(t *testing.T) {
	for _, tt := range []struct{ file, target string }{{"iris.csv", ""}, {"diabetes.csv", "progression"}} {
		train, test := bundleSplit(t, bundleRead(t, tt.file, tt.target))
		m, err := NewModel(train, []int{6}, WithSeed(2))
		if err != nil {
			t.Fatal(err)
		}
		x, y := train.X.Clone(), train.Y.Clone()
		hist, err := m.Train(context.Background(), train, TrainConfig{Epochs: 6, LearningRate: 0.01, Optimizer: NewAdam(), Validation: train})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(train.X.RawData(), x.RawData()) || !slices.Equal(train.Y.RawData(), y.RawData()) {
			t.Errorf("%s: Model.Train changed the validation data", tt.file)
		}
		for e := range len(hist.Loss) - 1 {
			v, next := hist.ValidationLoss[e], hist.Loss[e+1]
			if math.Abs(v-next) > 1e-12*math.Abs(next) {
				t.Errorf("%s: History.ValidationLoss[%d] = %v, want %v, the training loss of the next epoch (the same data, scaled alike)", tt.file, e, v, next)
			}
		}
		if tt.target != "" {
			continue
		}
		hist, err = m.Train(context.Background(), train, TrainConfig{Epochs: 3, LearningRate: 0.01, Optimizer: NewAdam(), Validation: test})
		if err != nil {
			t.Fatal(err)
		}
		score, err := m.Score(test)
		if err != nil {
			t.Fatal(err)
		}
		if got := hist.ValidationAccuracy[len(hist.ValidationAccuracy)-1]; got != score {
			t.Errorf("%s: last History.ValidationAccuracy = %v, want %v, the model's Score of the validation data", tt.file, got, score)
		}
	}
	// Validation data that does not fit the model: an error naming it.
	train, _ := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	m, err := NewModel(train, []int{3})
	if err != nil {
		t.Fatal(err)
	}
	bad := &Dataset{X: NewMatrix(2, 3, nil), Y: NewMatrix(2, 3, []float64{1, 0, 0, 0, 1, 0})}
	_, err = m.Train(context.Background(), train, TrainConfig{Epochs: 1, LearningRate: 0.1, Validation: bad})
	if want := "mlp: Model.Train: Validation: X has 3 columns, want 4, one a feature of the model"; err == nil || err.Error() != want {
		t.Errorf("Model.Train with 3-column validation data: error = %v, want %q", err, want)
	}
}

// TestModelThreshold: a single output divides its classes at the midpoint
// of its two class values: 0 for tanh with −1/1 targets, 0.5 for sigmoid
// with 0/1, in PredictClass and Score alike.
func TestModelThreshold(t *testing.T) {
	for _, tt := range []struct {
		act    Activation
		lo, hi float64
		// inputs −0.3, 0 and 0.3 through weight 1: tanh gives −0.29, 0
		// and 0.29, sigmoid 0.43, 0.5 and 0.57.
		want string
	}{
		{Tanh, -1, 1, "[no yes yes]"},
		{Sigmoid, 0, 1, "[no yes yes]"},
	} {
		net, err := New([]int{1, 1}, WithActivation(tt.act), WithConstantInit(1))
		if err != nil {
			t.Fatal(err)
		}
		m := &Model{Net: net, Classes: []string{"no", "yes"}}
		var got []string
		for _, v := range []float64{-0.3, 0, 0.3} {
			c, err := m.PredictClass([]float64{v})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c)
		}
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%v: PredictClass(−0.3, 0, 0.3) = %v, want %v", tt.act, got, tt.want)
		}
		// Targets no, yes, yes, no: three right.
		ds := &Dataset{X: NewMatrix(4, 1, []float64{-0.3, 0, 0.3, 0.3}), Y: NewMatrix(4, 1, []float64{tt.lo, tt.hi, tt.hi, tt.lo}), Classes: m.Classes}
		if score, err := m.Score(ds); err != nil || score != 0.75 {
			t.Errorf("%v: Score = %v, %v, want 0.75", tt.act, score, err)
		}
	}
}

// TestModelErrors: a model whose parts do not fit together, a bad row or
// a data set that does not fit the model is an error, from every method.
func TestModelErrors(t *testing.T) {
	train, test := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	good, err := NewModel(train, []int{4})
	if err != nil {
		t.Fatal(err)
	}
	row := test.X.Row(0)
	broken := func(change func(m *Model)) *Model {
		m := *good
		m.Net = good.Net.Clone()
		change(&m)
		return &m
	}
	for _, tt := range []struct {
		name string
		m    *Model
		want string // after "mlp: <method>: "
	}{
		{"nil model", nil, "the model is nil"},
		{"no network", broken(func(m *Model) { m.Net = nil }), "the model has no network (Net is nil)"},
		{"layers", broken(func(m *Model) { m.Net.Layers[1].W = NewMatrix(5, 3, nil) }), "layer 1: W is 5x3, want 4 rows to match layer 0's 4 outputs"},
		{"features", broken(func(m *Model) { m.Features = m.Features[:3] }), "3 feature names, want 4, one an input"},
		{"scaler length", broken(func(m *Model) { m.Scaler = &Scaler{Mean: []float64{1}, Std: []float64{1}} }), "Scaler has 1 means and 1 deviations, want 4, one for each of the network's inputs"},
		{"scaler std 0", broken(func(m *Model) { m.Scaler = &Scaler{Mean: make([]float64, 4), Std: []float64{1, 1, 0, 1}} }), "Scaler column 2 has Mean 0 and Std 0, want a finite mean and a finite deviation above 0"},
		{"scaler NaN", broken(func(m *Model) { m.Scaler = &Scaler{Mean: []float64{0, math.NaN(), 0, 0}, Std: []float64{1, 1, 1, 1}} }), "Scaler column 1 has Mean NaN and Std 1, want a finite mean and a finite deviation above 0"},
		{"target scaler on a classifier", broken(func(m *Model) { m.TargetScaler = &Scaler{Mean: make([]float64, 3), Std: []float64{1, 1, 1}} }), "a classifier has a TargetScaler, want nil (only a regression's targets are scaled)"},
		{"classes", broken(func(m *Model) { m.Classes = m.Classes[:2] }), "2 class names, want 3, one an output"},
		{"both", broken(func(m *Model) { m.Targets = []string{"a", "b", "c"} }), "both Classes and Targets are set, want Classes for a classifier or Targets for a regression"},
	} {
		for _, call := range []struct {
			op string
			f  func() error
		}{
			{"Model.Predict", func() error { _, err := tt.m.Predict(row); return err }},
			{"Model.PredictMatrix", func() error { _, err := tt.m.PredictMatrix(test.X); return err }},
			{"Model.PredictClass", func() error { _, err := tt.m.PredictClass(row); return err }},
			{"Model.Score", func() error { _, err := tt.m.Score(test); return err }},
			{"Model.Train", func() error {
				_, err := tt.m.Train(context.Background(), train, TrainConfig{Epochs: 1, LearningRate: 0.1})
				return err
			}},
			{"Model.Save", func() error { return tt.m.Save(&strings.Builder{}) }},
		} {
			if err := call.f(); err == nil || err.Error() != "mlp: "+call.op+": "+tt.want {
				t.Errorf("%s: %s = %v, want %q", tt.name, call.op, err, "mlp: "+call.op+": "+tt.want)
			}
		}
	}

	// Bad rows.
	nan := slices.Clone(row)
	nan[2] = math.NaN()
	for _, tt := range []struct {
		name string
		row  []float64
		want string
	}{
		{"short", row[:3], "row has 3 numbers, want 4 (one a feature)"},
		{"empty", nil, "row has 0 numbers, want 4 (one a feature)"},
		{"NaN", nan, `row[2] ("petal_length_cm") is NaN, want a finite number`},
	} {
		for _, op := range []string{"Model.Predict", "Model.PredictClass"} {
			var err error
			if op == "Model.Predict" {
				_, err = good.Predict(tt.row)
			} else {
				_, err = good.PredictClass(tt.row)
			}
			if err == nil || err.Error() != "mlp: "+op+": "+tt.want {
				t.Errorf("%s: %s = %v, want %q", tt.name, op, err, "mlp: "+op+": "+tt.want)
			}
		}
	}
	xnan := test.X.Clone()
	xnan.Set(1, 3, math.Inf(1))
	for _, tt := range []struct {
		name string
		x    *Matrix
		want string
	}{
		{"nil", nil, "x is nil"},
		{"columns", NewMatrix(2, 3, nil), "x has 3 columns, want 4 (one a feature)"},
		{"no rows", NewMatrix(0, 4, nil), "x is 0x4, want at least one sample (row)"},
		{"Inf", xnan, `x(1, 3) ("petal_width_cm") is +Inf, want a finite number`},
	} {
		if _, err := good.PredictMatrix(tt.x); err == nil || err.Error() != "mlp: Model.PredictMatrix: "+tt.want {
			t.Errorf("%s: PredictMatrix = %v, want %q", tt.name, err, "mlp: Model.PredictMatrix: "+tt.want)
		}
	}

	// Data sets that do not fit the model.
	renamed := *test
	renamed.Features = slices.Clone(test.Features)
	renamed.Features[1] = "sepal_breadth"
	reordered := *test
	reordered.Classes = []string{"virginica", "setosa", "versicolor"}
	diabetes := bundleRead(t, "diabetes.csv", "progression")
	regression := &Dataset{X: test.X, Y: test.Y, Targets: []string{"a", "b", "c"}}
	nanY := *test
	nanY.Y = test.Y.Clone()
	nanY.Y.Set(0, 0, math.NaN())
	for _, tt := range []struct {
		name string
		ds   *Dataset
		want string
	}{
		{"nil", nil, "data set is nil"},
		{"columns", diabetes, "X has 10 columns, want 4, one a feature of the model"},
		{"outputs", &Dataset{X: test.X, Y: NewMatrix(test.X.rows, 2, nil), Classes: []string{"a", "b"}}, "Y has 2 columns, want 3, one an output of the model"},
		{"features", &renamed, `the data set's Features[1] is "sepal_breadth", the model's is "sepal_width_cm": read the data with the model's names, in its order`},
		{"classes", &reordered, `the data set's Classes[0] is "virginica", the model's is "setosa": read the data with the model's names, in its order`},
		{"regression data", regression, "the data set is for a regression (it has Targets, no Classes), the model is a classifier"},
		{"NaN target", &nanY, "Y(0, 0) is NaN, want finite data"},
	} {
		if _, err := good.Score(tt.ds); err == nil || err.Error() != "mlp: Model.Score: "+tt.want {
			t.Errorf("%s: Score = %v, want %q", tt.name, err, "mlp: Model.Score: "+tt.want)
		}
		before := good.Net.Clone()
		if _, err := good.Train(context.Background(), tt.ds, TrainConfig{Epochs: 1, LearningRate: 0.1}); err == nil || err.Error() != "mlp: Model.Train: "+tt.want {
			t.Errorf("%s: Train = %v, want %q", tt.name, err, "mlp: Model.Train: "+tt.want)
		}
		if err := diffNetworks(good.Net, before); err != nil {
			t.Errorf("%s: a failed Train changed the network: %v", tt.name, err)
		}
	}
	// The other way round: classifier data for a regression model.
	reg, err := NewModel(diabetes, nil)
	if err != nil {
		t.Fatal(err)
	}
	cls := &Dataset{X: diabetes.X, Y: diabetes.Y, Classes: []string{"a", "b"}}
	if _, err := reg.Score(cls); err == nil || err.Error() != "mlp: Model.Score: the data set is for a classifier (it has Classes), the model is a regression" {
		t.Errorf("Score(classifier data) on a regression = %v", err)
	}
	// Network.Train's own errors come through.
	if _, err := good.Train(context.Background(), train, TrainConfig{Epochs: 1}); err == nil || !strings.HasPrefix(err.Error(), "mlp: Train: ") {
		t.Errorf("Train without a learning rate = %v, want Network.Train's error", err)
	}
}

// TestModelConcurrentPredict: Predict, PredictClass and Score from many
// goroutines at once give the answers of one goroutine (go test -race
// checks that they only read).
func TestModelConcurrentPredict(t *testing.T) {
	train, test := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	m := bundleTrained(t, train)
	want, err := m.PredictMatrix(test.X)
	if err != nil {
		t.Fatal(err)
	}
	wantScore, err := m.Score(test)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < test.X.rows; i += 8 {
				got, err := m.Predict(test.X.Row(i))
				if err != nil || !slices.Equal(got, want.Row(i)) {
					errs <- fmt.Errorf("Predict(row %d) = %v, %v, want %v", i, got, err, want.Row(i))
					return
				}
				if c, err := m.PredictClass(test.X.Row(i)); err != nil || c != m.Classes[Classify(want)[i]] {
					errs <- fmt.Errorf("PredictClass(row %d) = %q, %v", i, c, err)
					return
				}
			}
			if s, err := m.Score(test); err != nil || s != wantScore {
				errs <- fmt.Errorf("Score = %v, %v, want %v", s, err, wantScore)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestFirstRepeat: the earliest repeat, by the index of its second
// occurrence, against a plain double loop on every slice of up to 6
// elements from 3 letters, and on hand-written cases.
func TestFirstRepeat(t *testing.T) {
	brute := func(s []string) (int, int) {
		for j := range s {
			for i := range j {
				if s[i] == s[j] {
					return i, j
				}
			}
		}
		return -1, -1
	}
	for _, tt := range []struct {
		s    []string
		i, j int
	}{
		{nil, -1, -1},
		{[]string{"a", "b", "c"}, -1, -1},
		{[]string{"a", "b", "a"}, 0, 2},
		{[]string{"b", "a", "a", "b"}, 1, 2},
		{[]string{"x", "y", "x", "x", "y"}, 0, 2},
	} {
		if i, j := firstRepeat(tt.s); i != tt.i || j != tt.j {
			t.Errorf("firstRepeat(%q) = %d, %d, want %d, %d", tt.s, i, j, tt.i, tt.j)
		}
	}
	var all func(s []string)
	all = func(s []string) {
		wi, wj := brute(s)
		if i, j := firstRepeat(s); i != wi || j != wj {
			t.Errorf("firstRepeat(%q) = %d, %d, want %d, %d", s, i, j, wi, wj)
		}
		if len(s) == 6 {
			return
		}
		for _, c := range []string{"a", "b", "c"} {
			all(append(slices.Clone(s), c))
		}
	}
	all(nil)
}
