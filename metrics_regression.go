package mlp

import (
	"fmt"
	"math"
)

// The regression metrics compare outputs a with targets y, both
// samples×outputs, as scikit-learn's metrics of the same names do with
// multioutput='uniform_average': each output (column) is scored on its own
// and the scores are averaged. They return an error if a or y is nil, they
// differ in shape or have no rows, or either holds a NaN or an infinity.

// MSE returns the mean squared error of the outputs a against the targets
// y, (1/n)·Σ_i (a_ij − y_ij)² averaged over the outputs j: the mean of
// (a − y)² over every element. With a single output it is 2/n times the
// SquaredError loss of the samples.
func MSE(a, y *Matrix) (float64, error) {
	return meanOver("MSE", a, y, func(d float64) float64 { return d * d })
}

// MAE returns the mean absolute error of the outputs a against the targets
// y, the mean of |a − y| over every element.
func MAE(a, y *Matrix) (float64, error) {
	return meanOver("MAE", a, y, math.Abs)
}

// meanOver returns the mean of f(a − y) over every element, or the errors
// of the regression metrics named op.
func meanOver(op string, a, y *Matrix, f func(d float64) float64) (float64, error) {
	if err := checkRegression(op, a, y); err != nil {
		return 0, err
	}
	sum := 0.0
	for k, v := range a.RawData() {
		sum += f(v - y.data[k])
	}
	return sum / float64(len(a.RawData())), nil
}

// R2 returns the coefficient of determination R² of the outputs a against
// the targets y, averaged over the outputs: for output j
//
//	R²_j = 1 − Σ_i (y_ij − a_ij)² / Σ_i (y_ij − ȳ_j)²
//
// with ȳ_j the mean of the targets' column j. 1 is a perfect fit, 0 is no
// better than predicting ȳ_j for every sample, and below 0 is worse. As in
// scikit-learn, an output whose targets are all equal (the denominator 0)
// scores 1 if it is predicted exactly and 0 otherwise. R2 needs at least
// two samples, and returns an error for fewer, besides the errors of every
// regression metric.
func R2(a, y *Matrix) (float64, error) {
	if err := checkRegression("R2", a, y); err != nil {
		return 0, err
	}
	if a.rows < 2 {
		return 0, fmt.Errorf("mlp: R2: %d sample, want at least 2 (R² compares with the targets' mean)", a.rows)
	}
	total := 0.0
	for j := 0; j < a.cols; j++ {
		mean := 0.0
		for i := 0; i < a.rows; i++ {
			mean += y.data[i*y.cols+j]
		}
		mean /= float64(a.rows)
		res, tot := 0.0, 0.0
		for i := 0; i < a.rows; i++ {
			yi := y.data[i*y.cols+j]
			d, e := yi-a.data[i*a.cols+j], yi-mean
			res += d * d
			tot += e * e
		}
		switch {
		case res == 0:
			total++
		case tot != 0:
			total += 1 - res/tot
		}
	}
	return total / float64(a.cols), nil
}

// checkRegression returns the errors of the regression metrics.
func checkRegression(op string, a, y *Matrix) error {
	if err := checkPredictions(op, a, y); err != nil {
		return err
	}
	for _, m := range [...]struct {
		name string
		m    *Matrix
	}{{"outputs", a}, {"targets", y}} {
		if k := firstNonFinite(m.m.RawData()); k >= 0 {
			return fmt.Errorf("mlp: %s: %s(%d, %d) is %v, want finite numbers", op, m.name, k/m.m.cols, k%m.m.cols, m.m.data[k])
		}
	}
	return nil
}
