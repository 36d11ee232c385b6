package mlp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// LoadModel reads a model that Model.Save wrote from r, in the format
// described there, reading to the end of r, and returns it: the network,
// scalers and names as saved, every number bit for bit, ready to Predict.
// A name that is not UTF-8 is an error, as Save refuses to write one: so
// that the model a file gives is the one that Save writes back.
//
// LoadModel is as safe on input from anyone as Load, whose decoder it uses:
// whatever r holds, it returns either a complete model whose parts fit
// together or an error that starts with "mlp: LoadModel:" and names the
// field at fault ("network: layer 1: ..." inside the network), never a
// panic or part of a model. Its memory follows the bytes it reads, never
// the sizes a file declares: as Load, it allocates at most 16 bytes for
// each byte it reads, plus 16 KiB. Input longer than MaxLoadBytes is
// refused.
func LoadModel(r io.Reader) (*Model, error) {
	data, err := readInput("LoadModel", r, MaxLoadBytes)
	if err != nil {
		return nil, err
	}
	return decodeModel("LoadModel", data)
}

// LoadModelFile loads the model in the named file, as LoadModel does. A
// file longer than MaxLoadBytes is refused before it is read.
func LoadModelFile(name string) (*Model, error) {
	f, err := openFile("LoadModelFile", name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readInput("LoadModelFile", f, MaxLoadBytes)
	if err != nil {
		return nil, err
	}
	return decodeModel("LoadModelFile", data)
}

// UnmarshalJSON sets m to the model in data, in the format Save writes, so
// that a *Model can be a field of a larger JSON document. Its checks and
// errors are LoadModel's. On error m is unchanged; on success every field
// is replaced. As encoding/json expects of an Unmarshaler, the JSON literal
// null leaves m unchanged and is not an error. A nil m is an error, as for
// json.RawMessage (encoding/json never passes one).
func (m *Model) UnmarshalJSON(data []byte) error {
	if m == nil {
		return errors.New("mlp: Model.UnmarshalJSON: on a nil *Model")
	}
	got, err := unmarshal("Model.UnmarshalJSON", data, decodeModel)
	if got == nil {
		return err
	}
	*m = *got
	return nil
}

// modelFields are the fields of a saved model, in the order of the file.
var modelFields = [...]string{"format", "version", "features", "classes", "targets", "scaler", "target_scaler", "network"}

// decodeModel returns the model in data, or an error naming op. It walks
// the JSON with the decoder of Load (see decoder).
func decodeModel(op string, data []byte) (*Model, error) {
	d := &decoder{op: op, size: len(data), layer: -1}
	if len(trimSpace(data)) == 0 {
		return nil, d.errorf("input is empty, want a saved model")
	}
	if !json.Valid(data) {
		return nil, d.syntaxError(data)
	}
	data = trimSpace(data)
	if data[0] != '{' {
		return nil, d.errorf("the input is %s, want a JSON object with the fields %s", kindOf(data), listFields(modelFields[:]))
	}
	var f [len(modelFields)][]byte
	unknown, err := d.fields(data, f[:], modelFields[:]...)
	if err != nil {
		return nil, err
	}
	format, version := f[0], f[1]
	var name string
	switch {
	case format == nil:
		return nil, d.errorf("\"format\" is missing: the input is not a saved model (want \"format\": %q)", modelFormatName)
	case !jsonString(format, &name):
		return nil, d.errorf("\"format\" is %s, want the string %q", kindOf(format), modelFormatName)
	case name == formatName:
		return nil, d.errorf("\"format\" is %q: the input is a saved network, not a model; read it with Load", name)
	case name != modelFormatName:
		return nil, d.errorf("\"format\" is %s, want %q: the input is not a saved model", quote(name), modelFormatName)
	case version == nil:
		return nil, d.errorf("\"version\" is missing, want %d", ModelFormatVersion)
	}
	if v, ok := parseInt(version); !ok || v != ModelFormatVersion {
		return nil, d.errorf("\"version\" is %s, want %d: this package reads version %d only", describe(version), ModelFormatVersion, ModelFormatVersion)
	}
	if unknown != "" {
		return nil, d.errorf("unknown field %s, want only %s", quote(unknown), listFields(modelFields[:]))
	}
	for k, v := range f {
		if v == nil {
			return nil, d.errorf("%q is missing (it is null where there is none)", modelFields[k])
		}
	}
	features, classes, targets, scaler, targetScaler, network := f[2], f[3], f[4], f[5], f[6], f[7]

	if network[0] != '{' {
		return nil, d.errorf("\"network\" is %s, want an object: a network in the format of Network.Save", kindOf(network))
	}
	net, err := decodeNetwork(op+": network", network)
	if err != nil {
		return nil, err
	}
	inputs, outputs := net.Layers[0].W.rows, net.Layers[len(net.Layers)-1].W.cols
	m := &Model{Net: net}
	if m.Features, err = d.names(features, "features", inputs, "one a network input"); err != nil {
		return nil, err
	}
	nc, why := outputs, "one a network output"
	if outputs == 1 {
		nc, why = 2, "two for a single output"
	}
	if m.Classes, err = d.names(classes, "classes", nc, why); err != nil {
		return nil, err
	}
	if m.Targets, err = d.names(targets, "targets", outputs, "one a network output"); err != nil {
		return nil, err
	}
	switch {
	case m.Classes == nil && m.Targets == nil:
		return nil, d.errorf("\"classes\" and \"targets\" are both null, want the classes of a classifier or the targets of a regression")
	case m.Classes != nil && m.Targets != nil:
		return nil, d.errorf("\"classes\" and \"targets\" are both set, want one of them: the classes of a classifier or the targets of a regression")
	}
	if m.Scaler, err = d.scaler(scaler, "scaler", inputs, "one a network input"); err != nil {
		return nil, err
	}
	if m.Classes != nil && targetScaler[0] != 'n' {
		return nil, d.errorf("\"target_scaler\" is %s, want null for a classifier (only a regression's targets are scaled)", kindOf(targetScaler))
	}
	if m.TargetScaler, err = d.scaler(targetScaler, "target_scaler", outputs, "one a network output"); err != nil {
		return nil, err
	}
	if err := m.check(op); err != nil { // cannot fail after the checks above
		return nil, err
	}
	return m, nil
}

// names decodes v, null or an array of want distinct strings, the field key
// of a saved model; why says why want.
func (d *decoder) names(v []byte, key string, want int, why string) ([]string, error) {
	if v[0] == 'n' {
		return nil, nil
	}
	if v[0] != '[' {
		return nil, d.errorf("%q is %s, want null or an array of %s (%s)", key, kindOf(v), plural(want, "string"), why)
	}
	s := make([]string, 0, want) // want is the network's, which the input holds
	count, err := eachItem(v, func(i int, item []byte) error {
		if i >= want {
			return errTooMany
		}
		var name string
		if !jsonString(item, &name) {
			return d.errorf("%s[%d] is %s, want a string in UTF-8", key, i, kindOf(item))
		}
		s = append(s, name)
		return nil
	})
	if err != nil && err != errTooMany {
		return nil, err
	}
	if count != want {
		return nil, d.errorf("%q has %s, want %d (%s)", key, plural(count, "name"), want, why)
	}
	if key == "features" {
		return s, nil // features may share a name
	}
	if i, j := firstRepeat(s); j >= 0 {
		return nil, d.errorf("%s[%d] and %s[%d] are both %s, want distinct names", key, i, key, j, quote(s[i]))
	}
	return s, nil
}

// scaler decodes v, null or a scaler of n columns, the field key of a saved
// model; why says why n.
func (d *decoder) scaler(v []byte, key string, n int, why string) (*Scaler, error) {
	if v[0] == 'n' {
		return nil, nil
	}
	if v[0] != '{' {
		return nil, d.errorf("%q is %s, want null or an object with the fields mean and std", key, kindOf(v))
	}
	var f [2][]byte
	unknown, err := d.fields(v, f[:], "mean", "std")
	if err != nil {
		return nil, err
	}
	if unknown != "" {
		return nil, d.errorf("%s: unknown field %s, want only mean and std", key, quote(unknown))
	}
	var s Scaler
	for k, field := range [...]struct {
		name string
		dst  *[]float64
	}{{"mean", &s.Mean}, {"std", &s.Std}} {
		v := f[k]
		switch {
		case v == nil:
			return nil, d.errorf("%s: %q is missing", key, field.name)
		case v[0] != '[':
			return nil, d.errorf("%s.%s is %s, want an array of %s (%s)", key, field.name, kindOf(v), plural(n, "number"), why)
		}
		if count, _ := eachItem(v, nil); count != n {
			return nil, d.errorf("%s.%s has %s, want %d (%s)", key, field.name, plural(count, "number"), n, why)
		}
		data, err := d.row(v, make([]float64, 0, n), func(j int) string { return fmt.Sprintf("%s.%s[%d]", key, field.name, j) })
		if err != nil {
			return nil, err
		}
		*field.dst = data
	}
	for j, v := range s.Std {
		if !(v > 0) {
			return nil, d.errorf("%s.std[%d] is %v, want a number above 0", key, j, v)
		}
	}
	return &s, nil
}

// listFields returns "a, b and c".
func listFields(keys []string) string {
	s := ""
	for i, k := range keys {
		switch {
		case i == 0:
		case i == len(keys)-1:
			s += " and "
		default:
			s += ", "
		}
		s += k
	}
	return s
}
