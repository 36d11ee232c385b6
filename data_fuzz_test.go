package mlp_test

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// FuzzReadCSV: whatever the bytes, ReadCSV returns either an mlp: error and
// no data set, or a data set whose shapes agree, whose X is finite and whose
// Y is one-hot, and which reads back the same when its classes are given.
//
//	go test -run='^$' -fuzz='^FuzzReadCSV$' -fuzztime=3m -parallel=1
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,class\n1,2,x\n3,4,y\n",
		"a,b,class\n1,2,x\n3,4\n",
		"a,b,class\n1,two,x\n",
		"a,class\n1e308,x\n-1e308,x\n",
		"\ufeffa,class\n 1 , x \n",
		"a,class\n\"1\",\"x,y\"\n",
		"a,class\nNaN,x\n",
		"a,class\n1,\n",
		"a\n1\n",
		"",
		"a,b,c\n\"unterminated\n",
	} {
		f.Add([]byte(s))
	}
	if iris, err := os.ReadFile("testdata/iris.csv"); err == nil {
		f.Add(iris[:min(len(iris), 600)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := mlp.ReadCSV(bytes.NewReader(data), nil)
		if err != nil {
			if d != nil {
				t.Fatalf("ReadCSV(data) = %v, %v: a data set with an error", d, err)
			}
			if !strings.HasPrefix(err.Error(), "mlp: ReadCSV: ") {
				t.Fatalf("ReadCSV(data) error = %q, want an mlp: ReadCSV: prefix", err)
			}
			return
		}
		n, nf := d.X.Dims()
		ny, nc := d.Y.Dims()
		if n < 1 || ny != n || nf != len(d.Features) || nc != len(d.Classes) || nc < 1 {
			t.Fatalf("ReadCSV(data): X %dx%d, Y %dx%d, %d features, %d classes: shapes disagree", n, nf, ny, nc, len(d.Features), len(d.Classes))
		}
		for _, v := range d.X.RawData() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ReadCSV(data): X holds %v, want finite numbers", v)
			}
		}
		seen := make([]bool, nc)
		for i := 0; i < n; i++ {
			ones := 0
			for j, v := range d.Y.Row(i) {
				switch v {
				case 1:
					ones++
					seen[j] = true
				case 0:
				default:
					t.Fatalf("ReadCSV(data): Y(%d,%d) = %v, want 0 or 1", i, j, v)
				}
			}
			if ones != 1 {
				t.Fatalf("ReadCSV(data): Y row %d has %d ones, want 1", i, ones)
			}
		}
		for j, ok := range seen {
			if !ok {
				t.Fatalf("ReadCSV(data): class %d (%q) has no sample", j, d.Classes[j])
			}
		}
		again, err := mlp.ReadCSV(bytes.NewReader(data), d.Classes)
		if err != nil {
			t.Fatalf("ReadCSV(data, its own classes) error = %v, want nil", err)
		}
		for k, v := range d.Y.RawData() {
			if again.Y.RawData()[k] != v {
				t.Fatalf("ReadCSV(data, its own classes) gives a different Y at %d", k)
			}
		}
	})
}
