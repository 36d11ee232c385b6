package mlp

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// allocsPerRun is testing.AllocsPerRun with GOMAXPROCS set to procs
// (AllocsPerRun itself sets it to 1, which would keep products on one
// goroutine): the number of heap allocations, by every goroutine, of runs
// calls of f after warming calls, divided by runs and rounded down as
// AllocsPerRun does.
//
// The warming and the rounding matter here: the runtime itself allocates
// while goroutines block on one processor and wake on another (each
// processor keeps a cache of up to 128 wait-queue entries, filled from a
// shared list or by allocating, and a product shared between goroutines
// moves entries from one processor's cache to another's), until the caches
// hold enough entries; that takes hundreds of steps. So the warming calls
// go on, in rounds of runs calls, until a round allocates nothing (at most
// 40 rounds), and the rounding forgives an entry now and then afterwards,
// which an allocation in every call would not be mistaken for.
func allocsPerRun(procs, runs int, f func()) float64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var before, after runtime.MemStats
	for round := 0; round < 40; round++ {
		runtime.ReadMemStats(&before)
		for i := 0; i < runs; i++ {
			f()
		}
		runtime.ReadMemStats(&after)
		if after.Mallocs == before.Mallocs {
			break
		}
	}
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64((after.Mallocs - before.Mallocs) / uint64(runs))
}

// trainingNet returns a network whose products take every path: tiny ones
// (the last layer's, batch 3), packed ones, and ones large enough to be
// shared between goroutines.
func trainingNet(t *testing.T, batch int) (net *Network, x, y *Matrix) {
	t.Helper()
	net, err := New([]int{300, 200, 2}, WithSeed(3))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, y = NewMatrix(batch, 300, nil), NewMatrix(batch, 2, nil)
	for i := range x.data {
		x.data[i] = rng.Float64()
	}
	for i := range y.data {
		y.data[i] = rng.Float64()
	}
	return net, x, y
}

func trainStep(t *testing.T, net *Network, x, y *Matrix) {
	if _, err := net.Forward(x); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Backward(y); err != nil {
		t.Fatal(err)
	}
	net.Step(0.01)
}

// TestTrainingStepAllocsLarge: a training step on shapes already seen
// allocates nothing, with products packed and shared between goroutines
// as well as tiny ones, with GOMAXPROCS 1, 2 and 4.
func TestTrainingStepAllocsLarge(t *testing.T) {
	net, x, y := trainingNet(t, 1024)
	if parts, _ := bestKernel.parallelParts(1024, 200, 300, 2); parts != 2 {
		t.Fatalf("the 1024×300×200 product is not shared between 2 goroutines (%d parts): the test would not test the pool", parts)
	}
	runs := 50
	if raceEnabled {
		runs = 5 // each step is 20 times slower; a step that allocates does so every time
	}
	for _, procs := range []int{1, 2, 4} {
		if n := allocsPerRun(procs, runs, func() { trainStep(t, net, x, y) }); n != 0 {
			t.Errorf("GOMAXPROCS=%d: a training step allocates %v times, want 0", procs, n)
		}
	}
	// testing.AllocsPerRun agrees (it runs with GOMAXPROCS=1).
	if n := testing.AllocsPerRun(10, func() { trainStep(t, net, x, y) }); n != 0 {
		t.Errorf("testing.AllocsPerRun: a training step allocates %v times, want 0", n)
	}
}

// TestTrainingGOMAXPROCS: training gives the same weights, bit for bit,
// with GOMAXPROCS 1, 2 and 3.
func TestTrainingGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want [][]float64
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		net, x, y := trainingNet(t, 1024)
		for i := 0; i < 3; i++ {
			trainStep(t, net, x, y)
		}
		var got [][]float64
		for _, l := range net.Layers {
			got = append(got, l.W.data, l.B.data, l.A.data, l.DA.data)
		}
		if want == nil {
			want = got
			continue
		}
		for i := range want {
			for j := range want[i] {
				if math.Float64bits(got[i][j]) != math.Float64bits(want[i][j]) {
					t.Fatalf("GOMAXPROCS=%d: matrix %d element %d = %v, want %v as with GOMAXPROCS=1", procs, i, j, got[i][j], want[i][j])
				}
			}
		}
	}
}
