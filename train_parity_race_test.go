//go:build race

package mlp_test

// raceDetector is true when the tests run with -race, which makes the
// training of TestSklearnParity ten times slower: it is skipped then.
const raceDetector = true
