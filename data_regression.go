package mlp

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadRegressionCSV reads a regression data set from CSV text, laid out as
// ReadCSV's (RFC 4180, a header line, then one sample a line) but with every
// field a number: the columns that targets names (one or more, anywhere in
// the header) become the targets Y, in the order of targets, and every
// other column a feature of X, in the order of the header. For example,
// with targets [price],
//
//	rooms,price,area
//	3,250,70.5
//	5,410,120
//
// gives X = [[3 70.5] [5 120]] with Features [rooms area], and
// Y = [[250] [410]] with Targets [price]; Classes is nil, which marks a
// regression data set. Spaces around fields are ignored, and so is a byte
// order mark before the header.
//
// ReadRegressionCSV returns an error that names the line (counted from 1,
// the header being line 1) for a line with a different number of fields
// than the header, a field that is not a finite number, and malformed CSV.
// It also returns an error for a nil reader, an empty input, no samples,
// targets empty or naming a column twice, a target that is not in the
// header or is in it twice, and a header with no column left for a feature.
// Like ReadCSV, it refuses a first line with a carriage return that does not
// end it and a line of more than 1 MiB (having read at most 1 MiB + 4 KiB of
// it), and an error repeats at most 32 bytes of a bad field or name. X and
// Y take memory in proportion to the input's length, as ReadCSV's X does.
func ReadRegressionCSV(r io.Reader, targets []string) (*Dataset, error) {
	if r == nil {
		return nil, errors.New("mlp: ReadRegressionCSV: reader is nil")
	}
	if len(targets) == 0 {
		return nil, errors.New("mlp: ReadRegressionCSV: targets is empty, want the name of at least one target column")
	}
	for k, t := range targets {
		for j := range k {
			if targets[j] == t {
				return nil, fmt.Errorf("mlp: ReadRegressionCSV: targets[%d] and targets[%d] are both %s, want distinct targets", j, k, quote(t))
			}
		}
	}
	in, cr, header, err := readHeader("ReadRegressionCSV", r)
	if err != nil {
		return nil, err
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff") // a byte order mark, as some spreadsheets write
	names := make([]string, len(header))
	for j, h := range header {
		names[j] = strings.TrimSpace(h)
	}

	// target[j] is the column of Y that field j goes to, or -1 for a feature.
	target := make([]int, len(names))
	for j := range target {
		target[j] = -1
	}
	for k, t := range targets {
		found := -1
		for j, name := range names {
			if name != t {
				continue
			}
			if found >= 0 {
				return nil, fmt.Errorf("mlp: ReadRegressionCSV: line 1: the target %s is fields %d and %d of the header, want it once", quote(t), found+1, j+1)
			}
			found = j
		}
		if found < 0 {
			return nil, fmt.Errorf("mlp: ReadRegressionCSV: line 1: the target %s is not in the header", quote(t))
		}
		target[found] = k
	}
	d := &Dataset{Targets: append([]string(nil), targets...)}
	for j, name := range names {
		if target[j] < 0 {
			d.Features = append(d.Features, name)
		}
	}
	if len(d.Features) == 0 {
		return nil, fmt.Errorf("mlp: ReadRegressionCSV: line 1: all %d fields of the header are targets, want at least one feature", len(names))
	}

	nf, nt := len(d.Features), len(targets)
	var xs, ys []float64
	for {
		rec, line, err := in.next(cr, len(names))
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		y := len(ys)
		for range nt {
			ys = append(ys, 0)
		}
		for j, f := range rec {
			v, ok := csvNumber(f)
			if !ok {
				return nil, fmt.Errorf("mlp: ReadRegressionCSV: line %d, field %d (%s): %s is not a finite number", line, j+1, quote(names[j]), quote(f))
			}
			if k := target[j]; k >= 0 {
				ys[y+k] = v
			} else {
				xs = append(xs, v)
			}
		}
	}
	if len(ys) == 0 {
		return nil, errors.New("mlp: ReadRegressionCSV: no samples after the header, want at least one")
	}
	n := len(ys) / nt
	d.X, d.Y = NewMatrix(n, nf, xs), NewMatrix(n, nt, ys)
	return d, nil
}

// maxNumericClasses is the largest number of distinct labels, all of them
// numbers, that ReadCSV reads as classes without being given the classes.
const maxNumericClasses = 20

// checkNumericLabels returns ReadCSV's error for classes found (not fixed
// by the caller) that look like a numeric target: more than
// maxNumericClasses of them, every one a number.
func checkNumericLabels(classes []string, fixed bool) error {
	if fixed || len(classes) <= maxNumericClasses {
		return nil
	}
	for _, c := range classes {
		if _, err := strconv.ParseFloat(c, 64); err != nil {
			return nil
		}
	}
	return fmt.Errorf("mlp: ReadCSV: the class labels are %d distinct numbers (%s, ...), want at most %d numeric classes: "+
		"read a numeric target with ReadRegressionCSV, or pass the classes to ReadCSV to read them as classes",
		len(classes), strings.Join(quoteFirst(classes, 3), ", "), maxNumericClasses)
}

// InverseTransform returns a new matrix with the standardisation of
// Transform undone, column by column:
//
//	x = x'·Std[j] + Mean[j]
//
// It turns the outputs of a network trained on standardised targets back
// into the targets' units (see Model.TargetScaler). x' is not changed. It
// returns Transform's errors.
func (s *Scaler) InverseTransform(x *Matrix) (*Matrix, error) {
	if x == nil {
		return nil, errors.New("mlp: Scaler.InverseTransform: x is nil")
	}
	if x.cols != len(s.Mean) || len(s.Std) != len(s.Mean) {
		return nil, fmt.Errorf("mlp: Scaler.InverseTransform: x has %d columns, the scaler was fitted on %d", x.cols, len(s.Mean))
	}
	out := x.Clone()
	for i := 0; i < out.rows; i++ {
		o := out.Row(i)
		for j, v := range o {
			o[j] = v*s.Std[j] + s.Mean[j]
		}
	}
	return out, nil
}
