package mlp

// The first pass of ReadONNX: the protobuf messages of an ONNX model, read
// with the pbReader of onnx_wire.go into what the mapping (onnx_read.go)
// needs. Numbers are not decoded here: tensors keep slices of the input.
// The field numbers are those of onnx/onnx.proto.

import "fmt"

const (
	// maxONNXMessages bounds the messages the reader reads, in all (nodes,
	// initializers, values, attributes, dims, ...), so that what it builds
	// besides the weights takes a few megabytes at most however many small
	// messages a file holds. An MLP needs some ten a layer.
	maxONNXMessages = 1 << 15
	// maxONNXDims bounds the rank of a tensor or value.
	maxONNXDims = 8
	// maxONNXNodeIO bounds the inputs and outputs of a node that the reader
	// keeps; the operators it maps have at most 3 inputs and 1 output.
	maxONNXNodeIO = 3
)

// The parsed model: what the mapping needs, nothing decoded yet.
type (
	onnxModel struct {
		data      []byte // the whole input
		irVersion int64
		opset     int64 // version of the default operator set, 0 if not imported
		opsets    int   // how many times the model imports it
		graph     *onnxGraph
		loss      string // the metadata entry onnxLossKey
		hasLoss   bool
		messages  int // messages read, for message
	}
	onnxGraph struct {
		nodes           []*onnxNode
		inits           []*onnxTensor
		inputs, outputs []*onnxValue
	}
	onnxNode struct {
		index            int
		name, op, domain string
		inputs, outputs  []string // the first maxONNXNodeIO
		nIn, nOut        int      // how many the node has
		attrs            []*onnxAttr
	}
	onnxAttr struct {
		name  string
		typ   int64 // AttributeProto.type, 0 if absent
		f     float32
		i     int64
		hasF  bool
		hasI  bool
		other string // the first value field other than f and i, if any
	}
	onnxTensor struct {
		name        string
		dims        []int64
		dtype       int64
		raw         []byte
		hasRaw      bool
		floatBytes  int    // bytes of float_data
		doubleBytes int    // bytes of double_data
		other       string // a field that holds data this reader does not read
		msg         []byte // the TensorProto, read again to decode float_data and double_data
		at          int    // its offset in the input
		used        string // the node that uses it, once one does
	}
	onnxValue struct {
		name string
		kind string // "" for a tensor, else the TypeProto field it has
		elem int64
		dims []onnxDim // nil if the shape is unknown
	}
	onnxDim struct {
		value int64
		known bool
	}
)

// message reads the nested message of field name (the index-th of its
// name, or −1) from r, counting it against maxONNXMessages, and calls
// parse with its reader.
func (m *onnxModel) message(r *pbReader, field, wire int, name string, index int, parse func(r *pbReader) error) error {
	sub, err := r.message(field, wire, name, index)
	if err != nil {
		return err
	}
	if m.messages++; m.messages > maxONNXMessages {
		return sub.errorf("more than %d messages in the model (nodes, initializers, values, attributes and their parts)", maxONNXMessages)
	}
	return parse(sub)
}

// parseONNX reads the ModelProto in data: ir_version 1, graph 7,
// opset_import 8 (OperatorSetIdProto: domain 1, version 2), metadata_props
// 14 (StringStringEntryProto: key 1, value 2).
func parseONNX(data []byte) (*onnxModel, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("input is empty, want an ONNX model")
	}
	m := &onnxModel{data: data}
	r := newPBReader(data, "model")
	err := r.each(func(field, wire int) (err error) {
		switch field {
		case 1:
			m.irVersion, err = r.int64(field, wire, "ir_version")
		case 7:
			if m.graph != nil {
				return r.errorf("field 7 (graph) appears twice")
			}
			m.graph = &onnxGraph{}
			return m.message(r, field, wire, "graph", -1, m.parseGraph)
		case 8:
			return m.message(r, field, wire, "opset_import", -1, func(o *pbReader) error {
				var domain string
				var version int64
				err := o.each(func(field, wire int) (err error) {
					switch field {
					case 1:
						domain, err = o.string(field, wire, "domain")
					case 2:
						version, err = o.int64(field, wire, "version")
					default:
						err = o.skip(field, wire)
					}
					return err
				})
				if domain == "" || domain == "ai.onnx" {
					m.opset = version
					m.opsets++
				}
				return err
			})
		case 14:
			return m.message(r, field, wire, "metadata_props", -1, func(e *pbReader) error {
				var key, value string
				err := e.each(func(field, wire int) (err error) {
					switch field {
					case 1:
						key, err = e.string(field, wire, "key")
					case 2:
						value, err = e.string(field, wire, "value")
					default:
						err = e.skip(field, wire)
					}
					return err
				})
				if err == nil && key == onnxLossKey {
					if m.hasLoss {
						return e.errorf("the key %q appears twice", onnxLossKey)
					}
					m.loss, m.hasLoss = value, true
				}
				return err
			})
		default:
			err = r.skip(field, wire)
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case m.graph == nil:
		return nil, fmt.Errorf("the model has no graph (ModelProto field 7): the input is not an ONNX model")
	case m.opsets > 1:
		return nil, fmt.Errorf("the model imports the default operator set %d times, want once", m.opsets)
	}
	return m, nil
}

// parseGraph reads a GraphProto into m.graph: node 1, initializer 5, input
// 11, output 12, sparse_initializer 15.
func (m *onnxModel) parseGraph(r *pbReader) error {
	g := m.graph
	return r.each(func(field, wire int) error {
		switch field {
		case 1:
			n := &onnxNode{index: len(g.nodes)}
			g.nodes = append(g.nodes, n)
			return m.message(r, field, wire, "node", n.index, func(r *pbReader) error { return m.parseNode(r, n) })
		case 5:
			t := &onnxTensor{}
			g.inits = append(g.inits, t)
			return m.message(r, field, wire, "initializer", len(g.inits)-1, func(r *pbReader) error { return parseTensor(r, t) })
		case 11, 12:
			name, list := "input", &g.inputs
			if field == 12 {
				name, list = "output", &g.outputs
			}
			v := &onnxValue{}
			*list = append(*list, v)
			return m.message(r, field, wire, name, len(*list)-1, func(r *pbReader) error { return m.parseValue(r, v) })
		case 15:
			return r.errorf("field 15 (sparse_initializer): sparse initializers are not supported, want dense ones")
		}
		return r.skip(field, wire)
	})
}

// parseNode reads a NodeProto into n: input 1, output 2, name 3, op_type
// 4, attribute 5, domain 7.
func (m *onnxModel) parseNode(r *pbReader, n *onnxNode) error {
	return r.each(func(field, wire int) (err error) {
		var s string
		switch field {
		case 1:
			if s, err = r.string(field, wire, "input"); n.nIn < maxONNXNodeIO {
				n.inputs = append(n.inputs, s)
			}
			n.nIn++
		case 2:
			if s, err = r.string(field, wire, "output"); n.nOut < maxONNXNodeIO {
				n.outputs = append(n.outputs, s)
			}
			n.nOut++
		case 3:
			n.name, err = r.string(field, wire, "name")
		case 4:
			n.op, err = r.string(field, wire, "op_type")
		case 5:
			a := &onnxAttr{}
			n.attrs = append(n.attrs, a)
			return m.message(r, field, wire, "attribute", len(n.attrs)-1, func(r *pbReader) error { return parseAttr(r, a) })
		case 7:
			n.domain, err = r.string(field, wire, "domain")
		default:
			err = r.skip(field, wire)
		}
		return err
	})
}

// parseAttr reads an AttributeProto into a: name 1, f 2, i 3, type 20; the
// other value fields are noted and skipped, without reading inside.
func parseAttr(r *pbReader, a *onnxAttr) error {
	return r.each(func(field, wire int) (err error) {
		switch field {
		case 1:
			a.name, err = r.string(field, wire, "name")
		case 2:
			a.f, err = r.float32(field, wire, "f")
			a.hasF = true
		case 3:
			a.i, err = r.int64(field, wire, "i")
			a.hasI = true
		case 20:
			a.typ, err = r.int64(field, wire, "type")
		default:
			if a.other == "" {
				a.other = onnxAttrField(field)
			}
			err = r.skip(field, wire)
		}
		return err
	})
}

// onnxAttrField names the value fields of an AttributeProto other than f
// (2) and i (3), and ref_attr_name (21), by field number; "" for others.
func onnxAttrField(field int) string {
	switch field {
	case 4, 5, 6, 7, 8, 9, 10, 11:
		return [...]string{"s", "t", "g", "floats", "ints", "strings", "tensors", "graphs"}[field-4]
	case 14:
		return "tp"
	case 15:
		return "type_protos"
	case 21:
		return "ref_attr_name"
	case 22:
		return "sparse_tensor"
	case 23:
		return "sparse_tensors"
	}
	return ""
}

// parseTensor reads a TensorProto into t: dims 1, data_type 2, segment 3,
// float_data 4, name 8, raw_data 9, double_data 10, data_location 14; it
// notes the fields that hold data it does not read.
func parseTensor(r *pbReader, t *onnxTensor) error {
	t.msg, t.at = r.buf[r.pos:r.end], r.pos
	return r.each(func(field, wire int) (err error) {
		var b []byte
		switch field {
		case 1:
			err = r.repeatedInt64(field, wire, "dims", func(d int64) error {
				if len(t.dims) >= maxONNXDims {
					return r.errorf("more than %d dims", maxONNXDims)
				}
				t.dims = append(t.dims, d)
				return nil
			})
		case 2:
			t.dtype, err = r.int64(field, wire, "data_type")
		case 3:
			err = r.errorf("field 3 (segment): a tensor in segments is not supported")
		case 4:
			b, err = r.repeatedFixed(field, wire, 4, "float_data")
			t.floatBytes += len(b)
		case 8:
			t.name, err = r.string(field, wire, "name")
		case 9:
			t.raw, _, err = r.bytes(field, wire, "raw_data")
			t.hasRaw = true
		case 10:
			b, err = r.repeatedFixed(field, wire, 8, "double_data")
			t.doubleBytes += len(b)
		case 5, 6, 7, 11:
			t.other = [...]string{"int32_data", "string_data", "int64_data", "", "", "", "uint64_data"}[field-5]
			err = r.skip(field, wire)
		case 13:
			t.other = "external_data"
			err = r.skip(field, wire)
		case 14:
			var loc int64
			if loc, err = r.int64(field, wire, "data_location"); loc != 0 {
				t.other = "external_data"
			}
		default:
			err = r.skip(field, wire)
		}
		return err
	})
}

// parseValue reads a ValueInfoProto into v: name 1, type 2.
func (m *onnxModel) parseValue(r *pbReader, v *onnxValue) error {
	return r.each(func(field, wire int) (err error) {
		switch field {
		case 1:
			v.name, err = r.string(field, wire, "name")
		case 2:
			return m.message(r, field, wire, "type", -1, func(r *pbReader) error { return m.parseType(r, v) })
		default:
			err = r.skip(field, wire)
		}
		return err
	})
}

// parseType reads a TypeProto into v: tensor_type 1; the other kinds,
// sequence_type 4, map_type 5, optional_type 8 and sparse_tensor_type 9,
// are noted. TypeProto.Tensor: elem_type 1, shape 2.
func (m *onnxModel) parseType(r *pbReader, v *onnxValue) error {
	return r.each(func(field, wire int) error {
		switch field {
		case 1:
			return m.message(r, field, wire, "tensor_type", -1, func(t *pbReader) error {
				return t.each(func(field, wire int) (err error) {
					switch field {
					case 1:
						v.elem, err = t.int64(field, wire, "elem_type")
					case 2:
						v.dims = []onnxDim{}
						return m.message(t, field, wire, "shape", -1, func(r *pbReader) error { return m.parseShape(r, v) })
					default:
						err = t.skip(field, wire)
					}
					return err
				})
			})
		case 4, 5, 8, 9:
			v.kind = [...]string{"a sequence", "a map", "", "", "an optional", "a sparse tensor"}[field-4]
		}
		return r.skip(field, wire)
	})
}

// parseShape reads a TensorShapeProto into v.dims: dim 1. Dimension:
// dim_value 1; dim_param 2, a named size, is unknown.
func (m *onnxModel) parseShape(r *pbReader, v *onnxValue) error {
	return r.each(func(field, wire int) error {
		if field != 1 {
			return r.skip(field, wire)
		}
		if len(v.dims) >= maxONNXDims {
			return r.errorf("more than %d dims", maxONNXDims)
		}
		v.dims = append(v.dims, onnxDim{})
		d := &v.dims[len(v.dims)-1]
		return m.message(r, field, wire, "dim", len(v.dims)-1, func(r *pbReader) error {
			return r.each(func(field, wire int) (err error) {
				if field == 1 {
					d.value, err = r.int64(field, wire, "dim_value")
					d.known = true
					return err
				}
				return r.skip(field, wire)
			})
		})
	})
}
