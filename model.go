package mlp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A Model is a network bundled with what it takes to go from raw data to
// answers and back: the names of the features it reads, the Scaler that
// standardises them, and the names of the classes it tells apart (a
// classifier) or of the targets it predicts (a regression, whose targets a
// TargetScaler may standardise too). NewModel makes one from a Dataset;
// Train, Predict, PredictClass and Score take data in its own units, so the
// caller never touches a scaler; Save and LoadModel keep the whole model in
// one file.
//
// The network is Net itself, in plain view: every glass-box tool (Trace,
// Diagnose, CheckGradients, DrawNetwork, String) works on it, with inputs
// standardised by Scaler, as Train feeds it. The fields may be read and set
// between calls, for example Scaler set to nil before training to feed the
// network raw inputs; every method checks that they fit together and
// returns an error if they do not, or if the *Model itself is nil.
//
// A Model is safe for concurrent use as its Net is: Predict, PredictMatrix,
// PredictClass, Score, Save, SaveFile and MarshalJSON only read it and may
// run beside each other, but not beside Train, UnmarshalJSON or a change to
// a field.
type Model struct {
	Net *Network // the network, which sees standardised inputs (and, for a regression with a TargetScaler, targets)

	Features []string // the name of each input, in order; nil if they have no names
	Scaler   *Scaler  // standardises the inputs before Net sees them; nil feeds them as they are

	// Classes names the classes of a classifier: one an output, or two for a
	// single output (class 1 at or above the midpoint of the output's two
	// class values, see PredictClass). Nil for a regression.
	Classes []string
	// Targets names the outputs of a regression, nil for a classifier.
	Targets []string
	// TargetScaler, for a regression, standardises the targets that Net
	// learns; Predict undoes it (Scaler.InverseTransform). Nil leaves the
	// targets as they are. A classifier has none.
	TargetScaler *Scaler
}

// NewModel returns an untrained model for the data set ds: a network with
// one input per column of ds.X, hidden layers of the sizes in hidden (none
// for a network without a hidden layer) and one output per column of ds.Y;
// a Scaler fitted on ds.X; and copies of ds.Features and of ds.Classes or
// ds.Targets. Fit it on the training part of the data only (Dataset.Split):
// the test part must not leak into the model, not even through its mean.
//
// The network is New's, with defaults for the task that opts, applied after
// them, can change:
//
//   - a classifier (ds.Classes set) has ReLU hidden layers and a Softmax
//     output with CrossEntropy or, for a single column of targets (two
//     classes, 0 and 1), a Sigmoid output with BinaryCrossEntropy;
//   - a regression (ds.Targets set and ds.Classes nil) has ReLU hidden
//     layers and an Identity output with SquaredError, and a TargetScaler
//     fitted on ds.Y.
//
// The networks are those of scikit-learn's MLPClassifier and MLPRegressor.
//
// NewModel returns an error if ds is nil, X or Y is nil, empty, not finite
// or they differ in rows, if ds has both or neither of Classes and Targets,
// if Features, Classes or Targets does not name every column or names a
// class or target twice, if a size in hidden is below 1 or an option is
// invalid, and, for a single-output classifier, if a target is not one of
// the output's two class values: 0 and 1, or −1 and 1 for a Tanh output.
// NewModel only reads ds.
func NewModel(ds *Dataset, hidden []int, opts ...Option) (*Model, error) {
	const op = "NewModel"
	if ds == nil {
		return nil, errors.New("mlp: NewModel: data set is nil")
	}
	if err := checkDataset(op, ds); err != nil {
		return nil, err
	}
	for i, h := range hidden {
		if h < 1 {
			return nil, fmt.Errorf("mlp: NewModel: hidden[%d] is %d, want at least 1", i, h)
		}
	}
	_, inputs := ds.X.Dims()
	_, outputs := ds.Y.Dims()
	m := &Model{Features: slices.Clone(ds.Features), Classes: slices.Clone(ds.Classes), Targets: slices.Clone(ds.Targets)}
	if err := m.checkNames(op, inputs, outputs); err != nil {
		return nil, err
	}
	defaults := []Option{WithActivation(ReLU), WithOutputActivation(Identity), WithLoss(SquaredError)}
	switch {
	case m.Classes != nil && outputs == 1:
		defaults = []Option{WithActivation(ReLU), WithOutputActivation(Sigmoid), WithLoss(BinaryCrossEntropy)}
	case m.Classes != nil:
		defaults = []Option{WithActivation(ReLU), WithOutputActivation(Softmax), WithLoss(CrossEntropy)}
	}
	sizes := append(append([]int{inputs}, hidden...), outputs) // not append(hidden, ...): hidden is the caller's
	net, err := New(sizes, append(defaults, opts...)...)
	if err != nil {
		return nil, errors.New("mlp: NewModel: " + strings.TrimPrefix(err.Error(), "mlp: "))
	}
	m.Net = net
	if err := m.checkLevels(op, ds.Y); err != nil {
		return nil, err
	}
	if m.Scaler, err = FitScaler(ds.X); err != nil {
		return nil, err // cannot fail: X has rows
	}
	if m.Targets != nil {
		if m.TargetScaler, err = FitScaler(ds.Y); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Train trains Net on ds as Network.Train does with cfg (see there for cfg,
// the history and the errors), on ds.X standardised by Scaler and, for a
// regression, ds.Y standardised by TargetScaler: the History's losses are
// those of the standardised targets. The scalers stay as they are, fitted
// by NewModel; Train never refits them. Train returns an error, before any
// work, if the model's parts do not fit together or ds does not fit the
// model: other columns, other names of features, classes or targets
// (compared when both the model and ds have them), a classifier's data for
// a regression or the other way round, or values that are not finite.
// Train only reads ds.
//
// cfg.Validation, if not nil, is data in the units of ds: Train scales its
// X with Scaler and, for a regression, its Y with TargetScaler, as it
// scales ds, so that the validation loss is that of the standardised
// targets, like the training loss, and early stopping compares like with
// like. The validation data must fit the model as ds must; the error then
// names Validation. Train only reads cfg.Validation. cfg.ValidationFraction
// holds out part of ds once scaled.
func (m *Model) Train(ctx context.Context, ds *Dataset, cfg TrainConfig) (History, error) {
	const op = "Model.Train"
	x, y, err := m.scaled(op, ds)
	if err != nil {
		return History{}, err
	}
	if cfg.Validation != nil {
		vx, vy, err := m.scaled(op+": Validation", cfg.Validation)
		if err != nil {
			return History{}, err
		}
		cfg.Validation = &Dataset{X: vx, Y: vy}
	}
	return m.Net.Train(ctx, x, y, cfg)
}

// scaled returns the inputs and targets of ds as Net sees them, scaled, or
// an error naming op if ds does not fit m.
func (m *Model) scaled(op string, ds *Dataset) (x, y *Matrix, err error) {
	if err := m.checkData(op, ds); err != nil {
		return nil, nil, err
	}
	x, y = ds.X, ds.Y
	if m.Scaler != nil {
		if x, err = m.Scaler.Transform(x); err != nil {
			return nil, nil, err // cannot fail after checkData
		}
	}
	if m.TargetScaler != nil {
		if y, err = m.TargetScaler.Transform(y); err != nil {
			return nil, nil, err
		}
	}
	return x, y, nil
}

// Predict returns the model's outputs for one sample, whose features row
// holds in the order of Features, in the data's own units: for a
// classifier, the probability of each class (a Softmax output), or of
// Classes[1] (a single Sigmoid output); for a regression, the predicted
// targets, with TargetScaler's standardisation undone. The caller does not
// scale row: Predict does, with Scaler. The result is new; row is only
// read.
//
// Predict returns an error if row does not hold one finite number a
// feature, or if the model's parts do not fit together. It only reads m, so
// that it may serve predictions from many goroutines at once.
func (m *Model) Predict(row []float64) ([]float64, error) {
	out, err := m.predictRow("Model.Predict", row)
	if err != nil {
		return nil, err
	}
	return out.RawData(), nil
}

// PredictMatrix is Predict for many samples: x is samples×features and the
// result samples×outputs, one row a sample. It returns Predict's errors,
// for x nil or without rows too.
func (m *Model) PredictMatrix(x *Matrix) (*Matrix, error) {
	const op = "Model.PredictMatrix"
	if err := m.check(op); err != nil {
		return nil, err
	}
	switch inputs := m.Net.Layers[0].W.rows; {
	case x == nil:
		return nil, errors.New("mlp: Model.PredictMatrix: x is nil")
	case x.cols != inputs:
		return nil, fmt.Errorf("mlp: Model.PredictMatrix: x has %d columns, want %d (one a feature)", x.cols, inputs)
	case x.rows == 0:
		return nil, fmt.Errorf("mlp: Model.PredictMatrix: x is 0x%d, want at least one sample (row)", x.cols)
	}
	if k := firstNonFinite(x.RawData()); k >= 0 {
		return nil, fmt.Errorf("mlp: Model.PredictMatrix: x(%d, %d)%s is %v, want a finite number", k/x.cols, k%x.cols, m.feature(k%x.cols), x.data[k])
	}
	return m.predict(x)
}

// PredictClass returns the name of the class of one sample, whose features
// row holds as for Predict: the class of the largest output or, for a
// single output, Classes[1] if the output is at least the midpoint of its
// two class values (0.5 for a Sigmoid output with targets 0 and 1, 0 for a
// Tanh output with targets −1 and 1) and Classes[0] otherwise. It returns
// Predict's errors, and an error for a regression model, which has no
// classes.
func (m *Model) PredictClass(row []float64) (string, error) {
	const op = "Model.PredictClass"
	if err := m.check(op); err != nil {
		return "", err
	}
	if m.Classes == nil {
		return "", errors.New("mlp: Model.PredictClass: the model is a regression (it has Targets, no Classes); use Predict")
	}
	out, err := m.predictRow(op, row)
	if err != nil {
		return "", err
	}
	return m.Classes[classOf(out.RawData(), m.threshold())], nil
}

// Score returns how well the model does on ds, as scikit-learn's score:
// for a classifier the accuracy, the fraction of samples whose predicted
// class (as PredictClass finds it) is their class in ds.Y; for a
// regression R², in the targets' own units (see R2). It returns the errors
// of Train, and R2's.
func (m *Model) Score(ds *Dataset) (float64, error) {
	const op = "Model.Score"
	if err := m.checkData(op, ds); err != nil {
		return 0, err
	}
	a, err := m.predict(ds.X)
	if err != nil {
		return 0, err
	}
	if m.Classes != nil {
		return accuracy(op, a, ds.Y, m.threshold())
	}
	r2, err := R2(a, ds.Y)
	if err != nil {
		return 0, errors.New("mlp: Model.Score: " + strings.TrimPrefix(err.Error(), "mlp: R2: "))
	}
	return r2, nil
}

// predictRow checks row and returns the 1×outputs prediction for it.
func (m *Model) predictRow(op string, row []float64) (*Matrix, error) {
	if err := m.check(op); err != nil {
		return nil, err
	}
	if inputs := m.Net.Layers[0].W.rows; len(row) != inputs {
		return nil, fmt.Errorf("mlp: %s: row has %d numbers, want %d (one a feature)", op, len(row), inputs)
	}
	if k := firstNonFinite(row); k >= 0 {
		return nil, fmt.Errorf("mlp: %s: row[%d]%s is %v, want a finite number", op, k, m.feature(k), row[k])
	}
	return m.predict(NewMatrix(1, len(row), row))
}

// predict returns the outputs of m for the raw inputs x, which fit m.
func (m *Model) predict(x *Matrix) (out *Matrix, err error) {
	if m.Scaler != nil {
		if x, err = m.Scaler.Transform(x); err != nil {
			return nil, err
		}
	}
	if out, err = m.Net.Predict(x); err != nil {
		return nil, err
	}
	if m.TargetScaler != nil {
		return m.TargetScaler.InverseTransform(out)
	}
	return out, nil
}

// feature returns " (name)" for feature j, or "" if m's features have no
// names.
func (m *Model) feature(j int) string {
	if j < len(m.Features) {
		return " (" + quote(m.Features[j]) + ")"
	}
	return ""
}

// threshold returns the midpoint of the two class values of Net's output,
// where a single-output classifier divides its classes.
func (m *Model) threshold() float64 {
	lo, hi := classValues(m.Net.Layers[len(m.Net.Layers)-1].Activation)
	return (lo + hi) / 2
}

// classValues returns the targets of class 0 and class 1 of a single output
// of activation act: the ends of its range, −1 and 1 for Tanh, and 0 and 1
// for Sigmoid and any other (the usual 0/1 targets).
func classValues(act Activation) (lo, hi float64) {
	if f, ok := act.(ActivationFunc); ok && f == Tanh {
		return -1, 1
	}
	return 0, 1
}

// check returns an error naming op if m's parts do not fit together.
func (m *Model) check(op string) error {
	if m == nil {
		return fmt.Errorf("mlp: %s: the model is nil", op)
	}
	if m.Net == nil {
		return fmt.Errorf("mlp: %s: the model has no network (Net is nil)", op)
	}
	if err := m.Net.check(op); err != nil {
		return err
	}
	inputs, outputs := m.Net.Layers[0].W.rows, m.Net.Layers[len(m.Net.Layers)-1].W.cols
	if err := m.checkNames(op, inputs, outputs); err != nil {
		return err
	}
	if err := checkScaler(m.Scaler, inputs, "inputs"); err != nil {
		return fmt.Errorf("mlp: %s: Scaler %w", op, err)
	}
	if m.TargetScaler != nil && m.Classes != nil {
		return fmt.Errorf("mlp: %s: a classifier has a TargetScaler, want nil (only a regression's targets are scaled)", op)
	}
	if err := checkScaler(m.TargetScaler, outputs, "outputs"); err != nil {
		return fmt.Errorf("mlp: %s: TargetScaler %w", op, err)
	}
	return nil
}

// checkNames returns an error naming op if Features, Classes and Targets
// do not fit a network of the given inputs and outputs.
func (m *Model) checkNames(op string, inputs, outputs int) error {
	switch {
	case m.Features != nil && len(m.Features) != inputs:
		return fmt.Errorf("mlp: %s: %s, want %d, one an input", op, plural(len(m.Features), "feature name"), inputs)
	case m.Classes != nil && m.Targets != nil:
		return fmt.Errorf("mlp: %s: both Classes and Targets are set, want Classes for a classifier or Targets for a regression", op)
	case m.Classes == nil && m.Targets == nil:
		return fmt.Errorf("mlp: %s: neither Classes nor Targets is set, want Classes for a classifier or Targets for a regression", op)
	case m.Targets != nil && len(m.Targets) != outputs:
		return fmt.Errorf("mlp: %s: %s, want %d, one an output", op, plural(len(m.Targets), "target name"), outputs)
	case outputs == 1 && m.Classes != nil && len(m.Classes) != 2:
		return fmt.Errorf("mlp: %s: %s for a single output, want 2 (class 0 below the output's midpoint, class 1 from it)", op, plural(len(m.Classes), "class name"))
	case outputs > 1 && m.Classes != nil && len(m.Classes) != outputs:
		return fmt.Errorf("mlp: %s: %s, want %d, one an output", op, plural(len(m.Classes), "class name"), outputs)
	}
	return nil
}

// checkScaler returns an error if s is not nil and does not standardise n
// columns (of the network's what) with finite means and deviations above 0.
func checkScaler(s *Scaler, n int, what string) error {
	if s == nil {
		return nil
	}
	if len(s.Mean) != n || len(s.Std) != n {
		return fmt.Errorf("has %d means and %d deviations, want %d, one for each of the network's %s", len(s.Mean), len(s.Std), n, what)
	}
	for j := range n {
		if !isFinite(s.Mean[j]) || !isFinite(s.Std[j]) || s.Std[j] <= 0 {
			return fmt.Errorf("column %d has Mean %v and Std %v, want a finite mean and a finite deviation above 0", j, s.Mean[j], s.Std[j])
		}
	}
	return nil
}

// checkData returns an error naming op if m's parts do not fit together or
// ds does not fit m.
func (m *Model) checkData(op string, ds *Dataset) error {
	if err := m.check(op); err != nil {
		return err
	}
	if ds == nil {
		return fmt.Errorf("mlp: %s: data set is nil", op)
	}
	if err := checkDataset(op, ds); err != nil {
		return err
	}
	inputs, outputs := m.Net.Layers[0].W.rows, m.Net.Layers[len(m.Net.Layers)-1].W.cols
	switch {
	case ds.X.cols != inputs:
		return fmt.Errorf("mlp: %s: X has %d columns, want %d, one a feature of the model", op, ds.X.cols, inputs)
	case ds.Y.cols != outputs:
		return fmt.Errorf("mlp: %s: Y has %d columns, want %d, one an output of the model", op, ds.Y.cols, outputs)
	case m.Classes != nil && ds.Classes == nil:
		return fmt.Errorf("mlp: %s: the data set is for a regression (it has Targets, no Classes), the model is a classifier", op)
	case m.Targets != nil && ds.Classes != nil:
		return fmt.Errorf("mlp: %s: the data set is for a classifier (it has Classes), the model is a regression", op)
	}
	for _, names := range [...]struct {
		what      string
		ds, model []string
	}{{"Features", ds.Features, m.Features}, {"Classes", ds.Classes, m.Classes}, {"Targets", ds.Targets, m.Targets}} {
		if names.ds == nil || names.model == nil {
			continue
		}
		if len(names.ds) != len(names.model) {
			return fmt.Errorf("mlp: %s: the data set has %d %s, the model %d", op, len(names.ds), names.what, len(names.model))
		}
		for j, name := range names.ds {
			if name != names.model[j] {
				return fmt.Errorf("mlp: %s: the data set's %s[%d] is %s, the model's is %s: read the data with the model's names, in its order",
					op, names.what, j, quote(name), quote(names.model[j]))
			}
		}
	}
	return m.checkLevels(op, ds.Y)
}

// checkLevels returns an error naming op if m is a single-output classifier
// and a target in y is not one of its output's two class values.
func (m *Model) checkLevels(op string, y *Matrix) error {
	if m.Classes == nil || y.cols != 1 {
		return nil
	}
	act := m.Net.Layers[len(m.Net.Layers)-1].Activation
	lo, hi := classValues(act)
	for i, v := range y.RawData() {
		if v != lo && v != hi {
			return fmt.Errorf("mlp: %s: Y(%d, 0) is %v, want %v or %v, the class values of a single %v output", op, i, v, lo, hi, nameOf(act))
		}
	}
	return nil
}

// checkDataset returns an error naming op if ds's X and Y are missing,
// empty, not finite or of different rows, or ds names a class or target
// twice.
func checkDataset(op string, ds *Dataset) error {
	switch {
	case ds.X == nil || ds.Y == nil:
		return fmt.Errorf("mlp: %s: the data set has no X or no Y", op)
	case ds.X.rows != ds.Y.rows:
		return fmt.Errorf("mlp: %s: X has %d rows and Y %d, want the same", op, ds.X.rows, ds.Y.rows)
	case ds.X.rows == 0:
		return fmt.Errorf("mlp: %s: the data set has no samples, want at least one", op)
	}
	for _, m := range [...]struct {
		name string
		m    *Matrix
	}{{"X", ds.X}, {"Y", ds.Y}} {
		if k := firstNonFinite(m.m.RawData()); k >= 0 {
			return fmt.Errorf("mlp: %s: %s(%d, %d) is %v, want finite data", op, m.name, k/m.m.cols, k%m.m.cols, m.m.data[k])
		}
	}
	for _, names := range [...]struct {
		what string
		s    []string
	}{{"Classes", ds.Classes}, {"Targets", ds.Targets}} {
		if i, j := firstRepeat(names.s); j >= 0 {
			return fmt.Errorf("mlp: %s: %s[%d] and %s[%d] are both %s, want distinct names", op, names.what, i, names.what, j, quote(names.s[i]))
		}
	}
	return nil
}

// firstRepeat returns i < j with s[i] == s[j], j the smallest such, or
// −1, −1 if the elements of s are distinct. It sorts the indices of s by
// their strings, so that it allocates 8 bytes an element whatever the
// strings (LoadModel's allocation bound counts on it).
func firstRepeat(s []string) (i, j int) {
	idx := make([]int, len(s))
	for k := range idx {
		idx[k] = k
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := strings.Compare(s[a], s[b]); c != 0 {
			return c
		}
		return a - b
	})
	// Equal strings are adjacent, in the order of their indices: the
	// second of each run is its earliest repeat.
	i, j = -1, -1
	for k := 1; k < len(idx); k++ {
		a, b := idx[k-1], idx[k]
		if s[a] == s[b] && (k < 2 || s[idx[k-2]] != s[a]) && (j < 0 || b < j) {
			i, j = a, b
		}
	}
	return i, j
}
