// Command ortcheck writes the models that testdata/onnx/check_ort.js runs in
// ONNX Runtime, with the outputs that Forward gives on the same inputs, and
// the models of the Predict benchmark. Run it from the repository root:
//
//	go run ./testdata/onnx/ortcheck DIR
//
// For every built-in activation, with and without biases, in float64 and in
// float32, it writes DIR/NAME.onnx (WriteONNX, ONNXFloat32 for float32): a
// 5-7-4-3 network whose hidden and output layers all use the activation,
// with random weights and biases. DIR/manifest.json lists them with an input
// of 6 samples and the output of Forward on it: for a float64 model, of the
// network itself; for a float32 model, of the network with its weights and
// the input rounded to float32, as ONNX Runtime holds them, so that what is
// left to compare is float32 arithmetic.
//
// Last come the models that PyTorch exported (testdata/onnx/torch_*.onnx),
// with the output of Forward on the network that ReadONNX reads from each:
// ONNX Runtime gives the outputs of the imported network.
//
// It also writes DIR/bench_f64.onnx and DIR/bench_f32.onnx, the 784-128-10
// ReLU/softmax network of BenchmarkONNXPredict (onnx_test.go), for
// testdata/onnx/bench_ort.js.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/glassbox-go/mlp"
)

// A model is one entry of manifest.json.
type model struct {
	Name  string      `json:"name"`
	File  string      `json:"file"`
	Type  string      `json:"type"` // "float64" or "float32"
	Input [][]float64 `json:"input"`
	Want  [][]float64 `json:"want"` // Forward's output
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./testdata/onnx/ortcheck DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "ortcheck:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	acts := []mlp.Activation{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU, mlp.Softmax}
	var models []model
	seed := uint64(0)
	for _, act := range acts {
		for _, bias := range []bool{true, false} {
			net, x, err := lively(act, bias, &seed)
			if err != nil {
				return err
			}
			for _, typ := range []string{"float64", "float32"} {
				name := fmt.Sprintf("%v_bias%v_%s", act, bias, typ)
				var opts []mlp.ONNXOption
				ref, in := net, x
				if typ == "float32" {
					opts = append(opts, mlp.ONNXFloat32())
					ref, in = rounded(net), roundedMatrix(x)
				}
				if err := net.WriteONNXFile(filepath.Join(dir, name+".onnx"), opts...); err != nil {
					return err
				}
				out, err := ref.Forward(in)
				if err != nil {
					return err
				}
				models = append(models, model{Name: name, File: name + ".onnx", Type: typ, Input: rowsOf(in), Want: rowsOf(out.Clone())})
			}
		}
	}
	torch, err := torchModels(dir)
	if err != nil {
		return err
	}
	models = append(models, torch...)
	b, err := json.MarshalIndent(models, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		return err
	}

	// The benchmark's model: as BenchmarkONNXPredict builds it.
	bench, err := mlp.New([]int{784, 128, 10}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Softmax), mlp.WithSeed(13))
	if err != nil {
		return err
	}
	if err := bench.WriteONNXFile(filepath.Join(dir, "bench_f64.onnx")); err != nil {
		return err
	}
	return bench.WriteONNXFile(filepath.Join(dir, "bench_f32.onnx"), mlp.ONNXFloat32())
}

// torchModels copies the models of testdata/onnx/torch_*.onnx, exported by
// PyTorch, to dir and returns their entries: the input that
// testdata/onnx/gen_torch.py saved, flattened to samples×features, and
// the output of Forward on it of the network that ReadONNX reads from the
// model. The float32 inputs and weights are float32 numbers already.
func torchModels(dir string) ([]model, error) {
	files, err := filepath.Glob("testdata/onnx/torch_*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no testdata/onnx/torch_*.json: run from the repository root (%v)", err)
	}
	var models []model
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var c struct {
			Model string      `json:"model"`
			Dtype string      `json:"dtype"`
			Input [][]float64 `json:"input"`
		}
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		onnx, err := os.ReadFile(filepath.Join("testdata/onnx", c.Model))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, c.Model), onnx, 0o644); err != nil {
			return nil, err
		}
		net, err := mlp.ReadONNXFile(filepath.Join("testdata/onnx", c.Model))
		if err != nil {
			return nil, err
		}
		x := mlp.NewMatrix(len(c.Input), len(c.Input[0]), nil)
		for i, row := range c.Input {
			copy(x.Row(i), row)
		}
		out, err := net.Forward(x)
		if err != nil {
			return nil, err
		}
		typ := map[string]string{"torch.float64": "float64", "torch.float32": "float32"}[c.Dtype]
		models = append(models, model{Name: c.Model, File: c.Model, Type: typ, Input: c.Input, Want: rowsOf(out.Clone())})
	}
	return models, nil
}

// lively returns a 5-7-4-3 network of act, with or without biases, with
// random weights and biases, and an input of 6 samples on which at least
// half of its outputs are not 0 (a ReLU network without biases can have
// every output 0, which would check little). It tries the seeds from
// *seed+1 on, and leaves *seed at the one it used.
func lively(act mlp.Activation, bias bool, seed *uint64) (*mlp.Network, *mlp.Matrix, error) {
	for {
		*seed++
		opts := []mlp.Option{mlp.WithActivation(act), mlp.WithSeed(*seed)}
		if !bias {
			opts = append(opts, mlp.WithoutBias())
		}
		net, err := mlp.New([]int{5, 7, 4, 3}, opts...)
		if err != nil {
			return nil, nil, err
		}
		rng := rand.New(rand.NewPCG(*seed, 2))
		for _, l := range net.Layers {
			if l.B != nil {
				for i := range l.B.RawData() {
					l.B.RawData()[i] = rng.Float64() - 0.5
				}
			}
		}
		x := mlp.NewMatrix(6, 5, nil)
		for i := range x.RawData() {
			x.RawData()[i] = 4*rng.Float64() - 2
		}
		out, err := net.Predict(x)
		if err != nil {
			return nil, nil, err
		}
		nonzero := 0
		for _, v := range out.RawData() {
			if v != 0 {
				nonzero++
			}
		}
		if 2*nonzero >= len(out.RawData()) {
			return net, x, nil
		}
	}
}

// rounded returns a copy of net with every weight and bias rounded to
// float32.
func rounded(net *mlp.Network) *mlp.Network {
	c := &mlp.Network{Loss: net.Loss}
	for _, l := range net.Layers {
		cl := &mlp.Layer{W: roundedMatrix(l.W), Activation: l.Activation}
		if l.B != nil {
			cl.B = roundedMatrix(l.B)
		}
		c.Layers = append(c.Layers, cl)
	}
	return c
}

// roundedMatrix returns a copy of m with every element rounded to float32.
func roundedMatrix(m *mlp.Matrix) *mlp.Matrix {
	c := m.Clone()
	for i, v := range c.RawData() {
		c.RawData()[i] = float64(float32(v))
	}
	return c
}

// rowsOf returns the rows of m.
func rowsOf(m *mlp.Matrix) [][]float64 {
	r, _ := m.Dims()
	out := make([][]float64, r)
	for i := range out {
		out[i] = m.Row(i)
	}
	return out
}
