package mlp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// A Dataset is a table of labelled samples for classification: the inputs X
// and the one-hot targets Y of the same samples, row for row. For regression
// (ReadRegressionCSV) Y holds numeric targets instead, Classes is nil and
// Targets names them.
type Dataset struct {
	X        *Matrix  // samples×features
	Y        *Matrix  // samples×classes, one-hot: Y(i, j) is 1 if sample i is of class Classes[j], else 0
	Features []string // the name of each column of X, from the CSV header
	Classes  []string // the name of each column of Y
	Targets  []string // for regression: the name of each column of Y, numeric targets; nil for classification
}

// ReadCSV reads a classification data set from CSV text (RFC 4180, as
// encoding/csv reads it): a header line, then one sample a line, each field
// a number except the last, which is the sample's class label. For example
//
//	sepal_length,sepal_width,petal_length,petal_width,species
//	5.1,3.5,1.4,0.2,setosa
//	7.0,3.2,4.7,1.4,versicolor
//
// gives X = [[5.1 3.5 1.4 0.2] [7.0 3.2 4.7 1.4]], Features from the header,
// and Y = [[1 0] [0 1]] with Classes [setosa versicolor].
//
// With classes nil, the classes are the distinct labels in the order of
// their first appearance. Otherwise they are classes, in that order, and a
// label not among them is an error: so the same list read from two files
// gives the same columns of Y. Spaces around fields are ignored.
//
// With classes nil, labels that are all numbers, with more than 20
// distinct values, are an error: they look like a numeric target, which
// ReadRegressionCSV reads. Pass the classes to read them as classes all the
// same.
//
// ReadCSV returns an error that names the line (counted from 1, the header
// being line 1) for a line with a different number of fields than the header
// (a ragged row), a field that is not a finite number, an empty or unknown
// label, and for malformed CSV. It also returns an error for an empty file,
// a header with fewer than two fields, no samples, and duplicate classes;
// and when Y would hold more than 64 numbers a byte of input (at least 2²⁰),
// as when every line has a class of its own, so that hostile input cannot
// make ReadCSV allocate far more than it reads.
func ReadCSV(r io.Reader, classes []string) (*Dataset, error) {
	in := &countingReader{r: r}
	cr, header, err := readHeader("ReadCSV", in)
	if err != nil {
		return nil, err
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("mlp: ReadCSV: line 1: the header has %d field, want at least 2 (features, then the class label)", len(header))
	}
	d := &Dataset{Features: make([]string, len(header)-1)}
	for j := range d.Features {
		d.Features[j] = strings.TrimSpace(header[j])
	}
	d.Features[0] = strings.TrimPrefix(d.Features[0], "\ufeff") // a byte order mark, as some spreadsheets write
	index := map[string]int{}
	fixed := classes != nil
	for j, c := range classes {
		if k, dup := index[c]; dup {
			return nil, fmt.Errorf("mlp: ReadCSV: classes[%d] and classes[%d] are both %q, want distinct classes", k, j, c)
		}
		index[c] = j
	}
	d.Classes = append([]string(nil), classes...)

	nf := len(d.Features)
	var xs []float64
	var labels []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != nf+1 {
			return nil, fmt.Errorf("mlp: ReadCSV: line %d has %d fields, want %d as in the header", line, len(rec), nf+1)
		}
		for j, f := range rec[:nf] {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || !isFinite(v) {
				return nil, fmt.Errorf("mlp: ReadCSV: line %d, field %d (%s): %q is not a finite number", line, j+1, d.Features[j], f)
			}
			xs = append(xs, v)
		}
		label := strings.TrimSpace(rec[nf])
		k, ok := index[label]
		switch {
		case label == "":
			return nil, fmt.Errorf("mlp: ReadCSV: line %d: the class label (field %d) is empty", line, nf+1)
		case !ok && fixed:
			return nil, fmt.Errorf("mlp: ReadCSV: line %d: unknown class %q, want one of %s", line, label, strings.Join(classes, ", "))
		case !ok:
			k = len(d.Classes)
			index[label] = k
			d.Classes = append(d.Classes, label)
		}
		labels = append(labels, k)
	}
	if len(labels) == 0 {
		return nil, errors.New("mlp: ReadCSV: no samples after the header, want at least one")
	}
	if err := checkNumericLabels(d.Classes, fixed); err != nil {
		return nil, err
	}
	// Y is samples×classes, which hostile input could make quadratic in its
	// size (every line a new class): keep memory proportional to the input.
	if n, k := len(labels), len(d.Classes); n*k > max(1<<20, 64*in.n) {
		return nil, fmt.Errorf("mlp: ReadCSV: %d samples of %d classes would need a %dx%d one-hot Y, more than 64 numbers a byte of the %d-byte input; is the last column a class label?", n, k, n, k, in.n)
	}
	d.X = NewMatrix(len(labels), nf, xs)
	d.Y = NewMatrix(len(labels), len(d.Classes), nil)
	for i, k := range labels {
		d.Y.Set(i, k, 1)
	}
	return d, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// csvError turns an error of encoding/csv, which names the line, into one
// of the package's.
func csvError(err error) error {
	return fmt.Errorf("mlp: ReadCSV: %w", err)
}

// Split divides d into a training part and a test part, stratified: each
// class contributes round(testFraction·count) of its samples, chosen at
// random by a generator seeded with seed, to the test part, and the rest to
// the training part, so that both parts have the classes in about the
// proportions of d. The same seed gives the same split. Both parts keep the
// samples in d's order, with their own copies of the rows, and share
// d.Features and d.Classes.
//
// A sample's class is the index of its largest target (the one-hot 1), or,
// for a single target column, 0 or 1 by whether it is below 0.5. A
// regression data set (Targets not nil) is split at random, not stratified,
// and both parts share d.Targets.
//
// Split returns an error if testFraction is not strictly between 0 and 1,
// if d.X or d.Y is nil or they differ in rows, or if either part would be
// empty.
func (d *Dataset) Split(testFraction float64, seed uint64) (train, test *Dataset, err error) {
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, fmt.Errorf("mlp: Split: testFraction is %v, want a number strictly between 0 and 1", testFraction)
	}
	if d.X == nil || d.Y == nil {
		return nil, nil, errors.New("mlp: Split: the data set has no X or no Y")
	}
	if d.X.rows != d.Y.rows {
		return nil, nil, fmt.Errorf("mlp: Split: X has %d rows and Y %d, want the same", d.X.rows, d.Y.rows)
	}
	var byClass [][]int
	for i := 0; i < d.Y.rows; i++ {
		k := 0 // regression: one group, a plain random split
		if d.Targets == nil {
			k = classOf(d.Y.Row(i), classThreshold)
		}
		for len(byClass) <= k {
			byClass = append(byClass, nil)
		}
		byClass[k] = append(byClass[k], i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x73706c6974)) // "split"
	var trainIdx, testIdx []int
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		nt := int(math.Round(testFraction * float64(len(idx))))
		testIdx = append(testIdx, idx[:nt]...)
		trainIdx = append(trainIdx, idx[nt:]...)
	}
	if len(testIdx) == 0 || len(trainIdx) == 0 {
		return nil, nil, fmt.Errorf("mlp: Split: %d samples with testFraction %v give %d for training and %d for testing, want both parts non-empty",
			d.X.rows, testFraction, len(trainIdx), len(testIdx))
	}
	slices.Sort(trainIdx)
	slices.Sort(testIdx)
	return d.subset(trainIdx), d.subset(testIdx), nil
}

// subset returns the rows idx of d, copied.
func (d *Dataset) subset(idx []int) *Dataset {
	s := &Dataset{
		X:        NewMatrix(len(idx), d.X.cols, nil),
		Y:        NewMatrix(len(idx), d.Y.cols, nil),
		Features: d.Features,
		Classes:  d.Classes,
		Targets:  d.Targets,
	}
	gather(s.X, d.X, idx)
	gather(s.Y, d.Y, idx)
	return s
}

// A Scaler standardises features, column by column:
//
//	x' = (x − Mean[j]) / Std[j]
//
// so that each feature of the data it was fitted on has mean 0 and standard
// deviation 1. Fit it on the training data only and apply it to training and
// test data alike: the test data must not leak into the model, not even
// through its mean.
type Scaler struct {
	Mean []float64 // the mean of each column
	Std  []float64 // the standard deviation of each column (population: divided by n), or 1 for a constant column
}

// FitScaler returns the Scaler of the columns of x (samples×features). A
// column whose values are all the same has Std 1, so that it becomes 0
// rather than NaN. FitScaler returns an error if x is nil or has no rows.
func FitScaler(x *Matrix) (*Scaler, error) {
	if x == nil || x.rows == 0 {
		return nil, errors.New("mlp: FitScaler: no samples, want at least one row")
	}
	s := &Scaler{Mean: make([]float64, x.cols), Std: make([]float64, x.cols)}
	n := float64(x.rows)
	for i := 0; i < x.rows; i++ {
		axpy(1, x.Row(i), s.Mean)
	}
	for j := range s.Mean {
		s.Mean[j] /= n
	}
	for i := 0; i < x.rows; i++ {
		for j, v := range x.Row(i) {
			d := v - s.Mean[j]
			s.Std[j] += d * d
		}
	}
	for j, ss := range s.Std {
		s.Std[j] = math.Sqrt(ss / n)
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s, nil
}

// Transform returns a new matrix with the columns of x standardised; x is
// not changed. It returns an error if x is nil or its number of columns is
// not the number of features s was fitted on.
func (s *Scaler) Transform(x *Matrix) (*Matrix, error) {
	if x == nil {
		return nil, errors.New("mlp: Scaler.Transform: x is nil")
	}
	if x.cols != len(s.Mean) || len(s.Std) != len(s.Mean) {
		return nil, fmt.Errorf("mlp: Scaler.Transform: x has %d columns, the scaler was fitted on %d", x.cols, len(s.Mean))
	}
	out := NewMatrix(x.rows, x.cols, nil)
	for i := 0; i < x.rows; i++ {
		o := out.Row(i)
		for j, v := range x.Row(i) {
			o[j] = (v - s.Mean[j]) / s.Std[j]
		}
	}
	return out, nil
}
