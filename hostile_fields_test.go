package mlp_test

// The hostile suite of the Layer fields: every field that the calls read,
// changed between calls the way a careless or hostile caller could (nil, the
// wrong shape, shared with another field, a layer listed twice, a struct
// copied over another), and what each call must then do: the exact error or
// documented panic, a network left as it was, bit for bit, and usable again
// once the field is put back.

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// fieldsSizes is the network of the suite: three layers with biases, the
// first two square (4×4) so that a layer can be listed twice and a weight
// matrix can be fed to Forward, the last 4×2. With fieldsBatch samples, Z
// and A are 5×4, 5×4 and 5×2, shapes that no weight matrix has.
var fieldsSizes = []int{4, 4, 4, 2}

const (
	fieldsBatch = 5
	fieldsEta   = 0.5
)

// fieldsNet returns the suite's network, the same on every call.
func fieldsNet(t testing.TB) *mlp.Network {
	t.Helper()
	net := mustNew(t, fieldsSizes, mlp.WithSeed(7))
	for i, l := range net.Layers {
		for j := range l.B.RawData() {
			l.B.RawData()[j] = 0.1*float64(i+1) - 0.05*float64(j)
		}
	}
	return net
}

// fieldsInput is a batch and its targets, the caller's arguments.
type fieldsInput struct{ x, y *mlp.Matrix }

// fieldsData returns a new batch of fieldsBatch samples and its targets.
func fieldsData() *fieldsInput {
	x := mlp.NewMatrix(fieldsBatch, fieldsSizes[0], nil)
	for i := range x.RawData() {
		x.RawData()[i] = float64(i%7)/3 - 1
	}
	y := mlp.NewMatrix(fieldsBatch, fieldsSizes[len(fieldsSizes)-1], nil)
	for i := range y.RawData() {
		y.RawData()[i] = float64(i % 2)
	}
	return &fieldsInput{x, y}
}

// fieldsStage brings net to a stage: "new" (as New left it), "forward"
// (after Forward), "backward" (after Forward and Backward: every field set)
// or "step" (after a whole training step).
func fieldsStage(t testing.TB, net *mlp.Network, in *fieldsInput, stage string) {
	t.Helper()
	if stage == "new" {
		return
	}
	if _, err := net.Forward(in.x); err != nil {
		t.Fatal(err)
	}
	if stage == "forward" {
		return
	}
	if _, err := net.Backward(in.y); err != nil {
		t.Fatal(err)
	}
	if stage == "step" {
		net.Step(fieldsEta)
	}
}

// fieldsCalls are the calls that read a network's fields, by name, each
// returning a text of its result (to compare with a twin's) and its error.
var fieldsCalls = map[string]func(net *mlp.Network, in *fieldsInput) (string, error){
	"Forward": func(net *mlp.Network, in *fieldsInput) (string, error) {
		out, err := net.Forward(in.x)
		return fieldsText(out), err
	},
	"Backward": func(net *mlp.Network, in *fieldsInput) (string, error) {
		e, err := net.Backward(in.y)
		return fmt.Sprint(math.Float64bits(e)), err
	},
	"Step": func(net *mlp.Network, in *fieldsInput) (string, error) {
		net.Step(fieldsEta)
		return "", nil
	},
	"GradientDescent.Step": func(net *mlp.Network, in *fieldsInput) (string, error) {
		mlp.GradientDescent{}.Step(net, fieldsEta, 1)
		return "", nil
	},
	"Momentum.Step": func(net *mlp.Network, in *fieldsInput) (string, error) {
		mlp.NewMomentum(0.5).Step(net, fieldsEta, 1)
		return "", nil
	},
	"Adam.Step": func(net *mlp.Network, in *fieldsInput) (string, error) {
		mlp.NewAdam().Step(net, fieldsEta, 1)
		return "", nil
	},
	"Trace": func(net *mlp.Network, in *fieldsInput) (string, error) {
		tr, err := net.Trace(in.x, in.y, fieldsEta)
		if err != nil {
			return "", err
		}
		return fmt.Sprint(math.Float64bits(tr.E), math.Float64bits(tr.EAfter)), nil
	},
	"Predict": func(net *mlp.Network, in *fieldsInput) (string, error) {
		out, err := net.Predict(in.x)
		return fieldsText(out), err
	},
	"Save": func(net *mlp.Network, in *fieldsInput) (string, error) {
		var b bytes.Buffer
		err := net.Save(&b)
		return b.String(), err
	},
	"MarshalJSON": func(net *mlp.Network, in *fieldsInput) (string, error) {
		b, err := net.MarshalJSON()
		return string(b), err
	},
	"Sizes": func(net *mlp.Network, in *fieldsInput) (string, error) {
		return fmt.Sprint(net.Sizes()), nil
	},
	"CheckGradients": func(net *mlp.Network, in *fieldsInput) (string, error) {
		g, err := net.CheckGradients(in.x, in.y)
		return fmt.Sprintf("%+v", g), err
	},
	"Diagnose": func(net *mlp.Network, in *fieldsInput) (string, error) {
		fs, err := net.Diagnose()
		return fmt.Sprint(fs), err
	},
	"Validate": func(net *mlp.Network, in *fieldsInput) (string, error) {
		v, ok := any(net).(interface{ Validate() error })
		if !ok {
			return "", fmt.Errorf("(*Network).Validate is missing")
		}
		return "", v.Validate()
	},
}

// fieldsCall runs a call of fieldsCalls and returns its result text and
// what it gave: "" if it succeeded, the error's text, or "panic: " and the
// panic's.
func fieldsCall(call string, net *mlp.Network, in *fieldsInput) (out, got string) {
	f := fieldsCalls[call]
	if f == nil {
		panic("no call " + call)
	}
	defer func() {
		if r := recover(); r != nil {
			out, got = "", fmt.Sprint("panic: ", r)
		}
	}()
	out, err := f(net, in)
	if err != nil {
		return out, err.Error()
	}
	return out, ""
}

// fieldsText writes a matrix with the bits of its numbers, "nil" for none.
func fieldsText(m *mlp.Matrix) string {
	if m == nil {
		return "nil"
	}
	r, c := m.Dims()
	var b strings.Builder
	fmt.Fprintf(&b, "%dx%d", r, c)
	for _, v := range m.RawData() {
		fmt.Fprintf(&b, " %x", math.Float64bits(v))
	}
	return b.String()
}

// fieldsState writes every field of every layer of net, with the bits of
// its numbers: two networks with the same state compute the same numbers.
func fieldsState(net *mlp.Network) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d layers, loss %v\n", len(net.Layers), net.Loss)
	for i, l := range net.Layers {
		if l == nil {
			fmt.Fprintf(&b, "layer %d: nil\n", i)
			continue
		}
		fmt.Fprintf(&b, "layer %d: %v\n", i, l.Activation)
		for _, f := range fieldsNames {
			fmt.Fprintf(&b, "  %s %s\n", f, fieldsText(*fieldsPtr(l, f)))
		}
	}
	return b.String()
}

// fieldsNames are the matrix fields of a Layer.
var fieldsNames = []string{"W", "B", "Z", "A", "DA", "DZ", "DW", "DB"}

// fieldsPtr returns the address of l's field of the given name.
func fieldsPtr(l *mlp.Layer, name string) **mlp.Matrix {
	switch name {
	case "W":
		return &l.W
	case "B":
		return &l.B
	case "Z":
		return &l.Z
	case "A":
		return &l.A
	case "DA":
		return &l.DA
	case "DZ":
		return &l.DZ
	case "DW":
		return &l.DW
	case "DB":
		return &l.DB
	}
	panic("no field " + name)
}

// fieldsSet sets layer i's field to m and returns what puts it back.
func fieldsSet(net *mlp.Network, i int, name string, m *mlp.Matrix) func() {
	p := fieldsPtr(net.Layers[i], name)
	old := *p
	*p = m
	return func() { *p = old }
}

// fieldsResume runs a training step on net and twin and fails unless they
// give the same error and leave the same state, bit for bit.
func fieldsResume(t *testing.T, what string, net, twin *mlp.Network, in, twinIn *fieldsInput) {
	t.Helper()
	for _, call := range []string{"Forward", "Backward", "Step"} {
		out, got := fieldsCall(call, net, in)
		wantOut, want := fieldsCall(call, twin, twinIn)
		if got != "" || want != "" {
			t.Errorf("%s, then %s: %q, twin %q, want no error", what, call, got, want)
			return
		}
		if out != wantOut {
			t.Errorf("%s, then %s = %s, want %s as the untouched twin", what, call, out, wantOut)
		}
	}
	if got, want := fieldsState(net), fieldsState(twin); got != want {
		t.Errorf("%s, then a training step: the network holds\n%s\nwant the untouched twin's\n%s", what, got, want)
	}
}

// A fieldsTamper changes a network (or the caller's input) and returns what
// puts it back.
type fieldsTamper func(net *mlp.Network, in *fieldsInput) (undo func())

// fieldsOutcome is what a call must give on a tampered network: want is ""
// for success, the exact error, or "panic: " and the exact panic. On
// success, check (if set) checks the result; otherwise the result must be
// the untouched twin's for the same call.
type fieldsOutcome struct {
	call, want string
	check      func(t *testing.T, net *mlp.Network, in *fieldsInput, out string)
}

// fieldsRows are the tampers and what each call must do after them.
func fieldsRows() []struct {
	name, stage string
	tamper      fieldsTamper
	outcomes    []fieldsOutcome
} {
	set := func(i int, name string, m func(net *mlp.Network) *mlp.Matrix) fieldsTamper {
		return func(net *mlp.Network, _ *fieldsInput) func() { return fieldsSet(net, i, name, m(net)) }
	}
	none := func(*mlp.Network) *mlp.Matrix { return nil }
	sized := func(r, c int) func(*mlp.Network) *mlp.Matrix {
		return func(*mlp.Network) *mlp.Matrix { return mlp.NewMatrix(r, c, nil) }
	}
	field := func(i int, name string) func(*mlp.Network) *mlp.Matrix {
		return func(net *mlp.Network) *mlp.Matrix { return *fieldsPtr(net.Layers[i], name) }
	}
	layers := func(f func(ls []*mlp.Layer) []*mlp.Layer) fieldsTamper {
		return func(net *mlp.Network, _ *fieldsInput) func() {
			old := net.Layers
			net.Layers = f(append([]*mlp.Layer(nil), old...))
			return func() { net.Layers = old }
		}
	}
	input := func(x func(net *mlp.Network, x *mlp.Matrix) *mlp.Matrix) fieldsTamper {
		return func(net *mlp.Network, in *fieldsInput) func() {
			old := in.x
			in.x = x(net, old)
			return func() { in.x = old }
		}
	}
	every := func(want func(op string) string, calls ...string) []fieldsOutcome {
		var os []fieldsOutcome
		for _, c := range calls {
			w := want(c)
			if strings.HasSuffix(c, "Step") {
				w = "panic: " + w
			}
			os = append(os, fieldsOutcome{call: c, want: w})
		}
		return os
	}
	// The calls that check the whole structure of the layers.
	structural := []string{"Forward", "Backward", "Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step",
		"Trace", "Predict", "Save", "MarshalJSON", "CheckGradients", "Diagnose", "Validate"}
	// The calls that refuse fields that share memory.
	writers := []string{"Forward", "Backward", "Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step", "Trace", "Validate"}
	ok := func(calls ...string) []fieldsOutcome {
		var os []fieldsOutcome
		for _, c := range calls {
			os = append(os, fieldsOutcome{call: c})
		}
		return os
	}
	sizes := func(want string) fieldsOutcome {
		return fieldsOutcome{call: "Sizes", check: func(t *testing.T, _ *mlp.Network, _ *fieldsInput, out string) {
			if out != want {
				t.Errorf("Sizes() = %s, want %s", out, want)
			}
		}}
	}
	predicts := fieldsOutcome{call: "Predict", check: func(t *testing.T, net *mlp.Network, in *fieldsInput, out string) {
		got, err := net.Predict(in.x)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkPrediction(net, in.x, got); err != nil {
			t.Error(err)
		}
	}}
	msg := func(format string) func(op string) string {
		return func(op string) string { return fmt.Sprintf(format, op) }
	}
	join := func(lists ...[]fieldsOutcome) []fieldsOutcome {
		var all []fieldsOutcome
		for _, l := range lists {
			all = append(all, l...)
		}
		return all
	}

	return []struct {
		name, stage string
		tamper      fieldsTamper
		outcomes    []fieldsOutcome
	}{
		{"untouched", "backward", func(*mlp.Network, *fieldsInput) func() { return func() {} },
			join(ok("Forward", "Backward", "Step", "Trace", "Predict", "Save", "Validate"), []fieldsOutcome{sizes("[4 4 4 2]")})},
		{"untouched, before any pass", "new", func(*mlp.Network, *fieldsInput) func() { return func() {} },
			ok("Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step", "Validate", "Predict")},

		// Nil entries and fields.
		{"Layers[1] = nil", "backward", layers(func(ls []*mlp.Layer) []*mlp.Layer { ls[1] = nil; return ls }),
			join(every(msg("mlp: %s: layer 1 is nil"), structural...), []fieldsOutcome{sizes("[4 4 0 2]")})},
		{"Layers[0] = nil", "backward", layers(func(ls []*mlp.Layer) []*mlp.Layer { ls[0] = nil; return ls }),
			join(every(msg("mlp: %s: layer 0 is nil"), "Forward", "Step", "Predict", "Validate"), []fieldsOutcome{sizes("[0 0 4 2]")})},
		{"Layers = nil", "backward", layers(func([]*mlp.Layer) []*mlp.Layer { return nil }),
			join(every(msg("mlp: %s: network has no layers"), structural...), []fieldsOutcome{sizes("[]")})},
		{"Layers[1].W = nil", "backward", set(1, "W", none),
			join(every(msg("mlp: %s: layer 1 has no weights (W is nil)"), structural...), []fieldsOutcome{sizes("[4 4 0 2]")})},
		{"Layers[2].W = 4x0", "backward", set(2, "W", sized(4, 0)),
			join(every(msg("mlp: %s: layer 2: W is 4x0, want at least 1x1"), structural...), []fieldsOutcome{sizes("[4 4 4 0]")})},
		{"Layers[2].W = 3x2", "backward", set(2, "W", sized(3, 2)),
			join(every(msg("mlp: %s: layer 2: W is 3x2, want 4 rows to match layer 1's 4 outputs"), structural...), []fieldsOutcome{sizes("[4 4 4 2]")})},
		{"Layers[0].Activation = ActivationFunc(42)", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			old := net.Layers[0].Activation
			net.Layers[0].Activation = mlp.ActivationFunc(42)
			return func() { net.Layers[0].Activation = old }
		}, every(msg("mlp: %s: layer 0: unknown activation ActivationFunc(42)"), structural...)},
		{"W(0, 1) = NaN", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			w := net.Layers[1].W
			old := w.At(0, 1)
			w.Set(0, 1, math.NaN())
			return func() { w.Set(0, 1, old) }
		}, []fieldsOutcome{
			{call: "Save", want: "mlp: Save: layer 1: W[0][1] is NaN; NaN and ±Inf are not valid weights"},
			{call: "Validate"},
			{call: "Predict", check: func(t *testing.T, net *mlp.Network, in *fieldsInput, out string) {
				got, err := net.Predict(in.x)
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range got.RawData() {
					if !math.IsNaN(v) {
						t.Errorf("Predict(x) with a NaN weight: output %d is %v, want NaN", i, v)
					}
				}
			}}}},
		{"Layers[1].Activation = nil", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			old := net.Layers[1].Activation
			net.Layers[1].Activation = nil
			return func() { net.Layers[1].Activation = old }
		}, every(msg("mlp: %s: layer 1 has no activation"), structural...)},
		{"Loss = LossFunc(42)", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			old := net.Loss
			net.Loss = mlp.LossFunc(42)
			return func() { net.Loss = old }
		}, every(msg("mlp: %s: unknown loss LossFunc(42), want one of the LossFunc constants"), "Forward", "Backward", "Trace")},
		{"Layers[1].B = 1x3", "backward", set(1, "B", sized(1, 3)),
			every(msg("mlp: %s: layer 1: B is 1x3, want 1x4"), structural...)},

		// The results of a pass, missing or of another shape where a call
		// reads them.
		{"hidden A = nil after Forward", "forward", set(0, "A", none), []fieldsOutcome{
			{call: "Backward", want: "mlp: Backward: layer 0: A is nil, want 5x4 (call Forward again)"},
			{call: "Diagnose", want: "mlp: Diagnose: layer 0 has no forward pass for its 4x4 weights; call Forward and Backward first"},
			{call: "Forward"}, {call: "Predict"}, {call: "Validate"}, {call: "Trace"}}},
		{"hidden A = 1x1 after Forward", "backward", set(1, "A", sized(1, 1)), []fieldsOutcome{
			{call: "Backward", want: "mlp: Backward: layer 1: A is 1x1, want 5x4 (call Forward again)"},
			{call: "Forward"}, {call: "Step"}, {call: "Validate"}}},
		{"output A = nil after Forward", "forward", set(2, "A", none), []fieldsOutcome{
			{call: "Backward", want: "mlp: Backward: layer 2: A is nil, want 5x2 (call Forward again)"},
			{call: "Forward"}}},
		{"Z = nil after Forward", "forward", set(1, "Z", none), []fieldsOutcome{
			{call: "Backward", want: "mlp: Backward: layer 1: Z is nil, want 5x4 (call Forward again)"},
			{call: "Forward"}}},
		{"Z = 5x3 after Backward", "backward", set(2, "Z", sized(5, 3)), []fieldsOutcome{
			{call: "Backward", want: "mlp: Backward: layer 2: Z is 5x3, want 5x2 (call Forward again)"},
			{call: "Forward"}, {call: "Step"}}},
		{"Z and A of another batch", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			u := fieldsSet(net, 0, "Z", mlp.NewMatrix(2, 4, nil))
			v := fieldsSet(net, 0, "A", mlp.NewMatrix(2, 4, nil))
			return func() { u(); v() }
		}, []fieldsOutcome{{call: "Backward", want: "mlp: Backward: layer 0: Z is 2x4, want 5x4 (call Forward again)"}}},
		{"DZ = nil after Backward", "backward", set(1, "DZ", none), []fieldsOutcome{
			{call: "Diagnose", want: "mlp: Diagnose: layer 1 has no backward pass for its forward pass; call Backward first"},
			{call: "Backward"}, {call: "Step"}, {call: "Momentum.Step"}, {call: "Validate"}}},
		{"DA = nil after Backward", "backward", set(0, "DA", none), ok("Backward", "Step", "Validate", "Diagnose")},
		{"DW = nil after Backward", "backward", set(1, "DW", none), join(
			every(msg("mlp: %s: layer 1: DW is nil, want 4x4 (call Backward again)"), "Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step", "Validate"),
			ok("Forward", "Backward", "Predict"))},
		{"DW = 1x1 after Backward", "backward", set(2, "DW", sized(1, 1)), join(
			every(msg("mlp: %s: layer 2: DW is 1x1, want 4x2 (call Backward again)"), "Step", "Adam.Step", "Validate"),
			ok("Forward", "Backward"))},
		{"DB = nil after Backward", "backward", set(0, "DB", none), join(
			every(msg("mlp: %s: layer 0: DB is nil, want 1x4 (call Backward again)"), "Step", "Momentum.Step", "Validate"),
			ok("Forward", "Backward"))},
		{"B = nil after Backward", "backward", set(2, "B", none),
			every(msg("mlp: %s: layer 2: DB is 1x2, want nil for a layer without B (call Backward again)"), "Step", "GradientDescent.Step", "Validate")},
		{"the weights grown after Backward", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			u := fieldsSet(net, 2, "W", mlp.NewMatrix(4, 3, nil))
			v := fieldsSet(net, 2, "B", mlp.NewMatrix(1, 3, nil))
			return func() { u(); v() }
		}, every(msg("mlp: %s: layer 2: DW is 4x2, want 4x3 (call Backward again)"), "Step", "Adam.Step", "Validate")},

		// Matrices shared between fields.
		{"Layers[1].A = Layers[0].A", "backward", set(1, "A", field(0, "A")), join(
			every(msg("mlp: %s: layer 0's A and layer 1's A share memory; give each field a matrix of its own"), writers...),
			ok("Predict", "Save", "Sizes"))},
		{"Layers[0].A = Layers[0].Z before any pass", "new", func(net *mlp.Network, _ *fieldsInput) func() {
			m := new(mlp.Matrix)
			u := fieldsSet(net, 0, "Z", m)
			v := fieldsSet(net, 0, "A", m)
			return func() { v(); u() }
		}, join(every(msg("mlp: %s: layer 0's Z and layer 0's A share memory; give each field a matrix of its own"), "Forward", "Validate", "Trace"),
			ok("Predict"))},
		{"Layers[1].DW = Layers[1].W", "backward", set(1, "DW", field(1, "W")), join(
			every(msg("mlp: %s: layer 1's W and layer 1's DW share memory; give each field a matrix of its own"), writers...),
			ok("Predict"))},
		{"Layers[1].DB = Layers[0].DB", "backward", set(1, "DB", field(0, "DB")),
			every(msg("mlp: %s: layer 0's DB and layer 1's DB share memory; give each field a matrix of its own"), writers...)},
		{"Layers[2].Z over Layers[1].W's numbers", "backward", set(2, "Z", func(net *mlp.Network) *mlp.Matrix {
			return mlp.NewMatrix(1, 2, net.Layers[1].W.RawData()[6:8])
		}), join(every(msg("mlp: %s: layer 1's W and layer 2's Z share memory; give each field a matrix of its own"), writers...),
			ok("Predict", "Save"))},
		{"Layers[1].W over Layers[0].W's numbers", "backward", set(1, "W", func(net *mlp.Network) *mlp.Matrix {
			return mlp.NewMatrix(4, 4, net.Layers[0].W.RawData())
		}), join(every(msg("mlp: %s: layer 0's W and layer 1's W share memory; give each field a matrix of its own"), writers...),
			[]fieldsOutcome{predicts})},
		{"Layers[0].DZ within Layers[0].DA's capacity", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			// DA is 5x4, as a batch of 5 needs; a batch of 10 would grow
			// it over DZ.
			buf := make([]float64, 40)
			u := fieldsSet(net, 0, "DA", mlp.NewMatrix(5, 4, buf[:20]))
			v := fieldsSet(net, 0, "DZ", mlp.NewMatrix(5, 4, buf[20:]))
			return func() { v(); u() }
		}, every(msg("mlp: %s: layer 0's DA and layer 0's DZ share memory; give each field a matrix of its own"), "Backward", "Validate")},
		{"*Layers[1].A = *Layers[1].Z", "backward", func(net *mlp.Network, _ *fieldsInput) func() {
			a := net.Layers[1].A
			old := *a
			*a = *net.Layers[1].Z
			return func() { *a = old }
		}, join(every(msg("mlp: %s: layer 1's Z and layer 1's A share memory; give each field a matrix of its own"), writers...),
			ok("Predict"))},
		{"*Layers[2].DW = *Layers[2].W", "step", func(net *mlp.Network, _ *fieldsInput) func() {
			dw := net.Layers[2].DW
			old := *dw
			*dw = *net.Layers[2].W
			return func() { *dw = old }
		}, every(msg("mlp: %s: layer 2's W and layer 2's DW share memory; give each field a matrix of its own"), "Step", "Adam.Step", "Forward")},

		// A layer listed twice.
		{"Layers[1] listed twice", "backward", layers(func(ls []*mlp.Layer) []*mlp.Layer {
			return []*mlp.Layer{ls[0], ls[1], ls[1], ls[2]}
		}), join(every(msg("mlp: %s: layer 2 is layer 1 again (the same *Layer twice); want distinct layers"), writers...),
			[]fieldsOutcome{predicts, sizes("[4 4 4 4 2]")})},
		{"Layers[0] in place of Layers[1]", "step", layers(func(ls []*mlp.Layer) []*mlp.Layer {
			ls[1] = ls[0]
			return ls
		}), every(msg("mlp: %s: layer 1 is layer 0 again (the same *Layer twice); want distinct layers"), writers...)},

		// The caller's input, sharing memory with the network.
		{"Forward(W)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[0].W }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 0's W; pass a copy (Clone)"},
				{call: "Trace", want: "mlp: Trace: input shares memory with layer 0's W; pass a copy (Clone)"}}},
		{"Forward(B)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[1].B }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's B; pass a copy (Clone)"}}},
		{"Forward(Layers[1].Z)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[1].Z }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's Z; pass a copy (Clone)"}}},
		{"Forward(Layers[1].DZ)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[1].DZ }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's DZ; pass a copy (Clone)"}}},
		{"Forward(Layers[1].DW)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[1].DW }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's DW; pass a copy (Clone)"}}},
		{"Forward(Layers[0].DB)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[0].DB }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 0's DB; pass a copy (Clone)"}}},
		{"Forward(a row of W)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix {
			return mlp.NewMatrix(1, 4, net.Layers[1].W.Row(2))
		}), []fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's W; pass a copy (Clone)"}}},
		{"Forward(DA)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[1].DA }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 1's DA; pass a copy (Clone)"}}},
		{"Forward(A)", "backward", input(func(net *mlp.Network, _ *mlp.Matrix) *mlp.Matrix { return net.Layers[0].A }),
			[]fieldsOutcome{{call: "Forward", want: "mlp: Forward: input shares memory with layer 0's A; pass a copy (Clone)"}}},
		{"x moved onto DZ after Forward", "backward", func(net *mlp.Network, in *fieldsInput) func() {
			old := *in.x
			*in.x = *net.Layers[1].DZ
			return func() { *in.x = old }
		}, []fieldsOutcome{{call: "Backward", want: "mlp: Backward: the last Forward's input and layer 1's DZ share memory; x must not change between Forward and Backward"}}},

		// Input that is not a number.
		{"x(3, 1) = NaN", "backward", input(func(_ *mlp.Network, x *mlp.Matrix) *mlp.Matrix {
			x = x.Clone()
			x.Set(3, 1, math.NaN())
			return x
		}), []fieldsOutcome{{call: "Predict", want: "mlp: Predict: x(3, 1) is NaN, want a finite number"}}},
		{"x(0, 3) = +Inf, x(4, 0) = NaN", "new", input(func(_ *mlp.Network, x *mlp.Matrix) *mlp.Matrix {
			x = x.Clone()
			x.Set(4, 0, math.NaN())
			x.Set(0, 3, math.Inf(1))
			return x
		}), []fieldsOutcome{{call: "Predict", want: "mlp: Predict: x(0, 3) is +Inf, want a finite number"}}},
		{"x(4, 2) = -Inf", "new", input(func(_ *mlp.Network, x *mlp.Matrix) *mlp.Matrix {
			x = x.Clone()
			x.Set(4, 2, math.Inf(-1))
			return x
		}), []fieldsOutcome{{call: "Predict", want: "mlp: Predict: x(4, 2) is -Inf, want a finite number"}}},
	}
}

// TestHostileFields: each tamper, then each call that reads what it
// changed, gives the exact error or documented panic and changes nothing;
// put back, the network computes what an untouched twin does, bit for bit.
func TestHostileFields(t *testing.T) {
	for _, row := range fieldsRows() {
		for _, o := range row.outcomes {
			t.Run(row.name+"/"+o.call, func(t *testing.T) {
				net, twin := fieldsNet(t), fieldsNet(t)
				in, twinIn := fieldsData(), fieldsData()
				fieldsStage(t, net, in, row.stage)
				fieldsStage(t, twin, twinIn, row.stage)
				undo := row.tamper(net, in)
				out, got := fieldsCall(o.call, net, in)
				if got != o.want {
					t.Errorf("%s after %s: %q, want %q", o.call, row.name, got, o.want)
				}
				switch {
				case got != "":
					undo()
					if s, want := fieldsState(net), fieldsState(twin); s != want {
						t.Errorf("%s failed after %s and changed the network: it holds\n%s\nwant\n%s", o.call, row.name, s, want)
					}
				case o.check != nil:
					o.check(t, net, in, out)
					undo()
				default:
					wantOut, err := fieldsCall(o.call, twin, twinIn)
					if err != "" {
						t.Fatalf("%s on the twin: %s", o.call, err)
					}
					if out != wantOut {
						t.Errorf("%s after %s = %s, want %s as the untouched twin", o.call, row.name, out, wantOut)
					}
					undo()
				}
				fieldsResume(t, o.call+" after "+row.name, net, twin, in, twinIn)
			})
		}
	}
}

// TestHostileFieldsErrors: every message of the suite starts with "mlp: "
// and the name of the call, and names a field or the input.
func TestHostileFieldsErrors(t *testing.T) {
	for _, row := range fieldsRows() {
		for _, o := range row.outcomes {
			w := strings.TrimPrefix(o.want, "panic: ")
			if w == "" {
				continue
			}
			if !strings.HasPrefix(w, "mlp: "+o.call+": ") {
				t.Errorf("%s after %s: %q, want it to start with %q", o.call, row.name, w, "mlp: "+o.call+": ")
			}
		}
	}
}

// TestHostileStepNil: the optimizers and Step on a nil network panic with
// their documented message.
func TestHostileStepNil(t *testing.T) {
	for name, f := range map[string]func(){
		"GradientDescent.Step": func() { mlp.GradientDescent{}.Step(nil, 1, 1) },
		"Momentum.Step":        func() { mlp.NewMomentum(0.9).Step(nil, 1, 1) },
		"Adam.Step":            func() { mlp.NewAdam().Step(nil, 1, 1) },
	} {
		mustPanic(t, name+"(nil)", "mlp: "+name+": network is nil", f)
	}
}

// TestHostileFieldsAllocs: the checks of the fields allocate nothing once
// a network's fields are known, in Forward, Backward, Step and the
// optimizers, and with mini-batches of two sizes in turn.
func TestHostileFieldsAllocs(t *testing.T) {
	net := fieldsNet(t)
	in := fieldsData()
	small := mlp.NewMatrix(2, 4, in.x.RawData()[:8])
	smallY := mlp.NewMatrix(2, 2, in.y.RawData()[:4])
	adam := mlp.NewAdam()
	step := func() {
		for _, b := range []*fieldsInput{in, {small, smallY}} {
			if _, err := net.Forward(b.x); err != nil {
				t.Fatal(err)
			}
			if _, err := net.Backward(b.y); err != nil {
				t.Fatal(err)
			}
			net.Step(0.01)
			adam.Step(net, 0.01, 1)
		}
	}
	step()
	if n := testing.AllocsPerRun(20, step); n != 0 {
		t.Errorf("training steps on known fields allocate %v times, want 0", n)
	}
}

// TestHostileStepIsValidate: Step and the optimizers panic exactly where
// Validate returns an error, with its message (naming themselves), and when
// Validate returns nil, Forward fails only for its input: a good one passes.
func TestHostileStepIsValidate(t *testing.T) {
	for _, row := range fieldsRows() {
		net := fieldsNet(t)
		in := fieldsData()
		fieldsStage(t, net, in, row.stage)
		undo := row.tamper(net, in)
		_, valid := fieldsCall("Validate", net, in)
		for _, call := range []string{"Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step"} {
			state := fieldsState(net)
			_, got := fieldsCall(call, net, in)
			want := ""
			if valid != "" {
				want = "panic: " + strings.Replace(valid, "mlp: Validate: ", "mlp: "+call+": ", 1)
			}
			if got != want {
				t.Errorf("%s after %s: %q, want %q as Validate says", call, row.name, got, want)
			}
			if got != "" && fieldsState(net) != state {
				t.Errorf("%s after %s panicked and changed the network", call, row.name)
			}
		}
		if valid == "" {
			if _, err := net.Forward(fieldsData().x); err != nil {
				t.Errorf("Forward(a good x) after %s = %v, want nil as Validate returned nil", row.name, err)
			}
		}
		undo()
	}
}

// TestHostileStepBeforeBackward: before the first Backward, Step and the
// optimizers change nothing.
func TestHostileStepBeforeBackward(t *testing.T) {
	for _, stage := range []string{"new", "forward"} {
		for _, call := range []string{"Step", "GradientDescent.Step", "Momentum.Step", "Adam.Step"} {
			net := fieldsNet(t)
			in := fieldsData()
			fieldsStage(t, net, in, stage)
			before := fieldsState(net)
			if _, got := fieldsCall(call, net, in); got != "" {
				t.Errorf("%s at stage %s: %s, want nothing", call, stage, got)
			}
			if after := fieldsState(net); after != before {
				t.Errorf("%s before any Backward changed the network from\n%s\nto\n%s", call, before, after)
			}
		}
	}
}

// TestHostileNilResults: a nil Z, A, DA, DZ, DW or DB is allocated again by
// the pass that sets it, with the numbers of an untouched twin.
func TestHostileNilResults(t *testing.T) {
	net, twin := fieldsNet(t), fieldsNet(t)
	in, twinIn := fieldsData(), fieldsData()
	fieldsStage(t, net, in, "step")
	fieldsStage(t, twin, twinIn, "step")
	for _, l := range net.Layers {
		l.Z, l.A, l.DA, l.DZ, l.DW, l.DB = nil, nil, nil, nil, nil, nil
	}
	for _, call := range []string{"Forward", "Backward"} {
		if _, got := fieldsCall(call, net, in); got != "" {
			t.Fatalf("%s with nil results: %s", call, got)
		}
		if _, got := fieldsCall(call, twin, twinIn); got != "" {
			t.Fatal(got)
		}
	}
	if got, want := fieldsState(net), fieldsState(twin); got != want {
		t.Errorf("after Forward and Backward on nil results, the network holds\n%s\nwant\n%s", got, want)
	}
}

// TestHostileSizesNil: Sizes of a nil network, and of one without layers,
// is nil.
func TestHostileSizesNil(t *testing.T) {
	var n *mlp.Network
	if s := n.Sizes(); s != nil {
		t.Errorf("(*Network)(nil).Sizes() = %v, want nil", s)
	}
	if s := (&mlp.Network{}).Sizes(); s != nil {
		t.Errorf("Network{}.Sizes() = %v, want nil", s)
	}
	mustPanic(t, "(*Network)(nil).Step(1)", "mlp: Step: network is nil", func() { n.Step(1) })
}

// TestHostileInputSharingUnknownSpans: an input that shares memory with a
// layer's W is refused, and Train refuses it as x, also when another
// layer's field is a matrix without memory (a 0x0 Z), which the fields'
// cheap re-check cannot remember and the overlap test must then compute
// afresh. Both were once accepted.
func TestHostileInputSharingUnknownSpans(t *testing.T) {
	net, err := mlp.New([]int{3, 3, 1}, mlp.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	net.Layers[1].Z = mlp.NewMatrix(0, 0, nil)
	w := net.Layers[0].W
	want := "mlp: Forward: input shares memory with layer 0's W; pass a copy (Clone)"
	if out, err := net.Forward(w); out != nil || err == nil || err.Error() != want {
		t.Errorf("Forward(layer 0's W) = %v, %v, want nil, %q", out, err, want)
	}
	y := mlp.NewMatrix(3, 1, []float64{0, 1, 0})
	want = "mlp: Train: x shares memory with layer 0's W, want memory of its own (pass a copy: Clone)"
	if _, err := net.Train(context.Background(), w, y, mlp.TrainConfig{Epochs: 1, LearningRate: 0.1}); err == nil || err.Error() != want {
		t.Errorf("Train(x = layer 0's W) error = %v, want %q", err, want)
	}
}
