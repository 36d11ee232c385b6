//go:build amd64 && !purego

package mlp

// cpuid executes the CPUID instruction with EAX = leaf and ECX = subleaf and
// returns the four result registers. Implemented in cpu_amd64.s.
//
//go:noescape
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv returns the low and high halves of the extended control register
// XCR0, which says which register states the operating system saves and
// restores on a context switch. Call it only when CPUID reports OSXSAVE.
// Implemented in cpu_amd64.s.
//
//go:noescape
func xgetbv() (eax, edx uint32)

// cpuFeatures is what the GEMM kernels need to know about the processor.
type cpuFeatures struct {
	avx2FMA bool // AVX2 and FMA3 instructions, with YMM state saved by the OS
	avx512F bool // AVX-512 Foundation, with ZMM and opmask state saved by the OS
}

// detectCPU reads the processor's features with CPUID and XGETBV. An
// instruction set counts only when the processor has it and the operating
// system saves its registers across context switches (XCR0): a kernel
// using ZMM registers on an OS that does not save them would corrupt other
// programs' state, or its own.
func detectCPU() cpuFeatures {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return cpuFeatures{}
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const (
		fma     = 1 << 12 // CPUID.1:ECX
		osxsave = 1 << 27
		avx     = 1 << 28
	)
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return cpuFeatures{}
	}
	xcr0, _ := xgetbv()
	const (
		xmmYmm   = 1<<1 | 1<<2        // SSE and AVX state
		zmmState = 1<<5 | 1<<6 | 1<<7 // opmask, upper halves of ZMM0-15, ZMM16-31
	)
	if xcr0&xmmYmm != xmmYmm {
		return cpuFeatures{}
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const (
		avx2    = 1 << 5 // CPUID.(7,0):EBX
		avx512f = 1 << 16
	)
	var f cpuFeatures
	f.avx2FMA = ebx7&avx2 != 0
	f.avx512F = f.avx2FMA && ebx7&avx512f != 0 && xcr0&zmmState == zmmState
	return f
}

// cpu holds the processor's features, detected once when the package is
// initialised; it never changes after.
var cpu = detectCPU()
