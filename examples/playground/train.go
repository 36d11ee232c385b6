package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/glassbox-go/mlp"
)

// How often the training goroutine hands its weights to the page, measures
// the accuracies, and runs the gradient check and Diagnose; and how long one
// call of Train should last, so that long epochs are cut into pieces.
const (
	publishEvery = 10 * time.Millisecond
	measureEvery = 100 * time.Millisecond
	explainEvery = 500 * time.Millisecond
	pieceTime    = 20 * time.Millisecond
)

// errTimeUp stops training when the session's training time is used up.
var errTimeUp = errors.New("time is up")

// train is the training goroutine: epoch after epoch of mlp's Train until
// the page pauses it (ctx), the session's training time is used up or
// training diverges. It owns s.net, s.opt and s.prog until it returns.
// A pause within an epoch keeps the steps taken but does not count the
// epoch: the next run takes that epoch again, from its first batch.
//
// It runs on an OS thread of its own at a lower priority (where the system
// has per-thread priorities), so that on a busy machine the page's
// requests, and the browser, go first.
func (s *session) train(ctx context.Context, r *runner) {
	defer close(r.done)
	runtime.LockOSThread()    // never unlocked: the thread, and its priority, end with this goroutine
	_ = lowerThreadPriority() // if the system refuses, training runs at the usual priority
	t := &trainer{s: s, start: time.Now(), before: s.prog.Trained}
	err := t.loop(ctx)
	p := &s.prog
	p.Trained = t.before + time.Since(t.start)
	switch {
	case err == nil || errors.Is(err, context.Canceled):
	case errors.Is(err, errTimeUp):
		p.Status, p.Message = "stopped", s.timeUpMessage()
	default:
		var div *mlp.DivergenceError
		if errors.As(err, &div) {
			p.Status, p.Message = "stopped", fmt.Sprintf("%v: training stopped with the last finite weights; lower the learning rate and press Reset", err)
		} else {
			p.Status, p.Message = "stopped", err.Error()
		}
	}
	s.measure(true)
	s.publish.weights(s)
}

// A trainer is the state of one training goroutine.
type trainer struct {
	s      *session
	start  time.Time
	before time.Duration // training time of the session before this run

	xs, ys    *mlp.Matrix // the training set in the epoch's order
	perSample float64     // seconds a sample takes, as measured

	published, measured, explained time.Time
}

func (t *trainer) loop(ctx context.Context) error {
	s, c := t.s, t.s.cfg
	var e mlp.Matrix // the test errors
	for epochs := 0; ; epochs++ {
		loss, err := t.epoch(ctx)
		if err != nil {
			return err
		}
		p := &s.prog
		p.Epoch++
		p.TrainLoss.add(loss)
		if c.data.XTest != nil {
			a, err := s.net.Predict(c.data.XTest)
			if err != nil {
				return err
			}
			rows, _ := a.Dims()
			p.TestLoss.add(s.net.Loss.Errors(&e, a, s.yTest) / float64(rows))
		}
		now := time.Now()
		if now.Sub(t.explained) >= explainEvery {
			s.measure(true)
			t.explained, t.measured = now, now
		} else if now.Sub(t.measured) >= measureEvery {
			s.measure(false)
			t.measured = now
		}
		p.Trained = t.before + now.Sub(t.start)
		if now.Sub(t.published) >= publishEvery {
			s.publish.weights(s)
			t.published = now
		}
		if c.speed > 0 { // wait for the epoch's slot
			wait := time.Until(t.start.Add(time.Duration(float64(epochs+1) / c.speed * float64(time.Second))))
			if wait > 0 {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(wait):
				}
			}
		}
	}
}

// epoch trains one epoch and returns its loss per sample. With more than
// one batch, the samples are shuffled by a generator seeded with the
// setup's seed and the epoch, and Train goes through them in pieces of
// whole batches lasting about pieceTime each, so that the page sees the
// weights move within a long epoch. The pieces change nothing: Train takes
// the same batches in the same order with the optimizer's state carried
// over, bit for bit as one call would.
func (t *trainer) epoch(ctx context.Context) (float64, error) {
	s, c := t.s, t.s.cfg
	x, y := c.data.XTrain, s.yTrain
	rows, cols := x.Dims()
	_, outs := y.Dims()
	cfg := mlp.TrainConfig{Epochs: 1, LearningRate: c.eta, Optimizer: s.opt, SumLoss: c.sumLoss, NoShuffle: true}
	if err := t.checkTime(); err != nil {
		return 0, err
	}
	if c.batch >= rows {
		h, err := s.net.Train(ctx, x, y, cfg)
		if err != nil {
			return 0, err
		}
		return perSample(h.Loss[0], rows, rows, c.sumLoss), nil
	}

	if t.xs == nil {
		t.xs, t.ys = mlp.NewMatrix(rows, cols, nil), mlp.NewMatrix(rows, outs, nil)
	}
	rng := rand.New(rand.NewPCG(c.seed, uint64(s.prog.Epoch)))
	for i, k := range rng.Perm(rows) {
		copy(t.xs.Row(i), x.Row(k))
		copy(t.ys.Row(i), y.Row(k))
	}
	sum := 0.0
	for lo := 0; lo < rows; {
		n := c.batch
		if t.perSample > 0 {
			n = max(1, int(pieceTime.Seconds()/t.perSample)/c.batch) * c.batch
		}
		hi := min(lo+n, rows)
		cfg.BatchSize = min(c.batch, hi-lo)
		begin := time.Now()
		h, err := s.net.Train(ctx, rowsOf(t.xs, lo, hi), rowsOf(t.ys, lo, hi), cfg)
		if err != nil {
			return 0, err
		}
		t.perSample = time.Since(begin).Seconds() / float64(hi-lo)
		sum += perSample(h.Loss[0], hi-lo, 1, c.sumLoss)
		lo = hi
		if lo < rows {
			if err := t.checkTime(); err != nil {
				return 0, err
			}
			if time.Since(t.published) >= publishEvery {
				s.prog.Trained = t.before + time.Since(t.start)
				s.publish.weights(s)
				t.published = time.Now()
			}
		}
	}
	return sum / float64(rows), nil
}

// perSample turns the loss Train reports for n samples (their mean, or
// their sum with SumLoss) into their sum divided by div.
func perSample(loss float64, n, div int, sum bool) float64 {
	if !sum {
		loss *= float64(n)
	}
	return loss / float64(div)
}

// checkTime returns errTimeUp when the session has trained for its limit.
func (t *trainer) checkTime() error {
	if t.before+time.Since(t.start) >= t.s.lim.TrainTime {
		return errTimeUp
	}
	return nil
}

// rowsOf returns rows lo to hi−1 of m as a matrix sharing m's memory.
func rowsOf(m *mlp.Matrix, lo, hi int) *mlp.Matrix {
	_, cols := m.Dims()
	return mlp.NewMatrix(hi-lo, cols, m.RawData()[lo*cols:hi*cols])
}
