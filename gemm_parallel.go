package mlp

import "sync"

// Products large enough to share run on several goroutines, each computing
// a block of C's rows or columns (never a part of the summation: see
// gemm_blocked.go). The goroutines other than the caller come from a pool
// that lives as long as the program, started as they are first needed:
// starting a goroutine per product would allocate its closure every time,
// and a training step must not allocate. An idle worker waits on a channel
// and costs only its stack.
//
// The pool, and the free list of job buffers that lets a product reuse the
// packing memory of the one before, are the package's only mutable global
// state; both are safe for concurrent use, and neither changes a result.
// The buffers take a few megabytes at most for each goroutine that has
// shared a product at once.

// parallelMin is the number of multiply-adds (m·n·k) from which a product
// is shared between goroutines: below it, handing work over costs more than
// it saves. No goroutine gets less than half of it.
const parallelMin = 1 << 19

// gemmTask is one block of a product, with the packing buffers to compute
// it with.
type gemmTask struct {
	kn             *kernel
	g              *gemmArgs
	s              *scratch
	i0, i1, j0, j1 int
	wg             *sync.WaitGroup
}

// gemmJob is what one call of a blocked product needs besides its operands:
// the blocks it is divided into, and packing buffers for each. The buffers
// belong to the job, not to the goroutine that happens to run a block, so
// that a job reused for the same shapes never needs larger ones.
type gemmJob struct {
	args  gemmArgs
	s     []scratch // s[t] for block t
	tasks []gemmTask
	wg    sync.WaitGroup
}

var pool struct {
	mu      sync.Mutex
	workers int            // worker goroutines started
	jobs    []*gemmJob     // free gemmJobs, to reuse
	tasks   chan *gemmTask // the workers' queue
}

func init() { pool.tasks = make(chan *gemmTask, 64) }

// worker runs the tasks of the queue.
func worker() {
	for t := range pool.tasks {
		t.kn.part(t.s, t.g, t.i0, t.i1, t.j0, t.j1)
		t.wg.Done()
	}
}

func getJob(workers int) *gemmJob {
	pool.mu.Lock()
	for pool.workers < workers {
		pool.workers++
		go worker()
	}
	var j *gemmJob
	if n := len(pool.jobs); n > 0 {
		j = pool.jobs[n-1]
		pool.jobs = pool.jobs[:n-1]
	}
	pool.mu.Unlock()
	if j == nil {
		j = new(gemmJob)
	}
	return j
}

func putJob(j *gemmJob) {
	j.args = gemmArgs{} // do not keep the caller's matrices alive
	clear(j.tasks)
	pool.mu.Lock()
	pool.jobs = append(pool.jobs, j)
	pool.mu.Unlock()
}

// split returns how to divide an m×n product between at most procs
// goroutines: into parts blocks of rows (byRows) or of columns, each a
// whole number of micro-tiles. It picks the division whose largest block
// is smallest, counting padded tiles.
func (kn *kernel) split(m, n, k, procs int) (parts int, byRows bool) {
	if procs < 2 || m*n*k < parallelMin {
		return 1, true
	}
	procs = min(procs, m*n*k/(parallelMin/2))
	pm, pn := (m+kn.mr-1)/kn.mr, (n+kn.nr-1)/kn.nr // micro-panels each way
	tm, tn := min(procs, pm), min(procs, pn)
	rowCost := (pm + tm - 1) / tm * kn.mr * pn * kn.nr
	colCost := (pn + tn - 1) / tn * kn.nr * pm * kn.mr
	if rowCost <= colCost {
		return tm, true
	}
	return tn, false
}
