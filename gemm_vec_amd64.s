//go:build amd64 && !purego

#include "textflag.h"

// The one-row kernels of gemm_vec.go, written out in full like those of
// gemm_amd64.s: one instruction a line, no macros. Each is vecGo of
// gemm_vec.go on a fixed number of columns held in vector registers, with
// fused multiply-adds:
//
// func NAME(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// sets the w values at c to Σ_p x[p·incx]·b[p·ldb : p·ldb+w] over
// p = 0..k−1, or adds that sum to them when acc is true. Accumulator i
// holds columns [8i, 8i+8) (AVX-512) or [4i, 4i+4) (AVX2); each step p
// broadcasts x[p·incx] and adds it times row p of b with one FMA per
// vector, reading the row straight from memory, so every column is a fused
// multiply-add chain over p in order, from zero: the arithmetic of the
// tile kernels, bit for bit.

// func gemv128AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 128 columns, 16 ZMM accumulators.
TEXT ·gemv128AVX512(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	TESTQ CX, CX
	JEQ gemv128AVX512_store
gemv128AVX512_loop:
	VBROADCASTSD 0(SI), Z31
	VFMADD231PD 0(DI), Z31, Z0
	VFMADD231PD 64(DI), Z31, Z1
	VFMADD231PD 128(DI), Z31, Z2
	VFMADD231PD 192(DI), Z31, Z3
	VFMADD231PD 256(DI), Z31, Z4
	VFMADD231PD 320(DI), Z31, Z5
	VFMADD231PD 384(DI), Z31, Z6
	VFMADD231PD 448(DI), Z31, Z7
	VFMADD231PD 512(DI), Z31, Z8
	VFMADD231PD 576(DI), Z31, Z9
	VFMADD231PD 640(DI), Z31, Z10
	VFMADD231PD 704(DI), Z31, Z11
	VFMADD231PD 768(DI), Z31, Z12
	VFMADD231PD 832(DI), Z31, Z13
	VFMADD231PD 896(DI), Z31, Z14
	VFMADD231PD 960(DI), Z31, Z15
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv128AVX512_loop
gemv128AVX512_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv128AVX512_overwrite
	VADDPD 0(DX), Z0, Z0
	VADDPD 64(DX), Z1, Z1
	VADDPD 128(DX), Z2, Z2
	VADDPD 192(DX), Z3, Z3
	VADDPD 256(DX), Z4, Z4
	VADDPD 320(DX), Z5, Z5
	VADDPD 384(DX), Z6, Z6
	VADDPD 448(DX), Z7, Z7
	VADDPD 512(DX), Z8, Z8
	VADDPD 576(DX), Z9, Z9
	VADDPD 640(DX), Z10, Z10
	VADDPD 704(DX), Z11, Z11
	VADDPD 768(DX), Z12, Z12
	VADDPD 832(DX), Z13, Z13
	VADDPD 896(DX), Z14, Z14
	VADDPD 960(DX), Z15, Z15
gemv128AVX512_overwrite:
	VMOVUPD Z0, 0(DX)
	VMOVUPD Z1, 64(DX)
	VMOVUPD Z2, 128(DX)
	VMOVUPD Z3, 192(DX)
	VMOVUPD Z4, 256(DX)
	VMOVUPD Z5, 320(DX)
	VMOVUPD Z6, 384(DX)
	VMOVUPD Z7, 448(DX)
	VMOVUPD Z8, 512(DX)
	VMOVUPD Z9, 576(DX)
	VMOVUPD Z10, 640(DX)
	VMOVUPD Z11, 704(DX)
	VMOVUPD Z12, 768(DX)
	VMOVUPD Z13, 832(DX)
	VMOVUPD Z14, 896(DX)
	VMOVUPD Z15, 960(DX)
	VZEROUPPER
	RET

// func gemv32AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 32 columns, 4 ZMM accumulators.
TEXT ·gemv32AVX512(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	TESTQ CX, CX
	JEQ gemv32AVX512_store
gemv32AVX512_loop:
	VBROADCASTSD 0(SI), Z31
	VFMADD231PD 0(DI), Z31, Z0
	VFMADD231PD 64(DI), Z31, Z1
	VFMADD231PD 128(DI), Z31, Z2
	VFMADD231PD 192(DI), Z31, Z3
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv32AVX512_loop
gemv32AVX512_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv32AVX512_overwrite
	VADDPD 0(DX), Z0, Z0
	VADDPD 64(DX), Z1, Z1
	VADDPD 128(DX), Z2, Z2
	VADDPD 192(DX), Z3, Z3
gemv32AVX512_overwrite:
	VMOVUPD Z0, 0(DX)
	VMOVUPD Z1, 64(DX)
	VMOVUPD Z2, 128(DX)
	VMOVUPD Z3, 192(DX)
	VZEROUPPER
	RET

// func gemv8AVX512(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 8 columns, 1 ZMM accumulator.
TEXT ·gemv8AVX512(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VPXORQ Z0, Z0, Z0
	TESTQ CX, CX
	JEQ gemv8AVX512_store
gemv8AVX512_loop:
	VBROADCASTSD 0(SI), Z31
	VFMADD231PD 0(DI), Z31, Z0
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv8AVX512_loop
gemv8AVX512_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv8AVX512_overwrite
	VADDPD 0(DX), Z0, Z0
gemv8AVX512_overwrite:
	VMOVUPD Z0, 0(DX)
	VZEROUPPER
	RET

// func gemv32AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 32 columns, 8 YMM accumulators.
TEXT ·gemv32AVX2(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ CX, CX
	JEQ gemv32AVX2_store
gemv32AVX2_loop:
	VBROADCASTSD 0(SI), Y15
	VFMADD231PD 0(DI), Y15, Y0
	VFMADD231PD 32(DI), Y15, Y1
	VFMADD231PD 64(DI), Y15, Y2
	VFMADD231PD 96(DI), Y15, Y3
	VFMADD231PD 128(DI), Y15, Y4
	VFMADD231PD 160(DI), Y15, Y5
	VFMADD231PD 192(DI), Y15, Y6
	VFMADD231PD 224(DI), Y15, Y7
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv32AVX2_loop
gemv32AVX2_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv32AVX2_overwrite
	VADDPD 0(DX), Y0, Y0
	VADDPD 32(DX), Y1, Y1
	VADDPD 64(DX), Y2, Y2
	VADDPD 96(DX), Y3, Y3
	VADDPD 128(DX), Y4, Y4
	VADDPD 160(DX), Y5, Y5
	VADDPD 192(DX), Y6, Y6
	VADDPD 224(DX), Y7, Y7
gemv32AVX2_overwrite:
	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)
	VMOVUPD Y4, 128(DX)
	VMOVUPD Y5, 160(DX)
	VMOVUPD Y6, 192(DX)
	VMOVUPD Y7, 224(DX)
	VZEROUPPER
	RET

// func gemv8AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 8 columns, 2 YMM accumulators.
TEXT ·gemv8AVX2(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JEQ gemv8AVX2_store
gemv8AVX2_loop:
	VBROADCASTSD 0(SI), Y15
	VFMADD231PD 0(DI), Y15, Y0
	VFMADD231PD 32(DI), Y15, Y1
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv8AVX2_loop
gemv8AVX2_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv8AVX2_overwrite
	VADDPD 0(DX), Y0, Y0
	VADDPD 32(DX), Y1, Y1
gemv8AVX2_overwrite:
	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VZEROUPPER
	RET

// func gemv4AVX2(k int, x *float64, incx int, b *float64, ldb int, c *float64, acc bool)
//
// w = 4 columns, 1 YMM accumulator.
TEXT ·gemv4AVX2(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ incx+16(FP), R9
	SHLQ $3, R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	TESTQ CX, CX
	JEQ gemv4AVX2_store
gemv4AVX2_loop:
	VBROADCASTSD 0(SI), Y15
	VFMADD231PD 0(DI), Y15, Y0
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNE gemv4AVX2_loop
gemv4AVX2_store:
	MOVQ c+40(FP), DX
	MOVBLZX acc+48(FP), AX
	TESTQ AX, AX
	JEQ gemv4AVX2_overwrite
	VADDPD 0(DX), Y0, Y0
gemv4AVX2_overwrite:
	VMOVUPD Y0, 0(DX)
	VZEROUPPER
	RET
