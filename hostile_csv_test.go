package mlp

// Hostile CSV: a nil reader, a missing header, old Mac line ends, huge
// fields, lines and names, and the bound on what ReadCSV allocates.

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// csvRepeat is a reader of head, then n copies of the byte b, then tail,
// without holding them in memory.
type csvRepeat struct {
	head string
	b    byte
	n    int64
	tail string
	read int64 // bytes given so far
}

func (c *csvRepeat) Read(p []byte) (int, error) {
	h, total := int64(len(c.head)), int64(len(c.head))+c.n+int64(len(c.tail))
	if c.read >= total {
		return 0, io.EOF
	}
	k := 0
	for ; k < len(p) && c.read < total; k++ {
		switch i := c.read; {
		case i < h:
			p[k] = c.head[i]
		case i < h+c.n:
			p[k] = c.b
		default:
			p[k] = c.tail[i-h-c.n]
		}
		c.read++
	}
	return k, nil
}

// csvBound is ReadCSV's documented allocation bound for n bytes read: 48
// bytes a byte, plus 1 MiB.
func csvBound(n int64) uint64 { return 48*uint64(n) + 1<<20 }

// csvAllocs returns the bytes that one call of f allocates on the heap
// (heapBytes calls f more than once, which a reader cannot take).
func csvAllocs(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// csvMustNotPanic calls f and turns a panic into a test failure.
func csvMustNotPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s panics: %v, want an error", what, p)
		}
	}()
	f()
}

// TestCSVNilReader: a nil reader is an error, as it is for Load.
func TestCSVNilReader(t *testing.T) {
	csvMustNotPanic(t, "ReadCSV(nil, nil)", func() {
		d, err := ReadCSV(nil, nil)
		if want := "mlp: ReadCSV: reader is nil"; err == nil || err.Error() != want || d != nil {
			t.Errorf("ReadCSV(nil, nil) = %v, %v, want nil, %s", d, err, want)
		}
	})
}

// csv300 is a CSV of one feature and a label among 300 classes, c0 to
// c299 in turn, of at least 2 MiB, and its number of samples.
func csv300() (string, int) {
	var b strings.Builder
	b.WriteString("x,label\n")
	n := 0
	for b.Len() < 2<<20 {
		fmt.Fprintf(&b, "1,c%d\n", n%300)
		n++
	}
	return b.String(), n
}

// TestCSVHostile: each bad input gives its error, exactly, returns no data
// set, leaves the caller's classes as they were, and allocates within the
// documented bound of the bytes read.
func TestCSVHostile(t *testing.T) {
	long := strings.Repeat("z", 100)
	longQ := `"` + strings.Repeat("z", 32) + `"… (100 bytes)`
	name := strings.Repeat("n", 1000)
	nameQ := `"` + strings.Repeat("n", 32) + `"… (1000 bytes)`
	many, n300 := csv300()
	const crMsg = "mlp: ReadCSV: line 1 holds a carriage return (CR) that does not end it: lines ended by CR alone, as old Mac OS wrote them, are not read, want LF or CR LF line ends"
	const numMsg = "mlp: ReadCSV: line 1: the first line looks like a sample, want a header: every feature name is a number"
	for _, tt := range []struct {
		name    string
		in      io.Reader
		classes []string
		want    string
		maxRead int // the most bytes ReadCSV may read, or 0 for no bound
	}{
		// A sample where the header should be.
		{"no header", strings.NewReader("5.1,3.5,setosa\n4.9,3.0,setosa\n"), nil, numMsg, 0},
		{"no header, numeric labels", strings.NewReader("5.1,3.5,0\n4.9,3.0,1\n"), nil, numMsg, 0},
		{"no header, one feature", strings.NewReader(" -1e3 ,x\n2,y\n"), nil, numMsg, 0},
		{"no header after a byte order mark", strings.NewReader("\ufeff1,2,x\n"), nil, numMsg, 0},
		{"no header, quoted", strings.NewReader(`"1","2","x"` + "\n"), nil, numMsg, 0},

		// Lines ended by CR alone.
		{"CR line ends", strings.NewReader("a,b,class\r1,2,x\r3,4,y\r"), nil, crMsg, 0},
		{"CR line ends, quoted", strings.NewReader(`"a","b","class"` + "\r" + `"1","2","x"` + "\r"), nil, crMsg, 0},
		{"CR line ends, one line", strings.NewReader("a,b,class\r"), nil, crMsg, 0},
		{"CR line ends, no final CR", strings.NewReader("a,class\r1,x"), nil, crMsg, 0},
		{"CR inside the header", strings.NewReader("a\rb,class\n1,x\n"), nil, crMsg, 0},

		// Long fields, names and labels are quoted by the 32-byte rule.
		{"long field", strings.NewReader("a,b\n" + long + ",x\n"), nil, `mlp: ReadCSV: line 2, field 1 ("a"): ` + longQ + ` is not a finite number`, 0},
		{"900 KiB field", strings.NewReader("a,b\n" + strings.Repeat("z", 900<<10) + ",x\n"), nil, `mlp: ReadCSV: line 2, field 1 ("a"): "` + strings.Repeat("z", 32) + `"… (921600 bytes) is not a finite number`, 0},
		{"long feature name", strings.NewReader(name + ",b\n1,x\nq,y\n"), nil, `mlp: ReadCSV: line 3, field 1 (` + nameQ + `): "q" is not a finite number`, 0},
		{"long unknown label", strings.NewReader("a,b\n1," + name + "\n"), []string{"x", "y"}, `mlp: ReadCSV: line 2: unknown class ` + nameQ + `, want one of x, y`, 0},
		{"long duplicate class", strings.NewReader("a,b\n1,x\n"), []string{name, "x", name}, `mlp: ReadCSV: classes[0] and classes[2] are both ` + nameQ + `, want distinct classes`, 0},

		// Allocation bounded by the input.
		{"300 classes", strings.NewReader(many), nil,
			fmt.Sprintf("mlp: ReadCSV: %d samples of 300 classes would need a %dx300 one-hot Y and a %dx1 X, more than 2 numbers a byte of the %d-byte input, plus 65536; is the last column a class label?", n300, n300, n300, len(many)), 0},
		{"100 MB field", &csvRepeat{head: "a,class\n", b: 'z', n: 100e6, tail: ",x\n"}, nil,
			"mlp: ReadCSV: the line at byte 9 is longer than 1048576 bytes (1 MiB), the most ReadCSV takes for a header or sample", 8 + 1<<20 + 4<<10},
		{"100 MB quoted field", &csvRepeat{head: "a,class\n\"", b: '\n', n: 100e6, tail: "\",x\n"}, nil,
			"mlp: ReadCSV: the line at byte 9 is longer than 1048576 bytes (1 MiB), the most ReadCSV takes for a header or sample", 8 + 1<<20 + 4<<10},
		{"100 MB header", &csvRepeat{head: "a,", b: 'c', n: 100e6, tail: "\n1,x\n"}, nil,
			"mlp: ReadCSV: the line at byte 1 is longer than 1048576 bytes (1 MiB), the most ReadCSV takes for a header or sample", 1<<20 + 4<<10},
		{"line of 1 MiB + 1", strings.NewReader("a,class\n1" + strings.Repeat(" ", 1<<20-3) + ",x\n"), nil,
			"mlp: ReadCSV: the line at byte 9 is longer than 1048576 bytes (1 MiB), the most ReadCSV takes for a header or sample", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			classes := slices.Clone(tt.classes)
			in := &csvCounting{r: tt.in}
			var d *Dataset
			var err error
			csvMustNotPanic(t, "ReadCSV", func() {
				got := csvAllocs(func() { d, err = ReadCSV(in, tt.classes) })
				if max := csvBound(int64(in.n)); got > max {
					t.Errorf("ReadCSV allocates %d bytes for %d bytes read, want at most %d", got, in.n, max)
				}
			})
			if err == nil || err.Error() != tt.want {
				t.Errorf("ReadCSV(%.60q…) = %.300v, want %s", tt.name, err, tt.want)
			}
			if d != nil {
				t.Errorf("ReadCSV = %v with an error, want nil", d)
			}
			if !slices.Equal(classes, tt.classes) {
				t.Errorf("ReadCSV changed its classes to %q, want %q", tt.classes, classes)
			}
			if tt.maxRead > 0 && in.n > tt.maxRead {
				t.Errorf("ReadCSV read %d bytes, want at most %d", in.n, tt.maxRead)
			}
		})
	}
}

// csvCounting counts the bytes read through it.
type csvCounting struct {
	r io.Reader
	n int
}

func (c *csvCounting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestCSVReads: what the checks above must not refuse, read within the
// documented allocation bound: a line of exactly 1 MiB, headers with some
// numeric names, CR LF line ends, and the data sets that allocate the most
// for their size, up to the bound on X and Y (two numbers a byte, plus
// 65536), which one more class crosses.
func TestCSVReads(t *testing.T) {
	var one, seven strings.Builder
	one.WriteString("x,class\n")
	for one.Len() < 2<<20 {
		one.WriteString("1,x\n") // 1 feature, 1 class: 2 numbers in 4 bytes
	}
	seven.WriteString("x,class\n")
	for i := 0; seven.Len() < 2<<20; i++ {
		fmt.Fprintf(&seven, "1,%d\n", i%7) // 7 classes: 8 numbers in 4 bytes
	}
	// Shaped as the letter-recognition data set: 16 small whole numbers and
	// one of 26 letters a line, about 1.2 numbers of X and Y a byte.
	var letters strings.Builder
	for j := range 16 {
		fmt.Fprintf(&letters, "f%d,", j)
	}
	letters.WriteString("letter\n")
	for i := range 20000 {
		for j := range 16 {
			fmt.Fprintf(&letters, "%d,", (i*7+j*3)%16)
		}
		fmt.Fprintf(&letters, "%c\n", 'A'+i%26)
	}
	digits, err := os.ReadFile("testdata/digits.csv")
	if err != nil {
		t.Fatal(err)
	}
	classes := func(k int) []string {
		c := []string{"c0"}
		for i := 1; i < k; i++ {
			c = append(c, fmt.Sprint("c", i))
		}
		return c
	}
	// 300 samples of a class each, and 1 feature, need 300·301 = 90300
	// numbers, which 2·12382 + 65536 allow: pad the header (spaces around a
	// name are ignored) to make the input 12382 bytes, or one byte less.
	var body strings.Builder
	for i := range 300 {
		fmt.Fprintf(&body, "1,c%d\n", i)
	}
	edge := func(size int) string {
		return "x" + strings.Repeat(" ", size-body.Len()-len("x,c\n")) + ",c\n" + body.String()
	}
	for _, tt := range []struct {
		name       string
		text       string
		classes    []string
		rows, cols int // of X
		nclasses   int
	}{
		{"line of 1 MiB", "a,class\n1" + strings.Repeat(" ", 1<<20-4) + ",x\n", nil, 1, 1, 1},
		{"a numeric feature name", "1,b,class\n1,2,x\n", nil, 1, 2, 1},
		{"numeric class name", "a,0\n1,x\n", nil, 1, 1, 1},
		{"CR LF", "a,b,class\r\n1,2,x\r\n3,4,y\r\n", nil, 2, 2, 2},
		{"one feature", one.String(), nil, (one.Len() - 8) / 4, 1, 1},
		{"seven classes", seven.String(), nil, (seven.Len() - 8) / 4, 1, 7},
		{"digits", string(digits), nil, 1797, 64, 10},
		{"letters", letters.String(), nil, 20000, 16, 26},
		{"at the bound", edge(12382), nil, 300, 1, 300},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d *Dataset
			var err error
			got := csvAllocs(func() { d, err = ReadCSV(strings.NewReader(tt.text), tt.classes) })
			if err != nil {
				t.Fatalf("ReadCSV = %.300v, want nil", err)
			}
			if r, c := d.X.Dims(); r != tt.rows || c != tt.cols || len(d.Classes) != tt.nclasses {
				t.Errorf("ReadCSV: X is %dx%d with %d classes, want %dx%d with %d", r, c, len(d.Classes), tt.rows, tt.cols, tt.nclasses)
			}
			if max := csvBound(int64(len(tt.text))); got > max {
				t.Errorf("ReadCSV allocates %d bytes for %d bytes read, want at most %d", got, len(tt.text), max)
			}
		})
	}
	_, err = ReadCSV(strings.NewReader(edge(12381)), nil)
	if want := "mlp: ReadCSV: 300 samples of 300 classes would need a 300x300 one-hot Y and a 300x1 X, more than 2 numbers a byte of the 12381-byte input, plus 65536; is the last column a class label?"; err == nil || err.Error() != want {
		t.Errorf("ReadCSV(300 samples and classes, 12381 bytes) = %v, want %s", err, want)
	}

	// Classes given count too: one sample of 9 bytes may have 2·9 + 65536
	// numbers, 65553 classes with its 1 feature, and not one more.
	const tiny = "x,c\n1,c0\n"
	if d, err := ReadCSV(strings.NewReader(tiny), classes(65553)); err != nil || d.Y.cols != 65553 {
		t.Errorf("ReadCSV(one sample, 65553 classes given) = %v, want a 1x65553 Y", err)
	}
	_, err = ReadCSV(strings.NewReader(tiny), classes(65554))
	if want := "mlp: ReadCSV: 1 sample of 65554 classes would need a 1x65554 one-hot Y and a 1x1 X, more than 2 numbers a byte of the 9-byte input, plus 65536; is the last column a class label?"; err == nil || err.Error() != want {
		t.Errorf("ReadCSV(one sample, 65554 classes given) = %v, want %s", err, want)
	}
}

// TestCSVDataHostile: Split, FitScaler and Transform on bad data sets and
// scalers give errors, not panics or silent NaN and ±Inf, and change
// nothing they were given.
func TestCSVDataHostile(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := func(v ...float64) *Matrix { return NewMatrix(len(v), 1, v) }
	fitted := &Scaler{Mean: []float64{1}, Std: []float64{2}}
	xNaN, xBig := x(0, nan), x(1e308, -1e308)
	for _, tt := range []struct {
		name string
		call func() error
		args []any // compared before and after the call
		want string
	}{
		{"Split of a nil data set", func() error { var d *Dataset; _, _, err := d.Split(0.5, 1); return err }, nil,
			"mlp: Split: the data set is nil"},
		{"Split with a Y of no columns", func() error {
			_, _, err := (&Dataset{X: NewMatrix(4, 1, nil), Y: NewMatrix(4, 0, nil)}).Split(0.5, 1)
			return err
		}, nil, "mlp: Split: Y has no columns, want one a class, or one column of 0 and 1"},
		{"FitScaler of NaN", func() error { _, err := FitScaler(x(1, nan)); return err }, nil,
			"mlp: FitScaler: x(1, 0) is NaN, want finite numbers"},
		{"FitScaler of +Inf", func() error { _, err := FitScaler(x(inf, 1)); return err }, nil,
			"mlp: FitScaler: x(0, 0) is +Inf, want finite numbers"},
		{"FitScaler overflowing the mean", func() error { _, err := FitScaler(x(1e308, 1e308)); return err }, nil,
			"mlp: FitScaler: column 0: the mean is +Inf, beyond float64: the values are too large"},
		{"FitScaler overflowing the deviation", func() error { _, err := FitScaler(xBig); return err }, []any{xBig.data},
			"mlp: FitScaler: column 0: the standard deviation is +Inf, beyond float64: the values are too large"},
		{"Transform by a nil scaler", func() error { var s *Scaler; _, err := s.Transform(x(1)); return err }, nil,
			"mlp: Scaler.Transform: the scaler is nil"},
		{"Transform by a zero Std", func() error { _, err := (&Scaler{Mean: []float64{0}, Std: []float64{0}}).Transform(x(1)); return err }, nil,
			"mlp: Scaler.Transform: Std[0] is 0, want a positive finite number"},
		{"Transform by a NaN Mean", func() error { _, err := (&Scaler{Mean: []float64{nan}, Std: []float64{1}}).Transform(x(1)); return err }, nil,
			"mlp: Scaler.Transform: Mean[0] is NaN, want a finite number"},
		{"Transform of NaN", func() error { _, err := fitted.Transform(xNaN); return err }, []any{fitted.Mean, fitted.Std, xNaN.data},
			"mlp: Scaler.Transform: x(1, 0) is NaN, want finite numbers"},
		{"Transform beyond float64", func() error {
			_, err := (&Scaler{Mean: []float64{-1e308}, Std: []float64{0.5}}).Transform(x(1e308))
			return err
		}, nil, "mlp: Scaler.Transform: x(0, 0) = 1e+308 standardises to +Inf, beyond float64"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprint(tt.args...)
			var err error
			csvMustNotPanic(t, tt.name, func() { err = tt.call() })
			if err == nil || err.Error() != tt.want {
				t.Errorf("%s = %v, want %s", tt.name, err, tt.want)
			}
			if after := fmt.Sprint(tt.args...); after != before {
				t.Errorf("%s changed its arguments from %s to %s", tt.name, before, after)
			}
		})
	}
}
