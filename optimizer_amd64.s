//go:build amd64 && !purego

#include "textflag.h"

// The optimizers' updates of optimizer_update.go, eight values at a time in
// AVX-512 registers, one instruction a line: each line is one operation of
// adamGo or momentumGo, in their order, rounded once (VMULPD and VADDPD,
// never a fused multiply-add), so the results are adamGo's bit for bit.

// func adamAVX512(p *adamParams, w, grad, m, v *float64, n int)
//
// adamParams: scale+0, b1+8, a1+16, b2+24, a2+32, c1+40, c2+48, eta+56, eps+64.
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), AX
	MOVQ w+8(FP), DI
	MOVQ grad+16(FP), SI
	MOVQ m+24(FP), R8
	MOVQ v+32(FP), R9
	MOVQ n+40(FP), CX
	VBROADCASTSD 0(AX), Z16 // scale
	VBROADCASTSD 8(AX), Z17 // β1
	VBROADCASTSD 16(AX), Z18 // 1−β1
	VBROADCASTSD 24(AX), Z19 // β2
	VBROADCASTSD 32(AX), Z20 // 1−β2
	VBROADCASTSD 40(AX), Z21 // c1
	VBROADCASTSD 48(AX), Z22 // c2
	VBROADCASTSD 56(AX), Z23 // η
	VBROADCASTSD 64(AX), Z24 // ε
	SHRQ $3, CX
	JEQ adam_done
adam_loop:
	VMULPD 0(SI), Z16, Z0 // gi = g·scale
	VMULPD 0(R8), Z17, Z1 // β1·m
	VMULPD Z0, Z18, Z2 // (1−β1)·gi
	VADDPD Z2, Z1, Z1 // m = β1·m + (1−β1)·gi
	VMOVUPD Z1, 0(R8)
	VMULPD 0(R9), Z19, Z3 // β2·v
	VMULPD Z0, Z20, Z4 // (1−β2)·gi
	VMULPD Z0, Z4, Z4 // (1−β2)·gi·gi
	VADDPD Z4, Z3, Z3 // v = β2·v + (1−β2)·gi·gi
	VMOVUPD Z3, 0(R9)
	VDIVPD Z21, Z1, Z1 // m̂ = m/c1
	VDIVPD Z22, Z3, Z3 // v̂ = v/c2
	VSQRTPD Z3, Z3 // √v̂
	VADDPD Z24, Z3, Z3 // √v̂ + ε
	VMULPD Z1, Z23, Z1 // η·m̂
	VDIVPD Z3, Z1, Z1 // η·m̂/(√v̂ + ε)
	VMOVUPD 0(DI), Z5
	VSUBPD Z1, Z5, Z5 // w − η·m̂/(√v̂ + ε)
	VMOVUPD Z5, 0(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	DECQ CX
	JNE adam_loop
adam_done:
	VZEROUPPER
	RET

// func momentumAVX512(beta, lr float64, w, grad, v *float64, n int)
TEXT ·momentumAVX512(SB), NOSPLIT, $0-48
	VBROADCASTSD beta+0(FP), Z16
	VBROADCASTSD lr+8(FP), Z17
	MOVQ w+16(FP), DI
	MOVQ grad+24(FP), SI
	MOVQ v+32(FP), R9
	MOVQ n+40(FP), CX
	SHRQ $3, CX
	JEQ momentum_done
momentum_loop:
	VMULPD 0(R9), Z16, Z0 // β·v
	VMULPD 0(SI), Z17, Z1 // lr·gi
	VSUBPD Z1, Z0, Z0 // v = β·v − lr·gi
	VMOVUPD Z0, 0(R9)
	VADDPD 0(DI), Z0, Z2 // w + v
	VMOVUPD Z2, 0(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R9
	DECQ CX
	JNE momentum_loop
momentum_done:
	VZEROUPPER
	RET

// func descendAVX512(alpha float64, w, grad *float64, n int)
//
// w += alpha·grad for the first n values (n a multiple of 8): VMULPD then
// VADDPD, each rounded once, as axpy's Go loop.
TEXT ·descendAVX512(SB), NOSPLIT, $0-32
	VBROADCASTSD alpha+0(FP), Z16
	MOVQ w+8(FP), DI
	MOVQ grad+16(FP), SI
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JEQ descend_done

descend_loop:
	VMULPD  0(SI), Z16, Z0 // alpha·grad
	VADDPD  0(DI), Z0, Z0  // w + alpha·grad
	VMOVUPD Z0, 0(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNE     descend_loop

descend_done:
	VZEROUPPER
	RET
