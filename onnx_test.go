package mlp

// ONNX export and import: models exported by PyTorch (testdata/onnx, made by
// gen_torch.py) give PyTorch's outputs; WriteONNX writes the bytes that
// onnx.helper builds from the specification; export then import is bit for
// bit; and the errors of both. The hostile files are in onnx_hostile_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// torchCase is one model of testdata/onnx/torch_*.json, written by
// gen_torch.py: the input, PyTorch's output, and for a float32 model the
// output of the same model in float64.
type torchCase struct {
	Model         string      `json:"model"`
	Dtype         string      `json:"dtype"`
	Input         [][]float64 `json:"input"`
	Output        [][]float64 `json:"output"`
	OutputFloat64 [][]float64 `json:"output_float64"`
}

// torchCases reads every testdata/onnx/torch_*.json.
func torchCases(t testing.TB) map[string]torchCase {
	files, err := filepath.Glob("testdata/onnx/torch_*.json")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata/onnx/torch_*.json: %d files, %v; want the files of gen_torch.py", len(files), err)
	}
	cases := make(map[string]torchCase)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c torchCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases[strings.TrimSuffix(filepath.Base(f), ".json")] = c
	}
	return cases
}

// rows turns a list of rows into a Matrix.
func rows(t testing.TB, r [][]float64) *Matrix {
	m := NewMatrix(len(r), len(r[0]), nil)
	for i, row := range r {
		if len(row) != len(r[0]) {
			t.Fatalf("row %d has %d numbers, want %d", i, len(row), len(r[0]))
		}
		copy(m.Row(i), row)
	}
	return m
}

// maxRelError returns the largest |got − want| / max(|want|, floor) over
// the elements; with floor 0, 0 where both are 0 and +Inf where only want
// is.
func maxRelError(t testing.TB, got *Matrix, want [][]float64, floor float64) float64 {
	t.Helper()
	if r, c := got.Dims(); r != len(want) || c != len(want[0]) {
		t.Fatalf("output is %dx%d, want %dx%d", r, c, len(want), len(want[0]))
	}
	worst := 0.0
	for i, row := range want {
		for j, w := range row {
			d := math.Abs(got.At(i, j) - w)
			switch {
			case d == 0:
			case max(math.Abs(w), floor) == 0:
				worst = math.Inf(1)
			default:
				worst = max(worst, d/max(math.Abs(w), floor))
			}
		}
	}
	return worst
}

// TestReadONNXTorch: every model that torch.onnx.export wrote gives
// PyTorch's outputs on the saved inputs: to a relative 1e-12 for float64
// models; for float32 models, to a relative 1e-12 of the same model run in
// float64 by PyTorch (ReadONNX turns float32 weights into float64 exactly),
// and to float32's rounding of PyTorch's float32 outputs: within 1e-6, 16
// units of float32's 2⁻²⁴ rounding, relative to the output or to 1 if it is
// smaller (an output near 0 that is a difference of terms near 1 keeps the
// terms' absolute rounding errors).
func TestReadONNXTorch(t *testing.T) {
	for name, c := range torchCases(t) {
		t.Run(name, func(t *testing.T) {
			net, err := ReadONNXFile(filepath.Join("testdata/onnx", c.Model))
			if err != nil {
				t.Fatalf("ReadONNXFile(%s) = %v", c.Model, err)
			}
			got, err := net.Predict(rows(t, c.Input))
			if err != nil {
				t.Fatal(err)
			}
			if c.Dtype == "torch.float32" {
				if e := maxRelError(t, got, c.OutputFloat64, 0); e > 1e-12 {
					t.Errorf("Predict(x) differs from PyTorch's float64 run of the float32 model by a relative %.3g, want at most 1e-12\ngot  %v\nwant %v", e, got, c.OutputFloat64)
				}
				if e := maxRelError(t, got, c.Output, 1); e > 1e-6 {
					t.Errorf("Predict(x) differs from PyTorch's float32 output by %.3g (relative, to at least 1), want at most 1e-6\ngot  %v\nwant %v", e, got, c.Output)
				}
				return
			}
			if c.Dtype != "torch.float64" {
				t.Fatalf("dtype %q, want torch.float32 or torch.float64", c.Dtype)
			}
			if e := maxRelError(t, got, c.Output, 0); e > 1e-12 {
				t.Errorf("Predict(x) differs from PyTorch's output by a relative %.3g, want at most 1e-12\ngot  %v\nwant %v", e, got, c.Output)
			}
		})
	}
}

// TestReadONNXTorchLayers: the layers read from PyTorch's models are the
// ones gen_torch.py built: sizes, activations, biases, and a Linear's
// out×in weight turned into the Layer's in×out (checked on the first
// weight against the model's own bytes, decoded here by hand).
func TestReadONNXTorchLayers(t *testing.T) {
	for _, tt := range []struct {
		model string
		sizes []int
		acts  []Activation
		bias  []bool
	}{
		{"torch_relu_softmax_f32", []int{4, 8, 3}, []Activation{ReLU, Softmax}, []bool{true, true}},
		{"torch_tanh_f64", []int{3, 5, 5, 2}, []Activation{Tanh, Tanh, Identity}, []bool{true, true, true}},
		{"torch_sigmoid_nobias_f32", []int{3, 6, 2}, []Activation{Sigmoid, Sigmoid}, []bool{false, false}},
		{"torch_mixed_identity_f64", []int{4, 6, 3}, []Activation{Tanh, Softmax}, []bool{false, true}},
		{"torch_flatten_relu_f64", []int{6, 5, 4}, []Activation{ReLU, Sigmoid}, []bool{true, true}},
		{"torch_matmul_add_f64", []int{3, 4, 2}, []Activation{ReLU, Softmax}, []bool{true, true}},
		{"torch_tanh_inputs_f32", []int{3, 5, 2}, []Activation{Tanh, Identity}, []bool{true, true}},
	} {
		net, err := ReadONNXFile("testdata/onnx/" + tt.model + ".onnx")
		if err != nil {
			t.Fatalf("ReadONNXFile(%s) = %v", tt.model, err)
		}
		if got := net.Sizes(); fmt.Sprint(got) != fmt.Sprint(tt.sizes) {
			t.Errorf("%s: Sizes() = %v, want %v", tt.model, got, tt.sizes)
		}
		for i, l := range net.Layers {
			if l.Activation != tt.acts[i] || (l.B != nil) != tt.bias[i] {
				t.Errorf("%s: layer %d: activation %v, biases %v; want %v, %v", tt.model, i, l.Activation, l.B != nil, tt.acts[i], tt.bias[i])
			}
		}
		if net.Loss != SquaredError {
			t.Errorf("%s: Loss = %v, want squared-error (a model from elsewhere keeps no loss)", tt.model, net.Loss)
		}
	}

	// torch's Gemm holds "0.weight", out×in = 8×4 float32, in raw_data.
	net, err := ReadONNXFile("testdata/onnx/torch_relu_softmax_f32.onnx")
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("testdata/onnx/torch_relu_softmax_f32.onnx")
	if err != nil {
		t.Fatal(err)
	}
	// The initializer's name, then field 9 (raw_data, tag 0x4a) and its
	// length, 8·4·4 = 128 bytes (the varint 0x80 0x01).
	at := bytes.Index(file, []byte("\x42\x080.weight\x4a\x80\x01"))
	if at < 0 {
		t.Fatal("0.weight's raw_data not found in the file")
	}
	raw := file[at+13 : at+13+128]
	for o := 0; o < 8; o++ {
		for i := 0; i < 4; i++ {
			k := 4 * (o*4 + i)
			bits := uint32(raw[k]) | uint32(raw[k+1])<<8 | uint32(raw[k+2])<<16 | uint32(raw[k+3])<<24
			if got, want := net.Layers[0].W.At(i, o), float64(math.Float32frombits(bits)); got != want {
				t.Fatalf("W(%d, %d) = %v, want the weight of output %d from input %d, %v", i, o, got, o, i, want)
			}
		}
	}
}

// TestReadONNXTorchTools: a network imported from PyTorch works with the
// package's tools: Trace prints, CheckGradients agrees with finite
// differences, Diagnose, DrawNetwork, Save and Load, and Train fine-tunes it.
func TestReadONNXTorchTools(t *testing.T) {
	for name, c := range torchCases(t) {
		t.Run(name, func(t *testing.T) {
			net, err := ReadONNXFile(filepath.Join("testdata/onnx", c.Model))
			if err != nil {
				t.Fatal(err)
			}
			x := rows(t, c.Input)
			y := rows(t, c.Output) // targets near the outputs: any will do
			for i := range y.RawData() {
				y.RawData()[i] = float64(i%2) * 0.5
			}
			g, err := net.CheckGradients(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if g.MaxRelError > 1e-6 {
				t.Errorf("CheckGradients: %v, want a worst relative error below 1e-6", g)
			}
			tr, err := net.cloneParams().Trace(x, y, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			if s := tr.String(); !strings.Contains(s, "X") || !strings.Contains(s, "W1") && !strings.Contains(s, "w01") {
				t.Errorf("Trace(x, y).String() = %q, want the names X and W1 or w01", s)
			}
			if _, err := net.Forward(x); err != nil {
				t.Fatal(err)
			}
			if _, err := net.Backward(y); err != nil {
				t.Fatal(err)
			}
			if _, err := net.Diagnose(); err != nil {
				t.Errorf("Diagnose() = %v", err)
			}
			var svg bytes.Buffer
			if err := DrawNetwork(&svg, net, nil); err != nil || !bytes.Contains(svg.Bytes(), []byte("<svg")) {
				t.Errorf("DrawNetwork = %v, %d bytes", err, svg.Len())
			}
			var saved bytes.Buffer
			if err := net.Save(&saved); err != nil {
				t.Fatalf("Save() = %v", err)
			}
			loaded, err := Load(&saved)
			if err != nil {
				t.Fatalf("Load(Save()) = %v", err)
			}
			if err := diffNetworks(loaded, net); err != nil {
				t.Errorf("Load(Save()): %v", err)
			}
			h, err := net.Train(context.Background(), x, y, TrainConfig{Epochs: 20, LearningRate: 0.05})
			if err != nil {
				t.Fatalf("Train() = %v", err)
			}
			if first, last := h.Loss[0], h.Loss[len(h.Loss)-1]; !(last < first) {
				t.Errorf("Train: loss went from %v to %v, want it lower", first, last)
			}
		})
	}
}

// xorNetwork is the 2-2-1 network of ExampleLoad: a ReLU hidden layer with
// biases and an identity output without, whose outputs are XOR.
func xorNetwork() *Network {
	return &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(2, 2, []float64{1, 1, 1, 1}), B: NewMatrix(1, 2, []float64{-1, 0}), Activation: ReLU},
		{W: NewMatrix(2, 1, []float64{-2, 1}), Activation: Identity},
	}}
}

// TestWriteONNXHelper: WriteONNX writes, byte for byte, the models that
// gen_torch.py builds field by field with onnx.helper from the ONNX
// specification (and that onnx.checker accepts), in float64 and in float32
// with other names.
func TestWriteONNXHelper(t *testing.T) {
	for _, tt := range []struct {
		file string
		opts []ONNXOption
	}{
		{"helper_xor_f64.onnx", nil},
		{"helper_xor_f32.onnx", []ONNXOption{ONNXFloat32(), ONNXNames("x", "y")}},
	} {
		want, err := os.ReadFile("testdata/onnx/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := xorNetwork().WriteONNX(&got, tt.opts...); err != nil {
			t.Fatalf("WriteONNX() = %v", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("WriteONNX() differs from %s:\ngot  %q\nwant %q", tt.file, got.Bytes(), want)
		}
	}
}

// TestONNXRoundTrip: export then import gives back every built-in
// activation, the loss, biases or none, and every weight bit for bit in
// float64, the awkward values (signed zeros, subnormals, the extremes)
// included; in float32, each weight rounded to the nearest float32.
func TestONNXRoundTrip(t *testing.T) {
	seed := uint64(0)
	for _, act := range builtinActivations() {
		for _, loss := range builtinLosses() {
			for _, bias := range []bool{true, false} {
				seed++
				t.Run(fmt.Sprintf("%v/%v/bias=%v", act, loss, bias), func(t *testing.T) {
					net := roundTripNet(t, act, loss, bias, seed)
					if err := onnxRoundTrip(net, net); err != nil {
						t.Error(err)
					}

					// float32: weights within float32's range, rounded.
					net32, err := New([]int{4, 7, 5, 3}, WithActivation(act), WithLoss(loss), WithSeed(seed))
					if err != nil {
						t.Fatal(err)
					}
					if !bias {
						net32, _ = New([]int{4, 7, 5, 3}, WithActivation(act), WithLoss(loss), WithSeed(seed), WithoutBias())
					}
					net32.Layers[0].W.Set(0, 0, math.SmallestNonzeroFloat32/3) // rounds to 0
					net32.Layers[0].W.Set(0, 1, -math.MaxFloat32)
					want := net32.cloneParams()
					for _, l := range want.Layers {
						for _, m := range []*Matrix{l.W, l.B} {
							if m == nil {
								continue
							}
							for i, v := range m.RawData() {
								m.RawData()[i] = float64(float32(v))
							}
						}
					}
					if err := onnxRoundTrip(net32, want, ONNXFloat32()); err != nil {
						t.Error(err)
					}
				})
			}
		}
	}
}

// onnxRoundTrip writes net with WriteONNX(opts...), reads it back with
// ReadONNX and returns the first difference from want, or an error of
// either.
func onnxRoundTrip(net, want *Network, opts ...ONNXOption) error {
	var buf bytes.Buffer
	if err := net.WriteONNX(&buf, opts...); err != nil {
		return fmt.Errorf("WriteONNX() = %v, want nil", err)
	}
	got, err := ReadONNX(&buf)
	if err != nil {
		return fmt.Errorf("ReadONNX(WriteONNX()) = %v, want nil", err)
	}
	if err := diffNetworks(got, want); err != nil {
		return fmt.Errorf("ReadONNX(WriteONNX()): %v", err)
	}
	return nil
}

// TestWriteONNXErrors: what WriteONNX refuses, with its error; nothing is
// written.
func TestWriteONNXErrors(t *testing.T) {
	custom := NewActivation("swish", func(z float64) float64 { return z / (1 + math.Exp(-z)) },
		func(z, a float64) float64 { s := 1 / (1 + math.Exp(-z)); return s + a*(1-s) })
	for _, tt := range []struct {
		name string
		edit func(n *Network)
		opts []ONNXOption
		want string
	}{
		{"custom activation", func(n *Network) { n.Layers[1].Activation = custom }, nil,
			`mlp: WriteONNX: layer 1: activation "swish" is not a built-in: ONNX has an operator only for identity, sigmoid, tanh, relu and softmax`},
		{"custom activation named relu", func(n *Network) { n.Layers[0].Activation = NewActivation("relu", ReLU.Eval, ReLU.Deriv) }, nil,
			`mlp: WriteONNX: layer 0: activation "relu" is not a built-in: ONNX has an operator only for identity, sigmoid, tanh, relu and softmax`},
		{"custom loss", func(n *Network) { n.Loss = NewLoss("huber", SquaredError.Eval, SquaredError.Deriv) }, nil,
			`mlp: WriteONNX: loss "huber" cannot be saved: the file names only built-ins (unknown loss "huber", want one of squared-error, cross-entropy, binary-cross-entropy); set Loss to nil to export the network without it`},
		{"NaN weight", func(n *Network) { n.Layers[1].W.Set(1, 0, math.NaN()) }, nil,
			`mlp: WriteONNX: layer 1: W[1][0] is NaN; NaN and ±Inf are not valid weights`},
		{"Inf bias", func(n *Network) { n.Layers[0].B.Set(0, 1, math.Inf(-1)) }, nil,
			`mlp: WriteONNX: layer 0: B[1] is -Inf; NaN and ±Inf are not valid weights`},
		{"beyond float32", func(n *Network) { n.Layers[0].W.Set(1, 0, 1e39) }, []ONNXOption{ONNXFloat32()},
			`mlp: WriteONNX: layer 0: W[1][0] is 1e+39, beyond float32's range (ONNXFloat32)`},
		{"bias beyond float32", func(n *Network) { n.Layers[0].B.Set(0, 1, -4e38) }, []ONNXOption{ONNXFloat32()},
			`mlp: WriteONNX: layer 0: B[1] is -4e+38, beyond float32's range (ONNXFloat32)`},
		{"same names", nil, []ONNXOption{ONNXNames("x", "x")},
			`mlp: WriteONNX: ONNXNames("x", "x"): want two different names, neither empty`},
		{"empty name", nil, []ONNXOption{ONNXNames("", "y")},
			`mlp: WriteONNX: ONNXNames("", "y"): want two different names, neither empty`},
		{"a model's own name", nil, []ONNXOption{ONNXNames("layer1.Z", "y")},
			`mlp: WriteONNX: ONNXNames("layer1.Z", "y"): the names layerL.W, .B, .Z and .A are the model's own`},
		{"nil option", nil, []ONNXOption{nil}, `mlp: WriteONNX: nil ONNXOption`},
		{"layers do not fit", func(n *Network) { n.Layers[1].W = NewMatrix(3, 1, nil) }, nil,
			`mlp: WriteONNX: layer 1: W is 3x1, want 2 rows to match layer 0's 2 outputs`},
		{"no layers", func(n *Network) { n.Layers = nil }, nil, `mlp: WriteONNX: network has no layers`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			net := xorNetwork()
			if tt.edit != nil {
				tt.edit(net)
			}
			var buf bytes.Buffer
			err := net.WriteONNX(&buf, tt.opts...)
			if err == nil || err.Error() != tt.want {
				t.Errorf("WriteONNX() = %v, want %s", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("WriteONNX() wrote %d bytes with an error, want none", buf.Len())
			}
		})
	}

	// A nil Loss is exported without the metadata entry, and read back as
	// SquaredError.
	net := xorNetwork()
	net.Loss = nil
	var buf bytes.Buffer
	if err := net.WriteONNX(&buf); err != nil {
		t.Fatalf("WriteONNX() with a nil Loss = %v, want nil", err)
	}
	if bytes.Contains(buf.Bytes(), []byte(onnxLossKey)) {
		t.Errorf("WriteONNX() with a nil Loss wrote the key %s", onnxLossKey)
	}
	got, err := ReadONNX(&buf)
	if err != nil || got.Loss != SquaredError {
		t.Errorf("ReadONNX() = %v, %v, want the loss squared-error", got, err)
	}

	// A model longer than MaxLoadBytes, the most ReadONNX reads, is an
	// error: here with a smaller limit. The XOR model's weights take 64
	// bytes in float64, the whole model 478.
	for _, tt := range []struct {
		limit int
		want  string
	}{
		{63, "mlp: WriteONNX: the weights take 64 bytes, more than MaxLoadBytes (63) that ReadONNX accepts"},
		{477, "mlp: WriteONNX: the model takes 478 bytes, more than MaxLoadBytes (477) that ReadONNX accepts"},
	} {
		if _, err := xorNetwork().encodeONNX("WriteONNX", nil, tt.limit); err == nil || err.Error() != tt.want {
			t.Errorf("encodeONNX(limit %d) = %v, want %s", tt.limit, err, tt.want)
		}
	}
	if b, err := xorNetwork().encodeONNX("WriteONNX", nil, 478); err != nil || len(b) != 478 {
		t.Errorf("encodeONNX(limit 478) = %d bytes, %v, want 478 bytes", len(b), err)
	}

	if err := xorNetwork().WriteONNX(failingWriter{}); err == nil || err.Error() != "mlp: WriteONNX: "+io.ErrClosedPipe.Error() {
		t.Errorf("WriteONNX(failing writer) = %v, want mlp: WriteONNX: %v", err, io.ErrClosedPipe)
	}
}

// TestWriteONNXConcurrent: WriteONNX only reads the network, so it may
// run while other goroutines call Predict (go test -race checks it).
func TestWriteONNXConcurrent(t *testing.T) {
	net := roundTripNet(t, Tanh, SquaredError, true, 9)
	x := NewMatrix(3, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 4; g++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := net.Predict(x)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			errs <- net.WriteONNX(io.Discard)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Predict or WriteONNX beside each other: %v", err)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, io.ErrClosedPipe }

// TestONNXFiles: WriteONNXFile and ReadONNXFile round trip; a failed
// WriteONNXFile leaves the file as it was; ReadONNXFile's errors name it.
func TestONNXFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "xor.onnx")
	if err := xorNetwork().WriteONNXFile(name); err != nil {
		t.Fatalf("WriteONNXFile() = %v", err)
	}
	got, err := ReadONNXFile(name)
	if err != nil {
		t.Fatalf("ReadONNXFile() = %v", err)
	}
	if err := diffNetworks(got, xorNetwork()); err != nil {
		t.Errorf("ReadONNXFile(WriteONNXFile()): %v", err)
	}
	before, _ := os.ReadFile(name)
	bad := xorNetwork()
	bad.Layers[0].W.Set(0, 0, math.NaN())
	if err := bad.WriteONNXFile(name); err == nil || !strings.HasPrefix(err.Error(), "mlp: WriteONNXFile: layer 0: W[0][0] is NaN") {
		t.Errorf("WriteONNXFile(NaN weight) = %v, want mlp: WriteONNXFile: layer 0: W[0][0] is NaN...", err)
	}
	if after, _ := os.ReadFile(name); !bytes.Equal(after, before) {
		t.Errorf("a failed WriteONNXFile changed the file")
	}
	if err := xorNetwork().WriteONNXFile(filepath.Join(dir, "no", "such", "dir.onnx")); err == nil || !strings.HasPrefix(err.Error(), "mlp: WriteONNXFile: ") {
		t.Errorf("WriteONNXFile(missing dir) = %v, want an mlp: WriteONNXFile: error", err)
	}
	if _, err := ReadONNXFile(filepath.Join(dir, "missing.onnx")); err == nil || !strings.HasPrefix(err.Error(), "mlp: ReadONNXFile: open ") {
		t.Errorf("ReadONNXFile(missing) = %v, want mlp: ReadONNXFile: open ...", err)
	}
	// A file larger than MaxLoadBytes is refused before it is read (a
	// sparse file takes no room on disk).
	big := filepath.Join(dir, "big.onnx")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxLoadBytes + 1); err != nil {
		f.Close()
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	var rerr error
	if n := heapBytes(3, func() { _, rerr = ReadONNXFile(big) }); n > 16<<10 {
		t.Errorf("ReadONNXFile(1 GiB + 1) allocates %d bytes, want at most %d", n, 16<<10)
	}
	if want := fmt.Sprintf("mlp: ReadONNXFile: %s is %d bytes, more than MaxLoadBytes (%d)", big, MaxLoadBytes+1, MaxLoadBytes); rerr == nil || rerr.Error() != want {
		t.Errorf("ReadONNXFile(1 GiB + 1) = %v, want %s", rerr, want)
	}
	if err := os.WriteFile(name, []byte("\x08"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadONNXFile(name); err == nil || !strings.HasPrefix(err.Error(), "mlp: ReadONNXFile: model: byte 1: the input is truncated") {
		t.Errorf("ReadONNXFile(1 byte) = %v, want mlp: ReadONNXFile: model: byte 1: the input is truncated...", err)
	}
}

// BenchmarkONNXPredict: Predict of the 784-128-10 ReLU/softmax network read
// from its ONNX model, at batch 1 and 128, beside ONNX Runtime running the
// same model (testdata/onnx/bench_ort.js; testdata/onnx/bench.sh runs both
// on one thread). The network is the one `go run ./testdata/onnx/ortcheck`
// writes to bench_f64.onnx: New's seeded weights, exported in float64.
func BenchmarkONNXPredict(b *testing.B) {
	net, err := New([]int{784, 128, 10}, WithActivation(ReLU), WithOutputActivation(Softmax), WithSeed(13))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.WriteONNX(&buf); err != nil {
		b.Fatal(err)
	}
	imported, err := ReadONNX(&buf)
	if err != nil {
		b.Fatal(err)
	}
	for _, batch := range []int{1, 128} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			x := NewMatrix(batch, 784, nil)
			for i := range x.RawData() {
				x.RawData()[i] = float64(i%255) / 255
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := imported.Predict(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
