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
// previous layer's output (n×in; X for the first layer) and f its
// Activation, Forward computes each layer's
//
//	Z = A_prev·W + B        n×out, B added to every row: the weighted inputs
//	A = f(Z)                n×out: the outputs
//
// The Loss measures the last layer's A against targets Y (n×outputs); the
// default SquaredError is E = Σ ½(a−y)², summed over samples and outputs.
// Backward applies the chain rule from the last layer to the first:
//
//	DA = ∂E/∂A              n×out: from the Loss (last layer), else the next layer's DA_prev
//	DZ = ∂E/∂Z = DA ⊙ f'(Z) n×out; ⊙ is the element-wise (Hadamard) product
//	DW = ∂E/∂W = A_prevᵀ·DZ in×out, summed over the batch
//	DB = ∂E/∂B = Σ_rows DZ  1×out
//	DA_prev = DZ·Wᵀ         n×in: ∂E/∂A_prev, passed back to the previous layer
//
// and Step moves downhill: W −= η·DW, B −= η·DB, with learning rate η.
// Forward, Backward and Step are separate calls so that each stage can be
// looked at before the next.
//
// ⊘ is the element-wise quotient, Σ_row a sum along each row (one per
// sample) and Σ_rows a sum down the columns. In a trace of two layers the
// names are the tutorial's (z_h, a_h, z_o, a_o, delta_o, ...); otherwise they
// are numbered from 1 (Z1, A1, DZ2, ...).
//
// A learning rate η must be a finite number > 0 (see
// TrainConfig.LearningRate): Train and Trace return an error for any other
// value; Network.Step and the package's optimizers, which return no error,
// panic.
//
// # Backward paths
//
// Backward computes each layer's DZ = ∂E/∂Z in one of three ways, and Trace
// shows the way it took:
//
//   - Through the local derivative, for an element-wise activation
//     (Identity, Sigmoid, Tanh, ReLU and NewActivation's): DZ = DA ⊙ f'(Z).
//     f' appears in a trace as its own step (delta_z_o, dAl/dZl).
//   - Through the softmax Jacobian ∂a_i/∂z_k = a_i(δ_ik − a_k), for Softmax
//     with any loss but CrossEntropy: DZ = A ⊙ (DA − Σ_row(A ⊙ DA)).
//   - The combined gradient, where a loss meets its own output (CrossEntropy
//     on Softmax, BinaryCrossEntropy on Sigmoid): the chain rule's product
//     simplifies to DZ = A − Y ((Σ_row Y) ⊙ A − Y where a row of Y does not
//     sum to 1). E is then computed from Z, as
//     Σ_j y_j·((m − z_j) + ln Σ_k e^(z_k − m)) with m the row's largest z, or
//     y·softplus(−z) + (1−y)·softplus(z), which stays exact where A
//     saturates and for huge logits. DA is still the loss's ∂E/∂A, for
//     looking at.
//
// The errors of the samples that Trace prints are computed the same way, so
// they add up to E. An invalid LossFunc is an error from Forward, Backward,
// Trace and Train.
//
// # The tutorial's network
//
// The tutorial's network has 3 inputs (the constant 1 folded into each
// sample as its bias), 5 sigmoid hidden units, 1 sigmoid output, no bias rows,
// every weight 1 and learning rate 3. With x its 4×3 XOR inputs and y its
// 4×1 targets, one step of the tutorial is:
//
//	net, err := mlp.New([]int{3, 5, 1}, mlp.WithoutBias(), mlp.WithConstantInit(1))
//	if err != nil {
//		return err
//	}
//	if _, err := net.Forward(x); err != nil {
//		return err
//	}
//	if _, err := net.Backward(y); err != nil {
//		return err
//	}
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
// renders as plain text (WriteText) or Markdown (WriteMarkdown). A network
// that is not traced pays nothing for it.
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
// stops when its context.Context is done. TrainConfig also holds what a fit
// needs beyond the loop: L2, a penalty on the weights (not the biases);
// Validation, data scored after every epoch, or ValidationFraction, a
// stratified part of x held out for it; Patience, which stops training when
// the monitored loss has not improved for that many epochs and leaves the
// network with the best epoch's weights (History.BestEpoch says which); and
// Schedule, the learning rate by epoch (ConstantRate, StepDecay,
// ExponentialDecay, CosineDecay, Adaptive). A ProgressPrinter writes one
// line an epoch to the io.Writer it is given; the library itself never
// prints.
//
// The losses are summed over a batch's samples, as in the tutorial, so the
// gradient in DW grows with the batch. Train follows the mean instead,
// DW/batch size, so that one learning rate suits every batch size;
// TrainConfig.SumLoss follows the sum, as Step does. If the loss or a weight
// becomes NaN or infinite, Train stops with a *DivergenceError that names
// the epoch and batch, and leaves the network with the last weights whose
// loss was finite: lower the learning rate and train on.
//
// Train reads x and y and never writes into them. They may share memory
// with each other (y may be x itself), but x or y sharing memory with a
// matrix of the network is an error: pass a copy. Every bad setting or
// data, a nil *Adam or *Momentum as the Optimizer among them, is an error
// before any work, leaving the network, x and y as they were. Train
// allocates in proportion to the data and the network, never to a
// setting: its History grows as epochs complete, so that Epochs may be as
// large as math.MaxInt for a run that OnEpoch or the context stops.
//
// For classification, end the network in Softmax with CrossEntropy (one
// output a class) or Sigmoid with BinaryCrossEntropy (one output a yes or
// no). ReadCSV reads a data set with the class in its last column into X and
// one-hot targets Y; Dataset.Split holds back a stratified test part,
// FitScaler standardises the features with the training part's statistics,
// and Accuracy and NewConfusion score the outputs. The package's example
// Classification goes the whole way on Fisher's Iris data.
//
// New's initial weights are random (see New), or chosen by WithGlorotInit,
// WithHeInit, WithUniformInit (the tutorial's np.random.random is [0, 1)) or
// WithConstantInit (its np.ones).
//
// A Model bundles a network with its Scaler and the names of its features
// and of its classes (or, for a regression, of its targets and their
// Scaler): NewModel builds one for a Dataset, Model.Train fits it,
// Predict, PredictClass and Score take plain rows, and SaveFile and
// LoadModelFile keep all of it in one file with the guarantees of
// Network.SaveFile and Load. Its Net field is the network
// itself, so that every glass-box tool works on it. ReadRegressionCSV reads
// a numeric target, and MSE, MAE and R2 score a regression.
//
// # Invariants
//
// Arguments are never modified. A matrix, slice or option passed to a
// function or method of the package is only read: the inputs x and targets
// y of Forward, Backward, Predict, Train, Trace and CheckGradients, the
// matrices, samples and series given to the pictures and the metrics, the
// sizes given to New, the data of FitScaler, Transform and Split. The
// exceptions are the results that a call is told to write, as in math/big:
// the receiver of a Matrix method that sets it (m in m.Mul(a, b), m.Copy(a),
// m.Set, m.Zero), and the first argument of an Activation's Apply and
// Backprop and of a Loss's Errors and Grad. Where a doc comment allows that
// result to be one of the inputs (Apply's a may be z), that input is
// overwritten.
//
// Only Forward, Backward, Step and an Optimizer's Step write into a network,
// and Train and Trace through them; UnmarshalJSON replaces its layers. Everything else only
// reads it: Predict, Save, SaveFile, MarshalJSON, Sizes, CheckGradients (which
// works on a copy), Diagnose and the pictures leave every weight and Layer
// field as it was, bit for bit.
//
// Some calls keep a reference rather than make a copy:
//
//   - NewMatrix uses the slice it is given as the matrix's storage, and
//     RawData and Row return that storage: a write through one shows in the
//     others.
//   - Forward keeps x, not a copy, for Backward, which reads it: x must not
//     change between the two. Train, which runs Forward on x itself when it
//     trains on one full batch, leaves the network holding x in the same way.
//   - Forward returns the last layer's A itself, not a copy.
//   - The Layer fields Z, A, DA, DZ, DW and DB are allocated by the first
//     Forward and Backward and reused by every later one, whatever the batch
//     size: the pointers stay the same while the numbers in them change.
//     Clone a matrix to keep its values.
//   - A Momentum or Adam keeps a reference to the network it last stepped,
//     until Reset or a step on another network.
//
// Everything else a call returns is new and belongs to the caller: the
// matrices of Predict, Transform and Clone, the Value of each TraceStep, the
// network of New and Load.
//
// # Errors
//
// Anything that can come from outside a program is checked before it is
// used, and what does not fit is an error, never a panic: sizes, a batch
// or targets of the wrong shape, a NaN or infinite number where Predict
// and Train need finite ones, a training setting, a model file, a CSV
// file, what a picture is asked to draw, a nil network, batch or reader,
// and the Layer fields as a caller may have changed them (see
// Network.Validate; Step and the optimizers panic instead, as below).
// Every error's message starts with "mlp:" and names what was expected and
// what came. Where it repeats a name, field or value of a model file or a
// CSV file, or a name given to ParseActivation or ParseLoss, it quotes at
// most its first 32 bytes, cut at a character boundary, with its length
// when it is longer, so that a message stays short however large the
// input. An error of the operating system, a reader or a writer is wrapped
// as it came, file names and all.
//
// A call that returns an error has changed nothing in the network: every
// weight and Layer field is as it was, bit for bit, and the network
// computes afterwards what it would have. The one exception is Train once
// it has begun training: an error then (its context done, divergence)
// leaves the network as training left it (see Train and DivergenceError).
//
// Mistakes that can only be programming errors panic, and say so in their
// doc comments: NewMatrix with a negative size, more elements than a
// Matrix can hold or data of the wrong length; At, Set or Row out of
// range; a matrix product of mismatched shapes, of too many elements or
// into a receiver that shares memory with an operand; NewActivation or
// NewLoss without a name or a function; a method of an Activation or a
// Loss given matrices of mismatched shapes, or of an ActivationFunc or
// LossFunc that is not one of the constants; and Network.Step or an
// Optimizer's Step with a learning rate that is not a finite number > 0,
// or on a network that Validate refuses, with Validate's message. Call
// Validate first to have an error instead.
//
// Some things are not checked. Forward, Backward and Trace compute with
// NaN and ±Inf in x, y and the weights as floating point does. Predict
// refuses them in x but computes with W and B as they are (Save and Train
// refuse NaN and ±Inf weights), and reads no Layer field but W, B and
// Activation. A custom Activation or Loss, from NewActivation, NewLoss or
// a type of the caller's, is called as it is: its panics, its NaN and
// what it allocates are its own.
//
// # Memory
//
// Matrix operations follow math/big: the receiver is the result, as in
// m.Mul(a, b), and its backing slice is reused when it is large enough, so a
// loop that computes the same shapes again allocates nothing. Forward and
// Backward keep their results in the Layer fields (see Invariants):
// Forward, Backward and Step on a batch size already seen do not allocate,
// and neither do the steps of Train, which allocates its batch buffers once
// a call.
//
// No size is trusted: every size and product of sizes is checked, with
// arithmetic that cannot overflow, before anything is allocated for it.
// New refuses a network of more than MaxParams parameters or MaxLayers
// layers, with an error; Forward and Predict refuse a batch of more than
// MaxBatchValues values (its rows times the network's units); NewMatrix
// panics for more elements than a Matrix can hold. The limits of New do
// not apply to a network built by hand, whose matrices the caller
// allocated; the batch limit does. Train allocates in proportion to the
// data and the network, never to a setting (see Training). Load and
// ReadCSV allocate in proportion to the bytes they read, never to the
// sizes their input declares: Load at most 16 bytes a byte read plus
// 16 KiB, of at most MaxLoadBytes; ReadCSV at most 48 bytes a byte read
// plus 1 MiB, besides memory in proportion to the classes given. The
// pictures refuse sizes beyond the limits their doc comments give.
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
// Drawing never changes the network (see Invariants): outputs are computed
// on private matrices from W, B and Activation, so Z, A and the gradients
// stay as the last Forward and Backward left them. Bad input is an error,
// as everywhere, found before anything is written.
//
// # Files
//
// Save writes a network as versioned JSON that a person can read, Load reads
// it back with every weight bit for bit; SaveFile and LoadFile do the same
// with a named file. A *Network is also a json.Marshaler and
// json.Unmarshaler, so it can sit inside a larger JSON document. Save's
// documentation specifies the format; Load's says what it refuses.
//
// Load is safe on input from anyone: whatever the bytes, it returns a
// complete network or an error that says what is wrong and names the field
// or layer at fault, never a panic or part of a network, and a failed
// UnmarshalJSON leaves its network as it was. It refuses input of more than
// MaxLoadBytes, and data after the model other than white space.
//
// SaveFile builds the whole file in memory first, so that a network that
// cannot be saved (a NaN weight, a custom activation) touches no file, and
// neither does an empty name. It then writes a temporary file with a short
// name of its own in the same directory, syncs it and renames it over the
// name, so that a crash, a full disk, a failed write or another SaveFile
// to the same name at once never leaves a damaged file: the name holds its
// old content or one whole new one. It takes every name that os.WriteFile
// takes.
//
// ReadCSV reads a classification data set with the same care. A nil
// reader, an empty input, a first line of numbers where the header should
// be, lines ended by CR alone, a ragged row, a field that is not a finite
// number and an unknown class are errors, those of a line naming it.
// ReadCSV refuses a line of more than 1 MiB, having read at most 1 MiB and
// 4 KiB of it, and a data set whose X and Y would hold more than two
// numbers a byte of input (plus 65536), before it builds them.
//
// WriteONNX and ReadONNX carry a network to and from ONNX, the format that
// PyTorch exports and ONNX Runtime serves, in float64 (DOUBLE) or float32
// (FLOAT), with the protobuf wire format written and read by the package
// itself. WriteONNX then ReadONNX gives back every float64 weight bit for
// bit. ReadONNX reads the chains of layers that PyTorch exports for an
// nn.Sequential MLP and refuses anything else with an error naming the
// node; it is as safe on input from anyone as Load, with the same
// MaxLoadBytes, and returns a whole network or an error.
//
// # Concurrency
//
// Forward, Backward, Step and an Optimizer's Step write into a network, and
// Train and Trace through them; UnmarshalJSON replaces its layers. So a
// Network is not safe for concurrent use in general. Calls that only read it
// may run beside each other: Predict, which computes into buffers of its
// own, is safe to call from many goroutines at once on one trained network
// (use it to serve predictions), and so are Save, SaveFile, MarshalJSON,
// Sizes and Validate. None of them may overlap a call that writes, or a
// change to the network's fields or matrices: guard training with a lock, or
// train one network and serve another (a loaded copy). The package does not
// detect such a race (the race detector does). Distinct networks may be used
// from different goroutines freely, each with an Optimizer of its own
// (Momentum and Adam keep state). The built-in activations and losses are
// constants, safe everywhere; a custom one is as safe as the functions it is
// made of. Matrix methods that only read (At, Dims, Row, RawData, Clone) may
// run concurrently; those that write may not overlap any other use of the
// same matrix. The package's only global mutable state is the machinery of
// the matrix products (the processor's features, read once at start-up, a
// pool of worker goroutines and reusable packing buffers) and the pool of
// buffers that Predict and PredictTo share for their intermediate values;
// it is safe for concurrent use and never changes a result.
//
// # Speed
//
// Forward, Backward and Step spend their time in three matrix products,
// Mul, MulTransA and MulTransB. Tiny products, such as the tutorial's, take
// a straight loop. Larger ones use a packed, cache-blocked product, the
// scheme of GotoBLAS and BLIS, around a register kernel written in assembly
// for amd64 (AVX-512, or AVX2 with fused multiply-adds, chosen from the
// processor's features when the package is initialised) and in Go for other
// architectures and under the purego build tag. Products of more than about
// half a million multiply-adds are divided between up to GOMAXPROCS
// goroutines, which come from a pool kept for the life of the program, so
// that a product starts none and allocates nothing.
//
// Every element of a product is summed in an order that depends only on the
// shapes and the kernel, never on how the work is divided, so results are
// the same bit for bit whatever GOMAXPROCS is. The kernels differ in the
// last bits (the assembly ones round once per multiply-add), as any two
// correct orders of summation do. Sigmoid layers compute e^x in line, within
// 1 ulp, as accurate as math.Exp.
//
// A layer's bias and built-in element-wise activation (Identity, Sigmoid,
// Tanh, ReLU) are applied to each block of its product as the block is
// written, and DZ = DA ⊙ f'(Z) is computed in the product that makes DA,
// with the same functions as Apply and Backprop, so the results are bit for
// bit those of separate passes; Softmax and custom activations take the
// separate passes after the product (the bias is still added in it). A
// product with at most four rows, such as Predict on one sample, streams
// the weights once, with no packing, and sums each element in the blocked
// product's order, so Predict of one sample gives what Forward of a batch
// gives for it, bit for bit, unless a layer's product for one sample is
// tiny (at most 2,048 multiply-adds): that one takes the straight loop, and
// may differ from the batch's in the last bits.
//
// A tiny network, such as the tutorial's, whose layers all use built-in
// element-wise activations and whose every product for the batch is tiny,
// takes a straight path through Forward and Backward: the same loops and
// functions as the general path, called directly, with the same results bit
// for bit. The comments of the files gemm*.go, sigmoid*.go and tiny.go say
// how each piece works.
package mlp
