package mlp_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestReadRegressionCSV: the example of the documentation, target in the
// middle of the header; two targets in the order given, not the header's;
// spaces and a byte order mark ignored.
func TestReadRegressionCSV(t *testing.T) {
	d, err := mlp.ReadRegressionCSV(strings.NewReader("rooms,price,area\n3,250,70.5\n5,410,120\n"), []string{"price"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(d.X.RawData(), d.Features, d.Y.RawData(), d.Targets, d.Classes == nil); got != "[3 70.5 5 120] [rooms area] [250 410] [price] true" {
		t.Errorf("ReadRegressionCSV(example) = %s, want X [3 70.5 5 120], Features [rooms area], Y [250 410], Targets [price], no Classes", got)
	}
	if r, c := d.X.Dims(); r != 2 || c != 2 {
		t.Errorf("X is %dx%d, want 2x2", r, c)
	}

	targets := []string{"c", "a"}
	d, err = mlp.ReadRegressionCSV(strings.NewReader("\ufeff a , b ,c, d\n 1, 2 ,3,4\n5,6,7,8\n"), targets)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(d.X.RawData(), d.Features, d.Y.RawData(), d.Targets); got != "[2 4 6 8] [b d] [3 1 7 5] [c a]" {
		t.Errorf("ReadRegressionCSV(two targets) = %s, want X [2 4 6 8], Features [b d], Y [3 1 7 5], Targets [c a]", got)
	}
	if r, c := d.Y.Dims(); r != 2 || c != 2 {
		t.Errorf("Y is %dx%d, want 2x2", r, c)
	}
	d.Targets[0] = "changed"
	if targets[0] != "c" {
		t.Error("Targets shares memory with the caller's targets")
	}
}

// TestReadRegressionCSVDiabetes: the diabetes data set of testdata, 442
// patients of 10 features with the target last, as its description says.
func TestReadRegressionCSVDiabetes(t *testing.T) {
	f, err := os.Open("testdata/diabetes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := mlp.ReadRegressionCSV(f, []string{"progression"})
	if err != nil {
		t.Fatal(err)
	}
	n, nf := d.X.Dims()
	if n != 442 || nf != 10 || d.Y.RawData()[0] != 151 || d.Y.RawData()[441] != 57 {
		t.Errorf("diabetes: X is %dx%d, Y starts %v and ends %v, want 442x10, 151 and 57", n, nf, d.Y.RawData()[0], d.Y.RawData()[441])
	}
	if got := fmt.Sprint(d.Features); got != "[age sex bmi bp s1 s2 s3 s4 s5 s6]" {
		t.Errorf("diabetes: Features = %s", got)
	}
	if got := fmt.Sprint(d.X.Row(0)); got != "[59 2 32.1 101 157 93.2 38 4 4.8598 87]" {
		t.Errorf("diabetes: X row 0 = %s, want the file's first line", got)
	}
}

// TestReadRegressionCSVErrors: each bad input is an error that names the
// line where there is one.
func TestReadRegressionCSVErrors(t *testing.T) {
	long := strings.Repeat("x", 100)
	for _, tt := range []struct {
		name, text string
		targets    []string
		want       string
	}{
		{"empty", "", []string{"y"}, "mlp: ReadRegressionCSV: the input is empty, want a header line and samples"},
		{"no targets", "a,y\n1,2\n", nil, "mlp: ReadRegressionCSV: targets is empty, want the name of at least one target column"},
		{"target twice", "a,y\n1,2\n", []string{"y", "a", "y"}, `mlp: ReadRegressionCSV: targets[0] and targets[2] are both "y", want distinct targets`},
		{"unknown target", "a,y\n1,2\n", []string{"Y"}, `mlp: ReadRegressionCSV: line 1: the target "Y" is not in the header`},
		{"long unknown target", "a,y\n1,2\n", []string{long}, `mlp: ReadRegressionCSV: line 1: the target "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (100 bytes) is not in the header`},
		{"target twice in header", "y,a,y\n1,2,3\n", []string{"y"}, `mlp: ReadRegressionCSV: line 1: the target "y" is fields 1 and 3 of the header, want it once`},
		{"no feature", "y,z\n1,2\n", []string{"z", "y"}, "mlp: ReadRegressionCSV: line 1: all 2 fields of the header are targets, want at least one feature"},
		{"no samples", "a,y\n", []string{"y"}, "mlp: ReadRegressionCSV: no samples after the header, want at least one"},
		{"ragged", "a,y\n1,2\n3\n", []string{"y"}, "mlp: ReadRegressionCSV: line 3 has 1 fields, want 2 as in the header"},
		{"not a number", "a,y\n1,2\n3,big\n", []string{"y"}, `mlp: ReadRegressionCSV: line 3, field 2 ("y"): "big" is not a finite number`},
		{"NaN feature", "a,y\n1,2\nNaN,4\n", []string{"y"}, `mlp: ReadRegressionCSV: line 3, field 1 ("a"): "NaN" is not a finite number`},
		{"overflow", "a,y\n1,1e999\n", []string{"y"}, `mlp: ReadRegressionCSV: line 2, field 2 ("y"): "1e999" is not a finite number`},
		{"empty field", "a,y\n1,\n", []string{"y"}, `mlp: ReadRegressionCSV: line 2, field 2 ("y"): "" is not a finite number`},
		{"long field", "a,y\n1," + long + "\n", []string{"y"}, `mlp: ReadRegressionCSV: line 2, field 2 ("y"): "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (100 bytes) is not a finite number`},
		{"malformed CSV", "a,y\n1,\"2\n", []string{"y"}, `mlp: ReadRegressionCSV: parse error on line 2, column 6: extraneous or missing " in quoted-field`},
	} {
		d, err := mlp.ReadRegressionCSV(strings.NewReader(tt.text), tt.targets)
		if err == nil || err.Error() != tt.want || d != nil {
			t.Errorf("%s: ReadRegressionCSV = %v, %v, want nil, %q", tt.name, d, err, tt.want)
		}
	}
	if _, err := mlp.ReadRegressionCSV(nil, []string{"y"}); err == nil || err.Error() != "mlp: ReadRegressionCSV: reader is nil" {
		t.Errorf("ReadRegressionCSV(nil) = %v, want mlp: ReadRegressionCSV: reader is nil", err)
	}
}

// TestReadCSVNumericLabels: with the classes not given, more than 20
// distinct labels that are all numbers are an error pointing to
// ReadRegressionCSV; 20 are classes, and so are 21 given as classes, or 21
// of which one is not a number.
func TestReadCSVNumericLabels(t *testing.T) {
	csv := func(labels int, last string) string {
		var b strings.Builder
		b.WriteString("x,label\n")
		for i := range labels {
			fmt.Fprintf(&b, "%d,%d.5\n", i, 100+i)
		}
		b.WriteString("0," + last + "\n")
		return b.String()
	}
	_, err := mlp.ReadCSV(strings.NewReader(csv(20, "7e1")), nil)
	want := `mlp: ReadCSV: the class labels are 21 distinct numbers ("100.5", "101.5", "102.5", ...), want at most 20 numeric classes: ` +
		"read a numeric target with ReadRegressionCSV, or pass the classes to ReadCSV to read them as classes"
	if err == nil || err.Error() != want {
		t.Errorf("ReadCSV(21 numeric labels) = %v, want %q", err, want)
	}
	d, err := mlp.ReadCSV(strings.NewReader(csv(19, "100.5")), nil)
	if err != nil || len(d.Classes) != 19 {
		t.Errorf("ReadCSV(19 numeric labels) = %v, want 19 classes", err)
	}
	d, err = mlp.ReadCSV(strings.NewReader(csv(19, "7e1")), nil)
	if err != nil || len(d.Classes) != 20 {
		t.Errorf("ReadCSV(20 numeric labels) = %v, want 20 classes", err)
	}
	d, err = mlp.ReadCSV(strings.NewReader(csv(20, "seventy")), nil)
	if err != nil || len(d.Classes) != 21 {
		t.Errorf("ReadCSV(20 numeric labels and one word) = %v, want 21 classes", err)
	}
	first, err := mlp.ReadCSV(strings.NewReader(csv(20, "seventy")), nil)
	if err != nil {
		t.Fatal(err)
	}
	classes := append(slices.Clone(first.Classes[:20]), "7e1")
	d, err = mlp.ReadCSV(strings.NewReader(csv(20, "7e1")), classes)
	if err != nil || len(d.Classes) != 21 {
		t.Errorf("ReadCSV(21 numeric labels, classes given) = %v, want 21 classes", err)
	}

	f, err := os.Open("testdata/diabetes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = mlp.ReadCSV(f, nil)
	if want := `mlp: ReadCSV: the class labels are 214 distinct numbers ("151", "75", "141", ...)`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("ReadCSV(diabetes) = %v, want %q...", err, want)
	}
}

// TestSplitRegression: a regression data set is split at random, not by
// the classes its targets would give, and both parts keep Targets.
func TestSplitRegression(t *testing.T) {
	// Targets 0 or 1 only: stratified as classes, a quarter of each would go
	// to the test part. At random, the seed finds a split that differs.
	n := 40
	x, y := mlp.NewMatrix(n, 1, nil), mlp.NewMatrix(n, 1, nil)
	for i := range n {
		x.Set(i, 0, float64(i))
		if i < 8 {
			y.Set(i, 0, 1)
		}
	}
	reg := &mlp.Dataset{X: x, Y: y, Features: []string{"i"}, Targets: []string{"y"}}
	cls := &mlp.Dataset{X: x, Y: y, Features: []string{"i"}, Classes: []string{"no", "yes"}}
	ones := func(d *mlp.Dataset) int {
		k := 0
		for _, v := range d.Y.RawData() {
			k += int(v)
		}
		return k
	}
	differs := false
	for seed := range uint64(20) {
		train, test, err := reg.Split(0.25, seed)
		if err != nil {
			t.Fatal(err)
		}
		if len(test.X.RawData()) != 10 || len(train.X.RawData()) != 30 {
			t.Fatalf("seed %d: parts of %d and %d samples, want 30 and 10", seed, len(train.X.RawData()), len(test.X.RawData()))
		}
		if fmt.Sprint(train.Targets, test.Targets, train.Classes == nil) != "[y] [y] true" {
			t.Errorf("seed %d: parts have Targets %v and %v, Classes %v, want [y] and no Classes", seed, train.Targets, test.Targets, train.Classes)
		}
		_, ctest, err := cls.Split(0.25, seed)
		if err != nil {
			t.Fatal(err)
		}
		if ones(ctest) != 2 {
			t.Fatalf("seed %d: the classifier's test part has %d of class yes, want 2 (stratified)", seed, ones(ctest))
		}
		if ones(test) != 2 {
			differs = true
		}
	}
	if !differs {
		t.Error("20 seeds all split the regression data as if stratified by its targets")
	}
}

// TestInverseTransform: x = x'·Std + Mean, by hand, and Transform undone.
func TestInverseTransform(t *testing.T) {
	s := &mlp.Scaler{Mean: []float64{10, -1}, Std: []float64{2, 0.5}}
	z := mlp.NewMatrix(2, 2, []float64{0, 1, -1.5, 4})
	x, err := s.InverseTransform(z)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.RawData(), []float64{10, -0.5, 7, 1}; !slices.Equal(got, want) {
		t.Errorf("InverseTransform(z) = %v, want %v", got, want)
	}
	if !slices.Equal(z.RawData(), []float64{0, 1, -1.5, 4}) {
		t.Errorf("InverseTransform changed its argument to %v", z.RawData())
	}
	back, err := s.Transform(x)
	if err != nil || !slices.Equal(back.RawData(), z.RawData()) {
		t.Errorf("Transform(InverseTransform(z)) = %v, %v, want %v", back, err, z.RawData())
	}
	if _, err := s.InverseTransform(nil); err == nil || err.Error() != "mlp: Scaler.InverseTransform: x is nil" {
		t.Errorf("InverseTransform(nil) = %v", err)
	}
	if _, err := s.InverseTransform(mlp.NewMatrix(1, 3, nil)); err == nil || err.Error() != "mlp: Scaler.InverseTransform: x has 3 columns, the scaler was fitted on 2" {
		t.Errorf("InverseTransform(1x3) = %v", err)
	}
}

// TestReadRegressionCSVMemory: memory follows the input, as ReadCSV's: a
// MiB of short numbers takes less than 40 bytes a byte of input.
func TestReadRegressionCSVMemory(t *testing.T) {
	text := "a,b\n" + strings.Repeat("1,2\n", 1<<18)
	var ms1, ms2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	_, err := mlp.ReadRegressionCSV(strings.NewReader(text), []string{"b"})
	runtime.ReadMemStats(&ms2)
	if err != nil {
		t.Fatal(err)
	}
	if got := ms2.TotalAlloc - ms1.TotalAlloc; got > 40*uint64(len(text)) {
		t.Errorf("ReadRegressionCSV(%d bytes) allocates %d bytes, want at most 40 a byte", len(text), got)
	}
}
