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
// Softmax, the output for classes, is not element-wise: each a depends on the
// whole row of Z, and its Backprop multiplies DA by its Jacobian instead of
// by f'(Z). On a Softmax output with CrossEntropy, or a Sigmoid output with
// BinaryCrossEntropy, the chain rule simplifies to DZ = A − Y, which
// Backward uses directly.
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
// Network.Trace records them all under these names.
//
// # Printing and tracing
//
// A Matrix prints as numpy 1.13 printed arrays, the way the tutorial shows
// them, so that fmt.Println(net.Layers[0].A) can be compared with the
// tutorial character for character:
//
//	[[ 0.95257413  0.95257413  0.95257413  0.95257413  0.95257413]
//	 [ 0.88079708  0.88079708  0.88079708  0.88079708  0.88079708]]
//
// Matrix.Format gives the fmt verbs the same layout with other number
// formats: %.3f, %e, %g, %d for integers, %#v for Go syntax.
//
// Network.Trace runs one training step (Forward, Backward and Step) and
// records every quantity in the order it is computed, each a TraceStep with
// a short name, a sentence on its meaning, its formula in plain text and in
// LaTeX, its shapes (4x3 · 3x5 = 4x5) and a copy of its matrix; the Trace
// renders as plain text (WriteText) or Markdown (WriteMarkdown). Trace reads
// the Layer fields after each call, so Forward, Backward and Step carry no
// tracing code and a network that is not traced pays nothing for it.
// go run ./examples/tutorial prints the tutorial's whole walk-through.
//
// Two checks help when a network does not learn. Network.CheckGradients
// compares the gradients of backpropagation with finite differences, the
// test for a custom Activation or Loss. Network.Diagnose reads a network
// after a pass and names, in plain words, what stops it learning: hidden
// units that are copies of each other (the tutorial's start with every
// weight 1), saturated sigmoid or tanh units, dead ReLU units, vanishing or
// exploding gradients. Neither changes the network.
//
// # Training
//
// Network.Train runs the loop of Forward, Backward and a step for you, over
// epochs and mini-batches (one full batch by default, as in the tutorial),
// with an Optimizer: GradientDescent (the rule of Step), Momentum or Adam.
// It shuffles the samples from a seed (the same seed gives the same run, bit
// for bit), records each epoch's loss in a History, calls
// TrainConfig.OnEpoch after every epoch (which can stop training early) and
// stops when its context.Context is done:
//
//	hist, err := net.Train(ctx, x, y, mlp.TrainConfig{
//		Epochs:       50,
//		LearningRate: 0.001,
//		BatchSize:    32,
//		Optimizer:    mlp.NewAdam(),
//	})
//
// The losses are summed over a batch's samples, as in the tutorial, so the
// gradient in DW grows with the batch. Train follows the mean instead,
// DW/batch size, so that one learning rate suits every batch size;
// TrainConfig.SumLoss follows the sum, as Step does. If the loss or a weight
// becomes NaN or infinite, Train stops with a *DivergenceError that names
// the epoch and batch, and leaves the network with the last weights whose
// loss was finite: lower the learning rate and train on.
//
// For classification, end the network in Softmax with CrossEntropy (one
// output a class) or Sigmoid with BinaryCrossEntropy (one output a yes or
// no). ReadCSV reads a data set with the class in its last column into X and
// one-hot targets Y; Dataset.Split holds back a stratified test part,
// FitScaler standardises the features with the training part's statistics,
// and Accuracy and NewConfusion score the outputs. The programs
// examples/iris and examples/digits go the whole way.
//
// New's initial weights are random (see New), or chosen by WithGlorotInit,
// WithHeInit, WithUniformInit (the tutorial's np.random.random is [0, 1)) or
// WithConstantInit (its np.ones).
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
// do not allocate, and neither do the steps of Train, which allocates its
// batch buffers once a call. The matrices returned or set by these calls
// are the network's own; Clone one to keep its values.
//
// # Pictures
//
// The package draws what it computes, with the standard library alone:
//
//   - DrawNetwork writes the network as SVG: units as circles in columns,
//     each weight a line coloured by its sign (PositiveColor blue, NegativeColor
//     orange) and as wide as its size, biases as dashed lines from a constant
//     1, and, for layers of up to 10 units, the weights' values and a
//     sample's Z and A in each unit.
//   - PlotLoss writes a loss curve as SVG from plain per-epoch series, such as
//     a training history: linear or log axis, a second series, a right axis
//     for accuracy.
//   - BoundaryImage and PlotBoundary draw a two-input network's output over a
//     rectangle of the plane, as an image and as PNG, with the samples in
//     their class colours; BoundaryOptions.Constants fixes the other inputs,
//     such as the tutorial's constant 1.
//   - Sparkline and HeatMap draw a series and a decision surface as text for
//     a terminal.
//
// Drawing reads the network and never changes it: outputs are computed on
// private matrices from W, B and Activation, so the Layer fields Z, A, DA,
// DZ, DW, DB and what Backward will read are left as the last Forward and
// Backward set them. Bad input is an error, as everywhere, found before
// anything is written.
//
// # Saving and loading
//
// Save writes a network as JSON, Load reads it back; SaveFile and LoadFile
// do the same with a named file, and SaveFile replaces the file atomically
// (a temporary file in the same directory, synced and renamed), so that a
// crash or a full disk never leaves a damaged file where a good one was.
// A *Network is also a json.Marshaler and json.Unmarshaler, so it can sit
// inside a larger JSON document. The tutorial's network, saved:
//
//	{
//	  "format": "github.com/glassbox-go/mlp",
//	  "version": 1,
//	  "loss": "squared-error",
//	  "layers": [
//	    {
//	      "activation": "sigmoid",
//	      "inputs": 3,
//	      "outputs": 5,
//	      "W": [
//	        [1, 1, 1, 1, 1],
//	        [1, 1, 1, 1, 1],
//	        [1, 1, 1, 1, 1]
//	      ],
//	      "B": null
//	    },
//	    {
//	      "activation": "sigmoid",
//	      "inputs": 5,
//	      "outputs": 1,
//	      "W": [
//	        [1],
//	        [1],
//	        [1],
//	        [1],
//	        [1]
//	      ],
//	      "B": null
//	    }
//	  ]
//	}
//
// The format, version 1 (FormatVersion), is one JSON object with exactly
// these fields, matched by their exact names, in any order:
//
//   - "format": the string "github.com/glassbox-go/mlp".
//   - "version": the number 1. A later format will have another number;
//     Load refuses a version it does not know.
//   - "loss": the loss's name, as its String method gives it and ParseLoss
//     takes it, such as "squared-error".
//   - "layers": an array of at least one layer, from input to output, each
//     an object with exactly the fields "activation" (a name that
//     ParseActivation takes, such as "sigmoid"), "inputs" and "outputs"
//     (whole numbers of at least 1; a layer's inputs are the previous
//     layer's outputs), "W" (inputs rows of outputs numbers each: W[i][j]
//     is the weight from input i to unit j, as in Layer.W) and "B" (an
//     array of outputs numbers, or null for a layer without biases).
//
// Numbers are written as encoding/json writes a float64: the shortest
// decimal that parses back to the same value, so every weight survives the
// round trip bit for bit, -0 and subnormals included. NaN and ±Inf are not
// valid weights, and JSON cannot write them: Save refuses a network that
// holds one, and Load refuses a number beyond the float64 range. Only the
// weights, biases, activations and loss are saved, not the values of the
// last passes (Z, A and the gradients).
//
// Save can name only built-in activations and losses: a custom one made by
// NewActivation or NewLoss is an error on save, never silently replaced.
// To keep one, save the network with a built-in in its place and set the
// custom one again after loading.
//
// Load is safe on input from anyone. Every way a file can be wrong (not
// JSON, truncated, another version, a missing, extra or repeated field, a
// value of the wrong type, a size below 1, layers that do not fit together,
// a matrix with more or fewer numbers than its sizes) is an error that
// starts with "mlp: Load:" and names the field or layer; Load never panics
// on its input and never returns part of a network, and a failed
// UnmarshalJSON leaves its network unchanged. Load reads at most
// MaxLoadBytes, and its memory follows the bytes it reads, never the sizes
// a file declares: a file of a few hundred bytes that declares a 10¹²-weight
// matrix is refused before anything is allocated for it.
//
// # Concurrency
//
// Forward, Backward and Step write into a network's layers, and
// UnmarshalJSON replaces them, so a Network is not safe for concurrent use
// in general. What only reads a network may run beside other readers:
//
//   - Predict, which computes what Forward computes into buffers of its own
//     and returns a new matrix, is safe to call from many goroutines at once
//     on one trained network. Use it to serve predictions.
//   - Save, SaveFile, MarshalJSON and Sizes only read, and may run beside
//     Predict and each other.
//
// None of these may overlap a call that writes (Forward, Backward, Step,
// UnmarshalJSON) or a change to the network's fields or matrices: guard
// training with a lock, or train one network and serve another (a loaded
// copy). The built-in activations and losses are constants, safe
// everywhere; a custom one is as safe as the functions it is made of.
// Matrix methods that only read (At, Dims, Row, RawData, Clone) may run
// concurrently; those that write may not overlap any other use of the same
// matrix. Distinct networks may be used from different goroutines freely.
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
