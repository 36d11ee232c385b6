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
//
// Every field may be read and set between calls. Each matrix must be a
// matrix of its own: no two fields of a network's layers may hold the same
// *Matrix or matrices made by NewMatrix over one slice (see
// Network.Validate), and a nil Z, A, DA, DZ, DW or DB is allocated again by
// the pass that sets it.
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
// goroutines at once (see Concurrency in the package documentation).
//
// The fields may be read and changed between calls (for example to set
// weights by hand, or a layer's Activation). Every call checks the fields
// it reads before it reads them, and reports one that does not fit as an
// error that names the layer, the field, what it holds and what was wanted,
// changing nothing; Step and the optimizers, which return no error, panic
// instead. Validate checks them all, and says what Forward and Step need.
// Forward, Backward, Step, the optimizers and Trace, which write into the
// layers, also refuse a *Layer listed twice and matrices that share memory;
// Predict, Save and the other calls that only read compute with W, B and
// Activation as they are.
type Network struct {
	Layers []*Layer // one per weight matrix: sizes {3, 5, 1} give 2 layers
	Loss   Loss     // the error E that Backward differentiates

	x *Matrix // the input of the last successful Forward, read by Backward

	// spans are where the layers' matrices were when checkFields last
	// found them apart, and xSpan where x was when checked against them.
	spans []layerSpans
	xSpan span

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
// New returns an error, before allocating anything, if there are fewer
// than two sizes or more than MaxLayers+1, if a size is below 1, if a layer
// or the whole network would have more than MaxParams parameters, or if an
// option is invalid. The error names the size or layer and the limit.
func New(sizes []int, opts ...Option) (*Network, error) {
	c := defaultConfig()
	for _, o := range opts {
		if o == nil {
			c.errs = append(c.errs, errors.New("nil Option"))
			continue
		}
		o(&c)
	}
	// The options only record what they set, so they go first: the number
	// of parameters depends on WithoutBias. A bad size is still reported
	// before a bad option.
	if err := checkSizes(sizes, !c.noBias); err != nil {
		return nil, err
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
// of each layer, and the outputs last. It reads only the weights: the first
// layer's W rows, then each layer's W columns, len(n.Layers)+1 numbers, with
// 0 for a layer that is nil or has no W. It does not check that the layers
// fit together (Validate does), never panics, and returns nil for a network
// without layers.
func (n *Network) Sizes() []int {
	if n == nil || len(n.Layers) == 0 {
		return nil
	}
	s := make([]int, len(n.Layers)+1)
	if l := n.Layers[0]; l != nil && l.W != nil {
		s[0] = l.W.rows
	}
	for i, l := range n.Layers {
		if l != nil && l.W != nil {
			s[i+1] = l.W.cols
		}
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
// has the wrong number of columns, or shares memory with any of the
// network's matrices (W, B, Z, A, DA, DZ, DW or DB of any layer); if the
// layers do not fit together (see Validate: Forward needs all but its rule
// on DW and DB, which it does not read), or if the Loss is a LossFunc that
// is not one of the constants. A nil Z or A is allocated again.
func (n *Network) Forward(x *Matrix) (*Matrix, error) {
	if err := n.checkFields("Forward"); err != nil {
		return nil, err
	}
	if err := n.checkInput("Forward", x); err != nil {
		return nil, err
	}
	if err := n.checkBatch("Forward", x.rows); err != nil {
		return nil, err
	}
	for _, l := range n.Layers {
		if l.Z == nil {
			l.Z = new(Matrix)
		}
		if l.A == nil {
			l.A = new(Matrix)
		}
	}
	if n.tiny(x.rows) {
		n.forwardTiny(x) // tiny.go
	} else {
		n.forwardLayers(x)
	}
	n.x, n.xSpan = x, spanOf(x, false)
	n.outputPath = pathNone
	return n.Layers[len(n.Layers)-1].A, nil
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
// the output, if the layers do not fit together as Forward needs them, if a
// layer's Z or A is not the one of the last Forward (nil or another shape,
// "call Forward again"), if the last Forward's input now shares memory with
// the network, or if the Loss is nil or a LossFunc that is not one of the
// constants. A nil DA, DZ, DW or DB is allocated again.
func (n *Network) Backward(y *Matrix) (float64, error) {
	known := n.known(needPass) // the fields as last checked, holding the last Forward's pass
	if !known {
		if err := n.checkFields("Backward"); err != nil {
			return 0, err
		}
	}
	if n.x == nil {
		return 0, errors.New("mlp: Backward: no Forward pass to go back from; call Forward first")
	}
	if y == nil {
		return 0, errors.New("mlp: Backward: target is nil")
	}
	if !known {
		if err := n.checkPass("Backward"); err != nil {
			return 0, err
		}
	}
	last := n.Layers[len(n.Layers)-1]
	if y.rows != last.A.rows || y.cols != last.A.cols {
		return 0, fmt.Errorf("mlp: Backward: target is %dx%d, want %dx%d (samples×outputs of the last Forward)", y.rows, y.cols, last.A.rows, last.A.cols)
	}
	if n.Loss == nil {
		return 0, errors.New("mlp: Backward: network has no Loss")
	}
	for _, l := range n.Layers {
		if l.DA == nil {
			l.DA = new(Matrix)
		}
		if l.DZ == nil {
			l.DZ = new(Matrix)
		}
		if l.DW == nil {
			l.DW = new(Matrix)
		}
		switch {
		case l.B == nil:
			l.DB = nil
		case l.DB == nil:
			l.DB = new(Matrix)
		}
	}
	e, path := outputDelta(n.Loss, last, y) // sets last.DA and last.DZ
	if n.tiny(y.rows) {
		n.backwardTiny() // tiny.go
	} else {
		n.backwardLayers()
	}
	n.outputPath = path
	return e, nil
}

// forwardLayers is Forward's pass over the layers, once x is checked and
// every Z and A is there: each layer's forward on the A of the one before.
func (n *Network) forwardLayers(x *Matrix) {
	prev := x
	for _, l := range n.Layers {
		l.forward(l.Z, l.A, prev)
		prev = l.A
	}
}

// backwardLayers is Backward's pass over the layers once the last layer's
// DZ is set: DW and DB of every layer, from the last to the first, and the
// DA and DZ that each passes back to the one below.
func (n *Network) backwardLayers() {
	// haveDZ: whether layer i's DZ is set, the last layer's by outputDelta,
	// another's by the product that passed its DA back (passBack).
	haveDZ := true
	for i := len(n.Layers) - 1; i >= 0; i-- {
		l := n.Layers[i]
		prev := n.x
		if i > 0 {
			prev = n.Layers[i-1].A
		}
		if !haveDZ {
			l.Activation.Backprop(l.DZ, l.Z, l.A, l.DA)
		}
		l.DW.mulTransA(prev, l.DZ)
		if l.DB != nil {
			sumRows(l.DB, l.DZ)
		}
		if i > 0 {
			haveDZ = n.Layers[i-1].passBack(l.DZ, l.W)
		}
	}
}

// Step takes one step of gradient descent with learning rate eta, using the
// gradients of the last Backward: W −= eta·DW and B −= eta·DB in every
// layer. Before the first Backward, when no layer has a DW or DB, Step
// changes nothing. Step is GradientDescent{}.Step(n, eta, 1): the same code,
// the same result bit for bit.
//
// Step returns no error, so what would be one is a programmer error, and
// Step panics, changing nothing, with a message that starts "mlp: Step: ":
// if eta is not a valid learning rate (see TrainConfig.LearningRate), and
// where Validate returns an error, with its message: a network without
// layers, a nil layer, a *Layer listed twice, matrices that share memory,
// an unknown activation or loss, or a layer whose DW or DB is missing or not
// of its W's or B's shape (a weight changed shape, or a gradient was set,
// since the last Backward). Call Validate first to have an error instead.
func (n *Network) Step(eta float64) {
	mustLearningRate("Step", eta)
	mustStep("Step", n)
	gradientDescent(n, eta)
}

// forward computes the layer on prev, its input: z = prev·W + B and
// a = f(z), reshaping z and a. a may be z; neither may share memory with
// prev, W or B. Forward, Predict and the pictures' evaluator all use it.
// For an ActivationFunc the bias and f are fused into the product
// (gemm_epilogue.go), with the bits of the separate passes.
func (l *Layer) forward(z, a, prev *Matrix) {
	f, ok := l.Activation.(ActivationFunc)
	if !ok {
		l.weighted(z, prev)
		l.Activation.Apply(a, z)
		return
	}
	checkProduct(prev.rows, l.W.cols)
	a.reshape(prev.rows, l.W.cols)
	z.mulFused(prev, l.W, &epilogue{act: f, bias: l.bias(), out: a.data})
}

// weighted sets z to the layer's weighted inputs for prev: z = prev·W + B,
// the bias added in the product (gemm_epilogue.go).
func (l *Layer) weighted(z, prev *Matrix) {
	z.mulFused(prev, l.W, &epilogue{bias: l.bias()})
}

// bias returns the numbers of l's bias row B, or nil for a layer without.
func (l *Layer) bias() []float64 {
	if l.B == nil {
		return nil
	}
	return l.B.data
}

// passBack sets l.DA = dz·wᵀ, the error that the layer above (dz its DZ, w
// its W) passes back to l, and reports whether it also set l.DZ = DA ⊙
// f'(Z), the step back through l's activation, in the same product (for
// an ActivationFunc: gemm_epilogue.go); otherwise Backprop has yet to. l's
// Z and A must be those of the last Forward.
func (l *Layer) passBack(dz, w *Matrix) bool {
	f, ok := l.Activation.(ActivationFunc)
	if !ok {
		l.DA.mulTransB(dz, w)
		return false
	}
	checkProduct(dz.rows, w.rows)
	l.DZ.reshape(dz.rows, w.rows)
	l.DA.mulTransBFused(dz, w, &epilogue{act: f, deriv: true, out: l.DZ.data, z: l.Z.data, a: l.A.data})
	return true
}

// addTo sets r[j] += b[j] for every j < len(r): a layer's bias added to
// one row of its weighted inputs.
func addTo(r, b []float64) {
	b = b[:len(r)]
	for j := range r {
		r[j] += b[j]
	}
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
