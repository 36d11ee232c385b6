package mlp

// Load on hostile input: every kind of bad file is an error that names the
// field or layer, allocates no more than a small bound, and never panics.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// editValidFile returns savedFileV1 with the first old replaced by new; old must occur.
func editValidFile(old, new string) string {
	if !strings.Contains(savedFileV1, old) {
		panic("editValidFile: " + old + " is not in savedFileV1")
	}
	return strings.Replace(savedFileV1, old, new, 1)
}

// hostileFiles lists bad files, one a row, each with the start of the
// error it must give. They are the seed corpus of FuzzLoad too.
func hostileFiles() []struct{ name, file, want string } {
	const layer1 = `"activation": "identity",`
	// JSON syntax errors give the 1-based position of the first bad byte.
	nan := editValidFile(`[0.5, -1, 2]`, `[0.5, NaN, 2]`)
	inf := editValidFile(`[0.5, -1, 2]`, `[0.5, -Infinity, 2]`)
	at := func(file, bad string) int { return strings.Index(file, bad) + 1 }
	return []struct{ name, file, want string }{
		// Unknown version.
		{"version 2", editValidFile(`"version": 1`, `"version": 2`), `mlp: Load: "version" is 2, want 1: this package reads version 1 only`},
		{"version 0", editValidFile(`"version": 1`, `"version": 0`), `mlp: Load: "version" is 0, want 1`},
		{"version 1.0", editValidFile(`"version": 1`, `"version": 1.0`), `mlp: Load: "version" is 1.0, want 1`},
		{"version huge", editValidFile(`"version": 1`, `"version": 1e400`), `mlp: Load: "version" is 1e400, want 1`},

		// Missing fields.
		{"no format", editValidFile(`"format": "github.com/glassbox-go/mlp",`, ``), `mlp: Load: "format" is missing: the input is not a saved network`},
		{"no version", editValidFile(`"version": 1,`, ``), `mlp: Load: "version" is missing, want 1`},
		{"no loss", editValidFile(`"loss": "squared-error",`, ``), `mlp: Load: "loss" is missing`},
		{"no layers", `{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error"}`, `mlp: Load: "layers" is missing`},
		{"no activation", editValidFile(layer1, ``), `mlp: Load: layer 1: "activation" is missing`},
		{"no inputs", editValidFile(`"inputs": 2,`, ``), `mlp: Load: layer 0: "inputs" is missing`},
		{"no outputs", editValidFile(`"outputs": 1,`, ``), `mlp: Load: layer 1: "outputs" is missing`},
		{"no W", editValidFile(`"W": [
        [1],
        [-2],
        [3]
      ],`, ``), `mlp: Load: layer 1: "W" is missing`},
		{"no B", editValidFile(`,
      "B": [0.1, 0.2, 0.3]`, ``), `mlp: Load: layer 0: "B" is missing (it is null for a layer without biases)`},

		// Extra fields, including ones that differ from a known one only in case.
		{"extra top field", editValidFile(`"version": 1,`, `"version": 1, "comment": "hi",`), `mlp: Load: unknown field "comment", want only format, version, loss and layers`},
		{"extra layer field", editValidFile(layer1, layer1+` "dropout": 0.5,`), `mlp: Load: layer 1: unknown field "dropout", want only activation, inputs, outputs, W and B`},
		{"field in wrong case", editValidFile(`"W": [
        [1],`, `"w": [
        [1],`), `mlp: Load: layer 1: unknown field "w"`},
		{"duplicate field", editValidFile(`"loss": "squared-error",`, `"loss": "squared-error", "loss": "squared-error",`), `mlp: Load: field "loss" appears twice`},
		{"duplicate W", editValidFile(`"B": null`, `"B": null, "W": [[1], [2], [3]]`), `mlp: Load: layer 1: field "W" appears twice`},

		// Inconsistent shapes between layers.
		{"inputs differ from previous outputs", editValidFile(`"inputs": 3,`, `"inputs": 4,`), `mlp: Load: layer 1: "inputs" is 4, want 3 to match layer 0's "outputs"`},
		{"outputs differ from next inputs", editValidFile(`"outputs": 3,`, `"outputs": 2,`), `mlp: Load: layer 0: W[0] has 3 numbers, want 2 ("outputs")`},

		// Sizes below 1.
		{"inputs 0", editValidFile(`"inputs": 2,`, `"inputs": 0,`), `mlp: Load: layer 0: "inputs" is 0, want at least 1`},
		{"outputs -3", editValidFile(`"outputs": 1,`, `"outputs": -3,`), `mlp: Load: layer 1: "outputs" is -3, want at least 1`},
		{"no layer", `{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error", "layers": []}`, `mlp: Load: "layers" is empty, want at least one layer`},

		// Data lengths that do not match the shapes.
		{"W row short", editValidFile(`[0.25, 0, -0]`, `[0.25, 0]`), `mlp: Load: layer 0: W[1] has 2 numbers, want 3 ("outputs")`},
		{"W row long", editValidFile(`[0.25, 0, -0]`, `[0.25, 0, -0, 7]`), `mlp: Load: layer 0: W[1] has 4 numbers, want 3 ("outputs")`},
		{"W row empty", editValidFile(`[0.25, 0, -0]`, `[]`), `mlp: Load: layer 0: W[1] has 0 numbers, want 3 ("outputs")`},
		{"W rows missing", editValidFile(`,
        [0.25, 0, -0]`, ``), `mlp: Load: layer 0: "W" has 1 row, want 2 ("inputs")`},
		{"W rows extra", editValidFile(`[0.25, 0, -0]`, `[0.25, 0, -0], [1, 2, 3], [4, 5, 6]`), `mlp: Load: layer 0: "W" has 4 rows, want 2 ("inputs")`},
		{"B short", editValidFile(`[0.1, 0.2, 0.3]`, `[0.1, 0.2]`), `mlp: Load: layer 0: "B" has 2 numbers, want 3 ("outputs")`},
		{"B long", editValidFile(`[0.1, 0.2, 0.3]`, `[0.1, 0.2, 0.3, 0.4]`), `mlp: Load: layer 0: "B" has 4 numbers, want 3 ("outputs")`},

		// Absurd sizes: refused from the input's length, before anything is built.
		{"10^12 weights", `{"format":"github.com/glassbox-go/mlp","version":1,"loss":"squared-error","layers":[{"activation":"relu","inputs":1000000,"outputs":1000000,"W":[[1]],"B":null}]}`,
			`mlp: Load: layer 0: "inputs"×"outputs" is 1000000×1000000 weights, more than a 161-byte input can hold`},
		{"product overflows int64", editValidFile(`"inputs": 2,
      "outputs": 3,`, `"inputs": 9223372036854775807,
      "outputs": 9223372036854775807,`), `mlp: Load: layer 0: "inputs"×"outputs" is 9223372036854775807×9223372036854775807 weights, more than a`},
		{"size beyond int64", editValidFile(`"outputs": 3,`, `"outputs": 99999999999999999999,`), `mlp: Load: layer 0: "outputs" is 99999999999999999999, want a whole number of at least 1`},
		{"wide output", editValidFile(`"outputs": 1,`, `"outputs": 100000,`), `mlp: Load: layer 1: "inputs"×"outputs" is 3×100000 weights, more than a`},

		// Truncated files.
		{"empty", ``, `mlp: Load: input is empty, want a saved network`},
		{"only spaces", " \n\t ", `mlp: Load: input is empty, want a saved network`},
		{"cut in the middle", savedFileV1[:len(savedFileV1)/2], fmt.Sprintf(`mlp: Load: input ends after %d bytes in the middle of the JSON: it is truncated`, len(savedFileV1)/2)},
		{"cut before the last brace", strings.TrimSuffix(savedFileV1, "}\n"), `mlp: Load: input ends after`},

		// Wrong types.
		{"top level array", `[1, 2, 3]`, `mlp: Load: the input is an array, want a JSON object`},
		{"top level string", `"github.com/glassbox-go/mlp"`, `mlp: Load: the input is a string, want a JSON object`},
		{"format number", editValidFile(`"format": "github.com/glassbox-go/mlp"`, `"format": 7`), `mlp: Load: "format" is a number, want the string "github.com/glassbox-go/mlp"`},
		{"other format", editValidFile(`"format": "github.com/glassbox-go/mlp"`, `"format": "keras"`), `mlp: Load: "format" is "keras", want "github.com/glassbox-go/mlp": the input is not a saved network`},
		{"version string", editValidFile(`"version": 1`, `"version": "1"`), `mlp: Load: "version" is "1", want 1`},
		{"version null", editValidFile(`"version": 1`, `"version": null`), `mlp: Load: "version" is null, want 1`},
		{"loss null", editValidFile(`"loss": "squared-error"`, `"loss": null`), `mlp: Load: "loss" is null, want the name of a built-in loss`},
		{"loss not UTF-8", editValidFile(`"loss": "squared-error"`, "\"loss\": \"squared\x99error\""), `mlp: Load: "loss" is a string that is not UTF-8, want the name of a built-in loss`},
		{"activation not UTF-8", editValidFile(`"activation": "sigmoid"`, "\"activation\": \"sigm\xf0id\""), `mlp: Load: layer 0: "activation" is a string that is not UTF-8, want the name of a built-in activation`},
		{"unknown loss", editValidFile(`"loss": "squared-error"`, `"loss": "hinge"`), `mlp: Load: "loss": unknown loss "hinge", want one of squared-error`},
		{"layers object", `{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error", "layers": {}}`, `mlp: Load: "layers" is an object, want an array of layers`},
		{"layer number", `{"format": "github.com/glassbox-go/mlp", "version": 1, "loss": "squared-error", "layers": [42]}`, `mlp: Load: layer 0 is a number, want an object with the fields activation, inputs, outputs, W and B`},
		{"activation number", editValidFile(`"activation": "sigmoid"`, `"activation": 3`), `mlp: Load: layer 0: "activation" is a number, want the name of a built-in activation`},
		{"unknown activation", editValidFile(`"activation": "sigmoid"`, `"activation": "softplus"`), `mlp: Load: layer 0: "activation": unknown activation "softplus", want one of identity, sigmoid`},
		{"activation in wrong case", editValidFile(`"activation": "sigmoid"`, `"activation": "Sigmoid"`), `mlp: Load: layer 0: "activation": unknown activation "Sigmoid"`},
		{"inputs string", editValidFile(`"inputs": 2,`, `"inputs": "2",`), `mlp: Load: layer 0: "inputs" is "2", want a whole number of at least 1`},
		{"inputs fraction", editValidFile(`"inputs": 2,`, `"inputs": 2.5,`), `mlp: Load: layer 0: "inputs" is 2.5, want a whole number of at least 1`},
		{"inputs array", editValidFile(`"inputs": 2,`, `"inputs": [2],`), `mlp: Load: layer 0: "inputs" is an array, want a whole number of at least 1`},
		{"W string", editValidFile(`"W": [
        [1],
        [-2],
        [3]
      ],`, `"W": "1 -2 3",`), `mlp: Load: layer 1: "W" is a string, want an array of 3 rows ("inputs") of 1 number ("outputs")`},
		{"W flat", editValidFile(`[1],
        [-2],
        [3]`, `1, -2, 3`), `mlp: Load: layer 1: W[0] is a number, want an array of 1 number`},
		{"W element string", editValidFile(`[0.5, -1, 2]`, `[0.5, "-1", 2]`), `mlp: Load: layer 0: W[0][1] is a string, want a number`},
		{"W element null", editValidFile(`[0.25, 0, -0]`, `[0.25, null, -0]`), `mlp: Load: layer 0: W[1][1] is null, want a number`},
		{"W element bool", editValidFile(`[0.25, 0, -0]`, `[0.25, 0, true]`), `mlp: Load: layer 0: W[1][2] is a boolean, want a number`},
		{"W element nested", editValidFile(`[-2]`, `[[-2]]`), `mlp: Load: layer 1: W[1][0] is an array, want a number`},
		{"B string", editValidFile(`"B": null`, `"B": "none"`), `mlp: Load: layer 1: "B" is a string, want null or an array of 1 number`},
		{"B false", editValidFile(`"B": null`, `"B": false`), `mlp: Load: layer 1: "B" is a boolean, want null or an array of 1 number`},
		{"B element object", editValidFile(`[0.1, 0.2, 0.3]`, `[0.1, {}, 0.3]`), `mlp: Load: layer 0: B[1] is an object, want a number`},

		// Numbers that are not valid weights, and what JSON has no room for.
		{"weight out of range", editValidFile(`[0.5, -1, 2]`, `[0.5, -1e400, 2]`), `mlp: Load: layer 0: W[0][1] is -1e400, out of float64 range (NaN and ±Inf are not valid weights)`},
		{"bias out of range", editValidFile(`[0.1, 0.2, 0.3]`, `[0.1, 0.2, 1.8e308]`), `mlp: Load: layer 0: B[2] is 1.8e308, out of float64 range`},
		{"NaN", nan, fmt.Sprintf(`mlp: Load: invalid JSON at byte %d: invalid character 'N' looking for beginning of value`, at(nan, "NaN"))},
		{"Infinity", inf, fmt.Sprintf(`mlp: Load: invalid JSON at byte %d: invalid character 'I' in numeric literal`, at(inf, "Infinity"))},
		{"trailing data", savedFileV1 + `{}`, fmt.Sprintf(`mlp: Load: invalid JSON at byte %d: invalid character '{' after top-level value`, len(savedFileV1)+1)},
		{"byte order mark", "\ufeff" + savedFileV1, `mlp: Load: invalid JSON at byte 1: invalid character 'ï' looking for beginning of value`},
	}
}

// TestLoadHostile: each bad file gives its error, allocates less than
// maxAlloc (the 10^12-weight file would need 8 TB if sizes were trusted),
// and leaves a network given to UnmarshalJSON unchanged.
func TestLoadHostile(t *testing.T) {
	const maxAlloc = 16 << 10
	for _, tt := range hostileFiles() {
		t.Run(tt.name, func(t *testing.T) {
			net, err := Load(strings.NewReader(tt.file))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Load(f) = %v, want %q", err, tt.want)
			}
			if net != nil {
				t.Errorf("Load(f) = %v with an error, want nil", net)
			}
			if n := heapBytes(20, func() { Load(strings.NewReader(tt.file)) }); n > maxAlloc {
				t.Errorf("Load(f) allocates %d bytes, want at most %d", n, maxAlloc)
			}

			dst, err1 := New([]int{2, 3, 1}, WithSeed(8))
			want, err2 := New([]int{2, 3, 1}, WithSeed(8))
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
			err = dst.UnmarshalJSON([]byte(tt.file))
			if wantU := strings.Replace(tt.want, "mlp: Load:", "mlp: UnmarshalJSON:", 1); err == nil || !strings.HasPrefix(err.Error(), wantU) {
				t.Errorf("UnmarshalJSON(f) = %v, want %q", err, wantU)
			}
			if err := diffNetworks(dst, want); err != nil {
				t.Errorf("after a failed UnmarshalJSON: %v", err)
			}
		})
	}
}

// TestLoadValid: the hand-written savedFileV1 loads with the numbers it holds,
// checked one by one, and within the same allocation bound as the errors
// plus what the network itself needs.
func TestLoadValid(t *testing.T) {
	net, err := Load(strings.NewReader(savedFileV1))
	if err != nil {
		t.Fatalf("Load(savedFileV1) = %v, want nil", err)
	}
	negZero := math.Copysign(0, -1)
	want := &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(2, 3, []float64{0.5, -1, 2, 0.25, 0, negZero}), B: NewMatrix(1, 3, []float64{0.1, 0.2, 0.3}), Activation: Sigmoid},
		{W: NewMatrix(3, 1, []float64{1, -2, 3}), Activation: Identity},
	}}
	if err := diffNetworks(net, want); err != nil {
		t.Errorf("Load(savedFileV1): %v", err)
	}
	if n := heapBytes(20, func() { Load(strings.NewReader(savedFileV1)) }); n > 16<<10 {
		t.Errorf("Load(savedFileV1) allocates %d bytes, want at most %d", n, 16<<10)
	}
}

// TestLoadTruncated: every proper prefix of a saved file is an error, never
// a network.
func TestLoadTruncated(t *testing.T) {
	net := roundTripNet(t, Tanh, SquaredError, true, 1)
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	full := bytes.TrimRight(buf.Bytes(), "\n")
	for i := 0; i < len(full); i++ {
		got, err := Load(bytes.NewReader(full[:i]))
		if err == nil || got != nil || !strings.HasPrefix(err.Error(), "mlp: Load: ") {
			t.Fatalf("Load(first %d of %d bytes) = %v, %v, want an mlp: Load: error", i, len(full), got, err)
		}
	}
}

// TestLoadMemoryFollowsInput: a file that declares large matrices but holds
// few numbers allocates for the numbers it holds, not for the sizes. Here
// the file is made long with white space, so that the sizes pass the check
// against its length; allocating them would take 3.9 MB.
func TestLoadMemoryFollowsInput(t *testing.T) {
	file := []byte(editValidFile(`"B": [0.1, 0.2, 0.3]`, `"B": null`+strings.Repeat(" ", 1<<20)))
	file = bytes.Replace(file, []byte(`"outputs": 3`), []byte(`"outputs": 700`), 1)
	file = bytes.Replace(file, []byte(`"inputs": 2`), []byte(`"inputs": 700`), 1)
	var err error
	n := heapBytes(5, func() { _, err = decodeNetwork("Load", file) })
	if want := `mlp: Load: layer 0: W[0] has 3 numbers, want 700 ("outputs")`; err == nil || err.Error() != want {
		t.Errorf("Load(f) = %v, want %q", err, want)
	}
	if n > 16<<10 {
		t.Errorf("Load(f) allocates %d bytes, want at most %d", n, 16<<10)
	}
}

// TestLoadLimit: input longer than the limit is refused after reading
// limit+1 bytes, however long the reader goes on.
func TestLoadLimit(t *testing.T) {
	_, err := load("Load", endlessSpaces{}, 1000)
	if want := "mlp: Load: input is longer than 1000 bytes (MaxLoadBytes)"; err == nil || err.Error() != want {
		t.Errorf("load(endlessSpaces, 1000) = %v, want %q", err, want)
	}
	if n := heapBytes(5, func() { load("Load", endlessSpaces{}, 1000) }); n > 16<<10 {
		t.Errorf("load(endlessSpaces, 1000) allocates %d bytes, want at most %d", n, 16<<10)
	}
	if _, err := load("Load", strings.NewReader(savedFileV1), int64(len(savedFileV1))); err != nil {
		t.Errorf("load(savedFileV1, its length) = %v, want nil", err)
	}
	if _, err := Load(nil); err == nil || err.Error() != "mlp: Load: reader is nil" {
		t.Errorf("Load(nil) = %v, want mlp: Load: reader is nil", err)
	}
	if _, err := Load(closedPipeReader{}); err == nil || err.Error() != "mlp: Load: "+io.ErrClosedPipe.Error() {
		t.Errorf("Load(failing reader) = %v, want mlp: Load: %v", err, io.ErrClosedPipe)
	}
}

// endlessSpaces is a reader of spaces without end.
type endlessSpaces struct{}

func (endlessSpaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

type closedPipeReader struct{}

func (closedPipeReader) Read(p []byte) (int, error) { return 0, io.ErrClosedPipe }

// TestLoadJSONForms: what JSON allows is accepted however it is written:
// escaped keys and names, any white space, exponents, upper-case E, and
// numbers that round to the nearest float64 (1e-400 to 0).
func TestLoadJSONForms(t *testing.T) {
	file := "{\"\\u0066ormat\" :\t\"github.com\\/glassbox-go\\/mlp\",\r\n\"version\":1 , \"loss\":\"squared\\u002derror\"," +
		"\"layers\":[ {\"activation\":\"\\u0072elu\",\"inputs\":1,\"outputs\":3,\"W\":[ [ -0.0e-0, 1E+2 ,2.5e-1] ],\"B\":[1e-400, 5e-324, 0.30000000000000004]} ] }\n"
	net, err := Load(strings.NewReader(file))
	if err != nil {
		t.Fatalf("Load(f) = %v, want nil", err)
	}
	want := &Network{Loss: SquaredError, Layers: []*Layer{{
		W:          NewMatrix(1, 3, []float64{math.Copysign(0, -1), 100, 0.25}),
		B:          NewMatrix(1, 3, []float64{0, math.SmallestNonzeroFloat64, math.Nextafter(0.3, 1)}), // 0.1+0.2 in float64
		Activation: ReLU,
	}}}
	if err := diffNetworks(net, want); err != nil {
		t.Errorf("Load(f): %v", err)
	}
}
