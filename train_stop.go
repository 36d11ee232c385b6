package mlp

import (
	"fmt"
	"math"
)

// plateau follows a loss epoch by epoch: its lowest value so far and the
// number of epochs since the loss last improved. It is the one rule of
// improvement of early stopping (TrainConfig.Patience) and of the Adaptive
// schedule.
type plateau struct {
	best      float64 // the lowest loss so far, +Inf before the first
	bestEpoch int     // the epoch of best, counted from 1; 0 before the first
	epochs    int     // the epochs seen
	stale     int     // epochs in a row that did not improve
}

func newPlateau() plateau { return plateau{best: math.Inf(1)} }

// see records the loss of the next epoch. The epoch improves, and stale
// starts again at 0, when loss < best − tol; otherwise stale grows by one.
// Apart from that, a loss below best becomes the new best, even by less
// than tol (as in scikit-learn), and see reports it.
func (p *plateau) see(loss, tol float64) (newBest bool) {
	p.epochs++
	if loss < p.best-tol {
		p.stale = 0
	} else {
		p.stale++
	}
	if loss < p.best {
		p.best, p.bestEpoch = loss, p.epochs
		return true
	}
	return false
}

// trainRun is what Train does around its steps for the settings beyond
// the loop itself: the L2 penalty, the validation data, the schedule and
// early stopping.
type trainRun struct {
	cfg   *TrainConfig
	val   *validation // nil without validation data
	watch plateau     // of the monitored loss
	best  snapshot    // the weights of the best epoch, with Patience
}

// newTrainRun prepares the settings of cfg (checked already) for training
// n on x and y. It returns the training data, which is x and y or, with
// cfg.ValidationFraction, the part of them not held out.
func newTrainRun(n *Network, x, y *Matrix, cfg *TrainConfig) (r *trainRun, trainX, trainY *Matrix, err error) {
	r = &trainRun{cfg: cfg, watch: newPlateau()}
	valX, valY := (*Matrix)(nil), (*Matrix)(nil)
	switch {
	case cfg.Validation != nil:
		valX, valY = cfg.Validation.X, cfg.Validation.Y
	case cfg.ValidationFraction > 0:
		if x, y, valX, valY, err = holdOut(x, y, cfg.ValidationFraction, cfg.Seed); err != nil {
			return nil, nil, nil, err
		}
	}
	if valX != nil {
		if r.val, err = newValidation(n, valX, valY); err != nil {
			return nil, nil, nil, err
		}
	}
	if cfg.Patience > 0 {
		r.best = newSnapshot(n)
	}
	return r, x, y, nil
}

// newHistory returns an empty History with room for every epoch, up to
// historyRoom epochs: beyond that, it grows as epochs complete.
func (r *trainRun) newHistory() History {
	e := min(r.cfg.Epochs, historyRoom)
	h := History{Loss: make([]float64, 0, e), LearningRate: make([]float64, 0, e)}
	if r.val != nil {
		h.ValidationLoss = make([]float64, 0, e)
		if r.val.classes {
			h.ValidationAccuracy = make([]float64, 0, e)
		}
	}
	return h
}

// monitored returns the loss that early stopping and the schedule watch:
// the validation loss with validation data, the training loss otherwise.
func (r *trainRun) monitored(h *History) []float64 {
	if r.val != nil {
		return h.ValidationLoss
	}
	return h.Loss
}

// rate returns the learning rate of epoch, from cfg.Schedule, or an error
// if it is not a valid learning rate.
func (r *trainRun) rate(epoch int, h *History) (float64, error) {
	if r.cfg.Schedule == nil {
		return r.cfg.LearningRate, nil
	}
	losses := r.monitored(h)
	eta := r.cfg.Schedule.Rate(epoch, r.cfg.LearningRate, losses[:len(losses):len(losses)])
	if err := checkLearningRate("Train", eta); err != nil {
		return 0, fmt.Errorf("%w (the Schedule's rate for epoch %d)", err, epoch)
	}
	return eta, nil
}

// penalty adds the L2 penalty to the gradients of the last Backward and
// returns it (see addL2); 0 without L2.
func (r *trainRun) penalty(n *Network) float64 {
	if r.cfg.L2 == 0 {
		return 0
	}
	return addL2(n, r.cfg.L2)
}

// endEpoch records epoch, trained with learning rate eta, whose training
// loss is the last of h.Loss: it scores the validation data, follows the
// monitored loss, keeps the weights of the best epoch, and returns the
// epoch's Progress (without Elapsed) and whether early stopping ends
// training here.
func (r *trainRun) endEpoch(n *Network, epoch int, eta float64, h *History) (p Progress, stop bool) {
	loss := h.Loss[len(h.Loss)-1]
	h.LearningRate = append(h.LearningRate, eta)
	p = Progress{Epoch: epoch, Epochs: r.cfg.Epochs, Loss: loss, LearningRate: eta,
		ValidationLoss: math.NaN(), ValidationAccuracy: math.NaN()}
	if r.val != nil {
		p.ValidationLoss, p.ValidationAccuracy = r.val.score(n, r.cfg.SumLoss)
		h.ValidationLoss = append(h.ValidationLoss, p.ValidationLoss)
		if r.val.classes {
			h.ValidationAccuracy = append(h.ValidationAccuracy, p.ValidationAccuracy)
		}
	}
	watched := r.monitored(h)
	if r.watch.see(watched[len(watched)-1], r.cfg.Tolerance) && r.best != nil {
		r.best.save(n)
	}
	h.BestEpoch = r.watch.bestEpoch
	stop = r.cfg.Patience > 0 && r.watch.stale >= r.cfg.Patience
	p.Last = stop || epoch == r.cfg.Epochs
	return p, stop
}

// finish gives n the weights of the best epoch, with Patience, when
// training ends without an error.
func (r *trainRun) finish(n *Network) {
	if r.best != nil && r.watch.bestEpoch > 0 {
		r.best.restore(n)
	}
}

// checkTrainSettings returns an error if a setting of cfg beyond the loop
// itself is out of range: L2, the validation data, the schedule or early
// stopping. inputs and outputs are the network's.
func (n *Network) checkTrainSettings(cfg *TrainConfig, inputs, outputs int) error {
	switch {
	case !(cfg.L2 >= 0) || math.IsInf(cfg.L2, 0):
		return fmt.Errorf("mlp: Train: L2 is %v, want a finite number ≥ 0", cfg.L2)
	case cfg.Patience < 0:
		return fmt.Errorf("mlp: Train: Patience is %d, want at least 0 (0: no early stopping)", cfg.Patience)
	case !(cfg.Tolerance >= 0) || math.IsInf(cfg.Tolerance, 0):
		return fmt.Errorf("mlp: Train: Tolerance is %v, want a finite number ≥ 0", cfg.Tolerance)
	}
	// A nil *StepDecay (or pointer of the caller's) or a nil ScheduleFunc
	// would panic in check or in Rate.
	if cfg.Schedule != nil {
		if err := checkPart("Schedule", cfg.Schedule, "a non-nil one (or a nil Schedule for a constant rate)"); err != nil {
			return err
		}
	}
	return n.checkValidation(cfg, inputs, outputs)
}
