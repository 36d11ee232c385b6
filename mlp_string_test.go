package mlp_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestNetworkString: the summary of small networks, character for
// character: the tutorial's (its documentation's example), one with biases
// and a softmax output, and networks whose layers do not fit together.
// fmt prints a *Network with it.
func TestNetworkString(t *testing.T) {
	tutorial := mustNew(t, []int{3, 5, 1}, mlp.WithoutBias())
	wine := mustNew(t, []int{13, 64, 16, 3}, mlp.WithActivation(mlp.ReLU), mlp.WithOutputActivation(mlp.Softmax), mlp.WithLoss(mlp.CrossEntropy))
	broken := mustNew(t, []int{2, 3, 1}, mlp.WithActivation(mlp.Tanh))
	broken.Layers = append(broken.Layers, nil, &mlp.Layer{W: mlp.NewMatrix(4, 2, nil)})
	broken.Layers[1].W = nil
	broken.Loss = nil
	for _, tt := range []struct {
		name string
		net  *mlp.Network
		want string
	}{
		{"tutorial", tutorial, `network 3-5-1, loss squared-error
layer  W    B     activation  parameters
0      3x5  none  sigmoid             15
1      5x1  none  sigmoid              5
total                                 20`},
		{"biases", wine, `network 13-64-16-3, loss cross-entropy
layer  W      B     activation  parameters
0      13x64  1x64  relu               896
1      64x16  1x16  relu              1040
2      16x3   1x3   softmax             51
total                                 1987`},
		{"broken", broken, `network 2-3-?-?-2, loss nil
layer  W    B     activation  parameters
0      2x3  1x3   tanh                 9
1      nil  1x1   tanh                 1
2      nil
3      4x2  none  nil                  8
total                                 18`},
		{"no layers", &mlp.Network{Loss: mlp.SquaredError}, "network with no layers, loss squared-error"},
		{"nil", nil, "<nil>"},
	} {
		var saved bytes.Buffer
		if tt.name == "tutorial" || tt.name == "biases" {
			if err := tt.net.Save(&saved); err != nil {
				t.Fatal(err)
			}
		}
		if got := tt.net.String(); got != tt.want {
			t.Errorf("%s: String() =\n%s\nwant\n%s", tt.name, got, tt.want)
		}
		if got := fmt.Sprint(tt.net); got != tt.want {
			t.Errorf("%s: fmt.Sprint(net) =\n%s\nwant String()", tt.name, got)
		}
		if saved.Len() > 0 {
			var again bytes.Buffer
			if err := tt.net.Save(&again); err != nil || again.String() != saved.String() {
				t.Errorf("%s: String changed the network", tt.name)
			}
		}
	}
}
