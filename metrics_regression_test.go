package mlp_test

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestRegressionMetricsHand: a = (1, 2, 3) against y = (1, 2, 5), by hand:
// the errors are 0, 0, −2, so MSE = 4/3 and MAE = 2/3; ȳ = 8/3, the sum of
// squares about it is (25 + 4 + 49)/9 = 78/9, and R² = 1 − 4/(78/9) = 7/13.
func TestRegressionMetricsHand(t *testing.T) {
	a := mlp.NewMatrix(3, 1, []float64{1, 2, 3})
	y := mlp.NewMatrix(3, 1, []float64{1, 2, 5})
	for _, m := range []struct {
		name string
		f    func(a, y *mlp.Matrix) (float64, error)
		want float64
	}{{"MSE", mlp.MSE, 4.0 / 3}, {"MAE", mlp.MAE, 2.0 / 3}, {"R2", mlp.R2, 7.0 / 13}} {
		if got, err := m.f(a, y); err != nil || math.Abs(got-m.want) > 1e-15 {
			t.Errorf("%s(a, y) = %v, %v, want %v", m.name, got, err, m.want)
		}
	}
}

// TestRegressionMetricsSklearn: MSE, MAE and R2 against scikit-learn's
// mean_squared_error, mean_absolute_error and r2_score (multioutput
// 'uniform_average') on the cases of testdata/regression_metrics.json,
// made by regression_metrics.py: one and three outputs, worse than the
// mean, perfect, and constant target columns (R² 1 when predicted exactly,
// 0 otherwise).
func TestRegressionMetricsSklearn(t *testing.T) {
	b, err := os.ReadFile("testdata/regression_metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []struct {
			Name         string
			A, Y         [][]float64
			MSE, MAE, R2 float64
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) != 6 {
		t.Fatalf("%d cases in regression_metrics.json, want 6", len(ref.Cases))
	}
	for _, c := range ref.Cases {
		a, y := matrixOf(c.A), matrixOf(c.Y)
		for _, m := range []struct {
			name string
			f    func(a, y *mlp.Matrix) (float64, error)
			want float64
		}{{"MSE", mlp.MSE, c.MSE}, {"MAE", mlp.MAE, c.MAE}, {"R2", mlp.R2, c.R2}} {
			got, err := m.f(a, y)
			if err != nil || math.Abs(got-m.want) > 1e-12*max(1, math.Abs(m.want)) {
				t.Errorf("%s: %s(a, y) = %v, %v, want %v (scikit-learn)", c.Name, m.name, got, err, m.want)
			}
		}
	}
}

// matrixOf returns the matrix of rows.
func matrixOf(rows [][]float64) *mlp.Matrix {
	var data []float64
	for _, r := range rows {
		data = append(data, r...)
	}
	return mlp.NewMatrix(len(rows), len(rows[0]), data)
}

// TestMSESquaredError: with one output, MSE is 2/n times the SquaredError
// loss of the samples, as its documentation says.
func TestMSESquaredError(t *testing.T) {
	a := mlp.NewMatrix(4, 1, []float64{0.5, -1, 2.25, 3})
	y := mlp.NewMatrix(4, 1, []float64{1, 1, 2, -0.5})
	var e mlp.Matrix
	loss := mlp.SquaredError.Errors(&e, a, y)
	got, err := mlp.MSE(a, y)
	if want := 2 * loss / 4; err != nil || math.Abs(got-want) > 1e-15 {
		t.Errorf("MSE(a, y) = %v, %v, want 2/n·E = %v", got, err, want)
	}
}

// TestRegressionMetricsErrors: each bad input gives its error; the inputs
// are not changed.
func TestRegressionMetricsErrors(t *testing.T) {
	ok := mlp.NewMatrix(2, 2, []float64{1, 2, 3, 4})
	nan := mlp.NewMatrix(2, 2, []float64{1, 2, math.NaN(), 4})
	inf := mlp.NewMatrix(2, 2, []float64{1, math.Inf(-1), 3, 4})
	for _, tt := range []struct {
		name string
		a, y *mlp.Matrix
		want string // after "mlp: <metric>: "
	}{
		{"nil outputs", nil, ok, "outputs or targets are nil"},
		{"nil targets", ok, nil, "outputs or targets are nil"},
		{"shapes", ok, mlp.NewMatrix(2, 1, nil), "outputs are 2x2, targets 2x1, want the same shape"},
		{"no rows", mlp.NewMatrix(0, 2, nil), mlp.NewMatrix(0, 2, nil), "no samples"},
		{"NaN output", nan, ok, "outputs(1, 0) is NaN, want finite numbers"},
		{"Inf target", ok, inf, "targets(0, 1) is -Inf, want finite numbers"},
	} {
		for _, m := range []struct {
			name string
			f    func(a, y *mlp.Matrix) (float64, error)
		}{{"MSE", mlp.MSE}, {"MAE", mlp.MAE}, {"R2", mlp.R2}} {
			_, err := m.f(tt.a, tt.y)
			if want := "mlp: " + m.name + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("%s: %s = %v, want %q", tt.name, m.name, err, want)
			}
		}
	}
	one := mlp.NewMatrix(1, 2, []float64{1, 2})
	if _, err := mlp.R2(one, one); err == nil || err.Error() != "mlp: R2: 1 sample, want at least 2 (R² compares with the targets' mean)" {
		t.Errorf("R2(1 sample) = %v, want the at-least-2 error", err)
	}
	if got, err := mlp.MSE(one, one); err != nil || got != 0 {
		t.Errorf("MSE(1 sample, itself) = %v, %v, want 0", got, err)
	}
	if !slices.Equal(ok.RawData(), []float64{1, 2, 3, 4}) || !math.IsNaN(nan.At(1, 0)) {
		t.Errorf("after the metrics, ok = %v and nan = %v: an argument changed", ok.RawData(), nan.RawData())
	}
}
