package mlp_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/glassbox-go/mlp"
)

// predictToNet is predictNet's kind of network, 300-40-20-3: large enough
// that one to four samples take the few-row product path (gemv) and more
// take the blocked product.
func predictToNet(t testing.TB) *mlp.Network {
	return mixedNet(t, []int{300, 40, 20, 3}, 5)
}

// TestPredictTo: PredictTo writes the network's outputs into dst and
// returns it, reshaping it (a nil dst gets a new matrix, a small one a
// larger backing slice, a large one keeps its own), with the bits of
// Predict, for one sample and for batches.
func TestPredictTo(t *testing.T) {
	net := predictToNet(t)
	rng := rand.New(rand.NewPCG(1, 1))
	big := mlp.NewMatrix(40, 3, nil)
	for _, rows := range []int{1, 2, 4, 5, 17} {
		x := randMatrix(rng, rows, 300)
		want, err := net.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkPrediction(net, x, want); err != nil {
			t.Errorf("%d rows: %v", rows, err)
		}
		for _, dst := range []*mlp.Matrix{nil, mlp.NewMatrix(1, 1, nil), big} {
			backing := (*float64)(nil)
			if dst != nil {
				backing = &dst.RawData()[0]
			}
			got, err := net.PredictTo(dst, x)
			if err != nil {
				t.Fatalf("PredictTo(%v, %d rows) = %v", dst, rows, err)
			}
			if dst != nil && got != dst {
				t.Errorf("PredictTo(dst, x) returned another matrix than dst")
			}
			if dst == big && &got.RawData()[0] != backing {
				t.Errorf("PredictTo(dst 40x3, %d rows) replaced dst's backing slice, want it reused", rows)
			}
			if r, c := got.Dims(); r != rows || c != 3 {
				t.Fatalf("PredictTo(dst, %d rows) is %dx%d, want %dx3", rows, r, c, rows)
			}
			for i := range want.RawData() {
				if got.RawData()[i] != want.RawData()[i] {
					t.Fatalf("PredictTo(dst, %d rows)[%d] = %v, want %v as Predict", rows, i, got.RawData()[i], want.RawData()[i])
				}
			}
		}
	}
}

// TestPredictToAllocs: once dst has the result's shape, PredictTo
// allocates nothing, for one sample (the few-row path) and for a batch of
// 128 (the blocked product), with the benchmarks' 784-128-10 network.
func TestPredictToAllocs(t *testing.T) {
	net, _, _ := mnistWorkload.build(t)
	for _, rows := range []int{1, 128} {
		x := mlp.NewMatrix(rows, 784, uniform(rows*784, 7))
		dst := new(mlp.Matrix)
		if _, err := net.PredictTo(dst, x); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { net.PredictTo(dst, x) }); n != 0 {
			t.Errorf("PredictTo(dst, %d rows) allocates %v times, want 0", rows, n)
		}
	}
}

// TestPredictToConcurrent runs PredictTo from many goroutines at once on one
// network, each with its own dst, reused call after call, and inputs of 1
// to 7 samples, and checks every answer against predictRef. Run it with
// -race: PredictTo must only read the network, and its pooled buffers must
// never be shared by two calls.
func TestPredictToConcurrent(t *testing.T) {
	net := predictToNet(t)
	const goroutines, calls = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 6))
			dst := new(mlp.Matrix)
			for c := 0; c < calls; c++ {
				x := randMatrix(rng, 1+rng.IntN(7), 300)
				got, err := net.PredictTo(dst, x)
				if err != nil {
					errs <- fmt.Errorf("goroutine %d: PredictTo(dst, x) = %v", g, err)
					return
				}
				if err := checkPrediction(net, x, got); err != nil {
					errs <- fmt.Errorf("goroutine %d call %d: %v", g, c, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestPredictToErrors: PredictTo refuses what Predict refuses, naming
// itself, and a dst that shares memory with the input or the weights; dst
// is left alone.
func TestPredictToErrors(t *testing.T) {
	net := predictNet(t)
	x := mlp.NewMatrix(2, 6, nil)
	for _, tt := range []struct {
		dst, x *mlp.Matrix
		want   string
	}{
		{new(mlp.Matrix), nil, "mlp: PredictTo: input is nil"},
		{new(mlp.Matrix), mlp.NewMatrix(2, 5, nil), "mlp: PredictTo: input has 5 columns, network expects 6"},
		{new(mlp.Matrix), mlp.NewMatrix(0, 6, nil), "mlp: PredictTo: input is 0x6, want at least one sample (row)"},
		{x, x, "mlp: PredictTo: dst shares memory with the input"},
		{net.Layers[1].W, x, "mlp: PredictTo: dst shares memory with layer 1's weights or bias"},
		{net.Layers[2].B, mlp.NewMatrix(1, 6, nil), "mlp: PredictTo: dst shares memory with layer 2's weights or bias"},
	} {
		var before []float64
		if tt.dst != nil {
			before = tt.dst.Clone().RawData()
		}
		got, err := net.PredictTo(tt.dst, tt.x)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("PredictTo(%v, %v) = %v, want %q", tt.dst, tt.x, err, tt.want)
		}
		if got != nil {
			t.Errorf("PredictTo(%v, %v) = %v with an error, want nil", tt.dst, tt.x, got)
		}
		for i, v := range before {
			if tt.dst.RawData()[i] != v {
				t.Fatalf("PredictTo with an error changed dst[%d] to %v, want %v", i, tt.dst.RawData()[i], v)
			}
		}
	}
}

// TestPredictToIsPredict: on every tampered network and input of the
// hostile fields suite where Predict has an outcome, PredictTo gives the
// same error, naming itself, and leaves dst alone; or, where Predict
// succeeds, the same numbers bit for bit. Both share their checks, so
// that they cannot drift apart.
func TestPredictToIsPredict(t *testing.T) {
	for _, row := range fieldsRows() {
		for _, o := range row.outcomes {
			if o.call != "Predict" {
				continue
			}
			net := fieldsNet(t)
			in := fieldsData()
			fieldsStage(t, net, in, row.stage)
			undo := row.tamper(net, in)
			want, wantErr := net.Predict(in.x)
			dst := mlp.NewMatrix(64, 8, nil)
			for i := range dst.RawData() {
				dst.RawData()[i] = float64(i) + 0.5
			}
			before := dst.Clone()
			got, err := net.PredictTo(dst, in.x)
			switch {
			case wantErr != nil:
				w := strings.Replace(wantErr.Error(), "mlp: Predict: ", "mlp: PredictTo: ", 1)
				if err == nil || err.Error() != w || got != nil {
					t.Errorf("PredictTo after %s = %v, %v, want nil, %q as Predict", row.name, got, err, w)
				}
				if fieldsText(dst) != fieldsText(before) {
					t.Errorf("PredictTo after %s failed and changed dst to %s, want %s", row.name, fieldsText(dst), fieldsText(before))
				}
			case err != nil || fieldsText(got) != fieldsText(want):
				t.Errorf("PredictTo after %s = %s, %v, want %s as Predict", row.name, fieldsText(got), err, fieldsText(want))
			}
			undo()
		}
	}
}

// TestPredictToNonFiniteOneLayer: on a network of one layer, whose result
// is dst itself, PredictTo refuses a NaN or infinite input as Predict does
// and leaves dst alone: the check on the weighted inputs runs before dst
// is written.
func TestPredictToNonFiniteOneLayer(t *testing.T) {
	net, err := mlp.New([]int{3, 2}, mlp.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x := mlp.NewMatrix(2, 3, []float64{1, 2, 3, 4, bad, 6})
		dst := mlp.NewMatrix(2, 2, []float64{7, 8, 9, 10})
		got, err := net.PredictTo(dst, x)
		want := fmt.Sprintf("mlp: PredictTo: x(1, 1) is %v, want a finite number", bad)
		if got != nil || err == nil || err.Error() != want {
			t.Errorf("PredictTo(dst, x with %v) = %v, %v, want nil, %q", bad, got, err, want)
		}
		if d := dst.RawData(); d[0] != 7 || d[1] != 8 || d[2] != 9 || d[3] != 10 {
			t.Errorf("PredictTo(dst, x with %v) failed and changed dst to %v, want [7 8 9 10]", bad, d)
		}
	}
}
