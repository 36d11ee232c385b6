package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

func TestBuiltinDatasets(t *testing.T) {
	all := builtinDatasets()
	xor := all[0]
	want := []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1} // the tutorial's X
	for i, v := range xor.XTrain.RawData() {
		if v != want[i] {
			t.Fatalf("XOR's X = %v, want the tutorial's %v", xor.XTrain.RawData(), want)
		}
	}
	if y := targets(xor.YTrain, 1).RawData(); y[0] != 0 || y[1] != 1 || y[2] != 1 || y[3] != 0 {
		t.Errorf("XOR's targets for one output = %v, want the tutorial's [0 1 1 0]", y)
	}
	if xor.XTest != nil {
		t.Error("XOR has a test set; the tutorial has four points only")
	}
	for _, d := range all[1:] {
		classes := len(d.Classes)
		for _, part := range []struct {
			name string
			x, y *mlp.Matrix
		}{{"training", d.XTrain, d.YTrain}, {"test", d.XTest, d.YTest}} {
			rows, cols := part.x.Dims()
			if rows != generated2D || cols != 2 {
				t.Errorf("%s %s: %dx%d, want %dx2", d.Name, part.name, rows, cols, generated2D)
			}
			count := make([]int, classes)
			labels := mlp.Classify(part.y)
			for i := range rows {
				count[labels[i]]++
				x, y := part.x.At(i, 0), part.x.At(i, 1)
				p := d.Plane
				if x < p.XMin || x > p.XMax || y < p.YMin || y > p.YMax {
					t.Errorf("%s %s point (%v, %v) is outside the plane shown", d.Name, part.name, x, y)
				}
			}
			for k, n := range count {
				if n < rows/classes-1 || n > rows/classes+1 {
					t.Errorf("%s %s: class %d has %d points, want %d", d.Name, part.name, k, n, rows/classes)
				}
			}
		}
	}
	// The circle's classes are where its title says.
	c := all[1]
	for i, k := range mlp.Classify(c.YTrain) {
		r := math.Hypot(c.XTrain.At(i, 0), c.XTrain.At(i, 1))
		if k == 1 && r > 2 || k == 0 && (r < 3 || r > 5) {
			t.Errorf("circle point %d of class %v at radius %v", i, k, r)
		}
	}
	// Every default setup is valid.
	lim := defaultLimits
	files, err := loadFileDatasets("../../testdata", lim)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(all, files...) {
		if _, err := parseSetup(d.Defaults, func(string) (*dataset, error) { return d, nil }, lim); err != nil {
			t.Errorf("%s's defaults: %v", d.Name, err)
		}
	}
}

func TestFileDatasets(t *testing.T) {
	files, err := loadFileDatasets("../../testdata", defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		name            string
		train, test     int
		features, class int
	}{{"iris", 112, 38, 4, 3}, {"digits", 1346, 451, 64, 10}} {
		d := files[i]
		tr, f := d.XTrain.Dims()
		te, _ := d.XTest.Dims()
		if d.Name != want.name || tr+te != want.train+want.test || f != want.features || len(d.Classes) != want.class || d.Plane != nil {
			t.Errorf("%s: %d+%d samples of %d features, %d classes; want %s, %d samples of %d features, %d classes, no plane",
				d.Name, tr, te, f, len(d.Classes), want.name, want.train+want.test, want.features, want.class)
		}
		// Standardised with the training part: each column's mean is 0.
		for j := range f {
			sum := 0.0
			for r := range tr {
				sum += d.XTrain.At(r, j)
			}
			if math.Abs(sum/float64(tr)) > 1e-9 {
				t.Errorf("%s column %d has mean %v, want 0", d.Name, j, sum/float64(tr))
			}
		}
	}
	if _, err := loadFileDatasets(t.TempDir(), defaultLimits); err == nil {
		t.Error("loadFileDatasets of an empty folder: no error")
	}
}

func TestFindTestdata(t *testing.T) {
	dir, err := findTestdata()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "iris.csv")); err != nil {
		t.Errorf("findTestdata = %s, which has no iris.csv", dir)
	}
	wd, _ := os.Getwd()
	t.Chdir(t.TempDir())
	if _, err := findTestdata(); err == nil || !strings.Contains(err.Error(), "no go.mod of github.com/glassbox-go/mlp") {
		t.Errorf("findTestdata outside the module = %v, want an error saying so", err)
	}
	t.Chdir(wd)
}

func TestSquareAround(t *testing.T) {
	x := mlp.NewMatrix(3, 2, []float64{0, 0, 4, 1, 2, 2})
	p := squareAround(x)
	// The box is [0, 4]×[0, 2]; the square has side 4·1.2 around (2, 1).
	if math.Abs(p.XMin+0.4) > 1e-12 || math.Abs(p.XMax-4.4) > 1e-12 || math.Abs(p.YMin+1.4) > 1e-12 || math.Abs(p.YMax-3.4) > 1e-12 {
		t.Errorf("squareAround = %+v, want [-0.4, 4.4]×[-1.4, 3.4]", *p)
	}
}

func TestTextField(t *testing.T) {
	var r struct{ A, B text }
	if err := json.Unmarshal([]byte(`{"A":"1,2","B":0.5e-3}`), &r); err != nil || r.A != "1,2" || r.B != "0.5e-3" {
		t.Errorf("text fields = %q, %q, %v; want the string and the number as written", r.A, r.B, err)
	}
	for _, bad := range []string{`true`, `[1]`, `{}`, `null`} {
		if err := json.Unmarshal([]byte(`{"A":`+bad+`}`), &r); err == nil {
			t.Errorf("text field %s: no error", bad)
		}
	}
}

func TestShort(t *testing.T) {
	if got := short("abc"); got != `"abc"` {
		t.Errorf(`short("abc") = %s`, got)
	}
	long := strings.Repeat("é", 50)
	if got := short(long); got != `"`+strings.Repeat("é", 40)+`"…` {
		t.Errorf("short of 50 runes = %s, want the first 40 and …", got)
	}
}

func TestLimitsCheck(t *testing.T) {
	if err := defaultLimits.check(); err != nil {
		t.Errorf("default limits: %v", err)
	}
	for _, c := range []struct {
		change func(l *limits)
		want   string
	}{
		{func(l *limits) { l.Idle = 0 }, "-session-idle is 0s"},
		{func(l *limits) { l.TrainTime = -1 }, "-max-train is -1ns"},
		{func(l *limits) { l.Units = 1 }, "-max-units is 1"},
		{func(l *limits) { l.Layers = -1 }, "-max-layers is -1"},
		{func(l *limits) { l.Params = 0 }, "-max-params is 0"},
		{func(l *limits) { l.Work = 0 }, "-max-work is 0"},
		{func(l *limits) { l.Upload = 0 }, "-max-upload is 0"},
	} {
		l := defaultLimits
		c.change(&l)
		if err := l.check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("check = %v, want %q", err, c.want)
		}
	}
}
