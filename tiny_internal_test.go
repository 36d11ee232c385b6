package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// generalPass is Forward and Backward of n on x and y through the general
// path (forwardLayers, backwardLayers), for comparing with the straight
// path of tiny networks. Every result matrix starts anew.
func generalPass(n *Network, x, y *Matrix) float64 {
	for _, l := range n.Layers {
		l.Z, l.A, l.DA, l.DZ, l.DW, l.DB = new(Matrix), new(Matrix), new(Matrix), new(Matrix), new(Matrix), nil
		if l.B != nil {
			l.DB = new(Matrix)
		}
	}
	n.forwardLayers(x)
	n.x = x
	e, _ := outputDelta(n.Loss, n.Layers[len(n.Layers)-1], y)
	n.backwardLayers()
	return e
}

// randomMatrix returns a rows×cols matrix of numbers in [−2, 2), with some
// exact zeros (ReLU's kink).
func randomMatrix(rng *rand.Rand, rows, cols int) *Matrix {
	m := NewMatrix(rows, cols, nil)
	for i := range m.data {
		if rng.IntN(7) > 0 {
			m.data[i] = 4*rng.Float64() - 2
		}
	}
	return m
}

// TestTinyPath: Forward, Backward and Step on tiny passes (tiny.go) give
// the general path's results bit for bit, in every field, for each built-in
// element-wise activation, with and without bias, up to the size bound; a
// pass that is not tiny takes the general path.
func TestTinyPath(t *testing.T) {
	for _, c := range []struct {
		sizes    []int
		rows     int
		hidden   ActivationFunc
		out      ActivationFunc
		loss     LossFunc
		noBias   bool
		wantTiny bool
	}{
		{[]int{3, 5, 1}, 4, Sigmoid, Sigmoid, SquaredError, true, true}, // the tutorial's XOR
		{[]int{2, 3, 2}, 5, Tanh, Sigmoid, BinaryCrossEntropy, false, true},
		{[]int{4, 6, 3}, 7, ReLU, Identity, SquaredError, false, true},
		{[]int{2, 8, 8, 2}, 3, Sigmoid, Tanh, SquaredError, false, true},
		{[]int{16, 16, 8}, 8, Tanh, Sigmoid, SquaredError, false, true},  // 8·16·16 = smallMax
		{[]int{16, 16, 8}, 9, Tanh, Sigmoid, SquaredError, false, false}, // one row more
		{[]int{1, 1}, 1, Identity, Identity, SquaredError, true, true},
	} {
		name := fmt.Sprintf("%v/rows=%d/%v-%v-%v/noBias=%v", c.sizes, c.rows, c.hidden, c.out, c.loss, c.noBias)
		t.Run(name, func(t *testing.T) {
			opts := []Option{WithActivation(c.hidden), WithOutputActivation(c.out), WithLoss(c.loss), WithSeed(7)}
			if c.noBias {
				opts = append(opts, WithoutBias())
			}
			net, err := New(c.sizes, opts...)
			if err != nil {
				t.Fatal(err)
			}
			ref := net.cloneParams()
			rng := rand.New(rand.NewPCG(3, uint64(c.rows)))
			x := randomMatrix(rng, c.rows, c.sizes[0])
			y := NewMatrix(c.rows, c.sizes[len(c.sizes)-1], nil)
			for i := range y.data {
				y.data[i] = float64(rng.IntN(2))
			}
			if got := net.tiny(c.rows); got != c.wantTiny {
				t.Fatalf("tiny(%d) = %v, want %v", c.rows, got, c.wantTiny)
			}
			for step := 0; step < 3; step++ {
				if _, err := net.Forward(x); err != nil {
					t.Fatal(err)
				}
				e, err := net.Backward(y)
				if err != nil {
					t.Fatal(err)
				}
				want := generalPass(ref, x, y)
				if math.Float64bits(e) != math.Float64bits(want) {
					t.Errorf("step %d: Backward(y) = %v, want %v from the general path", step, e, want)
				}
				sameFields(t, step, net, ref)
				net.Step(0.5)
				ref.Step(0.5)
				sameFields(t, step, net, ref)
			}
		})
	}
}

// TestTinyPathActivationChanged: a layer's activation changed between
// calls to one that is not element-wise (Softmax) takes the general path,
// and changed back, the tiny one again, each giving the general path's bits.
func TestTinyPathActivationChanged(t *testing.T) {
	net, err := New([]int{3, 5, 2}, WithSeed(2))
	if err != nil {
		t.Fatal(err)
	}
	ref := net.cloneParams()
	rng := rand.New(rand.NewPCG(5, 5))
	x, y := randomMatrix(rng, 4, 3), NewMatrix(4, 2, []float64{1, 0, 0, 1, 1, 0, 0, 1})
	for i, act := range []Activation{Sigmoid, Softmax, Tanh} {
		net.Layers[1].Activation, ref.Layers[1].Activation = act, act
		_, isFunc := act.(ActivationFunc)
		if got := net.tiny(4); got != isFunc {
			t.Fatalf("%v: tiny(4) = %v, want %v", act, got, isFunc)
		}
		if _, err := net.Forward(x); err != nil {
			t.Fatal(err)
		}
		e, err := net.Backward(y)
		if err != nil {
			t.Fatal(err)
		}
		if want := generalPass(ref, x, y); math.Float64bits(e) != math.Float64bits(want) {
			t.Errorf("%v: Backward(y) = %v, want %v from the general path", act, e, want)
		}
		sameFields(t, i, net, ref)
	}
}

// sameFields fails t unless every matrix field of net's layers has the bits
// of ref's.
func sameFields(t *testing.T, step int, net, ref *Network) {
	t.Helper()
	for i, l := range net.Layers {
		r := ref.Layers[i]
		for f, pair := range [][2]*Matrix{{l.W, r.W}, {l.B, r.B}, {l.Z, r.Z}, {l.A, r.A}, {l.DA, r.DA}, {l.DZ, r.DZ}, {l.DW, r.DW}, {l.DB, r.DB}} {
			got, want := pair[0], pair[1]
			if (got == nil) != (want == nil) {
				t.Fatalf("step %d: layer %d's %s is %v, want %v", step, i, fieldNames[f], got, want)
			}
			if got == nil {
				continue
			}
			if got.rows != want.rows || got.cols != want.cols {
				t.Fatalf("step %d: layer %d's %s is %dx%d, want %dx%d", step, i, fieldNames[f], got.rows, got.cols, want.rows, want.cols)
			}
			for k := range got.data {
				if math.Float64bits(got.data[k]) != math.Float64bits(want.data[k]) {
					t.Errorf("step %d: layer %d's %s(%d, %d) = %v, want %v from the general path", step, i, fieldNames[f], k/got.cols, k%got.cols, got.data[k], want.data[k])
					break
				}
			}
		}
	}
}
