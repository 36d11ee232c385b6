package mlp

// Fuzz targets: Load on arbitrary bytes, and Forward, Backward, Step and
// Predict on arbitrary shapes and values. Plain `go test` runs their seed
// corpora (the f.Add calls and testdata/fuzz/); to fuzz, run one target at
// a time, for example
//
//	go test -run='^$' -fuzz='^FuzzLoad$' -fuzztime=3m -parallel=1
//	go test -run='^$' -fuzz='^FuzzForwardBackward$' -fuzztime=3m -parallel=1
//
// They are inside the package to range over builtinActivations and
// builtinLosses, so that built-ins added later are fuzzed too.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"
)

// FuzzLoad: whatever the bytes, Load returns either an mlp: error and no
// network, leaving a network given to UnmarshalJSON unchanged, or a
// network that saves, loads back bit for bit and predicts.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(savedFileV1))
	for _, tt := range hostileFiles() {
		f.Add([]byte(tt.file))
	}
	for _, act := range builtinActivations() {
		for _, bias := range []bool{true, false} {
			net := &Network{Loss: SquaredError, Layers: []*Layer{
				{W: NewMatrix(2, 2, []float64{0.5, -1.25, 1e-7, 3}), Activation: act},
			}}
			if bias {
				net.Layers[0].B = NewMatrix(1, 2, []float64{math.Copysign(0, -1), 5e-324})
			}
			var buf bytes.Buffer
			if err := net.Save(&buf); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := Load(bytes.NewReader(data))
		if err != nil {
			if net != nil {
				t.Fatalf("Load(data) = %v, %v: a network with an error", net, err)
			}
			if !strings.HasPrefix(err.Error(), "mlp: Load: ") {
				t.Fatalf("Load(data) = %v, want an error starting mlp: Load:", err)
			}
			if string(bytes.TrimSpace(data)) == "null" {
				return // UnmarshalJSON(null) is a no-op, as encoding/json expects
			}
			dst := &Network{Loss: SquaredError, Layers: []*Layer{{W: NewMatrix(1, 2, []float64{1, 2}), Activation: Tanh}}}
			want := &Network{Loss: SquaredError, Layers: []*Layer{{W: NewMatrix(1, 2, []float64{1, 2}), Activation: Tanh}}}
			if err := dst.UnmarshalJSON(data); err == nil {
				t.Fatalf("UnmarshalJSON(data) = nil, but Load(data) = %v", err)
			}
			if err := diffNetworks(dst, want); err != nil {
				t.Fatalf("a failed UnmarshalJSON changed the network: %v", err)
			}
			return
		}
		// Memory follows the input: a network holds no more weights than
		// the input has room for, at two bytes a number.
		weights := 0
		for _, l := range net.Layers {
			weights += len(l.W.RawData())
			if l.B != nil {
				weights += len(l.B.RawData())
			}
		}
		if weights > len(data)/2 {
			t.Fatalf("Load(%d bytes) holds %d numbers", len(data), weights)
		}
		var buf bytes.Buffer
		if err := net.Save(&buf); err != nil {
			t.Fatalf("Save(Load(data)) = %v, want nil", err)
		}
		again, err := Load(&buf)
		if err != nil {
			t.Fatalf("Load(Save(Load(data))) = %v, want nil", err)
		}
		if err := diffNetworks(again, net); err != nil {
			t.Fatalf("Load(Save(Load(data))): %v", err)
		}
		rows, in := 2, net.Layers[0].W.rows
		x := NewMatrix(rows, in, nil)
		for i := range x.data {
			x.data[i] = float64(i%3) - 1
		}
		out, err := net.Predict(x)
		if err != nil {
			t.Fatalf("Predict on a loaded network = %v, want nil", err)
		}
		if r, c := out.Dims(); r != rows || c != net.Layers[len(net.Layers)-1].W.cols {
			t.Fatalf("Predict on a loaded network is %dx%d, want %dx%d", r, c, rows, net.Layers[len(net.Layers)-1].W.cols)
		}
	})
}

// FuzzForwardBackward builds a network from shape (layer count, sizes,
// batch, activations, loss, biases) and fills its weights, input and
// targets from values: 2 bytes a number in [−8, 8) or, with raw, 8 bytes of
// any float64 bits, NaN, ±Inf and subnormals included. It runs Forward,
// Predict, Backward and Step and checks each quantity against plain loops
// over the values that went into it (see checkSum): Z = A_prev·W + B,
// A = f(Z), DA = A − Y for squared error, DZ = DA ⊙ f'(Z), DW = A_prevᵀ·DZ,
// DB = Σ_rows DZ, DA_prev = DZ·Wᵀ, and W −= η·DW.
func FuzzForwardBackward(f *testing.F) {
	f.Add([]byte{1, 2, 4, 1, 3, 1, 0, 1, 0, 1}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, false)
	f.Add([]byte{2, 5, 5, 5, 5, 4, 0, 1, 2, 3, 0, 1}, bytes.Repeat([]byte{0x40, 0x09, 0x21, 0xfb}, 40), false)
	f.Add([]byte{0, 0, 0, 0, 1}, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, true)
	f.Add([]byte{2, 1, 1, 1, 1, 4, 3, 3, 3, 0, 1}, bytes.Repeat([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f}, 12), true)
	f.Add([]byte{1, 3, 3, 3, 2, 1, 1, 0, 1}, bytes.Repeat([]byte{1, 0, 0, 0, 0, 0, 0, 0}, 30), true)
	f.Fuzz(func(t *testing.T, shape, values []byte, raw bool) {
		acts, losses := builtinActivations(), builtinLosses()
		byteAt := func(i int) int {
			if i < len(shape) {
				return int(shape[i])
			}
			return 0
		}
		layers := 1 + byteAt(0)%3
		sizes := make([]int, layers+1)
		for i := range sizes {
			sizes[i] = 1 + byteAt(1+i)%6
		}
		p := layers + 2
		batch := 1 + byteAt(p)%5
		p++
		net := &Network{Loss: losses[byteAt(p)%len(losses)]}
		p++
		builtin := builtinOfToday(net.Loss)
		vals := fuzzValues{b: values, raw: raw}
		for l := 0; l < layers; l++ {
			layer := &Layer{W: NewMatrix(sizes[l], sizes[l+1], nil), Activation: acts[byteAt(p+l)%len(acts)]}
			builtin = builtin && builtinOfToday(layer.Activation)
			if byteAt(p+layers+l)%2 == 0 {
				layer.B = NewMatrix(1, sizes[l+1], nil)
			}
			vals.fill(layer.W)
			vals.fill(layer.B)
			net.Layers = append(net.Layers, layer)
		}
		x := NewMatrix(batch, sizes[0], nil)
		y := NewMatrix(batch, sizes[layers], nil)
		vals.fill(x)
		vals.fill(y)
		xCopy := x.Clone()

		out, err := net.Forward(x)
		if err != nil {
			// Built-ins added later may restrict where they go; those of
			// today go anywhere.
			if builtin || !strings.HasPrefix(err.Error(), "mlp: Forward: ") {
				t.Fatalf("Forward(x) = %v, want nil", err)
			}
			return
		}
		if out != net.Layers[layers-1].A {
			t.Fatalf("Forward(x) returned %p, want the last layer's A %p", out, net.Layers[layers-1].A)
		}
		prev := x
		for l, layer := range net.Layers {
			fuzzDims(t, fmt.Sprintf("layer %d: Z", l), layer.Z, batch, sizes[l+1])
			fuzzDims(t, fmt.Sprintf("layer %d: A", l), layer.A, batch, sizes[l+1])
			fuzzCheckProduct(t, fmt.Sprintf("layer %d: Z = A_prev·W + B", l), layer.Z, prev, false, layer.W, false, layer.B)
			fuzzCheckApply(t, l, layer)
			prev = layer.A
		}

		// Predict by prefixes of the network, checking each layer's step.
		prev = x
		for l, layer := range net.Layers {
			sub := &Network{Layers: net.Layers[:l+1], Loss: net.Loss}
			got, err := sub.Predict(x)
			if k := firstNonFinite(x.data); k >= 0 {
				// Predict refuses input that is not finite, naming the first.
				want := fmt.Sprintf("mlp: Predict: x(%d, %d) is %v, want a finite number", k/x.cols, k%x.cols, x.data[k])
				if err == nil || err.Error() != want {
					t.Fatalf("Predict(x) on layers 0..%d = %v, want %q", l, err, want)
				}
				break
			}
			if err != nil {
				t.Fatalf("Predict(x) on layers 0..%d = %v, want nil", l, err)
			}
			fuzzDims(t, fmt.Sprintf("Predict on layers 0..%d", l), got, batch, sizes[l+1])
			if f := fuzzRefActivation(layer.Activation); f != nil {
				fuzzCheckPredictStep(t, l, got, prev, layer, f)
			}
			prev = got
		}

		e, err := net.Backward(y)
		if err != nil {
			if builtin || !strings.HasPrefix(err.Error(), "mlp: Backward: ") {
				t.Fatalf("Backward(y) = %v, want nil", err)
			}
			return
		}
		last := net.Layers[layers-1]
		fuzzCheckOutputPath(t, net.Loss, last, y, net.outputPath)
		if net.Loss == SquaredError {
			fuzzCheckSquaredError(t, e, last, y)
		}
		for l := layers - 1; l >= 0; l-- {
			layer := net.Layers[l]
			prev := x
			if l > 0 {
				prev = net.Layers[l-1].A
			}
			fuzzDims(t, fmt.Sprintf("layer %d: DZ", l), layer.DZ, batch, sizes[l+1])
			fuzzDims(t, fmt.Sprintf("layer %d: DW", l), layer.DW, sizes[l], sizes[l+1])
			if l == layers-1 {
				fuzzCheckOutputDelta(t, l, net.Loss, layer, y)
			} else {
				fuzzCheckBackprop(t, l, layer)
			}
			fuzzCheckProduct(t, fmt.Sprintf("layer %d: DW = A_prevᵀ·DZ", l), layer.DW, prev, true, layer.DZ, false, nil)
			if layer.B == nil {
				if layer.DB != nil {
					t.Fatalf("layer %d: DB = %v without B, want nil", l, layer.DB)
				}
			} else {
				fuzzDims(t, fmt.Sprintf("layer %d: DB", l), layer.DB, 1, sizes[l+1])
				ones := NewMatrix(1, batch, nil)
				for i := range ones.data {
					ones.data[i] = 1
				}
				fuzzCheckProduct(t, fmt.Sprintf("layer %d: DB = Σ_rows DZ", l), layer.DB, ones, false, layer.DZ, false, nil)
			}
			if l > 0 {
				below := net.Layers[l-1].DA
				fuzzDims(t, fmt.Sprintf("layer %d: DA", l-1), below, batch, sizes[l])
				fuzzCheckProduct(t, fmt.Sprintf("layer %d: DA = DZ_next·W_nextᵀ", l-1), below, layer.DZ, false, layer.W, true, nil)
			}
		}

		const eta = 0.375
		var before []*Matrix
		for _, layer := range net.Layers {
			before = append(before, layer.W.Clone())
		}
		net.Step(eta)
		for l, layer := range net.Layers {
			for i, w := range layer.W.data {
				w0, dw := before[l].data[i], layer.DW.data[i]
				want := w0 - eta*dw
				if fuzzFinite(w0, dw, want) && !(math.Abs(w-want) <= 0x1p-51*(math.Abs(w0)+math.Abs(eta*dw))+4*math.SmallestNonzeroFloat64) {
					t.Fatalf("layer %d: Step: W[%d] = %v, want %v − %v·%v = %v", l, i, w, w0, eta, dw, want)
				}
			}
		}
		for i, v := range x.data {
			if math.Float64bits(v) != math.Float64bits(xCopy.data[i]) {
				t.Fatalf("x[%d] changed from %v to %v", i, xCopy.data[i], v)
			}
		}
	})
}

// fuzzValues deals out float64s from fuzz bytes; when they run out it
// goes on with a fixed cycle of small values.
type fuzzValues struct {
	b   []byte
	raw bool
	k   int
}

func (s *fuzzValues) next() float64 {
	s.k++
	switch {
	case s.raw && len(s.b) >= 8:
		v := math.Float64frombits(binary.LittleEndian.Uint64(s.b))
		s.b = s.b[8:]
		return v
	case !s.raw && len(s.b) >= 2:
		v := float64(int16(binary.LittleEndian.Uint16(s.b))) / 4096
		s.b = s.b[2:]
		return v
	}
	return float64(s.k%7-3) * 0.375
}

func (s *fuzzValues) fill(m *Matrix) {
	if m == nil {
		return
	}
	for i := range m.data {
		m.data[i] = s.next()
	}
}

// builtinOfToday reports whether v is an ActivationFunc or a LossFunc: a built-in
// of today that may go on any layer and with any targets.
func builtinOfToday(v any) bool {
	switch v.(type) {
	case ActivationFunc, LossFunc:
		return true
	}
	return false
}

func fuzzFinite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func fuzzDims(t *testing.T, name string, m *Matrix, rows, cols int) {
	t.Helper()
	if m == nil {
		t.Fatalf("%s is nil, want %dx%d", name, rows, cols)
	}
	if r, c := m.Dims(); r != rows || c != cols {
		t.Fatalf("%s is %dx%d, want %dx%d", name, r, c, rows, cols)
	}
}

// fuzzSumTol is how far two evaluations of a sum of n terms (products and a
// bias) may differ, in any order and with or without fused multiply-add,
// when the absolute values of the terms add up to abs: each is within
// γ_n·abs of the exact sum, γ_n ≈ n·2⁻⁵³ (Higham, Accuracy and Stability of
// Numerical Algorithms, §3.1), plus room for products that underflow.
func fuzzSumTol(n int, abs float64) float64 {
	return 2.02*float64(n)*0x1p-53*abs + float64(4*n)*math.SmallestNonzeroFloat64
}

// fuzzCheckProduct checks that got = op(a)·op(b) + bias (bias a row added to
// every row, or nil), where op transposes when its flag is set, element by
// element against a plain loop, within fuzzSumTol of the terms. Elements whose
// terms are not finite, or so large that a sum could overflow, are not
// checked.
func fuzzCheckProduct(t *testing.T, name string, got, a *Matrix, ta bool, b *Matrix, tb bool, bias *Matrix) {
	t.Helper()
	at := func(m *Matrix, trans bool, i, j int) float64 {
		if trans {
			return m.data[j*m.cols+i]
		}
		return m.data[i*m.cols+j]
	}
	rows, k := a.rows, a.cols
	if ta {
		rows, k = k, rows
	}
	cols := b.cols
	if tb {
		cols = b.rows
	}
	fuzzDims(t, name, got, rows, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			ref, abs := 0.0, 0.0
			if bias != nil {
				ref, abs = bias.data[j], math.Abs(bias.data[j])
			}
			for p := 0; p < k; p++ {
				term := at(a, ta, i, p) * at(b, tb, p, j)
				ref += term
				abs += math.Abs(term)
			}
			if !fuzzFinite(abs) || abs > math.MaxFloat64/4 {
				continue
			}
			g := got.data[i*cols+j]
			if !(math.Abs(g-ref) <= fuzzSumTol(k+1, abs)) {
				t.Fatalf("%s: (%d,%d) = %.17g, want %.17g (terms add up to %g in absolute value)", name, i, j, g, ref, abs)
			}
		}
	}
}

// fuzzRefActivation returns the formula of a built-in element-wise activation,
// written out here, or nil for one this test does not know.
func fuzzRefActivation(a Activation) func(float64) float64 {
	switch a.String() {
	case "identity":
		return func(z float64) float64 { return z }
	case "sigmoid":
		return func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	case "tanh":
		return math.Tanh
	case "relu":
		return func(z float64) float64 { return math.Max(z, 0) }
	}
	return nil
}

// fuzzRefBackprop returns ∂E/∂z from ∂E/∂a for a built-in element-wise
// activation, given z and a, or nil for one this test does not know.
func fuzzRefBackprop(a Activation) func(da, z, a float64) float64 {
	switch a.String() {
	case "identity":
		return func(da, z, a float64) float64 { return da }
	case "sigmoid":
		return func(da, z, a float64) float64 { return da * a * (1 - a) }
	case "tanh":
		return func(da, z, a float64) float64 { return da * (1 - a*a) }
	case "relu":
		return func(da, z, a float64) float64 {
			if z > 0 {
				return da
			}
			return 0
		}
	}
	return nil
}

// fuzzClose reports whether got is within rel of want, relatively, or a few
// subnormal steps.
func fuzzClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+64*math.SmallestNonzeroFloat64
}

// fuzzCheckApply checks A = f(Z) element by element, for finite Z.
func fuzzCheckApply(t *testing.T, l int, layer *Layer) {
	t.Helper()
	f := fuzzRefActivation(layer.Activation)
	if f == nil {
		return
	}
	for i, z := range layer.Z.data {
		if want := f(z); fuzzFinite(z) && !fuzzClose(layer.A.data[i], want, 1e-14) {
			t.Fatalf("layer %d: A[%d] = %.17g, want %v(%.17g) = %.17g", l, i, layer.A.data[i], layer.Activation, z, want)
		}
	}
}

// fuzzCheckPredictStep checks that got, Predict's output after layer l, is
// f(prev·W + B) for prev its output after layer l−1 (or x), within the
// rounding of the sum (f changes by at most as much as z: its slope is at
// most 1) and of f.
func fuzzCheckPredictStep(t *testing.T, l int, got, prev *Matrix, layer *Layer, f func(float64) float64) {
	t.Helper()
	in, out := layer.W.Dims()
	for s := 0; s < prev.rows; s++ {
		for j := 0; j < out; j++ {
			z, abs := 0.0, 0.0
			if layer.B != nil {
				z, abs = layer.B.data[j], math.Abs(layer.B.data[j])
			}
			for i := 0; i < in; i++ {
				term := prev.data[s*in+i] * layer.W.data[i*out+j]
				z += term
				abs += math.Abs(term)
			}
			if !fuzzFinite(abs) || abs > math.MaxFloat64/4 {
				continue
			}
			want := f(z)
			if g := got.data[s*out+j]; !(math.Abs(g-want) <= fuzzSumTol(in+1, abs)+1e-14*math.Abs(want)+64*math.SmallestNonzeroFloat64) {
				t.Fatalf("Predict: layer %d: (%d,%d) = %.17g, want %v(%.17g) = %.17g", l, s, j, g, layer.Activation, z, want)
			}
		}
	}
}

// fuzzCheckSquaredError checks E = Σ ½(a−y)² and DA = A − Y on the last layer.
func fuzzCheckSquaredError(t *testing.T, e float64, last *Layer, y *Matrix) {
	t.Helper()
	ref := 0.0
	for i, a := range last.A.data {
		d := a - y.data[i]
		ref += 0.5 * d * d
		if want := a - y.data[i]; fuzzFinite(want) && !fuzzClose(last.DA.data[i], want, 0x1p-52) {
			t.Fatalf("last layer: DA[%d] = %.17g, want %.17g − %.17g = %.17g", i, last.DA.data[i], a, y.data[i], want)
		}
	}
	if fuzzFinite(ref) && ref < math.MaxFloat64/4 && !(math.Abs(e-ref) <= fuzzSumTol(len(last.A.data)+3, ref)) {
		t.Fatalf("Backward(y) = %.17g, want Σ ½(a−y)² = %.17g", e, ref)
	}
}

// fuzzCheckBackprop checks DZ = DA ⊙ f'(Z) element by element, where DA, Z and A
// are finite.
// fuzzCheckOutputDelta checks the last layer's DZ. Where a cross-entropy
// loss meets its own output, Backward uses the combined gradient the
// package documents, ∂E/∂Z = (Σ_k y_k)·a − y row by row (a − y for a sigmoid
// output), not the activation's Backprop of DA; elsewhere DZ is that
// Backprop, as in every other layer.
func fuzzCheckOutputDelta(t *testing.T, l int, loss Loss, layer *Layer, y *Matrix) {
	t.Helper()
	switch {
	case loss == CrossEntropy && layer.Activation == Softmax, loss == BinaryCrossEntropy && layer.Activation == Sigmoid:
		c := layer.A.cols
		for i := 0; i < layer.A.rows; i++ {
			sumY := 1.0
			if layer.Activation == Softmax {
				sumY = 0
				for _, v := range y.Row(i) {
					sumY += v
				}
			}
			for j := 0; j < c; j++ {
				a, yij := layer.A.At(i, j), y.At(i, j)
				if want := sumY*a - yij; fuzzFinite(a, yij, want) && !fuzzClose(layer.DZ.At(i, j), want, 0x1p-50) {
					t.Fatalf("layer %d (%v output, %v): DZ(%d,%d) = %.17g, want (Σy)·a − y = %.17g", l, layer.Activation, loss, i, j, layer.DZ.At(i, j), want)
				}
			}
		}
	default:
		fuzzCheckBackprop(t, l, layer)
	}
}

// fuzzCheckOutputPath checks the way Backward says it computed the last
// layer's DZ, which Trace shows: the combined gradient where a
// cross-entropy loss meets its own output (scaled where a row of targets of
// a softmax does not sum to exactly 1), the chain rule through f' for an
// element-wise activation, the Jacobian for softmax.
func fuzzCheckOutputPath(t *testing.T, loss Loss, last *Layer, y *Matrix, got deltaPath) {
	t.Helper()
	var want deltaPath
	switch {
	case loss == CrossEntropy && last.Activation == Softmax:
		want = pathFused
		for i := 0; i < y.rows; i++ {
			s := 0.0
			for _, v := range y.Row(i) {
				s += v
			}
			if s != 1 {
				want = pathFusedScaled
			}
		}
	case loss == BinaryCrossEntropy && last.Activation == Sigmoid:
		want = pathFused
	case last.Activation == Softmax:
		want = pathJacobian
	default:
		if _, ok := last.Activation.(Elementwise); !ok {
			return // a built-in of tomorrow
		}
		want = pathChain
	}
	if got != want {
		t.Fatalf("Backward recorded output path %d for %v on %v, want %d", got, loss, last.Activation, want)
	}
}

func fuzzCheckBackprop(t *testing.T, l int, layer *Layer) {
	t.Helper()
	f := fuzzRefBackprop(layer.Activation)
	if f == nil {
		return
	}
	for i, da := range layer.DA.data {
		z, a := layer.Z.data[i], layer.A.data[i]
		if want := f(da, z, a); fuzzFinite(da, z, a, want) && !fuzzClose(layer.DZ.data[i], want, 0x1p-50) {
			t.Fatalf("layer %d: DZ[%d] = %.17g, want %.17g from DA %.17g, Z %.17g, A %.17g", l, i, layer.DZ.data[i], want, da, z, a)
		}
	}
}
