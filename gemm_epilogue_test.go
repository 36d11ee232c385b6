package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// fusedKind is one kind of epilogue the tests fuse into products: the bias
// alone, an activation with or without the bias (into a matrix of its own
// or into C itself, as Predict does), or an activation's derivative.
type fusedKind struct {
	act                  ActivationFunc
	bias, deriv, inPlace bool
}

func (k fusedKind) String() string {
	switch {
	case k.deriv:
		return k.act.String() + "'"
	case k.act == 0:
		return "bias"
	}
	s := k.act.String()
	if k.bias {
		s = "bias+" + s
	}
	if k.inPlace {
		s += " in place"
	}
	return s
}

// fusedKinds lists every kind: the bias alone, and for each activation
// f(C) with and without the bias, f(C) in place, and f'.
func fusedKinds() []fusedKind {
	kinds := []fusedKind{{bias: true}}
	for f := range activationFuncs[1:] {
		act := ActivationFunc(f + 1)
		kinds = append(kinds, fusedKind{act: act}, fusedKind{act: act, bias: true},
			fusedKind{act: act, bias: true, inPlace: true}, fusedKind{act: act, deriv: true})
	}
	return kinds
}

// fusedCase is a product with an epilogue's operands, laid out as C (row
// stride ldc, the padding filled with sentinel, which must survive).
type fusedCase struct {
	*gemmCase
	kind fusedKind
	bias []float64 // n values
	out  []float64 // f(C) or DZ
	z, a []float64 // a derivative's Z and A = f(Z)
}

// newFusedCase makes a product of the given shape whose A is scaled by
// scale (a large scale sends the sigmoid's inputs beyond ±expMax, to its
// scalar path), with the epilogue operands of kind.
func newFusedCase(rng *rand.Rand, kind fusedKind, ta, tb bool, m, n, k, pad int, scale float64) *fusedCase {
	g := newGemmCase(rng, ta, tb, m, n, k, pad)
	for i := range g.a {
		g.a[i] *= scale
	}
	f := &fusedCase{gemmCase: g, kind: kind, bias: make([]float64, n), out: make([]float64, len(g.c))}
	for j := range f.bias {
		f.bias[j] = rng.NormFloat64()
	}
	for i := range f.out {
		f.out[i] = sentinel
	}
	if kind.deriv {
		f.z, f.a = make([]float64, len(g.c)), make([]float64, len(g.c))
		for i := range f.z {
			if rng.IntN(8) > 0 { // and an exact 0 now and then: ReLU's edge
				f.z[i] = 3 * rng.NormFloat64()
			}
			f.a[i] = kind.act.Eval(f.z[i])
		}
	}
	return f
}

func (f *fusedCase) String() string { return f.kind.String() + " " + f.gemmCase.String() }

// ep returns the epilogue of f's kind over f's operands, writing into c
// (C) and out.
func (f *fusedCase) ep(c, out []float64) *epilogue {
	e := &epilogue{act: f.kind.act, deriv: f.kind.deriv}
	if f.kind.bias {
		e.bias = f.bias
	}
	switch {
	case f.kind.deriv:
		e.out, e.z, e.a = out, f.z, f.a
	case f.kind.inPlace:
		e.out = c
	case f.kind.act != 0:
		e.out = out
	}
	return e
}

// want returns what C and out must hold once the fused product has run,
// given cRef, the product computed alone by the same path: the unfused
// layer's passes in plain loops, element by element, with Eval and Deriv
// (the definitions of activation.go), ReLU's derivative passing back
// exactly +0 where the unit is off (see reluGate).
func (f *fusedCase) want(cRef []float64) (c, out []float64) {
	c, out = slices.Clone(cRef), slices.Clone(f.out)
	act := f.kind.act
	for i := 0; i < f.m; i++ {
		for j := 0; j < f.n; j++ {
			x := i*f.ldc + j
			if f.kind.deriv {
				d := act.Deriv(f.z[x], f.a[x])
				out[x] = c[x] * d
				if act == ReLU && d == 0 {
					out[x] = 0
				}
				continue
			}
			if f.kind.bias {
				c[x] += f.bias[j]
			}
			switch {
			case act == 0:
			case f.kind.inPlace:
				c[x] = act.Eval(c[x])
			default:
				out[x] = act.Eval(c[x])
			}
		}
	}
	return c, out
}

// fusedPath is one way to run a product with an epilogue.
type fusedPath struct {
	name string
	ok   func(f *fusedCase, kn *kernel) bool // whether the path can run f
	run  func(f *fusedCase, kn *kernel, c []float64, ep *epilogue)
}

// fusedPaths: the dispatch of gemmWith (which takes gemmSmall, gemv, the
// blocked product or a shared one by shape and GOMAXPROCS), the blocked
// product and gemv whatever the size, and the blocks of a shared product
// (2 and 3 of them, by rows and by columns) computed backwards on this
// goroutine, as a caller that takes a late worker's block would.
func fusedPaths() []fusedPath {
	full := func(f *fusedCase, _ *kernel) bool { return f.m > 0 && f.n > 0 && f.k > 0 }
	paths := []fusedPath{
		{"gemmWith", func(*fusedCase, *kernel) bool { return true }, func(f *fusedCase, kn *kernel, c []float64, ep *epilogue) {
			gemmWith(kn, f.ta, f.tb, f.m, f.n, f.k, f.gemmCase.a, f.lda, f.gemmCase.b, f.ldb, c, f.ldc, ep)
		}},
		{"blocked", full, func(f *fusedCase, kn *kernel, c []float64, ep *epilogue) {
			kn.gemmBlocked(f.ta, f.tb, f.m, f.n, f.k, f.gemmCase.a, f.lda, f.gemmCase.b, f.ldb, c, f.ldc, ep)
		}},
		{"gemv", func(f *fusedCase, kn *kernel) bool { return full(f, kn) && !f.tb && f.m <= gemvRowsMax },
			func(f *fusedCase, kn *kernel, c []float64, ep *epilogue) {
				kn.gemv(f.ta, f.m, f.n, f.k, f.gemmCase.a, f.lda, f.gemmCase.b, f.ldb, c, f.ldc, ep)
			}},
	}
	for _, byRows := range []bool{true, false} {
		for _, parts := range []int{2, 3} {
			paths = append(paths, fusedPath{fmt.Sprintf("%d blocks byRows=%v", parts, byRows), full,
				func(f *fusedCase, kn *kernel, c []float64, ep *epilogue) {
					args := gemmArgs{ta: f.ta, tb: f.tb, m: f.m, n: f.n, k: f.k, a: f.gemmCase.a, lda: f.lda, b: f.gemmCase.b, ldb: f.ldb, c: c, ldc: f.ldc}
					if ep != nil {
						args.ep = *ep
					}
					unit, total := kn.nr, f.n
					if byRows {
						unit, total = kn.mr, f.m
					}
					panels := (total + unit - 1) / unit
					var s scratch
					for p := parts - 1; p >= 0; p-- { // gemmParallel's blocks, backwards
						lo, hi := p*panels/parts*unit, min((p+1)*panels/parts*unit, total)
						if byRows {
							kn.part(&s, &args, lo, hi, 0, f.n)
						} else {
							kn.part(&s, &args, 0, f.m, lo, hi)
						}
					}
				}})
		}
	}
	return paths
}

// check runs f through path p with kernel kn, once alone and once with
// its epilogue, and fails unless C and out hold, bit for bit, what the
// unfused layer's plain loops make of the product alone (want), padding
// untouched.
func (f *fusedCase) check(t *testing.T, kn *kernel, p fusedPath) {
	t.Helper()
	cRef := slices.Clone(f.c)
	p.run(f, kn, cRef, nil)
	wantC, wantOut := f.want(cRef)
	c, out := slices.Clone(f.c), slices.Clone(f.out)
	p.run(f, kn, c, f.ep(c, out))
	for _, r := range []struct {
		name      string
		got, want []float64
	}{{"C", c, wantC}, {"out", out, wantOut}} {
		for x := range r.want {
			if math.Float64bits(r.got[x]) != math.Float64bits(r.want[x]) {
				t.Fatalf("%s %s %v: fused %s(%d,%d) = %v, want %v as the unfused passes",
					kn.name, p.name, f, r.name, x/f.ldc, x%f.ldc, r.got[x], r.want[x])
			}
		}
	}
}

// TestGemmFused: a product with a fused epilogue (the bias, each
// activation with and without it and in place, and each derivative) gives
// the bits of the product alone followed by the unfused passes in plain
// loops, for every kernel, orientation and path (gemmSmall, gemv, the
// blocked product, the blocks of a shared product in any order), at every
// size class: tiny, few rows, edge tiles, several kc-slices, several
// mc-row blocks, more columns than nc; with inputs beyond
// the sigmoid's vector range; and at GOMAXPROCS 1, 2 and 3 (gemmWith, the
// one path that reads it; the others are the blocks it may divide into).
// Under -race it sweeps the kernel in use only (sweepKernels).
func TestGemmFused(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(21, 22))
	paths := fusedPaths()
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		for _, kn := range sweepKernels() {
			shapes := [][3]int{
				{0, 5, 3}, {3, 4, 0}, {1, 1, 1}, {3, 5, 7}, {7, 3, 9}, // tiny: gemmSmall
				{1, 171, 300}, {3, 33, kn.kc + 1}, // few rows: gemv
				{kn.mr + 1, 2*kn.nr + 1, 17},            // edge tiles
				{2*kn.mr - 1, 3*kn.nr - 1, 2*kn.kc + 3}, // several kc-slices
				{kn.mc + kn.mr + 5, 5*kn.nr + 3, 40},    // several mc blocks
				{13, 2*kn.nr + 3, 21},                   // several micro-panels
				{kn.mr + 3, kn.nc + 2*kn.nr + 1, 5},     // several nc blocks
			}
			for _, sh := range shapes {
				for ti, tr := range transposes {
					for _, kind := range fusedKinds() {
						scale := 1.0
						if sh[0]%2 == 1 {
							scale = 300 // some sums beyond ±expMax
						}
						// Rows of C padded or not: an epilogue runs on a
						// block of whole rows at once, or row by row.
						pad := ti % 2
						f := newFusedCase(rng, kind, tr[0], tr[1], sh[0], sh[1], sh[2], pad, scale)
						for i, p := range paths {
							// Only gemmWith reads GOMAXPROCS.
							if p.ok(f, kn) && (procs == 1 || i == 0) {
								f.check(t, kn, p)
							}
						}
					}
				}
			}
		}
	}
}

// TestGemmFusedShared: products large enough to be shared between
// goroutines, as Forward's (A·W) and Backward's (DZ·Wᵀ) are, give with
// every epilogue the bits of the product alone followed by the unfused
// passes, at GOMAXPROCS 1, 2 and 3, and are shared at 2 and 3.
func TestGemmFusedShared(t *testing.T) {
	if testing.Short() {
		t.Skip("large products")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(23, 24))
	path := fusedPaths()[0] // gemmWith
	for _, kn := range []*kernel{bestKernel} {
		for _, kind := range fusedKinds() {
			tb := kind.deriv // Backward's product is DZ·Wᵀ
			const m, n, k = 400, 400, 400
			f := newFusedCase(rng, kind, false, tb, m, n, k, 0, 1)
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				if parts, _ := kn.parallelParts(m, n, k, procs); parts != procs {
					t.Fatalf("%s %v: split into %d parts with GOMAXPROCS=%d, want %d", kn.name, f, parts, procs, procs)
				}
				f.check(t, kn, path)
			}
		}
	}
}

// FuzzGemmFused compares, for every kernel and path and at GOMAXPROCS 1, 2
// and 3, a product with each kind of fused epilogue with the product alone
// followed by the unfused passes, bit for bit, on fuzzed shapes,
// orientations, strides, scales and values.
func FuzzGemmFused(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint8(0), false, false, uint8(0), uint8(0), false, uint64(1))
	f.Add(uint8(1), uint8(130), uint8(9), false, false, uint8(1), uint8(3), true, uint64(2))
	f.Add(uint8(13), uint8(17), uint8(29), false, true, uint8(2), uint8(4), false, uint64(3))
	f.Add(uint8(25), uint8(33), uint8(255), true, true, uint8(0), uint8(8), true, uint64(4))
	f.Add(uint8(12), uint8(16), uint8(200), false, false, uint8(3), uint8(12), false, uint64(5))
	kinds := fusedKinds()
	paths := fusedPaths()
	f.Fuzz(func(t *testing.T, m, n, k uint8, ta, tb bool, pad, kind uint8, big bool, seed uint64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		rng := rand.New(rand.NewPCG(seed, 25))
		scale := 1.0
		if big {
			scale = 300
		}
		for procs := 1; procs <= 3; procs++ {
			runtime.GOMAXPROCS(procs)
			for _, kn := range kernels() {
				fc := newFusedCase(rng, kinds[int(kind)%len(kinds)], ta, tb, int(m)%70, int(n), int(k), int(pad)%4, scale)
				for _, p := range paths {
					if p.ok(fc, kn) {
						fc.check(t, kn, p)
					}
				}
			}
		}
	})
}

// BenchmarkFused times a layer's forward pass (Z = A_prev·W + B, A = f(Z))
// and its step back (DA = DZ_next·W_nextᵀ, DZ = DA ⊙ f'(Z)) with the
// epilogue fused into the product and with the same work in separate
// passes after it, at the shapes of the benchmarks' networks: batch m, k
// inputs, n units, and next units in the layer after (named by network and
// layer).
func BenchmarkFused(b *testing.B) {
	for _, c := range []struct {
		name          string
		m, k, n, next int
		act           ActivationFunc
	}{
		{"xor-3-5", 4, 3, 5, 1, Sigmoid},
		{"digits-64-100", 32, 64, 100, 10, ReLU},
		{"784-128", 128, 784, 128, 10, ReLU},
		{"1024-1024", 256, 1024, 1024, 1024, ReLU},
	} {
		rng := rand.New(rand.NewPCG(1, 2))
		fill := func(r, c int) *Matrix {
			m := NewMatrix(r, c, nil)
			for i := range m.data {
				m.data[i] = rng.NormFloat64()
			}
			return m
		}
		l := &Layer{W: fill(c.k, c.n), B: fill(1, c.n), Activation: c.act, Z: new(Matrix), A: new(Matrix), DA: new(Matrix), DZ: new(Matrix)}
		prev, dzNext, wNext := fill(c.m, c.k), fill(c.m, c.next), fill(c.n, c.next)
		for _, fused := range []bool{true, false} {
			name := "/separate"
			if fused {
				name = "/fused"
			}
			b.Run(c.name+"/forward"+name, func(b *testing.B) {
				for b.Loop() {
					if fused {
						l.forward(l.Z, l.A, prev)
						continue
					}
					l.Z.mul(prev, l.W)
					for i := 0; i < l.Z.rows; i++ {
						addTo(l.Z.data[i*l.Z.cols:(i+1)*l.Z.cols], l.B.data)
					}
					l.Activation.Apply(l.A, l.Z)
				}
			})
			b.Run(c.name+"/back"+name, func(b *testing.B) {
				l.forward(l.Z, l.A, prev)
				for b.Loop() {
					if fused {
						l.passBack(dzNext, wNext)
						continue
					}
					l.DA.mulTransB(dzNext, wNext)
					l.Activation.Backprop(l.DZ, l.Z, l.A, l.DA)
				}
			})
		}
	}
}

// TestLayerFused: a layer's fused forward pass and step back (forward,
// weighted and passBack) give the bits of the separate passes (the product
// alone, the bias added row by row, Apply, Backprop), for each activation,
// with and without a bias, in place (a = z, as Predict) or not, at sizes
// that take gemmSmall, gemv and the blocked product; and a layer whose
// activation is not an ActivationFunc (Softmax) takes the separate passes.
func TestLayerFused(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	fill := func(r, c int) *Matrix {
		m := NewMatrix(r, c, nil)
		for i := range m.data {
			m.data[i] = 2 * rng.NormFloat64()
		}
		return m
	}
	same := func(what string, got, want *Matrix) {
		t.Helper()
		if got.rows != want.rows || got.cols != want.cols {
			t.Fatalf("%s is %dx%d, want %dx%d", what, got.rows, got.cols, want.rows, want.cols)
		}
		for i := range want.data {
			if math.Float64bits(got.data[i]) != math.Float64bits(want.data[i]) {
				t.Fatalf("%s[%d] = %v, want %v as the separate passes", what, i, got.data[i], want.data[i])
			}
		}
	}
	acts := []Activation{Softmax}
	for f := range activationFuncs[1:] {
		acts = append(acts, ActivationFunc(f+1))
	}
	for _, sh := range [][4]int{{4, 3, 5, 1}, {2, 300, 40, 20}, {32, 64, 100, 10}, {150, 70, 33, 7}} {
		m, k, n, next := sh[0], sh[1], sh[2], sh[3]
		for _, act := range acts {
			for _, bias := range []bool{false, true} {
				name := fmt.Sprintf("%v %dx%d·%dx%d bias=%v", act, m, k, k, n, bias)
				l := &Layer{W: fill(k, n), Activation: act, DA: new(Matrix), DZ: new(Matrix)}
				if bias {
					l.B = fill(1, n)
				}
				prev := fill(m, k)
				wantZ := new(Matrix).Mul(prev, l.W)
				if bias {
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							wantZ.data[i*n+j] += l.B.data[j]
						}
					}
				}
				wantA := new(Matrix)
				act.Apply(wantA, wantZ)
				l.Z, l.A = new(Matrix), new(Matrix)
				l.forward(l.Z, l.A, prev)
				same(name+": forward's Z", l.Z, wantZ)
				same(name+": forward's A", l.A, wantA)
				za := new(Matrix)
				l.forward(za, za, prev)
				same(name+": forward in place", za, wantA)
				z := new(Matrix)
				l.weighted(z, prev)
				same(name+": weighted", z, wantZ)

				dzNext, wNext := fill(m, next), fill(n, next)
				wantDA := new(Matrix).MulTransB(dzNext, wNext)
				wantDZ := new(Matrix)
				act.Backprop(wantDZ, l.Z, l.A, wantDA)
				fused := l.passBack(dzNext, wNext)
				if _, ok := act.(ActivationFunc); fused != ok {
					t.Fatalf("%s: passBack fused = %v, want %v", name, fused, ok)
				}
				same(name+": passBack's DA", l.DA, wantDA)
				if fused {
					same(name+": passBack's DZ", l.DZ, wantDZ)
				}
			}
		}
	}
}
