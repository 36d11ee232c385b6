package mlp

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"time"
)

// TrainConfig says how Network.Train trains: how long, how fast, on batches
// of what size, with which optimizer. Its zero value is not usable:
// LearningRate must be set.
//
// # Summed or mean loss
//
// The built-in losses are summed over the samples of a batch, so the gradient
// in DW and DB is a sum of one term a sample and grows with the batch size.
// By default Train follows the mean gradient instead, DW/b for a batch of b
// samples: the loss it minimises is the mean loss per sample, the step of
// gradient descent is W −= (η/b)·DW, and one learning rate works for every
// batch size (a batch of 1,000 copies of a sample takes the same step as that
// sample alone). Learning rates found with scikit-learn, Keras or PyTorch,
// which average too, carry over. With SumLoss, Train follows the summed
// gradient as Network.Step and the tutorial do; a larger batch then takes a
// larger step, and the learning rate has to shrink as the batch grows.
type TrainConfig struct {
	// Epochs is the number of passes over the data, at least 0, up to
	// math.MaxInt: Train allocates for the epochs it completes, not for the
	// epochs asked for, so a run stopped early by its context or OnEpoch
	// costs only what it ran.
	Epochs int
	// LearningRate is η, the step length. It must be a finite number > 0:
	// the package's one rule for a learning rate, which Network.Step,
	// Network.Trace and the optimizers apply too.
	LearningRate float64
	// BatchSize is the number of samples in each step, from 1 to the number
	// of samples. The zero value means all of them: one full batch an epoch,
	// as in the tutorial. When it does not divide the samples, the last
	// batch of each epoch holds the rest.
	BatchSize int
	// Optimizer turns gradients into steps; nil means GradientDescent, the
	// rule of Network.Step. A non-nil Optimizer holding a nil pointer, such
	// as a nil *Adam, is an error. Momentum and Adam keep their state from one
	// Train to the next, so a second Train of the same network continues
	// the first; training another network starts them afresh (see
	// Optimizer).
	Optimizer Optimizer
	// SumLoss makes each step follow the batch's summed gradient instead of
	// the mean (see above), and the loss history report the sum over the
	// epoch's samples instead of the mean.
	SumLoss bool
	// NoShuffle keeps the samples in their order. By default, when there is
	// more than one batch, the order is shuffled at the start of every
	// epoch by a generator seeded with Seed, so that the same seed gives the
	// same run, bit for bit. One full batch is never shuffled (the order
	// would change nothing but rounding).
	NoShuffle bool
	// Seed seeds the shuffling. Every value, 0 included, is a valid seed.
	Seed uint64
	// OnEpoch, if not nil, is called after every epoch with its progress;
	// returning true stops training there, with no error. It may use the
	// network, for example Forward on the training set to measure its
	// accuracy, but must not change its weights or layers.
	OnEpoch func(p Progress) (stop bool)
}

// Progress is what Train tells TrainConfig.OnEpoch after each epoch.
type Progress struct {
	Epoch   int           // the epoch just finished, counted from 1
	Epochs  int           // TrainConfig.Epochs
	Loss    float64       // the epoch's loss, as in History.Loss
	Elapsed time.Duration // time since Train began
}

// History is the record of a training run.
type History struct {
	// Loss holds one number an epoch: Loss[0] is epoch 1's. It is the mean
	// loss per sample over the epoch (the sum with TrainConfig.SumLoss),
	// gathered batch by batch while the weights changed, as Keras and
	// scikit-learn report it; a full batch gives the loss of the weights at
	// the start of the epoch. Train appends to it as epochs complete, so
	// that its size follows the epochs run, not TrainConfig.Epochs.
	Loss []float64
}

// A DivergenceError is the error of Train when a batch's loss, or a weight
// after a step, is NaN or infinite. Train then leaves the network with the
// last weights that gave a finite loss, the weights that the last good batch
// started from, so that training can go on with a smaller learning rate, and
// it resets the optimizer, whose state may hold the non-finite values.
type DivergenceError struct {
	Epoch, Batch int     // the epoch and batch (of that epoch) where it happened, counted from 1
	Loss         float64 // the batch's loss
	what         string
}

// Error says where training diverged and what became NaN or infinite.
func (e *DivergenceError) Error() string {
	return fmt.Sprintf("mlp: Train: diverged at epoch %d, batch %d: %s; the network keeps the last weights with a finite loss (try a smaller learning rate)",
		e.Epoch, e.Batch, e.what)
}

// shuffleStream is the PCG stream of Train's shuffling, apart from New's.
const shuffleStream = 0x73687566666c65 // "shuffle"

// Train trains n on the samples x (samples×inputs) with targets y
// (samples×outputs), epoch after epoch, as cfg says. Each batch is one
// Forward, one Backward and one cfg.Optimizer.Step; in between, Train checks
// for divergence and for ctx being done. It returns the loss of every
// completed epoch.
//
// Train reads x and y and never writes into them. As training writes into
// every matrix of n (W, B, Z, A, DA, DZ, DW and DB of each layer), Train
// returns an error if x or y shares memory with one of them, the spare
// capacity of its backing array included, which a later pass may grow
// into; pass a copy (Clone). x and y may share memory with each other, and
// y may be x itself (as for an autoencoder).
//
// Train allocates in proportion to the data and to n, never to a setting:
// mini-batches are copied into buffers of its own of at most the size of x
// and y, allocated once with an index of the samples and a copy of the
// weights (to keep when training diverges), so the steps themselves
// allocate nothing; the history grows as epochs complete.
//
// Train returns an error before doing any work, leaving n, x and y as they
// were, if a setting of cfg is out of range, if x or y is nil, empty, holds
// NaN or Inf, does not fit n, or shares memory with n, or if n's layers or
// weights are not usable. It stops with an error and the history so far
// (complete epochs only) when ctx is done (the error wraps ctx.Err()) or
// when training diverges (a *DivergenceError, see there for the weights it
// keeps). OnEpoch stopping it is not an error.
func (n *Network) Train(ctx context.Context, x, y *Matrix, cfg TrainConfig) (History, error) {
	if err := n.checkTrain(ctx, x, y, &cfg); err != nil {
		return History{}, err
	}
	opt := cfg.Optimizer
	if opt == nil {
		opt = GradientDescent{}
	}
	samples := x.rows
	size := cfg.BatchSize
	if size == 0 {
		size = samples
	}
	batches := (samples + size - 1) / size

	// One batch is x and y themselves; smaller ones are copied into xb and
	// yb (and views of them for a shorter last batch), in the order perm.
	xb, yb, xt, yt := x, y, x, y
	var perm []int
	var rng *rand.Rand
	if batches > 1 {
		xb, yb = NewMatrix(size, x.cols, nil), NewMatrix(size, y.cols, nil)
		xt, yt = xb, yb
		if rest := samples % size; rest != 0 {
			xt = NewMatrix(rest, x.cols, xb.data[:rest*x.cols])
			yt = NewMatrix(rest, y.cols, yb.data[:rest*y.cols])
		}
		perm = make([]int, samples)
		for i := range perm {
			perm[i] = i
		}
		rng = rand.New(rand.NewPCG(cfg.Seed, shuffleStream))
	}
	good := newSnapshot(n)
	hist := History{Loss: make([]float64, 0, min(cfg.Epochs, historyRoom))}
	done := ctx.Done()
	start := time.Now()

	for e := range cfg.Epochs {
		epoch := e + 1 // counted from 1; no overflow, as e < Epochs
		if rng != nil && !cfg.NoShuffle {
			for i := len(perm) - 1; i > 0; i-- { // Fisher–Yates
				j := rng.IntN(i + 1)
				perm[i], perm[j] = perm[j], perm[i]
			}
		}
		sum := 0.0
		for batch := 1; batch <= batches; batch++ {
			select {
			case <-done:
				return hist, fmt.Errorf("mlp: Train: stopped at epoch %d, batch %d: %w", epoch, batch, ctx.Err())
			default:
			}
			bx, by := xb, yb
			if perm != nil {
				lo := (batch - 1) * size
				hi := min(lo+size, samples)
				if hi-lo < size {
					bx, by = xt, yt
				}
				gather(bx, x, perm[lo:hi])
				gather(by, y, perm[lo:hi])
			}
			if _, err := n.Forward(bx); err != nil {
				return hist, fmt.Errorf("%w (in Train at epoch %d, batch %d)", err, epoch, batch)
			}
			e, err := n.Backward(by)
			if err != nil {
				return hist, fmt.Errorf("%w (in Train at epoch %d, batch %d)", err, epoch, batch)
			}
			if !isFinite(e) {
				good.restore(n)
				opt.Reset()
				return hist, &DivergenceError{Epoch: epoch, Batch: batch, Loss: e, what: fmt.Sprintf("the loss is %v", e)}
			}
			good.save(n)
			scale := 1.0
			if !cfg.SumLoss {
				scale = 1 / float64(bx.rows)
			}
			opt.Step(n, cfg.LearningRate, scale)
			if what := nonFinite(n); what != "" {
				good.restore(n)
				opt.Reset()
				return hist, &DivergenceError{Epoch: epoch, Batch: batch, Loss: e, what: "the step made " + what}
			}
			sum += e
		}
		loss := sum
		if !cfg.SumLoss {
			loss = sum / float64(samples)
		}
		hist.Loss = append(hist.Loss, loss)
		if cfg.OnEpoch != nil && cfg.OnEpoch(Progress{Epoch: epoch, Epochs: cfg.Epochs, Loss: loss, Elapsed: time.Since(start)}) {
			break
		}
	}
	return hist, nil
}

// historyRoom is the number of epochs that Train makes room for in
// History.Loss at the start, when Epochs is as large: enough for most runs
// to allocate it once (TestTrainAllocs), small enough (8 KiB) that a huge
// Epochs stopped early costs nothing to speak of.
const historyRoom = 1024

// checkTrain returns an error if Train cannot start: the settings, the data
// and the network are all checked before any work.
func (n *Network) checkTrain(ctx context.Context, x, y *Matrix, cfg *TrainConfig) error {
	if ctx == nil {
		return errors.New("mlp: Train: Context is nil, want one (context.Background() if nothing else)")
	}
	if err := n.checkFields("Train"); err != nil {
		return err
	}
	if n.Loss == nil {
		return errors.New("mlp: Train: network has no Loss")
	}
	if what := nonFinite(n); what != "" {
		return fmt.Errorf("mlp: Train: %s before training, want finite weights", what)
	}
	if cfg.Epochs < 0 {
		return fmt.Errorf("mlp: Train: Epochs is %d, want at least 0", cfg.Epochs)
	}
	if err := checkLearningRate("Train", cfg.LearningRate); err != nil {
		return err
	}
	switch {
	case x == nil:
		return errors.New("mlp: Train: x is nil")
	case y == nil:
		return errors.New("mlp: Train: y is nil")
	}
	sizes := n.Sizes()
	inputs, outputs := sizes[0], sizes[len(sizes)-1]
	switch {
	case x.rows == 0:
		return fmt.Errorf("mlp: Train: x is 0x%d, want at least one sample (row)", x.cols)
	case x.cols != inputs:
		return fmt.Errorf("mlp: Train: x has %d columns, network expects %d inputs", x.cols, inputs)
	case y.rows != x.rows || y.cols != outputs:
		return fmt.Errorf("mlp: Train: y is %dx%d, want %dx%d (x's %d samples × the network's %d outputs)",
			y.rows, y.cols, x.rows, outputs, x.rows, outputs)
	case cfg.BatchSize < 0 || cfg.BatchSize > x.rows:
		return fmt.Errorf("mlp: Train: BatchSize is %d, want 1 to %d (the number of samples), or 0 for all of them",
			cfg.BatchSize, x.rows)
	}
	for _, m := range [...]struct {
		name string
		m    *Matrix
	}{{"x", x}, {"y", y}} {
		if i, f := n.sharing(m.m); i >= 0 {
			return fmt.Errorf("mlp: Train: %s shares memory with layer %d's %s, want memory of its own (pass a copy: Clone)", m.name, i, f)
		}
		if k := firstNonFinite(m.m.RawData()); k >= 0 {
			return fmt.Errorf("mlp: Train: %s(%d, %d) is %v, want finite data", m.name, k/m.m.cols, k%m.m.cols, m.m.data[k])
		}
	}
	// A nil *Adam or *Momentum (or a nil pointer of the caller's) would
	// panic in check or in the first Step.
	if v := reflect.ValueOf(cfg.Optimizer); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("mlp: Train: Optimizer is a nil %T, want a non-nil pointer (or a nil Optimizer for GradientDescent)", cfg.Optimizer)
	}
	if c, ok := cfg.Optimizer.(interface{ check() error }); ok {
		if err := c.check(); err != nil {
			return fmt.Errorf("mlp: Train: %w", err)
		}
	}
	return nil
}

// snapshot holds a copy of every W and B of a network.
type snapshot [][]float64

func newSnapshot(n *Network) snapshot {
	s := make(snapshot, 2*len(n.Layers))
	for i, l := range n.Layers {
		s[2*i] = append([]float64(nil), l.W.RawData()...)
		if l.B != nil {
			s[2*i+1] = append([]float64(nil), l.B.RawData()...)
		}
	}
	return s
}

func (s snapshot) save(n *Network) {
	for i, l := range n.Layers {
		copy(s[2*i], l.W.RawData())
		if l.B != nil {
			copy(s[2*i+1], l.B.RawData())
		}
	}
}

func (s snapshot) restore(n *Network) {
	for i, l := range n.Layers {
		copy(l.W.RawData(), s[2*i])
		if l.B != nil {
			copy(l.B.RawData(), s[2*i+1])
		}
	}
}
