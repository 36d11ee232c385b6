package mlp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

// progress returns a Progress without validation scores.
func progress(epoch, epochs int, loss float64, elapsed time.Duration) mlp.Progress {
	return mlp.Progress{Epoch: epoch, Epochs: epochs, Loss: loss, Elapsed: elapsed,
		ValidationLoss: math.NaN(), ValidationAccuracy: math.NaN(), Last: epoch == epochs}
}

// TestProgressPrinterLines: one line an epoch, with the epoch (padded to the
// width of the last), the losses, the accuracy, the elapsed time and the
// time left (elapsed / epochs done × epochs left), none after the last
// epoch; validation columns only where Progress has them.
func TestProgressPrinterLines(t *testing.T) {
	var b bytes.Buffer
	pp := &mlp.ProgressPrinter{W: &b}
	withVal := progress(2, 100, 0.25, 3*time.Second)
	withVal.ValidationLoss, withVal.ValidationAccuracy = 0.5, 0.875
	lossOnly := progress(3, 100, 0.125, 4560*time.Millisecond)
	lossOnly.ValidationLoss = 0.75
	for _, p := range []mlp.Progress{
		progress(1, 100, 0.123456789, 1234*time.Millisecond),
		withVal,
		lossOnly,
		progress(100, 100, 1.5e-7, 90*time.Second),
	} {
		if pp.OnEpoch(p) {
			t.Errorf("OnEpoch(%+v) = true, want false: the printer never stops training", p)
		}
	}
	want := "epoch   1/100  loss 0.123457  1.2s  eta 2m2s\n" + // 1.234 s × 99
		"epoch   2/100  loss 0.25  val_loss 0.5  val_acc 0.8750  3s  eta 2m27s\n" + // 1.5 s × 98
		"epoch   3/100  loss 0.125  val_loss 0.75  4.6s  eta 2m27s\n" + // 1.52 s × 97 = 147.44 s
		"epoch 100/100  loss 1.5e-07  1m30s\n"
	if got := b.String(); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
	if err := pp.Finish(); err != nil || b.String() != want {
		t.Errorf("Finish after plain lines = %v and wrote %q, want nil and nothing", err, strings.TrimPrefix(b.String(), want))
	}
}

// TestProgressPrinterInPlace: in place, each line starts with a carriage
// return, is padded with spaces over a longer line before it, and the last
// epoch ends it with a newline; Finish ends a line left open, once.
func TestProgressPrinterInPlace(t *testing.T) {
	var b bytes.Buffer
	pp := &mlp.ProgressPrinter{W: &b, InPlace: true}
	pp.OnEpoch(progress(1, 3, 10.5, time.Second))
	pp.OnEpoch(progress(2, 3, 1, 2*time.Second))
	pp.OnEpoch(progress(3, 3, 0.5, 3*time.Second))
	want := "\repoch 1/3  loss 10.5  1s  eta 2s" +
		"\repoch 2/3  loss 1  2s  eta 1s   " + // 3 runes shorter: padded
		"\repoch 3/3  loss 0.5  3s      \n" // 6 runes shorter than line 2
	if got := b.String(); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}

	b.Reset()
	pp.OnEpoch(progress(1, 5, 2, time.Second)) // early stopping or an error: no last epoch
	if err := pp.Finish(); err != nil {
		t.Fatal(err)
	}
	pp.Finish()
	if want := "\repoch 1/5  loss 2  1s  eta 4s\n"; b.String() != want {
		t.Errorf("a line left open, then Finish twice: printed %q, want %q", b.String(), want)
	}
}

// brokenWriter fails every write and counts the writes.
type brokenWriter struct{ writes int }

func (w *brokenWriter) Write(p []byte) (int, error) { w.writes++; return 0, errors.New("disk full") }

// TestProgressPrinterError: the first error of W is kept, returned by Err
// and Finish, and nothing more is written.
func TestProgressPrinterError(t *testing.T) {
	w := &brokenWriter{}
	pp := &mlp.ProgressPrinter{W: w, InPlace: true}
	pp.OnEpoch(progress(1, 3, 1, time.Second))
	pp.OnEpoch(progress(2, 3, 1, time.Second))
	if err := pp.Finish(); err == nil || err.Error() != "disk full" || pp.Err() != err {
		t.Errorf("Finish() = %v, Err() = %v, want the writer's error", err, pp.Err())
	}
	if w.writes != 1 {
		t.Errorf("%d writes, want 1: nothing after the first error", w.writes)
	}
}

// TestProgressPrinterNilWriter: a nil W, or one holding a nil pointer, is
// an error of Err and Finish, not a panic.
func TestProgressPrinterNilWriter(t *testing.T) {
	var f *os.File
	for _, tt := range []struct {
		w    io.Writer
		want string
	}{
		{nil, "mlp: ProgressPrinter: W is a nil <nil>, want a writer"},
		{f, "mlp: ProgressPrinter: W is a nil *os.File, want a writer"},
		{(*bytes.Buffer)(nil), "mlp: ProgressPrinter: W is a nil *bytes.Buffer, want a writer"},
	} {
		pp := mlp.NewProgressPrinter(tt.w)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("OnEpoch with W %#v panicked: %v", tt.w, r)
				}
			}()
			pp.OnEpoch(progress(1, 3, 1, time.Second))
		}()
		if err := pp.Finish(); err == nil || err.Error() != tt.want {
			t.Errorf("Finish() with W %#v = %v, want %q", tt.w, err, tt.want)
		}
	}
}

// TestNewProgressPrinterTerminal: in place on a character device (as a
// terminal is), plain lines on a regular file or any other writer.
func TestNewProgressPrinterTerminal(t *testing.T) {
	if pp := mlp.NewProgressPrinter(&bytes.Buffer{}); pp.InPlace {
		t.Error("NewProgressPrinter(a bytes.Buffer).InPlace = true, want false")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if pp := mlp.NewProgressPrinter(f); pp.InPlace {
		t.Error("NewProgressPrinter(a regular file).InPlace = true, want false")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer dev.Close()
	if fi, err := dev.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	if pp := mlp.NewProgressPrinter(dev); !pp.InPlace {
		t.Errorf("NewProgressPrinter(%s, a character device).InPlace = false, want true", os.DevNull)
	}
}

// TestProgressPrinterTrain: as Train's OnEpoch, the printer writes a line
// for every epoch, with the validation scores.
func TestProgressPrinterTrain(t *testing.T) {
	x, y := xorData()
	var b bytes.Buffer
	pp := mlp.NewProgressPrinter(&b)
	_, err := mustNew(t, []int{3, 4, 1}).Train(context.Background(), x, y, mlp.TrainConfig{Epochs: 12, LearningRate: 1,
		Validation: &mlp.Dataset{X: x, Y: y}, OnEpoch: pp.OnEpoch})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 12 || !strings.HasPrefix(lines[0], "epoch  1/12  loss ") || !strings.HasPrefix(lines[11], "epoch 12/12  loss ") ||
		!strings.Contains(lines[5], "  val_loss ") || !strings.Contains(lines[5], "  val_acc ") {
		t.Errorf("printed %d lines:\n%s\nwant 12, from epoch  1/12 to epoch 12/12, with val_loss and val_acc", len(lines), b.String())
	}
}
