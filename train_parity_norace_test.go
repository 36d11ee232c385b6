//go:build !race

package mlp_test

// raceDetector is true when the tests run with -race (see
// train_parity_race_test.go).
const raceDetector = false
