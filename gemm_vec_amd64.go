//go:build amd64 && !purego

package mlp

import "math"

// The one-row kernels of gemm_vec_amd64.s: gemvW{ISA} sets W columns.

//go:noescape
func gemv128AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

//go:noescape
func gemv32AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

//go:noescape
func gemv8AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

//go:noescape
func gemv32AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

//go:noescape
func gemv8AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

//go:noescape
func gemv4AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)

// A vecBlock is a one-row kernel of gemm_vec_amd64.s and the number of
// columns it sets.
type vecBlock struct {
	w  int
	fn func(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
}

// vecAVX512 is vecGo with the AVX-512 kernels: 128 columns at a time (one
// row of b is then 1 KiB read in one go), then 32, then 8, and the last
// len(c) mod 8 in scalar fused multiply-adds (vecFMA).
func vecAVX512(k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool) {
	vecBlocks(&avx512Blocks, k, x, incx, b, ldb, c, acc)
}

var avx512Blocks = [3]vecBlock{{128, gemv128AVX512}, {32, gemv32AVX512}, {8, gemv8AVX512}}

// vecAVX2 is vecAVX512 with the AVX2 kernels: 32 columns at a time, then
// 8, then 4, and the last len(c) mod 4 in scalar fused multiply-adds.
func vecAVX2(k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool) {
	vecBlocks(&avx2Blocks, k, x, incx, b, ldb, c, acc)
}

var avx2Blocks = [3]vecBlock{{32, gemv32AVX2}, {8, gemv8AVX2}, {4, gemv4AVX2}}

// vecBlocks sets c as vecGo does with the kernels of blocks, widest first,
// each as many times as it fits, and vecFMA for the columns left.
func vecBlocks(blocks *[3]vecBlock, k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool) {
	n := len(c)
	_, _ = x[(k-1)*incx], b[(k-1)*ldb+n-1] // the memory the kernels read
	j := 0
	for _, bl := range blocks {
		for ; j+bl.w <= n; j += bl.w {
			bl.fn(k, &x[0], incx, &b[j], ldb, &c[j], acc)
		}
	}
	vecFMA(k, x, incx, b[j:], ldb, c[j:], acc)
}

// vecFMA is vecGo one column at a time with math.FMA, which rounds once per
// multiply-add as the vector kernels do: the columns they leave over.
func vecFMA(k int, x []float64, incx int, b []float64, ldb int, c []float64, acc bool) {
	for j := range c {
		s := 0.0
		for p := 0; p < k; p++ {
			s = math.FMA(x[p*incx], b[p*ldb+j], s)
		}
		if acc {
			s += c[j]
		}
		c[j] = s
	}
}
