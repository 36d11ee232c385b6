// Command tutorial walks the tutorial's 3-5-1 sigmoid network through one
// training step on XOR with real numbers, as the tutorial the library grew
// from does: every matrix of the forward pass, the error, the backward pass
// and the update, each with its name, meaning, formula and shapes; then the
// predictions before and after the update, what Diagnose says about the
// start, and the result of 20,000 epochs from seeded random weights.
//
//	go run ./examples/tutorial             # plain text for a terminal
//	go run ./examples/tutorial -markdown   # Markdown with LaTeX formulas
//	go run ./examples/tutorial -seed 7     # other random weights for the training
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/glassbox-go/mlp"
)

func main() {
	markdown := flag.Bool("markdown", false, "write Markdown (LaTeX formulas, code blocks, tables) instead of plain text")
	epochs := flag.Int("epochs", 20000, "number of training epochs from random weights at the end")
	seed := flag.Uint64("seed", 1, "seed of the random weights of the training at the end")
	flag.Parse()
	if err := run(os.Stdout, *markdown, *epochs, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "tutorial:", err)
		os.Exit(1)
	}
}

// The tutorial's learning rate.
const eta = 3

func run(w io.Writer, markdown bool, epochs int, seed uint64) error {
	if epochs < 0 {
		return fmt.Errorf("-epochs is %d, want at least 0", epochs)
	}
	out := &writer{w: w, md: markdown}
	// The tutorial's data set: XOR, with the constant 1 folded into each
	// sample as its bias input (one row a sample: x0, x1, 1), and the targets.
	x := mlp.NewMatrix(4, 3, []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1})
	y := mlp.NewMatrix(4, 1, []float64{0, 1, 1, 0})

	// The tutorial's network: no bias rows, every weight 1.
	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
	if err != nil {
		return err
	}
	check, err := net.CheckGradients(x, y)
	if err != nil {
		return err
	}
	trace, err := net.Trace(x, y, eta)
	if err != nil {
		return err
	}
	if markdown {
		err = trace.WriteMarkdown(w)
	} else {
		err = trace.WriteText(w)
	}
	if err != nil {
		return err
	}

	out.heading("Predictions before and after the update")
	out.table(x, y, []string{"a_o before", "a_o after"}, trace.Output, trace.OutputAfter)

	out.heading("Is backpropagation right?")
	out.para("Finite differences of the error against the gradients above, parameter by parameter: " + check.String() + ".")

	out.heading("What stops this network learning")
	findings, err := net.Diagnose()
	if err != nil {
		return err
	}
	if len(findings) == 0 {
		out.para("Diagnose finds nothing.")
	}
	for _, f := range findings {
		out.para(f.Message)
	}
	out.para("This is why the tutorial warns to start from random weights instead of ones.")

	// Training from seeded random weights, as the tutorial ends.
	net, err = mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithSeed(seed))
	if err != nil {
		return err
	}
	var e float64
	for epoch := 0; epoch < epochs; epoch++ {
		if _, err := net.Forward(x); err != nil {
			return err
		}
		if e, err = net.Backward(y); err != nil {
			return err
		}
		net.Step(eta)
	}
	a, err := net.Forward(x)
	if err != nil {
		return err
	}
	out.heading(fmt.Sprintf("After %d epochs from random weights", epochs))
	out.para(fmt.Sprintf("Weights drawn by New with seed %d, learning rate %d, the whole data set each epoch; the error of the last epoch is E = %.3g.", seed, eta, e))
	out.table(x, y, []string{"a_o"}, a)
	return out.err
}

// writer writes headings, paragraphs and tables as plain text or Markdown,
// keeping the first error.
type writer struct {
	w   io.Writer
	md  bool
	err error
}

func (o *writer) printf(format string, args ...any) {
	if o.err == nil {
		_, o.err = fmt.Fprintf(o.w, format, args...)
	}
}

func (o *writer) heading(s string) {
	if o.md {
		o.printf("\n## %s\n", s)
	} else {
		o.printf("\n== %s ==\n", s)
	}
}

func (o *writer) para(s string) { o.printf("\n%s\n", s) }

// table prints one row a sample, as the tutorial does: the inputs, the
// target and one column for each output matrix.
func (o *writer) table(x, y *mlp.Matrix, names []string, outs ...*mlp.Matrix) {
	var b strings.Builder
	line := func() {
		o.printf("%s\n", strings.TrimRight(b.String(), " "))
		b.Reset()
	}
	o.printf("\n")
	if o.md {
		b.WriteString("| $x_0$ | $x_1$ | bias | $y$ |")
		for _, n := range names {
			b.WriteString(" " + strings.ReplaceAll(n, "a_o", "$a_o$") + " |")
		}
		line()
		b.WriteString("| --- | --- | --- | --- |" + strings.Repeat(" --- |", len(names)))
		line()
	} else {
		b.WriteString("x0  x1  bias  y ")
		for _, n := range names {
			fmt.Fprintf(&b, " %-11s", n)
		}
		line()
	}
	for i := 0; i < 4; i++ {
		if o.md {
			fmt.Fprintf(&b, "| %g | %g | %g | %g |", x.At(i, 0), x.At(i, 1), x.At(i, 2), y.At(i, 0))
			for _, a := range outs {
				fmt.Fprintf(&b, " %.8f |", a.At(i, 0))
			}
		} else {
			fmt.Fprintf(&b, "%-3g %-3g %-5g %-2g", x.At(i, 0), x.At(i, 1), x.At(i, 2), y.At(i, 0))
			for _, a := range outs {
				fmt.Fprintf(&b, " %-11.8f", a.At(i, 0))
			}
		}
		line()
	}
}
