// Package mlp is a glass-box library for feed-forward neural networks
// (multi-layer perceptrons) trained by backpropagation. Every number inside
// the network is a field you can read, print and check: the weights, each
// layer's weighted inputs and outputs from the forward pass, and each
// gradient from the backward pass. It is written in plain Go with no
// dependencies beyond the standard library.
//
// The package grew from a tutorial that walks a 3-5-1 sigmoid network through
// XOR with real numbers; the tests check every matrix the tutorial prints.
//
// # Notation
//
// A batch of n samples is a matrix X with one sample a row (n×inputs). A
// layer with in inputs and out units has weights W (in×out, column j feeding
// unit j) and, unless built WithoutBias, a bias row B (1×out). With A_prev the
// previous layer's output (X for the first layer) and f its Activation:
//
//	Z = A_prev·W + B        forward: weighted inputs
//	A = f(Z)                forward: outputs
//
// The Loss measures the last layer's A against targets Y (n×outputs); the
// default SquaredError is E = Σ ½(a−y)², summed over samples and outputs.
// Backward applies the chain rule from the last layer to the first:
//
//	DA = ∂E/∂A              from the loss (last layer) or DZ_next·W_nextᵀ
//	DZ = ∂E/∂Z = DA ⊙ f'(Z) ⊙ is the element-wise (Hadamard) product
//	DW = ∂E/∂W = A_prevᵀ·DZ summed over the batch
//	DB = ∂E/∂B = Σ_rows DZ
//
// and Step moves downhill: W −= η·DW, B −= η·DB, with learning rate η.
// Forward, Backward and Step are separate calls so that each stage can be
// looked at before the next.
//
// # The tutorial's network
//
// The tutorial's network has 3 inputs (the constant 1 folded into each
// sample as its bias), 5 sigmoid hidden units, 1 sigmoid output, no bias rows,
// every weight 1 and learning rate 3:
//
//	net, _ := mlp.New([]int{3, 5, 1}, mlp.WithoutBias())
//	for _, l := range net.Layers {
//		for i := range l.W.RawData() {
//			l.W.RawData()[i] = 1
//		}
//	}
//	net.Forward(x)  // x: 4×3 XOR inputs
//	net.Backward(y) // y: 4×1 targets
//	net.Step(3)
//
// Its names map onto the fields: z_h and a_h are Layers[0].Z and .A; z_o and
// a_o are Layers[1].Z and .A; delta_a_o_error is Layers[1].DA; delta_z_o is
// the local derivative Sigmoid.Deriv(z, a) = a(1−a); delta_output_layer is
// Layers[1].DW; delta_a_h is Layers[0].DA; delta_hidden_layer is Layers[0].DW.
//
// # Errors
//
// Input that comes from a user, such as sizes, a batch with the wrong number
// of columns or targets of the wrong shape, is reported as an error whose
// message starts with "mlp:" and names what was expected and what came. The
// network is unchanged by a call that fails, and stays usable.
//
// Mistakes that can only be programming errors panic, and say so in their
// doc comments: NewMatrix with data of the wrong length, At or Set out of
// range, a matrix product of mismatched shapes.
//
// # Memory
//
// Matrix operations follow math/big: the receiver is the result, as in
// m.Mul(a, b), and its backing slice is reused when it is large enough, so a
// loop that computes the same shapes again allocates nothing. Forward and
// Backward keep their results in the Layer fields and reuse them from one
// call to the next: Forward, Backward and Step on a batch size already seen
// do not allocate. The matrices returned or set by these calls are the
// network's own; Clone one to keep its values.
//
// # Concurrency
//
// A Network is not safe for concurrent use, since Forward and Backward write
// into its layers. Distinct networks may be used from different goroutines.
// The package's only global mutable state is the machinery of the matrix
// products described under Speed (CPU features read once at start-up, a
// pool of worker goroutines and reusable packing buffers); it is safe for
// concurrent use and never changes a result.
//
// # Speed
//
// Forward, Backward and Step spend their time in three matrix products,
// Mul, MulTransA and MulTransB, which share one implementation (gemm.go):
//
//   - Tiny products, such as the tutorial's, take a straight loop
//     (gemmSmall) with no set-up at all.
//   - Larger ones use a packed, cache-blocked product (gemm_blocked.go),
//     the scheme of GotoBLAS and BLIS: blocks of the operands are copied
//     into the order a register micro-kernel reads them, which also turns
//     the transposed products into plain ones, and the micro-kernel keeps a
//     tile of C in registers while it runs along the summation.
//   - The micro-kernels: kernelGo (gemm_kernel.go) in pure Go, the readable
//     reference, used on every architecture but amd64 and under the purego
//     build tag; on amd64, two in assembly (gemm_amd64.s), a 12×16 tile in
//     AVX-512 registers and a 6×8 tile in AVX2 registers with fused
//     multiply-adds. Go does not vectorise loops, so only assembly reaches
//     the processor's vector units: about 4 (AVX2) to 10 (AVX-512) times
//     the speed of the Go kernel. The kernel is chosen when the package is
//     initialised from the processor's features, read with CPUID and XGETBV
//     (cpu_amd64.s), and never changes after.
//   - Products of more than about half a million multiply-adds are divided
//     between up to GOMAXPROCS goroutines by blocks of rows or columns of
//     the result (parallel.go). The goroutines come from a pool started on
//     first use and kept for the life of the program, so that a product
//     starts none and allocates nothing. The packing buffers are kept for
//     reuse too: a few megabytes at most for each goroutine that has shared
//     a product at once.
//
// Every element of a product is summed in an order that depends only on
// the shapes and the kernel, never on how the work is divided, so results
// are the same bit for bit whatever GOMAXPROCS is. The kernels differ in
// the last bits (the assembly ones round once per multiply-add), as any two
// correct orders of summation do. Sigmoid layers compute e^x in line
// (exp.go), within 1 ulp, as accurate as math.Exp.
package mlp
