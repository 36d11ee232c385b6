package mlp

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// A ProgressPrinter writes Train's progress to W, one epoch at a time:
// pass its OnEpoch as TrainConfig.OnEpoch. Each epoch gives a line such as
//
//	epoch  12/200  loss 0.123457  val_loss 0.234568  val_acc 0.9667  1.2s  eta 18s
//
// with the epoch, the training loss, the validation loss and accuracy (when
// Train has them), the time since Train began and an estimate of the time
// left: the mean time of an epoch so far times the epochs left, an upper
// bound when early stopping ends training sooner. Times are rounded to a
// tenth of a second below a minute, to a second above. The times come from
// Progress.Elapsed, so the printer reads no clock of its own.
//
// On a terminal the line is rewritten in place, ending with a newline after
// the last epoch (Progress.Last); elsewhere, such as a file or a pipe, each
// epoch gets a line of its own. The library itself never prints: it writes
// to W only, and only when Train calls OnEpoch.
type ProgressPrinter struct {
	W io.Writer // where the lines go
	// InPlace rewrites one line, starting it with a carriage return and
	// padding it with spaces over the last one, instead of writing a line
	// an epoch. NewProgressPrinter sets it when W is a terminal.
	InPlace bool

	width int   // the length in runes of the last in-place line
	open  bool  // an in-place line is shown without its newline
	err   error // the first error of W
}

// NewProgressPrinter returns a ProgressPrinter writing to w, in place if w is
// a terminal: an *os.File whose Stat reports a character device.
func NewProgressPrinter(w io.Writer) *ProgressPrinter {
	return &ProgressPrinter{W: w, InPlace: isTerminal(w)}
}

// isTerminal reports whether w is an *os.File that is a character device,
// as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// OnEpoch writes the line of p and returns false: it never stops training.
// After the first error of W it writes nothing more (see Err); a nil W is
// such an error.
func (pp *ProgressPrinter) OnEpoch(p Progress) (stop bool) {
	line := progressLine(p)
	if !pp.InPlace {
		pp.write(line + "\n")
		return false
	}
	n := utf8.RuneCountInString(line)
	pad := strings.Repeat(" ", max(0, pp.width-n))
	pp.width, pp.open = n, true
	end := ""
	if p.Last {
		end, pp.width, pp.open = "\n", 0, false
	}
	pp.write("\r" + line + pad + end)
	return false
}

// Finish ends an in-place line that Train left without its newline, as
// when OnEpoch of the caller's or an error stopped training before its last
// epoch, and returns the first error of W, if any.
func (pp *ProgressPrinter) Finish() error {
	if pp.open {
		pp.write("\n")
		pp.width, pp.open = 0, false
	}
	return pp.err
}

// Err returns the first error that writing to W returned, or nil.
func (pp *ProgressPrinter) Err() error { return pp.err }

func (pp *ProgressPrinter) write(s string) {
	switch {
	case pp.err != nil:
	case nilWriter(pp.W):
		pp.err = fmt.Errorf("mlp: ProgressPrinter: W is a nil %T, want a writer", pp.W)
	default:
		_, pp.err = io.WriteString(pp.W, s)
	}
}

// nilWriter reports whether w is nil or holds a nil pointer, to which
// writing would panic.
func nilWriter(w io.Writer) bool { return w == nil || nilInside(w) }

// progressLine formats p as ProgressPrinter shows it.
func progressLine(p Progress) string {
	var b strings.Builder
	fmt.Fprintf(&b, "epoch %*d/%d  loss %.6g", len(fmt.Sprint(p.Epochs)), p.Epoch, p.Epochs, p.Loss)
	if !math.IsNaN(p.ValidationLoss) {
		fmt.Fprintf(&b, "  val_loss %.6g", p.ValidationLoss)
	}
	if !math.IsNaN(p.ValidationAccuracy) {
		fmt.Fprintf(&b, "  val_acc %.4f", p.ValidationAccuracy)
	}
	fmt.Fprintf(&b, "  %v", roundDuration(p.Elapsed))
	if p.Epoch > 0 && p.Epoch < p.Epochs && !p.Last {
		left := time.Duration(float64(p.Elapsed) / float64(p.Epoch) * float64(p.Epochs-p.Epoch))
		fmt.Fprintf(&b, "  eta %v", roundDuration(left))
	}
	return b.String()
}

// roundDuration rounds d to a tenth of a second below a minute, to a second
// above.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
