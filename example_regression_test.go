package mlp_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/glassbox-go/mlp"
)

// Regression on the diabetes data set: predict a measure of disease
// progression a year on from ten measurements of a patient. The model
// standardises the features and the target; Predict and Score speak in the
// target's own units.
func Example_regression() {
	f, err := os.Open("testdata/diabetes.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := mlp.ReadRegressionCSV(f, []string{"progression"})
	if err != nil {
		panic(err)
	}
	train, test, err := data.Split(0.25, 2) // at random: a regression is not stratified
	if err != nil {
		panic(err)
	}

	// 10 features in, 16 ReLU units, one linear output.
	model, err := mlp.NewModel(train, []int{16})
	if err != nil {
		panic(err)
	}
	_, err = model.Train(context.Background(), train, mlp.TrainConfig{
		Epochs:       100,
		LearningRate: 0.001,
		BatchSize:    32,
		Optimizer:    mlp.NewAdam(),
	})
	if err != nil {
		panic(err)
	}

	r2, err := model.Score(test)
	if err != nil {
		panic(err)
	}
	predicted, err := model.PredictMatrix(test.X)
	if err != nil {
		panic(err)
	}
	mae, err := mlp.MAE(predicted, test.Y)
	if err != nil {
		panic(err)
	}
	n, _ := test.X.Dims()
	fmt.Printf("%d test patients: R² %.2f, mean absolute error %.0f\n", n, r2, mae)

	// Patients as the file has them (age, sex, bmi, bp, s1-s6): the model
	// scales them itself.
	for i := range 3 {
		y, err := model.Predict(test.X.Row(i))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%v: predicted %.0f, measured %v\n", test.X.Row(i), y[0], test.Y.At(i, 0))
	}
	// Output:
	// 111 test patients: R² 0.53, mean absolute error 44
	// [53 1 23.7 92 186 109.2 62 3 4.3041 81]: predicted 106, measured 179
	// [38 1 25.4 84 162 103 42 4 4.4427 87]: predicted 151, measured 97
	// [31 1 29.7 88 167 103.4 48 4 4.3567 78]: predicted 165, measured 184
}

// ReadRegressionCSV takes the target columns by name, wherever they are;
// every other column is a feature.
func ExampleReadRegressionCSV() {
	const text = `rooms,price,area
3,250,70.5
5,410,120
`
	d, err := mlp.ReadRegressionCSV(strings.NewReader(text), []string{"price"})
	if err != nil {
		panic(err)
	}
	fmt.Println("features:", d.Features, "targets:", d.Targets)
	fmt.Println(d.X)
	fmt.Println(d.Y)
	// Output:
	// features: [rooms area] targets: [price]
	// [[   3.    70.5]
	//  [   5.   120. ]]
	// [[ 250.]
	//  [ 410.]]
}

// R² compares the errors with those of always predicting the mean: here
// the targets 1, 2, 5 (mean 8/3) and predictions 1, 2, 3 give
// 1 − 4/(78/9) = 7/13.
func ExampleR2() {
	a := mlp.NewMatrix(3, 1, []float64{1, 2, 3})
	y := mlp.NewMatrix(3, 1, []float64{1, 2, 5})
	r2, err := mlp.R2(a, y)
	if err != nil {
		panic(err)
	}
	mse, err := mlp.MSE(a, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("R² %.6f (7/13 = %.6f), MSE %.6f (4/3)\n", r2, 7.0/13, mse)
	// Output:
	// R² 0.538462 (7/13 = 0.538462), MSE 1.333333 (4/3)
}
