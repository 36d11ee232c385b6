package mlp

// Round trips through Save and Load, and what Save refuses. These tests are
// inside the package to iterate builtinActivations and builtinLosses, so
// that every built-in added later is covered without editing them.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// awkwardFloats are values whose decimal form is easy to get wrong: signed
// zeros, subnormals, the extremes, the normal/subnormal boundary, values
// that need 17 significant digits, and the edges of encoding/json's switch
// between plain and exponent notation.
func awkwardFloats() []float64 {
	return []float64{
		0, math.Copysign(0, -1),
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, // 4.9e-324
		math.Float64frombits(0x000fffffffffffff),  // largest subnormal
		math.Float64frombits(0x0010000000000000),  // smallest normal
		-math.Float64frombits(0x0010000000000001), // just above it
		math.MaxFloat64, -math.MaxFloat64,
		math.Nextafter(math.MaxFloat64, 0),
		0.1, 0.2, 0.30000000000000004, 1.0 / 3, -2.0 / 3, math.Pi, math.E,
		math.Nextafter(1, 2), math.Nextafter(1, 0), // need 17 digits
		5e-324 * 3, 1e23, 8.41e21, 9007199254740993, 123456789012345678,
		1e-6, math.Nextafter(1e-6, 0), 1e-7, 1e21, math.Nextafter(1e21, 0), -1e21,
		2.2250738585072011e-308, 1.7976931348623157e308 / 3,
	}
}

// fillAwkward fills the matrices with the awkward values in turn, then
// random bit patterns of finite float64s.
func fillAwkward(rng *rand.Rand, ms ...*Matrix) {
	vals := awkwardFloats()
	k := 0
	for _, m := range ms {
		if m == nil {
			continue
		}
		for i := range m.RawData() {
			v := math.NaN()
			if k < len(vals) {
				v = vals[k]
			}
			for math.IsNaN(v) || math.IsInf(v, 0) {
				v = math.Float64frombits(rng.Uint64())
			}
			m.RawData()[i] = v
			k++
		}
	}
}

// roundTripNet is a 4-7-5-3 network whose output layer has act, whose
// hidden layers have Sigmoid and ReLU, with the given loss and with or
// without biases. The activation under test sits on the output layer, where
// every activation may go.
func roundTripNet(t *testing.T, act Activation, loss Loss, bias bool, seed uint64) *Network {
	t.Helper()
	sizes := []int{4, 7, 5, 3}
	acts := []Activation{Sigmoid, ReLU, act}
	net := &Network{Loss: loss}
	rng := rand.New(rand.NewPCG(seed, 99))
	for l := range acts {
		layer := &Layer{W: NewMatrix(sizes[l], sizes[l+1], nil), Activation: acts[l]}
		if bias {
			layer.B = NewMatrix(1, sizes[l+1], nil)
		}
		fillAwkward(rng, layer.W, layer.B)
		net.Layers = append(net.Layers, layer)
	}
	return net
}

// diffNetworks reports the first difference between two networks: layer
// count, activations, loss, shapes, and every weight and bias bit.
func diffNetworks(got, want *Network) error {
	if got.Loss != want.Loss {
		return fmt.Errorf("Loss = %v, want %v", got.Loss, want.Loss)
	}
	if len(got.Layers) != len(want.Layers) {
		return fmt.Errorf("%d layers, want %d", len(got.Layers), len(want.Layers))
	}
	for l, g := range got.Layers {
		w := want.Layers[l]
		if g.Activation != w.Activation {
			return fmt.Errorf("layer %d: Activation = %v, want %v", l, g.Activation, w.Activation)
		}
		if err := diffBits(fmt.Sprintf("layer %d: W", l), g.W, w.W); err != nil {
			return err
		}
		if (g.B == nil) != (w.B == nil) {
			return fmt.Errorf("layer %d: B = %v, want %v", l, g.B, w.B)
		}
		if g.B != nil {
			if err := diffBits(fmt.Sprintf("layer %d: B", l), g.B, w.B); err != nil {
				return err
			}
		}
	}
	return nil
}

func diffBits(name string, got, want *Matrix) error {
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		return fmt.Errorf("%s is %dx%d, want %dx%d", name, gr, gc, wr, wc)
	}
	g, w := got.RawData(), want.RawData()
	for i := range w {
		if math.Float64bits(g[i]) != math.Float64bits(w[i]) {
			return fmt.Errorf("%s[%d] = %v (%#016x), want %v (%#016x)", name, i, g[i], math.Float64bits(g[i]), w[i], math.Float64bits(w[i]))
		}
	}
	return nil
}

// TestSaveLoadRoundTrip: every built-in activation and loss, with and
// without biases, comes back from Save and Load with every bit of every
// weight, through Save/Load, MarshalJSON/UnmarshalJSON and a *Network
// inside a larger JSON document.
func TestSaveLoadRoundTrip(t *testing.T) {
	seed := uint64(0)
	for _, act := range builtinActivations() {
		for _, loss := range builtinLosses() {
			for _, bias := range []bool{true, false} {
				seed++
				t.Run(fmt.Sprintf("%v/%v/bias=%v", act, loss, bias), func(t *testing.T) {
					net := roundTripNet(t, act, loss, bias, seed)
					var buf bytes.Buffer
					if err := net.Save(&buf); err != nil {
						t.Fatalf("Save() = %v, want nil", err)
					}
					saved := buf.String()
					got, err := Load(&buf)
					if err != nil {
						t.Fatalf("Load(Save(net)) = %v, want nil", err)
					}
					if err := diffNetworks(got, net); err != nil {
						t.Errorf("Load(Save(net)): %v", err)
					}
					for l, layer := range got.Layers {
						if layer.Z != nil || layer.A != nil || layer.DA != nil || layer.DZ != nil || layer.DW != nil || layer.DB != nil {
							t.Errorf("Load: layer %d has pass values set, want only W, B and Activation", l)
						}
					}
					// Saving what was loaded gives the same text.
					var again bytes.Buffer
					if err := got.Save(&again); err != nil || again.String() != saved {
						t.Errorf("Save(Load(Save(net))) = %v, differs from Save(net): %v", again.Len(), err)
					}

					// MarshalJSON and UnmarshalJSON, directly and inside a document.
					b, err := net.MarshalJSON()
					if err != nil || string(b) != saved {
						t.Errorf("MarshalJSON() = %d bytes, %v, want Save's %d bytes", len(b), err, len(saved))
					}
					type doc struct {
						Name  string   `json:"name"`
						Model *Network `json:"model"`
					}
					b, err = json.Marshal(doc{"m", net})
					if err != nil {
						t.Fatalf("json.Marshal(doc) = %v", err)
					}
					var d doc
					if err := json.Unmarshal(b, &d); err != nil {
						t.Fatalf("json.Unmarshal(doc) = %v", err)
					}
					if err := diffNetworks(d.Model, net); err != nil {
						t.Errorf("json.Unmarshal(json.Marshal(doc)): %v", err)
					}
				})
			}
		}
	}
}

// TestJSONFloat compares appendJSONFloat with encoding/json, which the
// format promises to match, and checks that every value parses back to the
// same bits.
func TestJSONFloat(t *testing.T) {
	vals := awkwardFloats()
	rng := rand.New(rand.NewPCG(1, 2))
	for len(vals) < 100000 {
		v := math.Float64frombits(rng.Uint64())
		human := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(32)-9))
		for _, v := range []float64{v, float64(float32(v)), human, math.Round(human*1e6) / 1e6} {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				vals = append(vals, v)
			}
		}
	}
	for _, v := range vals {
		got := string(appendJSONFloat(nil, v))
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("appendJSONFloat(%v) = %s, want encoding/json's %s", v, got, want)
		}
		back, err := strconv.ParseFloat(got, 64)
		if err != nil || math.Float64bits(back) != math.Float64bits(v) {
			t.Errorf("ParseFloat(%s) = %v (%#x), %v, want %#x", got, back, math.Float64bits(back), err, math.Float64bits(v))
		}
	}
	if got := string(appendJSONFloat(nil, math.Copysign(0, -1))); got != "-0" {
		t.Errorf("appendJSONFloat(-0) = %s, want -0", got)
	}
}

// TestSaveFormat checks the layout that Save's doc shows, on a network
// whose every number is known.
func TestSaveFormat(t *testing.T) {
	net := &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(2, 2, []float64{0.5, -1, 2, 1e-7}), B: NewMatrix(1, 2, []float64{math.Copysign(0, -1), 0.25}), Activation: Tanh},
		{W: NewMatrix(2, 1, []float64{3, 1e21}), Activation: Sigmoid},
	}}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "format": "github.com/glassbox-go/mlp",
  "version": 1,
  "loss": "squared-error",
  "layers": [
    {
      "activation": "tanh",
      "inputs": 2,
      "outputs": 2,
      "W": [
        [0.5, -1],
        [2, 1e-7]
      ],
      "B": [-0, 0.25]
    },
    {
      "activation": "sigmoid",
      "inputs": 2,
      "outputs": 1,
      "W": [
        [3],
        [1e+21]
      ],
      "B": null
    }
  ]
}
`
	if got := buf.String(); got != want {
		t.Errorf("Save() wrote\n%s\nwant\n%s", got, want)
	}
	// Plain encoding/json reads the file too.
	var generic map[string]any
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
		t.Errorf("json.Unmarshal(Save()) = %v, want valid JSON", err)
	}
}

// TestSaveRefuses: what the format cannot hold is an error naming the layer
// and the value, and nothing is written.
func TestSaveRefuses(t *testing.T) {
	abs := NewActivation("abs", math.Abs, func(z, a float64) float64 { return math.Copysign(1, z) })
	fakeSigmoid := NewActivation("sigmoid", func(z float64) float64 { return z }, func(z, a float64) float64 { return 1 })
	absLoss := NewLoss("abs", func(a, y float64) float64 { return math.Abs(a - y) },
		func(a, y float64) float64 { return math.Copysign(1, a-y) })
	fakeSE := NewLoss("squared-error", func(a, y float64) float64 { return 0 }, func(a, y float64) float64 { return 0 })

	tests := []struct {
		name string
		edit func(n *Network)
		want string
	}{
		{"NaN weight", func(n *Network) { n.Layers[1].W.Set(2, 0, math.NaN()) },
			"mlp: Save: layer 1: W[2][0] is NaN; NaN and ±Inf are not valid weights"},
		{"+Inf weight", func(n *Network) { n.Layers[0].W.Set(0, 1, math.Inf(1)) },
			"mlp: Save: layer 0: W[0][1] is +Inf; NaN and ±Inf are not valid weights"},
		{"-Inf bias", func(n *Network) { n.Layers[0].B.Set(0, 2, math.Inf(-1)) },
			"mlp: Save: layer 0: B[2] is -Inf; NaN and ±Inf are not valid weights"},
		{"NaN bias", func(n *Network) { n.Layers[1].B.Set(0, 0, math.NaN()) },
			"mlp: Save: layer 1: B[0] is NaN"},
		{"custom activation", func(n *Network) { n.Layers[0].Activation = abs },
			`mlp: Save: layer 0: activation "abs" cannot be saved: the file names only built-ins (unknown activation "abs", want one of `},
		{"custom activation named like a built-in", func(n *Network) { n.Layers[1].Activation = fakeSigmoid },
			`mlp: Save: layer 1: activation "sigmoid" is a custom *mlp.funcActivation, not the built-in of that name: it cannot be saved`},
		{"custom loss", func(n *Network) { n.Loss = absLoss },
			`mlp: Save: loss "abs" cannot be saved: the file names only built-ins (unknown loss "abs", want one of `},
		{"custom loss named like a built-in", func(n *Network) { n.Loss = fakeSE },
			`mlp: Save: loss "squared-error" is a custom *mlp.funcLoss, not the built-in of that name`},
		{"invalid LossFunc", func(n *Network) { n.Loss = LossFunc(200) },
			`mlp: Save: loss "LossFunc(200)" cannot be saved`},
		{"invalid ActivationFunc", func(n *Network) { n.Layers[0].Activation = ActivationFunc(200) },
			"mlp: Save: layer 0: unknown activation ActivationFunc(200)"},
		{"nil loss", func(n *Network) { n.Loss = nil }, "mlp: Save: network has no Loss"},
		{"no layers", func(n *Network) { n.Layers = nil }, "mlp: Save: network has no layers"},
		{"nil activation", func(n *Network) { n.Layers[1].Activation = nil }, "mlp: Save: layer 1 has no activation"},
		{"misfit layers", func(n *Network) { n.Layers[1].W = NewMatrix(2, 1, nil) }, "mlp: Save: layer 1: W is 2x1, want 3 rows"},
		{"empty matrix", func(n *Network) {
			n.Layers = n.Layers[1:]
			n.Layers[0].W = NewMatrix(0, 1, nil)
		}, "mlp: Save: layer 0: W is 0x1, want at least 1x1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := New([]int{2, 3, 1})
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(net)
			var buf bytes.Buffer
			err = net.Save(&buf)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Save() = %v, want %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Save() wrote %d bytes with an error, want none", buf.Len())
			}
			if b, err := net.MarshalJSON(); err == nil || b != nil {
				t.Errorf("MarshalJSON() = %d bytes, %v, want an error", len(b), err)
			}
		})
	}
}

// TestSaveWriteError: an error from the writer is returned.
func TestSaveWriteError(t *testing.T) {
	net, _ := New([]int{1, 1})
	err := net.Save(diskFullWriter{})
	if err == nil || !strings.Contains(err.Error(), "mlp: Save: disk full") {
		t.Errorf("Save(failing writer) = %v, want mlp: Save: disk full", err)
	}
}

type diskFullWriter struct{}

func (diskFullWriter) Write(p []byte) (int, error) { return 0, fmt.Errorf("disk full") }

// TestUnmarshalJSONKeepsNetwork: a failed UnmarshalJSON leaves the network
// as it was, and null is a no-op as encoding/json expects.
func TestUnmarshalJSONKeepsNetwork(t *testing.T) {
	net, _ := New([]int{2, 3, 1}, WithSeed(4))
	want, _ := New([]int{2, 3, 1}, WithSeed(4))
	for _, in := range []string{`{"format": "x"}`, `[]`, `{`, `null`, ` null `} {
		err := net.UnmarshalJSON([]byte(in))
		if isNull := strings.TrimSpace(in) == "null"; isNull != (err == nil) {
			t.Errorf("UnmarshalJSON(%s) = %v", in, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "mlp: UnmarshalJSON: ") {
			t.Errorf("UnmarshalJSON(%s) = %v, want an error starting mlp: UnmarshalJSON:", in, err)
		}
		if err := diffNetworks(net, want); err != nil {
			t.Errorf("after UnmarshalJSON(%s): %v", in, err)
		}
	}
	// On a nil *Network or *Model: an error, not a panic, whatever data is.
	good, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][]byte{good, []byte("null"), nil} {
		if err := (*Network)(nil).UnmarshalJSON(in); err == nil || err.Error() != "mlp: UnmarshalJSON: on a nil *Network" {
			t.Errorf("(*Network)(nil).UnmarshalJSON(%.20q) = %v, want mlp: UnmarshalJSON: on a nil *Network", in, err)
		}
		if err := (*Model)(nil).UnmarshalJSON(in); err == nil || err.Error() != "mlp: Model.UnmarshalJSON: on a nil *Model" {
			t.Errorf("(*Model)(nil).UnmarshalJSON(%.20q) = %v, want mlp: Model.UnmarshalJSON: on a nil *Model", in, err)
		}
	}
	// A successful one replaces the layers and forgets the last Forward.
	x := NewMatrix(1, 2, []float64{1, 2})
	if _, err := net.Forward(x); err != nil {
		t.Fatal(err)
	}
	other, _ := New([]int{2, 4, 1}, WithSeed(5))
	b, err := other.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := net.UnmarshalJSON(b); err != nil {
		t.Fatalf("UnmarshalJSON(other) = %v", err)
	}
	if err := diffNetworks(net, other); err != nil {
		t.Errorf("after UnmarshalJSON(other): %v", err)
	}
	if _, err := net.Backward(NewMatrix(1, 1, nil)); err == nil || !strings.Contains(err.Error(), "no Forward pass") {
		t.Errorf("Backward after UnmarshalJSON = %v, want no Forward pass", err)
	}
}

// TestSaveAsDocumented: the tutorial's network saves to exactly the text
// that Save's doc comment in persist.go shows.
func TestSaveAsDocumented(t *testing.T) {
	src, err := os.ReadFile("persist.go")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(src), "The tutorial's network, saved:\n//\n")
	if !ok {
		t.Fatal(`persist.go has no "The tutorial's network, saved:" block`)
	}
	var want strings.Builder
	for _, line := range strings.Split(after, "\n") {
		text, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			break
		}
		want.WriteString(text + "\n")
	}
	net, err := New([]int{3, 5, 1}, WithoutBias())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range net.Layers {
		for i := range l.W.RawData() {
			l.W.RawData()[i] = 1
		}
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != want.String() {
		t.Errorf("Save(tutorial network) =\n%s\nwant, as Save's doc shows it,\n%s", got, want.String())
	}
}

// benchNet is a 784-128-10 network (101,770 weights and biases).
func benchNet(b *testing.B) *Network {
	net, err := New([]int{784, 128, 10})
	if err != nil {
		b.Fatal(err)
	}
	return net
}

func BenchmarkSave(b *testing.B) {
	net := benchNet(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := net.Save(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkLoad(b *testing.B) {
	var buf bytes.Buffer
	if err := benchNet(b).Save(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Load(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredict(b *testing.B) {
	net := benchNet(b)
	x := NewMatrix(64, 784, nil)
	for b.Loop() {
		if _, err := net.Predict(x); err != nil {
			b.Fatal(err)
		}
	}
}
