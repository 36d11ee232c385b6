//go:build !amd64 || purego

package mlp

// kernels returns every kernel this build can run, best first: here only
// the pure-Go kernel.
func kernels() []*kernel { return []*kernel{&goKernel} }
