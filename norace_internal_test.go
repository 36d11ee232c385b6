//go:build !race

package mlp

// raceEnabled is true when the tests run with -race (race_internal_test.go).
const raceEnabled = false
