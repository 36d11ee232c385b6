package mlp

import (
	"encoding/csv"
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
// and the one-hot targets Y of the same samples, row for row.
type Dataset struct {
	X        *Matrix  // samples×features
	Y        *Matrix  // samples×classes, one-hot: Y(i, j) is 1 if sample i is of class Classes[j], else 0
	Features []string // the name of each column of X, from the CSV header
	Classes  []string // the name of each column of Y
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
// gives the same columns of Y. Spaces around fields are ignored. Lines end
// with LF or CR LF.
//
// ReadCSV returns an error that names the line (counted from 1, the header
// being line 1) for a line with a different number of fields than the header
// (a ragged row), a field that is not a finite number, an empty or unknown
// label, and for malformed CSV. It also returns an error for a nil reader, an
// empty file, a header with fewer than two fields, a first line whose
// features are all numbers (a sample where the header should be), a first
// line with a carriage return that does not end it (lines ended by CR alone,
// as old Mac OS wrote them, are not read), no samples, and duplicate classes.
// An error repeats at most 32 bytes of a bad field, label or name, with its
// length when it is longer.
//
// So that hostile input cannot make it allocate far more than it reads,
// ReadCSV refuses a line (a header or sample, with its line end and any line
// breaks quoted in it) of more than 1 MiB (2²⁰ bytes), having read at most
// 1 MiB + 4 KiB of it, and refuses a data set whose X and Y together would
// hold more than two numbers a byte of input, plus 65536, as when most lines
// have a class of their own. In all it allocates at most 48 bytes for each
// byte it reads, plus 1 MiB, besides memory in proportion to the classes
// given.
func ReadCSV(r io.Reader, classes []string) (*Dataset, error) {
	if r == nil {
		return nil, errors.New("mlp: ReadCSV: reader is nil")
	}
	in := &csvInput{r: r}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1 // ragged rows are checked below, with a clearer message
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := in.read(cr)
	if err == io.EOF {
		return nil, errors.New("mlp: ReadCSV: the input is empty, want a header line and samples")
	}
	if err != nil {
		return nil, err
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("mlp: ReadCSV: line 1: the header has %d field, want at least 2 (features, then the class label)", len(header))
	}
	d := &Dataset{Features: make([]string, len(header)-1)}
	numeric := true
	for j := range d.Features {
		d.Features[j] = strings.TrimSpace(header[j])
		if j == 0 {
			d.Features[0] = strings.TrimPrefix(d.Features[0], "\ufeff") // a byte order mark, as some spreadsheets write
		}
		if _, ok := csvNumber(d.Features[j]); !ok {
			numeric = false
		}
	}
	if numeric {
		return nil, errors.New("mlp: ReadCSV: line 1: the first line looks like a sample, want a header: every feature name is a number")
	}
	index := map[string]int{}
	fixed := classes != nil
	for j, c := range classes {
		if k, dup := index[c]; dup {
			return nil, fmt.Errorf("mlp: ReadCSV: classes[%d] and classes[%d] are both %s, want distinct classes", k, j, quote(c))
		}
		index[c] = j
	}
	d.Classes = append([]string(nil), classes...)

	nf := len(d.Features)
	var xs []float64
	var labels []int
	for {
		rec, err := in.read(cr)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != nf+1 {
			return nil, fmt.Errorf("mlp: ReadCSV: line %d has %d fields, want %d as in the header", line, len(rec), nf+1)
		}
		for j, f := range rec[:nf] {
			v, ok := csvNumber(f)
			if !ok {
				return nil, fmt.Errorf("mlp: ReadCSV: line %d, field %d (%s): %s is not a finite number", line, j+1, quote(d.Features[j]), quote(f))
			}
			xs = append(xs, v)
		}
		label := strings.TrimSpace(rec[nf])
		k, ok := index[label]
		switch {
		case label == "":
			return nil, fmt.Errorf("mlp: ReadCSV: line %d: the class label (field %d) is empty", line, nf+1)
		case !ok && fixed:
			return nil, fmt.Errorf("mlp: ReadCSV: line %d: unknown class %s, want one of %s", line, quote(label), strings.Join(classes, ", "))
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
	// Y is samples×classes, which hostile input could make quadratic in its
	// size (every line a new class): keep memory proportional to the input.
	if n, k := len(labels), len(d.Classes); nf+k > (2*in.n+csvExtraNumbers)/n {
		return nil, fmt.Errorf("mlp: ReadCSV: %s of %d classes would need a %dx%d one-hot Y and a %dx%d X, more than 2 numbers a byte of the %d-byte input, plus %d; is the last column a class label?",
			plural(n, "sample"), k, n, k, n, nf, in.n, csvExtraNumbers)
	}
	d.X = NewMatrix(len(labels), nf, xs)
	d.Y = NewMatrix(len(labels), len(d.Classes), nil)
	for i, k := range labels {
		d.Y.Set(i, k, 1)
	}
	return d, nil
}

// csvNumber parses the field f, spaces around it ignored, as a finite number.
func csvNumber(f string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
	return v, err == nil && isFinite(v)
}

const (
	// csvMaxLine is the most bytes ReadCSV takes for one line, from the end
	// of the line before (so blank lines that encoding/csv skips count
	// with the line after them) to its own end.
	csvMaxLine = 1 << 20
	// csvExtraNumbers is how many numbers X and Y may hold beyond two a
	// byte of input.
	csvExtraNumbers = 1 << 16
)

// csvInput is ReadCSV's reader: it counts the bytes read, stops a line
// longer than csvMaxLine, and watches the first line for a carriage return
// that does not end it.
type csvInput struct {
	r     io.Reader
	n     int  // bytes read
	start int  // the offset where the current line starts
	long  bool // the current line is longer than csvMaxLine
	lf    bool // a line feed has been read
	cr    int8 // before the first LF: 0 no CR yet, 1 the last byte read is a CR, 2 a CR was followed by something else
}

// errLongLine stops encoding/csv in a line that is too long.
const errLongLine = constError("line too long")

func (c *csvInput) Read(p []byte) (int, error) {
	if c.n-c.start > csvMaxLine {
		c.long = true
		return 0, errLongLine
	}
	n, err := c.r.Read(p)
	for _, b := range p[:n] {
		if c.lf {
			break
		}
		if c.cr == 1 && b != '\n' {
			c.cr = 2
		}
		switch b {
		case '\n':
			c.lf = true
		case '\r':
			if c.cr == 0 {
				c.cr = 1
			}
		}
	}
	if err == io.EOF && !c.lf && c.cr == 1 {
		c.cr = 2 // the input ends with a CR and has no LF
	}
	c.n += n
	return n, err
}

// read reads the next line of cr, which reads from c, and turns the errors
// into the package's: a line too long, a first line with a CR that does not
// end it, malformed CSV.
func (c *csvInput) read(cr *csv.Reader) ([]string, error) {
	c.start = int(cr.InputOffset())
	rec, err := cr.Read()
	if c.long || err == nil && int(cr.InputOffset())-c.start > csvMaxLine {
		return nil, fmt.Errorf("mlp: ReadCSV: the line at byte %d is longer than %d bytes (1 MiB), the most ReadCSV takes for a header or sample", c.start+1, csvMaxLine)
	}
	if c.cr == 2 && c.start == 0 {
		return nil, errors.New("mlp: ReadCSV: line 1 holds a carriage return (CR) that does not end it: lines ended by CR alone, as old Mac OS wrote them, are not read, want LF or CR LF line ends")
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("mlp: ReadCSV: %w", err) // encoding/csv's error names the line
	}
	return rec, err
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
// for a single target column, 0 or 1 by whether it is below 0.5.
//
// Split returns an error if testFraction is not strictly between 0 and 1,
// if d, d.X or d.Y is nil, if they differ in rows, if d.Y has no columns or
// a row of d.Y holds NaN (it has no class), or if either part would be
// empty.
func (d *Dataset) Split(testFraction float64, seed uint64) (train, test *Dataset, err error) {
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, fmt.Errorf("mlp: Split: testFraction is %v, want a number strictly between 0 and 1", testFraction)
	}
	switch {
	case d == nil:
		return nil, nil, errors.New("mlp: Split: the data set is nil")
	case d.X == nil || d.Y == nil:
		return nil, nil, errors.New("mlp: Split: the data set has no X or no Y")
	case d.X.rows != d.Y.rows:
		return nil, nil, fmt.Errorf("mlp: Split: X has %d rows and Y %d, want the same", d.X.rows, d.Y.rows)
	case d.Y.cols == 0:
		return nil, nil, errors.New("mlp: Split: Y has no columns, want one a class, or one column of 0 and 1")
	}
	var byClass [][]int
	for i := 0; i < d.Y.rows; i++ {
		k := classOf(d.Y.Row(i), classThreshold)
		if k < 0 {
			return nil, nil, fmt.Errorf("mlp: Split: Y row %d holds NaN, want a class", i)
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
// rather than NaN. FitScaler returns an error if x is nil or has no rows, if
// a value of x is NaN or ±Inf, and if the values of a column are so large
// that their mean or standard deviation is beyond float64.
func FitScaler(x *Matrix) (*Scaler, error) {
	if x == nil || x.rows == 0 {
		return nil, errors.New("mlp: FitScaler: no samples, want at least one row")
	}
	if k := firstNonFinite(x.RawData()); k >= 0 {
		return nil, fmt.Errorf("mlp: FitScaler: x(%d, %d) is %v, want finite numbers", k/x.cols, k%x.cols, x.data[k])
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
		switch {
		case !isFinite(s.Mean[j]):
			return nil, fmt.Errorf("mlp: FitScaler: column %d: the mean is %v, beyond float64: the values are too large", j, s.Mean[j])
		case !isFinite(s.Std[j]):
			return nil, fmt.Errorf("mlp: FitScaler: column %d: the standard deviation is %v, beyond float64: the values are too large", j, s.Std[j])
		case s.Std[j] == 0:
			s.Std[j] = 1
		}
	}
	return s, nil
}

// Transform returns a new matrix with the columns of x standardised; x is
// not changed. It returns an error if s or x is nil, if x's number of
// columns is not the number of features s was fitted on, if a Mean of s is
// not finite or a Std not positive and finite, if a value of x is NaN or
// ±Inf, and if a standardised value is beyond float64.
func (s *Scaler) Transform(x *Matrix) (*Matrix, error) {
	switch {
	case s == nil:
		return nil, errors.New("mlp: Scaler.Transform: the scaler is nil")
	case x == nil:
		return nil, errors.New("mlp: Scaler.Transform: x is nil")
	case x.cols != len(s.Mean) || len(s.Std) != len(s.Mean):
		return nil, fmt.Errorf("mlp: Scaler.Transform: x has %d columns, the scaler was fitted on %d", x.cols, len(s.Mean))
	}
	for j := range s.Mean {
		if !isFinite(s.Mean[j]) {
			return nil, fmt.Errorf("mlp: Scaler.Transform: Mean[%d] is %v, want a finite number", j, s.Mean[j])
		}
		if !(s.Std[j] > 0 && s.Std[j] <= math.MaxFloat64) {
			return nil, fmt.Errorf("mlp: Scaler.Transform: Std[%d] is %v, want a positive finite number", j, s.Std[j])
		}
	}
	if k := firstNonFinite(x.RawData()); k >= 0 {
		return nil, fmt.Errorf("mlp: Scaler.Transform: x(%d, %d) is %v, want finite numbers", k/x.cols, k%x.cols, x.data[k])
	}
	out := NewMatrix(x.rows, x.cols, nil)
	for i := 0; i < x.rows; i++ {
		o := out.Row(i)
		for j, v := range x.Row(i) {
			o[j] = (v - s.Mean[j]) / s.Std[j]
			if !isFinite(o[j]) {
				return nil, fmt.Errorf("mlp: Scaler.Transform: x(%d, %d) = %v standardises to %v, beyond float64", i, j, v, o[j])
			}
		}
	}
	return out, nil
}
