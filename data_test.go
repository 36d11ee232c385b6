package mlp_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

func TestReadCSV(t *testing.T) {
	const text = `sepal_length, sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
"6.3", 3.3 ,virginica
4.9,3.0,setosa
`
	d, err := mlp.ReadCSV(strings.NewReader(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(d.Features), "[sepal_length sepal_width]"; got != want {
		t.Errorf("Features = %v, want %v", got, want)
	}
	if got, want := fmt.Sprint(d.Classes), "[setosa versicolor virginica]"; got != want {
		t.Errorf("Classes = %v, want %v (order of first appearance)", got, want)
	}
	if got, want := fmt.Sprint(d.X.RawData()), "[5.1 3.5 7 3.2 6.3 3.3 4.9 3]"; got != want {
		t.Errorf("X = %v, want %v", got, want)
	}
	if got, want := fmt.Sprint(d.Y.RawData()), "[1 0 0 0 1 0 0 0 1 1 0 0]"; got != want {
		t.Errorf("Y = %v, want %v", got, want)
	}

	// A byte order mark before the header is not part of the first name, and
	// Windows line ends are fine.
	d, err = mlp.ReadCSV(strings.NewReader("\ufeffa,b,c\r\n1,2,x\r\n"), nil)
	if err != nil || fmt.Sprint(d.Features, d.Classes, d.X.RawData()) != "[a b] [x] [1 2]" {
		t.Errorf("ReadCSV with a byte order mark = %+v, %v, want features [a b], classes [x], X [1 2]", d, err)
	}

	// Given classes fix the columns of Y, even for classes that do not occur.
	d, err = mlp.ReadCSV(strings.NewReader(text), []string{"virginica", "versicolor", "setosa", "other"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(d.Y.RawData()), "[0 0 1 0 0 1 0 0 1 0 0 0 0 0 1 0]"; got != want {
		t.Errorf("Y with classes given = %v, want %v", got, want)
	}
}

// TestReadCSVErrors: each kind of bad input is an error that names the line.
func TestReadCSVErrors(t *testing.T) {
	for _, tt := range []struct {
		text    string
		classes []string
		want    string
	}{
		{"", nil, "mlp: ReadCSV: the input is empty"},
		{"a,b\n", nil, "mlp: ReadCSV: no samples after the header"},
		{"label\nx\n", nil, "mlp: ReadCSV: line 1: the header has 1 field, want at least 2"},
		{"a,b,c\n1,2,x\n3,4\n", nil, "mlp: ReadCSV: line 3 has 2 fields, want 3 as in the header"},
		{"a,b,c\n1,2,x\n3,4,5,y\n", nil, "mlp: ReadCSV: line 3 has 4 fields, want 3"},
		{"a,b,c\n1,2,x\n\n3,abc,y\n", nil, `mlp: ReadCSV: line 4, field 2 ("b"): "abc" is not a finite number`},
		{"a,b,c\n1,NaN,x\n", nil, `mlp: ReadCSV: line 2, field 2 ("b"): "NaN" is not a finite number`},
		{"a,b,c\n1,2,x\n-Inf,2,x\n", nil, `line 3, field 1 ("a"): "-Inf" is not a finite number`},
		{"a,b,c\n1,,x\n", nil, `line 2, field 2 ("b"): "" is not a finite number`},
		{"a,b,c\n1,2,x\n1,2,\n", nil, "mlp: ReadCSV: line 3: the class label (field 3) is empty"},
		{"a,b,c\n1,2,x\n1,2,z\n", []string{"x", "y"}, `mlp: ReadCSV: line 3: unknown class "z", want one of x, y`},
		{"a,b,c\n1,2,x\n", []string{"x", "y", "x"}, `mlp: ReadCSV: classes[0] and classes[2] are both "x"`},
		{"a,b,c\n1,2,x\n1,2\"3,y\n", nil, "mlp: ReadCSV: parse error on line 3"},
		{manyClasses(2000), nil, "mlp: ReadCSV: 2000 samples of 2000 classes would need a 2000x2000 one-hot Y"},
	} {
		d, err := mlp.ReadCSV(strings.NewReader(tt.text), tt.classes)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadCSV(%q) error = %v, want %q", tt.text, err, tt.want)
		}
		if d != nil {
			t.Errorf("ReadCSV(%q) = %v with an error, want nil", tt.text, d)
		}
	}
}

// manyClasses is a CSV of n samples, each of a class of its own: about
// 10 bytes a line that would ask for n² numbers.
func manyClasses(n int) string {
	var b strings.Builder
	b.WriteString("x,label\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "1,c%d\n", i)
	}
	return b.String()
}

// TestReadCSVFiles reads the data sets in testdata, whose sizes and class
// counts are those of their published descriptions.
func TestReadCSVFiles(t *testing.T) {
	for _, tt := range []struct {
		file             string
		rows, cols       int
		classes          string
		counts           string
		firstRow, firstY string
	}{
		{"iris.csv", 150, 4, "[setosa versicolor virginica]", "[50 50 50]", "[5.1 3.5 1.4 0.2]", "[1 0 0]"},
		{"digits.csv", 1797, 64, "[0 1 2 3 4 5 6 7 8 9]", "[178 182 177 183 181 182 181 179 174 180]",
			"[0 0 5 13 9 1 0 0 0 0 13 15 10 15 5 0 0 3 15 2 0 11 8 0 0 4 12 0 0 8 8 0 0 5 8 0 0 9 8 0 0 4 11 0 1 12 7 0 0 2 14 5 10 12 0 0 0 0 6 13 10 0 0 0]",
			"[1 0 0 0 0 0 0 0 0 0]"},
	} {
		f, err := os.Open("testdata/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := mlp.ReadCSV(f, nil)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r, c := d.X.Dims(); r != tt.rows || c != tt.cols {
			t.Errorf("%s: X is %dx%d, want %dx%d", tt.file, r, c, tt.rows, tt.cols)
		}
		if got := fmt.Sprint(d.Classes); got != tt.classes {
			t.Errorf("%s: Classes = %v, want %v", tt.file, got, tt.classes)
		}
		if got := fmt.Sprint(classCounts(d.Y)); got != tt.counts {
			t.Errorf("%s: samples a class = %v, want %v", tt.file, got, tt.counts)
		}
		if got := fmt.Sprint(d.X.Row(0)); got != tt.firstRow {
			t.Errorf("%s: X row 0 = %v, want %v", tt.file, got, tt.firstRow)
		}
		if got := fmt.Sprint(d.Y.Row(0)); got != tt.firstY {
			t.Errorf("%s: Y row 0 = %v, want %v", tt.file, got, tt.firstY)
		}
	}
}

// classCounts counts the one-hot rows of y by class.
func classCounts(y *mlp.Matrix) []int {
	r, c := y.Dims()
	counts := make([]int, c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if y.At(i, j) == 1 {
				counts[j]++
			}
		}
	}
	return counts
}

// TestSplit: stratified, disjoint, complete, seeded, and the rows are the
// original ones with their own targets.
func TestSplit(t *testing.T) {
	// 10 samples of class a, 6 of b, 4 of c; x holds the sample's number.
	const n = 20
	x, y := mlp.NewMatrix(n, 2, nil), mlp.NewMatrix(n, 3, nil)
	for i := 0; i < n; i++ {
		k := 0
		if i%2 == 1 {
			k = 1 + (i/2)%5/3 // odd samples: 6 of b, 4 of c
		}
		x.Set(i, 0, float64(i))
		x.Set(i, 1, float64(10*k))
		y.Set(i, k, 1)
	}
	d := &mlp.Dataset{X: x, Y: y, Features: []string{"id", "k"}, Classes: []string{"a", "b", "c"}}
	if got := fmt.Sprint(classCounts(y)); got != "[10 6 4]" {
		t.Fatalf("test data has classes %v, want [10 6 4]", got)
	}
	split := func(seed uint64) (train, test *mlp.Dataset) {
		train, test, err := d.Split(0.25, seed)
		if err != nil {
			t.Fatal(err)
		}
		return train, test
	}
	train, test := split(1)
	// round(0.25·10) = 3 (2.5 rounds away from zero), round(1.5) = 2, round(1) = 1.
	if got := fmt.Sprint(classCounts(test.Y)); got != "[3 2 1]" {
		t.Errorf("test part has classes %v, want [3 2 1]", got)
	}
	if got := fmt.Sprint(classCounts(train.Y)); got != "[7 4 3]" {
		t.Errorf("training part has classes %v, want [7 4 3]", got)
	}
	seen := map[float64]int{}
	for _, part := range []*mlp.Dataset{train, test} {
		r, _ := part.X.Dims()
		prev := -1.0
		for i := 0; i < r; i++ {
			id := part.X.At(i, 0)
			seen[id]++
			if id <= prev {
				t.Errorf("sample %v after %v, want the original order", id, prev)
			}
			prev = id
			if k := part.X.At(i, 1) / 10; part.Y.At(i, int(k)) != 1 {
				t.Errorf("sample %v has targets %v, want class %v", id, part.Y.Row(i), k)
			}
		}
		if fmt.Sprint(part.Classes) != "[a b c]" || fmt.Sprint(part.Features) != "[id k]" {
			t.Errorf("part has Classes %v and Features %v, want d's", part.Classes, part.Features)
		}
	}
	if len(seen) != n {
		t.Errorf("the parts hold %d distinct samples, want all %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("sample %v is in %d parts, want 1", id, c)
		}
	}
	_, test2 := split(1)
	if fmt.Sprint(test2.X.RawData()) != fmt.Sprint(test.X.RawData()) {
		t.Errorf("seed 1 twice gave test parts %v and %v", test.X.RawData(), test2.X.RawData())
	}
	_, test3 := split(2)
	if fmt.Sprint(test3.X.RawData()) == fmt.Sprint(test.X.RawData()) {
		t.Errorf("seeds 1 and 2 gave the same test part %v", test.X.RawData())
	}
	// The split copies: changing a part leaves d alone.
	train.X.Set(0, 0, -1)
	if x.At(int(train.X.At(1, 0)), 0) < 0 {
		t.Error("changing the training part changed d")
	}

	for _, tt := range []struct {
		frac float64
		d    *mlp.Dataset
		want string
	}{
		{0, d, "mlp: Split: testFraction is 0, want a number strictly between 0 and 1"},
		{1, d, "testFraction is 1"},
		{math.NaN(), d, "testFraction is NaN"},
		{0.01, d, "mlp: Split: 20 samples with testFraction 0.01 give 20 for training and 0 for testing, want both parts non-empty"},
		{0.5, &mlp.Dataset{X: x}, "mlp: Split: the data set has no X or no Y"},
		{0.5, &mlp.Dataset{X: x, Y: mlp.NewMatrix(3, 3, nil)}, "mlp: Split: X has 20 rows and Y 3, want the same"},
	} {
		if _, _, err := tt.d.Split(tt.frac, 1); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Split(%v) error = %v, want %q", tt.frac, err, tt.want)
		}
	}
}

func TestScaler(t *testing.T) {
	// Column 0: 1, 2, 3, 6 has mean 3 and variance (4+1+0+9)/4 = 3.5.
	// Column 1: constant 5, so Std 1 and it becomes 0.
	// Column 2: −2, 2, −2, 2 has mean 0 and standard deviation 2.
	x := mlp.NewMatrix(4, 3, []float64{1, 5, -2, 2, 5, 2, 3, 5, -2, 6, 5, 2})
	before := x.Clone()
	s, err := mlp.FitScaler(x)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(s.Mean), "[3 5 0]"; got != want {
		t.Errorf("Mean = %v, want %v", got, want)
	}
	if want := []float64{math.Sqrt(3.5), 1, 2}; fmt.Sprint(s.Std) != fmt.Sprint(want) {
		t.Errorf("Std = %v, want %v", s.Std, want)
	}
	test := mlp.NewMatrix(1, 3, []float64{3 + math.Sqrt(3.5), 7, 1})
	out, err := s.Transform(test)
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []float64{1, 2, 0.5} {
		if got := out.At(0, j); math.Abs(got-want) > 1e-15 {
			t.Errorf("Transform(test)[%d] = %v, want %v", j, got, want)
		}
	}
	if fmt.Sprint(x.RawData()) != fmt.Sprint(before.RawData()) {
		t.Errorf("FitScaler changed x to %v", x.RawData())
	}
	if _, err := s.Transform(mlp.NewMatrix(2, 2, nil)); err == nil || !strings.Contains(err.Error(), "mlp: Scaler.Transform: x has 2 columns, the scaler was fitted on 3") {
		t.Errorf("Transform(2 columns) error = %v", err)
	}
	if _, err := s.Transform(nil); err == nil || !strings.Contains(err.Error(), "mlp: Scaler.Transform: x is nil") {
		t.Errorf("Transform(nil) error = %v", err)
	}
	if _, err := mlp.FitScaler(mlp.NewMatrix(0, 3, nil)); err == nil || !strings.Contains(err.Error(), "mlp: FitScaler: no samples") {
		t.Errorf("FitScaler(0 rows) error = %v", err)
	}
}
