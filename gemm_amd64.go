//go:build amd64 && !purego

package mlp

// The assembly micro-kernels, in gemm_amd64.s. Each computes what kernelGo
// does, on a larger tile held in vector registers and with fused
// multiply-adds: a 12×16 tile in AVX-512 registers and a 6×8 tile in AVX2
// registers. Go does not vectorise loops, so only assembly reaches the
// processor's vector units: about 4 (AVX2) to 10 (AVX-512) times the speed
// of the Go kernel. The kernel is chosen when the package is initialised,
// from the processor's features as cpu_amd64.go reads them with CPUID and
// XGETBV, and never changes after. The assembly rounds once per
// multiply-add, so its results differ from kernelGo's in the last bits, as
// any two correct orders of summation do.

//go:noescape
func gemmKernel12x16AVX512(k int, a, b, c *float64, ldc int, acc bool)

//go:noescape
func gemmKernel6x8AVX2(k int, a, b, c *float64, ldc int, acc bool)

// avx512Kernel uses 24 of the 32 ZMM registers as a 12×16 tile of C (two
// 8-wide vectors a row), 2 for a row of B and 2 for broadcasts of A.
// A kc×16 panel of B (32 KiB) is what the inner loop rereads from L1.
//
// The fn wrappers are the only entry points of the assembly, and their first
// line is the check that makes it safe: the assembly reads a[:mr·k] and
// b[:nr·k] and writes c[i·ldc+j] for i < mr, j < nr, and the three bounds
// checks index the last of each, so a short slice panics before the
// assembly runs (and k < 1 too, as index −1). None of the three can
// overflow: k ≤ kc, and part passes a full tile of C only when C has at
// least mr rows of ldc elements inside a valid Matrix, so mr·ldc is at most
// its rows·cols ≤ maxElems; an edge tile goes to s.tile, with ldc = nr.
var avx512Kernel = kernel{
	name: "avx512",
	mr:   12, nr: 16,
	kc: 256, mc: 144, nc: 2048,
	macsPerNs: 40, // 80 GFLOPS: about what it does on one Zen 4 or 5 core
	fn: func(k int, a, b, c []float64, ldc int, acc bool) {
		_, _, _ = a[12*k-1], b[16*k-1], c[11*ldc+15] // the memory the kernel touches
		gemmKernel12x16AVX512(k, &a[0], &b[0], &c[0], ldc, acc)
	},
	vec: vecAVX512,
}

// avx2Kernel uses 12 of the 16 YMM registers as a 6×8 tile of C (two
// 4-wide vectors a row), 2 for a row of B and 2 for broadcasts of A.
var avx2Kernel = kernel{
	name: "avx2",
	mr:   6, nr: 8,
	kc: 256, mc: 96, nc: 2048,
	macsPerNs: 16, // 32 GFLOPS
	fn: func(k int, a, b, c []float64, ldc int, acc bool) {
		_, _, _ = a[6*k-1], b[8*k-1], c[5*ldc+7]
		gemmKernel6x8AVX2(k, &a[0], &b[0], &c[0], ldc, acc)
	},
	vec: vecAVX2,
}

// kernels returns every kernel this processor can run, best first. The
// first is the one products use; tests run them all.
func kernels() []*kernel {
	var ks []*kernel
	if cpu.avx512F {
		ks = append(ks, &avx512Kernel)
	}
	if cpu.avx2FMA {
		ks = append(ks, &avx2Kernel)
	}
	return append(ks, &goKernel)
}
