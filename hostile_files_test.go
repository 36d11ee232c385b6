package mlp

// Hostile files: bounded quoting of bad input in errors, huge names in model
// files, trailing data after a model, Load's allocation bound, and the names
// SaveFile and LoadFile take.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestQuote: quote repeats at most 32 bytes of its input, cut at a rune
// boundary, and gives the full length when it cuts. The wanted strings are
// written out by hand from that rule.
func TestQuote(t *testing.T) {
	const alnum = "abcdefghijklmnopqrstuvwxyz012345" // 32 bytes
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{"sigmoid", `"sigmoid"`},
		{"tab\there \"q\"", `"tab\there \"q\""`},
		{alnum, `"abcdefghijklmnopqrstuvwxyz012345"`},
		{alnum + "6", `"abcdefghijklmnopqrstuvwxyz012345"… (33 bytes)`},
		{alnum + strings.Repeat("x", 1<<20-32), `"abcdefghijklmnopqrstuvwxyz012345"… (1048576 bytes)`},
		// "€" is 3 bytes: 10 of them are 30 bytes, the 11th would end at 33.
		{strings.Repeat("€", 11), `"€€€€€€€€€€"… (33 bytes)`},
		// "é" is 2 bytes: 16 of them fill 32 bytes exactly.
		{strings.Repeat("é", 17), `"éééééééééééééééé"… (34 bytes)`},
		// A 4-byte rune starting at byte 29 (0-based) is cut whole.
		{strings.Repeat("a", 29) + "😀" + "b", `"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"… (34 bytes)`},
		// Bytes that are not UTF-8 are escaped, and never make the cut go
		// back more than a rune's length.
		{strings.Repeat("\x80", 40), `"` + strings.Repeat(`\x80`, 29) + `"… (40 bytes)`},
		{"a\x00b\n", `"a\x00b\n"`},
	} {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%.40q) = %s, want %s", tt.in, got, tt.want)
		}
		if got := quote([]byte(tt.in)); got != tt.want {
			t.Errorf("quote([]byte(%.40q)) = %s, want %s", tt.in, got, tt.want)
		}
	}
	big := []byte(strings.Repeat("z", 1<<20))
	if n := heapBytes(5, func() { quote(big) }); n > 4<<10 {
		t.Errorf("quote(1 MiB) allocates %d bytes, want at most %d", n, 4<<10)
	}
}

// filesHuge is a name of 1 MiB, and filesHugeQ its quoted form in errors.
var (
	filesHuge  = strings.Repeat("a", 1<<20)
	filesHugeQ = `"` + strings.Repeat("a", 32) + `"… (1048576 bytes)`
)

// TestFilesHugeNames: a model file holding a 1 MiB name, key or number gives
// a short error that quotes 32 bytes of it and its length, allocates within
// Load's bound, and a failed UnmarshalJSON leaves its network unchanged.
func TestFilesHugeNames(t *testing.T) {
	digits := "1" + strings.Repeat("0", 1<<20-1) // 10^(2^20 − 1): out of range
	digitsQ := `"` + "1" + strings.Repeat("0", 31) + `"… (1048576 bytes)`
	for _, tt := range []struct{ name, file, want string }{
		{"unknown top field", editValidFile(`"version": 1,`, `"version": 1, "`+filesHuge+`": 1,`),
			`mlp: Load: unknown field ` + filesHugeQ + `, want only format, version, loss and layers`},
		{"unknown layer field", editValidFile(`"activation": "identity",`, `"activation": "identity", "`+filesHuge+`": 1,`),
			`mlp: Load: layer 1: unknown field ` + filesHugeQ + `, want only activation, inputs, outputs, W and B`},
		{"escaped unknown field", editValidFile(`"version": 1,`, `"version": 1, "`+strings.Repeat(`\u0061`, 1<<20)+`": 1,`),
			`mlp: Load: unknown field ` + filesHugeQ + `, want only format, version, loss and layers`},
		{"format", editValidFile(`"format": "github.com/glassbox-go/mlp"`, `"format": "`+filesHuge+`"`),
			`mlp: Load: "format" is ` + filesHugeQ + `, want "github.com/glassbox-go/mlp": the input is not a saved network`},
		{"loss", editValidFile(`"loss": "squared-error"`, `"loss": "`+filesHuge+`"`),
			`mlp: Load: "loss": unknown loss ` + filesHugeQ + `, want one of squared-error, cross-entropy, binary-cross-entropy`},
		{"activation", editValidFile(`"activation": "sigmoid"`, `"activation": "`+filesHuge+`"`),
			`mlp: Load: layer 0: "activation": unknown activation ` + filesHugeQ + `, want one of identity, sigmoid, tanh, relu, softmax`},
		{"version string", editValidFile(`"version": 1`, `"version": "`+filesHuge+`"`),
			`mlp: Load: "version" is ` + filesHugeQ + `, want 1: this package reads version 1 only`},
		{"version number", editValidFile(`"version": 1`, `"version": `+digits),
			`mlp: Load: "version" is ` + digitsQ + `, want 1: this package reads version 1 only`},
		{"inputs string", editValidFile(`"inputs": 2,`, `"inputs": "`+filesHuge+`",`),
			`mlp: Load: layer 0: "inputs" is ` + filesHugeQ + `, want a whole number of at least 1`},
		{"inputs number", editValidFile(`"inputs": 2,`, `"inputs": `+digits+`,`),
			`mlp: Load: layer 0: "inputs" is ` + digitsQ + `, want a whole number of at least 1`},
		{"weight out of range", editValidFile(`[0.5, -1, 2]`, `[0.5, `+digits+`, 2]`),
			`mlp: Load: layer 0: W[0][1] is ` + digitsQ + `, out of float64 range (NaN and ±Inf are not valid weights)`},
		{"bias out of range", editValidFile(`[0.1, 0.2, 0.3]`, `[0.1, 0.2, -`+digits+`]`),
			`mlp: Load: layer 0: B[2] is "-1` + strings.Repeat("0", 30) + `"… (1048577 bytes), out of float64 range (NaN and ±Inf are not valid weights)`},
	} {
		t.Run(tt.name, func(t *testing.T) { filesCheckLoad(t, tt.file, tt.want) })
	}
}

// filesCheckLoad checks that Load(file) gives exactly the error want within
// Load's allocation bound, and that UnmarshalJSON(file) gives the same error
// and leaves its network as it was.
func filesCheckLoad(t *testing.T, file, want string) {
	t.Helper()
	var err error
	n := heapBytes(2, func() { _, err = Load(strings.NewReader(file)) })
	if err == nil || err.Error() != want {
		t.Errorf("Load(f) = %.300v, want %s", err, want)
	}
	if max := filesLoadAllocBound(len(file)); n > max {
		t.Errorf("Load(%d-byte file) allocates %d bytes, want at most %d", len(file), n, max)
	}
	dst, err1 := New([]int{2, 3, 1}, WithSeed(8))
	same, err2 := New([]int{2, 3, 1}, WithSeed(8))
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	err = dst.UnmarshalJSON([]byte(file))
	if wantU := strings.Replace(want, "mlp: Load:", "mlp: UnmarshalJSON:", 1); err == nil || err.Error() != wantU {
		t.Errorf("UnmarshalJSON(f) = %.300v, want %s", err, wantU)
	}
	if err := diffNetworks(dst, same); err != nil {
		t.Errorf("after a failed UnmarshalJSON: %v", err)
	}
}

// TestFilesParseNames: ParseActivation and ParseLoss quote a long unknown
// name by the same rule.
func TestFilesParseNames(t *testing.T) {
	if _, err := ParseActivation(filesHuge); err == nil || err.Error() != "mlp: unknown activation "+filesHugeQ+", want one of identity, sigmoid, tanh, relu, softmax" {
		t.Errorf("ParseActivation(1 MiB) = %.300v, want mlp: unknown activation %s, ...", err, filesHugeQ)
	}
	if _, err := ParseLoss(filesHuge); err == nil || err.Error() != "mlp: unknown loss "+filesHugeQ+", want one of squared-error, cross-entropy, binary-cross-entropy" {
		t.Errorf("ParseLoss(1 MiB) = %.300v, want mlp: unknown loss %s, ...", err, filesHugeQ)
	}
}

// filesLoadAllocBound is the allocation bound the package doc gives for
// Load: 16 bytes for each byte read, plus 16 KiB.
func filesLoadAllocBound(n int) uint64 { return 16*uint64(n) + 16<<10 }

// TestFilesLoadAllocBound: Load allocates within its documented bound on the
// valid files that cost the most for their size: a layer of zero weights,
// two bytes each ("0,"), and many layers of one weight and one bias.
func TestFilesLoadAllocBound(t *testing.T) {
	const head = `{"format":"github.com/glassbox-go/mlp","version":1,"loss":"squared-error","layers":[`
	const n = 1 << 18
	wide := head + `{"activation":"relu","inputs":1,"outputs":` + strconv.Itoa(n) + `,"W":[[` + strings.Repeat("0,", n-1) + `7]],"B":null}]}`
	const tiny = `{"activation":"relu","inputs":1,"outputs":1,"W":[[0]],"B":[0]}`
	deep := head + strings.Repeat(tiny+",", 9999) + tiny + `]}`
	for _, tt := range []struct {
		name, file   string
		layers, cols int
	}{
		{"wide", wide, 1, n},
		{"deep", deep, 10000, 1},
	} {
		var net *Network
		var err error
		got := heapBytes(2, func() { net, err = Load(strings.NewReader(tt.file)) })
		if err != nil {
			t.Fatalf("Load(%s) = %v, want nil", tt.name, err)
		}
		if len(net.Layers) != tt.layers || net.Layers[0].W.cols != tt.cols {
			t.Errorf("Load(%s) has %d layers of %d outputs, want %d of %d", tt.name, len(net.Layers), net.Layers[0].W.cols, tt.layers, tt.cols)
		}
		if max := filesLoadAllocBound(len(tt.file)); got > max {
			t.Errorf("Load(%s, %d bytes) allocates %d bytes, want at most %d", tt.name, len(tt.file), got, max)
		}
	}
	if got := filesMustLoad(t, wide).Layers[0].W.At(0, n-1); got != 7 {
		t.Errorf("Load(wide): W[0][%d] = %v, want 7", n-1, got)
	}
}

// filesMustLoad loads file or fails the test.
func filesMustLoad(t *testing.T, file string) *Network {
	t.Helper()
	net, err := Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestFilesTrailingData: a valid model followed by anything but white space
// is an error that says so, with where the trailing data starts and how
// long it is, not one that calls the file truncated; trailing white space
// is fine.
func TestFilesTrailingData(t *testing.T) {
	n := len(savedFileV1) // savedFileV1 ends in "\n"
	for _, tt := range []struct{ name, file, want string }{
		{"one stray byte", savedFileV1 + "x",
			fmt.Sprintf("mlp: Load: invalid JSON at byte %d: invalid character 'x' after top-level value: trailing data after the model (1 byte from byte %d on)", n+1, n+1)},
		{"empty object", savedFileV1 + "{}",
			fmt.Sprintf("mlp: Load: invalid JSON at byte %d: invalid character '{' after top-level value: trailing data after the model (2 bytes from byte %d on)", n+1, n+1)},
		{"after white space", savedFileV1 + "\n \t\r\n1 2\n",
			fmt.Sprintf("mlp: Load: invalid JSON at byte %d: invalid character '1' after top-level value: trailing data after the model (4 bytes from byte %d on)", n+6, n+6)},
		{"the model twice", savedFileV1 + savedFileV1,
			fmt.Sprintf("mlp: Load: invalid JSON at byte %d: invalid character '{' after top-level value: trailing data after the model (%d bytes from byte %d on)", n+1, n, n+1)},
		{"no final newline", strings.TrimSuffix(savedFileV1, "\n") + "]",
			fmt.Sprintf("mlp: Load: invalid JSON at byte %d: invalid character ']' after top-level value: trailing data after the model (1 byte from byte %d on)", n, n)},
	} {
		t.Run(tt.name, func(t *testing.T) { filesCheckLoad(t, tt.file, tt.want) })
	}
	for _, space := range []string{"", "\n", " \t\r\n\n  "} {
		if _, err := Load(strings.NewReader(savedFileV1 + space)); err != nil {
			t.Errorf("Load(a model and %q) = %v, want nil", space, err)
		}
	}
}

// TestFilesSaveFileNames: SaveFile takes every name that os.WriteFile takes,
// up to 255 bytes, the usual limit of a name in a directory: its temporary
// file has a short name of its own. Nothing but the saved file is left.
func TestFilesSaveFileNames(t *testing.T) {
	net := roundTripNet(t, Tanh, SquaredError, true, 3)
	for _, n := range []int{1, 240, 241, 250, 255} {
		dir := t.TempDir()
		name := filepath.Join(dir, strings.Repeat("m", n))
		if err := os.WriteFile(name, []byte("probe"), 0o644); err != nil {
			t.Skipf("os.WriteFile(a %d-byte name) = %v: this file system takes shorter names", n, err)
		}
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
		if err := net.SaveFile(name); err != nil {
			t.Errorf("SaveFile(a %d-byte name) = %v, want nil", n, err)
			continue
		}
		got, err := LoadFile(name)
		if err != nil {
			t.Errorf("LoadFile(a %d-byte name) = %v, want nil", n, err)
		} else if err := diffNetworks(got, net); err != nil {
			t.Errorf("LoadFile(SaveFile(net), a %d-byte name): %v", n, err)
		}
		if names := listDir(t, dir); len(names) != 1 || names[0] != filepath.Base(name) {
			t.Errorf("after SaveFile(a %d-byte name) the directory holds %d names, want only the saved file", n, len(names))
		}
	}

	// While it is written, the temporary file is the only other name in the
	// directory, ".mlp-" and digits.
	dir := t.TempDir()
	var during []string
	err := writeFileAtomic(filepath.Join(dir, strings.Repeat("m", 200)), func(w io.Writer) error {
		during = listDir(t, dir)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 || !regexp.MustCompile(`^\.mlp-[0-9]+$`).MatchString(during[0]) {
		t.Errorf("while writing, the directory holds %q, want one name .mlp-<digits>", during)
	}
}

// TestFilesEmptyName: SaveFile("") and LoadFile("") are errors that say
// the name is empty, and SaveFile("") touches no file: the working
// directory is as it was, its modification time included.
func TestFilesEmptyName(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	before, err := os.Stat(".")
	if err != nil {
		t.Fatal(err)
	}
	net := roundTripNet(t, Tanh, SquaredError, true, 3)
	if err := net.SaveFile(""); err == nil || err.Error() != "mlp: SaveFile: the file name is empty" {
		t.Errorf("SaveFile(\"\") = %v, want mlp: SaveFile: the file name is empty", err)
	}
	after, err := os.Stat(".")
	if err != nil {
		t.Fatal(err)
	}
	if names := listDir(t, "."); len(names) != 0 || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("after SaveFile(\"\") the working directory holds %q, modified %v (was %v), want it untouched", names, after.ModTime(), before.ModTime())
	}
	if got, err := LoadFile(""); err == nil || got != nil || err.Error() != "mlp: LoadFile: the file name is empty" {
		t.Errorf("LoadFile(\"\") = %v, %v, want mlp: LoadFile: the file name is empty", got, err)
	}
}
