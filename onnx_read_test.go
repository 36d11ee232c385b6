package mlp

// ReadONNX on hand-made files: a small valid model built field by field
// here (with a protobuf encoder of its own, not the package's), then
// hostile variants of it, each refused with an error naming what is wrong,
// within a small allocation budget.

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strings"
	"testing"
)

// Protobuf fields by hand: each returns the tag and the value's bytes.
func pbTag(field, wire int) []byte { return binary.AppendUvarint(nil, uint64(field)<<3|uint64(wire)) }

func pbInt(field int, v int64) []byte {
	return binary.AppendUvarint(pbTag(field, 0), uint64(v))
}

func pbLen(field int, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	return append(binary.AppendUvarint(pbTag(field, 2), uint64(len(body))), body...)
}

func pbStr(field int, s string) []byte { return pbLen(field, []byte(s)) }

func pbFloat(field int, f float32) []byte {
	return binary.LittleEndian.AppendUint32(pbTag(field, 5), math.Float32bits(f))
}

// f64s returns the little-endian bytes of vs.
func f64s(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// testNode is a NodeProto.
func testNode(op, name string, ins, outs []string, attrs ...[]byte) []byte {
	var parts [][]byte
	for _, s := range ins {
		parts = append(parts, pbStr(1, s))
	}
	for _, s := range outs {
		parts = append(parts, pbStr(2, s))
	}
	parts = append(parts, pbStr(3, name), pbStr(4, op))
	for _, a := range attrs {
		parts = append(parts, pbLen(5, a))
	}
	return pbLen(1, parts...)
}

// attrInt and attrFloat are AttributeProtos of type INT (2) and FLOAT (1).
func attrInt(name string, v int64) []byte {
	return bytes.Join([][]byte{pbStr(1, name), pbInt(3, v), pbInt(20, 2)}, nil)
}

func attrFloat(name string, v float32) []byte {
	return bytes.Join([][]byte{pbStr(1, name), pbFloat(2, v), pbInt(20, 1)}, nil)
}

// testTensor is an initializer of DOUBLEs in raw_data.
func testTensor(name string, dims []int64, vals ...float64) []byte {
	var parts [][]byte
	for _, d := range dims {
		parts = append(parts, pbInt(1, d))
	}
	parts = append(parts, pbInt(2, onnxDouble), pbStr(8, name), pbLen(9, f64s(vals...)))
	return pbLen(5, parts...)
}

// testValue is a ValueInfoProto as graph field 11 (input) or 12 (output):
// a tensor of elem with dims, each an int (dim_value) or a string
// (dim_param).
func testValue(field int, name string, elem int64, dims ...any) []byte {
	var ds [][]byte
	for _, d := range dims {
		switch d := d.(type) {
		case int:
			ds = append(ds, pbLen(1, pbInt(1, int64(d))))
		case string:
			ds = append(ds, pbLen(1, pbStr(2, d)))
		}
	}
	return pbLen(field, pbStr(1, name), pbLen(2, pbLen(1, pbInt(1, elem), pbLen(2, ds...))))
}

// A testModel is the parts of a small valid model that the hostile files
// change: x (batch×2 DOUBLE) → Gemm(W0 2×3, B0) → Relu → MatMul(W1 3×1) →
// Sigmoid → y.
type testModel struct {
	model [][]byte // ModelProto fields but the graph
	nodes [][]byte
	inits [][]byte
	ios   [][]byte // graph inputs and outputs
	graph [][]byte // other GraphProto fields
}

func newTestModel() *testModel {
	return &testModel{
		model: [][]byte{pbInt(1, 8), pbLen(8, pbStr(1, ""), pbInt(2, 13))},
		nodes: [][]byte{
			gemm0(),
			testNode("Relu", "relu0", []string{"z0"}, []string{"a0"}),
			testNode("MatMul", "matmul1", []string{"a0", "W1"}, []string{"z1"}),
			testNode("Sigmoid", "sigmoid1", []string{"z1"}, []string{"y"}),
		},
		inits: [][]byte{
			testTensor("W0", []int64{2, 3}, 1, 2, 3, 4, 5, 6),
			testTensor("B0", []int64{3}, 0.5, -0.5, 0),
			testTensor("W1", []int64{3, 1}, 1, -1, 2),
		},
		ios: [][]byte{testValue(11, "x", onnxDouble, "batch", 2), testValue(12, "y", onnxDouble, "batch", 1)},
	}
}

func (m *testModel) bytes() []byte {
	g := bytes.Join([][]byte{bytes.Join(m.nodes, nil), bytes.Join(m.inits, nil), bytes.Join(m.ios, nil), bytes.Join(m.graph, nil)}, nil)
	return bytes.Join(append([][]byte{m.model[0], pbLen(7, g)}, m.model[1:]...), nil)
}

// edit returns the bytes of the valid model changed by f.
func edit(f func(m *testModel)) []byte {
	m := newTestModel()
	f(m)
	return m.bytes()
}

// withNode returns the valid model with node k replaced.
func withNode(k int, node []byte) []byte {
	return edit(func(m *testModel) { m.nodes[k] = node })
}

// gemm0 is the valid model's first node with the given attributes.
func gemm0(attrs ...[]byte) []byte {
	return testNode("Gemm", "gemm0", []string{"x", "W0", "B0"}, []string{"z0"}, attrs...)
}

// TestReadONNXValid: the hand-made model reads as the network it describes.
func TestReadONNXValid(t *testing.T) {
	net, err := ReadONNX(bytes.NewReader(newTestModel().bytes()))
	if err != nil {
		t.Fatalf("ReadONNX() = %v", err)
	}
	want := &Network{Loss: SquaredError, Layers: []*Layer{
		{W: NewMatrix(2, 3, []float64{1, 2, 3, 4, 5, 6}), B: NewMatrix(1, 3, []float64{0.5, -0.5, 0}), Activation: ReLU},
		{W: NewMatrix(3, 1, []float64{1, -1, 2}), Activation: Sigmoid},
	}}
	if err := diffNetworks(net, want); err != nil {
		t.Errorf("ReadONNX(): %v", err)
	}
	// The same with its parts in other forms: Gemm with transB = 1 and
	// explicit defaults, the bias as 1×3, an Add of biases, Identity nodes,
	// float_data, a packed dims field, unknown fields and a Flatten of a
	// 2×1 input.
	net, err = ReadONNX(bytes.NewReader(edit(func(m *testModel) {
		m.nodes = [][]byte{
			testNode("Flatten", "flatten", []string{"x"}, []string{"xf"}, attrInt("axis", 1)),
			testNode("Identity", "id", []string{"xf"}, []string{"xi"}),
			testNode("Gemm", "gemm0", []string{"xi", "W0t", "B0"}, []string{"z0"}, attrFloat("alpha", 1), attrFloat("beta", 1), attrInt("transA", 0), attrInt("transB", 1)),
			testNode("Relu", "relu0", []string{"z0"}, []string{"a0"}),
			testNode("MatMul", "matmul1", []string{"a0", "W1"}, []string{"z1"}),
			testNode("Identity", "id2", []string{"z1"}, []string{"z1i"}),
			testNode("Add", "add1", []string{"B1", "z1i"}, []string{"z1b"}),
			pbLen(1, pbStr(1, "z1b"), pbStr(2, "y"), pbStr(3, "sigmoid1"), pbStr(4, "Sigmoid"), pbInt(99, 7), pbStr(6, "doc")),
		}
		m.inits = [][]byte{
			testTensor("W0t", []int64{3, 2}, 1, 4, 2, 5, 3, 6),
			testTensor("B0", []int64{1, 3}, 0.5, -0.5, 0),
			pbLen(5, pbLen(1, binary.AppendUvarint(binary.AppendUvarint(nil, 3), 1)), pbInt(2, onnxDouble), pbStr(8, "W1"),
				pbLen(10, f64s(1, -1)), pbTag(10, 1), f64s(2)), // double_data: packed, then one value
			testTensor("B1", []int64{1}, 0.25),
		}
		m.ios[0] = testValue(11, "x", onnxDouble, "batch", 2, 1)
		m.graph = [][]byte{pbStr(1000, "unknown"), pbInt(1001, 5), pbTag(1002, 1), f64s(1), pbTag(1003, 5), []byte{0, 0, 0, 0}}
	})))
	if err != nil {
		t.Fatalf("ReadONNX() = %v", err)
	}
	want.Layers[1].B = NewMatrix(1, 1, []float64{0.25})
	if err := diffNetworks(net, want); err != nil {
		t.Errorf("ReadONNX(): %v", err)
	}

	// A fixed batch of 4 (torch.onnx.export without dynamic_axes) does not
	// bind the network: it takes 1 sample.
	net, err = ReadONNX(bytes.NewReader(edit(func(m *testModel) {
		m.ios = [][]byte{testValue(11, "x", onnxDouble, 4, 2), testValue(12, "y", onnxDouble, 4, 1)}
	})))
	if err != nil {
		t.Fatalf("ReadONNX(batch 4) = %v", err)
	}
	// x = (1, 0): z0 = (1.5, 1.5, 3), a0 = z0, z1 = 1.5 − 1.5 + 6 = 6.
	y, err := net.Predict(NewMatrix(1, 2, []float64{1, 0}))
	if want := 1 / (1 + math.Exp(-6)); err != nil || math.Abs(y.At(0, 0)-want) > 1e-15 {
		t.Errorf("Predict((1, 0)) = %v, %v, want sigmoid(6) = %v", y, err, want)
	}
}

// nested returns a message field nested depth deep, each level field
// number field of the one above, around the string field 1 "x".
func nested(field, depth int) []byte {
	inner := pbStr(1, "x")
	headers := make([][]byte, depth)
	size := len(inner)
	for k := range headers {
		headers[depth-1-k] = binary.AppendUvarint(pbTag(field, 2), uint64(size))
		size += len(headers[depth-1-k])
	}
	return append(bytes.Join(headers, nil), inner...)
}

// hostileONNX lists hand-made files that ReadONNX must refuse, each with
// the error it gives.
func hostileONNX() []struct {
	name string
	file []byte
	want string
} {
	valid := newTestModel().bytes()
	deep := nested(1, 100000)
	manyNodes := bytes.Repeat(pbLen(1), maxONNXMessages)
	return []struct {
		name string
		file []byte
		want string
	}{
		// The wire format.
		{"empty", nil, "mlp: ReadONNX: input is empty, want an ONNX model"},
		{"truncated", valid[:len(valid)-3], "mlp: ReadONNX: model: byte 306: field 8 (opset_import) declares 4 bytes, but the input has 1 left"},
		{"truncated length", valid[:30], "mlp: ReadONNX: model: byte 3: field 7 (graph) declares 300 bytes, but the input has 25 left"},
		{"overflowing varint", append(pbTag(1, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02), "mlp: ReadONNX: model: byte 1: a varint longer than 64 bits"},
		{"eleven-byte varint", append(pbTag(1, 0), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00), "mlp: ReadONNX: model: byte 1: a varint longer than 64 bits"},
		{"huge length", append(pbTag(7, 2), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "mlp: ReadONNX: model: byte 1: field 7 (graph) declares 9223372036854775807 bytes, but the input has 0 left"},
		{"field number 0", append([]byte{0x00}, valid...), "mlp: ReadONNX: model: byte 0: a tag with field number 0, want 1 to 536870911: the input is not a protobuf message"},
		{"group", append(pbTag(7, 3), valid...), "mlp: ReadONNX: model: byte 0: field 7 has wire type 3 (start group), which ONNX never uses"},
		{"invalid wire type", pbTag(9, 7), "mlp: ReadONNX: model: byte 0: field 9 has wire type 7 (invalid)"},
		{"graph as varint", pbInt(7, 1), "mlp: ReadONNX: model: field 7 (graph) has wire type 0 (varint), want 2 (length-delimited)"},
		{"ir_version as string", append(pbStr(1, "8"), valid[2:]...), "mlp: ReadONNX: model: field 1 (ir_version) has wire type 2 (length-delimited), want 0 (varint)"},
		{"op_type as varint", withNode(1, pbLen(1, pbStr(1, "z0"), pbStr(2, "a0"), pbInt(4, 5))),
			"mlp: ReadONNX: graph.node[1]: field 4 (op_type) has wire type 0 (varint), want 2 (length-delimited)"},
		{"attribute f as varint", withNode(0, gemm0(bytes.Join([][]byte{pbStr(1, "alpha"), pbInt(2, 1)}, nil))), "mlp: ReadONNX: graph.node[0].attribute[0]: field 2 (f) has wire type 0 (varint), want 5 (fixed32)"},
		{"length past its message", withNode(1, pbLen(1, pbTag(1, 2), []byte{10}, []byte("z0"))),
			"mlp: ReadONNX: graph.node[1]: byte 38: field 1 (input) declares 10 bytes, but the message has 2 left"},
		{"truncated float", edit(func(m *testModel) { m.inits[1] = pbLen(5, pbTag(4, 5), []byte{1, 2}) }),
			"mlp: ReadONNX: graph.initializer[1]: byte 182: the message ends (the input is corrupt) in the middle of field 4 (float_data)"},
		{"ragged packed doubles", edit(func(m *testModel) { m.inits[1] = pbLen(5, pbLen(10, make([]byte, 12))) }),
			"mlp: ReadONNX: graph.initializer[1]: field 10 (double_data) holds 12 bytes, not a whole number of 8-byte values"},
		{"deep nesting", append(deep, valid...), "mlp: ReadONNX: model: field 1 (ir_version) has wire type 2 (length-delimited), want 0 (varint)"},
		{"deep nesting in an unknown field", nested(100, 100000), "mlp: ReadONNX: the model has no graph (ModelProto field 7): the input is not an ONNX model"},
		{"too many nodes", pbLen(7, manyNodes), "mlp: ReadONNX: graph.node[32767]: more than 32768 messages in the model (nodes, initializers, values, attributes and their parts)"},
		{"too many attributes", pbLen(7, bytes.Repeat(pbLen(1, bytes.Repeat(pbLen(5), 1000)), 33)),
			"mlp: ReadONNX: graph.node[32].attribute[734]: more than 32768 messages in the model (nodes, initializers, values, attributes and their parts)"},
		{"too many dims", pbLen(7, bytes.Repeat(pbLen(11, pbLen(2, pbLen(1, pbLen(2, bytes.Repeat(pbLen(1), 8))))), 3000)),
			"mlp: ReadONNX: graph.input[2730].type.tensor_type.shape.dim[3]: more than 32768 messages in the model (nodes, initializers, values, attributes and their parts)"},
		{"too many dims", edit(func(m *testModel) { m.inits[1] = testTensor("B0", []int64{1, 1, 1, 1, 1, 1, 1, 1, 3}, 0.5, -0.5, 0) }),
			"mlp: ReadONNX: graph.initializer[1]: more than 8 dims"},

		// The model.
		{"not ONNX", []byte("\x12\x05hello"), "mlp: ReadONNX: the model has no graph (ModelProto field 7): the input is not an ONNX model"},
		{"graph twice", append(valid, pbLen(7)...), "mlp: ReadONNX: model: field 7 (graph) appears twice"},
		{"no ir_version", valid[2:], "mlp: ReadONNX: the model's ir_version is 0, want 3 or later: the input is not an ONNX model of a version ONNX Runtime reads"},
		{"no opset", edit(func(m *testModel) { m.model = m.model[:1] }), "mlp: ReadONNX: the model imports no version of the default operator set (ai.onnx), want 13 or later"},
		{"opset 12", edit(func(m *testModel) { m.model[1] = pbLen(8, pbInt(2, 12)) }), "mlp: ReadONNX: the model's default operator set is version 12, want 13 or later (export with opset_version=13 or more)"},
		{"opset twice", edit(func(m *testModel) { m.model = append(m.model, pbLen(8, pbStr(1, "ai.onnx"), pbInt(2, 14))) }), "mlp: ReadONNX: the model imports the default operator set 2 times, want once"},
		{"unknown loss", edit(func(m *testModel) { m.model = append(m.model, pbLen(14, pbStr(1, onnxLossKey), pbStr(2, "hinge"))) }),
			`mlp: ReadONNX: metadata "github.com/glassbox-go/mlp/loss": unknown loss "hinge", want one of squared-error, cross-entropy, binary-cross-entropy`},
		{"loss twice", edit(func(m *testModel) {
			m.model = append(m.model, pbLen(14, pbStr(1, onnxLossKey), pbStr(2, "cross-entropy")), pbLen(14, pbStr(1, onnxLossKey), pbStr(2, "squared-error")))
		}), `mlp: ReadONNX: metadata_props: the key "github.com/glassbox-go/mlp/loss" appears twice`},

		// The graph's inputs, outputs and initializers.
		{"two inputs", edit(func(m *testModel) { m.ios = append(m.ios, testValue(11, "x2", onnxDouble, "batch", 2)) }), "mlp: ReadONNX: the graph has 2 inputs besides its initializers, want 1"},
		{"no output", edit(func(m *testModel) { m.ios = m.ios[:1] }), "mlp: ReadONNX: the graph has 0 outputs, want 1"},
		{"input of FLOAT16", edit(func(m *testModel) { m.ios[0] = testValue(11, "x", 10, "batch", 2) }), `mlp: ReadONNX: "x" has element type FLOAT16, want FLOAT (float32) or DOUBLE (float64)`},
		{"output of FLOAT", edit(func(m *testModel) { m.ios[1] = testValue(12, "y", onnxFloat, "batch", 1) }), `mlp: ReadONNX: the graph's output "y" is FLOAT (float32) but its input "x" is DOUBLE (float64), want the same`},
		{"input a sequence", edit(func(m *testModel) { m.ios[0] = pbLen(11, pbStr(1, "x"), pbLen(2, pbLen(4))) }), `mlp: ReadONNX: "x" is a sequence, want a tensor`},
		{"input of rank 3", edit(func(m *testModel) { m.ios[0] = testValue(11, "x", onnxDouble, "batch", 2, 1) }), `mlp: ReadONNX: the graph's input "x" has 3 dims, want 2 (samples×features), or a Flatten first`},
		{"input of 0 batch", edit(func(m *testModel) { m.ios[0] = testValue(11, "x", onnxDouble, 0, 2) }), `mlp: ReadONNX: the graph's input "x" has dim 0 of size 0, want at least 1`},
		{"input features", edit(func(m *testModel) { m.ios[0] = testValue(11, "x", onnxDouble, "batch", 3) }),
			`mlp: ReadONNX: node "gemm0" (Gemm): the weights "W0" are 2×3, 2 inputs, but the graph's input "x" has 3 features`},
		{"output columns", edit(func(m *testModel) { m.ios[1] = testValue(12, "y", onnxDouble, "batch", 2) }), `mlp: ReadONNX: the graph's output "y" has 2 columns, but node "matmul1" (MatMul) makes 1`},
		{"output of rank 1", edit(func(m *testModel) { m.ios[1] = testValue(12, "y", onnxDouble, "batch") }), `mlp: ReadONNX: the graph's output "y" has 1 dim, want 2 (samples×outputs)`},
		{"unused initializer", edit(func(m *testModel) { m.inits = append(m.inits, testTensor("extra", []int64{1}, 1)) }), `mlp: ReadONNX: initializer "extra" is used by no node`},
		{"initializer twice", edit(func(m *testModel) { m.inits = append(m.inits, testTensor("W1", []int64{3, 1}, 1, 1, 1)) }), `mlp: ReadONNX: initializer "W1" appears twice`},
		{"initializer without name", edit(func(m *testModel) { m.inits = append(m.inits, testTensor("", []int64{1}, 1)) }), `mlp: ReadONNX: initializer 3 has no name`},
		{"sparse initializer", edit(func(m *testModel) { m.graph = [][]byte{pbLen(15)} }), "mlp: ReadONNX: graph: field 15 (sparse_initializer): sparse initializers are not supported, want dense ones"},

		// The nodes.
		{"unknown operator", withNode(1, testNode("LeakyRelu", "leaky0", []string{"z0"}, []string{"a0"})),
			`mlp: ReadONNX: node "leaky0" (LeakyRelu): the operator "LeakyRelu" is not one this reader maps to a layer, want Gemm, MatMul, Add, Relu, Tanh, Sigmoid, Softmax, Identity, or a Flatten first`},
		{"unnamed unknown operator", withNode(1, pbLen(1, pbStr(1, "z0"), pbStr(2, "a0"), pbStr(4, "Conv"))),
			`mlp: ReadONNX: node 1 (Conv): the operator "Conv" is not one this reader maps to a layer, want Gemm, MatMul, Add, Relu, Tanh, Sigmoid, Softmax, Identity, or a Flatten first`},
		{"other domain", edit(func(m *testModel) {
			m.nodes[1] = pbLen(1, pbStr(1, "z0"), pbStr(2, "a0"), pbStr(3, "relu0"), pbStr(4, "Relu"), pbStr(7, "com.microsoft"))
		}), `mlp: ReadONNX: node "relu0" (Relu) is in domain "com.microsoft", want the default ONNX domain`},
		{"branch", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:2], testNode("Tanh", "tanh0", []string{"z0"}, []string{"t0"}), m.nodes[2], m.nodes[3])
		}), `mlp: ReadONNX: node "tanh0" (Tanh) takes "z0", which node "relu0" (Relu) takes too: the graph branches, and a multi-layer perceptron is a chain`},
		{"out of order", edit(func(m *testModel) { m.nodes[0], m.nodes[1] = m.nodes[1], m.nodes[0] }),
			`mlp: ReadONNX: node "relu0" (Relu) takes "z0", want "x", the output of the node before: the graph must be a chain of nodes in order`},
		{"two outputs", withNode(1, testNode("Relu", "relu0", []string{"z0"}, []string{"a0", "mask"})), `mlp: ReadONNX: node "relu0" (Relu) has 2 outputs, want 1`},
		{"value written twice", withNode(1, testNode("Relu", "relu0", []string{"z0"}, []string{"W1"})),
			`mlp: ReadONNX: node "relu0" (Relu) writes "W1", which is already a value of the graph: each value is written once`},
		{"takes an initializer", withNode(0, testNode("Gemm", "gemm0", []string{"W1", "W0", "B0"}, []string{"z0"})),
			`mlp: ReadONNX: node "gemm0" (Gemm) takes the initializer "W1" where it should take "x", the output of the node before`},
		{"weights not an initializer", withNode(2, testNode("MatMul", "matmul1", []string{"a0", "z0"}, []string{"z1"})),
			`mlp: ReadONNX: node "matmul1" (MatMul) takes its weights from "z0", which is not an initializer: weights and biases must be constants in the file`},
		{"shared weights", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:3], testNode("Add", "add1", []string{"z1", "B0"}, []string{"z1b"}), testNode("Sigmoid", "sigmoid1", []string{"z1b"}, []string{"y"}))
		}), `mlp: ReadONNX: node "add1" (Add) takes the initializer "B0", which node "gemm0" (Gemm) takes too: each initializer belongs to one layer`},
		{"activation first", edit(func(m *testModel) {
			m.nodes = append([][]byte{testNode("Relu", "relu", []string{"x"}, []string{"xr"}), testNode("Gemm", "gemm0", []string{"xr", "W0", "B0"}, []string{"z0"})}, m.nodes[1:]...)
		}), `mlp: ReadONNX: node "relu" (Relu) comes before any Gemm or MatMul: each layer is a Gemm or MatMul, maybe an Add, then its activation`},
		{"two activations", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:2], testNode("Tanh", "tanh0", []string{"a0"}, []string{"t0"}), testNode("MatMul", "matmul1", []string{"t0", "W1"}, []string{"z1"}), m.nodes[3])
		}), `mlp: ReadONNX: node "tanh0" (Tanh) follows node "relu0" (Relu): a layer has one activation`},
		{"Add after Gemm with biases", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:1], testNode("Add", "add0", []string{"z0", "W1"}, []string{"zb"}), testNode("Relu", "relu0", []string{"zb"}, []string{"a0"}), m.nodes[2], m.nodes[3])
		}), `mlp: ReadONNX: node "add0" (Add) does not follow a Gemm or MatMul without biases: an Add is read only as a layer's biases`},
		{"Add after an activation", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:3], testNode("Sigmoid", "sigmoid1", []string{"z1"}, []string{"s1"}), testNode("Add", "add1", []string{"s1", "B1"}, []string{"y"}))
			m.inits = append(m.inits, testTensor("B1", []int64{1}, 1))
		}), `mlp: ReadONNX: node "add1" (Add) does not follow a Gemm or MatMul without biases: an Add is read only as a layer's biases`},
		{"Flatten not first", edit(func(m *testModel) {
			m.nodes = append(m.nodes[:2], testNode("Flatten", "flat", []string{"a0"}, []string{"af"}), testNode("MatMul", "matmul1", []string{"af", "W1"}, []string{"z1"}), m.nodes[3])
		}), `mlp: ReadONNX: node "flat" (Flatten) is not the first node: a Flatten may only come first, on the graph's input`},
		{"no layer", edit(func(m *testModel) {
			m.nodes = [][]byte{testNode("Identity", "id", []string{"x"}, []string{"y"})}
			m.inits = nil
		}), "mlp: ReadONNX: the graph has no Gemm or MatMul node, want at least one layer"},
		{"output not at the end", edit(func(m *testModel) { m.ios[1] = testValue(12, "a0", onnxDouble, "batch", 3) }),
			`mlp: ReadONNX: the graph's output is "a0", but the chain of nodes ends in "y"`},
		{"Relu with two inputs", withNode(1, testNode("Relu", "relu0", []string{"z0", "W1"}, []string{"a0"})),
			`mlp: ReadONNX: node "relu0" (Relu) has 2 inputs, want 1`},
		{"Gemm with one input", withNode(0, testNode("Gemm", "gemm0", []string{"x"}, []string{"z0"})),
			`mlp: ReadONNX: node "gemm0" (Gemm) has 1 input, want 2 or 3 (A, B and maybe C)`},
		{"no inputs", withNode(1, testNode("Relu", "relu0", nil, []string{"a0"})), `mlp: ReadONNX: node "relu0" (Relu) has no input`},

		// Attributes.
		{"Gemm alpha 2", withNode(0, gemm0(attrFloat("alpha", 2))),
			`mlp: ReadONNX: node "gemm0" (Gemm) has alpha 2, want 1 (a Linear layer computes A·W + B, unscaled)`},
		{"Gemm beta 0.5", withNode(0, gemm0(attrFloat("beta", 0.5))),
			`mlp: ReadONNX: node "gemm0" (Gemm) has beta 0.5, want 1 (a Linear layer computes A·W + B, unscaled)`},
		{"Gemm transA", withNode(0, gemm0(attrInt("transA", 1))),
			`mlp: ReadONNX: node "gemm0" (Gemm) has transA 1, want 0 (samples are rows)`},
		{"Gemm transB 2", withNode(0, gemm0(attrInt("transB", 2))),
			`mlp: ReadONNX: node "gemm0" (Gemm) has transB 2, want 0 or 1`},
		{"transB as a float", withNode(0, gemm0(attrFloat("transB", 1))),
			`mlp: ReadONNX: node "gemm0" (Gemm): attribute transB has type 1, want INT (i)`},
		{"transB as ints", withNode(0, gemm0(bytes.Join([][]byte{pbStr(1, "transB"), pbLen(8, []byte{1})}, nil))), `mlp: ReadONNX: node "gemm0" (Gemm): attribute transB holds ints, want INT (i)`},
		{"alpha without value", withNode(0, gemm0(pbStr(1, "alpha"))),
			`mlp: ReadONNX: node "gemm0" (Gemm): attribute alpha has no value, want FLOAT (f)`},
		{"unknown attribute", withNode(0, gemm0(attrInt("broadcast", 1))),
			`mlp: ReadONNX: node "gemm0" (Gemm) has the attribute "broadcast", want only alpha, beta, transA, transB`},
		{"attribute twice", withNode(0, gemm0(attrInt("transB", 0), attrInt("transB", 1))), `mlp: ReadONNX: node "gemm0" (Gemm) has the attribute "transB" twice`},
		{"Relu with an attribute", edit(func(m *testModel) {
			m.nodes[1] = testNode("Relu", "relu0", []string{"z0"}, []string{"a0"}, attrFloat("alpha", 0.01))
		}),
			`mlp: ReadONNX: node "relu0" (Relu) has the attribute "alpha", want none`},
		{"Softmax axis 0", edit(func(m *testModel) {
			m.nodes[3] = testNode("Softmax", "softmax1", []string{"z1"}, []string{"y"}, attrInt("axis", 0))
		}),
			`mlp: ReadONNX: node "softmax1" (Softmax) has axis 0, want -1 or 1, the last axis of samples×units`},
		{"Flatten axis 2", edit(func(m *testModel) {
			m.nodes = append([][]byte{testNode("Flatten", "flat", []string{"x"}, []string{"xf"}, attrInt("axis", 2)), testNode("Gemm", "gemm0", []string{"xf", "W0", "B0"}, []string{"z0"})}, m.nodes[1:]...)
		}), `mlp: ReadONNX: node "flat" (Flatten) has axis 2, want 1 (keep the batch dimension, flatten the rest)`},

		// Shapes and numbers.
		{"layers do not fit", edit(func(m *testModel) { m.inits[2] = testTensor("W1", []int64{2, 1}, 1, -1) }),
			`mlp: ReadONNX: node "matmul1" (MatMul): the weights "W1" are 2×1, 2 inputs, want 3 to match the outputs of node "gemm0" (Gemm)`},
		{"transposed weights do not fit", edit(func(m *testModel) {
			m.nodes[2] = testNode("Gemm", "gemm1", []string{"a0", "W1"}, []string{"z1"}, attrInt("transB", 1))
		}), `mlp: ReadONNX: node "gemm1" (Gemm): the weights "W1" are 3×1 with transB = 1, 1 inputs, want 3 to match the outputs of node "gemm0" (Gemm)`},
		{"biases do not fit", edit(func(m *testModel) { m.inits[1] = testTensor("B0", []int64{2}, 0.5, -0.5) }),
			`mlp: ReadONNX: node "gemm0" (Gemm): the biases "B0" have dims [2], want [3] or [1 3]`},
		{"weights of rank 1", edit(func(m *testModel) { m.inits[2] = testTensor("W1", []int64{3}, 1, -1, 2) }),
			`mlp: ReadONNX: node "matmul1" (MatMul): the weights "W1" have 1 dim [3], want 2`},
		{"weights with a 0 dim", edit(func(m *testModel) {
			m.inits[2] = testTensor("W1", []int64{3, 0})
			m.ios[1] = testValue(12, "y", onnxDouble, "batch", 0)
		}), `mlp: ReadONNX: node "matmul1" (MatMul): the weights "W1" have dims [3 0], want every dim at least 1`},
		{"negative dim", edit(func(m *testModel) { m.inits[2] = testTensor("W1", []int64{3, -1}, 1, -1, 2) }),
			`mlp: ReadONNX: node "matmul1" (MatMul): the weights "W1" have dims [3 -1], want every dim at least 1`},
		{"huge dims", edit(func(m *testModel) {
			m.inits[2] = testTensor("W1", []int64{3, 1 << 40}, 1, -1, 2)
			m.ios[1] = testValue(12, "y", onnxDouble, "batch", 1<<40)
		}), `mlp: ReadONNX: initializer "W1" has dims [3 1099511627776], more numbers than the input can hold`},
		{"dims whose product overflows", edit(func(m *testModel) {
			m.inits[2] = testTensor("W1", []int64{3, 1 << 62}, 1, -1, 2)
			m.ios[1] = testValue(12, "y", onnxDouble, "batch", 1<<62)
		}), `mlp: ReadONNX: initializer "W1" has dims [3 4611686018427387904], more numbers than the input can hold`},
		{"raw_data too short", edit(func(m *testModel) { m.inits[2] = testTensor("W1", []int64{3, 1}, 1, -1) }),
			`mlp: ReadONNX: initializer "W1" has dims [3 1], 3 numbers, but its raw_data holds 16 bytes, want 24`},
		{"double_data too long", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"), pbLen(10, f64s(1, 2, 3, 4)))
		}), `mlp: ReadONNX: initializer "W1" has dims [3 1], 3 numbers, but its double_data holds 32 bytes, want 24`},
		{"no data", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"))
		}),
			`mlp: ReadONNX: initializer "W1" has dims [3 1], 3 numbers, but its double_data holds 0 bytes, want 24`},
		{"float_data in a DOUBLE tensor", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"), pbLen(4, make([]byte, 12)))
		}), `mlp: ReadONNX: initializer "W1" is DOUBLE but holds float_data`},
		{"raw_data and double_data", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"), pbLen(9, f64s(1, 2, 3)), pbLen(10, f64s(1, 2, 3)))
		}), `mlp: ReadONNX: initializer "W1" holds both raw_data and double_data, want one`},
		{"int64 weights", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, 7), pbStr(8, "W1"), pbLen(7, []byte{1, 2, 3}))
		}),
			`mlp: ReadONNX: initializer "W1" is INT64, want DOUBLE (float64) like the graph's input`},
		{"int32_data", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"), pbLen(5, []byte{1, 2, 3}))
		}),
			`mlp: ReadONNX: initializer "W1" holds numbers in int32_data, want raw_data, float_data or double_data`},
		{"FLOAT weights in a DOUBLE model", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxFloat), pbStr(8, "W1"), pbLen(4, make([]byte, 12)))
		}), `mlp: ReadONNX: initializer "W1" is FLOAT (float32), want DOUBLE (float64) like the graph's input`},
		{"external data", edit(func(m *testModel) {
			m.inits[2] = pbLen(5, pbInt(1, 3), pbInt(1, 1), pbInt(2, onnxDouble), pbStr(8, "W1"), pbLen(13, pbStr(1, "location"), pbStr(2, "w1.bin")), pbInt(14, 1))
		}), `mlp: ReadONNX: initializer "W1" is stored in an external file (external_data), which ReadONNX does not read; save the model with its weights inside`},
		{"segment", edit(func(m *testModel) { m.inits[2] = pbLen(5, pbLen(3, pbInt(1, 0), pbInt(2, 3))) }),
			"mlp: ReadONNX: graph.initializer[2]: field 3 (segment): a tensor in segments is not supported"},
		{"NaN weight", edit(func(m *testModel) { m.inits[2] = testTensor("W1", []int64{3, 1}, 1, math.NaN(), 2) }),
			`mlp: ReadONNX: initializer "W1": number 1 is NaN; NaN and ±Inf are not valid weights`},
		{"Inf bias", edit(func(m *testModel) { m.inits[1] = testTensor("B0", []int64{3}, 0.5, math.Inf(1), 0) }),
			`mlp: ReadONNX: initializer "B0": number 1 is +Inf; NaN and ±Inf are not valid weights`},
		{"long name quoted short", edit(func(m *testModel) {
			m.nodes[1] = testNode(strings.Repeat("A", 1000), "relu0", []string{"z0"}, []string{"a0"})
		}),
			`mlp: ReadONNX: node "relu0" (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...): the operator "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA..." is not one this reader maps to a layer`},
	}
}

// TestReadONNXHostile: each hostile file gives its error and no network,
// and allocates less than 64 KiB beyond twice its own size (the huge dims
// would take 26 TB if they were trusted).
func TestReadONNXHostile(t *testing.T) {
	for _, tt := range hostileONNX() {
		t.Run(tt.name, func(t *testing.T) {
			net, err := ReadONNX(bytes.NewReader(tt.file))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ReadONNX() = %v\nwant %s", err, tt.want)
			}
			if net != nil {
				t.Errorf("ReadONNX() = %v with an error, want nil", net)
			}
			budget := 64<<10 + 2*uint64(len(tt.file))
			if strings.Contains(tt.want, "messages in the model") {
				// The cap of maxONNXMessages messages, a few hundred bytes
				// each, bounds these, not the file's size.
				budget = 16 << 20
			}
			if n := heapBytes(3, func() { decodeONNX("ReadONNX", tt.file) }); n > budget {
				t.Errorf("ReadONNX() allocates %d bytes for a %d-byte file, want at most %d", n, len(tt.file), budget)
			}
		})
	}
}

// TestReadONNXTruncated: every proper prefix of an exported model is an
// error, never a network.
func TestReadONNXTruncated(t *testing.T) {
	var buf bytes.Buffer
	if err := roundTripNet(t, Softmax, CrossEntropy, true, 3).WriteONNX(&buf); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	for i := 0; i < len(full); i++ {
		got, err := ReadONNX(bytes.NewReader(full[:i]))
		if err == nil || got != nil || !strings.HasPrefix(err.Error(), "mlp: ReadONNX: ") {
			t.Fatalf("ReadONNX(first %d of %d bytes) = %v, %v, want an mlp: ReadONNX: error", i, len(full), got, err)
		}
	}
}

// TestReadONNXLimit: input longer than the limit is refused after reading
// limit+1 bytes, however long the reader goes on; a nil or failing reader
// is an error.
func TestReadONNXLimit(t *testing.T) {
	_, err := readONNX("ReadONNX", endlessSpaces{}, 1000)
	if want := "mlp: ReadONNX: input is longer than 1000 bytes (MaxLoadBytes)"; err == nil || err.Error() != want {
		t.Errorf("readONNX(endless, 1000) = %v, want %q", err, want)
	}
	valid := newTestModel().bytes()
	if _, err := readONNX("ReadONNX", bytes.NewReader(valid), int64(len(valid))); err != nil {
		t.Errorf("readONNX(valid, its length) = %v, want nil", err)
	}
	if _, err := ReadONNX(nil); err == nil || err.Error() != "mlp: ReadONNX: reader is nil" {
		t.Errorf("ReadONNX(nil) = %v, want mlp: ReadONNX: reader is nil", err)
	}
	if _, err := ReadONNX(closedPipeReader{}); err == nil || err.Error() != "mlp: ReadONNX: "+io.ErrClosedPipe.Error() {
		t.Errorf("ReadONNX(failing reader) = %v, want mlp: ReadONNX: %v", err, io.ErrClosedPipe)
	}
}
