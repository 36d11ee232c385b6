package mlp

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// traceStages returns the stages of a trace, in order, with their headings.
func traceStages() [5]struct{ name, heading string } {
	return [...]struct{ name, heading string }{
		{"forward", "Forward pass"},
		{"error", "Error"},
		{"backward", "Backward pass"},
		{"update", "Update"},
		{"prediction", "Prediction with the updated weights"},
	}
}

// String returns the step as WriteText renders it: its formula and shapes,
// its meaning, and its matrix as Matrix.String prints it.
func (s TraceStep) String() string {
	var b strings.Builder
	b.WriteString(s.Formula)
	if s.Shapes != "" {
		b.WriteString("    (" + s.Shapes + ")")
	}
	b.WriteString("\n" + s.Meaning + "\n")
	b.WriteString(s.Value.String())
	return b.String()
}

// title describes the traced network in one line.
func (t *Trace) title() string {
	sizes := make([]string, len(t.Sizes))
	for i, s := range t.Sizes {
		sizes[i] = strconv.Itoa(s)
	}
	samples := 0
	if t.Output != nil {
		samples = t.Output.rows
	}
	return fmt.Sprintf("One training step of a %s network (%s), %s loss, %d samples, learning rate %s",
		strings.Join(sizes, "-"), strings.Join(t.Activations, ", "), t.Loss, samples, strconv.FormatFloat(t.Eta, 'g', -1, 64))
}

// String returns the plain-text rendering of t, as WriteText writes it.
func (t *Trace) String() string {
	var b strings.Builder
	t.WriteText(&b)
	return b.String()
}

// WriteText writes t to w as plain text for a terminal: a heading for each
// stage, then each step as TraceStep.String renders it, separated by blank
// lines, with the error E after the error stage and after the prediction.
// It returns the first error of w.
func (t *Trace) WriteText(w io.Writer) error { return t.write(w, false) }

// WriteMarkdown writes t to w as Markdown: a section for each stage and
// for each step a heading with its name, its meaning, its formula as LaTeX
// display math ($$ … $$), its shapes and its matrix in a code block. It
// returns the first error of w.
func (t *Trace) WriteMarkdown(w io.Writer) error { return t.write(w, true) }

// write writes t to w as WriteText or, if markdown, as WriteMarkdown does.
func (t *Trace) write(w io.Writer, markdown bool) error {
	ew := &errWriter{w: w}
	title, heading := "%s.\n", "\n== %s ==\n"
	step := func(s TraceStep) { ew.printf("\n%s\n", s) }
	if markdown {
		title, heading = "# %s\n", "\n## %s\n"
		step = func(s TraceStep) {
			ew.printf("\n### `%s`\n\n%s\n\n$$%s$$\n\nShapes: `%s`\n\n```\n%s\n```\n", s.Name, s.Meaning, s.TeX, s.Shapes, s.Value)
		}
	}
	ew.printf(title, t.title())
	t.eachStage(func(h string, steps []TraceStep, stage string) {
		ew.printf(heading, h)
		for _, s := range steps {
			step(s)
		}
		if note := t.stageNote(stage, markdown); note != "" {
			ew.printf("\n%s\n", note)
		}
	})
	return ew.err
}

// eachStage calls f for each stage that has steps, in order.
func (t *Trace) eachStage(f func(heading string, steps []TraceStep, stage string)) {
	for _, st := range traceStages() {
		var steps []TraceStep
		for _, s := range t.Steps {
			if s.Stage == st.name {
				steps = append(steps, s)
			}
		}
		if len(steps) > 0 {
			f(st.heading, steps, st.name)
		}
	}
}

// stageNote is the line after a stage: the total error.
func (t *Trace) stageNote(stage string, markdown bool) string {
	e := strconv.FormatFloat(t.E, 'g', 8, 64)
	ea := strconv.FormatFloat(t.EAfter, 'g', 8, 64)
	switch {
	case stage == "error" && markdown:
		return "The total error is $E = \\sum_i E_i = " + e + "$."
	case stage == "error":
		return "E = Σ_i E_i = " + e
	case stage == "prediction" && markdown:
		return "The total error with the updated weights is $E = " + ea + "$ (before the update: $" + e + "$)."
	case stage == "prediction":
		return "E with the updated weights = " + ea + " (before the update: " + e + ")"
	}
	return ""
}

// errWriter keeps the first error of a sequence of writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
