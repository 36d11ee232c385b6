//go:build amd64 && !purego

#include "textflag.h"

// sigmoid(z) = 1/(1+e^x) with x = −z, four at a time: the steps of exp and
// sigmoid in sigmoid.go, with fused multiply-adds (one rounding each) in the
// reduction and the polynomial.
// Each constant is stored four times, one YMM operand.

DATA sigSign<>+0(SB)/8, $0x8000000000000000
DATA sigSign<>+8(SB)/8, $0x8000000000000000
DATA sigSign<>+16(SB)/8, $0x8000000000000000
DATA sigSign<>+24(SB)/8, $0x8000000000000000
GLOBL sigSign<>(SB), RODATA|NOPTR, $32
DATA sigAbs<>+0(SB)/8, $0x7fffffffffffffff
DATA sigAbs<>+8(SB)/8, $0x7fffffffffffffff
DATA sigAbs<>+16(SB)/8, $0x7fffffffffffffff
DATA sigAbs<>+24(SB)/8, $0x7fffffffffffffff
GLOBL sigAbs<>(SB), RODATA|NOPTR, $32
DATA sigMax<>+0(SB)/8, $0x4086200000000000
DATA sigMax<>+8(SB)/8, $0x4086200000000000
DATA sigMax<>+16(SB)/8, $0x4086200000000000
DATA sigMax<>+24(SB)/8, $0x4086200000000000
GLOBL sigMax<>(SB), RODATA|NOPTR, $32
DATA sigShifter<>+0(SB)/8, $0x4338000000000000
DATA sigShifter<>+8(SB)/8, $0x4338000000000000
DATA sigShifter<>+16(SB)/8, $0x4338000000000000
DATA sigShifter<>+24(SB)/8, $0x4338000000000000
GLOBL sigShifter<>(SB), RODATA|NOPTR, $32
DATA sigLog2e<>+0(SB)/8, $0x3ff71547652b82fe
DATA sigLog2e<>+8(SB)/8, $0x3ff71547652b82fe
DATA sigLog2e<>+16(SB)/8, $0x3ff71547652b82fe
DATA sigLog2e<>+24(SB)/8, $0x3ff71547652b82fe
GLOBL sigLog2e<>(SB), RODATA|NOPTR, $32
DATA sigLn2Hi<>+0(SB)/8, $0x3fe62e42fee00000
DATA sigLn2Hi<>+8(SB)/8, $0x3fe62e42fee00000
DATA sigLn2Hi<>+16(SB)/8, $0x3fe62e42fee00000
DATA sigLn2Hi<>+24(SB)/8, $0x3fe62e42fee00000
GLOBL sigLn2Hi<>(SB), RODATA|NOPTR, $32
DATA sigLn2Lo<>+0(SB)/8, $0x3dea39ef35793c76
DATA sigLn2Lo<>+8(SB)/8, $0x3dea39ef35793c76
DATA sigLn2Lo<>+16(SB)/8, $0x3dea39ef35793c76
DATA sigLn2Lo<>+24(SB)/8, $0x3dea39ef35793c76
GLOBL sigLn2Lo<>(SB), RODATA|NOPTR, $32
DATA sigP1<>+0(SB)/8, $0x3fc555555555553e
DATA sigP1<>+8(SB)/8, $0x3fc555555555553e
DATA sigP1<>+16(SB)/8, $0x3fc555555555553e
DATA sigP1<>+24(SB)/8, $0x3fc555555555553e
GLOBL sigP1<>(SB), RODATA|NOPTR, $32
DATA sigP2<>+0(SB)/8, $0xbf66c16c16bebd93
DATA sigP2<>+8(SB)/8, $0xbf66c16c16bebd93
DATA sigP2<>+16(SB)/8, $0xbf66c16c16bebd93
DATA sigP2<>+24(SB)/8, $0xbf66c16c16bebd93
GLOBL sigP2<>(SB), RODATA|NOPTR, $32
DATA sigP3<>+0(SB)/8, $0x3f11566aaf25de2c
DATA sigP3<>+8(SB)/8, $0x3f11566aaf25de2c
DATA sigP3<>+16(SB)/8, $0x3f11566aaf25de2c
DATA sigP3<>+24(SB)/8, $0x3f11566aaf25de2c
GLOBL sigP3<>(SB), RODATA|NOPTR, $32
DATA sigP4<>+0(SB)/8, $0xbebbbd41c5d26bf1
DATA sigP4<>+8(SB)/8, $0xbebbbd41c5d26bf1
DATA sigP4<>+16(SB)/8, $0xbebbbd41c5d26bf1
DATA sigP4<>+24(SB)/8, $0xbebbbd41c5d26bf1
GLOBL sigP4<>(SB), RODATA|NOPTR, $32
DATA sigP5<>+0(SB)/8, $0x3e66376972bea4d0
DATA sigP5<>+8(SB)/8, $0x3e66376972bea4d0
DATA sigP5<>+16(SB)/8, $0x3e66376972bea4d0
DATA sigP5<>+24(SB)/8, $0x3e66376972bea4d0
GLOBL sigP5<>(SB), RODATA|NOPTR, $32
DATA sigOne<>+0(SB)/8, $0x3ff0000000000000
DATA sigOne<>+8(SB)/8, $0x3ff0000000000000
DATA sigOne<>+16(SB)/8, $0x3ff0000000000000
DATA sigOne<>+24(SB)/8, $0x3ff0000000000000
GLOBL sigOne<>(SB), RODATA|NOPTR, $32
DATA sigTwo<>+0(SB)/8, $0x4000000000000000
DATA sigTwo<>+8(SB)/8, $0x4000000000000000
DATA sigTwo<>+16(SB)/8, $0x4000000000000000
DATA sigTwo<>+24(SB)/8, $0x4000000000000000
GLOBL sigTwo<>(SB), RODATA|NOPTR, $32
DATA sigBias<>+0(SB)/8, $0x00000000000003ff
DATA sigBias<>+8(SB)/8, $0x00000000000003ff
DATA sigBias<>+16(SB)/8, $0x00000000000003ff
DATA sigBias<>+24(SB)/8, $0x00000000000003ff
GLOBL sigBias<>(SB), RODATA|NOPTR, $32

// func sigmoidsAVX2(dst, src *float64, n int) int
TEXT ·sigmoidsAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ AX, AX
	TESTQ CX, CX
	JEQ done

loop:
	VMOVUPD (SI), Y0
	VXORPD sigSign<>(SB), Y0, Y0 // x = −z
	VANDPD sigAbs<>(SB), Y0, Y1  // |x|
	VCMPPD $0x12, sigMax<>(SB), Y1, Y2 // |x| ≤ expMax, false for NaN (LE_OQ)
	VMOVMSKPD Y2, BX
	CMPQ BX, $15
	JNE done

	// kf = x·log2e + 1.5·2^52, fk = k
	VMOVUPD sigShifter<>(SB), Y3
	VFMADD231PD sigLog2e<>(SB), Y0, Y3
	VSUBPD sigShifter<>(SB), Y3, Y4

	// hi = x − fk·ln2hi (exact), lo = fk·ln2lo, r = hi − lo, t = r²
	VMOVAPD Y0, Y5
	VFNMADD231PD sigLn2Hi<>(SB), Y4, Y5
	VMULPD sigLn2Lo<>(SB), Y4, Y6
	VSUBPD Y6, Y5, Y7
	VMULPD Y7, Y7, Y8

	// p = P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))), c = r − t·p
	VMOVUPD sigP5<>(SB), Y9
	VFMADD213PD sigP4<>(SB), Y8, Y9
	VFMADD213PD sigP3<>(SB), Y8, Y9
	VFMADD213PD sigP2<>(SB), Y8, Y9
	VFMADD213PD sigP1<>(SB), Y8, Y9
	VMOVAPD Y7, Y10
	VFNMADD231PD Y9, Y8, Y10

	// y = 1 − ((lo − r·c/(2 − c)) − hi)
	VMOVUPD sigTwo<>(SB), Y11
	VSUBPD Y10, Y11, Y11
	VMULPD Y10, Y7, Y12
	VDIVPD Y11, Y12, Y12
	VSUBPD Y12, Y6, Y12
	VSUBPD Y5, Y12, Y12
	VMOVUPD sigOne<>(SB), Y13
	VSUBPD Y12, Y13, Y12

	// e^x = y·2^k, 2^k = (bits(kf) + 1023) << 52; sigmoid = 1/(1 + e^x)
	VPADDQ sigBias<>(SB), Y3, Y3
	VPSLLQ $52, Y3, Y3
	VMULPD Y3, Y12, Y12
	VADDPD Y13, Y12, Y12
	VDIVPD Y12, Y13, Y12
	VMOVUPD Y12, (DI)

	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $4, AX
	SUBQ $4, CX
	JNE loop

done:
	VZEROUPPER
	MOVQ AX, ret+24(FP)
	RET
