package mlp_test

// Tests of the promises of the package documentation (doc.go) that no
// single function's tests hold: its section Invariants, and what its
// sections Errors, Memory, Training, Files and Concurrency promise beyond
// the hostile suite (hostile_*_test.go). docPromises, at the end, maps
// every promise of those sections to the tests that check it.

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestArgumentsNotModified: no function or method changes a matrix, slice
// or option passed to it, except the result it is told to write (the
// receiver of a Matrix method, the first argument of Apply, Backprop,
// Errors and Grad). Each argument is compared, by every element's exact
// value, before and after the call.
func TestArgumentsNotModified(t *testing.T) {
	x, y := xorData()
	net := mustNew(t, []int{3, 5, 1}, mlp.WithSeed(3))
	plane := &mlp.BoundaryOptions{Constants: []float64{1}}
	diagram := &mlp.DiagramOptions{Sample: []float64{1, 0, 1}, InputNames: []string{"x0", "x1", "1"}}
	sizes := []int{3, 5, 1}
	series := []float64{3, 1, 0.5, 0.25}

	// Outputs of two classes, and one-hot targets, for the metrics.
	a2 := mlp.NewMatrix(4, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7})
	y2 := mlp.NewMatrix(4, 2, []float64{1, 0, 0, 1, 0, 1, 0, 1})
	classes := []string{"no", "yes"}
	data := &mlp.Dataset{
		X:        mlp.NewMatrix(8, 1, []float64{1, 2, 3, 4, 5, 6, 7, 8}),
		Y:        mlp.NewMatrix(8, 2, []float64{1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1}),
		Features: []string{"f"},
		Classes:  classes,
	}
	scaler, err := mlp.FitScaler(x)
	if err != nil {
		t.Fatal(err)
	}
	z := mlp.NewMatrix(2, 3, []float64{-2, 0.5, 3, 1000, -1000, 0})
	act := mlp.NewMatrix(2, 3, []float64{0.1, 0.6, 0.3, 0.2, 0.2, 0.6})
	target := mlp.NewMatrix(2, 3, []float64{0, 1, 0, 0, 0, 1})
	square := mlp.NewActivation("square", func(z float64) float64 { return z * z }, func(z, _ float64) float64 { return 2 * z })
	sq := mlp.NewMatrix(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9})

	noErr := func(f func()) func() error { return func() error { f(); return nil } }
	cases := []struct {
		name string
		args []any
		call func() error
	}{
		{"New", []any{sizes}, func() error { _, err := mlp.New(sizes); return err }},
		{"Forward", []any{x}, func() error { _, err := net.Forward(x); return err }},
		{"Backward", []any{x, y}, func() error { _, err := backward(net, x, y); return err }},
		{"Predict", []any{x}, func() error { _, err := net.Predict(x); return err }},
		{"Train, one batch", []any{x, y}, func() error {
			_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 2, LearningRate: 0.5})
			return err
		}},
		{"Train, mini-batches", []any{x, y}, func() error {
			_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 2, LearningRate: 0.5, BatchSize: 3})
			return err
		}},
		{"Trace", []any{x, y}, func() error { _, err := net.Trace(x, y, 0.5); return err }},
		{"CheckGradients", []any{x, y}, func() error { _, err := net.CheckGradients(x, y); return err }},
		{"BoundaryImage", []any{x, y, plane}, func() error { _, err := mlp.BoundaryImage(net, x, y, plane); return err }},
		{"PlotBoundary", []any{x, y, plane}, func() error { return mlp.PlotBoundary(io.Discard, net, x, y, plane) }},
		{"HeatMap", []any{x, y, plane}, func() error { _, err := mlp.HeatMap(net, x, y, 20, 8, plane); return err }},
		{"DrawNetwork", []any{diagram}, func() error { return mlp.DrawNetwork(io.Discard, net, diagram) }},
		{"PlotLoss", []any{series}, func() error {
			return mlp.PlotLoss(io.Discard, &mlp.LossPlotOptions{Scale: mlp.LogAxis}, mlp.Series{Values: series})
		}},
		{"Sparkline", []any{series}, func() error { _, err := mlp.Sparkline(series, 3, mlp.LogAxis); return err }},
		{"Accuracy", []any{a2, y2}, func() error { _, err := mlp.Accuracy(a2, y2); return err }},
		{"NewConfusion", []any{a2, y2, classes}, func() error { _, err := mlp.NewConfusion(a2, y2, classes); return err }},
		{"Classify", []any{a2}, noErr(func() { mlp.Classify(a2) })},
		{"FitScaler", []any{x}, func() error { _, err := mlp.FitScaler(x); return err }},
		{"Transform", []any{x}, func() error { _, err := scaler.Transform(x); return err }},
		{"Split", []any{data.X, data.Y, data.Features, data.Classes}, func() error { _, _, err := data.Split(0.25, 1); return err }},
		{"ReadCSV", []any{classes}, func() error {
			_, err := mlp.ReadCSV(strings.NewReader("f,class\n1,yes\n2,no\n"), classes)
			return err
		}},
		{"Sigmoid.Apply", []any{z}, noErr(func() { mlp.Sigmoid.Apply(new(mlp.Matrix), z) })},
		{"Softmax.Apply", []any{z}, noErr(func() { mlp.Softmax.Apply(new(mlp.Matrix), z) })},
		{"NewActivation Apply", []any{z}, noErr(func() { square.Apply(new(mlp.Matrix), z) })},
		{"Tanh.Backprop", []any{z, act, target}, noErr(func() { mlp.Tanh.Backprop(new(mlp.Matrix), z, act, target) })},
		{"Softmax.Backprop", []any{z, act, target}, noErr(func() { mlp.Softmax.Backprop(new(mlp.Matrix), z, act, target) })},
		{"SquaredError.Errors", []any{act, target}, noErr(func() { mlp.SquaredError.Errors(new(mlp.Matrix), act, target) })},
		{"CrossEntropy.Grad", []any{act, target}, noErr(func() { mlp.CrossEntropy.Grad(new(mlp.Matrix), act, target) })},
		{"BinaryCrossEntropy.Grad", []any{act, target}, noErr(func() { mlp.BinaryCrossEntropy.Grad(new(mlp.Matrix), act, target) })},
		{"Mul", []any{z, sq}, noErr(func() { new(mlp.Matrix).Mul(z, sq) })},
		{"MulTransA", []any{z, act}, noErr(func() { new(mlp.Matrix).MulTransA(z, act) })},
		{"MulTransB", []any{z, act}, noErr(func() { new(mlp.Matrix).MulTransB(z, act) })},
		{"Copy", []any{z}, noErr(func() { new(mlp.Matrix).Copy(z) })},
	}
	for _, c := range cases {
		before := make([]string, len(c.args))
		for i, a := range c.args {
			before[i] = fmt.Sprintf("%#v", a)
		}
		if err := c.call(); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i, a := range c.args {
			if got := fmt.Sprintf("%#v", a); got != before[i] {
				t.Errorf("%s changed its argument %d: %s, want %s", c.name, i, got, before[i])
			}
		}
	}
}

// TestReadersLeaveNetwork: everything but Forward, Backward and Step (and
// what runs them) leaves a network as it was: every weight and Layer field,
// bit for bit, and the same matrices in the fields.
func TestReadersLeaveNetwork(t *testing.T) {
	x, y := xorData()
	net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(5))
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
	plane := &mlp.BoundaryOptions{Constants: []float64{1}}
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		call func() error
	}{
		{"Predict", func() error { _, err := net.Predict(x); return err }},
		{"Save", func() error { return net.Save(io.Discard) }},
		{"SaveFile", func() error { return net.SaveFile(filepath.Join(dir, "net.json")) }},
		{"MarshalJSON", func() error { _, err := net.MarshalJSON(); return err }},
		{"Sizes", func() error { net.Sizes(); return nil }},
		{"CheckGradients", func() error { _, err := net.CheckGradients(x, y); return err }},
		{"Diagnose", func() error { _, err := net.Diagnose(); return err }},
		{"DrawNetwork", func() error {
			return mlp.DrawNetwork(io.Discard, net, &mlp.DiagramOptions{Sample: []float64{1, 0, 1}})
		}},
		{"BoundaryImage", func() error { _, err := mlp.BoundaryImage(net, x, y, plane); return err }},
		{"PlotBoundary", func() error { return mlp.PlotBoundary(io.Discard, net, x, y, plane) }},
		{"HeatMap", func() error { _, err := mlp.HeatMap(net, x, y, 20, 8, plane); return err }},
	} {
		values, fields := layerSnapshot(net), layerFields(net)
		if err := c.call(); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		sameBits(t, "after "+c.name, layerSnapshot(net), values)
		if got := layerFields(net); got != fields {
			t.Errorf("after %s, the Layer fields hold other matrices:\n%s\nwant\n%s", c.name, got, fields)
		}
	}
}

// layerFields lists the matrices in the fields of each layer of net, by
// address.
func layerFields(net *mlp.Network) string {
	var b strings.Builder
	for i, l := range net.Layers {
		fmt.Fprintf(&b, "layer %d: W %p B %p Z %p A %p DA %p DZ %p DW %p DB %p\n", i, l.W, l.B, l.Z, l.A, l.DA, l.DZ, l.DW, l.DB)
	}
	return b.String()
}

// TestLayerFieldsReused: the first Forward and Backward allocate Z, A, DA,
// DZ, DW and DB, and every later pass, whatever its batch size, writes into
// the same matrices.
func TestLayerFieldsReused(t *testing.T) {
	net := mustNew(t, []int{3, 4, 2}, mlp.WithSeed(6))
	pass := func(batch int) string {
		t.Helper()
		x, y := mlp.NewMatrix(batch, 3, nil), mlp.NewMatrix(batch, 2, nil)
		for i := range x.RawData() {
			x.RawData()[i] = float64(i%5) - 2
		}
		if _, err := backward(net, x, y); err != nil {
			t.Fatal(err)
		}
		net.Step(0.1)
		return layerFields(net)
	}
	first := pass(4)
	for _, batch := range []int{4, 1, 7, 4} {
		if got := pass(batch); got != first {
			t.Errorf("after a pass on a batch of %d, the Layer fields hold\n%s\nwant the matrices of the first pass\n%s", batch, got, first)
		}
	}
}

// TestForwardKeepsX: Forward keeps x itself, not a copy, and Backward reads
// it: the gradient of the first layer's weights is computed from x as it is
// when Backward runs (which is why x must not change between the two).
// Train on one full batch runs Forward on x itself and leaves the network
// holding it in the same way.
func TestForwardKeepsX(t *testing.T) {
	for _, c := range []struct {
		name    string
		forward func(net *mlp.Network, x, y *mlp.Matrix) error
	}{
		{"Forward", func(net *mlp.Network, x, _ *mlp.Matrix) error { _, err := net.Forward(x); return err }},
		{"Train", func(net *mlp.Network, x, y *mlp.Matrix) error {
			_, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1, LearningRate: 0.1})
			return err
		}},
	} {
		net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(7))
		x, y := xorData()
		if err := c.forward(net, x, y); err != nil {
			t.Fatal(err)
		}
		for i := range x.RawData() {
			x.RawData()[i] *= 2
		}
		if _, err := net.Backward(y); err != nil {
			t.Fatal(err)
		}
		first := net.Layers[0]
		want := new(mlp.Matrix).MulTransA(x, first.DZ) // DW = Xᵀ·DZ with the changed x
		if !equalBits(first.DW, want) {
			t.Errorf("%s, then x changed, then Backward: layer 0 DW = %v, want Xᵀ·DZ of the changed x %v", c.name, first.DW, want)
		}
	}
}

// TestResultsBelongToCaller: the matrices that Predict, Transform and Clone
// return, and the Value of each TraceStep, share nothing with the network
// or the arguments: overwriting them all leaves both as they were, bit for
// bit.
func TestResultsBelongToCaller(t *testing.T) {
	x, y := xorData()
	net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(8))
	if _, err := backward(net, x, y); err != nil {
		t.Fatal(err)
	}
	scaler, err := mlp.FitScaler(x)
	if err != nil {
		t.Fatal(err)
	}
	xy := fmt.Sprintf("%#v %#v", x, y)

	var results []*mlp.Matrix
	p, err := net.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scaler.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	results = append(results, p, s, x.Clone(), net.Layers[0].W.Clone())
	tr, err := net.Trace(x, y, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range tr.Steps {
		results = append(results, st.Value)
	}
	values := layerSnapshot(net) // after the step that Trace took
	for _, m := range results {
		for i := range m.RawData() {
			m.RawData()[i] = math.NaN()
		}
	}
	sameBits(t, "after writing into the results", layerSnapshot(net), values)
	if got := fmt.Sprintf("%#v %#v", x, y); got != xy {
		t.Errorf("after writing into the results, x and y = %s, want %s", got, xy)
	}
}

// TestConcurrency: what only reads a network (Predict, Save, SaveFile,
// MarshalJSON, Sizes) and what only reads a matrix (At, Dims, Row, RawData,
// Clone) may run at once; distinct networks may train at once, sharing the
// products' worker pool, and get the same bits as trained one after the
// other. Run with -race (.ci/run does).
func TestConcurrency(t *testing.T) {
	x, _ := xorData()
	net := mustNew(t, []int{3, 5, 1}, mlp.WithSeed(9))
	want, err := net.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				a, err := net.Predict(x)
				if err == nil && !equalBits(a, want) {
					err = fmt.Errorf("Predict(x) = %v, want %v", a, want)
				}
				if err == nil {
					err = net.Save(io.Discard)
				}
				if err == nil {
					err = net.SaveFile(filepath.Join(dir, fmt.Sprintf("net%d.json", g)))
				}
				if err == nil {
					_, err = net.MarshalJSON()
				}
				if err == nil && len(net.Sizes()) != 3 {
					err = fmt.Errorf("Sizes() = %v, want 3 sizes", net.Sizes())
				}
				if err == nil {
					x.At(1, 2)
					x.Dims()
					_ = x.Row(3)[0] + x.RawData()[0] + x.Clone().At(0, 0)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()

	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Distinct networks, with products large enough to be shared between
	// goroutines, trained at once and one after the other.
	train := func(seed uint64) (string, error) {
		n, err := mlp.New([]int{300, 200, 2}, mlp.WithSeed(seed))
		if err != nil {
			return "", err
		}
		bx, by := randMatrix(rand.New(rand.NewPCG(seed, 1)), 64, 300), randMatrix(rand.New(rand.NewPCG(seed, 2)), 64, 2)
		for i := 0; i < 3; i++ {
			if _, err := backward(n, bx, by); err != nil {
				return "", err
			}
			n.Step(0.01)
		}
		return fmt.Sprintf("%#v %#v", n.Layers[0].W, n.Layers[1].W), nil
	}
	seeds := []uint64{1, 2, 3}
	together := make([]string, len(seeds))
	for i, s := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if together[i], err = train(s); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i, s := range seeds {
		alone, err := train(s)
		if err != nil {
			t.Fatal(err)
		}
		if together[i] != alone {
			t.Errorf("network %d trained beside others has other weights than trained alone", i)
		}
	}
}

// TestDocNilArguments: a nil network, batch or reader is an error whose
// message starts with "mlp:" and the call's name, never a panic.
func TestDocNilArguments(t *testing.T) {
	var none *mlp.Network
	net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(10))
	x, y := xorData()
	var scaler *mlp.Scaler
	good, err := mlp.FitScaler(x)
	if err != nil {
		t.Fatal(err)
	}
	var data *mlp.Dataset
	plane := &mlp.BoundaryOptions{Constants: []float64{1}}
	dir := t.TempDir()
	train := mlp.TrainConfig{Epochs: 1, LearningRate: 0.1}
	for _, c := range []struct {
		name string
		call func() error
		want string
	}{
		// A nil network.
		{"Forward", func() error { _, err := none.Forward(x); return err }, "mlp: Forward: network is nil"},
		{"Backward", func() error { _, err := none.Backward(y); return err }, "mlp: Backward: network is nil"},
		{"Predict", func() error { _, err := none.Predict(x); return err }, "mlp: Predict: network is nil"},
		{"Train", func() error { _, err := none.Train(context.Background(), x, y, train); return err }, "mlp: Train: network is nil"},
		{"Trace", func() error { _, err := none.Trace(x, y, 0.1); return err }, "mlp: Trace: network is nil"},
		{"Save", func() error { return none.Save(io.Discard) }, "mlp: Save: network is nil"},
		{"SaveFile", func() error { return none.SaveFile(filepath.Join(dir, "net.json")) }, "mlp: SaveFile: network is nil"},
		{"MarshalJSON", func() error { _, err := none.MarshalJSON(); return err }, "mlp: MarshalJSON: network is nil"},
		{"Validate", func() error { return none.Validate() }, "mlp: Validate: network is nil"},
		{"CheckGradients", func() error { _, err := none.CheckGradients(x, y); return err }, "mlp: CheckGradients: network is nil"},
		{"Diagnose", func() error { _, err := none.Diagnose(); return err }, "mlp: Diagnose: network is nil"},
		{"BoundaryImage", func() error { _, err := mlp.BoundaryImage(none, x, y, plane); return err }, "mlp: BoundaryImage: network is nil"},
		{"PlotBoundary", func() error { return mlp.PlotBoundary(io.Discard, none, x, y, plane) }, "mlp: PlotBoundary: network is nil"},
		{"HeatMap", func() error { _, err := mlp.HeatMap(none, x, y, 10, 5, plane); return err }, "mlp: HeatMap: network is nil"},
		{"DrawNetwork", func() error { return mlp.DrawNetwork(io.Discard, none, nil) }, "mlp: DrawNetwork: network is nil"},
		// A nil batch.
		{"Forward(nil)", func() error { _, err := net.Forward(nil); return err }, "mlp: Forward: input is nil"},
		{"Predict(nil)", func() error { _, err := net.Predict(nil); return err }, "mlp: Predict: input is nil"},
		{"Backward(nil)", func() error {
			if _, err := net.Forward(x); err != nil {
				return err
			}
			_, err := net.Backward(nil)
			return err
		}, "mlp: Backward: target is nil"},
		{"Train(nil, y)", func() error { _, err := net.Train(context.Background(), nil, y, train); return err }, "mlp: Train: x is nil"},
		{"Train(x, nil)", func() error { _, err := net.Train(context.Background(), x, nil, train); return err }, "mlp: Train: y is nil"},
		{"Trace(nil, y)", func() error { _, err := net.Trace(nil, y, 0.1); return err }, "mlp: Trace: input is nil"},
		{"Trace(x, nil)", func() error { _, err := net.Trace(x, nil, 0.1); return err }, "mlp: Trace: target is nil"},
		{"Accuracy", func() error { _, err := mlp.Accuracy(nil, y); return err }, "mlp: Accuracy: outputs or targets are nil"},
		{"NewConfusion", func() error { _, err := mlp.NewConfusion(y, nil, nil); return err }, "mlp: NewConfusion: outputs or targets are nil"},
		{"Transform(nil)", func() error { _, err := good.Transform(nil); return err }, "mlp: Scaler.Transform: x is nil"},
		{"nil Scaler", func() error { _, err := scaler.Transform(x); return err }, "mlp: Scaler.Transform: the scaler is nil"},
		{"nil Dataset", func() error { _, _, err := data.Split(0.5, 1); return err }, "mlp: Split: the data set is nil"},
		// A nil reader.
		{"Load", func() error { _, err := mlp.Load(nil); return err }, "mlp: Load: reader is nil"},
		{"ReadCSV", func() error { _, err := mlp.ReadCSV(nil, nil); return err }, "mlp: ReadCSV: reader is nil"},
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			err = c.call()
		}()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s = %v, want the error %q", c.name, err, c.want)
		}
	}
}

// TestDocProgrammerPanics: NewActivation and NewLoss without a name or a
// function panic, naming themselves, and so do the methods of an
// Activation or a Loss given matrices of mismatched shapes. (The other
// programming errors that the package documentation lists are tested
// where they are defined: see docPromises.)
func TestDocProgrammerPanics(t *testing.T) {
	f := func(z float64) float64 { return z }
	df := func(z, a float64) float64 { return 1 }
	lf := func(a, y float64) float64 { return a - y }
	m23, m32 := mlp.NewMatrix(2, 3, nil), mlp.NewMatrix(3, 2, nil)
	custom, customLoss := mlp.NewActivation("id", f, df), mlp.NewLoss("l", lf, lf)
	for _, c := range []struct {
		name, want string
		call       func()
	}{
		{`NewActivation("", f, df)`, "mlp: NewActivation needs a name, f and df", func() { mlp.NewActivation("", f, df) }},
		{`NewActivation("id", nil, df)`, "mlp: NewActivation needs a name, f and df", func() { mlp.NewActivation("id", nil, df) }},
		{`NewActivation("id", f, nil)`, "mlp: NewActivation needs a name, f and df", func() { mlp.NewActivation("id", f, nil) }},
		{`NewLoss("", lf, lf)`, "mlp: NewLoss needs a name, f and df", func() { mlp.NewLoss("", lf, lf) }},
		{`NewLoss("l", nil, lf)`, "mlp: NewLoss needs a name, f and df", func() { mlp.NewLoss("l", nil, lf) }},
		{`NewLoss("l", lf, nil)`, "mlp: NewLoss needs a name, f and df", func() { mlp.NewLoss("l", lf, nil) }},
		{"Tanh.Backprop(2x3 z, 3x2 a, 2x3 da)", "mlp: Backprop: shapes differ: 2x3 and 3x2",
			func() { mlp.Tanh.Backprop(new(mlp.Matrix), m23, m32, m23) }},
		{"Softmax.Backprop(3x2 z, 2x3 a, 2x3 da)", "mlp: Backprop: shapes differ: 2x3 and 3x2",
			func() { mlp.Softmax.Backprop(new(mlp.Matrix), m32, m23, m23) }},
		{"custom Backprop(2x3 z, 2x3 a, 3x2 da)", "mlp: Backprop: shapes differ: 3x2 and 2x3",
			func() { custom.Backprop(new(mlp.Matrix), m23, m23, m32) }},
		{"SquaredError.Errors(2x3 a, 3x2 y)", "mlp: Errors: shapes differ: 2x3 and 3x2",
			func() { mlp.SquaredError.Errors(new(mlp.Matrix), m23, m32) }},
		{"CrossEntropy.Grad(2x3 a, 3x2 y)", "mlp: Grad: shapes differ: 2x3 and 3x2",
			func() { mlp.CrossEntropy.Grad(new(mlp.Matrix), m23, m32) }},
		{"custom Grad(3x2 a, 2x3 y)", "mlp: Grad: shapes differ: 3x2 and 2x3",
			func() { customLoss.Grad(new(mlp.Matrix), m32, m23) }},
	} {
		mustPanic(t, c.name, c.want, c.call)
	}
}

// TestDocNotChecked: Forward, Backward and Trace do not check the numbers
// they compute with: NaN and ±Inf in x, y and the weights pass through as
// floating point makes them, without an error. A NaN in row 1 of x makes
// row 1 of the output NaN and leaves the other rows finite.
func TestDocNotChecked(t *testing.T) {
	x, y := xorData()
	x.Set(1, 2, math.NaN())
	y.Set(3, 0, math.Inf(1))
	net := mustNew(t, []int{3, 4, 1}, mlp.WithSeed(12))
	out, err := net.Forward(x)
	if err != nil {
		t.Fatalf("Forward(x with a NaN) = %v, want no error", err)
	}
	for i := range 4 {
		if v := out.At(i, 0); math.IsNaN(v) != (i == 1) {
			t.Errorf("Forward(x with a NaN in row 1): output row %d is %v, want NaN only in row 1", i, v)
		}
	}
	if e, err := net.Backward(y); err != nil || !math.IsNaN(e) {
		t.Errorf("Backward(y with +Inf) after a NaN input = %v, %v, want NaN and no error", e, err)
	}
	// NaN weights, a finite x.
	x, y = xorData()
	net.Layers[0].W.Set(0, 0, math.NaN())
	if tr, err := net.Trace(x, y, 0.5); err != nil || !math.IsNaN(tr.E) {
		t.Errorf("Trace with a NaN weight = %v, want E NaN and no error", err)
	}
	// Train refuses them, as the documentation says.
	if _, err := net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 1, LearningRate: 0.1}); err == nil {
		t.Errorf("Train with a NaN weight = nil, want an error")
	}
}

// TestDocBatchLimitByHand: the batch limit MaxBatchValues holds for a
// network built by hand, not by New, as for one from New.
func TestDocBatchLimitByHand(t *testing.T) {
	net := &mlp.Network{Loss: mlp.SquaredError, Layers: []*mlp.Layer{
		{W: mlp.NewMatrix(1, 4096, nil), Activation: mlp.ReLU},
		{W: mlp.NewMatrix(4096, 1, nil), Activation: mlp.Identity},
	}}
	// 2¹⁵ rows × 4097 units is 2²⁷+2¹⁵ values, 2¹⁵ more than the limit.
	x := mlp.NewMatrix(1<<15, 1, nil)
	const want = "mlp: %s: 32768 rows × 4097 units is more than MaxBatchValues (134217728) values; pass fewer rows at a time"
	if _, err := net.Forward(x); err == nil || err.Error() != fmt.Sprintf(want, "Forward") {
		t.Errorf("Forward(32768 rows) on a network built by hand = %v, want %q", err, fmt.Sprintf(want, "Forward"))
	}
	if _, err := net.Predict(x); err == nil || err.Error() != fmt.Sprintf(want, "Predict") {
		t.Errorf("Predict(32768 rows) on a network built by hand = %v, want %q", err, fmt.Sprintf(want, "Predict"))
	}
	for i, l := range net.Layers {
		if l.Z != nil || l.A != nil {
			t.Errorf("the refused Forward set layer %d's Z or A", i)
		}
	}
	// A batch within the limit passes. (TestHostileForwardBatch checks
	// the limit itself, 32760 × 4097 rows and units, without computing it.)
	if _, err := net.Forward(mlp.NewMatrix(3, 1, []float64{1, 2, 3})); err != nil {
		t.Errorf("Forward(3 rows) on a network built by hand = %v, want nil", err)
	}
}

// TestDocPictureLimits: each picture refuses a size beyond the limit its
// doc comment gives, and takes the limit itself.
func TestDocPictureLimits(t *testing.T) {
	net := mustNew(t, []int{2, 3, 1}, mlp.WithSeed(13))
	plane := func(w, h int) *mlp.BoundaryOptions {
		return &mlp.BoundaryOptions{XMin: -1, XMax: 1, YMin: -1, YMax: 1, Width: w, Height: h}
	}
	series := mlp.Series{Values: []float64{3, 2, 1}}
	for _, c := range []struct {
		name string
		call func() error
		want string // "" for none
	}{
		{"BoundaryImage 4097x1", func() error { _, err := mlp.BoundaryImage(net, nil, nil, plane(4097, 1)); return err },
			"mlp: BoundaryImage: size is 4097x1 pixels, want 1 to 4096 each (or 0 for 400)"},
		{"BoundaryImage 1x4097", func() error { _, err := mlp.BoundaryImage(net, nil, nil, plane(1, 4097)); return err },
			"mlp: BoundaryImage: size is 1x4097 pixels, want 1 to 4096 each (or 0 for 400)"},
		{"BoundaryImage 4096x1", func() error { _, err := mlp.BoundaryImage(net, nil, nil, plane(4096, 1)); return err }, ""},
		{"PlotBoundary 4097x4097", func() error { return mlp.PlotBoundary(io.Discard, net, nil, nil, plane(4097, 4097)) },
			"mlp: PlotBoundary: size is 4097x4097 pixels, want 1 to 4096 each (or 0 for 400)"},
		{"HeatMap 1001x1", func() error { _, err := mlp.HeatMap(net, nil, nil, 1001, 1, plane(0, 0)); return err },
			"mlp: HeatMap: size is 1001x1 characters, want 1 to 1000 each"},
		{"HeatMap 1x1001", func() error { _, err := mlp.HeatMap(net, nil, nil, 1, 1001, plane(0, 0)); return err },
			"mlp: HeatMap: size is 1x1001 characters, want 1 to 1000 each"},
		{"HeatMap 1000x1", func() error { _, err := mlp.HeatMap(net, nil, nil, 1000, 1, plane(0, 0)); return err }, ""},
		{"PlotLoss Width 10001", func() error { return mlp.PlotLoss(io.Discard, &mlp.LossPlotOptions{Width: 10001}, series) },
			"mlp: PlotLoss: Width is 10001, want 200 to 10000 (or 0 for 640)"},
		{"PlotLoss Height 10001", func() error { return mlp.PlotLoss(io.Discard, &mlp.LossPlotOptions{Height: 10001}, series) },
			"mlp: PlotLoss: Height is 10001, want 150 to 10000 (or 0 for 400)"},
		{"PlotLoss 10000x10000", func() error {
			return mlp.PlotLoss(io.Discard, &mlp.LossPlotOptions{Width: 10000, Height: 10000}, series)
		}, ""},
	} {
		err := c.call()
		if got := fmt.Sprint(err); c.want == "" && err != nil || c.want != "" && got != c.want {
			t.Errorf("%s = %v, want %q", c.name, err, c.want)
		}
	}
}

// TestDocSaveFileSameName: SaveFile calls on one name at once, from
// several goroutines, never leave a damaged file: a reader beside them
// always finds the old content or one whole new one, and at the end the
// name holds one of the networks and the directory nothing else.
func TestDocSaveFileSameName(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "net.json")
	const writers, saves = 4, 15
	nets := make([]*mlp.Network, writers+1)
	files := make([][]byte, writers+1) // what each network saves as
	for i := range nets {
		// Networks of different sizes, so that their files differ in length.
		nets[i] = mustNew(t, []int{3, 20 * (i + 1), 2}, mlp.WithSeed(uint64(i)))
		var b bytes.Buffer
		if err := nets[i].Save(&b); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
	}
	if err := nets[writers].SaveFile(name); err != nil { // the old content
		t.Fatal(err)
	}
	whole := func(b []byte) bool {
		return slices.ContainsFunc(files, func(f []byte) bool { return bytes.Equal(f, b) })
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, writers*saves+1)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range saves {
				if err := nets[w].SaveFile(name); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var reads sync.WaitGroup
	reads.Add(1)
	go func() {
		defer reads.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			b, err := os.ReadFile(name)
			if err != nil {
				errs <- fmt.Errorf("ReadFile beside SaveFile: %v", err)
				return
			}
			if !whole(b) {
				errs <- fmt.Errorf("beside SaveFile, the file holds %d bytes that are none of the networks", len(b))
				return
			}
		}
	}()
	wg.Wait()
	close(done)
	reads.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := os.ReadFile(name)
	if err != nil || !whole(got) {
		t.Errorf("after concurrent SaveFile, the file holds %d bytes (%v), want one of the networks whole", len(got), err)
	}
	if _, err := mlp.LoadFile(name); err != nil {
		t.Errorf("LoadFile after concurrent SaveFile = %v, want nil", err)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("after concurrent SaveFile the directory holds %d names (%v), want only net.json", len(entries), err)
	}
}

// docPromises maps every sentence that promises behaviour in the package
// documentation's sections Errors, Memory, Training (its paragraph on x, y
// and memory), Files and Concurrency, in short, to the tests that check
// it. TestDocPromises checks that every test it names exists, so that the
// map cannot name a test that was renamed or removed.
var docPromises = []struct {
	section, promise string
	tests            []string
}{
	// Errors.
	{"Errors", "bad sizes are an error, not a panic",
		[]string{"TestHostileNewSizes", "TestHostileNewOptions", "FuzzNew"}},
	{"Errors", "a batch or targets of the wrong shape are an error",
		[]string{"TestBadInput", "TestPredictErrors", "TestTraceErrors", "TestTrainHostile"}},
	{"Errors", "NaN or ±Inf where Predict and Train need finite numbers is an error",
		[]string{"TestHostileFields", "TestHostileConcurrency", "TestTrainHostile", "FuzzTamper"}},
	{"Errors", "a bad training setting is an error",
		[]string{"TestTrainHostile", "TestTrainBadInput", "FuzzTrainConfig"}},
	{"Errors", "a bad model file is an error",
		[]string{"TestLoadHostile", "TestFilesHugeNames", "TestFilesTrailingData", "FuzzLoad"}},
	{"Errors", "a bad CSV file is an error",
		[]string{"TestReadCSVErrors", "TestCSVHostile", "FuzzReadCSV"}},
	{"Errors", "bad input to a picture or metric is an error",
		[]string{"TestHostileSparkline", "TestHostilePlotLoss", "TestHostileBoundary", "TestHostileDrawNetwork",
			"TestHostileZeroSizes", "TestHostileMetrics", "TestHostileNilWriter", "FuzzSparkline", "FuzzPlotLoss"}},
	{"Errors", "a nil network, batch or reader is an error",
		[]string{"TestDocNilArguments", "TestCSVNilReader", "TestLoadLimit"}},
	{"Errors", "Layer fields changed by the caller are an error (Step and the optimizers panic)",
		[]string{"TestHostileFields", "TestHostileStepIsValidate", "FuzzTamper"}},
	{"Errors", `every error starts with "mlp:" and names what was expected and what came`,
		[]string{"TestHostileFieldsErrors", "TestTrainHostile", "TestDocNilArguments", "FuzzLoad", "FuzzReadCSV", "FuzzTamper", "FuzzTrainConfig"}},
	{"Errors", "an error quotes at most 32 bytes of a model file, a CSV file or a name to parse, cut at a character boundary, with its length",
		[]string{"TestQuote", "TestFilesHugeNames", "TestFilesParseNames", "TestCSVHostile"}},
	{"Errors", "an error of the operating system, a reader or a writer is wrapped as it came",
		[]string{"TestSaveFileFailures", "TestSaveWriteError", "TestLoadLimit"}},
	{"Errors", "a failed call changes nothing in the network, which computes afterwards what it would have",
		[]string{"TestHostileFields", "TestTrainHostile", "TestBadInput", "TestHostileForwardBatch", "TestTraceErrors",
			"TestUnmarshalJSONKeepsNetwork", "FuzzTamper", "FuzzTrainConfig"}},
	{"Errors", "Train stopped by its context or by divergence leaves the network as training left it",
		[]string{"TestTrainCancel", "TestTrainDivergence"}},
	{"Errors", "NewMatrix panics for a negative size, too many elements, data of the wrong length",
		[]string{"TestNewMatrix", "TestHostileNewMatrix", "FuzzNewMatrix"}},
	{"Errors", "At, Set and Row panic out of range",
		[]string{"TestNewMatrix"}},
	{"Errors", "a product panics for mismatched shapes, too many elements, a receiver sharing memory",
		[]string{"TestProductPanics", "TestHostileProductShapes", "FuzzNewMatrix"}},
	{"Errors", "NewActivation and NewLoss panic without a name or a function",
		[]string{"TestDocProgrammerPanics"}},
	{"Errors", "an Activation's or a Loss's method panics for mismatched shapes, or on an invalid ActivationFunc or LossFunc",
		[]string{"TestDocProgrammerPanics", "TestInvalidBuiltinsPanic"}},
	{"Errors", "Step and the optimizers panic on a bad learning rate",
		[]string{"TestLearningRateRule"}},
	{"Errors", "Step and the optimizers panic, with Validate's message, where Validate refuses",
		[]string{"TestHostileStepIsValidate", "TestHostileStepNil", "TestHostileFields", "FuzzTamper"}},
	{"Errors", "Forward, Backward and Trace compute with NaN and ±Inf without an error",
		[]string{"TestDocNotChecked", "FuzzForwardBackward"}},
	{"Errors", "Predict computes with W and B as they are, and reads no other Layer field",
		[]string{"TestHostileFields", "FuzzTamper"}},
	{"Errors", "Save and Train refuse NaN and ±Inf weights",
		[]string{"TestSaveRefuses", "TestTrainBadInput", "TestHostileFields", "TestDocNotChecked"}},

	// Memory.
	{"Memory", "the same shapes again allocate nothing; Train's steps allocate nothing",
		[]string{"TestProductReusesMemory", "TestTrainingStepAllocs", "TestTrainAllocs", "TestHostileFieldsAllocs"}},
	{"Memory", "New refuses more than MaxParams parameters or MaxLayers layers, before allocating",
		[]string{"TestHostileNewSizes", "TestHostileNewLimitsExact", "FuzzNew"}},
	{"Memory", "Forward and Predict refuse a batch of more than MaxBatchValues values",
		[]string{"TestHostileForwardBatch", "TestDocBatchLimitByHand"}},
	{"Memory", "NewMatrix panics for more elements than a Matrix can hold",
		[]string{"TestHostileNewMatrix", "TestHostileNewMatrixEdges", "FuzzNewMatrix"}},
	{"Memory", "the batch limit holds for a network built by hand",
		[]string{"TestDocBatchLimitByHand", "TestHostileForwardBatch"}},
	{"Memory", "Train allocates in proportion to the data and the network, never to a setting",
		[]string{"TestTrainHostileMemory", "TestTrainHostileEpochs", "FuzzTrainConfig"}},
	{"Memory", "Load allocates at most 16 bytes a byte read plus 16 KiB, never what a file declares",
		[]string{"TestFilesLoadAllocBound", "TestFilesHugeNames", "TestLoadMemoryFollowsInput", "TestLoadHostile"}},
	{"Memory", "ReadCSV allocates at most 48 bytes a byte read plus 1 MiB",
		[]string{"TestCSVHostile", "TestCSVReads"}},
	{"Memory", "the pictures refuse sizes beyond their documented limits",
		[]string{"TestDocPictureLimits", "TestBoundaryErrors", "TestHeatMap", "TestPlotLossErrors"}},

	// Training.
	{"Training", "Train never writes into x or y",
		[]string{"TestTrainHostileXY", "TestArgumentsNotModified", "TestTrainHostile", "FuzzTrainConfig"}},
	{"Training", "x and y may share memory with each other; y may be x",
		[]string{"TestTrainHostileXY"}},
	{"Training", "x or y sharing memory with a matrix of the network is an error",
		[]string{"TestTrainHostile", "TestHostileInputSharingUnknownSpans", "FuzzTrainConfig"}},
	{"Training", "every bad setting or data, a nil *Adam or *Momentum among them, is an error before any work, leaving the network, x and y",
		[]string{"TestTrainHostile", "TestTrainBadInput", "FuzzTrainConfig"}},
	{"Training", "the History grows as epochs complete; Epochs up to math.MaxInt stopped early costs little",
		[]string{"TestTrainHostileEpochs", "TestTrainHostileMemory"}},

	{"Training", "L2 is a penalty on the weights, not the biases",
		[]string{"TestTrainL2Gradient", "TestTrainL2WeightDecay", "TestTrainL2Decay"}},
	{"Training", "Validation is scored after every epoch; ValidationFraction holds out a stratified part",
		[]string{"TestTrainValidationScores", "TestTrainHoldOut"}},
	{"Training", "Patience stops training and leaves the best epoch's weights; History.BestEpoch says which",
		[]string{"TestTrainEarlyStopping", "TestTrainPatienceRestoresAtEnd", "TestTrainBestEpochWithoutPatience", "TestTrainEarlyStoppingEdges"}},
	{"Training", "Schedule sets the learning rate by epoch",
		[]string{"TestSchedules", "TestAdaptive", "TestTrainSchedule"}},
	{"Training", "a ProgressPrinter writes one line an epoch to its writer",
		[]string{"TestProgressPrinterLines", "TestProgressPrinterInPlace", "TestProgressPrinterTrain", "TestProgressPrinterNilWriter"}},
	{"Training", "a Model bundles network, scaler and names; one file keeps them with SaveFile's and Load's guarantees",
		[]string{"TestModelRoundTrip", "TestModelSaveFormat", "TestLoadModelHostile", "TestFilesModelHostile", "TestModelSaveErrors"}},
	{"Training", "a Model's Net is the network itself; every glass-box tool works on it",
		[]string{"TestModelGlassBox"}},
	{"Training", "ReadRegressionCSV reads a numeric target; MSE, MAE and R2 score a regression",
		[]string{"TestReadRegressionCSV", "TestModelRegression", "TestRegressionMetricsSklearn", "TestRegressionMetricsHand"}},

	// Files.
	{"Files", "Load reads back what Save wrote, bit for bit, also inside a larger JSON document",
		[]string{"TestSaveLoadRoundTrip", "TestSaveFileLoadFile", "FuzzLoad"}},
	{"Files", "Load returns a complete network or an error, never a panic or part of a network",
		[]string{"FuzzLoad", "TestLoadHostile", "TestLoadTruncated", "TestFilesHugeNames"}},
	{"Files", "a failed UnmarshalJSON leaves its network as it was",
		[]string{"TestUnmarshalJSONKeepsNetwork", "TestFilesHugeNames", "TestFilesTrailingData", "FuzzLoad"}},
	{"Files", "Load refuses input of more than MaxLoadBytes, and data after the model",
		[]string{"TestLoadLimit", "TestLoadFileErrors", "TestFilesTrailingData"}},
	{"Files", "a network that cannot be saved, or an empty name, touches no file",
		[]string{"TestSaveFileFailures", "TestFilesEmptyName"}},
	{"Files", "the temporary file has a short name of its own in the same directory",
		[]string{"TestFilesSaveFileNames"}},
	// A crash cannot be made inside a test: the temporary file renamed
	// over the name is what promises it, and the failures part way are
	// tested.
	{"Files", "a crash, a full disk or a failed write never leaves a damaged file",
		[]string{"TestSaveFileFailures"}},
	{"Files", "SaveFile calls on one name at once never leave a damaged file",
		[]string{"TestDocSaveFileSameName"}},
	{"Files", "SaveFile takes every name that os.WriteFile takes",
		[]string{"TestFilesSaveFileNames"}},
	{"Files", "ReadCSV: nil reader, empty input, numeric first line, CR line ends, ragged rows, bad numbers, unknown classes are errors naming the line",
		[]string{"TestCSVNilReader", "TestReadCSVErrors", "TestCSVHostile", "FuzzReadCSV"}},
	{"Files", "ReadCSV refuses a line of more than 1 MiB, having read at most 1 MiB and 4 KiB of it",
		[]string{"TestCSVHostile", "TestCSVReads"}},
	{"Files", "ReadCSV refuses X and Y of more than two numbers a byte of input, plus 65536",
		[]string{"TestCSVHostile", "TestCSVReads", "TestReadCSVErrors"}},
	{"Files", "WriteONNX then ReadONNX gives back every float64 weight bit for bit",
		[]string{"TestONNXRoundTrip"}},
	{"Files", "ReadONNX reads PyTorch's nn.Sequential MLPs and refuses anything else naming the node",
		[]string{"TestReadONNXTorch", "TestReadONNXTorchLayers", "TestReadONNXValid", "TestReadONNXHostile"}},
	{"Files", "ReadONNX is safe on input from anyone, within MaxLoadBytes, whole network or error",
		[]string{"TestReadONNXHostile", "TestReadONNXTruncated", "TestReadONNXLimit", "FuzzReadONNX"}},

	// Concurrency.
	{"Concurrency", "Predict is safe from many goroutines at once on one network",
		[]string{"TestPredictConcurrent", "TestHostileConcurrency", "TestConcurrency"}},
	{"Concurrency", "Save, SaveFile, MarshalJSON, Sizes and Validate may run beside Predict and each other",
		[]string{"TestHostileConcurrency", "TestConcurrency", "TestPredictConcurrent"}},
	{"Concurrency", "distinct networks may be used from different goroutines freely",
		[]string{"TestConcurrency"}},
	{"Concurrency", "Matrix methods that only read may run concurrently",
		[]string{"TestConcurrency"}},
	{"Concurrency", "the products' global machinery is safe for concurrent use and never changes a result",
		[]string{"TestConcurrency", "TestGemmGOMAXPROCS", "TestTrainingGOMAXPROCS", "TestGemmSplitsAgree"}},

	// Speed.
	{"Speed", "bias and activation fused into the product's write-back, DZ into the product of DA, bit for bit as separate passes",
		[]string{"TestGemmFused", "TestGemmFusedShared", "TestLayerFused", "FuzzGemmFused"}},
	{"Speed", "a product of at most four rows sums in the blocked product's order; one-sample Predict is a batch row unless a product is tiny",
		[]string{"TestGemvAgrees", "TestPredictOneRowIsBatchRow"}},
	{"Speed", "a tiny network takes a straight path through Forward and Backward, with the general path's results bit for bit",
		[]string{"TestTinyPath", "TestTinyPathActivationChanged"}},
	{"Concurrency", "Predict and PredictTo share a buffer pool that is safe for concurrent use",
		[]string{"TestPredictToConcurrent", "TestPredictConcurrent"}},
}

// TestDocPromises: every test that docPromises names is a function of
// this package's tests, Test, Fuzz or Example as its name says, and every
// promise names at least one.
func TestDocPromises(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && docTestFunc(fn) {
				funcs[fn.Name.Name] = true
			}
		}
	}
	for _, p := range docPromises {
		if len(p.tests) == 0 {
			t.Errorf("%s: %q names no test", p.section, p.promise)
		}
		for _, name := range p.tests {
			if !funcs[name] {
				t.Errorf("%s: %q names %s, which is no test of the package", p.section, p.promise, name)
			}
		}
	}
}

// docTestFunc reports whether fn is a test that go test runs: TestX(t
// *testing.T), FuzzX(f *testing.F) or ExampleX() by its name and the type
// of its one parameter.
func docTestFunc(fn *ast.FuncDecl) bool {
	params := fn.Type.Params.List
	param := func(typ string) bool {
		if len(params) != 1 || len(params[0].Names) > 1 {
			return false
		}
		star, ok := params[0].Type.(*ast.StarExpr)
		if !ok {
			return false
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == typ
	}
	switch name := fn.Name.Name; {
	case strings.HasPrefix(name, "Test"):
		return param("T")
	case strings.HasPrefix(name, "Fuzz"):
		return param("F")
	case strings.HasPrefix(name, "Example"):
		return len(params) == 0
	}
	return false
}
