package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glassbox-go/mlp"
)

// A session is one open page: its setup, its network, its training
// goroutine and what the page last saw.
//
// Three locks, always taken in this order and never the other way:
//   - mu serialises the page's commands (setup, run, pause, reset, step,
//     upload) and guards the fields below it. While run is not nil and not
//     done, net, opt and prog belong to the training goroutine alone.
//   - view.mu guards the copy of the network the page's reads use (state,
//     hover values, pictures, downloads), so that reads never wait for
//     training and never touch the training network.
//   - pub.mu guards the latest publication: the weights and progress the
//     training goroutine (or a command) last handed over.
type session struct {
	id   string
	lim  limits
	seen atomic.Int64 // time of the last request, unix nanoseconds

	mu      sync.Mutex
	cfg     *config
	yTrain  *mlp.Matrix // the targets of cfg's network
	yTest   *mlp.Matrix
	net     *mlp.Network // the network being trained
	opt     mlp.Optimizer
	prog    progress
	run     *runner // the training goroutine, nil if none was started since the last stop
	trace   *traceJSON
	stepAt  int      // the batch of the next Step
	upload  *dataset // the page's CSV, if any
	closed  bool
	publish publisher

	done    chan struct{} // closed by close
	streams atomic.Int32  // open event streams

	view view
}

// progress is what training has done since the last setup or reset.
type progress struct {
	Status  string // "ready", "running", "paused" or "stopped" (by the server, see Message)
	Message string // why training stopped, when the server stopped it
	Epoch   int    // complete epochs
	Steps   int    // steps taken with the Step button
	Trained time.Duration
	// The loss per sample of each epoch: the training loss as Train
	// reports it (gathered while the weights changed) and the test loss
	// after the epoch.
	TrainLoss, TestLoss curve
	// TrainAcc and TestAcc are the share of samples classified right,
	// -1 when not measured.
	TrainAcc, TestAcc float64
	Explain           explanation
}

// clone returns p with curves of its own.
func (p progress) clone() progress {
	p.TrainLoss.points = append([]float64(nil), p.TrainLoss.points...)
	p.TestLoss.points = append([]float64(nil), p.TestLoss.points...)
	p.Explain.Findings = append([]string(nil), p.Explain.Findings...)
	return p
}

// maxPoints is the most points a loss curve keeps.
const maxPoints = 1000

// A curve is a loss curve of at most maxPoints points. While they fit,
// each point is one epoch; after that, each point is the mean of stride
// epochs, and stride doubles (pairs of points are averaged) whenever the
// points would be more than maxPoints.
type curve struct {
	points []float64
	stride int     // epochs a point; 0 means 1
	sum    float64 // of the epochs of the point being filled
	n      int     // epochs in it
}

// add appends the value of the next epoch.
func (c *curve) add(v float64) {
	c.stride = max(c.stride, 1)
	c.sum += v
	c.n++
	if c.n < c.stride {
		return
	}
	c.points = append(c.points, c.sum/float64(c.n))
	c.sum, c.n = 0, 0
	if len(c.points) == maxPoints {
		for i := range maxPoints / 2 {
			c.points[i] = (c.points[2*i] + c.points[2*i+1]) / 2
		}
		c.points = c.points[:maxPoints/2]
		c.stride *= 2
	}
}

// A runner is one training goroutine.
type runner struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine has returned
}

// newSession returns a session set up with c.
func newSession(id string, lim limits, c *config) (*session, error) {
	s := &session{id: id, lim: lim, done: make(chan struct{})}
	s.touch()
	if err := s.setupLocked(c); err != nil {
		return nil, err
	}
	return s, nil
}

// touch records a request.
func (s *session) touch() { s.seen.Store(time.Now().UnixNano()) }

// idle returns how long the session has had no request.
func (s *session) idle(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, s.seen.Load()))
}

// setupLocked replaces the network with a new one of c, stopping training.
func (s *session) setupLocked(c *config) error {
	net, err := c.network()
	if err != nil {
		return err
	}
	s.stopLocked("paused")
	out := c.sizes[len(c.sizes)-1]
	s.cfg, s.net, s.opt = c, net, c.newOptimizer()
	s.yTrain, s.yTest = targets(c.data.YTrain, out), targets(c.data.YTest, out)
	s.prog = progress{Status: "ready", Trained: s.prog.Trained, TrainAcc: -1, TestAcc: -1}
	s.trace, s.stepAt = nil, 0
	s.measure(true)
	return s.publish.new(s)
}

// tuneLocked changes how the network trains, keeping its weights and
// progress, when c makes the same network as the setup; training that ran
// goes on with the new settings. It reports whether it did.
func (s *session) tuneLocked(c *config) (bool, error) {
	if s.cfg == nil || !s.cfg.sameNetwork(c) {
		return false, nil
	}
	running := s.runningLocked()
	s.stopLocked("paused")
	if c.optimizer != s.cfg.optimizer {
		s.opt = c.newOptimizer()
	}
	s.cfg = c
	s.publish.setup(c)
	if running {
		return true, s.startLocked()
	}
	s.publish.weights(s)
	return true, nil
}

// resetLocked puts back the initial weights of the setup's seed.
func (s *session) resetLocked() error { return s.setupLocked(s.cfg) }

// reapLocked forgets a training goroutine that has returned by itself.
func (s *session) reapLocked() {
	if s.run == nil {
		return
	}
	select {
	case <-s.run.done:
		s.run = nil
	default:
	}
}

// running reports whether training is going on.
func (s *session) runningLocked() bool {
	s.reapLocked()
	return s.run != nil
}

// startLocked starts the training goroutine, unless it runs already.
func (s *session) startLocked() error {
	if s.closed {
		return errClosed
	}
	if s.runningLocked() {
		return nil
	}
	if s.prog.Trained >= s.lim.TrainTime {
		return &httpError{code: 409, msg: s.timeUpMessage()}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{cancel: cancel, done: make(chan struct{})}
	s.run = r
	s.prog.Status, s.prog.Message = "running", ""
	s.publish.weights(s)
	go s.train(ctx, r)
	return nil
}

// stopLocked stops the training goroutine and waits for it, then leaves
// the status: status if it was running, else what the goroutine said.
func (s *session) stopLocked(status string) {
	if s.run == nil {
		return
	}
	s.run.cancel()
	<-s.run.done
	s.run = nil
	if s.prog.Status == "running" {
		s.prog.Status = status
	}
	s.publish.weights(s)
}

// close stops training for good: the page is gone.
func (s *session) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked("stopped")
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// addStream counts an event stream, unless maxStreams are open.
func (s *session) addStream() bool {
	if s.streams.Add(1) > maxStreams {
		s.streams.Add(-1)
		return false
	}
	return true
}

func (s *session) removeStream() { s.streams.Add(-1) }

func (s *session) timeUpMessage() string {
	return fmt.Sprintf("mlp: this session has trained for %v, its limit (-max-train); reload the page for a new session", s.lim.TrainTime)
}

// measure refreshes the accuracies and, if explain, the gradient check and
// Diagnose's findings, of the network as it is. The caller owns net and prog.
func (s *session) measure(withExplain bool) {
	d := s.cfg.data
	s.prog.TrainAcc = accuracy(s.net, d.XTrain, s.yTrain)
	s.prog.TestAcc = -1
	if d.XTest != nil {
		s.prog.TestAcc = accuracy(s.net, d.XTest, s.yTest)
	}
	if withExplain {
		s.prog.Explain = explain(s.net, d.XTrain, s.yTrain, s.prog.Epoch, s.prog.Steps)
	}
}

// accuracy returns the share of the samples x that n classifies as y says,
// or -1 if Predict fails. With one output, class 1 is an output of 0.5 or
// more (a target of 1).
func accuracy(n *mlp.Network, x, y *mlp.Matrix) float64 {
	a, err := n.Predict(x)
	if err != nil {
		return -1
	}
	rows, cols := a.Dims()
	if cols > 1 {
		acc, err := mlp.Accuracy(a, y)
		if err != nil {
			return -1
		}
		return acc
	}
	right := 0
	for i := range rows {
		if (a.At(i, 0) >= 0.5) == (y.At(i, 0) >= 0.5) {
			right++
		}
	}
	return float64(right) / float64(rows)
}

// A snapshot is a network and its progress as the page sees them: what
// the publisher last handed over, and the view's copy of it.
type snapshot struct {
	version    uint64 // counts publications
	generation uint64 // counts new networks (setup, reset)
	net        *mlp.Network
	cfg        *config
	yTrain     *mlp.Matrix
	prog       progress
	trace      *traceJSON
}

// A publisher hands the training network's weights and progress to the
// page's reads, which copy them into the view under pub.mu.
type publisher struct {
	mu sync.Mutex
	snapshot
}

// new publishes a new network: the view rebuilds its copy.
func (p *publisher) new(s *session) error {
	net, err := cloneNetwork(s.net)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.generation++
	p.net, p.cfg, p.yTrain = net, s.cfg, s.yTrain
	p.copyLocked(s)
	return nil
}

// setup publishes a new setup of the same network.
func (p *publisher) setup(c *config) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg = c
}

// weights publishes the weights and progress of the same network.
func (p *publisher) weights(s *session) {
	p.mu.Lock()
	defer p.mu.Unlock()
	copyWeights(p.net, s.net)
	p.copyLocked(s)
}

func (p *publisher) copyLocked(s *session) {
	p.version++
	p.prog = s.prog.clone()
	p.trace = s.trace
}

// cloneNetwork returns a copy of n: its own weights and biases, the same
// activations and loss. It is made by New, so that it is whole whatever
// New sets up besides the exported fields.
func cloneNetwork(n *mlp.Network) (*mlp.Network, error) {
	c, err := mlp.New(n.Sizes(), mlp.WithoutBias())
	if err != nil {
		return nil, err
	}
	c.Loss = n.Loss
	for i, l := range n.Layers {
		k := c.Layers[i]
		k.W, k.B, k.Activation = l.W.Clone(), nil, l.Activation
		if l.B != nil {
			k.B = l.B.Clone()
		}
	}
	return c, nil
}

// copyWeights sets the weights and biases of dst, a clone of src, to src's.
func copyWeights(dst, src *mlp.Network) {
	for i, l := range src.Layers {
		dst.Layers[i].W.Copy(l.W)
		if l.B != nil {
			dst.Layers[i].B.Copy(l.B)
		}
	}
}
