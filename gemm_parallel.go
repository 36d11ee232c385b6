package mlp

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Products large enough to share run on several goroutines, each computing
// a block of C's rows or columns (never a part of the summation: see
// gemm_blocked.go). The scheme is made so that sharing cannot cost much
// more than it gains, whatever the other cores are doing:
//
//   - Whether to share at all, and whether by rows or by columns, is decided
//     by the shape alone (parallelParts), from a model of the product's time
//     on one goroutine and on several: the multiply-adds at the kernel's
//     modelled speed, the packing (each goroutine packs its block of one
//     operand and all of the other, so sharing packs that one twice), and
//     the time a worker takes to start. A product is shared only when it
//     takes at least a millisecond and the model says it gains at least a
//     quarter of its time.
//   - The blocks are claimed from a counter, by the caller and the workers
//     alike, the caller first. A worker that starts late (another program
//     has its core, or the operating system is slow to give it one) finds
//     its block taken and the caller computes it: the product then costs
//     what it costs on one goroutine, plus a microsecond of handing over.
//     The caller waits only for a block a worker has started.
//   - After handing the blocks over, the caller yields its processor once
//     (runtime.Gosched): the Go scheduler runs a goroutine just woken on
//     the waker's processor next, and another processor takes it only after
//     a delay, measured at 80 to 300 µs on the development machine's
//     virtual processors, while after the yield the worker starts at once
//     and the caller is taken up by the other processor (40 to 90 µs there).
//
// The goroutines other than the caller come from a pool that lives as long
// as the program, started as they are first needed: starting a goroutine
// per product would allocate its closure every time, and a training step
// must not allocate. An idle worker waits on a channel and costs only its
// stack. The pool and the free lists of jobs and of packing buffers, which
// let a product reuse the memory of the one before, are the package's only
// mutable global state; all are safe for concurrent use, and none changes a
// result.

// wakeNs is the modelled time, in nanoseconds, from handing a worker a
// block to the worker computing it, with the caller's yield: 40 to 90 µs
// on the development machine's virtual processors, a few µs on most.
const wakeNs = 50_000

// packNs is the modelled time, in nanoseconds, to pack one value of an
// operand (0.3 to 0.4 ns on the development machine).
const packNs = 0.35

// parallelMinNs is the shortest modelled time on one goroutine, in
// nanoseconds, of a product that is shared: 20 times wakeNs. Below it the
// gain is too uncertain: a worker whose processor runs at half speed
// (another program, or a virtual processor sharing a physical core, as the
// development machine's often do) finishes its half when the caller would
// have finished the whole, and the 784-128-10 step at batch 128, whose two
// largest products take about 0.35 ms each, ran 10-30% slower at
// GOMAXPROCS 2 when they were shared.
const parallelMinNs = 20 * wakeNs

// maxBlocks bounds the blocks a product is cut into: one a goroutine.
const maxBlocks = 64

// parallelParts returns how many goroutines, at most procs, to share an
// m×n×k product between, and whether C is cut into blocks of rows (byRows)
// or of columns, each a whole number of micro-panels. It compares the
// modelled time on one goroutine, t1, with the modelled time of the
// slowest block of each division (its multiply-adds, including padded
// tiles, its own packing and the whole of the operand every block packs,
// and wakeNs), and shares only when the best division saves a quarter of
// t1, and only products of at least parallelMinNs; otherwise, or with one
// processor, it returns 1.
func (kn *kernel) parallelParts(m, n, k, procs int) (parts int, byRows bool) {
	procs = min(procs, maxBlocks)
	if procs < 2 {
		return 1, true
	}
	pm, pn := (m+kn.mr-1)/kn.mr, (n+kn.nr-1)/kn.nr // micro-panels each way
	mp, np, kf := float64(pm*kn.mr), float64(pn*kn.nr), float64(k)
	t1 := mp*np*kf/kn.macsPerNs + packNs*(mp+np)*kf
	tm, tn := min(procs, pm), min(procs, pn)
	rows := float64((pm + tm - 1) / tm * kn.mr) // rows of the largest block of rows
	cols := float64((pn + tn - 1) / tn * kn.nr)
	rowTime := wakeNs + rows*np*kf/kn.macsPerNs + packNs*(rows+np)*kf
	colTime := wakeNs + mp*cols*kf/kn.macsPerNs + packNs*(mp+cols)*kf
	parts, byRows, t := tm, true, rowTime
	if colTime < rowTime {
		parts, byRows, t = tn, false, colTime
	}
	if parts < 2 || t1 < parallelMinNs || t > 0.75*t1 {
		return 1, true
	}
	return parts, byRows
}

// gemmJob is one shared product: its blocks, claimed from next. A job is
// reused from a free list once every goroutine it was handed to has let go
// of it, which for a worker that starts after the product is done is later
// than the caller; so a job holds no packing buffers (each goroutine has
// its own), which a new job would have to grow.
type gemmJob struct {
	kn     *kernel
	args   gemmArgs
	blocks [maxBlocks][4]int // rows [0], [1] and columns [2], [3] of block t
	parts  int

	next atomic.Int64   // the next block to claim
	left sync.WaitGroup // blocks not finished
	refs atomic.Int32   // goroutines holding the job: the last one frees it
}

// gemmBufs are the packing buffers of a product's calling goroutine. They grow to
// the largest size asked for and are kept, on a free list: a caller takes
// one for a product and puts it back when its product is done, so that a
// training step reuses the same ones, step after step.
type gemmBufs struct {
	s scratch
}

var pool struct {
	mu      sync.Mutex
	workers int           // worker goroutines started
	made    int           // gemmJobs made
	jobs    []*gemmJob    // free gemmJobs, to reuse
	bufs    []*gemmBufs   // free gemmBufs, to reuse
	queue   chan *gemmJob // jobs for the workers
}

func init() { pool.queue = make(chan *gemmJob, 64) }

// worker helps with the jobs of the queue, with packing buffers of its own.
func worker() {
	var s scratch
	for j := range pool.queue {
		j.work(&s)
		j.release()
	}
}

// getJob returns a free job, starting workers until there are at least
// workers of them, or nil when every job there may be is held: at most
// jobsPerWorker for each worker, so that workers that keep waking late
// (each holds its job until it wakes) do not make products allocate new
// ones without end. The caller then computes its product alone.
func getJob(workers int) *gemmJob {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	for pool.workers < workers {
		pool.workers++
		go worker()
	}
	if n := len(pool.jobs); n > 0 {
		j := pool.jobs[n-1]
		pool.jobs = pool.jobs[:n-1]
		return j
	}
	if pool.made >= jobsPerWorker*pool.workers {
		return nil
	}
	pool.made++
	return new(gemmJob)
}

// jobsPerWorker bounds the number of jobs (see getJob).
const jobsPerWorker = 4

func putJob(j *gemmJob) {
	j.args = gemmArgs{} // do not keep the caller's matrices alive
	pool.mu.Lock()
	pool.jobs = append(pool.jobs, j)
	pool.mu.Unlock()
}

func getBufs() *gemmBufs {
	pool.mu.Lock()
	var b *gemmBufs
	if n := len(pool.bufs); n > 0 {
		b = pool.bufs[n-1]
		pool.bufs = pool.bufs[:n-1]
	}
	pool.mu.Unlock()
	if b == nil {
		b = new(gemmBufs)
	}
	return b
}

func putBufs(b *gemmBufs) {
	pool.mu.Lock()
	pool.bufs = append(pool.bufs, b)
	pool.mu.Unlock()
}

// release lets go of j; the last goroutine to let go frees it.
func (j *gemmJob) release() {
	if j.refs.Add(-1) == 0 {
		putJob(j)
	}
}

// gemmParallel computes C = op(A)·op(B) on up to parts goroutines, C cut
// into parts blocks of rows (byRows) or columns, each computed by kn.part.
func (kn *kernel) gemmParallel(g *gemmArgs, parts int, byRows bool) {
	j := getJob(parts - 1)
	if j == nil {
		kn.alone(g)
		return
	}
	j.kn, j.args, j.parts = kn, *g, parts
	// Block t gets panels [t·P/parts, (t+1)·P/parts) of the P micro-panels.
	unit, total := kn.nr, g.n
	if byRows {
		unit, total = kn.mr, g.m
	}
	panels := (total + unit - 1) / unit
	for t := 0; t < parts; t++ {
		lo, hi := t*panels/parts*unit, min((t+1)*panels/parts*unit, total)
		j.blocks[t] = [4]int{0, g.m, lo, hi}
		if byRows {
			j.blocks[t] = [4]int{lo, hi, 0, g.n}
		}
	}
	j.next.Store(0)
	j.left.Add(parts)
	j.refs.Store(1)
	sent := 0
	for t := 1; t < parts; t++ {
		j.refs.Add(1)
		select {
		case pool.queue <- j:
			sent++
		default: // the queue is full of other products' blocks: go on without
			j.refs.Add(-1)
		}
	}
	if sent > 0 {
		runtime.Gosched() // let a worker take this processor (see the file's comment)
	}
	bufs := getBufs()
	j.work(&bufs.s)
	j.left.Wait()
	putBufs(bufs)
	j.release()
}

// work claims and computes blocks until none is left.
func (j *gemmJob) work(s *scratch) {
	for {
		t := int(j.next.Add(1) - 1)
		if t >= j.parts {
			return
		}
		b := &j.blocks[t]
		j.kn.part(s, &j.args, b[0], b[1], b[2], b[3])
		j.left.Done()
	}
}
