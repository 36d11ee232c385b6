package mlp

import (
	"fmt"
	"math"
)

// A Schedule sets the learning rate epoch by epoch (TrainConfig.Schedule).
// Train asks it for the rate at the start of every epoch and uses that rate
// for every step of the epoch; History.LearningRate records it.
//
// The package's schedules are ConstantRate, StepDecay, ExponentialDecay,
// CosineDecay and Adaptive. Any type with a Rate method is a Schedule, and
// ScheduleFunc makes one of a function:
//
//	warmup := mlp.ScheduleFunc(func(epoch int, base float64, losses []float64) float64 {
//		return base * min(1, float64(epoch)/5) // ramp up over 5 epochs
//	})
type Schedule interface {
	// Rate returns the learning rate of epoch (counted from 1). base is
	// TrainConfig.LearningRate, and losses holds the monitored loss of
	// every epoch before this one (len(losses) = epoch−1): the validation
	// loss when there is validation data, the training loss otherwise, the
	// loss that TrainConfig.Patience watches. Rate must not change losses.
	// Train stops with an error if the rate is not a finite number > 0.
	Rate(epoch int, base float64, losses []float64) float64
}

// ScheduleFunc makes a Schedule of a function: its Rate calls f.
type ScheduleFunc func(epoch int, base float64, losses []float64) float64

// Rate returns f(epoch, base, losses).
func (f ScheduleFunc) Rate(epoch int, base float64, losses []float64) float64 {
	return f(epoch, base, losses)
}

// ConstantRate keeps the base rate η in every epoch: η_e = η. A nil
// TrainConfig.Schedule means ConstantRate{}.
type ConstantRate struct{}

// Rate returns base.
func (ConstantRate) Rate(epoch int, base float64, losses []float64) float64 { return base }

// StepDecay multiplies the rate by Factor every Every epochs:
//
//	η_e = η·Factor^⌊(e−1)/Every⌋
//
// for epoch e, counted from 1. It is PyTorch's StepLR with step_size Every
// and gamma Factor (whose epochs count from 0). Every must be at least 1 and
// Factor a finite number > 0 (Train returns an error otherwise).
type StepDecay struct {
	Every  int     // epochs between two changes, at least 1
	Factor float64 // what each change multiplies the rate by, such as 0.5
}

// Rate returns base·Factor^⌊(epoch−1)/Every⌋.
func (s StepDecay) Rate(epoch int, base float64, losses []float64) float64 {
	return base * math.Pow(s.Factor, float64((epoch-1)/s.Every))
}

func (s StepDecay) check() error {
	switch {
	case s.Every < 1:
		return fmt.Errorf("StepDecay: Every is %d, want at least 1", s.Every)
	case !validLearningRate(s.Factor):
		return fmt.Errorf("StepDecay: Factor is %v, want a finite number > 0", s.Factor)
	}
	return nil
}

// ExponentialDecay multiplies the rate by Gamma every epoch:
//
//	η_e = η·Gamma^(e−1)
//
// for epoch e, counted from 1: PyTorch's ExponentialLR. Gamma must be a
// finite number > 0 (Train returns an error otherwise); below 1 the rate
// decays.
type ExponentialDecay struct {
	Gamma float64 // what each epoch multiplies the rate by, such as 0.95
}

// Rate returns base·Gamma^(epoch−1).
func (s ExponentialDecay) Rate(epoch int, base float64, losses []float64) float64 {
	return base * math.Pow(s.Gamma, float64(epoch-1))
}

func (s ExponentialDecay) check() error {
	if !validLearningRate(s.Gamma) {
		return fmt.Errorf("ExponentialDecay: Gamma is %v, want a finite number > 0", s.Gamma)
	}
	return nil
}

// CosineDecay lowers the rate from η to Min along half a cosine over Epochs
// epochs, and keeps it at Min after them:
//
//	η_e = Min + (η − Min)·(1 + cos(π·t/Epochs))/2,   t = min(e−1, Epochs)
//
// for epoch e, counted from 1: the annealing of Loshchilov and Hutter
// (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts", without
// the restarts, and PyTorch's CosineAnnealingLR with T_max Epochs and
// eta_min Min. Epochs must be at least 1, usually TrainConfig.Epochs, and
// Min a finite number ≥ 0 (Train returns an error otherwise). With Min 0 the
// rate reaches 0 at epoch Epochs+1, where Train stops with an error: a
// learning rate must be > 0.
type CosineDecay struct {
	Epochs int     // the length of the half cosine, in epochs
	Min    float64 // the rate it ends at
}

// Rate returns Min + (base − Min)·(1 + cos(π·t/Epochs))/2 with
// t = min(epoch−1, Epochs).
func (s CosineDecay) Rate(epoch int, base float64, losses []float64) float64 {
	t := min(epoch-1, s.Epochs)
	return s.Min + (base-s.Min)*(1+math.Cos(math.Pi*float64(t)/float64(s.Epochs)))/2
}

func (s CosineDecay) check() error {
	switch {
	case s.Epochs < 1:
		return fmt.Errorf("CosineDecay: Epochs is %d, want at least 1", s.Epochs)
	case !(s.Min >= 0) || math.IsInf(s.Min, 0):
		return fmt.Errorf("CosineDecay: Min is %v, want a finite number ≥ 0", s.Min)
	}
	return nil
}

// Adaptive keeps the base rate as long as the monitored loss improves, and
// divides the rate by Factor each time the loss has gone Patience epochs in
// a row without improving by more than Tolerance; the count starts again
// after each division. An epoch improves when its loss is below the lowest
// loss of the epochs before it minus Tolerance, the rule of
// TrainConfig.Patience.
//
// It is scikit-learn's learning_rate='adaptive' (of its 'sgd' solver) as
// scikit-learn 1.2 computes it: Adaptive{Patience: 11, Tolerance: 1e-4,
// Factor: 5} for its defaults tol=1e-4 and n_iter_no_change=10, because
// scikit-learn divides when more than n_iter_no_change epochs have not
// improved (its documentation still says "two consecutive epochs", the rule
// before n_iter_no_change existed). scikit-learn also stops training when
// the rate is already at most 1e-6 at a division; here training goes on, and
// TrainConfig.Patience stops it.
//
// Patience must be at least 1, Tolerance a finite number ≥ 0 and Factor a
// finite number > 1 (Train returns an error otherwise). Rate reads all of
// losses, so it costs one pass over the epochs so far: nothing next to an
// epoch of training.
type Adaptive struct {
	Patience  int     // epochs without improvement before the rate is divided
	Tolerance float64 // how much the loss must fall below its lowest value to count as an improvement
	Factor    float64 // what the rate is divided by, 5 in scikit-learn
}

// Rate returns base divided by Factor once for every time that Patience
// epochs of losses in a row did not improve.
func (s Adaptive) Rate(epoch int, base float64, losses []float64) float64 {
	p := newPlateau()
	rate := base
	for _, loss := range losses {
		p.see(loss, s.Tolerance)
		if p.stale >= s.Patience {
			rate /= s.Factor
			p.stale = 0
		}
	}
	return rate
}

func (s Adaptive) check() error {
	switch {
	case s.Patience < 1:
		return fmt.Errorf("Adaptive: Patience is %d, want at least 1", s.Patience)
	case !(s.Tolerance >= 0) || math.IsInf(s.Tolerance, 0):
		return fmt.Errorf("Adaptive: Tolerance is %v, want a finite number ≥ 0", s.Tolerance)
	case !(s.Factor > 1) || math.IsInf(s.Factor, 0):
		return fmt.Errorf("Adaptive: Factor is %v, want a finite number > 1", s.Factor)
	}
	return nil
}
