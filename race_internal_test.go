//go:build race

package mlp

// raceEnabled is true when the tests run with -race. The race detector
// makes arithmetic 10 to 50 times slower, so the long sweeps of every
// kernel (TestGemmGOMAXPROCS, TestGemmFused) run on the kernel the
// machine uses, where the goroutines are, and leave the others to the
// runs without -race.
const raceEnabled = true
