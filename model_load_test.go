package mlp

// Saving and loading a Model: the format of Model.Save's documentation,
// round trips bit for bit, hostile files, and the file guarantees.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// savedModelV1 is the example of Model.Save's documentation, written by
// hand: a classifier of two features and two classes.
const savedModelV1 = `{
  "format": "github.com/glassbox-go/mlp/model",
  "version": 1,
  "features": ["length", "width"],
  "classes": ["small", "large"],
  "targets": null,
  "scaler": {
    "mean": [5.5, 3],
    "std": [0.5, 0.25]
  },
  "target_scaler": null,
  "network": {
    "format": "github.com/glassbox-go/mlp",
    "version": 1,
    "loss": "cross-entropy",
    "layers": [
      {
        "activation": "softmax",
        "inputs": 2,
        "outputs": 2,
        "W": [
          [1, -1],
          [0.5, -0.5]
        ],
        "B": [0, 0]
      }
    ]
  }
}
`

// bundleDocModel returns the model of savedModelV1, built by hand.
func bundleDocModel() *Model {
	net := &Network{Loss: CrossEntropy, Layers: []*Layer{{
		W:          NewMatrix(2, 2, []float64{1, -1, 0.5, -0.5}),
		B:          NewMatrix(1, 2, []float64{0, 0}),
		Activation: Softmax,
	}}}
	return &Model{
		Net:      net,
		Features: []string{"length", "width"},
		Classes:  []string{"small", "large"},
		Scaler:   &Scaler{Mean: []float64{5.5, 3}, Std: []float64{0.5, 0.25}},
	}
}

// diffModels returns an error describing the first difference between got
// and want, comparing every number bit for bit.
func diffModels(got, want *Model) error {
	if err := diffNetworks(got.Net, want.Net); err != nil {
		return fmt.Errorf("Net: %v", err)
	}
	for _, names := range [...]struct {
		what      string
		got, want []string
	}{{"Features", got.Features, want.Features}, {"Classes", got.Classes, want.Classes}, {"Targets", got.Targets, want.Targets}} {
		if (names.got == nil) != (names.want == nil) || !slices.Equal(names.got, names.want) {
			return fmt.Errorf("%s = %q, want %q", names.what, names.got, names.want)
		}
	}
	for _, s := range [...]struct {
		what      string
		got, want *Scaler
	}{{"Scaler", got.Scaler, want.Scaler}, {"TargetScaler", got.TargetScaler, want.TargetScaler}} {
		if (s.got == nil) != (s.want == nil) {
			return fmt.Errorf("%s = %v, want %v", s.what, s.got, s.want)
		}
		if s.got == nil {
			continue
		}
		if err := diffBits(s.what+".Mean", NewMatrix(1, len(s.got.Mean), s.got.Mean), NewMatrix(1, len(s.want.Mean), s.want.Mean)); err != nil {
			return err
		}
		if err := diffBits(s.what+".Std", NewMatrix(1, len(s.got.Std), s.got.Std), NewMatrix(1, len(s.want.Std), s.want.Std)); err != nil {
			return err
		}
	}
	return nil
}

// TestModelSaveFormat: Save writes the model of its documentation as the
// documentation shows it, character for character; LoadModel reads the
// hand-written file back to the same numbers, and its prediction of a raw
// row is the one computed by hand.
func TestModelSaveFormat(t *testing.T) {
	var b bytes.Buffer
	if err := bundleDocModel().Save(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != savedModelV1 {
		t.Errorf("Save(documentation's model) =\n%s\nwant\n%s", b.String(), savedModelV1)
	}
	m, err := LoadModel(strings.NewReader(savedModelV1))
	if err != nil {
		t.Fatalf("LoadModel(savedModelV1) = %v", err)
	}
	if err := diffModels(m, bundleDocModel()); err != nil {
		t.Errorf("LoadModel(savedModelV1): %v", err)
	}
	// (6, 3.5) scales to (1, 2); z = (1 + 1, −1 − 1) = (2, −2), so "small"
	// with probability e²/(e² + e⁻²) = 1/(1 + e⁻⁴).
	p, err := m.Predict([]float64{6, 3.5})
	if want := 1 / (1 + math.Exp(-4)); err != nil || math.Abs(p[0]-want) > 1e-15 || math.Abs(p[0]+p[1]-1) > 1e-15 {
		t.Errorf("Predict(6, 3.5) = %v, %v, want [%v %v]", p, err, want, 1-want)
	}
	if c, err := m.PredictClass([]float64{6, 3.5}); err != nil || c != "small" {
		t.Errorf("PredictClass(6, 3.5) = %q, %v, want small", c, err)
	}
	// The network inside is a saved network that Load reads as it is.
	var doc struct{ Network json.RawMessage }
	if err := json.Unmarshal([]byte(savedModelV1), &doc); err != nil {
		t.Fatal(err)
	}
	net, err := Load(bytes.NewReader(doc.Network))
	if err != nil {
		t.Fatalf("Load(the model's network) = %v", err)
	}
	if err := diffNetworks(net, bundleDocModel().Net); err != nil {
		t.Errorf("Load(the model's network): %v", err)
	}
	if n := heapBytes(20, func() { LoadModel(strings.NewReader(savedModelV1)) }); n > 16<<10 {
		t.Errorf("LoadModel(savedModelV1) allocates %d bytes, want at most %d", n, 16<<10)
	}
}

// bundleModels returns trained models of every kind: a classifier of
// iris, a regression of diabetes with its TargetScaler, the regression
// without names or scalers, and a single-output tanh classifier.
func bundleModels(t *testing.T) map[string]*Model {
	iris, _ := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	diabetes, _ := bundleSplit(t, bundleRead(t, "diabetes.csv", "progression"))
	bare := bundleTrained(t, diabetes)
	bare.Features, bare.Scaler, bare.TargetScaler = nil, nil, nil
	x := NewMatrix(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	xor := &Dataset{X: x, Y: NewMatrix(4, 1, []float64{-1, 1, 1, -1}), Features: []string{"a", "b"}, Classes: []string{"same", "different"}}
	return map[string]*Model{
		"classifier": bundleTrained(t, iris),
		"regression": bundleTrained(t, diabetes),
		"bare":       bare,
		"tanh":       bundleTrained(t, xor, WithActivation(Tanh), WithOutputActivation(Tanh), WithLoss(SquaredError)),
	}
}

// TestModelRoundTrip: save, load and predict gives the outputs of the
// model saved, bit for bit, through Save and LoadModel, SaveFile and
// LoadModelFile, and MarshalJSON and UnmarshalJSON inside a larger
// document; saving the loaded model writes the same bytes.
func TestModelRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for name, m := range bundleModels(t) {
		rows := []float64{}
		inputs := m.Net.Layers[0].W.rows
		for i := range 3 * inputs {
			rows = append(rows, float64(i%7)-1.5)
		}
		x := NewMatrix(3, inputs, rows)
		want, err := m.PredictMatrix(x)
		if err != nil {
			t.Fatal(err)
		}
		var saved bytes.Buffer
		if err := m.Save(&saved); err != nil {
			t.Fatalf("%s: Save = %v", name, err)
		}
		file := filepath.Join(dir, name+".json")
		if err := m.SaveFile(file); err != nil {
			t.Fatalf("%s: SaveFile = %v", name, err)
		}
		doc, err := json.Marshal(struct {
			Name  string
			Model *Model
		}{name, m})
		if err != nil {
			t.Fatalf("%s: json.Marshal = %v", name, err)
		}
		var back struct {
			Name  string
			Model *Model
		}
		loads := map[string]func() (*Model, error){
			"LoadModel":     func() (*Model, error) { return LoadModel(bytes.NewReader(saved.Bytes())) },
			"LoadModelFile": func() (*Model, error) { return LoadModelFile(file) },
			"UnmarshalJSON": func() (*Model, error) { return back.Model, json.Unmarshal(doc, &back) },
		}
		for how, load := range loads {
			got, err := load()
			if how == "UnmarshalJSON" {
				got = back.Model
			}
			if err != nil {
				t.Fatalf("%s: %s = %v", name, how, err)
			}
			if err := diffModels(got, m); err != nil {
				t.Errorf("%s: %s: %v", name, how, err)
			}
			out, err := got.PredictMatrix(x)
			if err != nil {
				t.Fatal(err)
			}
			if err := diffBits(name+": "+how+": PredictMatrix", out, want); err != nil {
				t.Error(err)
			}
			var again bytes.Buffer
			if err := got.Save(&again); err != nil || again.String() != saved.String() {
				t.Errorf("%s: %s: Save of the loaded model = %v, differs from the file loaded", name, how, err)
			}
		}
	}
}

// editModelFile returns savedModelV1 with the first old replaced by new;
// old must occur.
func editModelFile(old, new string) string {
	if !strings.Contains(savedModelV1, old) {
		panic("editModelFile: " + old + " is not in savedModelV1")
	}
	return strings.Replace(savedModelV1, old, new, 1)
}

// hostileModelFiles lists bad model files, one a row, with the error each
// must give after "mlp: LoadModel: ", whole. They are the seed corpus of
// FuzzLoadModel too.
func hostileModelFiles() []struct{ name, file, want string } {
	const scaler = `"scaler": {
    "mean": [5.5, 3],
    "std": [0.5, 0.25]
  },`
	regression := editModelFile(`"classes": ["small", "large"],
  "targets": null,`, `"classes": null,
  "targets": ["size", "weight"],`)
	long := strings.Repeat("z", 1000)
	huge := editModelFile(`"inputs": 2,
        "outputs": 2,`, `"inputs": 1000000,
        "outputs": 1000000,`)
	return []struct{ name, file, want string }{
		// Not a model at all.
		{"empty", "", "input is empty, want a saved model"},
		{"spaces", " \n", "input is empty, want a saved model"},
		{"truncated", savedModelV1[:300], "input ends after 300 bytes in the middle of the JSON: it is truncated"},
		{"array", `[1]`, "the input is an array, want a JSON object with the fields format, version, features, classes, targets, scaler, target_scaler and network"},
		{"a network", savedFileV1, `"format" is "github.com/glassbox-go/mlp": the input is a saved network, not a model; read it with Load`},
		{"no format", editModelFile(`"format": "github.com/glassbox-go/mlp/model",`, ``), `"format" is missing: the input is not a saved model (want "format": "github.com/glassbox-go/mlp/model")`},
		{"other format", editModelFile(`"github.com/glassbox-go/mlp/model"`, `"`+long+`"`), `"format" is "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"… (1000 bytes), want "github.com/glassbox-go/mlp/model": the input is not a saved model`},
		{"format number", editModelFile(`"github.com/glassbox-go/mlp/model"`, `3`), `"format" is a number, want the string "github.com/glassbox-go/mlp/model"`},
		{"version 2", editModelFile(`"version": 1,
  "features"`, `"version": 2,
  "features"`), `"version" is 2, want 1: this package reads version 1 only`},
		{"no version", editModelFile(`"version": 1,
  "features"`, `"features"`), `"version" is missing, want 1`},

		// Fields missing, unknown or repeated.
		{"extra field", editModelFile(`"targets": null,`, `"targets": null, "threshold": 0.5,`), `unknown field "threshold", want only format, version, features, classes, targets, scaler, target_scaler and network`},
		{"repeated field", editModelFile(`"targets": null,`, `"targets": null, "targets": null,`), `field "targets" appears twice`},
		{"no features", editModelFile(`"features": ["length", "width"],`, ``), `"features" is missing (it is null where there is none)`},
		{"no target_scaler", editModelFile(`"target_scaler": null,`, ``), `"target_scaler" is missing (it is null where there is none)`},
		{"no network", strings.Split(savedModelV1, `,
  "network"`)[0] + "}", `"network" is missing (it is null where there is none)`},

		// The network, through Load's decoder.
		{"network null", strings.Split(savedModelV1, `"network"`)[0] + `"network": null}`, `"network" is null, want an object: a network in the format of Network.Save`},
		{"network array", strings.Split(savedModelV1, `"network"`)[0] + `"network": []}`, `"network" is an array, want an object: a network in the format of Network.Save`},
		{"network string", strings.Split(savedModelV1, `"network"`)[0] + `"network": "net.json"}`, `"network" is a string, want an object: a network in the format of Network.Save`},
		{"network twice", editModelFile(`"target_scaler": null,`, `"target_scaler": null, "network": {},`), `field "network" appears twice`},
		{"network version", editModelFile(`"version": 1,
    "loss"`, `"version": 7,
    "loss"`), `network: "version" is 7, want 1: this package reads version 1 only`},
		{"network layer", editModelFile(`[0.5, -0.5]`, `[0.5]`), `network: layer 0: W[1] has 1 number, want 2 ("outputs")`},
		{"network 10^12 weights", huge, fmt.Sprintf(`network: layer 0: "inputs"×"outputs" is 1000000×1000000 weights, more than a %d-byte input can hold`, len(networkOf(huge)))},

		// Names.
		{"features short", editModelFile(`["length", "width"]`, `["length"]`), `"features" has 1 name, want 2 (one a network input)`},
		{"features long", editModelFile(`["length", "width"]`, `["length", "width", "depth"]`), `"features" has 3 names, want 2 (one a network input)`},
		{"feature number", editModelFile(`["length", "width"]`, `["length", 2]`), `features[1] is a number, want a string in UTF-8`},
		{"features object", editModelFile(`["length", "width"]`, `{}`), `"features" is an object, want null or an array of 2 strings (one a network input)`},
		{"classes short", editModelFile(`["small", "large"]`, `["small"]`), `"classes" has 1 name, want 2 (one a network output)`},
		{"classes repeated", editModelFile(`["small", "large"]`, `["small", "small"]`), `classes[0] and classes[1] are both "small", want distinct names`},
		{"class null", editModelFile(`["small", "large"]`, `["small", null]`), `classes[1] is null, want a string in UTF-8`},
		// Found by FuzzLoadModel: a name that is not UTF-8 was read as its bytes, and saved back as
		// U+FFFD by encoding/json, so that the model read again differed.
		{"target not UTF-8", strings.Replace(regression, `["size", "weight"]`, "[\"\x99\", \"weight\"]", 1), `targets[0] is a string that is not UTF-8, want a string in UTF-8`},
		{"feature not UTF-8", editModelFile(`["length", "width"]`, "[\"length\", \"w\xffidth\"]"), `features[1] is a string that is not UTF-8, want a string in UTF-8`},
		{"class with a raw newline", editModelFile(`["small", "large"]`, "[\"sm\nall\", \"large\"]"), `invalid JSON at byte 119: invalid character '\n' in string literal`},
		{"class bad escape", editModelFile(`["small", "large"]`, `["sm\qall", "large"]`), `invalid JSON at byte 120: invalid character 'q' in string escape code`},
		{"neither", editModelFile(`"classes": ["small", "large"],`, `"classes": null,`), `"classes" and "targets" are both null, want the classes of a classifier or the targets of a regression`},
		{"both", editModelFile(`"targets": null,`, `"targets": ["size", "weight"],`), `"classes" and "targets" are both set, want one of them: the classes of a classifier or the targets of a regression`},
		{"targets short", editModelFile(`"classes": ["small", "large"],
  "targets": null,`, `"classes": null,
  "targets": ["size"],`), `"targets" has 1 name, want 2 (one a network output)`},
		{"targets repeated", strings.Replace(regression, `["size", "weight"]`, `["size", "size"]`, 1), `targets[0] and targets[1] are both "size", want distinct names`},

		// Scalers.
		{"scaler array", editModelFile(scaler, `"scaler": [5.5, 3],`), `"scaler" is an array, want null or an object with the fields mean and std`},
		{"scaler extra field", editModelFile(`"std": [0.5, 0.25]`, `"std": [0.5, 0.25], "var": [1, 1]`), `scaler: unknown field "var", want only mean and std`},
		{"scaler no std", editModelFile(`,
    "std": [0.5, 0.25]`, ``), `scaler: "std" is missing`},
		{"mean short", editModelFile(`[5.5, 3]`, `[5.5]`), `scaler.mean has 1 number, want 2 (one a network input)`},
		{"mean long", editModelFile(`[5.5, 3]`, `[5.5, 3, 1]`), `scaler.mean has 3 numbers, want 2 (one a network input)`},
		{"mean string", editModelFile(`[5.5, 3]`, `"5.5 3"`), `scaler.mean is a string, want an array of 2 numbers (one a network input)`},
		{"mean element", editModelFile(`[5.5, 3]`, `[5.5, "3"]`), `scaler.mean[1] is a string, want a number`},
		{"mean out of range", editModelFile(`[5.5, 3]`, `[5.5, 1e999]`), `scaler.mean[1] is 1e999, out of float64 range (NaN and ±Inf are not valid weights)`},
		{"std 0", editModelFile(`[0.5, 0.25]`, `[0.5, 0]`), `scaler.std[1] is 0, want a number above 0`},
		{"std negative", editModelFile(`[0.5, 0.25]`, `[-0.5, 0.25]`), `scaler.std[0] is -0.5, want a number above 0`},
		{"target scaler on a classifier", editModelFile(`"target_scaler": null`, `"target_scaler": {"mean": [0, 0], "std": [1, 1]}`), `"target_scaler" is an object, want null for a classifier (only a regression's targets are scaled)`},
		{"target scaler short", strings.Replace(regression, `"target_scaler": null`, `"target_scaler": {"mean": [0], "std": [1]}`, 1), `target_scaler.mean has 1 number, want 2 (one a network output)`},
		{"target scaler std 0", strings.Replace(regression, `"target_scaler": null`, `"target_scaler": {"mean": [0, 0], "std": [1, -0]}`, 1), `target_scaler.std[1] is -0, want a number above 0`},
	}
}

// networkOf returns the value of "network" in a file laid out as
// savedModelV1: from its opening brace to its closing one.
func networkOf(file string) string {
	start := strings.Index(file, `"network": `) + len(`"network": `)
	return strings.TrimSuffix(file[start:], "\n}\n")
}

// TestLoadModelHostile: each bad file gives its error and no model,
// allocates at most 16 KiB (the 10¹²-weight file would take 8 TB if sizes
// were trusted), and leaves a model given to UnmarshalJSON as it was.
func TestLoadModelHostile(t *testing.T) {
	for _, tt := range hostileModelFiles() {
		t.Run(tt.name, func(t *testing.T) {
			m, err := LoadModel(strings.NewReader(tt.file))
			if want := "mlp: LoadModel: " + tt.want; err == nil || err.Error() != want || m != nil {
				t.Errorf("LoadModel(f) = %v, %v, want nil, %q", m, err, want)
			}
			if n := heapBytes(10, func() { LoadModel(strings.NewReader(tt.file)) }); n > 16<<10 {
				t.Errorf("LoadModel(f) allocates %d bytes, want at most %d", n, 16<<10)
			}
			dst := bundleDocModel()
			err = dst.UnmarshalJSON([]byte(tt.file))
			if want := "mlp: Model.UnmarshalJSON: " + tt.want; err == nil || err.Error() != want {
				t.Errorf("UnmarshalJSON(f) = %v, want %q", err, want)
			}
			if err := diffModels(dst, bundleDocModel()); err != nil {
				t.Errorf("after a failed UnmarshalJSON: %v", err)
			}
		})
	}
}

// TestLoadModelValidForms: the fields in another order, null names and
// scalers, and a regression's TargetScaler load; null is no change to
// UnmarshalJSON; the network loads as a network and not as a model.
func TestLoadModelValidForms(t *testing.T) {
	reordered := `{"network": ` + strings.Split(savedModelV1, `"network": `)[1] // ends with the model's closing brace
	reordered = strings.TrimSuffix(strings.TrimSpace(reordered), "}") + `, "target_scaler": null, "scaler": null, "targets": null, "classes": ["small", "large"], "features": null, "version": 1, "format": "github.com/glassbox-go/mlp/model"}`
	m, err := LoadModel(strings.NewReader(reordered))
	if err != nil {
		t.Fatalf("LoadModel(reordered, nulls) = %v", err)
	}
	want := bundleDocModel()
	want.Features, want.Scaler = nil, nil
	if err := diffModels(m, want); err != nil {
		t.Errorf("LoadModel(reordered, nulls): %v", err)
	}
	regression := editModelFile(`"classes": ["small", "large"],
  "targets": null,`, `"classes": null,
  "targets": ["size", "weight"],`)
	regression = strings.Replace(regression, `"target_scaler": null`, `"target_scaler": {"std": [2, 4], "mean": [-1, 1e-3]}`, 1)
	m, err = LoadModel(strings.NewReader(regression))
	if err != nil {
		t.Fatalf("LoadModel(regression) = %v", err)
	}
	if fmt.Sprint(m.Targets, m.Classes == nil, m.TargetScaler.Mean, m.TargetScaler.Std) != "[size weight] true [-1 0.001] [2 4]" {
		t.Errorf("LoadModel(regression): Targets %v, TargetScaler %v", m.Targets, m.TargetScaler)
	}
	dst := bundleDocModel()
	if err := dst.UnmarshalJSON([]byte(" null ")); err != nil || diffModels(dst, bundleDocModel()) != nil {
		t.Errorf("UnmarshalJSON(null) = %v, or changed the model", err)
	}
	if err := dst.UnmarshalJSON([]byte(regression)); err != nil {
		t.Fatalf("UnmarshalJSON(regression) = %v", err)
	}
	if err := diffModels(dst, m); err != nil {
		t.Errorf("UnmarshalJSON(regression) over a classifier, every field replaced: %v", err)
	}
	if _, err := Load(strings.NewReader(savedModelV1)); err == nil || !strings.Contains(err.Error(), "the input is not a saved network") {
		t.Errorf("Load(a model) = %v, want the not-a-saved-network error", err)
	}
	if _, err := LoadModel(nil); err == nil || err.Error() != "mlp: LoadModel: reader is nil" {
		t.Errorf("LoadModel(nil) = %v", err)
	}
	if _, err := LoadModel(closedPipeReader{}); err == nil || err.Error() != "mlp: LoadModel: "+io.ErrClosedPipe.Error() {
		t.Errorf("LoadModel(failing reader) = %v", err)
	}
}

// TestModelSaveErrors: a model that cannot be saved writes nothing: not to
// a writer, and not over a file, which keeps its old content with no
// temporary file left.
func TestModelSaveErrors(t *testing.T) {
	nan := bundleDocModel()
	nan.Net.Layers[0].W.Set(1, 0, math.NaN())
	custom := bundleDocModel()
	custom.Net.Layers[0].Activation = NewActivation("softsign", func(z float64) float64 { return z / (1 + math.Abs(z)) }, func(z, _ float64) float64 { return 1 / ((1 + math.Abs(z)) * (1 + math.Abs(z))) })
	inconsistent := bundleDocModel()
	inconsistent.Classes = nil
	notUTF8 := bundleDocModel()
	notUTF8.Classes = []string{"small", "l\x99rge"}
	for _, tt := range []struct {
		name string
		m    *Model
		want string // after "mlp: Model.Save: "
	}{
		{"NaN weight", nan, "Net: layer 0: W[1][0] is NaN; NaN and ±Inf are not valid weights"},
		{"custom activation", custom, `Net: layer 0: activation "softsign" cannot be saved`},
		{"no classes", inconsistent, "neither Classes nor Targets is set, want Classes for a classifier or Targets for a regression"},
		// encoding/json would write U+FFFD for the byte: the model read back would differ.
		{"name not UTF-8", notUTF8, `Classes[1] is "l\x99rge", not valid UTF-8, want text (a saved model is JSON, which is UTF-8)`},
	} {
		var b bytes.Buffer
		if err := tt.m.Save(&b); err == nil || !strings.HasPrefix(err.Error(), "mlp: Model.Save: "+tt.want) || b.Len() != 0 {
			t.Errorf("%s: Save = %v after writing %d bytes, want nothing written and %q", tt.name, err, b.Len(), "mlp: Model.Save: "+tt.want)
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "model.json")
		if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := tt.m.SaveFile(name); err == nil || !strings.HasPrefix(err.Error(), "mlp: Model.SaveFile: "+tt.want) {
			t.Errorf("%s: SaveFile = %v, want %q", tt.name, err, "mlp: Model.SaveFile: "+tt.want)
		}
		checkOldFileOnly(t, dir, "model.json", "old")
		if _, err := json.Marshal(tt.m); err == nil || !strings.Contains(err.Error(), "mlp: Model.MarshalJSON: "+tt.want) {
			t.Errorf("%s: json.Marshal = %v, want %q", tt.name, err, "mlp: Model.MarshalJSON: "+tt.want)
		}
	}
	if err := bundleDocModel().Save(nil); err == nil || err.Error() != "mlp: Model.Save: writer is nil" {
		t.Errorf("Save(nil) = %v", err)
	}
	// Network.Save shares the writing, and the nil check.
	if err := bundleDocModel().Net.Save(nil); err == nil || err.Error() != "mlp: Save: writer is nil" {
		t.Errorf("Network.Save(nil) = %v, want mlp: Save: writer is nil", err)
	}
	if err := bundleDocModel().Save(failingWriter{}); err == nil || err.Error() != "mlp: Model.Save: "+io.ErrShortWrite.Error() {
		t.Errorf("Save(failing writer) = %v", err)
	}
	// SaveFile replaces the file, keeping its permissions, and LoadModelFile
	// reads it.
	dir := t.TempDir()
	name := filepath.Join(dir, "model.json")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := bundleDocModel().SaveFile(name); err != nil {
		t.Fatal(err)
	}
	checkOldFileOnly(t, dir, "model.json", savedModelV1)
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("SaveFile over a 0600 file: mode %v, %v, want 0600 kept", fi.Mode(), err)
	}
	if _, err := LoadModelFile(filepath.Join(dir, "missing.json")); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "mlp: LoadModelFile: ") {
		t.Errorf("LoadModelFile(missing) = %v, want an mlp: LoadModelFile: error wrapping os.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(savedFileV1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadModelFile(bad); err == nil || !strings.HasPrefix(err.Error(), `mlp: LoadModelFile: "format" is "github.com/glassbox-go/mlp": the input is a saved network`) {
		t.Errorf("LoadModelFile(a network) = %v", err)
	}
	// A file larger than MaxLoadBytes is refused before it is read.
	big := bigSparseFile(t, dir)
	var lerr error
	if n := heapBytes(3, func() { _, lerr = LoadModelFile(big) }); n > 16<<10 {
		t.Errorf("LoadModelFile(1 GiB + 1) allocates %d bytes, want at most %d", n, 16<<10)
	}
	if lerr == nil || !strings.HasPrefix(lerr.Error(), "mlp: LoadModelFile: ") || !strings.Contains(lerr.Error(), "more than MaxLoadBytes") {
		t.Errorf("LoadModelFile(1 GiB + 1) = %v, want more than MaxLoadBytes", lerr)
	}
}

// bigSparseFile returns the name of a new file in dir of MaxLoadBytes + 1
// zero bytes, sparse so that it takes no room on disk, or skips the test
// where no such file can be made.
func bigSparseFile(t *testing.T, dir string) string {
	t.Helper()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(MaxLoadBytes + 1); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	return big
}

// FuzzLoadModel: whatever the bytes, LoadModel returns an mlp: LoadModel:
// error and no model, or a model whose parts fit together, that saves, and
// whose saved form loads back to the same bytes.
//
//	go test -run='^$' -fuzz='^FuzzLoadModel$' -fuzztime=3m -parallel=1
func FuzzLoadModel(f *testing.F) {
	f.Add([]byte(savedModelV1))
	for _, tt := range hostileModelFiles() {
		f.Add([]byte(tt.file))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadModel(bytes.NewReader(data))
		if err != nil {
			if m != nil || !strings.HasPrefix(err.Error(), "mlp: LoadModel: ") {
				t.Fatalf("LoadModel = %v, %v, want nil and an mlp: LoadModel: error", m, err)
			}
			return
		}
		if err := m.check("fuzz"); err != nil {
			t.Fatalf("LoadModel gave a model whose parts do not fit: %v", err)
		}
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatalf("Save(LoadModel(data)) = %v", err)
		}
		again, err := LoadModel(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("LoadModel(Save(LoadModel(data))) = %v", err)
		}
		if err := diffModels(again, m); err != nil {
			t.Fatalf("LoadModel(Save(m)) differs from m: %v", err)
		}
	})
}

// TestModelGlassBox: the network of a model is a plain network that every
// tool of the package takes, on inputs standardised by the model's Scaler.
func TestModelGlassBox(t *testing.T) {
	train, _ := bundleSplit(t, bundleRead(t, "iris.csv", ""))
	m := bundleTrained(t, train)
	x, err := m.Scaler.Transform(train.X)
	if err != nil {
		t.Fatal(err)
	}
	before := m.Net.Clone()
	if _, err := m.Net.Forward(x); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Net.Backward(train.Y); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Net.Diagnose(); err != nil {
		t.Errorf("Diagnose(m.Net) = %v", err)
	}
	if _, err := m.Net.CheckGradients(NewMatrix(2, 4, x.RawData()[:8]), NewMatrix(2, 3, train.Y.RawData()[:6])); err != nil {
		t.Errorf("CheckGradients(m.Net) = %v", err)
	}
	var svg bytes.Buffer
	if err := DrawNetwork(&svg, m.Net, nil); err != nil || !strings.Contains(svg.String(), "<svg") {
		t.Errorf("DrawNetwork(m.Net) = %v", err)
	}
	if err := diffNetworks(m.Net, before); err != nil {
		t.Errorf("looking at the network changed it: %v", err)
	}
	if _, err := m.Net.Trace(x, train.Y, 0.01); err != nil {
		t.Errorf("Trace(m.Net) = %v", err)
	}
	if _, err := m.Train(context.Background(), train, TrainConfig{Epochs: 1, LearningRate: 0.01}); err != nil {
		t.Errorf("Train after Trace = %v", err)
	}
}
