package mlp

import "runtime"

// The packed, cache-blocked matrix product, after Goto and van de Geijn,
// "Anatomy of high-performance matrix multiplication" (ACM TOMS 34(3), 2008):
//
//	for each nc-column block of C            (jc loop)
//	  for each kc-slice of the summation      (pc loop)
//	    pack op(B)[pc, jc] into nr-column panels    (kc×nc: stays in L2/L3)
//	    for each mc-row block of C            (ic loop)
//	      pack op(A)[ic, pc] into mr-row panels     (mc×kc: stays in L2)
//	      for each nr-column panel           (jr loop)
//	        for each mr-row panel            (ir loop)
//	          micro-kernel: C[mr×nr] (+)= A panel · B panel
//
// Packing copies each block into the order the micro-kernel reads it, so the
// kernel sees contiguous memory whatever the operands' orientation: the
// three products (A·B, Aᵀ·B, A·Bᵀ) differ only in how they are packed.
// Panels are padded with zeros to whole mr×nr tiles; a tile that sticks out
// of C is computed into a small buffer and copied back.
//
// The order of the arithmetic depends only on k and the kernel: C[i,j] is
// the sum over the kc-slices in order, each slice's part summed over p in
// order by the kernel (one accumulator per element) and added to the C left
// by the slices before. How C is divided between goroutines (gemm_parallel.go)
// changes which goroutine computes an element, never how, so results are
// the same bit for bit whatever GOMAXPROCS is.

// kernel is a register micro-kernel with the cache blocking it is used with.
type kernel struct {
	name   string
	mr, nr int // the micro-tile: mr rows by nr columns of C held in registers
	kc     int // the summation is cut into slices of at most kc
	mc     int // rows of A packed at a time (a multiple of mr)
	nc     int // columns of B packed at a time (a multiple of nr)

	// macsPerNs is the kernel's modelled speed, multiply-adds a nanosecond
	// on one goroutine, from which parallelParts models a product's time.
	macsPerNs float64

	// fn sets the mr×nr tile c (row stride ldc) to a·b, or to c + a·b when
	// acc is true. a is a packed mr×k panel, column p at a[mr*p:mr*p+mr];
	// b is a packed k×nr panel, row p at b[nr*p:nr*p+nr]. Each element is
	// summed over p in order starting from zero, then added to c if acc.
	fn func(k int, a, b, c []float64, ldc int, acc bool)

	// vec sets c[j] = Σ_p x[p·incx]·b[p·ldb+j] over p < k, for j <
	// len(c), or adds the sum to c[j] when acc: the one-row product of
	// gemv (gemm_vec.go), summed as fn sums. k must be at least 1.
	vec func(k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool)
}

// gemmArgs describes one product C = op(A)·op(B) as gemm receives it.
type gemmArgs struct {
	ta, tb  bool
	m, n, k int
	a       []float64
	lda     int
	b       []float64
	ldb     int
	c       []float64
	ldc     int
	ep      epilogue // run on each block of C written for good, if on
}

// scratch holds the packing buffers of one goroutine running a product.
// Buffers grow to the largest size asked for and are kept.
type scratch struct {
	a, b, tile []float64
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// kslices returns how many slices the summation of length k is cut into:
// the fewest of at most kc, of equal lengths (slice q is [q·k/nk, (q+1)·k/nk)),
// so that no slice is needlessly short.
func (kn *kernel) kslices(k int) int { return (k + kn.kc - 1) / kn.kc }

// part computes rows [i0, i1) and columns [j0, j1) of C = op(A)·op(B),
// using s for packing. It overwrites that block of C, and runs g's
// epilogue on each mc×nc block of it after the last kc-slice has written
// it.
func (kn *kernel) part(s *scratch, g *gemmArgs, i0, i1, j0, j1 int) {
	mr, nr := kn.mr, kn.nr
	nk := kn.kslices(g.k)
	ncMax := min(kn.nc, roundUp(j1-j0, nr))
	mcMax := min(kn.mc, roundUp(i1-i0, mr))
	s.a = grow(s.a, mcMax*kn.kc)
	s.b = grow(s.b, ncMax*kn.kc)
	s.tile = grow(s.tile, mr*nr)
	c, ldc := g.c, g.ldc
	ep := &g.ep
	if !ep.on() {
		ep = nil
	}
	for jc := j0; jc < j1; jc += kn.nc {
		nc := min(kn.nc, j1-jc)
		for q := 0; q < nk; q++ {
			p0, p1 := q*g.k/nk, (q+1)*g.k/nk
			kc := p1 - p0
			acc := q > 0
			packB(g, p0, kc, jc, nc, nr, s.b)
			for ic := i0; ic < i1; ic += kn.mc {
				mc := min(kn.mc, i1-ic)
				packA(g, ic, mc, p0, kc, mr, s.a)
				for jr := 0; jr < nc; jr += nr {
					bp := s.b[jr*kc : (jr+nr)*kc]
					w := min(nr, nc-jr)
					for ir := 0; ir < mc; ir += mr {
						ap := s.a[ir*kc : (ir+mr)*kc]
						off := (ic+ir)*ldc + jc + jr
						if h := min(mr, mc-ir); h < mr || w < nr {
							kn.edge(s, kc, ap, bp, c, off, ldc, h, w, acc)
							continue
						}
						kn.fn(kc, ap, bp, c[off:], ldc, acc) // a full tile, inside C
					}
				}
				if ep != nil && q == nk-1 {
					ep.block(c, ldc, ic, ic+mc, jc, jc+nc)
				}
			}
		}
	}
}

// edge sets the h×w block of C at offset off (h ≤ mr, w ≤ nr, one of them
// short) to the product of the packed panels ap and bp, or adds it when acc:
// an edge tile, one that would stick out of C, which part leaves to it. It
// computes the whole mr×nr tile in s.tile (with C's current values when
// accumulating, so that the arithmetic is that of a full tile) and copies
// back the part inside C. part calls the kernel itself for a full tile: a
// call of this function for every tile, with its eleven arguments, cost a
// 64-32-10 training step about 4,100 instructions, 1.2% (valgrind, on the
// AVX2 kernel).
func (kn *kernel) edge(s *scratch, kc int, ap, bp, c []float64, off, ldc, h, w int, acc bool) {
	nr := kn.nr
	t := s.tile
	if acc {
		for i := 0; i < h; i++ {
			copy(t[i*nr:i*nr+w], c[off+i*ldc:off+i*ldc+w])
		}
	}
	kn.fn(kc, ap, bp, t, nr, acc)
	for i := 0; i < h; i++ {
		copy(c[off+i*ldc:off+i*ldc+w], t[i*nr:i*nr+w])
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// packA copies rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into dst
// as mr-row panels: the panel of rows i0+r.. (r a multiple of mr) holds
// column p at dst[r·kc + p·mr:][:mr]. Rows past the block are zero.
func packA(g *gemmArgs, i0, mc, p0, kc, mr int, dst []float64) {
	pack(g.ta, g.a, g.lda, i0, mc, p0, kc, mr, dst)
}

// packB copies rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into dst
// as nr-column panels: the panel of columns j0+c.. (c a multiple of nr)
// holds row p at dst[c·kc + p·nr:][:nr]. Columns past the block are zero.
// It is packA of op(B)ᵀ, whose rows are op(B)'s columns.
func packB(g *gemmArgs, p0, kc, j0, nc, nr int, dst []float64) {
	pack(!g.tb, g.b, g.ldb, j0, nc, p0, kc, nr, dst)
}

// pack copies rows [r0, r0+rows) and columns [p0, p0+kc) of X into dst as
// w-row panels, the panel of rows r0+r.. holding column p at
// dst[r·kc + p·w:][:w], zero past the block. X[r, p] is x[r·ld + p], or
// x[p·ld + r] when trans is true.
func pack(trans bool, x []float64, ld, r0, rows, p0, kc, w int, dst []float64) {
	if trans {
		// Each column of a panel is contiguous in x, and a row of x holds
		// that column of every panel: read x row by row, along memory.
		full := rows / w * w
		for p := 0; p < kc; p++ {
			src := x[(p0+p)*ld+r0:]
			src = src[:rows]
			r := 0
			for ; r < full; r += w {
				copy(dst[r*kc+p*w:r*kc+p*w+w], src[r:r+w])
			}
			if r < rows {
				dp := dst[r*kc+p*w : r*kc+p*w+w]
				copy(dp, src[r:])
				clear(dp[rows-r:])
			}
		}
		return
	}
	for r := 0; r < rows; r += w {
		h := min(w, rows-r)
		d := dst[r*kc : r*kc+w*kc]
		// Each row of the panel is contiguous in x: read four rows along
		// memory at a time, writing four neighbours of each panel column.
		i := 0
		for ; i+4 <= h; i += 4 {
			s0 := x[(r0+r+i)*ld+p0:]
			s0 = s0[:kc]
			s1 := x[(r0+r+i+1)*ld+p0:]
			s1 = s1[:kc]
			s2 := x[(r0+r+i+2)*ld+p0:]
			s2 = s2[:kc]
			s3 := x[(r0+r+i+3)*ld+p0:]
			s3 = s3[:kc]
			for p := range s0 {
				dp := d[p*w+i : p*w+i+4 : p*w+i+4]
				dp[0], dp[1], dp[2], dp[3] = s0[p], s1[p], s2[p], s3[p]
			}
		}
		for ; i < h; i++ {
			src := x[(r0+r+i)*ld+p0:]
			src = src[:kc]
			for p, v := range src {
				d[p*w+i] = v
			}
		}
		for i := h; i < w; i++ {
			for p := 0; p < kc; p++ {
				d[p*w+i] = 0
			}
		}
	}
}

// gemmBlocked sets C = op(A)·op(B) with kernel kn, shared between up to
// GOMAXPROCS goroutines when the product is large enough (gemm_parallel.go),
// and runs the epilogue ep (nil for none) on each block of C as part does.
func (kn *kernel) gemmBlocked(ta, tb bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, ep *epilogue) {
	g := gemmArgs{ta: ta, tb: tb, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc}
	if ep != nil {
		g.ep = *ep
	}
	if parts, byRows := kn.parallelParts(m, n, k, runtime.GOMAXPROCS(0)); parts > 1 {
		kn.gemmParallel(&g, parts, byRows)
		return
	}
	kn.alone(&g)
}

// alone computes the product g on the calling goroutine.
func (kn *kernel) alone(g *gemmArgs) {
	bufs := getBufs()
	kn.part(&bufs.s, g, 0, g.m, 0, g.n)
	putBufs(bufs)
}
