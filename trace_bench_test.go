package mlp_test

import (
	"math/rand/v2"
	"testing"

	"github.com/glassbox-go/mlp"
)

// traceBenchCases are the networks of the tracing benchmarks: the
// tutorial's, and a larger one.
var traceBenchCases = []struct {
	name  string
	sizes []int
	batch int
}{
	{"3-5-1/batch4", []int{3, 5, 1}, 4},
	{"64-32-10/batch32", []int{64, 32, 10}, 32},
}

// benchTraceCases runs bench as a sub-benchmark for each case, with the
// case's network and batch, reporting allocations. The loop over b.Loop is
// bench's own, so that what is timed is exactly the calls it makes.
func benchTraceCases(b *testing.B, bench func(b *testing.B, net *mlp.Network, x, y *mlp.Matrix)) {
	for _, c := range traceBenchCases {
		b.Run(c.name, func(b *testing.B) {
			net := mustNew(b, c.sizes, mlp.WithSeed(1))
			rng := rand.New(rand.NewPCG(1, 2))
			x := mlp.NewMatrix(c.batch, c.sizes[0], nil)
			y := mlp.NewMatrix(c.batch, c.sizes[len(c.sizes)-1], nil)
			for i := range x.RawData() {
				x.RawData()[i] = rng.Float64()
			}
			for i := range y.RawData() {
				y.RawData()[i] = rng.Float64()
			}
			b.ReportAllocs()
			bench(b, net, x, y)
		})
	}
}

// BenchmarkUntracedStep times one training step, Forward, Backward and Step,
// of a network that is not traced: it only uses calls that existed before
// tracing, so that the same benchmark runs on both sides of the change.
func BenchmarkUntracedStep(b *testing.B) {
	benchTraceCases(b, func(b *testing.B, net *mlp.Network, x, y *mlp.Matrix) {
		for b.Loop() {
			if _, err := net.Forward(x); err != nil {
				b.Fatal(err)
			}
			if _, err := net.Backward(y); err != nil {
				b.Fatal(err)
			}
			net.Step(0.01)
		}
	})
}

// BenchmarkTracedStep times Trace, the same training step recorded: what
// tracing costs when it is asked for.
func BenchmarkTracedStep(b *testing.B) {
	benchTraceCases(b, func(b *testing.B, net *mlp.Network, x, y *mlp.Matrix) {
		for b.Loop() {
			if _, err := net.Trace(x, y, 0.01); err != nil {
				b.Fatal(err)
			}
		}
	})
}
