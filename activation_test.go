package mlp_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/glassbox-go/mlp"
)

// activationTestPoints are weighted inputs from deep in saturation to 0,
// both zeros included, repeated so that a vectorised path (four at a time)
// and its remainder both see every one.
func activationTestPoints() []float64 {
	zs := []float64{-1e308, -1000, -40, -1, -0.5, math.Copysign(0, -1), 0, 1e-300, 0.5, 1, 40, 1000, 1e308}
	return append(append(zs, zs...), zs[:3]...)
}

// TestActivationFastPaths: each built-in element-wise activation's Apply
// puts in A exactly what Eval gives for each element, and Backprop puts in
// DZ exactly DA·Deriv(z, a), the chain rule through the local derivative;
// only ReLU passes back +0 where its derivative is 0 (not −0, nor NaN for an
// infinite DA).
func TestActivationFastPaths(t *testing.T) {
	zs := activationTestPoints()
	for _, f := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh, mlp.ReLU} {
		z := mlp.NewMatrix(1, len(zs), zs)
		a := mlp.NewMatrix(0, 0, nil)
		f.Apply(a, z)
		da := mlp.NewMatrix(1, len(zs), nil)
		for i := range zs {
			da.RawData()[i] = float64(i%5) - 2.5 // negative and positive
		}
		da.RawData()[len(zs)-1] = math.Inf(-1)
		dz := mlp.NewMatrix(0, 0, nil)
		f.Backprop(dz, z, a, da)
		for i, v := range zs {
			if got, want := a.RawData()[i], f.Eval(v); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("%v.Apply: a[%d] = %v, want Eval(%v) = %v", f, i, got, v, want)
			}
			av, g := a.RawData()[i], da.RawData()[i]
			want := g * f.Deriv(v, av)
			if f == mlp.ReLU && f.Deriv(v, av) == 0 {
				want = 0
			}
			if got := dz.RawData()[i]; math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("%v.Backprop: dz[%d] = %v, want da·Deriv(%v, %v) = %v·%v = %v", f, i, got, v, av, g, f.Deriv(v, av), want)
			}
		}
	}
}

// TestActivationCustomSameAsBuiltin: an activation made by NewActivation
// from a built-in's Eval and Deriv gives the same A and DZ, bit for bit.
func TestActivationCustomSameAsBuiltin(t *testing.T) {
	zs := activationTestPoints()
	for _, f := range []mlp.ActivationFunc{mlp.Identity, mlp.Sigmoid, mlp.Tanh} {
		c := mlp.NewActivation("my-"+f.String(), f.Eval, f.Deriv)
		z := mlp.NewMatrix(1, len(zs), zs)
		da := mlp.NewMatrix(1, len(zs), nil)
		for i := range zs {
			da.RawData()[i] = 0.25 * float64(i%7-3)
		}
		var a1, a2, dz1, dz2 mlp.Matrix
		f.Apply(&a1, z)
		c.Apply(&a2, z)
		f.Backprop(&dz1, z, &a1, da)
		c.Backprop(&dz2, z, &a2, da)
		if fmt.Sprint(a1.RawData()) != fmt.Sprint(a2.RawData()) || fmt.Sprint(dz1.RawData()) != fmt.Sprint(dz2.RawData()) {
			t.Errorf("%v: NewActivation from Eval and Deriv gives A %v, DZ %v, want %v, %v", f, a2.RawData(), dz2.RawData(), a1.RawData(), dz1.RawData())
		}
	}
}

// TestInvalidBuiltinsPanic: the methods of an ActivationFunc or LossFunc
// that is not one of the constants panic, naming it (a programmer error);
// String names it without panicking.
func TestInvalidBuiltinsPanic(t *testing.T) {
	bad, badLoss := mlp.ActivationFunc(9), mlp.LossFunc(0)
	if got := bad.String(); got != "ActivationFunc(9)" {
		t.Errorf("ActivationFunc(9).String() = %q", got)
	}
	if got := badLoss.String(); got != "LossFunc(0)" {
		t.Errorf("LossFunc(0).String() = %q", got)
	}
	m := mlp.NewMatrix(1, 1, []float64{0.5})
	for _, c := range []struct {
		name, want string
		f          func()
	}{
		{"Eval", "mlp: Eval on invalid ActivationFunc(9)", func() { bad.Eval(0) }},
		{"Deriv", "mlp: Deriv on invalid ActivationFunc(9)", func() { bad.Deriv(0, 0) }},
		{"Apply", "mlp: Apply on invalid ActivationFunc(9)", func() { bad.Apply(new(mlp.Matrix), m) }},
		{"Backprop", "mlp: Backprop on invalid ActivationFunc(9)", func() { bad.Backprop(new(mlp.Matrix), m, m, m) }},
		{"loss Eval", "mlp: Eval on invalid LossFunc(0)", func() { badLoss.Eval(0, 0) }},
		{"loss Deriv", "mlp: Deriv on invalid LossFunc(0)", func() { badLoss.Deriv(0, 0) }},
		{"loss Errors", "mlp: Errors on invalid LossFunc(0)", func() { badLoss.Errors(new(mlp.Matrix), m, m) }},
		{"loss Grad", "mlp: Grad on invalid LossFunc(0)", func() { badLoss.Grad(new(mlp.Matrix), m, m) }},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), c.want) {
					t.Errorf("%s: panic %v, want %q", c.name, r, c.want)
				}
			}()
			c.f()
		}()
	}
}
