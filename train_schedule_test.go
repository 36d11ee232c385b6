package mlp_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestSchedules checks each built-in schedule's rates against its formula,
// worked out by hand for the first epochs.
func TestSchedules(t *testing.T) {
	const base = 0.1
	s2 := math.Sqrt2 / 2 // cos(π/4)
	for _, tt := range []struct {
		name string
		s    mlp.Schedule
		want []float64 // epochs 1, 2, ...
	}{
		{"constant", mlp.ConstantRate{}, []float64{0.1, 0.1, 0.1}},
		// η·Factor^⌊(e−1)/Every⌋
		{"step decay", mlp.StepDecay{Every: 3, Factor: 0.5}, []float64{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025}},
		{"step decay every epoch", mlp.StepDecay{Every: 1, Factor: 0.1}, []float64{0.1, 0.01, 0.001, 0.0001}},
		// η·Gamma^(e−1)
		{"exponential decay", mlp.ExponentialDecay{Gamma: 0.5}, []float64{0.1, 0.05, 0.025, 0.0125, 0.00625}},
		// Min + (η − Min)·(1 + cos(π·t/Epochs))/2, t = min(e−1, Epochs)
		{"cosine", mlp.CosineDecay{Epochs: 4, Min: 0.01}, []float64{
			0.1, 0.01 + 0.09*(1+s2)/2, 0.01 + 0.09/2, 0.01 + 0.09*(1-s2)/2, 0.01, 0.01, 0.01}},
		{"cosine to 0", mlp.CosineDecay{Epochs: 2, Min: 0}, []float64{0.1, 0.05, 0}},
	} {
		for i, want := range tt.want {
			if got := tt.s.Rate(i+1, base, nil); math.Abs(got-want) > 1e-16 {
				t.Errorf("%s: Rate(%d, %v) = %.17g, want %.17g", tt.name, i+1, base, got, want)
			}
		}
	}
}

// TestAdaptive checks scikit-learn's adaptive rule on losses chosen by
// hand: the rate is divided by Factor once Patience epochs in a row have not
// fallen below the lowest loss so far by more than Tolerance, and the count
// starts again after each division. An equal loss is no improvement.
func TestAdaptive(t *testing.T) {
	s := mlp.Adaptive{Patience: 2, Tolerance: 0.1, Factor: 5}
	losses := []float64{
		1,    // epoch 1: the first loss improves; lowest 1
		0.95, // 2: not below 1 − 0.1: 1 epoch without improvement (lowest 0.95 now)
		0.97, // 3: not below 0.85: 2 epochs → divide by 5, count 0
		0.5,  // 4: below 0.85: improves
		0.45, // 5: not below 0.4: 1 (lowest 0.45)
		0.44, // 6: not below 0.35: 2 → divide, count 0 (lowest 0.44)
		0.43, // 7: 1
		0.1,  // 8: improves
	}
	// The rate of epoch e depends on the losses of epochs 1 to e−1.
	want := []float64{1, 1, 1, 0.2, 0.2, 0.2, 0.04, 0.04, 0.04}
	for e := 1; e <= len(losses)+1; e++ {
		if got := s.Rate(e, 1, losses[:e-1]); math.Abs(got-want[e-1]) > 1e-16 {
			t.Errorf("Adaptive.Rate(%d, 1, %v) = %v, want %v", e, losses[:e-1], got, want[e-1])
		}
	}
	// A loss lower by less than Tolerance is no improvement but the new
	// lowest loss, which the next epochs must beat by Tolerance: 0.86 does
	// not beat 0.9 − 0.1, nor 0.85 0.86 − 0.1.
	slow := []float64{1, 0.95, 0.9, 0.86, 0.85}
	if got := s.Rate(6, 1, slow); math.Abs(got-0.04) > 1e-16 {
		t.Errorf("Adaptive.Rate(6, 1, %v) = %v, want 0.04 (divided after epochs 3 and 5)", slow, got)
	}
	flat := mlp.Adaptive{Patience: 2, Tolerance: 0, Factor: 10}
	if got := flat.Rate(4, 1, []float64{3, 3, 3}); got != 0.1 {
		t.Errorf("Adaptive with Tolerance 0 on equal losses 3, 3, 3: rate %v, want 0.1 (an equal loss does not improve)", got)
	}
	if got := flat.Rate(4, 1, []float64{3, 2.5, 2}); got != 1 {
		t.Errorf("Adaptive with Tolerance 0 on falling losses: rate %v, want 1", got)
	}
}

// rateRecorder is an Optimizer that changes nothing and records the
// learning rate of every step.
type rateRecorder struct{ etas []float64 }

func (r *rateRecorder) String() string                          { return "rate-recorder" }
func (r *rateRecorder) Reset()                                  {}
func (r *rateRecorder) Step(n *mlp.Network, eta, scale float64) { r.etas = append(r.etas, eta) }

// TestTrainSchedule: Train asks the schedule for each epoch's rate with the
// base rate and the monitored losses of the epochs before (the training
// loss, or the validation loss with validation data), uses that rate for
// every step of the epoch and records it in History and Progress.
func TestTrainSchedule(t *testing.T) {
	x, y := xorData()
	for _, withVal := range []bool{false, true} {
		var seen [][]float64
		s := mlp.ScheduleFunc(func(epoch int, base float64, losses []float64) float64 {
			if len(losses) != epoch-1 {
				t.Errorf("Rate(%d, …) got %d losses, want %d", epoch, len(losses), epoch-1)
			}
			seen = append(seen, slices.Clone(losses))
			return base / float64(epoch)
		})
		rec := &rateRecorder{}
		var progress []float64
		cfg := mlp.TrainConfig{Epochs: 4, LearningRate: 12, BatchSize: 2, Optimizer: rec, Schedule: s,
			OnEpoch: func(p mlp.Progress) bool { progress = append(progress, p.LearningRate); return false }}
		if withVal {
			cfg.Validation = &mlp.Dataset{X: x, Y: y}
		}
		net := mustNew(t, []int{3, 2, 1})
		hist, err := net.Train(context.Background(), x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{12, 6, 4, 3}
		if !slices.Equal(hist.LearningRate, want) || !slices.Equal(progress, want) {
			t.Errorf("History.LearningRate = %v, Progress.LearningRate = %v, want %v", hist.LearningRate, progress, want)
		}
		if wantSteps := []float64{12, 12, 6, 6, 4, 4, 3, 3}; !slices.Equal(rec.etas, wantSteps) {
			t.Errorf("the steps' rates = %v, want %v (2 batches an epoch)", rec.etas, wantSteps)
		}
		monitored := hist.Loss
		if withVal {
			monitored = hist.ValidationLoss
		}
		for e, losses := range seen {
			if !slices.Equal(losses, monitored[:e]) {
				t.Errorf("validation %v: Rate(%d, …) got losses %v, want %v", withVal, e+1, losses, monitored[:e])
			}
		}
	}

	// Without a schedule every epoch has the base rate.
	hist, err := mustNew(t, []int{3, 2, 1}).Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 3, LearningRate: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{0.25, 0.25, 0.25}; !slices.Equal(hist.LearningRate, want) {
		t.Errorf("without a Schedule: History.LearningRate = %v, want %v", hist.LearningRate, want)
	}

	// A rate that is not a valid learning rate stops training with an
	// error, after the epochs before it.
	net := mustNew(t, []int{3, 2, 1})
	hist, err = net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 5, LearningRate: 1, Schedule: mlp.CosineDecay{Epochs: 2}})
	if want := "mlp: Train: learning rate is 0, want a finite number > 0 (the Schedule's rate for epoch 3)"; err == nil || err.Error() != want {
		t.Errorf("CosineDecay{Epochs: 2} over 5 epochs: error = %v, want %q", err, want)
	}
	if len(hist.Loss) != 2 {
		t.Errorf("History.Loss = %v, want the 2 epochs before the bad rate", hist.Loss)
	}
	_, err = net.Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 5, LearningRate: 1,
		Schedule: mlp.ScheduleFunc(func(int, float64, []float64) float64 { return math.NaN() })})
	if err == nil || !strings.Contains(err.Error(), "learning rate is NaN") {
		t.Errorf("a schedule giving NaN: error = %v", err)
	}
}
