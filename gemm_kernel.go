package mlp

// goKernel is the pure-Go micro-kernel with its blocking: the readable
// reference for the assembly kernels (gemm_amd64.s), and the kernel used on
// other architectures and under the purego build tag. Go keeps at most 15
// float64 values in registers on amd64, so its tile is 4×2: 8 accumulators,
// 4 values of A and 2 of B.
var goKernel = kernel{
	name: "go",
	mr:   4, nr: 2,
	kc: 256, mc: 64, nc: 1024,
	macsPerNs: 2, // 4 GFLOPS
	fn:        kernelGo,
	vec:       vecGo,
}

// kernelGo sets the 4×2 tile c (row stride ldc) to a·b, or to c + a·b when
// acc is true, where a is a packed 4×k panel (column p at a[4p:4p+4]) and b
// a packed k×2 panel (row p at b[2p:2p+2]). Each element is summed over p
// in order starting from zero, then added to c if acc.
func kernelGo(k int, a, b, c []float64, ldc int, acc bool) {
	var c00, c01, c10, c11, c20, c21, c30, c31 float64
	a = a[:4*k]
	b = b[:2*k]
	// Four steps of p a trip: the Go compiler keeps everything in registers
	// and the loop runs about 40% faster than one step a trip.
	for len(b) >= 8 && len(a) >= 16 {
		var a0, a1, a2, a3, b0, b1 float64
		a0, a1, a2, a3 = a[0], a[1], a[2], a[3]
		b0, b1 = b[0], b[1]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a0, a1, a2, a3 = a[4], a[5], a[6], a[7]
		b0, b1 = b[2], b[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a0, a1, a2, a3 = a[8], a[9], a[10], a[11]
		b0, b1 = b[4], b[5]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a0, a1, a2, a3 = a[12], a[13], a[14], a[15]
		b0, b1 = b[6], b[7]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a, b = a[16:], b[8:]
	}
	for len(b) >= 2 && len(a) >= 4 { // the last k mod 4 steps
		var a0, a1, a2, a3, b0, b1 float64
		a0, a1, a2, a3 = a[0], a[1], a[2], a[3]
		b0, b1 = b[0], b[1]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a, b = a[4:], b[2:]
	}
	r0 := c[0*ldc : 0*ldc+2]
	r1 := c[1*ldc : 1*ldc+2]
	r2 := c[2*ldc : 2*ldc+2]
	r3 := c[3*ldc : 3*ldc+2]
	if acc {
		c00 += r0[0]
		c01 += r0[1]
		c10 += r1[0]
		c11 += r1[1]
		c20 += r2[0]
		c21 += r2[1]
		c30 += r3[0]
		c31 += r3[1]
	}
	r0[0], r0[1] = c00, c01
	r1[0], r1[1] = c10, c11
	r2[0], r2[1] = c20, c21
	r3[0], r3[1] = c30, c31
}
