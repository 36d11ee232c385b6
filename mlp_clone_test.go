package mlp

import (
	"slices"
	"strings"
	"testing"
)

// TestClone: the copy has the weights, biases, activations and loss bit for
// bit, in memory of its own, and none of the results of the last passes;
// training the copy leaves the original as it was, and Clone changes
// nothing in it.
func TestClone(t *testing.T) {
	net, err := New([]int{3, 4, 2}, WithActivation(Tanh), WithOutputActivation(Softmax), WithLoss(CrossEntropy), WithSeed(5))
	if err != nil {
		t.Fatal(err)
	}
	net.Layers[1].B = nil
	x := NewMatrix(2, 3, []float64{1, 2, 3, -1, 0, 0.5})
	y := NewMatrix(2, 2, []float64{1, 0, 0, 1})
	if _, err := net.Forward(x); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Backward(y); err != nil {
		t.Fatal(err)
	}
	var before [][]float64
	var passes []*Matrix
	for _, l := range net.Layers {
		for _, m := range []*Matrix{l.W, l.B, l.Z, l.A, l.DA, l.DZ, l.DW, l.DB} {
			if m != nil {
				before = append(before, slices.Clone(m.RawData()))
			}
		}
		passes = append(passes, l.Z, l.A, l.DA, l.DZ, l.DW, l.DB)
	}

	c := net.Clone()
	if err := diffNetworks(c, net); err != nil {
		t.Fatalf("Clone: %v", err)
	}
	for i, l := range c.Layers {
		o := net.Layers[i]
		if l == o || overlaps(l.W, o.W) || (l.B != nil && overlaps(l.B, o.B)) {
			t.Errorf("layer %d of the copy shares the original's layer, W or B", i)
		}
		for _, m := range []*Matrix{l.Z, l.A, l.DA, l.DZ, l.DW, l.DB} {
			if m != nil {
				t.Errorf("layer %d of the copy has a result of a pass, want Z, A, DA, DZ, DW and DB nil", i)
			}
		}
	}
	if _, err := c.Backward(y); err == nil || !strings.Contains(err.Error(), "no Forward pass") {
		t.Errorf("Backward on the copy = %v, want the no-Forward error", err)
	}

	// Train the copy: the original keeps every number and matrix.
	if _, err := c.Forward(x); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Backward(y); err != nil {
		t.Fatal(err)
	}
	c.Step(0.5)
	if diffNetworks(c, net) == nil {
		t.Fatal("a step on the copy did not change it: the test proves nothing")
	}
	k := 0
	for i, l := range net.Layers {
		for _, m := range []*Matrix{l.W, l.B, l.Z, l.A, l.DA, l.DZ, l.DW, l.DB} {
			if m == nil {
				continue
			}
			if !slices.Equal(m.RawData(), before[k]) {
				t.Errorf("layer %d: a matrix of the original changed after Clone and a step on the copy", i)
			}
			k++
		}
		if got := []*Matrix{l.Z, l.A, l.DA, l.DZ, l.DW, l.DB}; !slices.Equal(got, passes[6*i:6*i+6]) {
			t.Errorf("layer %d: the original's pass matrices were replaced", i)
		}
	}
}

// TestCloneNil: nil stays nil, for the network, a layer and a matrix.
func TestCloneNil(t *testing.T) {
	var n *Network
	if n.Clone() != nil {
		t.Error("(*Network)(nil).Clone() is not nil")
	}
	net := &Network{Loss: SquaredError, Layers: []*Layer{nil, {Activation: ReLU}}}
	c := net.Clone()
	if len(c.Layers) != 2 || c.Layers[0] != nil || c.Layers[1].W != nil || c.Layers[1].B != nil || c.Layers[1].Activation != ReLU || c.Loss != SquaredError {
		t.Errorf("Clone of a network with a nil layer and a nil W = %+v, want the same nils", c)
	}
}
