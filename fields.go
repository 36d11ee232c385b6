package mlp

import (
	"cmp"
	"fmt"
	"slices"
	"unsafe"
)

// The checks of a network's fields, which a caller may change between calls
// (see Network): what each call needs of them, and Validate, which checks
// them all.
//
//   - check: the structure that every call computing with the layers
//     needs: layers that are there, with weights of at least 1x1 that chain
//     from one layer to the next, biases of the right shape and a known
//     activation. Predict, Save and the other calls that only read use it.
//   - checkFields: check, the Loss, and no layer listed twice and no two
//     matrices sharing memory (checkAll), for the calls that write into the
//     network. Comparing
//     every pair of matrices on every call would cost more than the
//     tutorial's whole training step, so the network remembers where its
//     matrices' memory was when they last passed in full (spans), and the
//     full check (checkAll) runs only when a field moved.
//     Otherwise known, a few comparisons a field, is the whole cost.
//   - checkInput and checkPass: Forward's input, and the Z, A and input of
//     the last Forward that Backward reads.
//   - gradientShapes: the DW and DB that Step and the optimizers read, with
//     mustStep to panic for them.

// The matrix fields of a Layer, in the order the checks name them: the
// parameters W and B, then the results of a pass.
var fieldNames = [nFields]string{"W", "B", "Z", "A", "DA", "DZ", "DW", "DB"}

const nFields = 8

// A span is the memory of one matrix field: the n float64s from address p,
// which end at p+8n (end). Where the matrix may grow, it is the whole
// backing array up to its capacity: Forward and Backward reshape Z, A, DA,
// DZ, DW and DB to the batch, within their capacity when it is enough. W and
// B are never reshaped, so theirs is the numbers they hold. A nil field has
// the span (nilAddr, 0); a matrix without memory has n = 0 and p its own
// address, so that two fields holding one such matrix have the same span,
// and neither is ever the span of a matrix with memory.
//
// Spans are addresses, not references: a span remembered after its matrix
// is gone still describes the same bytes, and two spans are apart or not
// whatever was allocated there since. That is all the checks need.
type span struct{ p, n uintptr } // n in float64s

// nilAddr is the address of the span of a nil field: one where no matrix
// has its numbers or lives.
const nilAddr = 1

// layerSpans are the spans of a layer's fields, in the order of fieldNames,
// with the rows of W and B (0 for none), which with their lengths give
// their shapes.
type layerSpans struct {
	s            [nFields]span
	wRows, bRows int
}

// spanOf returns the span of m: of the numbers it holds (W, B or an
// input), or with grow of its whole backing array (a result that a pass may
// grow up to its capacity).
func spanOf(m *Matrix, grow bool) span {
	if m == nil {
		return span{p: nilAddr}
	}
	n := len(m.data)
	if grow {
		n = cap(m.data)
	}
	if n == 0 {
		return span{p: uintptr(unsafe.Pointer(m))}
	}
	return span{uintptr(unsafe.Pointer(unsafe.SliceData(m.data))), uintptr(n)}
}

// of reports whether s is spanOf(m, grow), for a span s that checkFields
// remembered: of a nil field, or of a matrix with memory. It inlines, and
// leaves out the case of a matrix without memory: its data pointer and
// length (nil or any pointer, and 0) are neither such span.
func (s *span) of(m *Matrix, grow bool) bool {
	if m == nil {
		return s.p == nilAddr
	}
	n := len(m.data)
	if grow {
		n = cap(m.data)
	}
	return s.p == uintptr(unsafe.Pointer(unsafe.SliceData(m.data))) && s.n == uintptr(n)
}

// end returns the address just after s.
func (s span) end() uintptr { return s.p + 8*s.n }

// overlaps reports whether s and t, spans of matrices, share memory: bytes
// of both, or the same matrix without memory.
func (s span) overlaps(t span) bool {
	if s.n == 0 || t.n == 0 {
		return s == t
	}
	return s.p < t.end() && t.p < s.end()
}

// spans returns the spans of l's matrix fields.
func (l *Layer) spans() layerSpans {
	return layerSpans{s: [nFields]span{spanOf(l.W, false), spanOf(l.B, false),
		spanOf(l.Z, true), spanOf(l.A, true), spanOf(l.DA, true), spanOf(l.DZ, true), spanOf(l.DW, true), spanOf(l.DB, true)},
		wRows: rowsOf(l.W), bRows: rowsOf(l.B)}
}

// rowsOf returns the rows of m, 0 for nil.
func rowsOf(m *Matrix) int {
	if m == nil {
		return 0
	}
	return m.rows
}

// Validate returns nil if n's fields fit together as Forward and Step need
// them, and otherwise an error, starting "mlp: Validate: ", that names the
// first misfit and what was wanted. It checks that:
//
//   - n has at least one layer, and no layer is nil;
//   - every layer has weights W of at least 1x1 and an Activation (a known
//     one if it is an ActivationFunc), and a bias row B that is nil or
//     1×out;
//   - each layer's W has as many rows as the layer before has units;
//   - no *Layer is listed twice, and no two of the matrices in the fields
//     W, B, Z, A, DA, DZ, DW and DB of the layers share memory, whether they
//     are one *Matrix or matrices made by NewMatrix over one slice, counting
//     the capacity that a pass may grow Z, A, DA, DZ, DW and DB into;
//   - the Loss, if it is a LossFunc, is one of the constants (a nil Loss
//     passes: Forward needs none, and Backward says so itself);
//   - either no layer has gradients DW or DB (no Backward yet), or every
//     layer has a DW of its W's shape and a DB of its B's shape (nil where B
//     is nil), as the last Backward left them.
//
// When Validate returns nil, Forward fails only for its input and Step
// panics only for its learning rate. Backward needs, in addition, the Z and
// A of the last Forward, and returns an error naming them if they changed.
// Validate does not read the numbers in the matrices, and only reads n: it
// may run beside Predict and Save.
func (n *Network) Validate() error {
	if err := n.checkAll("Validate"); err != nil {
		return err
	}
	return n.gradientShapes("Validate")
}

// checkAll returns an error naming op if n does not fit as a call that
// writes into it needs: the structure (check), the Loss (checkLoss), no
// layer listed twice and no two matrices sharing memory (sharedMemory). It
// only reads n.
func (n *Network) checkAll(op string) error {
	if err := n.check(op); err != nil {
		return err
	}
	if err := n.checkLoss(op); err != nil {
		return err
	}
	return n.sharedMemory(op)
}

// check returns an error naming op if the layers do not fit together: the
// structure that every call computing with them needs (see Validate).
func (n *Network) check(op string) error {
	if n == nil {
		return fmt.Errorf("mlp: %s: network is nil", op)
	}
	if len(n.Layers) == 0 {
		return fmt.Errorf("mlp: %s: network has no layers", op)
	}
	for i, l := range n.Layers {
		switch {
		case l == nil:
			return fmt.Errorf("mlp: %s: layer %d is nil", op, i)
		case l.W == nil:
			return fmt.Errorf("mlp: %s: layer %d has no weights (W is nil)", op, i)
		case l.W.rows < 1 || l.W.cols < 1:
			return fmt.Errorf("mlp: %s: layer %d: W is %dx%d, want at least 1x1", op, i, l.W.rows, l.W.cols)
		case l.Activation == nil:
			return fmt.Errorf("mlp: %s: layer %d has no activation", op, i)
		case l.B != nil && (l.B.rows != 1 || l.B.cols != l.W.cols):
			return fmt.Errorf("mlp: %s: layer %d: B is %dx%d, want 1x%d", op, i, l.B.rows, l.B.cols, l.W.cols)
		case i > 0 && l.W.rows != n.Layers[i-1].W.cols:
			return fmt.Errorf("mlp: %s: layer %d: W is %dx%d, want %d rows to match layer %d's %d outputs",
				op, i, l.W.rows, l.W.cols, n.Layers[i-1].W.cols, i-1, n.Layers[i-1].W.cols)
		case !knownActivation(l.Activation):
			return fmt.Errorf("mlp: %s: layer %d: unknown activation %v", op, i, l.Activation)
		}
	}
	return nil
}

// checkFields returns the error of checkAll. When the fields are those of
// the last full check (known), that is all it costs; otherwise it runs
// checkAll and remembers the spans. Only the calls that write into n call
// it: it writes n.spans.
func (n *Network) checkFields(op string) error {
	if n.known(0) {
		return nil
	}
	if err := n.checkAll(op); err != nil {
		return err
	}
	n.spans = n.spans[:0]
	n.xSpan = span{} // to be checked against the spans again
	for _, l := range n.Layers {
		ls := l.spans()
		for _, s := range ls.s {
			if s.n == 0 && s.p != nilAddr {
				// A matrix without memory, before a pass allocates it:
				// span.of leaves it out, so the next call checks in full.
				n.spans = n.spans[:0]
				return nil
			}
		}
		n.spans = append(n.spans, ls)
	}
	return nil
}

// What known checks besides the spans and activations.
const (
	needGrads = 1 << iota // every layer's DW and DB of its W's and B's shapes, as Step reads them
	needPass              // the Z and A of the last Forward, and its input n.x, as Backward reads them
)

// known reports whether every layer's spans, and the rows of its W and B,
// are those the last full check remembered, its activation and the Loss are
// known, and whatever need asks for. Then the weights and biases have the shapes
// they had (their columns are their length over their rows), the matrices
// are as far apart as they were, and the call needs no other check of the
// fields. It is the training step's check: a few comparisons a field, no
// call, no allocation.
func (n *Network) known(need uint8) bool {
	if n == nil || len(n.Layers) == 0 || len(n.spans) != len(n.Layers) {
		return false
	}
	if f, ok := n.Loss.(LossFunc); ok && !f.valid() {
		return false
	}
	rows := 0
	if need&needPass != 0 {
		if n.x == nil || spanOf(n.x, false) != n.xSpan {
			return false
		}
		rows = n.x.rows
	}
	for i, l := range n.Layers {
		ls := &n.spans[i]
		s := &ls.s
		if l == nil ||
			!s[0].of(l.W, false) || ls.wRows != rowsOf(l.W) ||
			!s[1].of(l.B, false) || ls.bRows != rowsOf(l.B) ||
			!s[2].of(l.Z, true) || !s[3].of(l.A, true) ||
			!s[4].of(l.DA, true) || !s[5].of(l.DZ, true) ||
			!s[6].of(l.DW, true) || !s[7].of(l.DB, true) {
			return false
		}
		if f, ok := l.Activation.(ActivationFunc); ok { // the common case, without a call
			if !f.valid() {
				return false
			}
		} else if l.Activation == nil || !knownActivation(l.Activation) {
			return false
		}
		w := l.W
		if need&needGrads != 0 {
			dw, db := l.DW, l.DB
			if dw == nil || dw.rows != w.rows || dw.cols != w.cols ||
				(db == nil) != (l.B == nil) || db != nil && (db.rows != 1 || db.cols != l.B.cols) {
				return false
			}
		}
		if need&needPass != 0 {
			z, a := l.Z, l.A
			if z == nil || z.rows != rows || z.cols != w.cols || a == nil || a.rows != rows || a.cols != w.cols ||
				i == 0 && n.x.cols != w.rows {
				return false
			}
		}
	}
	return true
}

// knownActivation reports whether a is not a built-in type holding an
// unknown value, such as ActivationFunc(42).
func knownActivation(a Activation) bool {
	v, ok := a.(interface{ valid() bool })
	return !ok || v.valid()
}

// sharedMemory returns an error naming op and two fields that share memory,
// or a layer listed twice: of all the fields that share memory with another,
// the first in the order of the layers and fieldNames, and the first field
// it shares with. It sorts the spans, so that a network of many layers
// takes O(m log m) for its m matrices; it allocates.
func (n *Network) sharedMemory(op string) error {
	type ref struct {
		s span
		k int // nFields·layer + the field's index in fieldNames
	}
	refs := make([]ref, 0, nFields*len(n.Layers))
	for i, l := range n.Layers {
		for f, s := range l.spans().s {
			if s.p != nilAddr {
				refs = append(refs, ref{s, nFields*i + f})
			}
		}
	}
	// Matrices without memory first, then by address.
	slices.SortFunc(refs, func(a, b ref) int {
		if c := cmp.Compare(min(a.s.n, 1), min(b.s.n, 1)); c != 0 {
			return c
		}
		return cmp.Compare(a.s.p, b.s.p)
	})
	first := -1
	var end uintptr // the largest end of the spans before, in sorted order
	for j, r := range refs {
		shared := false
		if r.s.n == 0 {
			shared = (j > 0 && refs[j-1].s == r.s) || (j+1 < len(refs) && refs[j+1].s == r.s)
		} else {
			next := j+1 < len(refs) && refs[j+1].s.p < r.s.end()
			shared = r.s.p < end || next
			end = max(end, r.s.end())
		}
		if shared && (first < 0 || r.k < first) {
			first = r.k
		}
	}
	if first < 0 {
		return nil
	}
	a := n.Layers[first/nFields].spans().s[first%nFields]
	other := -1
	for _, r := range refs {
		if r.k != first && r.s.overlaps(a) && (other < 0 || r.k < other) {
			other = r.k
		}
	}
	la, fa, lb, fb := first/nFields, first%nFields, other/nFields, other%nFields
	if fa == 0 && fb == 0 && n.Layers[la] == n.Layers[lb] {
		return fmt.Errorf("mlp: %s: layer %d is layer %d again (the same *Layer twice); want distinct layers", op, lb, la)
	}
	return fmt.Errorf("mlp: %s: layer %d's %s and layer %d's %s share memory; give each field a matrix of its own",
		op, la, fieldNames[fa], lb, fieldNames[fb])
}

// sharing returns the first field of n, as layer and field name, whose
// memory x's numbers share, or -1 and "" if there is none. The remembered
// spans, if any, must be those of n's fields now (after checkFields).
func (n *Network) sharing(x *Matrix) (int, string) {
	xs := spanOf(x, false)
	if xs.n == 0 {
		return -1, "" // x has no numbers (it has passed checkInputShape)
	}
	// A nil field (nilAddr, 0) or a matrix without memory (p, 0) overlaps
	// no x with numbers by this test either.
	xe := xs.end()
	for i := range n.Layers {
		var ls layerSpans
		if len(n.spans) == len(n.Layers) {
			ls = n.spans[i]
		} else {
			ls = n.Layers[i].spans() // checkFields left the spans unremembered
		}
		for f := range ls.s {
			if s := &ls.s[f]; s.p < xe && xs.p < s.end() {
				return i, fieldNames[f]
			}
		}
	}
	return -1, ""
}

// checkInput returns an error naming op if x cannot be the input of
// Forward: not of the shape checkInputShape wants, or sharing memory with a
// matrix of n (which Forward writes, or Backward while reading x). n must
// have passed checkFields.
func (n *Network) checkInput(op string, x *Matrix) error {
	if err := n.checkInputShape(op, x); err != nil {
		return err
	}
	if spanOf(x, false) == n.xSpan {
		return nil // the input of the last Forward, already checked against these spans
	}
	if i, f := n.sharing(x); i >= 0 {
		return fmt.Errorf("mlp: %s: input shares memory with layer %d's %s; pass a copy (Clone)", op, i, f)
	}
	return nil
}

// checkInputShape returns an error naming op if x is nil, has no rows, or
// has not the network's number of inputs as columns. n must have passed
// check.
func (n *Network) checkInputShape(op string, x *Matrix) error {
	if x == nil {
		return fmt.Errorf("mlp: %s: input is nil", op)
	}
	if inputs := n.Layers[0].W.rows; x.cols != inputs {
		return fmt.Errorf("mlp: %s: input has %d columns, network expects %d", op, x.cols, inputs)
	}
	if x.rows == 0 {
		return fmt.Errorf("mlp: %s: input is 0x%d, want at least one sample (row)", op, x.cols)
	}
	return nil
}

// checkPass returns an error naming op unless the layers hold the pass of
// the last Forward that Backward reads: its input n.x, still the width of
// the first layer and apart from the network's matrices, and each layer's Z
// and A of its shape. n must have passed checkFields, and n.x not be nil.
func (n *Network) checkPass(op string) error {
	x, rows := n.x, n.x.rows
	if w := n.Layers[0].W; x.cols != w.rows {
		return fmt.Errorf("mlp: %s: layer 0: W is %dx%d, want %d rows for the last Forward's input (call Forward again)", op, w.rows, w.cols, x.cols)
	}
	for i, l := range n.Layers {
		if l.Z == nil || l.Z.rows != rows || l.Z.cols != l.W.cols {
			return shapeError(op, i, "Z", l.Z, rows, l.W.cols, "Forward")
		}
		if l.A == nil || l.A.rows != rows || l.A.cols != l.W.cols {
			return shapeError(op, i, "A", l.A, rows, l.W.cols, "Forward")
		}
	}
	if xs := spanOf(x, false); xs != n.xSpan {
		if i, f := n.sharing(x); i >= 0 {
			return fmt.Errorf("mlp: %s: the last Forward's input and layer %d's %s share memory; x must not change between Forward and Backward", op, i, f)
		}
		n.xSpan = xs
	}
	return nil
}

// gradientShapes returns an error naming op unless no layer has DW or DB,
// or every layer has DW of its W's shape and DB of its B's: what Step and
// the optimizers read.
func (n *Network) gradientShapes(op string) error {
	fit, some := true, false
	for _, l := range n.Layers {
		dw, db := l.DW, l.DB
		some = some || dw != nil || db != nil
		fit = fit && dw != nil && dw.rows == l.W.rows && dw.cols == l.W.cols &&
			(db == nil && l.B == nil || db != nil && l.B != nil && db.rows == 1 && db.cols == l.B.cols)
	}
	if fit || !some {
		return nil
	}
	for i, l := range n.Layers {
		if dw := l.DW; dw == nil || dw.rows != l.W.rows || dw.cols != l.W.cols {
			return shapeError(op, i, "DW", dw, l.W.rows, l.W.cols, "Backward")
		}
		switch db := l.DB; {
		case l.B == nil && db != nil:
			return fmt.Errorf("mlp: %s: layer %d: DB is %dx%d, want nil for a layer without B (call Backward again)", op, i, db.rows, db.cols)
		case l.B != nil && (db == nil || db.rows != 1 || db.cols != l.B.cols):
			return shapeError(op, i, "DB", db, 1, l.B.cols, "Backward")
		}
	}
	return nil
}

// shapeError returns the error of layer i's field name holding m where a
// rows×cols matrix was wanted, which the call again would set.
func shapeError(op string, i int, name string, m *Matrix, rows, cols int, again string) error {
	got := "nil"
	if m != nil {
		got = fmt.Sprintf("%dx%d", m.rows, m.cols)
	}
	return fmt.Errorf("mlp: %s: layer %d: %s is %s, want %dx%d (call %s again)", op, i, name, got, rows, cols, again)
}

// mustStep panics, naming op, if n does not fit as Step needs (see
// Validate): for the calls that return no error (Network.Step and the
// optimizers' Step), where it is a programmer error.
func mustStep(op string, n *Network) {
	if n.known(needGrads) {
		return
	}
	if n == nil {
		panic(fmt.Errorf("mlp: %s: network is nil", op))
	}
	if err := n.checkFields(op); err != nil {
		panic(err)
	}
	if err := n.gradientShapes(op); err != nil {
		panic(err)
	}
}

// checkInputFinite returns an error naming op and the first element of x
// that is NaN or ±Inf, given z = x·W + B of the first layer. A NaN or
// infinite x(r, c) makes every element of row r of z NaN or infinite,
// whatever W and B are: NaN·w and ±Inf·0 are NaN, ±Inf·w is infinite, and a
// sum with a NaN or infinite term is NaN or infinite. So only the rows of x
// whose z(r, 0) is not finite need reading, and the check costs one
// comparison a sample (a row whose z is infinite from huge finite numbers is
// read and passes).
func checkInputFinite(op string, x, z *Matrix) error {
	for r := 0; r < z.rows; r++ {
		if isFinite(z.data[r*z.cols]) {
			continue
		}
		row := x.data[r*x.cols : (r+1)*x.cols]
		if c := firstNonFinite(row); c >= 0 {
			return fmt.Errorf("mlp: %s: x(%d, %d) is %v, want a finite number", op, r, c, row[c])
		}
	}
	return nil
}
