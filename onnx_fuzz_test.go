package mlp

// FuzzReadONNX: ReadONNX on arbitrary bytes. Plain `go test` runs its seeds
// (below and testdata/fuzz/FuzzReadONNX); to fuzz,
//
//	go test -run='^$' -fuzz='^FuzzReadONNX$' -fuzztime=3m -parallel=1

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadONNX: whatever the bytes, ReadONNX returns either an
// "mlp: ReadONNX:" error and no network, or a network that holds no more
// numbers than the input has room for (4 bytes a float), predicts, and
// exports and reads back bit for bit.
func FuzzReadONNX(f *testing.F) {
	f.Add(newTestModel().bytes())
	for _, tt := range hostileONNX() {
		if len(tt.file) < 4096 {
			f.Add(tt.file)
		}
	}
	for _, act := range builtinActivations() {
		for _, bias := range []bool{true, false} {
			opts := []Option{WithActivation(act), WithLoss(CrossEntropy)}
			if !bias {
				opts = append(opts, WithoutBias())
			}
			net, err := New([]int{3, 4, 2}, opts...)
			if err != nil {
				f.Fatal(err)
			}
			var buf bytes.Buffer
			if err := net.WriteONNX(&buf); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
			buf.Reset()
			if err := net.WriteONNX(&buf, ONNXFloat32()); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
		}
	}
	files, _ := filepath.Glob("testdata/onnx/*.onnx")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := ReadONNX(bytes.NewReader(data))
		if err != nil {
			if net != nil {
				t.Fatalf("ReadONNX(data) = %v, %v: a network with an error", net, err)
			}
			if !strings.HasPrefix(err.Error(), "mlp: ReadONNX: ") {
				t.Fatalf("ReadONNX(data) = %v, want an error starting mlp: ReadONNX:", err)
			}
			return
		}
		numbers := 0
		for _, l := range net.Layers {
			numbers += len(l.W.RawData())
			if l.B != nil {
				numbers += len(l.B.RawData())
			}
		}
		if numbers > len(data)/4 {
			t.Fatalf("ReadONNX(%d bytes) holds %d numbers", len(data), numbers)
		}
		x := NewMatrix(2, net.Layers[0].W.rows, nil)
		for i := range x.data {
			x.data[i] = float64(i%3) - 1
		}
		out, err := net.Predict(x)
		if err != nil {
			t.Fatalf("Predict on a read network = %v, want nil", err)
		}
		if r, c := out.Dims(); r != 2 || c != net.Layers[len(net.Layers)-1].W.cols {
			t.Fatalf("Predict on a read network is %dx%d, want 2x%d", r, c, net.Layers[len(net.Layers)-1].W.cols)
		}
		if err := onnxRoundTrip(net, net); err != nil {
			t.Fatalf("a network read from data: %v", err)
		}
	})
}
