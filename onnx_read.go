package mlp

// ONNX import: the models that torch.onnx.export writes for an
// nn.Sequential of Linear layers and activations, read into a Network. The
// file is read in two passes: parseONNX (onnx_parse.go) walks the
// protobuf messages and keeps what the mapping needs, as slices of the
// input (no numbers are decoded); build checks that the graph is a chain of
// layers and only then decodes the weights into matrices.

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"strings"
)

// ReadONNX reads an ONNX model from r, reading to the end of r, and returns
// the network it describes. It reads the models that torch.onnx.export
// writes for an nn.Sequential multi-layer perceptron, and those that
// WriteONNX writes: a chain of nodes in which each layer is
//
//   - a Gemm with alpha = beta = 1, transA = 0 and transB = 0 or 1 (PyTorch's
//     Linear, whose weight is out×in, is exported with transB = 1), with or
//     without its bias C, or a MatMul, optionally followed by an Add of a
//     bias;
//   - then at most one activation: Relu, Tanh, Sigmoid, or Softmax on the
//     last axis (axis −1 or 1);
//
// with Identity nodes anywhere (they change nothing) and an optional Flatten
// (axis 1) first, for inputs of more than two dimensions: the network then
// takes each sample flattened, row-major, as PyTorch's Flatten does. The
// weights and biases are initializers of type float (FLOAT, turned into
// float64 exactly) or float64 (DOUBLE), in raw_data or in float_data or
// double_data; the model imports the default operator set at version 13 or
// later. The graph's batch dimension, named or of a fixed size, is not kept:
// the network takes any number of samples. The network computes in float64
// whatever the model's type, so a
// float32 model gives its outputs to float32's rounding. Its Loss is the one
// WriteONNX kept in the model's metadata, or SquaredError, New's default,
// for a model from elsewhere: set it before training.
//
// Anything else is an error that starts with "mlp: ReadONNX:" and names the
// node, initializer or field at fault: another operator or domain, a graph
// that branches or whose nodes are out of order, an attribute with an
// unsupported value, weights whose shapes do not fit, weights stored in an
// external file, NaN or ±Inf weights, a truncated or corrupt file, input
// longer than MaxLoadBytes. ReadONNX never panics on bad input, and it
// allocates memory in proportion to the bytes it reads, never to the sizes a
// file declares: every declared length and dimension is checked against the
// bytes present first, and varints longer than 64 bits are refused. It reads
// nested messages only to the depth of the ONNX fields it uses, skipping
// the others without looking inside, so deep nesting costs nothing. It
// returns either a whole network or an error, never part of one.
func ReadONNX(r io.Reader) (*Network, error) {
	return readONNX("ReadONNX", r, MaxLoadBytes)
}

// ReadONNXFile reads the ONNX model in the named file, as ReadONNX does. A
// file longer than MaxLoadBytes is refused before it is read.
func ReadONNXFile(name string) (*Network, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("mlp: ReadONNXFile: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxLoadBytes {
		return nil, fmt.Errorf("mlp: ReadONNXFile: %s is %d bytes, more than MaxLoadBytes (%d)", name, fi.Size(), MaxLoadBytes)
	}
	return readONNX("ReadONNXFile", f, MaxLoadBytes)
}

// readONNX reads at most limit bytes from r and decodes them.
func readONNX(op string, r io.Reader, limit int64) (*Network, error) {
	if r == nil {
		return nil, fmt.Errorf("mlp: %s: reader is nil", op)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("mlp: %s: %w", op, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("mlp: %s: input is longer than %d bytes (MaxLoadBytes)", op, limit)
	}
	return decodeONNX(op, data)
}

// decodeONNX returns the network of the ONNX model in data, or an error
// naming op.
func decodeONNX(op string, data []byte) (*Network, error) {
	m, err := parseONNX(data)
	if err != nil {
		return nil, fmt.Errorf("mlp: %s: %w", op, err)
	}
	net, err := m.build()
	if err != nil {
		return nil, fmt.Errorf("mlp: %s: %w", op, err)
	}
	return net, nil
}

// String describes n in errors: `node "name" (Op)`, or `node 3 (Op)` if it
// has no name.
func (n *onnxNode) String() string {
	if n.name != "" {
		return fmt.Sprintf("node %q (%s)", short(n.name), short(n.op))
	}
	return fmt.Sprintf("node %d (%s)", n.index, short(n.op))
}

// onnxTypeName names an ONNX element type in errors.
func onnxTypeName(t int64) string {
	names := map[int64]string{0: "UNDEFINED", 1: "FLOAT (float32)", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16",
		6: "INT32", 7: "INT64", 8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE (float64)", 12: "UINT32",
		13: "UINT64", 14: "COMPLEX64", 15: "COMPLEX128", 16: "BFLOAT16"}
	if s, ok := names[t]; ok {
		return s
	}
	return fmt.Sprintf("element type %d", t)
}

// An onnxLayer is a layer found in the graph: its weights (and biases) as
// initializers, not yet decoded.
type onnxLayer struct {
	node   *onnxNode // the Gemm or MatMul
	w, b   *onnxTensor
	transB bool
	in     int64 // rows of W as the Layer holds it
	out    int64
	act    Activation
	actBy  *onnxNode // the node of the activation
}

// build checks that the graph is a chain of layers and returns the network.
func (m *onnxModel) build() (*Network, error) {
	switch {
	case m.irVersion < 3:
		return nil, fmt.Errorf("the model's ir_version is %d, want 3 or later: the input is not an ONNX model of a version ONNX Runtime reads", m.irVersion)
	case m.opset == 0:
		return nil, fmt.Errorf("the model imports no version of the default operator set (ai.onnx), want %d or later", onnxOpset)
	case m.opset < onnxOpset:
		return nil, fmt.Errorf("the model's default operator set is version %d, want %d or later (export with opset_version=%d or more)", m.opset, onnxOpset, onnxOpset)
	}
	loss := Loss(SquaredError)
	if m.hasLoss {
		var err error
		if loss, err = ParseLoss(m.loss); err != nil {
			return nil, fmt.Errorf("metadata %q: %s", onnxLossKey, strings.TrimPrefix(err.Error(), "mlp: "))
		}
	}
	g := m.graph
	inits := make(map[string]*onnxTensor, len(g.inits))
	for k, t := range g.inits {
		if t.name == "" {
			return nil, fmt.Errorf("initializer %d has no name", k)
		}
		if inits[t.name] != nil {
			return nil, fmt.Errorf("initializer %q appears twice", short(t.name))
		}
		inits[t.name] = t
	}
	var inputs []*onnxValue
	for _, v := range g.inputs {
		if inits[v.name] == nil { // before IR version 4, initializers were listed as inputs too
			inputs = append(inputs, v)
		}
	}
	if len(inputs) != 1 {
		return nil, fmt.Errorf("the graph has %d inputs besides its initializers, want 1", len(inputs))
	}
	if len(g.outputs) != 1 {
		return nil, fmt.Errorf("the graph has %d outputs, want 1", len(g.outputs))
	}
	input, output := inputs[0], g.outputs[0]
	for _, v := range [...]*onnxValue{input, output} {
		switch {
		case v.name == "":
			return nil, fmt.Errorf("the graph's input or output has no name")
		case v.kind != "":
			return nil, fmt.Errorf("%q is %s, want a tensor", short(v.name), v.kind)
		case v.elem != onnxFloat && v.elem != onnxDouble:
			return nil, fmt.Errorf("%q has element type %s, want FLOAT (float32) or DOUBLE (float64)", short(v.name), onnxTypeName(v.elem))
		case v.elem != input.elem:
			return nil, fmt.Errorf("the graph's output %q is %s but its input %q is %s, want the same", short(output.name), onnxTypeName(output.elem), short(input.name), onnxTypeName(input.elem))
		}
	}

	layers, flatten, err := m.chain(inits, input, output)
	if err != nil {
		return nil, err
	}
	for _, t := range g.inits {
		if t.used == "" {
			return nil, fmt.Errorf("initializer %q is used by no node", short(t.name))
		}
	}
	if err := checkONNXShapes(layers, input, output, flatten); err != nil {
		return nil, err
	}

	// Every check on the graph has passed: decode the weights.
	net := &Network{Loss: loss}
	for _, l := range layers {
		w, err := m.values(l.w, input.elem)
		if err != nil {
			return nil, err
		}
		if l.transB {
			w = transpose(w, int(l.out), int(l.in))
		}
		layer := &Layer{W: NewMatrix(int(l.in), int(l.out), w), Activation: l.act}
		if l.b != nil {
			b, err := m.values(l.b, input.elem)
			if err != nil {
				return nil, err
			}
			layer.B = NewMatrix(1, int(l.out), b)
		}
		net.Layers = append(net.Layers, layer)
	}
	return net, nil
}

// chain walks the nodes in order from the graph's input to its output and
// returns the layers they make, and the Flatten node if there is one.
func (m *onnxModel) chain(inits map[string]*onnxTensor, input, output *onnxValue) ([]*onnxLayer, *onnxNode, error) {
	var layers []*onnxLayer
	var flatten *onnxNode
	cur := input.name    // the value the next node must take
	var before *onnxNode // the last node other than Identity
	taken := map[string]*onnxNode{}
	written := map[string]bool{input.name: true}
	for name := range inits {
		written[name] = true
	}
	for _, n := range m.graph.nodes {
		if n.domain != "" && n.domain != "ai.onnx" {
			return nil, nil, fmt.Errorf("%s is in domain %q, want the default ONNX domain", n, short(n.domain))
		}
		if n.nOut != 1 || n.outputs[0] == "" {
			return nil, nil, fmt.Errorf("%s has %s, want 1", n, plural(n.nOut, "output"))
		}
		if n.nIn == 0 {
			return nil, nil, fmt.Errorf("%s has no input", n)
		}
		out := n.outputs[0]
		if written[out] {
			return nil, nil, fmt.Errorf("%s writes %q, which is already a value of the graph: each value is written once", n, short(out))
		}
		written[out] = true
		data := 0 // which input takes cur
		if n.op == "Add" && n.nIn == 2 && n.inputs[1] == cur {
			data = 1
		}
		if in := n.inputs[data]; in != cur {
			if t := taken[in]; t != nil {
				return nil, nil, fmt.Errorf("%s takes %q, which %s takes too: the graph branches, and a multi-layer perceptron is a chain", n, short(in), t)
			}
			if inits[in] != nil {
				return nil, nil, fmt.Errorf("%s takes the initializer %q where it should take %q, the output of the node before", n, short(in), short(cur))
			}
			return nil, nil, fmt.Errorf("%s takes %q, want %q, the output of the node before: the graph must be a chain of nodes in order", n, short(in), short(cur))
		}
		taken[cur] = n
		cur = out
		var last *onnxLayer
		if len(layers) > 0 {
			last = layers[len(layers)-1]
		}
		switch n.op {
		case "Identity":
			if err := n.plain(1); err != nil {
				return nil, nil, err
			}
			continue // changes nothing: what follows may belong to the node before
		case "Flatten":
			if before != nil {
				return nil, nil, fmt.Errorf("%s is not the first node: a Flatten may only come first, on the graph's input", n)
			}
			if err := n.inputsAttrs(1, "axis"); err != nil {
				return nil, nil, err
			}
			axis, err := n.intAttr("axis", 1)
			if err != nil {
				return nil, nil, err
			}
			if axis != 1 {
				return nil, nil, fmt.Errorf("%s has axis %d, want 1 (keep the batch dimension, flatten the rest)", n, axis)
			}
			flatten = n
		case "Gemm", "MatMul":
			l, err := n.linear(inits)
			if err != nil {
				return nil, nil, err
			}
			layers = append(layers, l)
		case "Add":
			if last == nil || before != last.node || last.b != nil {
				return nil, nil, fmt.Errorf("%s does not follow a Gemm or MatMul without biases: an Add is read only as a layer's biases", n)
			}
			if err := n.plain(2); err != nil {
				return nil, nil, err
			}
			b, err := n.initializer(inits, n.inputs[1-data], "biases")
			if err != nil {
				return nil, nil, err
			}
			last.b = b
		case "Relu", "Tanh", "Sigmoid", "Softmax":
			switch {
			case last == nil:
				return nil, nil, fmt.Errorf("%s comes before any Gemm or MatMul: each layer is a Gemm or MatMul, maybe an Add, then its activation", n)
			case last.actBy != nil:
				return nil, nil, fmt.Errorf("%s follows %s: a layer has one activation", n, last.actBy)
			}
			act := map[string]Activation{"Relu": ReLU, "Tanh": Tanh, "Sigmoid": Sigmoid, "Softmax": Softmax}[n.op]
			if n.op == "Softmax" {
				if err := n.inputsAttrs(1, "axis"); err != nil {
					return nil, nil, err
				}
				axis, err := n.intAttr("axis", -1)
				if err != nil {
					return nil, nil, err
				}
				if axis != -1 && axis != 1 {
					return nil, nil, fmt.Errorf("%s has axis %d, want -1 or 1, the last axis of samples×units", n, axis)
				}
			} else if err := n.plain(1); err != nil {
				return nil, nil, err
			}
			last.act, last.actBy = act, n
		default:
			return nil, nil, fmt.Errorf("%s: the operator %q is not one this reader maps to a layer, want Gemm, MatMul, Add, Relu, Tanh, Sigmoid, Softmax, Identity, or a Flatten first", n, short(n.op))
		}
		before = n
	}
	if len(layers) == 0 {
		return nil, nil, fmt.Errorf("the graph has no Gemm or MatMul node, want at least one layer")
	}
	if cur != output.name {
		return nil, nil, fmt.Errorf("the graph's output is %q, but the chain of nodes ends in %q", short(output.name), short(cur))
	}
	for _, l := range layers {
		if l.act == nil {
			l.act = Identity
		}
	}
	return layers, flatten, nil
}

// linear reads the layer that the Gemm or MatMul node n starts.
func (n *onnxNode) linear(inits map[string]*onnxTensor) (*onnxLayer, error) {
	l := &onnxLayer{node: n}
	if n.op == "MatMul" {
		if err := n.plain(2); err != nil {
			return nil, err
		}
	} else {
		if n.nIn != 2 && n.nIn != 3 {
			return nil, fmt.Errorf("%s has %s, want 2 or 3 (A, B and maybe C)", n, plural(n.nIn, "input"))
		}
		if err := n.inputsAttrs(n.nIn, "alpha", "beta", "transA", "transB"); err != nil {
			return nil, err
		}
		for _, name := range [...]string{"alpha", "beta"} {
			v, err := n.floatAttr(name, 1)
			if err != nil {
				return nil, err
			}
			if v != 1 {
				return nil, fmt.Errorf("%s has %s %v, want 1 (a Linear layer computes A·W + B, unscaled)", n, name, v)
			}
		}
		transA, err := n.intAttr("transA", 0)
		if err != nil {
			return nil, err
		}
		if transA != 0 {
			return nil, fmt.Errorf("%s has transA %d, want 0 (samples are rows)", n, transA)
		}
		transB, err := n.intAttr("transB", 0)
		if err != nil {
			return nil, err
		}
		if transB != 0 && transB != 1 {
			return nil, fmt.Errorf("%s has transB %d, want 0 or 1", n, transB)
		}
		l.transB = transB == 1
	}
	w, err := n.initializer(inits, n.inputs[1], "weights")
	if err != nil {
		return nil, err
	}
	if len(w.dims) != 2 {
		return nil, fmt.Errorf("%s: the weights %q have %s %v, want 2", n, short(w.name), plural(len(w.dims), "dim"), w.dims)
	}
	l.w, l.in, l.out = w, w.dims[0], w.dims[1]
	if l.transB {
		l.in, l.out = l.out, l.in
	}
	if n.nIn == 3 && n.inputs[2] != "" { // an empty name is an input left out
		if l.b, err = n.initializer(inits, n.inputs[2], "biases"); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// plain checks that n has ins inputs and no attributes.
func (n *onnxNode) plain(ins int) error {
	return n.inputsAttrs(ins)
}

// inputsAttrs checks that n has ins inputs and no attributes but those
// named, each at most once.
func (n *onnxNode) inputsAttrs(ins int, names ...string) error {
	if n.nIn != ins {
		return fmt.Errorf("%s has %s, want %d", n, plural(n.nIn, "input"), ins)
	}
	for k, a := range n.attrs {
		known := false
		for _, name := range names {
			known = known || a.name == name
		}
		if !known {
			if len(names) == 0 {
				return fmt.Errorf("%s has the attribute %q, want none", n, short(a.name))
			}
			return fmt.Errorf("%s has the attribute %q, want only %s", n, short(a.name), strings.Join(names, ", "))
		}
		for _, b := range n.attrs[:k] {
			if b.name == a.name {
				return fmt.Errorf("%s has the attribute %q twice", n, short(a.name))
			}
		}
	}
	return nil
}

// attr returns n's attribute name, or nil, after checking that it holds a
// value of type typ (1 FLOAT in field f, 2 INT in field i) and no other.
func (n *onnxNode) attr(name string, typ int64) (*onnxAttr, error) {
	for _, a := range n.attrs {
		if a.name != name {
			continue
		}
		want, has, other := "FLOAT (f)", a.hasF, a.hasI
		if typ == 2 {
			want, has, other = "INT (i)", a.hasI, a.hasF
		}
		switch {
		case a.typ != 0 && a.typ != typ:
			return nil, fmt.Errorf("%s: attribute %s has type %d, want %s", n, name, a.typ, want)
		case a.other != "" || other:
			field := a.other
			if field == "" {
				field = map[bool]string{true: "i", false: "f"}[typ == 1]
			}
			return nil, fmt.Errorf("%s: attribute %s holds %s, want %s", n, name, field, want)
		case !has && a.typ == 0:
			return nil, fmt.Errorf("%s: attribute %s has no value, want %s", n, name, want)
		}
		return a, nil
	}
	return nil, nil
}

// intAttr returns the value of n's INT attribute name, or def if n has
// none.
func (n *onnxNode) intAttr(name string, def int64) (int64, error) {
	a, err := n.attr(name, 2)
	if a == nil || err != nil {
		return def, err
	}
	return a.i, nil
}

// floatAttr returns the value of n's FLOAT attribute name, or def if n has
// none.
func (n *onnxNode) floatAttr(name string, def float32) (float32, error) {
	a, err := n.attr(name, 1)
	if a == nil || err != nil {
		return def, err
	}
	return a.f, nil
}

// initializer returns the initializer that n takes as its role (weights
// or biases), and marks it used.
func (n *onnxNode) initializer(inits map[string]*onnxTensor, name, role string) (*onnxTensor, error) {
	t := inits[name]
	switch {
	case t == nil:
		return nil, fmt.Errorf("%s takes its %s from %q, which is not an initializer: weights and biases must be constants in the file", n, role, short(name))
	case t.used != "":
		return nil, fmt.Errorf("%s takes the initializer %q, which %s takes too: each initializer belongs to one layer", n, short(name), t.used)
	}
	t.used = n.String()
	return t, nil
}

// checkONNXShapes checks that the layers fit together and with the graph's
// input and output, before any weight is decoded.
func checkONNXShapes(layers []*onnxLayer, input, output *onnxValue, flatten *onnxNode) error {
	features, known := int64(0), false
	if input.dims != nil {
		rank := len(input.dims)
		switch {
		case flatten == nil && rank != 2:
			return fmt.Errorf("the graph's input %q has %s, want 2 (samples×features), or a Flatten first", short(input.name), plural(rank, "dim"))
		case flatten != nil && rank < 2:
			return fmt.Errorf("the graph's input %q has %s, want 2 or more for %s", short(input.name), plural(rank, "dim"), flatten)
		}
		features, known = 1, true
		for k, d := range input.dims {
			switch {
			case d.known && d.value < 1:
				return fmt.Errorf("the graph's input %q has dim %d of size %d, want at least 1", short(input.name), k, d.value)
			case k == 0:
			case !d.known:
				known = false
			case known:
				var ok bool
				if features, ok = mulDims([]int64{features, d.value}, math.MaxInt32); !ok {
					return fmt.Errorf("the graph's input %q has more than %d features", short(input.name), math.MaxInt32)
				}
			}
		}
	}
	for i, l := range layers {
		for _, d := range l.w.dims {
			if d < 1 {
				return fmt.Errorf("%s: the weights %q have dims %v, want every dim at least 1", l.node, short(l.w.name), l.w.dims)
			}
		}
		layout := fmt.Sprintf("%d×%d", l.in, l.out)
		if l.transB {
			layout = fmt.Sprintf("%d×%d with transB = 1", l.out, l.in)
		}
		switch {
		case i == 0 && known && l.in != features:
			return fmt.Errorf("%s: the weights %q are %s, %d inputs, but the graph's input %q has %d features", l.node, short(l.w.name), layout, l.in, short(input.name), features)
		case i > 0 && l.in != layers[i-1].out:
			return fmt.Errorf("%s: the weights %q are %s, %d inputs, want %d to match the outputs of %s", l.node, short(l.w.name), layout, l.in, layers[i-1].out, layers[i-1].node)
		}
		if l.b != nil {
			d := l.b.dims
			if !(len(d) == 1 && d[0] == l.out) && !(len(d) == 2 && d[0] == 1 && d[1] == l.out) {
				return fmt.Errorf("%s: the biases %q have dims %v, want [%d] or [1 %d]", l.node, short(l.b.name), d, l.out, l.out)
			}
		}
	}
	if output.dims != nil {
		last := layers[len(layers)-1]
		switch d := output.dims; {
		case len(d) != 2:
			return fmt.Errorf("the graph's output %q has %s, want 2 (samples×outputs)", short(output.name), plural(len(d), "dim"))
		case d[1].known && d[1].value != last.out:
			return fmt.Errorf("the graph's output %q has %d columns, but %s makes %d", short(output.name), d[1].value, last.node, last.out)
		}
	}
	return nil
}

// values decodes the numbers of the initializer t, whose element type must
// be elem, into float64s, after checking that the bytes present hold as
// many numbers as its dims declare.
func (m *onnxModel) values(t *onnxTensor, elem int64) ([]float64, error) {
	name := short(t.name)
	if t.dtype != elem {
		return nil, fmt.Errorf("initializer %q is %s, want %s like the graph's input", name, onnxTypeName(t.dtype), onnxTypeName(elem))
	}
	if t.other == "external_data" {
		return nil, fmt.Errorf("initializer %q is stored in an external file (external_data), which ReadONNX does not read; save the model with its weights inside", name)
	}
	if t.other != "" {
		return nil, fmt.Errorf("initializer %q holds numbers in %s, want raw_data, float_data or double_data", name, t.other)
	}
	size, typed, field := 8, t.doubleBytes, "double_data"
	if elem == onnxFloat {
		size, typed, field = 4, t.floatBytes, "float_data"
		if t.doubleBytes > 0 {
			return nil, fmt.Errorf("initializer %q is FLOAT but holds double_data", name)
		}
	} else if t.floatBytes > 0 {
		return nil, fmt.Errorf("initializer %q is DOUBLE but holds float_data", name)
	}
	count, ok := mulDims(t.dims, int64(len(m.data)))
	got := typed
	if t.hasRaw {
		if typed > 0 {
			return nil, fmt.Errorf("initializer %q holds both raw_data and %s, want one", name, field)
		}
		field, got = "raw_data", len(t.raw)
	}
	if !ok || count*int64(size) != int64(got) {
		if !ok {
			return nil, fmt.Errorf("initializer %q has dims %v, more numbers than the input can hold", name, t.dims)
		}
		return nil, fmt.Errorf("initializer %q has dims %v, %d numbers, but its %s holds %d bytes, want %d", name, t.dims, count, field, got, count*int64(size))
	}
	vals := make([]float64, count)
	if t.hasRaw {
		decodeFloats(vals, t.raw, size)
	} else {
		r := &pbReader{buf: m.data, pos: t.at, end: t.at + len(t.msg), name: "initializer", index: -1}
		k := 0
		for {
			f, w, err := r.next()
			if err != nil || f == 0 {
				if err != nil { // cannot happen: parseONNXTensor read the same bytes
					return nil, err
				}
				break
			}
			if f != 4 && f != 10 {
				if err := r.skip(f, w); err != nil {
					return nil, err
				}
				continue
			}
			b, err := r.repeatedFixed(f, w, size, field)
			if err != nil {
				return nil, err
			}
			decodeFloats(vals[k:], b, size)
			k += len(b) / size
		}
	}
	for k, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("initializer %q: number %d is %v; NaN and ±Inf are not valid weights", name, k, v)
		}
	}
	return vals, nil
}

// decodeFloats sets dst to the little-endian numbers in b, float32s if size
// is 4 and float64s if 8.
func decodeFloats(dst []float64, b []byte, size int) {
	for k := range len(b) / size {
		if size == 4 {
			dst[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*k:])))
		} else {
			dst[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:]))
		}
	}
}

// transpose returns the cols×rows transpose of the rows×cols row-major w.
func transpose(w []float64, rows, cols int) []float64 {
	t := make([]float64, len(w))
	for i := range rows {
		for j := range cols {
			t[j*rows+i] = w[i*cols+j]
		}
	}
	return t
}

// mulDims returns the product of dims, or false if it is above limit.
func mulDims(dims []int64, limit int64) (int64, bool) {
	p := int64(1)
	for _, d := range dims {
		if d < 0 {
			return 0, false
		}
		hi, lo := bits.Mul64(uint64(p), uint64(d))
		if hi != 0 || lo > uint64(limit) {
			return 0, false
		}
		p = int64(lo)
	}
	return p, true
}
