package mlp

// The protocol buffers wire format, the part of it that ONNX files use,
// written and read by hand. A message is a sequence of fields; each field is
// a tag, the varint fieldNumber<<3 | wireType, followed by its value:
//
//	wire type 0  varint: 7 bits a byte, least significant first, the high
//	             bit set on every byte but the last; at most 10 bytes
//	wire type 1  fixed64: 8 bytes, little-endian (double)
//	wire type 2  length-delimited: a varint length, then that many bytes
//	             (string, bytes, a nested message, a packed repeated field)
//	wire type 5  fixed32: 4 bytes, little-endian (float)
//
// Wire types 3 and 4 (groups) are deprecated and never used by ONNX; the
// reader refuses them.

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
)

const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// wireName names the wire type w (0 to 7) in errors.
func wireName(w int) string {
	return [8]string{"0 (varint)", "1 (fixed64)", "2 (length-delimited)", "3 (start group)", "4 (end group)", "5 (fixed32)", "6 (invalid)", "7 (invalid)"}[w&7]
}

// A pbWriter appends protobuf fields to b. Nested messages are written in
// place: begin writes the tag, the message's fields follow, and end inserts
// their length after the tag, so the bytes are written once and moved at
// most once per level of nesting.
type pbWriter struct {
	b []byte
}

// tag appends the tag of field with wire type wire.
func (w *pbWriter) tag(field, wire int) {
	w.b = binary.AppendUvarint(w.b, uint64(field)<<3|uint64(wire))
}

// varint appends field as a varint; negative values take 10 bytes, as
// protobuf writes an int64 or an enum.
func (w *pbWriter) varint(field int, v int64) {
	w.tag(field, wireVarint)
	w.b = binary.AppendUvarint(w.b, uint64(v))
}

// bytes appends field as a length-delimited string of bytes.
func (w *pbWriter) bytes(field int, p []byte) {
	w.tag(field, wireBytes)
	w.b = binary.AppendUvarint(w.b, uint64(len(p)))
	w.b = append(w.b, p...)
}

// string appends field as a length-delimited string.
func (w *pbWriter) string(field int, s string) {
	w.tag(field, wireBytes)
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

// begin starts the nested message field and returns where its content
// starts, for end.
func (w *pbWriter) begin(field int) int {
	w.tag(field, wireBytes)
	return len(w.b)
}

// end closes the nested message whose content starts at start: it inserts
// the content's length, as a varint, before the content.
func (w *pbWriter) end(start int) {
	size := len(w.b) - start
	var lb [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(lb[:], uint64(size))
	w.b = append(w.b, lb[:n]...)
	copy(w.b[start+n:], w.b[start:start+size])
	copy(w.b[start:], lb[:n])
}

// A pbReader reads the fields of one message, buf[pos:end], where buf is the
// whole input: offsets in errors are from the start of the input. Every
// length is checked against the bytes left in the message before it is
// used, so a pbReader never reads outside its message and never allocates
// but for errors. Errors name the message by its path from the model, such
// as "graph.node[2].attribute[0]", made from up, name and index only when
// an error needs it.
type pbReader struct {
	buf      []byte
	pos, end int
	up       *pbReader // the message that holds this one, nil for the model
	name     string    // the field of up that holds this message
	index    int       // its index among the fields of that name, or −1
}

// newPBReader returns a reader of the message that is the whole of buf.
func newPBReader(buf []byte, name string) *pbReader {
	return &pbReader{buf: buf, end: len(buf), name: name, index: -1}
}

// path names r's message in errors.
func (r *pbReader) path() string {
	p := r.name
	if r.index >= 0 {
		p += "[" + strconv.Itoa(r.index) + "]"
	}
	if r.up != nil && r.up.up != nil {
		p = r.up.path() + "." + p
	}
	return p
}

// errorf returns an error naming r's message, without the "mlp: op:" prefix
// that the caller adds.
func (r *pbReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", r.path(), fmt.Sprintf(format, args...))
}

// cut says how the message ended too soon: the input is truncated if the
// message is the whole input, and corrupt otherwise.
func (r *pbReader) cut() string {
	if r.end == len(r.buf) {
		return "the input is truncated"
	}
	return "the message ends (the input is corrupt)"
}

// what names the message in errors: the input or the message.
func (r *pbReader) what() string {
	if r.end == len(r.buf) {
		return "the input"
	}
	return "the message"
}

// next reads the next tag and returns its field number and wire type; field
// is 0 at the end of the message. A field number of 0 or above 2²⁹−1, a
// group and an invalid wire type are errors.
func (r *pbReader) next() (field, wire int, err error) {
	if r.pos >= r.end {
		return 0, 0, nil
	}
	at := r.pos
	t, err := r.uvarint()
	if err != nil {
		return 0, 0, err
	}
	f, wt := t>>3, int(t&7)
	switch {
	case f == 0 || f > 1<<29-1:
		return 0, 0, r.errorf("byte %d: a tag with field number %d, want 1 to %d: the input is not a protobuf message", at, f, 1<<29-1)
	case wt == 3 || wt == 4:
		return 0, 0, r.errorf("byte %d: field %d has wire type %s, which ONNX never uses", at, f, wireName(wt))
	case wt > 5:
		return 0, 0, r.errorf("byte %d: field %d has wire type %s", at, f, wireName(wt))
	}
	return int(f), wt, nil
}

// each calls f with the number and wire type of each field of the message
// in turn, until the end of the message or the first error. f must read or
// skip the field's value.
func (r *pbReader) each(f func(field, wire int) error) error {
	for {
		field, wire, err := r.next()
		if err != nil || field == 0 {
			return err
		}
		if err := f(field, wire); err != nil {
			return err
		}
	}
}

// uvarint reads a varint. One that runs past the message or past 64 bits
// is an error.
func (r *pbReader) uvarint() (uint64, error) {
	var v uint64
	for i := 0; ; i++ {
		at := r.pos + i
		if at >= r.end {
			return 0, r.errorf("byte %d: %s in the middle of a varint", at, r.cut())
		}
		c := r.buf[at]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			return 0, r.errorf("byte %d: a varint longer than 64 bits", r.pos)
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.pos = at + 1
			return v, nil
		}
	}
}

// want returns an error unless wire is the wire type that field name (number
// field) has.
func (r *pbReader) want(field, wire, want int, name string) error {
	if wire != want {
		return r.errorf("field %d (%s) has wire type %s, want %s", field, name, wireName(wire), wireName(want))
	}
	return nil
}

// bytes reads a length-delimited value of field name and returns it with
// its offset in the input. It is a slice of the input, not a copy.
func (r *pbReader) bytes(field, wire int, name string) ([]byte, int, error) {
	if err := r.want(field, wire, wireBytes, name); err != nil {
		return nil, 0, err
	}
	at := r.pos
	n, err := r.uvarint()
	if err != nil {
		return nil, 0, err
	}
	if left := r.end - r.pos; n > uint64(left) {
		return nil, 0, r.errorf("byte %d: field %d (%s) declares %d bytes, but %s has %d left", at, field, name, n, r.what(), left)
	}
	start := r.pos
	r.pos += int(n)
	return r.buf[start:r.pos:r.pos], start, nil
}

// string reads a length-delimited value of field name as a string.
func (r *pbReader) string(field, wire int, name string) (string, error) {
	b, _, err := r.bytes(field, wire, name)
	return string(b), err
}

// message reads a nested message of field name, the index-th of its name
// (−1 for a field that does not repeat), and returns its reader.
func (r *pbReader) message(field, wire int, name string, index int) (*pbReader, error) {
	_, start, err := r.bytes(field, wire, name)
	if err != nil {
		return nil, err
	}
	return &pbReader{buf: r.buf, pos: start, end: r.pos, up: r, name: name, index: index}, nil
}

// int64 reads a varint of field name as protobuf's int64 (and int32 and
// enums, whose negative values take ten bytes).
func (r *pbReader) int64(field, wire int, name string) (int64, error) {
	if err := r.want(field, wire, wireVarint, name); err != nil {
		return 0, err
	}
	v, err := r.uvarint()
	return int64(v), err
}

// float32 reads a fixed32 of field name as a float.
func (r *pbReader) float32(field, wire int, name string) (float32, error) {
	if err := r.want(field, wire, wireFixed32, name); err != nil {
		return 0, err
	}
	if r.end-r.pos < 4 {
		return 0, r.errorf("byte %d: %s in the middle of field %d (%s)", r.pos, r.cut(), field, name)
	}
	v := binary.LittleEndian.Uint32(r.buf[r.pos:])
	r.pos += 4
	return math.Float32frombits(v), nil
}

// skip skips the value of a field of wire type wire that the reader does
// not use.
func (r *pbReader) skip(field, wire int) error {
	var size int
	switch wire {
	case wireVarint:
		_, err := r.uvarint()
		return err
	case wireBytes:
		_, _, err := r.bytes(field, wire, "unknown")
		return err
	case wireFixed64:
		size = 8
	case wireFixed32:
		size = 4
	}
	if r.end-r.pos < size {
		return r.errorf("byte %d: %s in the middle of field %d", r.pos, r.cut(), field)
	}
	r.pos += size
	return nil
}

// repeatedInt64 calls f with each value of a repeated int64 field: one
// value for wire type 0, or every varint of a packed (wire type 2) field.
func (r *pbReader) repeatedInt64(field, wire int, name string, f func(v int64) error) error {
	if wire == wireVarint {
		v, err := r.int64(field, wire, name)
		if err != nil {
			return err
		}
		return f(v)
	}
	_, start, err := r.bytes(field, wire, name)
	if err != nil {
		return err
	}
	p := *r // the same message, for errors
	p.pos, p.end = start, r.pos
	for p.pos < p.end {
		v, err := p.uvarint()
		if err != nil {
			return err
		}
		if err := f(int64(v)); err != nil {
			return err
		}
	}
	return nil
}

// repeatedFixed reads a repeated fixed-size field (float or double) of size
// bytes a value: one value for the wire type of its size, or a packed
// (wire type 2) run of them. It returns the bytes of the values, a slice of
// the input.
func (r *pbReader) repeatedFixed(field, wire, size int, name string) ([]byte, error) {
	one := wireFixed32
	if size == 8 {
		one = wireFixed64
	}
	if wire == one {
		if r.end-r.pos < size {
			return nil, r.errorf("byte %d: %s in the middle of field %d (%s)", r.pos, r.cut(), field, name)
		}
		r.pos += size
		return r.buf[r.pos-size : r.pos : r.pos], nil
	}
	if wire != wireBytes {
		return nil, r.errorf("field %d (%s) has wire type %s, want %s or packed %s", field, name, wireName(wire), wireName(one), wireName(wireBytes))
	}
	b, _, err := r.bytes(field, wire, name)
	if err != nil {
		return nil, err
	}
	if len(b)%size != 0 {
		return nil, r.errorf("field %d (%s) holds %d bytes, not a whole number of %d-byte values", field, name, len(b), size)
	}
	return b, nil
}
