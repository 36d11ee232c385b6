package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/glassbox-go/mlp"
)

// A dataset is one data set the page can train on, ready for a network:
// inputs scaled, split into a training and a test part, targets one-hot.
// It is never changed once made, so sessions share the built-in ones.
type dataset struct {
	Name     string   // as the page names it: "xor", "circle", …, "upload"
	Title    string   // one line for the page
	Features []string // a name for each input column
	Classes  []string // a name for each class, in the order of the columns of Y

	XTrain, YTrain *mlp.Matrix // samples×features and samples×classes (one-hot)
	XTest, YTest   *mlp.Matrix // the held-out part, nil when there is none (XOR)

	// Plane, when not nil, says how to draw the data and the network's
	// output as a picture of the plane of the first two inputs.
	Plane *plane

	Defaults setupRequest // a setup that trains well on it
}

// A plane is the rectangle of the first two inputs that the decision
// surface shows, and the values of the other inputs, held fixed.
type plane struct {
	XMin, XMax, YMin, YMax float64
	Constants              []float64
}

// outputs returns the number of output units a network on d has with the
// given output activation: one for two classes (the target is the second
// class's column), unless the output is softmax, else one a class.
func (d *dataset) outputs(output string) int {
	if len(d.Classes) == 2 && output != mlp.Softmax.String() {
		return 1
	}
	return len(d.Classes)
}

// targets returns y (samples×classes, one-hot) as the targets of a network
// with the given number of outputs: y itself, or its second column.
func targets(y *mlp.Matrix, outputs int) *mlp.Matrix {
	if y == nil {
		return nil
	}
	rows, cols := y.Dims()
	if outputs == cols {
		return y
	}
	t := mlp.NewMatrix(rows, 1, nil)
	for i := range rows {
		t.Set(i, 0, y.At(i, 1))
	}
	return t
}

// generated2D is the number of training points, and of test points, of each
// generated data set. The generators below draw in about [−1, 1]², and the
// points are spread by 5, to about [−6, 6]² as in TensorFlow Playground:
// tanh units then start out of their linear range, which the spirals need
// to be learnt in a few hundred epochs.
const (
	generated2D = 200
	spread      = 5
)

// builtinDatasets returns the data sets that need no file: the tutorial's
// XOR and four of TensorFlow Playground's kind, each from a seeded
// generator, the same at every start: 200 points to train on and 200 others
// to test on.
func builtinDatasets() []*dataset {
	xor := &dataset{
		Name:     "xor",
		Title:    "XOR as in the tutorial: four points (x0, x1) with the constant 1 folded in as a third input",
		Features: []string{"x0", "x1", "1"},
		Classes:  []string{"0", "1"},
		XTrain: mlp.NewMatrix(4, 3, []float64{
			1, 1, 1,
			1, 0, 1,
			0, 1, 1,
			0, 0, 1,
		}),
		YTrain: mlp.NewMatrix(4, 2, []float64{1, 0, 0, 1, 0, 1, 1, 0}),
		Plane:  &plane{XMin: -0.2, XMax: 1.2, YMin: -0.2, YMax: 1.2, Constants: []float64{1}},
		Defaults: setupRequest{Dataset: "xor", Hidden: "5", Activation: "sigmoid", Output: "sigmoid", Loss: "squared-error",
			Init: "default", Optimizer: "gradient-descent", LearningRate: "3", BatchSize: "all", SumLoss: true, Seed: "1"},
	}
	twoD := func(name, title string, classes int, gen func(rng *rand.Rand, i int) (x, y float64, class int), d setupRequest) *dataset {
		ds := &dataset{Name: name, Title: title, Features: []string{"x", "y"},
			Plane: &plane{XMin: -1.3 * spread, XMax: 1.3 * spread, YMin: -1.3 * spread, YMax: 1.3 * spread}}
		for k := range classes {
			ds.Classes = append(ds.Classes, fmt.Sprint(k))
		}
		make2D := func(seed uint64) (x, y *mlp.Matrix) {
			rng := rand.New(rand.NewPCG(seed, 14))
			x, y = mlp.NewMatrix(generated2D, 2, nil), mlp.NewMatrix(generated2D, classes, nil)
			for i := range generated2D {
				a, b, k := gen(rng, i)
				x.Set(i, 0, spread*a)
				x.Set(i, 1, spread*b)
				y.Set(i, k, 1)
			}
			return x, y
		}
		ds.XTrain, ds.YTrain = make2D(1)
		ds.XTest, ds.YTest = make2D(2)
		d.Dataset = name
		ds.Defaults = d
		return ds
	}
	return []*dataset{
		xor,
		twoD("circle", "circle: class 1 inside radius 2, class 0 in the ring from 3 to 5", 2, circle,
			setupRequest{Hidden: "6", Activation: "tanh", Output: "sigmoid", Loss: "binary-cross-entropy", Bias: true,
				Init: "default", Optimizer: "adam", LearningRate: "0.03", BatchSize: "10", Seed: "1"}),
		twoD("spirals", "two spirals, one a class, each turning 1.75 times", 2, spiral,
			setupRequest{Hidden: "16, 16", Activation: "tanh", Output: "sigmoid", Loss: "binary-cross-entropy", Bias: true,
				Init: "default", Optimizer: "adam", LearningRate: "0.01", BatchSize: "10", Seed: "1"}),
		twoD("moons", "two interleaving half circles (two moons), with Gaussian noise", 2, moon,
			setupRequest{Hidden: "8", Activation: "tanh", Output: "sigmoid", Loss: "binary-cross-entropy", Bias: true,
				Init: "default", Optimizer: "adam", LearningRate: "0.03", BatchSize: "10", Seed: "1"}),
		twoD("blobs", "three Gaussian blobs, one a class", 3, blob,
			setupRequest{Hidden: "6", Activation: "tanh", Output: "softmax", Loss: "cross-entropy", Bias: true,
				Init: "default", Optimizer: "adam", LearningRate: "0.03", BatchSize: "10", Seed: "1"}),
	}
}

// circle is Playground's "circle", at radius 1: even points are class 1,
// at a radius uniform in [0, 0.4]; odd points class 0, in [0.6, 1].
func circle(rng *rand.Rand, i int) (x, y float64, class int) {
	r := 0.6 + 0.4*rng.Float64()
	if i%2 == 0 {
		r, class = 0.4*rng.Float64(), 1
	}
	t := 2 * math.Pi * rng.Float64()
	return r * math.Cos(t), r * math.Sin(t), class
}

// spiral is Playground's "spiral": point i/2 of spiral i%2, at radius
// r = j/n (j its index on the spiral, n the points a spiral) and angle
// 1.75·2π·r, the second spiral turned by π, each coordinate moved by up to
// ±0.03.
func spiral(rng *rand.Rand, i int) (x, y float64, class int) {
	n := generated2D / 2
	class = i % 2
	r := float64(i/2) / float64(n)
	t := 1.75*2*math.Pi*r + math.Pi*float64(class)
	return r*math.Sin(t) + 0.03*(2*rng.Float64()-1), r*math.Cos(t) + 0.03*(2*rng.Float64()-1), class
}

// moon is scikit-learn's make_moons with noise 0.1, centred and shrunk by
// 1.5: class 0 on the upper half circle (cos t, sin t), class 1 on the lower
// one (1 − cos t, 0.5 − sin t), t uniform in [0, π].
func moon(rng *rand.Rand, i int) (x, y float64, class int) {
	t := math.Pi * rng.Float64()
	class = i % 2
	x, y = math.Cos(t), math.Sin(t)
	if class == 1 {
		x, y = 1-x, 0.5-y
	}
	x += 0.1 * rng.NormFloat64()
	y += 0.1 * rng.NormFloat64()
	return (x - 0.5) / 1.5, (y - 0.25) / 1.5, class
}

// blob draws point i of class i%3 from a Gaussian of deviation 0.2 around
// its centre, at radius 0.6 and angle 90° + 120°·class.
func blob(rng *rand.Rand, i int) (x, y float64, class int) {
	class = i % 3
	t := math.Pi/2 + 2*math.Pi/3*float64(class)
	return 0.6*math.Cos(t) + 0.2*rng.NormFloat64(), 0.6*math.Sin(t) + 0.2*rng.NormFloat64(), class
}

// fromCSV reads a classification data set with mlp.ReadCSV, holds a quarter
// of it back for testing (stratified, seeded) and standardises the inputs
// with the training part's mean and deviation. Two features make a plane.
func fromCSV(name, title string, r io.Reader, lim limits) (*dataset, error) {
	data, err := mlp.ReadCSV(r, nil)
	if err != nil {
		return nil, err
	}
	features, classes := len(data.Features), len(data.Classes)
	switch {
	case classes < 2:
		return nil, fmt.Errorf("mlp: the CSV has %d class (%s), want at least 2", classes, short(strings.Join(data.Classes, ", ")))
	case features > lim.Units:
		return nil, fmt.Errorf("mlp: the CSV has %d features, want at most %d (-max-units)", features, lim.Units)
	}
	train, test, err := data.Split(0.25, 2)
	if err != nil {
		return nil, err
	}
	scaler, err := mlp.FitScaler(train.X)
	if err != nil {
		return nil, err
	}
	ds := &dataset{Name: name, Title: title, Features: data.Features, Classes: data.Classes, YTrain: train.Y, YTest: test.Y}
	if ds.XTrain, err = scaler.Transform(train.X); err != nil {
		return nil, err
	}
	if ds.XTest, err = scaler.Transform(test.X); err != nil {
		return nil, err
	}
	if features == 2 {
		ds.Plane = squareAround(ds.XTrain)
	}
	rows, _ := ds.XTrain.Dims()
	output, loss := "softmax", "cross-entropy"
	if classes == 2 {
		output, loss = "sigmoid", "binary-cross-entropy"
	}
	ds.Defaults = setupRequest{Dataset: name, Hidden: "16", Activation: "tanh", Output: output, Loss: loss, Bias: true,
		Init: "default", Optimizer: "adam", LearningRate: "0.01", BatchSize: text(strconv.Itoa(min(32, rows))), Seed: "1"}
	return ds, nil
}

// squareAround returns the smallest square, centred on the box of the first
// two columns of x, that holds them with a tenth of its side to spare.
func squareAround(x *mlp.Matrix) *plane {
	rows, _ := x.Dims()
	xMin, xMax, yMin, yMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range rows {
		xMin, xMax = min(xMin, x.At(i, 0)), max(xMax, x.At(i, 0))
		yMin, yMax = min(yMin, x.At(i, 1)), max(yMax, x.At(i, 1))
	}
	half := max(xMax-xMin, yMax-yMin, 1e-3) * 0.6
	cx, cy := (xMin+xMax)/2, (yMin+yMax)/2
	return &plane{XMin: cx - half, XMax: cx + half, YMin: cy - half, YMax: cy + half}
}

// The data sets read from the module's testdata folder.
var fileDatasets = []struct {
	file, name, title string
	defaults          setupRequest
}{
	{"iris.csv", "iris", "Fisher's Iris: 150 flowers, 4 measurements, 3 species (testdata/iris.csv)",
		setupRequest{Hidden: "8", Activation: "tanh", Output: "softmax", Loss: "cross-entropy", Bias: true,
			Init: "default", Optimizer: "adam", LearningRate: "0.01", BatchSize: "16", Seed: "1"}},
	{"digits.csv", "digits", "UCI handwritten digits: 1,797 images of 8x8 pixels, 10 classes (testdata/digits.csv)",
		setupRequest{Hidden: "32", Activation: "relu", Output: "softmax", Loss: "cross-entropy", Bias: true,
			Init: "default", Optimizer: "adam", LearningRate: "0.003", BatchSize: "32", Seed: "1"}},
}

// loadFileDatasets reads iris.csv and digits.csv from dir.
func loadFileDatasets(dir string, lim limits) ([]*dataset, error) {
	var all []*dataset
	for _, f := range fileDatasets {
		b, err := os.ReadFile(filepath.Join(dir, f.file))
		if err != nil {
			return nil, err
		}
		ds, err := fromCSV(f.name, f.title, bytes.NewReader(b), lim)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
		ds.Defaults = f.defaults
		ds.Defaults.Dataset = f.name
		all = append(all, ds)
	}
	return all, nil
}

// findTestdata returns the module's testdata folder: the one beside the
// go.mod of github.com/glassbox-go/mlp in the working folder or above it.
func findTestdata() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module github.com/glassbox-go/mlp\n")) {
			return filepath.Join(dir, "testdata"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of github.com/glassbox-go/mlp in the working folder or above it; run from the module or give -testdata")
		}
		dir = parent
	}
}
