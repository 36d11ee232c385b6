package mlp

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// FormatVersion is the version of the saved-network format that Save writes
// and Load reads. A file of another version is refused with an error naming
// both versions; Save's documentation describes version 1.
const FormatVersion = 1

// MaxLoadBytes is the largest input that Load, LoadFile and UnmarshalJSON
// accept, and the largest file that Save writes: 1 GiB, about 50 million
// weights. Loading takes memory in proportion to the bytes actually read,
// never to the sizes a file declares. To load untrusted input with a smaller
// budget, check its size first or wrap the reader in io.LimitReader, which
// turns a longer input into a truncation error.
const MaxLoadBytes = 1 << 30

// formatName is the value of the "format" field of every saved network.
const formatName = "github.com/glassbox-go/mlp"

// Save writes n to w as JSON, in version 1 (FormatVersion) of the package's
// format: the loss, and for each layer its activation, sizes, weights W and
// biases B. The tutorial's network, saved:
//
//	{
//	  "format": "github.com/glassbox-go/mlp",
//	  "version": 1,
//	  "loss": "squared-error",
//	  "layers": [
//	    {
//	      "activation": "sigmoid",
//	      "inputs": 3,
//	      "outputs": 5,
//	      "W": [
//	        [1, 1, 1, 1, 1],
//	        [1, 1, 1, 1, 1],
//	        [1, 1, 1, 1, 1]
//	      ],
//	      "B": null
//	    },
//	    {
//	      "activation": "sigmoid",
//	      "inputs": 5,
//	      "outputs": 1,
//	      "W": [
//	        [1],
//	        [1],
//	        [1],
//	        [1],
//	        [1]
//	      ],
//	      "B": null
//	    }
//	  ]
//	}
//
// The format is one JSON object with exactly these fields, matched by their
// exact names, in any order:
//
//   - "format": the string "github.com/glassbox-go/mlp".
//   - "version": the number 1. A later format will have another number;
//     Load refuses a version it does not know.
//   - "loss": the loss's name, as its String method gives it and ParseLoss
//     takes it, such as "squared-error".
//   - "layers": an array of at least one layer, from input to output, each
//     an object with exactly the fields "activation" (a name that
//     ParseActivation takes, such as "sigmoid"), "inputs" and "outputs"
//     (whole numbers of at least 1; a layer's inputs are the previous
//     layer's outputs), "W" (inputs rows of outputs numbers each: W[i][j]
//     is the weight from input i to unit j, as in Layer.W) and "B" (an
//     array of outputs numbers, or null for a layer without biases).
//
// Numbers are written as encoding/json writes a float64: the shortest
// decimal that parses back to the same value, so Load restores every weight
// bit for bit, -0 and subnormals included. Only the weights, biases,
// activations and loss are saved, not the values of the last passes (Z, A,
// DA, DZ, DW, DB).
//
// Save returns an error, and writes nothing, if the layers' W, B and
// Activation do not fit together (see Validate; Save reads no other field,
// and writes a layer listed twice as two), if a weight or bias is NaN or ±Inf (not valid weights, and JSON
// cannot write them), or if an Activation or the Loss is not a built-in
// that ParseActivation or ParseLoss gives back from its name: a custom one
// made by NewActivation or NewLoss cannot be named in the file, and is never
// silently replaced. To keep one, save the network with a built-in in its
// place and set the custom one again after loading. The whole file is built
// in memory before the first byte goes to w, so an error from w is the only
// way to write part of it; use SaveFile to replace a file safely.
//
// Save only reads n: it may run while other goroutines call Predict or Save
// on the same network.
func (n *Network) Save(w io.Writer) error {
	b, err := n.encode("Save")
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("mlp: Save: %w", err)
	}
	return nil
}

// MarshalJSON returns n in the format that Save writes, so that a *Network
// can be a field of a larger JSON document (encoding/json reformats it to
// the document's indentation). It returns the errors Save returns.
func (n *Network) MarshalJSON() ([]byte, error) {
	return n.encode("MarshalJSON")
}

// encode returns the saved form of n, or an error naming op.
func (n *Network) encode(op string) ([]byte, error) {
	if err := n.check(op); err != nil {
		return nil, err
	}
	if n.Loss == nil {
		return nil, fmt.Errorf("mlp: %s: network has no Loss", op)
	}
	lossName, err := builtinName(n.Loss, ParseLoss)
	if err != nil {
		return nil, fmt.Errorf("mlp: %s: loss %w", op, err)
	}
	names := make([]string, len(n.Layers))
	size := 256
	for i, l := range n.Layers {
		if names[i], err = builtinName(l.Activation, ParseActivation); err != nil {
			return nil, fmt.Errorf("mlp: %s: layer %d: activation %w", op, i, err)
		}
		in, out := l.W.Dims()
		if err := checkFiniteMatrix(l.W, "W"); err != nil {
			return nil, fmt.Errorf("mlp: %s: layer %d: %w", op, i, err)
		}
		if l.B != nil {
			if err := checkFiniteMatrix(l.B, "B"); err != nil {
				return nil, fmt.Errorf("mlp: %s: layer %d: %w", op, i, err)
			}
		}
		// At most 24 bytes a number and its separator, plus each row's frame.
		size += 256 + 26*(in+1)*out + 16*in
	}

	b := make([]byte, 0, size)
	b = append(b, "{\n  \"format\": "...)
	b = appendJSONString(b, formatName)
	b = append(b, ",\n  \"version\": "...)
	b = strconv.AppendInt(b, FormatVersion, 10)
	b = append(b, ",\n  \"loss\": "...)
	b = appendJSONString(b, lossName)
	b = append(b, ",\n  \"layers\": [\n"...)
	for i, l := range n.Layers {
		in, out := l.W.Dims()
		b = append(b, "    {\n      \"activation\": "...)
		b = appendJSONString(b, names[i])
		b = append(b, ",\n      \"inputs\": "...)
		b = strconv.AppendInt(b, int64(in), 10)
		b = append(b, ",\n      \"outputs\": "...)
		b = strconv.AppendInt(b, int64(out), 10)
		b = append(b, ",\n      \"W\": [\n"...)
		for r := 0; r < in; r++ {
			b = append(b, "        "...)
			b = appendRow(b, l.W.Row(r))
			if r < in-1 {
				b = append(b, ',')
			}
			b = append(b, '\n')
		}
		b = append(b, "      ],\n      \"B\": "...)
		if l.B == nil {
			b = append(b, "null"...)
		} else {
			b = appendRow(b, l.B.RawData())
		}
		b = append(b, "\n    }"...)
		if i < len(n.Layers)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, "  ]\n}\n"...)
	if len(b) > MaxLoadBytes {
		return nil, fmt.Errorf("mlp: %s: the network takes %d bytes, more than MaxLoadBytes (%d) that Load accepts", op, len(b), MaxLoadBytes)
	}
	return b, nil
}

// builtinName returns the name of v if parse gives v back from it: if v is
// a built-in the format can name. Otherwise the error explains why not.
func builtinName[T fmt.Stringer](v T, parse func(string) (T, error)) (string, error) {
	name := v.String()
	got, err := parse(name)
	if err != nil {
		return "", fmt.Errorf("%q cannot be saved: the file names only built-ins (%s)",
			name, strings.TrimPrefix(err.Error(), "mlp: "))
	}
	if !sameValue(got, v) {
		return "", fmt.Errorf("%q is a custom %T, not the built-in of that name: it cannot be saved (the file names only built-ins)",
			name, v)
	}
	return name, nil
}

// sameValue reports whether a and b are equal, without the panic that == on
// interfaces holding an incomparable type would raise.
func sameValue(a, b any) bool {
	ta := reflect.TypeOf(a)
	return ta != nil && ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// checkFiniteMatrix returns an error naming the first NaN or ±Inf element of m.
func checkFiniteMatrix(m *Matrix, name string) error {
	k := firstNonFinite(m.RawData())
	if k < 0 {
		return nil
	}
	i, j, v := k/m.cols, k%m.cols, m.data[k]
	if name == "B" {
		return fmt.Errorf("%s[%d] is %v; NaN and ±Inf are not valid weights", name, j, v)
	}
	return fmt.Errorf("%s[%d][%d] is %v; NaN and ±Inf are not valid weights", name, i, j, v)
}

// appendRow appends the JSON array of the values in r, separated by ", ".
func appendRow(b []byte, r []float64) []byte {
	b = append(b, '[')
	for j, v := range r {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONFloat(b, v)
	}
	return append(b, ']')
}

// appendJSONFloat appends the finite f as encoding/json writes a float64:
// the shortest decimal that parses back to f exactly, in exponent form
// below 1e-6 and from 1e21, with "-0" for negative zero.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// Shorten e-09 to e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
