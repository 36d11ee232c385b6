package mlp_test

import (
	"fmt"

	"github.com/glassbox-go/mlp"
)

// A Matrix prints the way numpy 1.13 printed arrays, so that its printout
// can be compared with the tutorial's character for character: up to 8
// digits after the point, trailing zeros replaced by spaces, a column for the
// sign, and a space before each row after the first.
func ExampleMatrix_String() {
	m := mlp.NewMatrix(2, 3, []float64{
		0.95257413, 0.00505433, 3,
		-0.01208078, 0.5, 1,
	})
	fmt.Println(m)

	// When magnitudes span more than a factor 1000, or one is below 1e-4,
	// every element is printed in scientific notation.
	e := mlp.NewMatrix(2, 1, []float64{0.491567136, 7.29725915e-05})
	fmt.Println(e)
	// Output:
	// [[ 0.95257413  0.00505433  3.        ]
	//  [-0.01208078  0.5         1.        ]]
	// [[  4.91567136e-01]
	//  [  7.29725915e-05]]
}

// The fmt verbs choose the number format; the layout stays numpy's.
func ExampleMatrix_Format() {
	m := mlp.NewMatrix(2, 2, []float64{0.95257413, -0.25, 3, 100})
	// A precision with %v is numpy's precision.
	fmt.Printf("%.3v\n", m)
	// %f, %e and %g format each element as strconv does.
	fmt.Printf("%.2f\n", m)
	fmt.Printf("%.1e\n", m)
	// %d prints integer style, like the tutorial's integer array X.
	x := mlp.NewMatrix(2, 3, []float64{1, 1, 1, 1, 0, 1})
	fmt.Printf("%d\n", x)
	// %#v prints Go syntax, every element exactly.
	fmt.Printf("%#v\n", x)
	// Output:
	// [[   0.953   -0.25 ]
	//  [   3.     100.   ]]
	// [[   0.95   -0.25]
	//  [   3.00  100.00]]
	// [[ 9.5e-01 -2.5e-01]
	//  [ 3.0e+00  1.0e+02]]
	// [[1 1 1]
	//  [1 0 1]]
	// mlp.NewMatrix(2, 3, []float64{1, 1, 1, 1, 0, 1})
}
