package mlp

// ONNX export: a Network as an ONNX model (https://onnx.ai), written with the
// protobuf helpers of onnx_wire.go. The field numbers are those of
// onnx/onnx.proto.

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
)

// The ONNX versions that WriteONNX writes.
const (
	// onnxIRVersion is the ONNX IR version of exported models: 8, from ONNX
	// 1.10 on, which every ONNX Runtime since 1.10 and onnx.checker since
	// ONNX 1.10 read.
	onnxIRVersion = 8
	// onnxOpset is the version of the default operator set of exported
	// models, and the oldest that ReadONNX reads: from 13 on, Softmax acts on
	// one axis, the last by default.
	onnxOpset = 13
)

// ONNX's numbers for the element types, TensorProto.DataType.
const (
	onnxFloat  = 1
	onnxDouble = 11
)

// onnxLossKey is the key of the model metadata entry that holds the
// network's loss, which ONNX, describing inference, has no field for.
const onnxLossKey = "github.com/glassbox-go/mlp/loss"

// onnxOp returns the ONNX operator that computes the built-in activation a,
// or false if a is not a built-in. Softmax gets the attribute axis = −1, the
// last axis.
func onnxOp(a Activation) (string, bool) {
	switch a {
	case Identity:
		return "Identity", true
	case Sigmoid:
		return "Sigmoid", true
	case Tanh:
		return "Tanh", true
	case ReLU:
		return "Relu", true
	case Softmax:
		return "Softmax", true
	}
	return "", false
}

// An ONNXOption changes how WriteONNX and WriteONNXFile write a model.
type ONNXOption func(*onnxConfig)

type onnxConfig struct {
	float32       bool
	input, output string
}

// ONNXFloat32 writes the model in float32 (ONNX's FLOAT) instead of float64
// (DOUBLE): the weights and biases are rounded to the nearest float32, and
// the model's input and output are float32 tensors. A weight beyond
// float32's range (above 3.4e38 in magnitude) is an error.
func ONNXFloat32() ONNXOption {
	return func(c *onnxConfig) { c.float32 = true }
}

// ONNXNames names the model's input and output tensors (by default "input"
// and "output"), the names a runtime feeds and fetches. The two must differ,
// not be empty, and not be names the model gives its own values (layerL.W,
// .B, .Z and .A).
func ONNXNames(input, output string) ONNXOption {
	return func(c *onnxConfig) { c.input, c.output = input, output }
}

// WriteONNX writes n to w as an ONNX model: a graph with one input of shape
// batch×inputs, where batch is a dynamic dimension named "batch", and one
// output of shape batch×outputs, that computes what Forward and Predict
// compute. Each layer is a Gemm node (A_prev·W + B), or a MatMul node
// (A_prev·W) for a layer without biases, followed by the node of its
// activation: Identity, Sigmoid, Tanh, Relu, or Softmax on the last axis.
// W and B are initializers named layerL.W and layerL.B (L from 0), W in×out
// as in the Layer; the other values are layerL.Z and layerL.A, and the
// nodes are named layerL/Gemm, layerL/Relu and so on.
//
// The model has IR version 8 and uses the default operator set at version
// 13, so that ONNX Runtime, onnx.checker and other tools from 2021 on read
// it. Its numbers are float64 (ONNX's DOUBLE) unless ONNXFloat32 is given;
// in float64, ReadONNX gives back every weight bit for bit. The network's
// Loss, which an inference model has no place for, is kept in the model's
// metadata under the key "github.com/glassbox-go/mlp/loss", for ReadONNX.
//
// WriteONNX returns an error, and writes nothing, if the layers do not fit
// together, if a weight or bias is NaN or ±Inf, if an Activation is not a
// built-in (a custom one made by NewActivation has no ONNX operator), if
// the Loss is a custom one (set Loss to nil to export such a network
// without it), or if an option is invalid. The whole model is built in
// memory before the first byte goes to w; it may not be longer than
// MaxLoadBytes, the most ReadONNX reads.
//
// WriteONNX only reads n: it may run while other goroutines call Predict on
// the same network.
func (n *Network) WriteONNX(w io.Writer, opts ...ONNXOption) error {
	b, err := n.encodeONNX("WriteONNX", opts, MaxLoadBytes)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("mlp: WriteONNX: %w", err)
	}
	return nil
}

// WriteONNXFile writes n as WriteONNX does to the named file, atomically,
// as SaveFile does: name holds either its old content or the whole model,
// never a mix, and an error in the network touches no file.
func (n *Network) WriteONNXFile(name string, opts ...ONNXOption) error {
	b, err := n.encodeONNX("WriteONNXFile", opts, MaxLoadBytes)
	if err != nil {
		return err
	}
	err = writeFileAtomic(name, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("mlp: WriteONNXFile: %w", err)
	}
	return nil
}

// encodeONNX returns the ONNX model of n, or an error naming op if it is
// longer than limit bytes (MaxLoadBytes) or cannot be written.
func (n *Network) encodeONNX(op string, opts []ONNXOption, limit int) ([]byte, error) {
	c := onnxConfig{input: "input", output: "output"}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("mlp: %s: nil ONNXOption", op)
		}
		o(&c)
	}
	if c.input == "" || c.output == "" || c.input == c.output {
		return nil, fmt.Errorf("mlp: %s: ONNXNames(%q, %q): want two different names, neither empty", op, short(c.input), short(c.output))
	}
	if err := n.check(op); err != nil {
		return nil, err
	}
	var lossName string
	if n.Loss != nil {
		var err error
		if lossName, err = builtinName(n.Loss, ParseLoss); err != nil {
			return nil, fmt.Errorf("mlp: %s: loss %w; set Loss to nil to export the network without it", op, err)
		}
	}
	elem, size := int64(onnxDouble), 8
	if c.float32 {
		elem, size = onnxFloat, 4
	}
	data, overhead := 0, 512 // bytes of the numbers, and more than those of the rest
	for i, l := range n.Layers {
		if _, ok := onnxOp(l.Activation); !ok {
			return nil, fmt.Errorf("mlp: %s: layer %d: activation %q is not a built-in: ONNX has an operator only for identity, sigmoid, tanh, relu and softmax", op, i, short(l.Activation.String()))
		}
		for _, name := range [...]string{"W", "B"} {
			m := l.W
			if name == "B" {
				if m = l.B; m == nil {
					continue
				}
			}
			if err := checkFiniteMatrix(m, name); err != nil {
				return nil, fmt.Errorf("mlp: %s: layer %d: %w", op, i, err)
			}
			if k := beyondFloat32(m.RawData()); c.float32 && k >= 0 {
				at := fmt.Sprintf("[%d][%d]", k/m.cols, k%m.cols)
				if name == "B" {
					at = fmt.Sprintf("[%d]", k)
				}
				return nil, fmt.Errorf("mlp: %s: layer %d: %s%s is %v, beyond float32's range (ONNXFloat32)", op, i, name, at, m.RawData()[k])
			}
			data += size * len(m.RawData())
			overhead += 64
		}
		overhead += 256 + 2*len(c.input) + 2*len(c.output)
	}
	if data > limit {
		return nil, fmt.Errorf("mlp: %s: the weights take %d bytes, more than MaxLoadBytes (%d) that ReadONNX accepts", op, data, limit)
	}
	names := make(map[string]bool)
	for i := range n.Layers {
		for _, s := range [...]string{".W", ".B", ".Z", ".A"} {
			names[onnxName(i, s)] = true
		}
	}
	if names[c.input] || names[c.output] {
		return nil, fmt.Errorf("mlp: %s: ONNXNames(%q, %q): the names layerL.W, .B, .Z and .A are the model's own", op, short(c.input), short(c.output))
	}

	w := &pbWriter{b: make([]byte, 0, data+overhead)}
	w.varint(1, onnxIRVersion)                // ModelProto.ir_version
	w.string(2, "github.com/glassbox-go/mlp") // ModelProto.producer_name
	// Protobuf has no end marker: a file cut between two fields is a valid
	// message without the fields after the cut. So the loss comes before
	// the graph and the graph before the opset, which ReadONNX requires:
	// every cut loses something that ReadONNX misses.
	if lossName != "" {
		meta := w.begin(14) // ModelProto.metadata_props: StringStringEntryProto, key 1, value 2
		w.string(1, onnxLossKey)
		w.string(2, lossName)
		w.end(meta)
	}
	g := w.begin(7) // ModelProto.graph
	prev := c.input
	last := len(n.Layers) - 1
	for i, l := range n.Layers {
		// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
		z, a := onnxName(i, ".Z"), onnxName(i, ".A")
		if i == last {
			a = c.output
		}
		node := w.begin(1) // GraphProto.node
		w.string(1, prev)
		w.string(1, onnxName(i, ".W"))
		if l.B != nil {
			w.string(1, onnxName(i, ".B"))
		}
		w.string(2, z)
		linear := "MatMul"
		if l.B != nil {
			linear = "Gemm"
		}
		w.string(3, onnxName(i, "/"+linear))
		w.string(4, linear)
		w.end(node)

		act, _ := onnxOp(l.Activation)
		node = w.begin(1)
		w.string(1, z)
		w.string(2, a)
		w.string(3, onnxName(i, "/"+act))
		w.string(4, act)
		if act == "Softmax" {
			attr := w.begin(5) // AttributeProto: name 1, i 3, type 20
			w.string(1, "axis")
			w.varint(3, -1)
			w.varint(20, 2) // INT
			w.end(attr)
		}
		w.end(node)
		prev = a
	}
	w.string(2, "mlp") // GraphProto.name
	for i, l := range n.Layers {
		writeONNXTensor(w, onnxName(i, ".W"), l.W, []int64{int64(l.W.rows), int64(l.W.cols)}, elem)
		if l.B != nil {
			writeONNXTensor(w, onnxName(i, ".B"), l.B, []int64{int64(l.B.cols)}, elem)
		}
	}
	writeONNXValue(w, 11, c.input, elem, n.Layers[0].W.rows)     // GraphProto.input
	writeONNXValue(w, 12, c.output, elem, n.Layers[last].W.cols) // GraphProto.output
	w.end(g)
	opset := w.begin(8) // ModelProto.opset_import: OperatorSetIdProto, domain 1, version 2
	w.string(1, "")     // the default domain, ai.onnx, written as onnx.helper writes it
	w.varint(2, onnxOpset)
	w.end(opset)
	if len(w.b) > limit {
		return nil, fmt.Errorf("mlp: %s: the model takes %d bytes, more than MaxLoadBytes (%d) that ReadONNX accepts", op, len(w.b), limit)
	}
	return w.b, nil
}

// onnxName returns the name of a value or node of layer i in an exported
// model, such as "layer0.W" or "layer1/Relu".
func onnxName(i int, suffix string) string {
	return "layer" + strconv.Itoa(i) + suffix
}

// writeONNXTensor writes m as an initializer (a TensorProto: dims 1,
// data_type 2, name 8, raw_data 9) of element type elem, its numbers
// little-endian in raw_data.
func writeONNXTensor(w *pbWriter, name string, m *Matrix, dims []int64, elem int64) {
	t := w.begin(5) // GraphProto.initializer
	for _, d := range dims {
		w.varint(1, d)
	}
	w.varint(2, elem)
	w.string(8, name)
	data := m.RawData()
	size := 8
	if elem == onnxFloat {
		size = 4
	}
	w.tag(9, wireBytes)
	w.b = binary.AppendUvarint(w.b, uint64(size*len(data)))
	for _, v := range data {
		if elem == onnxFloat {
			w.b = binary.LittleEndian.AppendUint32(w.b, math.Float32bits(float32(v)))
		} else {
			w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v))
		}
	}
	w.end(t)
}

// writeONNXValue writes a ValueInfoProto (name 1, type 2) as field: a
// tensor of element type elem and shape batch×cols. TypeProto: tensor_type
// 1; TypeProto.Tensor: elem_type 1, shape 2; TensorShapeProto: dim 1;
// Dimension: dim_value 1, dim_param 2.
func writeONNXValue(w *pbWriter, field int, name string, elem int64, cols int) {
	v := w.begin(field)
	w.string(1, name)
	typ := w.begin(2)
	tensor := w.begin(1)
	w.varint(1, elem)
	shape := w.begin(2)
	d := w.begin(1)
	w.string(2, "batch")
	w.end(d)
	d = w.begin(1)
	w.varint(1, int64(cols))
	w.end(d)
	w.end(shape)
	w.end(tensor)
	w.end(typ)
	w.end(v)
}

// beyondFloat32 returns the index of the first value of xs that rounds to
// ±Inf as a float32, or −1.
func beyondFloat32(xs []float64) int {
	for k, v := range xs {
		if math.IsInf(float64(float32(v)), 0) {
			return k
		}
	}
	return -1
}

// short returns s, or its first 40 bytes and "..." if it is longer, to quote
// input in errors.
func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
