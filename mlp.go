package mlp

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// A Layer is one weight matrix of a network with what comes out of it: the
// units it feeds, their activation, and every intermediate value of the last
// forward and backward pass, kept so that they can be read and printed.
//
// The fields follow the package documentation's Notation, which gives each
// formula and shape once; the comments below name them.
//
// Forward and Backward allocate Z, A, DA, DZ, DW and DB the first time and
// reuse them afterwards, so their pointers stay the same from one pass to the
// next while their contents change. Copy a matrix (Clone) to keep its values.
type Layer struct {
	W *Matrix // in×out weights: column j holds the weights into unit j (the tutorial's X·W layout)
	B *Matrix // 1×out bias row, added to every row of Z; nil when the layer has none

	Activation Activation // f, applied to Z element by element (row by row for Softmax)

	Z *Matrix // n×out, set by Forward: Z = A_prev·W + B, the units' weighted inputs
	A *Matrix // n×out, set by Forward: A = f(Z), the units' outputs

	DA *Matrix // n×out, set by Backward: ∂E/∂A, how the error changes with each output
	DZ *Matrix // n×out, set by Backward: ∂E/∂Z = DA ⊙ f'(Z), the error signal ("delta") of each unit
	DW *Matrix // in×out, set by Backward: ∂E/∂W = A_prevᵀ·DZ, summed over the batch
	DB *Matrix // 1×out, set by Backward: ∂E/∂B = column sums of DZ; nil when B is nil
}

// Network is a feed-forward network: the Layers in order from input to
// output and the Loss that Backward differentiates.
//
// A Network is not safe for concurrent use: Forward, Backward and Step write
// into the Layers. Predict, which only reads, may be called from many
// goroutines at once (see Concurrency in the package documentation). The
// fields may be read and changed between calls (for example to set weights
// by hand); Forward and Backward check that the layers still fit together
// and return an error if they do not.
type Network struct {
	Layers []*Layer // one per weight matrix: sizes {3, 5, 1} give 2 layers
	Loss   Loss     // the error E that Backward differentiates

	x *Matrix // the input of the last successful Forward, read by Backward

	// outputPath is how the last Backward computed the output layer's DZ
	// (pathNone after a Forward): what Trace shows.
	outputPath deltaPath
}

// A deltaPath is how Backward computed a layer's DZ = ∂E/∂Z.
type deltaPath uint8

const (
	pathNone deltaPath = iota // no Backward since the last Forward
	// pathChain: DZ = DA ⊙ f'(Z), the chain rule through the local
	// derivative of an Elementwise activation.
	pathChain
	// pathJacobian: DZ = A ⊙ (DA − Σ_row(A ⊙ DA)), DA through the Jacobian of
	// a built-in activation that is not element-wise (Softmax).
	pathJacobian
	// pathBackprop: DZ is the Backprop of DA by an Activation of the user's
	// that is not Elementwise: no formula is known.
	pathBackprop
	// pathFused: DZ = A − y, the combined gradient of a loss fused with its
	// output activation (see fusedLoss), with E computed from Z.
	pathFused
	// pathFusedScaled: DZ = (Σ_row y) ⊙ A − y, as pathFused for a softmax
	// output whose rows of targets do not all sum to exactly 1.
	pathFusedScaled
)

// backpropPath returns how a layer of activation act backpropagates when
// no loss is fused with it: through f', a Jacobian, or a Backprop unknown.
func backpropPath(act Activation) deltaPath {
	switch act.(type) {
	case ActivationFunc: // the common case, without asking for Elementwise
		return pathChain
	case SoftmaxFunc:
		return pathJacobian
	case Elementwise:
		return pathChain
	}
	return pathBackprop
}

// New returns a network with the given layer sizes: sizes[0] inputs, then
// the width of each hidden layer, then the number of outputs. It has
// len(sizes)−1 layers.
//
// By default every layer uses Sigmoid, has a bias row B starting at zero,
// and the loss is SquaredError. The weights start random but reproducible:
// each is drawn uniformly from [−r, r] with Glorot and Bengio's
// r = √(6/(in+out)) (He's r = √(6/in) for ReLU layers), from a PCG generator
// seeded by WithSeed (default 1). WithGlorotInit, WithHeInit,
// WithUniformInit and WithConstantInit choose another initialisation.
//
// New returns an error if there are fewer than two sizes, a size is below 1,
// or an option is invalid.
func New(sizes []int, opts ...Option) (*Network, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("mlp: New: got %d sizes %v, want at least 2 (inputs, ..., outputs)", len(sizes), sizes)
	}
	for i, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("mlp: New: sizes[%d] is %d, want at least 1", i, s)
		}
	}
	c := defaultConfig()
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("mlp: New: nil Option")
		}
		o(&c)
	}
	if len(c.errs) > 0 {
		return nil, fmt.Errorf("mlp: New: %w", errors.Join(c.errs...))
	}
	rng := rand.New(rand.NewPCG(c.seed, 0x676c617373626f78)) // "glassbox"
	n := &Network{Loss: c.loss}
	for l := 1; l < len(sizes); l++ {
		in, out := sizes[l-1], sizes[l]
		act := c.act
		if l == len(sizes)-1 && c.outAct != nil {
			act = c.outAct
		}
		layer := &Layer{W: NewMatrix(in, out, nil), Activation: act}
		initWeights(layer.W, act, rng, c.init)
		if !c.noBias {
			layer.B = NewMatrix(1, out, nil)
		}
		n.Layers = append(n.Layers, layer)
	}
	return n, nil
}

// Sizes returns the layer sizes of n, as given to New: the inputs, the width
// of each layer, and the outputs last.
func (n *Network) Sizes() []int {
	if len(n.Layers) == 0 || n.Layers[0].W == nil {
		return nil
	}
	s := []int{n.Layers[0].W.rows}
	for _, l := range n.Layers {
		if l.W == nil {
			return s
		}
		s = append(s, l.W.cols)
	}
	return s
}

// Forward runs the network on x, a samples×inputs matrix with one sample a
// row, and returns the last layer's A (samples×outputs). It sets Z and A of
// every layer and remembers x for Backward.
//
// The returned matrix is the last layer's A itself, not a copy: the next
// Forward overwrites it. Forward does not change x, but Backward reads it,
// so x must not change between the two.
//
// Forward returns an error, and changes nothing, if x is nil, has no rows,
// has the wrong number of columns, shares memory with the network's own
// matrices, if the layers do not fit together, or if the Loss is a LossFunc
// that is not one of the constants.
func (n *Network) Forward(x *Matrix) (*Matrix, error) {
	if err := n.check("Forward"); err != nil {
		return nil, err
	}
	if err := n.checkLoss("Forward"); err != nil {
		return nil, err
	}
	if x == nil {
		return nil, errors.New("mlp: Forward: input is nil")
	}
	inputs := n.Layers[0].W.rows
	if x.cols != inputs {
		return nil, fmt.Errorf("mlp: Forward: input has %d columns, network expects %d", x.cols, inputs)
	}
	if x.rows == 0 {
		return nil, fmt.Errorf("mlp: Forward: input is 0x%d, want at least one sample (row)", x.cols)
	}
	// The network writes Z, A, DA, DZ, DW and DB between here and the end of
	// Backward, which reads x: x must not be any part of them.
	for i, l := range n.Layers {
		for _, m := range [...]*Matrix{l.Z, l.A, l.DA, l.DZ, l.DW, l.DB} {
			if m != nil && overlaps(x, m) {
				return nil, fmt.Errorf("mlp: Forward: input shares memory with layer %d's matrices; pass a copy (Clone)", i)
			}
		}
	}
	prev := x
	for _, l := range n.Layers {
		if l.Z == nil {
			l.Z, l.A = new(Matrix), new(Matrix)
		}
		l.forward(l.Z, l.A, prev)
		prev = l.A
	}
	n.x = x
	n.outputPath = pathNone
	return prev, nil
}

// Backward computes the error E of the last Forward's output against the
// targets y (samples×outputs, one row a sample) and returns it. It sets DA,
// DZ, DW and DB of every layer, from the last layer back to the first, by
// the chain rule of the package documentation's Notation, each DZ by one of
// its Backward paths.
//
// On a Softmax output with CrossEntropy, or a Sigmoid output with
// BinaryCrossEntropy, the last layer's DZ is the combined gradient a − y and
// E is computed from Z, which stay exact where A saturates (see
// CrossEntropy); DA is still the loss's ∂E/∂A, for looking at. Trace shows
// which way DZ was computed.
//
// Backward does not change the weights; Step does. It returns an error, and
// changes nothing, if there was no Forward, if y is nil or not the shape of
// the output, if the layers changed shape since the Forward, or if the Loss
// is nil or a LossFunc that is not one of the constants.
func (n *Network) Backward(y *Matrix) (float64, error) {
	if err := n.check("Backward"); err != nil {
		return 0, err
	}
	if err := n.checkLoss("Backward"); err != nil {
		return 0, err
	}
	if n.x == nil {
		return 0, errors.New("mlp: Backward: no Forward pass to go back from; call Forward first")
	}
	last := n.Layers[len(n.Layers)-1]
	if y == nil {
		return 0, errors.New("mlp: Backward: target is nil")
	}
	if y.rows != last.A.rows || y.cols != last.A.cols {
		return 0, fmt.Errorf("mlp: Backward: target is %dx%d, want %dx%d (samples×outputs of the last Forward)", y.rows, y.cols, last.A.rows, last.A.cols)
	}
	for i, l := range n.Layers {
		if l.Z == nil || l.Z.cols != l.W.cols || l.Z.rows != n.x.rows || (i == 0 && l.W.rows != n.x.cols) {
			return 0, fmt.Errorf("mlp: Backward: layer %d changed since the last Forward; call Forward again", i)
		}
	}
	if n.Loss == nil {
		return 0, errors.New("mlp: Backward: network has no Loss")
	}
	for _, l := range n.Layers {
		if l.DA == nil {
			l.DA, l.DZ, l.DW = new(Matrix), new(Matrix), new(Matrix)
		}
		switch {
		case l.B == nil:
			l.DB = nil
		case l.DB == nil:
			l.DB = new(Matrix)
		}
	}
	e, path := outputDelta(n.Loss, last, y) // sets last.DA and last.DZ
	for i := len(n.Layers) - 1; i >= 0; i-- {
		l := n.Layers[i]
		prev := n.x
		if i > 0 {
			prev = n.Layers[i-1].A
		}
		if l != last {
			l.Activation.Backprop(l.DZ, l.Z, l.A, l.DA)
		}
		l.DW.mulTransA(prev, l.DZ)
		if l.DB != nil {
			sumRows(l.DB, l.DZ)
		}
		if i > 0 {
			n.Layers[i-1].DA.mulTransB(l.DZ, l.W)
		}
	}
	n.outputPath = path
	return e, nil
}

// Step takes one step of gradient descent with learning rate eta, using the
// gradients of the last Backward: W −= eta·DW and B −= eta·DB in every
// layer. Layers without gradients yet (before the first Backward) are left
// alone. Step is GradientDescent{}.Step(n, eta, 1): the same code, the same
// result bit for bit.
//
// Step panics if eta is not a valid learning rate (see
// TrainConfig.LearningRate): Step returns no error, so a bad eta is a
// programmer error.
func (n *Network) Step(eta float64) {
	mustLearningRate("Step", eta)
	gradientDescent(n, eta)
}

// forward computes the layer on prev, its input: z = prev·W + B and
// a = f(z), reshaping z and a. a may be z; neither may share memory with
// prev, W or B. Forward, Predict and the pictures' evaluator all use it.
func (l *Layer) forward(z, a, prev *Matrix) {
	z.mul(prev, l.W)
	if l.B != nil {
		addRow(z, l.B.data)
	}
	l.Activation.Apply(a, z)
}

// check returns an error if the layers do not fit together.
func (n *Network) check(op string) error {
	if len(n.Layers) == 0 {
		return fmt.Errorf("mlp: %s: network has no layers", op)
	}
	for i, l := range n.Layers {
		switch {
		case l == nil:
			return fmt.Errorf("mlp: %s: layer %d is nil", op, i)
		case l.W == nil:
			return fmt.Errorf("mlp: %s: layer %d has no weights (W is nil)", op, i)
		case l.Activation == nil:
			return fmt.Errorf("mlp: %s: layer %d has no activation", op, i)
		case l.B != nil && (l.B.rows != 1 || l.B.cols != l.W.cols):
			return fmt.Errorf("mlp: %s: layer %d: B is %dx%d, want 1x%d", op, i, l.B.rows, l.B.cols, l.W.cols)
		case i > 0 && l.W.rows != n.Layers[i-1].W.cols:
			return fmt.Errorf("mlp: %s: layer %d: W is %dx%d, want %d rows to match layer %d's %d outputs",
				op, i, l.W.rows, l.W.cols, n.Layers[i-1].W.cols, i-1, n.Layers[i-1].W.cols)
		}
		if f, ok := l.Activation.(interface{ valid() bool }); ok && !f.valid() {
			return fmt.Errorf("mlp: %s: layer %d: unknown activation %v", op, i, f)
		}
	}
	return nil
}

// checkLoss returns an error if n's Loss is a LossFunc that is not one of
// the constants. A nil Loss passes: Forward does not need one, and Backward
// says so itself.
func (n *Network) checkLoss(op string) error {
	if f, ok := n.Loss.(LossFunc); ok && !f.valid() {
		return unknownLoss(op, f)
	}
	return nil
}

func unknownLoss(op string, f LossFunc) error {
	return fmt.Errorf("mlp: %s: unknown loss %v, want one of the LossFunc constants", op, f)
}

// nonFinite returns where n has a weight or bias that is NaN or infinite,
// such as "layer 1's W(0, 2) NaN", or "" if there is none.
func nonFinite(n *Network) string {
	for i, l := range n.Layers {
		for _, p := range [...]struct {
			name string
			m    *Matrix
		}{{"W", l.W}, {"B", l.B}} {
			if p.m == nil {
				continue
			}
			if k := firstNonFinite(p.m.RawData()); k >= 0 {
				return fmt.Sprintf("layer %d's %s(%d, %d) %v", i, p.name, k/p.m.cols, k%p.m.cols, p.m.data[k])
			}
		}
	}
	return ""
}

// addRow adds row b to every row of m.
func addRow(m *Matrix, b []float64) {
	for i := 0; i < m.rows; i++ {
		r := m.data[i*m.cols : (i+1)*m.cols]
		b := b[:len(r)]
		for j := range r {
			r[j] += b[j]
		}
	}
}

// sumRows sets s (1×cols) to the column sums of m.
func sumRows(s, m *Matrix) {
	s.reshape(1, m.cols)
	clear(s.data)
	for i := 0; i < m.rows; i++ {
		axpy(1, m.data[i*m.cols:(i+1)*m.cols], s.data)
	}
}

// cloneParams returns a network with copies of n's weights and biases and
// the same activations and loss, without the results of any pass. Nil
// layers and matrices stay nil.
func (n *Network) cloneParams() *Network {
	c := &Network{Loss: n.Loss}
	for _, l := range n.Layers {
		if l == nil {
			c.Layers = append(c.Layers, nil)
			continue
		}
		cl := &Layer{Activation: l.Activation}
		if l.W != nil {
			cl.W = l.W.Clone()
		}
		if l.B != nil {
			cl.B = l.B.Clone()
		}
		c.Layers = append(c.Layers, cl)
	}
	return c
}
