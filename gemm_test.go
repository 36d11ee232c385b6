package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// naiveGemm is the textbook triple loop, C[i,j] = Σ_p op(A)[i,p]·op(B)[p,j],
// written independently of the code under test. It also returns, for each
// element, Σ_p |op(A)[i,p]·op(B)[p,j]|, which bounds the rounding error of
// any order of summation.
func naiveGemm(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int) (c, abs []float64) {
	opA := func(i, p int) float64 {
		if ta {
			return a[p*lda+i]
		}
		return a[i*lda+p]
	}
	opB := func(p, j int) float64 {
		if tb {
			return b[j*ldb+p]
		}
		return b[p*ldb+j]
	}
	c, abs = make([]float64, m*n), make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			for p := 0; p < k; p++ {
				x := opA(i, p) * opB(p, j)
				c[i*n+j] += x
				abs[i*n+j] += math.Abs(x)
			}
		}
	}
	return c, abs
}

// gemmCase is one product with its operands stored with padded rows (row
// stride larger than the row), so that a kernel reading or writing past a
// row shows.
type gemmCase struct {
	ta, tb        bool
	m, n, k       int
	a, b, c       []float64
	lda, ldb, ldc int
}

const sentinel = -7.25e300 // the value of C's padding, which must survive

func newGemmCase(rng *rand.Rand, ta, tb bool, m, n, k, pad int) *gemmCase {
	g := &gemmCase{ta: ta, tb: tb, m: m, n: n, k: k}
	ar, ac := m, k
	if ta {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb {
		br, bc = n, k
	}
	g.lda, g.ldb, g.ldc = ac+pad, bc+pad, n+pad // padding that must be neither read nor written
	fill := func(rows, ld int) []float64 {
		s := make([]float64, rows*ld)
		for i := range s {
			s[i] = rng.NormFloat64()
		}
		return s
	}
	g.a, g.b = fill(ar, g.lda), fill(br, g.ldb)
	g.c = make([]float64, m*g.ldc)
	for i := range g.c {
		g.c[i] = sentinel // stale values and padding: every element of C must be overwritten
	}
	return g
}

// check compares g.c with the naive product: each element within the
// rounding error bound 2·k·ε·Σ|terms| of any summation order, and the
// padding of C untouched.
func (g *gemmCase) check(t *testing.T, name string) {
	t.Helper()
	want, abs := naiveGemm(g.ta, g.tb, g.m, g.n, g.k, g.a, g.lda, g.b, g.ldb)
	bad := 0
	for i := 0; i < g.m; i++ {
		for j := 0; j < g.ldc; j++ {
			got := g.c[i*g.ldc+j]
			if j >= g.n {
				if got != sentinel {
					t.Errorf("%s: C padding (%d,%d) = %v, want untouched", name, i, j, got)
					return
				}
				continue
			}
			tol := 2 * float64(g.k+1) * 0x1p-52 * abs[i*g.n+j]
			if d := math.Abs(got - want[i*g.n+j]); !(d <= tol) {
				if bad++; bad <= 3 {
					t.Errorf("%s: C(%d,%d) = %v, want %v (tolerance %.3g)", name, i, j, got, want[i*g.n+j], tol)
				}
			}
		}
	}
}

func (g *gemmCase) String() string {
	return fmt.Sprintf("ta=%v tb=%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d", g.ta, g.tb, g.m, g.n, g.k, g.lda, g.ldb, g.ldc)
}

// run computes g with kernel kn: through gemmWith (which takes the
// straight loops for tiny products) or, with blocked, through the packed
// product whatever the size.
func (g *gemmCase) run(kn *kernel, blocked bool) {
	if blocked && g.m > 0 && g.n > 0 && g.k > 0 {
		kn.gemmBlocked(g.ta, g.tb, g.m, g.n, g.k, g.a, g.lda, g.b, g.ldb, g.c, g.ldc, nil)
		return
	}
	gemmWith(kn, g.ta, g.tb, g.m, g.n, g.k, g.a, g.lda, g.b, g.ldb, g.c, g.ldc, nil)
}

var transposes = [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}}

// TestGemmKernels compares every kernel this processor can run (the
// assembly ones and the pure-Go one) with the naive loop, on sizes from 0
// up, primes, and sizes on either side of each kernel's tile and block
// sizes, in every orientation.
func TestGemmKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kn := range kernels() {
		sizes := []int{0, 1, 2, 3, 5, 7, 13, 31, kn.mr - 1, kn.mr, kn.mr + 1, kn.nr - 1, kn.nr, kn.nr + 1, 2*kn.mr + 1, 2*kn.nr + 3}
		t.Run(kn.name, func(t *testing.T) {
			for _, tr := range transposes {
				for _, m := range sizes {
					for _, n := range sizes {
						for _, k := range []int{0, 1, 2, 7, 17} {
							for _, blocked := range []bool{false, true} {
								g := newGemmCase(rng, tr[0], tr[1], m, n, k, (m+n+k)%3)
								g.run(kn, blocked)
								g.check(t, fmt.Sprintf("%s blocked=%v %v", kn.name, blocked, g))
							}
						}
					}
				}
				// Sizes that cross the cache blocks: kc, mc, nc and their edges.
				for _, s := range [][3]int{
					{kn.mc + 1, 3*kn.nr + 5, kn.kc + 1},
					{2*kn.mc - 1, kn.nr + 1, 2*kn.kc + 3},
					{kn.mr + 3, kn.nc + kn.nr + 1, 11},
					{127, 131, 263},
					{1, 1, 3 * kn.kc},
				} {
					g := newGemmCase(rng, tr[0], tr[1], s[0], s[1], s[2], 1)
					g.run(kn, true)
					g.check(t, fmt.Sprintf("%s %v", kn.name, g))
				}
			}
		})
	}
}

// TestGemmSplitsAgree: each kernel gives the same bits whether a product
// is computed as one block or divided into row or column blocks of any
// size, the property that makes results independent of GOMAXPROCS.
func TestGemmSplitsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, kn := range kernels() {
		for _, tr := range transposes {
			const m, n, k = 61, 67, 523
			g := newGemmCase(rng, tr[0], tr[1], m, n, k, 0)
			args := gemmArgs{ta: g.ta, tb: g.tb, m: m, n: n, k: k, a: g.a, lda: g.lda, b: g.b, ldb: g.ldb, c: g.c, ldc: g.ldc}
			var s scratch
			kn.part(&s, &args, 0, m, 0, n)
			g.check(t, kn.name+" one block "+g.String())
			want := append([]float64(nil), g.c...)
			for _, cut := range [][4]int{{0, kn.mr, 0, n}, {kn.mr, m, 0, n}, {0, m, 0, kn.nr}, {0, m, kn.nr, n}, {0, 3 * kn.mr, 0, 2 * kn.nr}} {
				clear(g.c)
				kn.part(&s, &args, cut[0], cut[1], cut[2], cut[3])
				for i := cut[0]; i < cut[1]; i++ {
					for j := cut[2]; j < cut[3]; j++ {
						if got, w := g.c[i*n+j], want[i*n+j]; math.Float64bits(got) != math.Float64bits(w) {
							t.Fatalf("%s %v: block rows [%d,%d) cols [%d,%d): C(%d,%d) = %v, want %v as computed in one block",
								kn.name, g, cut[0], cut[1], cut[2], cut[3], i, j, got, w)
						}
					}
				}
			}
		}
	}
}

// TestGemmGOMAXPROCS: products large enough to be shared between
// goroutines give the same bits with GOMAXPROCS 1, 2 and 3, cut by rows or
// by columns, on every kernel (under -race, the kernel in use: sweepKernels).
func TestGemmGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(7, 8))
	for _, kn := range sweepKernels() {
		for _, tr := range transposes {
			for _, shape := range [][3]int{{400, 400, 400}, {1200, 40, 1000}, {40, 1200, 1000}} {
				g := newGemmCase(rng, tr[0], tr[1], shape[0], shape[1], shape[2], 0)
				var want []float64
				for _, procs := range []int{1, 2, 3} {
					runtime.GOMAXPROCS(procs)
					if parts, _ := kn.parallelParts(g.m, g.n, g.k, procs); parts != procs {
						t.Errorf("%s %v: split into %d parts with GOMAXPROCS=%d, want %d", kn.name, g, parts, procs, procs)
					}
					clear(g.c)
					g.run(kn, true)
					if want == nil {
						g.check(t, kn.name+" "+g.String())
						want = append([]float64(nil), g.c...)
						continue
					}
					for i := range want {
						if math.Float64bits(g.c[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s %v: GOMAXPROCS=%d: C[%d] = %v, want %v as with GOMAXPROCS=1", kn.name, g, procs, i, g.c[i], want[i])
						}
					}
				}
			}
		}
	}
}

// FuzzGemm compares every kernel with the naive loop on fuzzed shapes,
// orientations, strides and values, its shared product, cut every way,
// with its product on one goroutine, and its few-row product (gemv) with
// its blocked product, bit for bit.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint8(0), false, false, uint8(0), uint64(1))
	f.Add(uint8(1), uint8(1), uint8(1), true, false, uint8(1), uint64(2))
	f.Add(uint8(13), uint8(17), uint8(29), false, true, uint8(2), uint64(3))
	f.Add(uint8(25), uint8(33), uint8(255), true, true, uint8(0), uint64(4))
	f.Add(uint8(12), uint8(16), uint8(200), false, false, uint8(3), uint64(5))
	f.Fuzz(func(t *testing.T, m, n, k uint8, ta, tb bool, pad uint8, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 9))
		for _, kn := range kernels() {
			for _, blocked := range []bool{false, true} {
				g := newGemmCase(rng, ta, tb, int(m)%70, int(n)%70, int(k), int(pad)%4)
				g.run(kn, blocked)
				g.check(t, fmt.Sprintf("%s blocked=%v %v", kn.name, blocked, g))
			}
			newGemmCase(rng, ta, tb, int(m)%70, int(n)%70, int(k), int(pad)%4).checkChunks(t, kn)
			if rows := 1 + int(m)%gemvRowsMax; n > 0 && k > 0 {
				newGemmCase(rng, ta, false, rows, int(n), int(k), int(pad)%4).checkGemv(t, kn)
			}
		}
	})
}

// BenchmarkKernels times each kernel's blocked product at the shapes of the
// 1024-1024-1024-10 step's middle layer (M×K×N, all three orientations).
func BenchmarkKernels(b *testing.B) {
	const m, k, n = 256, 1024, 1024
	for _, kn := range kernels() {
		for _, tr := range transposes[:3] {
			name := map[[2]bool]string{{false, false}: "NN", {true, false}: "TN", {false, true}: "NT"}[tr]
			b.Run(kn.name+"/"+name, func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 1))
				g := newGemmCase(rng, tr[0], tr[1], m, n, k, 0)
				b.ResetTimer()
				for b.Loop() {
					g.run(kn, true)
				}
				b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}

// TestProductsAliasedOperands: a and b may be the same matrix (aᵀ·a, a·aᵀ,
// a·a), in every path; the receiver may not (TestProductPanics).
func TestProductsAliasedOperands(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{3, 17, 90} {
		a := NewMatrix(n, n, nil)
		for i := range a.data {
			a.data[i] = rng.NormFloat64()
		}
		for _, c := range []struct {
			name   string
			ta, tb bool
			mul    func(c, a, b *Matrix) *Matrix
		}{
			{"Mul", false, false, (*Matrix).Mul},
			{"MulTransA", true, false, (*Matrix).MulTransA},
			{"MulTransB", false, true, (*Matrix).MulTransB},
		} {
			got := c.mul(new(Matrix), a, a)
			want, abs := naiveGemm(c.ta, c.tb, n, n, n, a.data, n, a.data, n)
			for i := range want {
				if d := math.Abs(got.data[i] - want[i]); d > 2*float64(n+1)*0x1p-52*abs[i] {
					t.Fatalf("%s(a, a) %dx%d: element %d = %v, want %v", c.name, n, n, i, got.data[i], want[i])
				}
			}
		}
	}
}

// TestGemmChunksAgree: a shared product's blocks (gemm_parallel.go) give
// the bits of the same product computed by one goroutine, cut by rows or by
// columns, into 2 or 3 blocks, in whatever order they are computed (here
// backwards, as a caller that takes a late worker's block would), for every
// kernel, orientation and size class: tiny, edge tiles, several kc-slices,
// several mc blocks.
func TestGemmChunksAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, kn := range kernels() {
		shapes := [][3]int{
			{kn.mr + 1, 2*kn.nr + 1, 3},
			{2*kn.mr - 1, 3*kn.nr - 1, kn.kc + 7},
			{kn.mc + kn.mr + 5, 5*kn.nr + 3, 2*kn.kc + 1},
			{61, 67, 523},
		}
		for _, tr := range transposes {
			for _, sh := range shapes {
				m, n, k := sh[0], sh[1], sh[2]
				g := newGemmCase(rng, tr[0], tr[1], m, n, k, 1)
				g.checkChunks(t, kn)
			}
		}
	}
}

// checkChunks computes g with kernel kn by one goroutine, checks it against
// the naive product, then computes it in the blocks of a shared product
// (gemmParallel's division for 2 and 3 goroutines, by rows and by
// columns), in reverse order on this goroutine, and checks that every
// element has the same bits.
func (g *gemmCase) checkChunks(t *testing.T, kn *kernel) {
	t.Helper()
	m, n := g.m, g.n
	if m == 0 || n == 0 || g.k == 0 {
		return
	}
	args := gemmArgs{ta: g.ta, tb: g.tb, m: m, n: n, k: g.k, a: g.a, lda: g.lda, b: g.b, ldb: g.ldb, c: g.c, ldc: g.ldc}
	var s scratch
	kn.part(&s, &args, 0, m, 0, n)
	g.check(t, kn.name+" one goroutine "+g.String())
	want := append([]float64(nil), g.c...)
	for _, byRows := range []bool{true, false} {
		for _, parts := range []int{2, 3} {
			unit, total := kn.nr, n
			if byRows {
				unit, total = kn.mr, m
			}
			panels := (total + unit - 1) / unit
			for i := 0; i < m; i++ {
				clear(g.c[i*g.ldc : i*g.ldc+n])
			}
			for p := parts - 1; p >= 0; p-- { // the blocks of gemmParallel, backwards
				lo, hi := p*panels/parts*unit, min((p+1)*panels/parts*unit, total)
				if byRows {
					kn.part(&s, &args, lo, hi, 0, n)
				} else {
					kn.part(&s, &args, 0, m, lo, hi)
				}
			}
			for i := range want {
				if got, w := g.c[i], want[i]; math.Float64bits(got) != math.Float64bits(w) {
					t.Fatalf("%s %v byRows=%v parts=%d: C(%d,%d) = %v, want %v as computed in one block",
						kn.name, g, byRows, parts, i/g.ldc, i%g.ldc, got, w)
				}
			}
		}
	}
}

// TestParallelParts: the split decision. The products of the networks the
// benchmarks train are shared only where they are long enough to gain:
// none of the 64-32-10 network's (batch 32) nor of the 784-128-10
// network's (batch 128: its largest take about 0.35 ms, too short to gain
// surely), and the products of the 1024-1024-1024-10 network's hidden
// layers (batch 256), with the assembly kernels (the slower Go kernel
// shares more products).
// And nothing is shared with one processor, or across a single micro-panel.
func TestParallelParts(t *testing.T) {
	for _, kn := range kernels() {
		for _, c := range []struct {
			m, n, k int
			shared  bool
		}{
			{32, 32, 64, false}, {64, 32, 32, false}, {32, 64, 32, false}, // 64-32-10, layer 1
			{32, 10, 32, false}, {32, 32, 10, false}, // 64-32-10, layer 2
			{128, 128, 784, false}, {784, 128, 128, false}, // 784-128-10, layer 1: too short to gain surely
			{128, 10, 128, false}, {128, 128, 10, false}, // 784-128-10, layer 2
			{256, 1024, 1024, true}, {1024, 1024, 256, true}, // 1024-1024-1024-10, layers 1 and 2
		} {
			parts, _ := kn.parallelParts(c.m, c.n, c.k, 2)
			if got := parts > 1; got != c.shared && kn != &goKernel {
				t.Errorf("%s: %d×%d×%d product shared = %v, want %v", kn.name, c.m, c.n, c.k, got, c.shared)
			}
			if parts, _ := kn.parallelParts(c.m, c.n, c.k, 1); parts != 1 {
				t.Errorf("%s: %d×%d×%d product with 1 processor: %d parts, want 1", kn.name, c.m, c.n, c.k, parts)
			}
		}
		if parts, _ := kn.parallelParts(kn.mr, kn.nr, 1<<20, 2); parts != 1 {
			t.Errorf("%s: a single-tile product is shared in %d parts, want 1", kn.name, parts)
		}
	}
}

// TestGemvAgrees: the few-row path (gemv) gives, for every kernel, the bits
// of the blocked product with the same kernel, for 1 to gemvRowsMax rows,
// A transposed or not, widths on either side of each vector block (128,
// 32, 8 and 4 columns, and the scalar rest) and summations of one or
// several kc-slices; and it matches the naive product.
func TestGemvAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, kn := range kernels() {
		for _, ta := range []bool{false, true} {
			for m := 1; m <= gemvRowsMax; m++ {
				for _, n := range []int{1, 3, 4, 5, 8, 9, 31, 33, 64, 65, 127, 128, 129, 171} {
					for _, k := range []int{1, 2, 7, kn.kc, kn.kc + 1, 3*kn.kc - 5} {
						newGemmCase(rng, ta, false, m, n, k, 1).checkGemv(t, kn)
					}
				}
			}
		}
	}
}

// checkGemv computes g (B not transposed, at least one row, column and
// term) by gemv with kernel kn, checks it against the naive product, and
// checks that every element has the bits of the blocked product with kn.
func (g *gemmCase) checkGemv(t *testing.T, kn *kernel) {
	t.Helper()
	m, n, k := g.m, g.n, g.k
	kn.gemv(g.ta, m, n, k, g.a, g.lda, g.b, g.ldb, g.c, g.ldc, nil)
	g.check(t, kn.name+" gemv "+g.String())
	got := append([]float64(nil), g.c...)
	args := gemmArgs{ta: g.ta, m: m, n: n, k: k, a: g.a, lda: g.lda, b: g.b, ldb: g.ldb, c: g.c, ldc: g.ldc}
	var s scratch
	kn.part(&s, &args, 0, m, 0, n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if w, v := g.c[i*g.ldc+j], got[i*g.ldc+j]; math.Float64bits(w) != math.Float64bits(v) {
				t.Fatalf("%s %v: gemv C(%d,%d) = %v, want %v as the blocked product", kn.name, g, i, j, v, w)
			}
		}
	}
}
