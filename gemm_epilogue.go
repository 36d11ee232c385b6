package mlp

// Fused layers: the rest of a layer's arithmetic on a product's result,
// done on each block of C as soon as the product has written it for good
// (after its last kc-slice), while the block is still in cache, instead of
// in passes of their own over the whole matrix afterwards:
//
//   - Forward: Z = A_prev·W, then Z += B row by row and A = f(Z)
//     (Layer.forward and Layer.weighted).
//   - Backward: DA = DZ_next·W_nextᵀ, then DZ = DA ⊙ f'(Z) (Backward, for
//     a layer whose DZ is not the loss's).
//
// The epilogue does per element exactly what the separate passes do, with
// the same functions: the bias added as addRow adds it, f and f' through
// ActivationFunc's applyTo and backpropTo, which Apply and Backprop call
// too, so the activations' formulas keep their one home (activation.go).
// Each element's result therefore has the bits of the unfused layer
// (TestGemmFused), whatever the path the product takes (gemmSmall, gemv,
// the blocked product, shared between goroutines or not) and however its
// blocks are cut.
//
// Where an epilogue runs on what: gemmSmall, on all of C at the end (a
// tiny C is in L1 anyway); gemv, on each row of C after its last kc-slice;
// the blocked product (kernel.part), on each mc×nc block of C once the
// micro-kernel has written it for the last time, which for the layers of
// up to a few hundred units is still in L2. Running it on narrower blocks
// (128 columns, 147 KiB) to stay in L2 for wide layers made the
// 1024-1024-1024-10 network's layers slower than the separate passes, 7%
// forward and 20% back (BenchmarkFused): the strided reads of Z and A and
// the traffic evicted the packed B panel; on whole blocks they are within
// the noise of the separate passes.
//
// What it gains, measured on the development machine (BenchmarkFused, one
// thread, 2 shared cores): nothing beyond the noise (5-20% there) at the
// layers of the XOR, 64-100-10, 784-128-10 and 1024-1024-1024-10
// networks, whose separate passes ran over matrices in cache too. It costs
// nothing beyond it either, and gives the same bits.

// An epilogue is the work fused into a product C = op(A)·op(B) (see the
// file's comment). The zero epilogue does nothing. out, z and a are laid
// out as C is (row stride ldc).
type epilogue struct {
	act   ActivationFunc // f, or 0 for none (then only the bias is added)
	deriv bool           // Backward's: out = C ⊙ f'(z, a), C unchanged
	bias  []float64      // Forward's: added to each row of C (n values), or nil
	out   []float64      // Forward's A = f(C), which may be C; Backward's DZ
	z, a  []float64      // Backward's: the layer's Z and A
}

// on reports whether e has work to do.
func (e *epilogue) on() bool { return e.act != 0 || e.bias != nil }

// block runs e on rows [i0, i1) and columns [j0, j1) of C (row stride
// ldc), which the product has just written for good: the bias row by row,
// then f or f' on each row, or on the whole block at once when it is whole
// rows of C, one run of memory (a tiny product's C, or a block of a
// product with at most nc columns), so that the activation's vector code
// runs on as many elements at a time as it can.
func (e *epilogue) block(c []float64, ldc, i0, i1, j0, j1 int) {
	if e.bias != nil {
		b := e.bias[j0:j1]
		for o := i0 * ldc; o < i1*ldc; o += ldc {
			addTo(c[o+j0:o+j1], b)
		}
	}
	if e.act == 0 {
		return
	}
	if j0 == 0 && j1 == ldc {
		e.activate(c, i0*ldc, i1*ldc)
		return
	}
	for i := i0; i < i1; i++ {
		e.activate(c, i*ldc+j0, i*ldc+j1)
	}
}

// activate runs f or f' on C's elements [lo, hi).
func (e *epilogue) activate(c []float64, lo, hi int) {
	if e.deriv {
		e.act.backpropTo(e.out[lo:hi], e.z[lo:hi], e.a[lo:hi], c[lo:hi])
		return
	}
	e.act.applyTo(e.out[lo:hi], c[lo:hi])
}
