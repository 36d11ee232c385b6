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

// traceBenchNet returns a network and a batch for a benchmark case.
func traceBenchNet(b *testing.B, sizes []int, batch int) (*mlp.Network, *mlp.Matrix, *mlp.Matrix) {
	b.Helper()
	net := mustNew(b, sizes, mlp.WithSeed(1))
	rng := rand.New(rand.NewPCG(1, 2))
	x := mlp.NewMatrix(batch, sizes[0], nil)
	y := mlp.NewMatrix(batch, sizes[len(sizes)-1], nil)
	for i := range x.RawData() {
		x.RawData()[i] = rng.Float64()
	}
	for i := range y.RawData() {
		y.RawData()[i] = rng.Float64()
	}
	return net, x, y
}

// BenchmarkUntracedStep times one training step, Forward, Backward and Step,
// of a network that is not traced: it only uses calls that existed before
// tracing, so that the same benchmark runs on both sides of the change.
func BenchmarkUntracedStep(b *testing.B) {
	for _, c := range traceBenchCases {
		b.Run(c.name, func(b *testing.B) {
			net, x, y := traceBenchNet(b, c.sizes, c.batch)
			b.ReportAllocs()
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
}

// BenchmarkTracedStep times Trace, the same training step recorded: what
// tracing costs when it is asked for.
func BenchmarkTracedStep(b *testing.B) {
	for _, c := range traceBenchCases {
		b.Run(c.name, func(b *testing.B) {
			net, x, y := traceBenchNet(b, c.sizes, c.batch)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := net.Trace(x, y, 0.01); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
