package mlp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Load reads a network that Save wrote from r, in the format described
// there, reading to the end of r, and returns it. The network has the saved
// layers, activations, loss, weights and biases, bit for bit, and is ready
// for Forward or Predict.
//
// Load is safe on input from anyone: whatever r holds, it returns either a
// complete, consistent network or an error that starts with "mlp: Load:" and
// names the field or layer at fault (not JSON, truncated, data after the
// model other than white space, an unknown version, a missing, extra or
// repeated field, a value of the wrong type, a size below 1, layers that do
// not fit together, a matrix with more or fewer numbers than its sizes say,
// a number beyond the float64 range, input longer than MaxLoadBytes). It
// never panics on its input and never returns part of a network. An error
// repeats at most 32 bytes of a bad name or value, with its length when it
// is longer. Its memory follows the bytes it reads, never the sizes a file
// declares: in all it allocates at most 16 bytes for each byte it reads,
// plus 16 KiB. Shapes are checked against the input's length before any
// matrix is built, so a file of a few hundred bytes that declares a
// 10¹²-weight matrix is refused before anything is allocated for it.
func Load(r io.Reader) (*Network, error) {
	return load("Load", r, MaxLoadBytes)
}

// UnmarshalJSON sets n to the network in data, in the format Save writes,
// so that a *Network can be a field of a larger JSON document. Its checks
// and errors are Load's. On error n is unchanged; on success its Layers and
// Loss are replaced and the previous passes are forgotten (call Forward
// again before Backward). As encoding/json expects of an Unmarshaler, the
// JSON literal null leaves n unchanged and is not an error. A nil n is an
// error, as for json.RawMessage (encoding/json never passes one).
func (n *Network) UnmarshalJSON(data []byte) error {
	if n == nil {
		return errors.New("mlp: UnmarshalJSON: on a nil *Network")
	}
	got, err := unmarshal("UnmarshalJSON", data, decodeNetwork)
	if got == nil {
		return err
	}
	n.Layers, n.Loss, n.x = got.Layers, got.Loss, nil
	return nil
}

// unmarshal decodes data by decode for the UnmarshalJSON named op: nil and
// no error for the JSON literal null, an error for more than MaxLoadBytes,
// and otherwise decode's result.
func unmarshal[T any](op string, data []byte, decode func(op string, data []byte) (*T, error)) (*T, error) {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	if len(data) > MaxLoadBytes {
		return nil, fmt.Errorf("mlp: %s: input is %d bytes, more than MaxLoadBytes (%d)", op, len(data), MaxLoadBytes)
	}
	return decode(op, data)
}

// load reads at most limit bytes from r and decodes them.
func load(op string, r io.Reader, limit int64) (*Network, error) {
	data, err := readInput(op, r, limit)
	if err != nil {
		return nil, err
	}
	return decodeNetwork(op, data)
}

// readInput reads r to its end, or returns an error naming op if r is nil,
// fails, or holds more than limit bytes.
func readInput(op string, r io.Reader, limit int64) ([]byte, error) {
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
	return data, nil
}

// A decoder turns the bytes of a saved network into a Network. Whether the
// bytes are JSON at all is checked first, by encoding/json; the decoder then
// walks the valid JSON itself, taking each value as a slice of the input, so
// that nothing is copied and a matrix's numbers are stored as they are
// parsed, one by one: memory follows the numbers present, not the sizes
// declared.
type decoder struct {
	op    string
	size  int // bytes in the whole input
	layer int // the layer being decoded, or -1
}

// decodeNetwork returns the network in data, or an error naming op.
func decodeNetwork(op string, data []byte) (*Network, error) {
	d := &decoder{op: op, size: len(data), layer: -1}
	if !json.Valid(data) {
		return nil, d.syntaxError(data)
	}
	data = trimSpace(data)
	if data[0] != '{' {
		return nil, d.errorf("the input is %s, want a JSON object with the fields format, version, loss and layers", kindOf(data))
	}
	var top [4][]byte
	unknown, err := d.fields(data, top[:], "format", "version", "loss", "layers")
	if err != nil {
		return nil, err
	}
	format, version, loss, layers := top[0], top[1], top[2], top[3]
	var name string
	switch {
	case format == nil:
		return nil, d.errorf("\"format\" is missing: the input is not a saved network (want \"format\": %q)", formatName)
	case !jsonString(format, &name):
		return nil, d.errorf("\"format\" is %s, want the string %q", kindOf(format), formatName)
	case name != formatName:
		return nil, d.errorf("\"format\" is %s, want %q: the input is not a saved network", quote(name), formatName)
	case version == nil:
		return nil, d.errorf("\"version\" is missing, want %d", FormatVersion)
	}
	if v, ok := parseInt(version); !ok || v != FormatVersion {
		return nil, d.errorf("\"version\" is %s, want %d: this package reads version %d only", describe(version), FormatVersion, FormatVersion)
	}
	if unknown != "" {
		return nil, d.errorf("unknown field %s, want only format, version, loss and layers", quote(unknown))
	}
	if loss == nil {
		return nil, d.errorf("\"loss\" is missing")
	}
	if layers == nil {
		return nil, d.errorf("\"layers\" is missing")
	}
	if !jsonString(loss, &name) {
		return nil, d.errorf("\"loss\" is %s, want the name of a built-in loss", kindOf(loss))
	}
	lossFn, err := ParseLoss(name)
	if err != nil {
		return nil, d.errorf("\"loss\": %s", strings.TrimPrefix(err.Error(), "mlp: "))
	}
	if layers[0] != '[' {
		return nil, d.errorf("\"layers\" is %s, want an array of layers", kindOf(layers))
	}
	net := &Network{Loss: lossFn}
	prevOut := int64(0)
	_, err = eachItem(layers, func(i int, v []byte) error {
		d.layer = i
		l, out, err := d.decodeLayer(v, prevOut)
		if err != nil {
			return err
		}
		net.Layers = append(net.Layers, l)
		prevOut = out
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.layer = -1
	if len(net.Layers) == 0 {
		return nil, d.errorf("\"layers\" is empty, want at least one layer")
	}
	if err := net.check(op); err != nil { // cannot fail after the checks above
		return nil, err
	}
	return net, nil
}

// decodeLayer decodes one element of "layers". prevOut is the previous
// layer's outputs, 0 for the first layer. It returns the layer and its
// number of outputs.
func (d *decoder) decodeLayer(v []byte, prevOut int64) (*Layer, int64, error) {
	if v[0] != '{' {
		return nil, 0, fmt.Errorf("mlp: %s: layer %d is %s, want an object with the fields activation, inputs, outputs, W and B", d.op, d.layer, kindOf(v))
	}
	var f [5][]byte
	unknown, err := d.fields(v, f[:], "activation", "inputs", "outputs", "W", "B")
	if err != nil {
		return nil, 0, err
	}
	if unknown != "" {
		return nil, 0, d.errorf("unknown field %s, want only activation, inputs, outputs, W and B", quote(unknown))
	}
	for k, key := range [...]string{"activation", "inputs", "outputs", "W", "B"} {
		if f[k] == nil {
			if key == "B" {
				return nil, 0, d.errorf("\"B\" is missing (it is null for a layer without biases)")
			}
			return nil, 0, d.errorf("%q is missing", key)
		}
	}
	var name string
	if !jsonString(f[0], &name) {
		return nil, 0, d.errorf("\"activation\" is %s, want the name of a built-in activation", kindOf(f[0]))
	}
	act, err := ParseActivation(name)
	if err != nil {
		return nil, 0, d.errorf("\"activation\": %s", strings.TrimPrefix(err.Error(), "mlp: "))
	}
	in, err := d.size1(f[1], "inputs")
	if err != nil {
		return nil, 0, err
	}
	out, err := d.size1(f[2], "outputs")
	if err != nil {
		return nil, 0, err
	}
	if prevOut != 0 && in != prevOut {
		return nil, 0, d.errorf("\"inputs\" is %d, want %d to match layer %d's \"outputs\"", in, prevOut, d.layer-1)
	}
	// Each number takes at least two bytes (a digit and a separator): refuse
	// sizes the input cannot hold before building anything.
	if room := int64(d.size / 2); in > room || out > room/in {
		return nil, 0, d.errorf("\"inputs\"×\"outputs\" is %d×%d weights, more than a %d-byte input can hold", in, out, d.size)
	}
	rows, cols := int(in), int(out)
	w, err := d.matrix(f[3], rows, cols)
	if err != nil {
		return nil, 0, err
	}
	l := &Layer{W: NewMatrix(rows, cols, w), Activation: act}
	switch b := f[4]; b[0] {
	case 'n':
	case '[':
		if n, _ := eachItem(b, nil); n != cols {
			return nil, 0, d.errorf("\"B\" has %s, want %d (\"outputs\")", plural(n, "number"), cols)
		}
		data, err := d.row(b, make([]float64, 0, cols), func(j int) string { return fmt.Sprintf("B[%d]", j) })
		if err != nil {
			return nil, 0, err
		}
		l.B = NewMatrix(1, cols, data)
	default:
		return nil, 0, d.errorf("\"B\" is %s, want null or an array of %s", kindOf(b), plural(cols, "number"))
	}
	return l, out, nil
}

// size1 decodes a layer size: a whole number of at least 1.
func (d *decoder) size1(v []byte, key string) (int64, error) {
	n, ok := parseInt(v)
	switch {
	case !ok:
		return 0, d.errorf("%q is %s, want a whole number of at least 1", key, describe(v))
	case n < 1:
		return 0, d.errorf("%q is %d, want at least 1", key, n)
	}
	return n, nil
}

// matrix decodes v, an array of rows arrays of cols numbers each, into a
// row-major slice. It checks the shape first, so that the slice is
// allocated once, for numbers the input holds.
func (d *decoder) matrix(v []byte, rows, cols int) ([]float64, error) {
	if v[0] != '[' {
		return nil, d.errorf("\"W\" is %s, want an array of %s (\"inputs\") of %s (\"outputs\")", kindOf(v), plural(rows, "row"), plural(cols, "number"))
	}
	count, err := eachItem(v, func(i int, r []byte) error {
		if i >= rows {
			return errTooMany
		}
		if r[0] != '[' {
			return d.errorf("W[%d] is %s, want an array of %s", i, kindOf(r), plural(cols, "number"))
		}
		if n, _ := eachItem(r, nil); n != cols {
			return d.errorf("W[%d] has %s, want %d (\"outputs\")", i, plural(n, "number"), cols)
		}
		return nil
	})
	if err != nil && err != errTooMany {
		return nil, err
	}
	if count != rows {
		return nil, d.errorf("\"W\" has %s, want %d (\"inputs\")", plural(count, "row"), rows)
	}
	data := make([]float64, 0, rows*cols)
	_, err = eachItem(v, func(i int, r []byte) error {
		var err error
		data, err = d.row(r, data, func(j int) string { return fmt.Sprintf("W[%d][%d]", i, j) })
		return err
	})
	return data, err
}

// errTooMany stops eachItem's calls when an array has more elements than
// wanted; eachItem still counts them all.
const errTooMany = constError("too many elements")

// constError is an error that can be a constant.
type constError string

func (e constError) Error() string { return string(e) }

// row appends the numbers of the array v to data, whose capacity the
// caller has checked against the number of elements of v. name names
// element j in errors.
func (d *decoder) row(v []byte, data []float64, name func(j int) string) ([]float64, error) {
	_, err := eachItem(v, func(j int, x []byte) error {
		if c := x[0]; c != '-' && (c < '0' || c > '9') {
			return d.errorf("%s is %s, want a number", name(j), kindOf(x))
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil { // only ErrRange can happen on a valid JSON number
			return d.errorf("%s is %s, out of float64 range (NaN and ±Inf are not valid weights)", name(j), describe(x))
		}
		data = append(data, f)
		return nil
	})
	return data, err
}

// fields sets vals[k] to the value of the JSON object v for keys[k], nil
// for a key that is absent, and returns the first key of v that is not
// among keys, if any. A key given twice is an error. Keys are matched
// exactly, case included.
func (d *decoder) fields(v []byte, vals [][]byte, keys ...string) (unknown string, err error) {
	i := skipSpace(v, 1)
	for i < len(v) && v[i] == '"' {
		end := valueEnd(v, i)
		var key string
		if !jsonString(v[i:end], &key) {
			return "", d.errorf("malformed key at byte %d", i)
		}
		i = skipSpace(v, end)
		i = skipSpace(v, i+1) // the colon
		end = valueEnd(v, i)
		val := v[i:min(end, len(v))]
		i = skipSpace(v, end)
		if i < len(v) && v[i] == ',' {
			i = skipSpace(v, i+1)
		}
		k := index(keys, key)
		switch {
		case k < 0:
			if unknown == "" {
				unknown = key
			}
		case vals[k] != nil:
			return "", d.errorf("field %q appears twice", key)
		case len(val) == 0:
			return "", d.errorf("field %q has no value", key)
		default:
			vals[k] = val
		}
	}
	return unknown, nil
}

// jsonString decodes the JSON string v into s and reports whether v is a
// string: one in UTF-8, as JSON text must be (encoding/json would replace
// each invalid byte with U+FFFD, so that the name read back from a Save
// differed from the one read), with no raw control character. A string
// without escapes is its bytes; the others are decoded by encoding/json.
func jsonString(v []byte, s *string) bool {
	if len(v) < 2 || v[0] != '"' || !utf8.Valid(v) {
		return false
	}
	inner := v[1 : len(v)-1]
	plain := true
	for _, c := range inner {
		if c < 0x20 || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		*s = string(inner)
		return true
	}
	return json.Unmarshal(v, s) == nil
}

// errorf returns an error prefixed with "mlp: op: " and, inside a layer,
// "layer i: ".
func (d *decoder) errorf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if d.layer >= 0 {
		return fmt.Errorf("mlp: %s: layer %d: %s", d.op, d.layer, msg)
	}
	return fmt.Errorf("mlp: %s: %s", d.op, msg)
}

// syntaxError describes why data is not valid JSON.
func (d *decoder) syntaxError(data []byte) error {
	if len(trimSpace(data)) == 0 {
		return d.errorf("input is empty, want a saved network")
	}
	err := json.Unmarshal(data, new(struct{})) // reports the syntax error before decoding
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return d.errorf("invalid JSON: %v", err)
	}
	msg := strings.TrimPrefix(se.Error(), "json: ")
	// A complete object followed by more than white space: say so, rather
	// than call the input truncated when the extra is at its very end.
	start := skipSpace(data, 0)
	if end := valueEnd(data, start); data[start] == '{' && end < len(data) && json.Valid(data[start:end]) {
		p := skipSpace(data, end) // data[p:] is not all white space, or data would be valid
		return d.errorf("invalid JSON at byte %d: %s: trailing data after the model (%s from byte %d on)", p+1, msg, plural(len(data)-p, "byte"), p+1)
	}
	if se.Offset >= int64(len(data)) {
		return d.errorf("input ends after %d bytes in the middle of the JSON: it is truncated", len(data))
	}
	return d.errorf("invalid JSON at byte %d: %s", se.Offset, msg)
}

// parseInt decodes v if it is a JSON number without fraction or exponent
// that fits an int64.
func parseInt(v []byte) (int64, bool) {
	if len(v) > len("-9223372036854775808") {
		return 0, false // longer than any int64, and not worth a copy
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// describe returns the JSON value v for error messages: a number as it is
// written if it has at most quoteMax bytes and as quote gives it otherwise,
// a string's value as quote gives it, and the kind of anything else.
func describe(v []byte) string {
	switch kindOf(v) {
	case "a number":
		if len(v) <= quoteMax {
			return string(v)
		}
		return quote(v)
	case "a string":
		var s string
		if jsonString(v, &s) {
			return quote(s)
		}
	}
	return kindOf(v)
}

// kindOf names the kind of the JSON value v for error messages.
func kindOf(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		if !utf8.Valid(v) {
			return "a string that is not UTF-8" // which jsonString refuses
		}
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func index(keys []string, key string) int {
	for k, s := range keys {
		if s == key {
			return k
		}
	}
	return -1
}

// The functions below walk JSON that json.Valid has accepted. They check
// their bounds all the same, so that they cannot panic whatever they get.

// eachItem calls f, if not nil, with the index and the bytes of each element
// of the JSON array v, and returns the number of elements. It stops at the
// first error from f, except errTooMany, after which it goes on counting
// without calling f; it returns the first error.
func eachItem(v []byte, f func(i int, item []byte) error) (int, error) {
	var first error
	i := skipSpace(v, 1)
	n := 0
	for i < len(v) && v[i] != ']' {
		end := valueEnd(v, i)
		if end <= i {
			break
		}
		if f != nil && first == nil {
			if err := f(n, v[i:min(end, len(v))]); err != nil {
				if err != errTooMany {
					return n, err
				}
				first = err
			}
		}
		n++
		i = skipSpace(v, end)
		if i < len(v) && v[i] == ',' {
			i = skipSpace(v, i+1)
		}
	}
	return n, first
}

// valueEnd returns the index just after the JSON value that starts at v[i].
func valueEnd(v []byte, i int) int {
	if i >= len(v) {
		return len(v)
	}
	switch v[i] {
	case '"':
		return stringEnd(v, i)
	case '{', '[':
		depth := 0
		for i < len(v) {
			switch v[i] {
			case '"':
				i = stringEnd(v, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			// Jump to the next byte that matters: most are digits.
			k := bytes.IndexAny(v[i+1:], `"{}[]`)
			if k < 0 {
				return len(v)
			}
			i += 1 + k
		}
		return len(v)
	}
	for i < len(v) {
		switch v[i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index just after the JSON string that starts at v[i].
func stringEnd(v []byte, i int) int {
	for i++; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(v)
}

// skipSpace returns the index of the first byte from v[i] on that is not
// JSON white space.
func skipSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r') {
		i++
	}
	return i
}

// trimSpace returns v without leading and trailing JSON white space.
func trimSpace(v []byte) []byte {
	return bytes.Trim(v, " \t\n\r")
}
