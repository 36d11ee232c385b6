package mlp_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// fieldsFuzzCalls are the calls FuzzTamper makes, in a fixed order.
var fieldsFuzzCalls = func() []string {
	var cs []string
	for c := range fieldsCalls {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}()

// fieldsBytes reads the fuzzer's bytes one at a time, 0 when they run out.
type fieldsBytes []byte

func (b *fieldsBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fieldsFuzzTamper reads a tamper from b: which field of which layer, and
// what to do to it (nil, another shape, another field's matrix or numbers,
// a struct copied over it, a layer listed twice or nil, a NaN or infinite
// number, another activation or loss, or an input sharing the network's
// memory or not a number). The same bytes give the same tamper on any
// network built alike.
func fieldsFuzzTamper(b *fieldsBytes) fieldsTamper {
	kind, li, fi, lj, fj, r, c := b.next()%12, b.next(), b.next(), b.next(), b.next(), 1+b.next()%6, 1+b.next()%6
	return func(net *mlp.Network, in *fieldsInput) func() {
		none := func() {}
		if len(net.Layers) == 0 {
			return none
		}
		i, j := li%len(net.Layers), lj%len(net.Layers)
		name, other := fieldsNames[fi%len(fieldsNames)], fieldsNames[fj%len(fieldsNames)]
		l, lo := net.Layers[i], net.Layers[j]
		if (l == nil || lo == nil) && kind != 5 && kind != 6 && kind != 9 && kind != 11 {
			return none // a second tamper on a layer the first made nil
		}
		switch kind {
		case 0:
			return fieldsSet(net, i, name, nil)
		case 1:
			return fieldsSet(net, i, name, mlp.NewMatrix(r, c, nil))
		case 2:
			return fieldsSet(net, i, name, *fieldsPtr(lo, other))
		case 3: // a new matrix over another field's numbers
			m := *fieldsPtr(lo, other)
			if m == nil || len(m.RawData()) == 0 {
				return none
			}
			d := m.RawData()
			if r*c > len(d) {
				r, c = 1, len(d)
			}
			return fieldsSet(net, i, name, mlp.NewMatrix(r, c, d[len(d)-r*c:]))
		case 4: // a struct copied over another
			m, o := *fieldsPtr(l, name), *fieldsPtr(lo, other)
			if m == nil || o == nil {
				return none
			}
			old := *m
			*m = *o
			return func() { *m = old }
		case 5: // a layer listed twice
			old := net.Layers
			ls := slices.Clone(old)
			if r%2 == 0 {
				ls[i] = ls[j]
			} else {
				ls = slices.Insert(ls, i, ls[j])
			}
			net.Layers = ls
			return func() { net.Layers = old }
		case 6:
			old := net.Layers
			ls := slices.Clone(old)
			ls[i] = nil
			net.Layers = ls
			return func() { net.Layers = old }
		case 7: // a number that is not one
			m := *fieldsPtr(l, name)
			if m == nil || len(m.RawData()) == 0 {
				return none
			}
			d := m.RawData()
			k := (r*7 + c) % len(d)
			old := d[k]
			d[k] = []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[r%3]
			return func() { d[k] = old }
		case 8:
			old := l.Activation
			l.Activation = []mlp.Activation{nil, mlp.ActivationFunc(99), mlp.Softmax, mlp.ReLU, mlp.SoftmaxFunc(7)}[r%5]
			return func() { l.Activation = old }
		case 9:
			old := net.Loss
			net.Loss = []mlp.Loss{nil, mlp.LossFunc(99), mlp.CrossEntropy}[r%3]
			return func() { net.Loss = old }
		case 10: // an input over the network's memory
			m := *fieldsPtr(l, name)
			if m == nil {
				return none
			}
			old := in.x
			in.x = m
			return func() { in.x = old }
		default: // an input that is not a number
			old := in.x
			in.x = old.Clone()
			rows, cols := in.x.Dims()
			in.x.Set(r%rows, c%cols, []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[r%3])
			return func() { in.x = old }
		}
	}
}

// FuzzTamper tampers with the fields of a network and its twin alike (one
// or two tampers from the fuzzer's bytes) and makes a call on the network.
// Nothing may panic but Step and the optimizers, and they only with the
// message of Validate; every error starts with "mlp: "; Predict refuses an
// input that is not all numbers; a call that Validate
// says cannot run (on the fields it reads) fails with Validate's message; a
// call that fails changes nothing; one that succeeds does on the twin
// exactly what it did. Put back after a call that failed, both networks
// then train alike, bit for bit; after one that succeeded (which may have
// reshaped a matrix moved into a result field), they answer alike, error
// for error.
func FuzzTamper(f *testing.F) {
	// The bytes: stage, then a tamper (kind, layer, field, other layer,
	// other field, two sizes), then the call (its index in fieldsFuzzCalls:
	// 1 Backward, 4 Forward, 7 Momentum.Step, 8 Predict, 10 Sizes, 11 Step).
	f.Add([]byte{1, 0, 0, 3, 0, 0, 1, 1, 1})  // hidden A = nil after Forward, then Backward
	f.Add([]byte{2, 2, 1, 3, 0, 3, 1, 1, 4})  // Layers[1].A = Layers[0].A, then Forward
	f.Add([]byte{3, 3, 2, 2, 1, 0, 0, 1, 11}) // Layers[2].Z over Layers[1].W's numbers, then Step
	f.Add([]byte{2, 4, 1, 3, 1, 2, 0, 0, 1})  // *A = *Z, then Backward
	f.Add([]byte{2, 5, 2, 0, 1, 0, 1, 0, 11}) // Layers[1] in place of Layers[2], then Step
	f.Add([]byte{3, 0, 1, 6, 0, 0, 0, 0, 11}) // DW = nil, then Step
	f.Add([]byte{0, 11, 0, 0, 0, 0, 2, 0, 8}) // x(r, c) = NaN, then Predict
	f.Add([]byte{2, 10, 0, 0, 0, 0, 0, 0, 4}) // Forward(W)
	f.Add([]byte{2, 6, 1, 0, 0, 0, 0, 0, 7})  // Layers[1] = nil, then Momentum.Step
	f.Add([]byte{2, 6, 1, 0, 0, 0, 0, 0, 10}) // Layers[1] = nil, then Sizes
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fieldsBytes(data)
		stage := []string{"new", "forward", "backward", "step"}[b.next()%4]
		tampers := []fieldsTamper{fieldsFuzzTamper(&b)}
		call := fieldsFuzzCalls[b.next()%len(fieldsFuzzCalls)]
		if b.next()%2 == 1 {
			tampers = append(tampers, fieldsFuzzTamper(&b))
		}

		net, twin := fieldsNet(t), fieldsNet(t)
		in, twinIn := fieldsData(), fieldsData()
		fieldsStage(t, net, in, stage)
		fieldsStage(t, twin, twinIn, stage)
		var undo, twinUndo []func()
		for _, tm := range tampers {
			undo = append(undo, tm(net, in))
			twinUndo = append(twinUndo, tm(twin, twinIn))
		}
		putBack := func(us []func()) {
			for k := len(us) - 1; k >= 0; k-- {
				us[k]()
			}
		}
		_, valid := fieldsCall("Validate", net, in)
		before := fieldsState(net)
		out, got := fieldsCall(call, net, in)

		switch {
		case strings.HasPrefix(got, "panic: "):
			if !strings.HasSuffix(call, "Step") {
				t.Fatalf("%s on the tampered network panicked: %s", call, got)
			}
			if want := "panic: " + strings.Replace(valid, "mlp: Validate: ", "mlp: "+call+": ", 1); got != want {
				t.Fatalf("%s panicked with %q, want Validate's %q", call, got, want)
			}
		case got != "" && !strings.HasPrefix(got, "mlp: "):
			t.Fatalf("%s: error %q, want it to start with \"mlp: \"", call, got)
		}
		if strings.HasSuffix(call, "Step") && valid != "" && got == "" {
			t.Fatalf("%s did not panic, want Validate's %q", call, valid)
		}
		// The calls that write check the fields first, as Validate does,
		// but for the gradients, which they do not read.
		if (call == "Forward" || call == "Backward" || call == "Trace") && valid != "" && !fieldsGradientError(valid) {
			if want := strings.Replace(valid, "mlp: Validate: ", "mlp: "+call+": ", 1); got != want {
				t.Fatalf("%s: %q, want Validate's %q", call, got, want)
			}
		}

		if call == "Predict" && got == "" {
			for _, v := range in.x.RawData() {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("Predict(x) with x holding %v succeeded, want an error", v)
				}
			}
		}
		if got != "" {
			if s := fieldsState(net); s != before {
				t.Fatalf("%s failed with %q and changed the network from\n%s\nto\n%s", call, got, before, s)
			}
		} else {
			twinOut, twinGot := fieldsCall(call, twin, twinIn)
			if twinGot != "" || twinOut != out {
				t.Fatalf("%s = %q, %q on the network and %q, %q on its twin, tampered alike", call, out, got, twinOut, twinGot)
			}
		}
		putBack(undo)
		putBack(twinUndo)
		if got, want := fieldsState(net), fieldsState(twin); got != want {
			t.Fatalf("after %s and putting back, the network holds\n%s\nwant its twin's\n%s", call, got, want)
		}
		if got != "" {
			// A call that failed changed nothing: put back, the network trains.
			fieldsResume(t, call+" on a tampered network, put back", net, twin, in, twinIn)
			return
		}
		// A call that succeeded wrote into the fields as they were: a matrix
		// moved into a result field (B set as DA) comes back reshaped, and the
		// network put back may not fit any more (found by this target: B
		// returned 5x4). It must still answer as its twin does, error for error.
		for _, c := range []string{"Forward", "Backward", "Step"} {
			out, got := fieldsCall(c, net, in)
			wantOut, want := fieldsCall(c, twin, twinIn)
			if got != want || out != wantOut {
				t.Fatalf("%s on a tampered network, put back, then %s = %q, %q; twin %q, %q", call, c, out, got, wantOut, want)
			}
			if got != "" && !strings.HasPrefix(got, "mlp: ") && !strings.HasPrefix(got, "panic: mlp: Step: ") {
				t.Fatalf("%s on a tampered network, put back, then %s: %q, want an mlp: error or Step's documented panic", call, c, got)
			}
		}
		if got, want := fieldsState(net), fieldsState(twin); got != want {
			t.Fatalf("after %s on a tampered network, put back, and a step: the network holds\n%s\nwant its twin's\n%s", call, got, want)
		}
	})
}

// fieldsGradientError reports whether msg is Validate's error about DW or
// DB, which Forward and Backward do not read.
func fieldsGradientError(msg string) bool {
	return strings.Contains(msg, ": DW is ") || strings.Contains(msg, ": DB is ")
}
