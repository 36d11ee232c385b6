package mlp

import "fmt"

// An Option changes how New builds a network. Options are applied in order,
// except that WithOutputActivation always wins for the last layer.
type Option func(*config)

// config is what the options set; New validates it.
type config struct {
	act, outAct Activation
	noBias      bool
	loss        Loss
	seed        uint64
	init        initSpec
	errs        []error
}

func defaultConfig() config {
	return config{act: Sigmoid, loss: SquaredError, seed: 1}
}

// WithActivation sets the activation of every layer (default Sigmoid). The
// last layer's can be changed again with WithOutputActivation.
func WithActivation(a Activation) Option {
	return func(c *config) {
		if err := checkActivation(a); err != nil {
			c.errs = append(c.errs, fmt.Errorf("WithActivation: %w", err))
			return
		}
		c.act = a
	}
}

// WithOutputActivation sets the activation of the last layer only, whatever
// the order of the options: New([]int{2, 8, 1}, WithOutputActivation(Identity),
// WithActivation(Tanh)) has a tanh hidden layer and a linear output.
func WithOutputActivation(a Activation) Option {
	return func(c *config) {
		if err := checkActivation(a); err != nil {
			c.errs = append(c.errs, fmt.Errorf("WithOutputActivation: %w", err))
			return
		}
		c.outAct = a
	}
}

// WithoutBias builds layers without a bias row: every B and DB is nil and
// Z = A_prev·W. The tutorial's network has no biases; it folds a constant 1
// into its inputs instead.
func WithoutBias() Option {
	return func(c *config) { c.noBias = true }
}

// WithLoss sets the network's loss (default SquaredError).
func WithLoss(l Loss) Option {
	return func(c *config) {
		if l == nil {
			c.errs = append(c.errs, fmt.Errorf("WithLoss: loss is nil"))
			return
		}
		if f, ok := l.(LossFunc); ok && !f.valid() {
			c.errs = append(c.errs, fmt.Errorf("WithLoss: unknown loss %v", f))
			return
		}
		c.loss = l
	}
}

// WithSeed sets the seed of the random weight initialisation (default 1).
// The same sizes, options and seed always give the same weights, bit for bit.
// The initialisation itself is chosen by WithGlorotInit, WithHeInit,
// WithUniformInit or WithConstantInit (the last one given wins); biases
// always start at zero.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed = seed }
}

func checkActivation(a Activation) error {
	if a == nil {
		return fmt.Errorf("activation is nil")
	}
	if f, ok := a.(interface{ valid() bool }); ok && !f.valid() {
		return fmt.Errorf("unknown activation %v", f)
	}
	return nil
}
