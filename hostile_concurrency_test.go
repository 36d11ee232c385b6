package mlp_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/glassbox-go/mlp"
)

// TestHostileConcurrency: Predict from 64 goroutines at once on one network,
// beside goroutines that Save it, marshal it, ask its Sizes and Validate it,
// as the package documentation's Concurrency section allows. Every answer is
// checked against predictRef, an independent loop; every NaN input gets its
// error; every Save and MarshalJSON gives the bytes of one made alone; and
// the network is left as it was, bit for bit. Run it with -race.
func TestHostileConcurrency(t *testing.T) {
	net := predictNet(t)
	// A pass first, so that every Layer field is set and Validate reads it.
	x0 := mlp.NewMatrix(3, 6, nil)
	for i := range x0.RawData() {
		x0.RawData()[i] = float64(i%5) - 2
	}
	if _, err := backward(net, x0, mlp.NewMatrix(3, 3, nil)); err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	if err := net.Save(&saved); err != nil {
		t.Fatal(err)
	}
	sizes := fmt.Sprint(net.Sizes())
	before := fieldsState(net)

	const predictors, calls, others = 64, 12, 8
	var wg sync.WaitGroup
	errs := make(chan error, predictors*calls+others*calls)
	for g := range predictors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 11))
			for c := range calls {
				x := predictBatch(rng, 6)
				if c%4 != 3 {
					if err := predictChecked(net, x); err != nil {
						errs <- fmt.Errorf("goroutine %d call %d: %v", g, c, err)
					}
					continue
				}
				rows, _ := x.Dims()
				r, k := rng.IntN(rows), rng.IntN(6)
				x.Set(r, k, math.NaN())
				_, err := net.Predict(x)
				want := fmt.Sprintf("mlp: Predict: x(%d, %d) is NaN, want a finite number", r, k)
				if err == nil || err.Error() != want {
					errs <- fmt.Errorf("goroutine %d: Predict(x with a NaN) = %v, want %q", g, err, want)
				}
			}
		}()
	}
	for range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				var b bytes.Buffer
				if err := net.Save(&b); err != nil || !bytes.Equal(b.Bytes(), saved.Bytes()) {
					errs <- fmt.Errorf("Save beside Predict: %v, or other bytes than alone", err)
				}
				if j, err := net.MarshalJSON(); err != nil || !bytes.Equal(j, saved.Bytes()) {
					errs <- fmt.Errorf("MarshalJSON beside Predict: %v, or other bytes than Save alone", err)
				}
				if s := fmt.Sprint(net.Sizes()); s != sizes {
					errs <- fmt.Errorf("Sizes() beside Predict = %s, want %s", s, sizes)
				}
				if v, ok := any(net).(interface{ Validate() error }); !ok {
					errs <- fmt.Errorf("(*Network).Validate is missing")
				} else if err := v.Validate(); err != nil {
					errs <- fmt.Errorf("Validate() beside Predict = %v, want nil", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if after := fieldsState(net); after != before {
		t.Errorf("the network changed beside Predict, Save, MarshalJSON, Sizes and Validate: it holds\n%s\nwant\n%s", after, before)
	}
}
