package mlp

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// ModelFormatVersion is the version of the saved-model format that
// Model.Save writes and LoadModel reads. A file of another version is
// refused with an error naming both versions; Model.Save's documentation
// describes version 1.
const ModelFormatVersion = 1

// modelFormatName is the value of the "format" field of every saved model.
const modelFormatName = "github.com/glassbox-go/mlp/model"

// Save writes m to w as JSON, in version 1 (ModelFormatVersion) of the
// package's model format: the names of the features and of the classes or
// targets, the scalers, and the network in Network.Save's format. A
// classifier of two features and two classes, saved:
//
//	{
//	  "format": "github.com/glassbox-go/mlp/model",
//	  "version": 1,
//	  "features": ["length", "width"],
//	  "classes": ["small", "large"],
//	  "targets": null,
//	  "scaler": {
//	    "mean": [5.5, 3],
//	    "std": [0.5, 0.25]
//	  },
//	  "target_scaler": null,
//	  "network": {
//	    "format": "github.com/glassbox-go/mlp",
//	    "version": 1,
//	    "loss": "cross-entropy",
//	    "layers": [
//	      {
//	        "activation": "softmax",
//	        "inputs": 2,
//	        "outputs": 2,
//	        "W": [
//	          [1, -1],
//	          [0.5, -0.5]
//	        ],
//	        "B": [0, 0]
//	      }
//	    ]
//	  }
//	}
//
// The format is one JSON object with exactly these fields, matched by their
// exact names, in any order:
//
//   - "format": the string "github.com/glassbox-go/mlp/model".
//   - "version": the number 1. A later format will have another number;
//     LoadModel refuses a version it does not know.
//   - "features": null, or an array of one string a network input: the
//     Features.
//   - "classes": for a classifier, an array of one string a network
//     output, or two for a single output: the Classes. Null for a
//     regression.
//   - "targets": for a regression, an array of one string a network
//     output: the Targets. Null for a classifier. Exactly one of "classes"
//     and "targets" is null; the names in each are distinct.
//   - "scaler": null, or an object with exactly the fields "mean" and "std",
//     arrays of one number a network input, every "std" above 0: the
//     Scaler.
//   - "target_scaler": null, or, for a regression only, an object as
//     "scaler" with one number a network output: the TargetScaler.
//   - "network": the network, an object in the format that Network.Save
//     writes and Load reads, so that a program that needs only the network
//     can take it out and Load it.
//
// Numbers are written as Network.Save writes them, so that LoadModel
// restores every weight and every mean and deviation bit for bit.
//
// Save returns an error, and writes nothing, if w is nil, if the model's
// parts do not fit together (see Model), if a name in Features, Classes or
// Targets is not valid UTF-8 (JSON text is UTF-8, and LoadModel refuses
// such a name too), or if Network.Save would refuse the network. The whole
// file is built in memory before the first byte goes to w, so an error from
// w is the only way to write part of it; use SaveFile to replace a file
// safely. Save only reads m.
func (m *Model) Save(w io.Writer) error {
	return save("Model.Save", w, m.encode)
}

// SaveFile saves m, as Save does, to the named file, atomically, with the
// guarantees of Network.SaveFile: the model is encoded in memory first, so
// that an encoding error touches no file, then written to a temporary file
// that is flushed and renamed over name, so that name holds either its old
// content or the whole new one, never a mix. An empty name is an error,
// which touches no file either.
func (m *Model) SaveFile(name string) error {
	if err := checkFileName("Model.SaveFile", name); err != nil {
		return err
	}
	b, err := m.encode("Model.SaveFile")
	if err != nil {
		return err
	}
	return writeFile("Model.SaveFile", name, b)
}

// MarshalJSON returns m in the format that Save writes, so that a *Model
// can be a field of a larger JSON document (and encoding/json never writes
// a Model in another form). It returns the errors Save returns.
func (m *Model) MarshalJSON() ([]byte, error) {
	return m.encode("Model.MarshalJSON")
}

// encode returns the saved form of m, or an error naming op.
func (m *Model) encode(op string) ([]byte, error) {
	if err := m.check(op); err != nil {
		return nil, err
	}
	for _, names := range [...]struct {
		field string
		s     []string
	}{{"Features", m.Features}, {"Classes", m.Classes}, {"Targets", m.Targets}} {
		for i, name := range names.s {
			if !utf8.ValidString(name) {
				// encoding/json would write U+FFFD for each bad byte: the model
				// read back would not be m.
				return nil, fmt.Errorf("mlp: %s: %s[%d] is %s, not valid UTF-8, want text (a saved model is JSON, which is UTF-8)", op, names.field, i, quote(name))
			}
		}
	}
	net, err := m.Net.encode(op + ": Net")
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(net)+len(net)/8+1024)
	b = append(b, "{\n  \"format\": "...)
	b = appendJSONString(b, modelFormatName)
	b = append(b, ",\n  \"version\": "...)
	b = strconv.AppendInt(b, ModelFormatVersion, 10)
	b = append(b, ",\n  \"features\": "...)
	b = appendNames(b, m.Features)
	b = append(b, ",\n  \"classes\": "...)
	b = appendNames(b, m.Classes)
	b = append(b, ",\n  \"targets\": "...)
	b = appendNames(b, m.Targets)
	b = append(b, ",\n  \"scaler\": "...)
	b = appendScaler(b, m.Scaler)
	b = append(b, ",\n  \"target_scaler\": "...)
	b = appendScaler(b, m.TargetScaler)
	b = append(b, ",\n  \"network\": "...)
	// The network's own lines, indented one level more.
	b = append(b, bytes.ReplaceAll(bytes.TrimSuffix(net, []byte("\n")), []byte("\n"), []byte("\n  "))...)
	b = append(b, "\n}\n"...)
	if len(b) > MaxLoadBytes {
		return nil, fmt.Errorf("mlp: %s: the model takes %d bytes, more than MaxLoadBytes (%d) that LoadModel accepts", op, len(b), MaxLoadBytes)
	}
	return b, nil
}

// appendNames appends the JSON array of the strings s, or null for nil s.
func appendNames(b []byte, s []string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendArray(b, s, appendJSONString)
}

// appendScaler appends s as a JSON object of its means and deviations, or
// null for a nil s.
func appendScaler(b []byte, s *Scaler) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, "{\n    \"mean\": "...)
	b = appendRow(b, s.Mean)
	b = append(b, ",\n    \"std\": "...)
	b = appendRow(b, s.Std)
	return append(b, "\n  }"...)
}
