package mlp_test

// Tests of the promises of the package documentation (doc.go) that no
// single function's tests hold: its section Invariants.

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
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
