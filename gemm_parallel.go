package mlp

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Products large enough to share run on several goroutines. The scheme is
// made so that sharing cannot cost much more than it gains, whatever the
// other cores are doing:
//
//   - One operand is packed once, by the calling goroutine, into a buffer
//     every goroutine reads (the shared operand); the other is cut into
//     chunks of whole micro-panels, of C's columns when op(A) is shared or
//     of C's rows when op(B) is, and each chunk is packed by the goroutine
//     that computes it. So nothing is packed twice: the goroutines together
//     pack exactly what one goroutine alone would.
//   - The chunks are claimed one at a time from a counter, by the caller and
//     by the workers alike. The caller never waits for a worker to start:
//     a worker that wakes late (another program has its core, or the
//     operating system is slow to wake it) finds fewer chunks left, or none,
//     and the caller has computed the rest. The caller waits only for the
//     chunks a worker has claimed and not finished, one chunk at most each.
//   - Whether to share at all is decided by the shape alone (parallelParts):
//     only a product whose modelled time on one goroutine is several times
//     the modelled cost of waking a worker is shared.
//
// A worker is woken by handing it the job on a channel, after which the
// caller yields its processor once (runtime.Gosched): the Go scheduler runs
// a goroutine just woken on the waker's processor next, and another
// processor takes it only after a delay (measured at 80 to 300 µs on the
// development machine's virtual processors, more than half of a 784-128-10
// step's largest product), while after the yield the worker starts within
// microseconds and the caller is taken up by the idle processor as fast.
//
// The goroutines other than the caller come from a pool that lives as long
// as the program, started as they are first needed: starting a goroutine
// per product would allocate its closure every time, and a training step
// must not allocate. An idle worker waits on a channel and costs only its
// stack. The pool and the free list of jobs that lets a product reuse the
// packing memory of the one before are the package's only mutable global
// state; both are safe for concurrent use, and neither changes a result.
//
// Every element of C is computed by the same kernel calls on the same
// packed values whichever goroutine computes it and however the product is
// cut (the kc-slices of the summation are those of one goroutine, in the
// same order), so results are the same bit for bit whatever GOMAXPROCS is.

// wakeNs is the modelled cost, in nanoseconds, of waking a worker: from
// handing it a job to its first chunk, with the caller's yield. The
// development machine's 2 virtual processors took 1 to 25 µs; the model
// takes the slow end.
const wakeNs = 25_000

// parallelMinNs is the modelled time on one goroutine, in nanoseconds, from
// which a product is shared: four times wakeNs, so that with a worker that
// starts wakeNs late the product is still at least three eighths faster on
// two goroutines than on one, and one that never starts costs the caller
// only the handing over, about a microsecond.
const parallelMinNs = 4 * wakeNs

// sharedMax bounds the shared operand's packed buffer, in float64 values
// (8 MiB). A product whose shared operand is larger is computed in rounds,
// each sharing one block of it.
const sharedMax = 1 << 20

// parallelParts returns how many goroutines, at most procs, to share an
// m×n×k product between, and which operand they share: op(A) (shareA, C cut
// into chunks of columns) or op(B) (C cut into chunks of rows). It returns
// 1 when sharing would gain too little: when the product's modelled time on
// one goroutine, m·n·k at the kernel's modelled rate, is below
// parallelMinNs. The smaller packed operand is shared, since the caller
// packs it alone; C must have at least two micro-panels across the other
// way.
func (kn *kernel) parallelParts(m, n, k, procs int) (parts int, shareA bool) {
	if procs < 2 || float64(m)*float64(n)*float64(k)/kn.macsPerNs < parallelMinNs {
		return 1, true
	}
	pm, pn := (m+kn.mr-1)/kn.mr, (n+kn.nr-1)/kn.nr // micro-panels each way
	shareA = pm*kn.mr <= pn*kn.nr
	chunkable := pn
	if !shareA {
		chunkable = pm
	}
	if chunkable < 2 {
		shareA, chunkable = !shareA, pm+pn-chunkable
	}
	if chunkable < 2 {
		return 1, true
	}
	return min(procs, chunkable), shareA
}

// gemmBufs are the packing buffers of a product's calling goroutine, with
// the buffer of the shared operand when the product is shared. They grow to
// the largest size asked for and are kept, on a free list: a caller takes
// one for a product and puts it back when its product is done, so that a
// training step reuses the same ones, step after step.
type gemmBufs struct {
	s      scratch
	shared []float64
}

// gemmJob is one shared product, or one round of it: what its goroutines
// need besides their own packing buffers. A job is reused from a free list
// once every goroutine it was handed to has let go of it, which for a
// worker that wakes after the product is done is later than the caller
// (so jobs hold no buffers, which a new one would have to grow).
type gemmJob struct {
	kn     *kernel
	args   gemmArgs  // the product (a round is a product of a block of rows or columns)
	shareA bool      // op(A) is shared and chunks are columns of C; otherwise op(B) and rows
	nk     int       // slices of the summation
	unit   int       // a chunk's width along the chunked dimension (whole micro-panels)
	chunks int       // number of chunks
	shared []float64 // the shared operand, packed: slice q (from p0) at shared[P·p0:], P its padded size

	ready atomic.Bool    // shared is packed
	next  atomic.Int64   // the next chunk to claim
	left  sync.WaitGroup // chunks not finished
	refs  atomic.Int32   // goroutines holding the job: the last one frees it
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
		for !j.ready.Load() { // the caller is packing the shared operand
			runtime.Gosched()
		}
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
	j.args, j.shared = gemmArgs{}, nil // do not keep the caller's matrices alive
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

// gemmShared computes C = op(A)·op(B) on up to parts goroutines, sharing
// op(A) if shareA and op(B) otherwise, in rounds of at most sharedMax
// values of the shared operand.
func (kn *kernel) gemmShared(g *gemmArgs, parts int, shareA bool) {
	// Rows (shareA) or columns of C a round: whole micro-panels, at least one.
	unit := kn.mr
	total := g.m
	if !shareA {
		unit, total = kn.nr, g.n
	}
	step := max(unit, sharedMax/g.k/unit*unit)
	for r0 := 0; r0 < total; r0 += step {
		r1 := min(r0+step, total)
		round := *g
		if shareA {
			round.m = r1 - r0
			round.a = g.a[offset(g.ta, r0, g.lda):]
			round.c = g.c[r0*g.ldc:]
		} else {
			round.n = r1 - r0
			round.b = g.b[offset(!g.tb, r0, g.ldb):]
			round.c = g.c[r0:]
		}
		kn.sharedRound(&round, parts, shareA)
	}
}

// offset returns where row r of X starts in its slice when X is stored
// as is (trans false, row stride ld) or transposed (trans true: its rows
// are the stored columns).
func offset(trans bool, r, ld int) int {
	if trans {
		return r
	}
	return r * ld
}

// sharedRound computes one round of gemmShared: the whole product g, with
// the shared operand packed once.
func (kn *kernel) sharedRound(g *gemmArgs, parts int, shareA bool) {
	j := getJob(parts - 1)
	if j == nil {
		kn.alone(g)
		return
	}
	j.plan(kn, g, parts, shareA)
	j.ready.Store(false)
	j.next.Store(0)
	j.left.Add(j.chunks)
	j.refs.Store(1)
	sent := 0
	for t := 1; t < parts; t++ {
		j.refs.Add(1)
		select {
		case pool.queue <- j:
			sent++
		default: // the workers are busy with other products: go on without
			j.refs.Add(-1)
		}
	}
	if sent > 0 {
		runtime.Gosched() // let a worker take this processor (see the file's comment)
	}
	bufs := getBufs()
	j.packShared(bufs)
	j.ready.Store(true)
	j.work(&bufs.s)
	j.left.Wait() // every chunk is done: no goroutine reads the buffers any more
	putBufs(bufs)
	j.release()
}

// plan sets j up for the product g on parts goroutines sharing op(A)
// (shareA) or op(B), and cuts it into chunks.
func (j *gemmJob) plan(kn *kernel, g *gemmArgs, parts int, shareA bool) {
	j.kn, j.args, j.shareA, j.nk = kn, *g, shareA, kn.kslices(g.k)
	panel, other := kn.nr, g.n // chunks cut the other dimension, in whole panels
	if !shareA {
		panel, other = kn.mr, g.m
	}
	panels := (other + panel - 1) / panel
	// About eight chunks a goroutine, so that one that starts late or is
	// slowed leaves little for the others to wait for.
	per := max(1, panels/(8*parts))
	j.unit, j.chunks = per*panel, (panels+per-1)/per
}

// packShared packs the shared operand, every slice of the summation, into
// bufs.shared, and makes it j's.
func (j *gemmJob) packShared(bufs *gemmBufs) {
	kn, g := j.kn, &j.args
	rows := roundUp(g.m, kn.mr)
	if !j.shareA {
		rows = roundUp(g.n, kn.nr)
	}
	bufs.shared = grow(bufs.shared, rows*g.k)
	j.shared = bufs.shared
	for q := 0; q < j.nk; q++ {
		p0, p1 := q*g.k/j.nk, (q+1)*g.k/j.nk
		dst := j.shared[rows*p0 : rows*p1]
		if j.shareA {
			packA(g, 0, g.m, p0, p1-p0, kn.mr, dst)
		} else {
			packB(g, p0, p1-p0, 0, g.n, kn.nr, dst)
		}
	}
}

// work claims and computes chunks until none is left.
func (j *gemmJob) work(s *scratch) {
	for {
		c := int(j.next.Add(1) - 1)
		if c >= j.chunks {
			return
		}
		j.chunk(s, c)
		j.left.Done()
	}
}

// chunk computes chunk c: columns [c·unit, (c+1)·unit) of C when op(A) is
// shared, rows otherwise, packing its part of the other operand into s.
func (j *gemmJob) chunk(s *scratch, c int) {
	kn, g := j.kn, &j.args
	mr, nr := kn.mr, kn.nr
	if j.shareA {
		c0, c1 := c*j.unit, min((c+1)*j.unit, g.n)
		rows := roundUp(g.m, mr)
		s.b = grow(s.b, roundUp(c1-c0, nr)*kn.kc)
		s.tile = grow(s.tile, mr*nr)
		for q := 0; q < j.nk; q++ {
			p0, p1 := q*g.k/j.nk, (q+1)*g.k/j.nk
			kc := p1 - p0
			packB(g, p0, kc, c0, c1-c0, nr, s.b)
			as := j.shared[rows*p0 : rows*p1]
			for ic := 0; ic < g.m; ic += kn.mc { // a block of A that stays in L2
				for jr := c0; jr < c1; jr += nr {
					bp := s.b[(jr-c0)*kc : (jr-c0+nr)*kc]
					for ir := ic; ir < min(ic+kn.mc, g.m); ir += mr {
						kn.tile(s, kc, as[ir*kc:(ir+mr)*kc], bp, g.c, ir, jr, g.ldc, min(mr, g.m-ir), min(nr, c1-jr), q > 0)
					}
				}
			}
		}
		return
	}
	r0, r1 := c*j.unit, min((c+1)*j.unit, g.m)
	cols := roundUp(g.n, nr)
	s.a = grow(s.a, roundUp(r1-r0, mr)*kn.kc)
	s.tile = grow(s.tile, mr*nr)
	for q := 0; q < j.nk; q++ {
		p0, p1 := q*g.k/j.nk, (q+1)*g.k/j.nk
		kc := p1 - p0
		packA(g, r0, r1-r0, p0, kc, mr, s.a)
		bs := j.shared[cols*p0 : cols*p1]
		for jr := 0; jr < g.n; jr += nr {
			bp := bs[jr*kc : (jr+nr)*kc]
			for ir := r0; ir < r1; ir += mr {
				kn.tile(s, kc, s.a[(ir-r0)*kc:(ir-r0+mr)*kc], bp, g.c, ir, jr, g.ldc, min(mr, r1-ir), min(nr, g.n-jr), q > 0)
			}
		}
	}
}
