package mlp

// Tiny networks, such as the tutorial's 3-5-1 on XOR: the straight path of
// Forward and Backward.
//
// A pass is tiny when every layer's activation is a built-in element-wise
// ActivationFunc and every layer's products are tiny: rows·in·out at most
// smallMax, for rows samples and a layer of in inputs and out units (the
// forward product rows×in·in×out, and the backward ones, in×rows·rows×out
// for DW and rows×out·out×in for DA, are all that many multiply-adds).
// Then gemm would take gemmSmall for every product, and the epilogue would
// run once on all of it. forwardTiny and backwardTiny make those same calls
// in the same order, gemmSmall, then the bias row by row (addTo), then f
// or f' on the whole matrix (applyTo, backpropTo), and leave out what is
// around them: the choice of path, the epilogue, the reshapes' checks. The
// results are the general path's bit for bit (TestTinyPath, which fails if
// the order here and epilogue.block's part ways). Calling epilogue.block
// itself here, rather than its two steps, cost 348 more instructions an XOR
// epoch, 6% (valgrind).
//
// The checks before them are those of every call: the fields are checked
// in full by the first call, and by the next only if a field moved (known,
// in fields.go, which costs a few comparisons a field).
//
// What it gains: the XOR epoch (Forward, Backward, Step) took 6,836
// instructions through the general path and 6,484 through this one
// (testdata/bench_instructions.sh); of what is left, the products and the
// sigmoid take about half, the checks of the fields a fifth.

// tiny reports whether a pass of n on rows samples is tiny (see the file's
// comment). n must have passed checkFields: every layer is there, with a W.
// Its checks are those known leaves: the activation's type (not its value,
// which every call's check has found valid) and the products' size, with
// no product formed that could overflow.
func (n *Network) tiny(rows int) bool {
	if rows > smallMax {
		return false
	}
	for _, l := range n.Layers {
		if _, ok := l.Activation.(ActivationFunc); !ok || len(l.W.data) > smallMax || rows*len(l.W.data) > smallMax {
			return false
		}
	}
	return true
}

// forwardTiny is forwardLayers for a tiny pass (see tiny): Z = prev·W + B
// and A = f(Z) for every layer, Z and A not nil.
func (n *Network) forwardTiny(x *Matrix) {
	prev := x
	for _, l := range n.Layers {
		rows, in, out := prev.rows, l.W.rows, l.W.cols
		l.Z.reshape(rows, out)
		l.A.reshape(rows, out)
		gemmSmall(false, false, rows, out, in, prev.data, in, l.W.data, out, l.Z.data, out)
		if l.B != nil {
			for i := 0; i < rows; i++ {
				addTo(l.Z.data[i*out:(i+1)*out], l.B.data)
			}
		}
		l.Activation.(ActivationFunc).applyTo(l.A.data, l.Z.data)
		prev = l.A
	}
}

// backwardTiny is backwardLayers for a tiny pass (see tiny), once the last
// layer's DZ is set: DW = A_prevᵀ·DZ and DB of every layer, and for the
// layer below DA = DZ·Wᵀ and its DZ = DA ⊙ f'(Z). DA, DZ and DW are not
// nil, and DB is not nil where B is not.
func (n *Network) backwardTiny() {
	for i := len(n.Layers) - 1; i >= 0; i-- {
		l := n.Layers[i]
		prev := n.x
		if i > 0 {
			prev = n.Layers[i-1].A
		}
		rows, in, out := prev.rows, l.W.rows, l.W.cols
		l.DW.reshape(in, out)
		gemmSmall(true, false, in, out, rows, prev.data, in, l.DZ.data, out, l.DW.data, out)
		if l.DB != nil {
			sumRows(l.DB, l.DZ)
		}
		if i == 0 {
			break
		}
		below := n.Layers[i-1]
		below.DA.reshape(rows, in)
		below.DZ.reshape(rows, in)
		gemmSmall(false, true, rows, in, out, l.DZ.data, out, l.W.data, out, below.DA.data, in)
		below.Activation.(ActivationFunc).backpropTo(below.DZ.data, below.Z.data, below.A.data, below.DA.data)
	}
}
