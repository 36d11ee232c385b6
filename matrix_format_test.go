package mlp_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// numpyCase is one known answer of testdata/numpy_print.json: a matrix and
// how numpy printed it in its 1.13 style (see testdata/numpy_print.py).
type numpyCase struct {
	Name       string
	Rows, Cols int
	Data       []string // float64 values as Python prints them (repr), which reads back exactly
	Precision  int
	Int        bool // printed as an integer array
	Want       string
}

func TestStringNumpy(t *testing.T) {
	raw, err := os.ReadFile("testdata/numpy_print.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []numpyCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("testdata/numpy_print.json has %d cases, want at least 30", len(cases))
	}
	for _, c := range cases {
		data := make([]float64, len(c.Data))
		for i, h := range c.Data {
			v, err := strconv.ParseFloat(h, 64)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			data[i] = v
		}
		m := mlp.NewMatrix(c.Rows, c.Cols, data)
		var got, call string
		switch {
		case c.Int:
			got, call = fmt.Sprintf("%d", m), "Sprintf(\"%d\", m)"
		case c.Precision == 8:
			got, call = m.String(), "String()"
		default:
			got, call = fmt.Sprintf("%.*v", c.Precision, m), fmt.Sprintf("Sprintf(\"%%.%dv\", m)", c.Precision)
		}
		if got != c.Want {
			t.Errorf("%s: %s =\n%s\nwant (numpy)\n%s", c.Name, call, got, c.Want)
		}
	}
}

// TestStringTutorial prints every matrix of the tutorial's first forward
// and backward pass and compares it character for character with the
// tutorial's printout. X, a numpy integer array in the tutorial, is printed
// with %d.
func TestStringTutorial(t *testing.T) {
	_, tutorial, _ := tutorialPass(t)
	for _, b := range tutorialBlocks(t) {
		got := tutorial[b.name].String()
		if b.name == "delta_w01" {
			got = fmt.Sprintf("%d", tutorial[b.name])
		}
		if got != b.text {
			t.Errorf("%s printed\n%s\nwant (the tutorial)\n%s", b.name, got, b.text)
		}
	}
}

// TestFormatVerbs checks the fmt verbs against layouts worked out by hand
// from the rules in Format's documentation.
func TestFormatVerbs(t *testing.T) {
	m := mlp.NewMatrix(2, 2, []float64{0.5, -1.25, 3, 100})
	special := mlp.NewMatrix(1, 4, []float64{math.Inf(1), math.Inf(-1), math.NaN(), 1})
	halves := mlp.NewMatrix(2, 2, []float64{1.4, -2.5, 2.5, 7})
	for _, tt := range []struct {
		format string
		m      *mlp.Matrix
		want   string
	}{
		{"%v", m, "[[   0.5    -1.25]\n [   3.    100.  ]]"},
		{"%s", m, "[[   0.5    -1.25]\n [   3.    100.  ]]"},
		{"%.1v", m, "[[   0.5   -1.2]\n [   3.   100. ]]"},
		{"%.2f", m, "[[   0.50   -1.25]\n [   3.00  100.00]]"},
		{"%f", m, "[[   0.500000   -1.250000]\n [   3.000000  100.000000]]"},
		{"%g", m, "[[  0.5 -1.25]\n [    3   100]]"},
		{"%+.1e", m, "[[+5.0e-01 -1.2e+00]\n [+3.0e+00 +1.0e+02]]"},
		{"%.3E", m, "[[ 5.000E-01 -1.250E+00]\n [ 3.000E+00  1.000E+02]]"},
		{"%8.3f", m, "[[   0.500   -1.250]\n [   3.000  100.000]]"},
		{"%-8.3f", m, "[[ 0.500   -1.250  ]\n [ 3.000    100.000]]"},
		{"%x", mlp.NewMatrix(1, 2, []float64{0.5, -3}), "[[   0x1p-01 -0x1.8p+01]]"},
		{"%.1f", special, "[[ Inf -Inf  NaN  1.0]]"},
		{"%+.1f", special, "[[+Inf -Inf +NaN +1.0]]"},
		{"%v", special, "[[ inf -inf  nan   1.]]"},
		{"%d", halves, "[[ 1 -3]\n [ 3  7]]"},
		{"%+d", halves, "[[+1 -3]\n [+3 +7]]"},
		{"%#v", m, "mlp.NewMatrix(2, 2, []float64{0.5, -1.25, 3, 100})"},
		{"%#v", mlp.NewMatrix(1, 3, []float64{math.NaN(), math.Inf(-1), math.Copysign(0, -1)}),
			"mlp.NewMatrix(1, 3, []float64{math.NaN(), math.Inf(-1), math.Copysign(0, -1)})"},
		{"%q", mlp.NewMatrix(1, 1, []float64{2}), "%!q(*mlp.Matrix=[[ 2.]])"},
		{"%v", (*mlp.Matrix)(nil), "<nil>"},
		{"%#v", (*mlp.Matrix)(nil), "(*mlp.Matrix)(nil)"},
		{"%v", new(mlp.Matrix), "[]"},
		{"%.2f", mlp.NewMatrix(0, 3, nil), "[]"},
	} {
		if got := fmt.Sprintf(tt.format, tt.m); got != tt.want {
			t.Errorf("Sprintf(%q, %#v) =\n%s\nwant\n%s", tt.format, tt.m, got, tt.want)
		}
	}
	if got, want := fmt.Sprintln(m), m.String()+"\n"; got != want {
		t.Errorf("Sprintln(m) = %q, want String() %q", got, want)
	}
	// A matrix of more than 1000 elements is summarized with every verb.
	big := mlp.NewMatrix(40, 40, nil)
	for i := range big.RawData() {
		big.RawData()[i] = float64(i)
	}
	wantBig := "[[    0.0     1.0     2.0 ...,    37.0    38.0    39.0]\n" +
		" [   40.0    41.0    42.0 ...,    77.0    78.0    79.0]\n" +
		" [   80.0    81.0    82.0 ...,   117.0   118.0   119.0]\n" +
		" ..., \n" +
		" [ 1480.0  1481.0  1482.0 ...,  1517.0  1518.0  1519.0]\n" +
		" [ 1520.0  1521.0  1522.0 ...,  1557.0  1558.0  1559.0]\n" +
		" [ 1560.0  1561.0  1562.0 ...,  1597.0  1598.0  1599.0]]"
	if got := fmt.Sprintf("%.1f", big); got != wantBig {
		t.Errorf("Sprintf(%%.1f, 40x40) =\n%s\nwant\n%s", got, wantBig)
	}
	// %#v is never summarized: it holds every element.
	if got := fmt.Sprintf("%#v", big); strings.Count(got, ",") != 1600+1 || !strings.Contains(got, ", 1599})") {
		t.Errorf("Sprintf(%%#v, 40x40) has %d commas, want 1601 and every element", strings.Count(got, ","))
	}
	// Printing does not change the matrix.
	if got := fmt.Sprintf("%#v", m); got != "mlp.NewMatrix(2, 2, []float64{0.5, -1.25, 3, 100})" {
		t.Errorf("after printing, m = %s", got)
	}
}
