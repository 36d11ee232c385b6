package mlp

// The test helpers that more than one test file of package mlp uses (the
// tests inside the package; helpers_test.go holds those of package
// mlp_test, which cannot see these).

import (
	"io"
	"runtime"
)

// savedFileV1 is a small saved network, written by hand: a 2-3-1 network with
// a sigmoid hidden layer with biases and a linear output without.
const savedFileV1 = `{
  "format": "github.com/glassbox-go/mlp",
  "version": 1,
  "loss": "squared-error",
  "layers": [
    {
      "activation": "sigmoid",
      "inputs": 2,
      "outputs": 3,
      "W": [
        [0.5, -1, 2],
        [0.25, 0, -0]
      ],
      "B": [0.1, 0.2, 0.3]
    },
    {
      "activation": "identity",
      "inputs": 3,
      "outputs": 1,
      "W": [
        [1],
        [-2],
        [3]
      ],
      "B": null
    }
  ]
}
`

// heapBytes returns the bytes that f allocates on the heap, on average over
// runs calls.
func heapBytes(runs int, f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// failingWriter fails every write with io.ErrShortWrite.
type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, io.ErrShortWrite }

// sweepKernels returns the kernels a long sweep covers: all of them, or
// only the one in use under the race detector (raceEnabled).
func sweepKernels() []*kernel {
	if raceEnabled {
		return []*kernel{bestKernel}
	}
	return kernels()
}
