// Package rnn is the course's recurrent networks for GoMLX: plain RNN, GRU
// and LSTM layers written as a few graph operations each (cells.go), fast on
// the pure-Go backend; a character-level language model (CharModel), its
// training on nnlib/train (TrainChars), its measure on held-out text with
// the state carried from chunk to chunk (Evaluator), and the sampler that
// makes it write (Sampler, Pick). Lesson 05b builds on it.
//
// # Formulation
//
// A layer is unrolled: the graph holds one copy of the cell per time step,
// and GoMLX's automatic differentiation of that graph is backpropagation
// through time. Two choices make it fast where GoMLX's own ml/layers/lstm is
// slow on the Go backend (see Sequence): each gate has its own [hidden,
// hidden] recurrent matrix, so that no step slices a tensor along its last
// axis; and each step slices its small input, not the large projections of
// all steps, whose gradient GoMLX would pad to the full size at every step.
//
// # Speed
//
// The lesson's character model (embedding 32 → LSTM 256 → dense 84,
// minibatches of 32 windows of 64 characters, Adam), one training step on
// the course's 2-core machine, 2026-12-02, alone: this package 84–103 ms
// (about 20,000–24,000 characters/s), PyTorch 1.13's nn.LSTM (2 threads,
// OpenBLAS) 297 ms; GoMLX's ml/layers/lstm with the same sizes about 350 ms.
// Before each step sliced its own input (slicing the projections of all
// steps instead), this package took 130–180 ms. `go run ./cmd/course bench
// --models` measures it against PyTorch, to a validation target
// (BENCHMARKS.md).
//
// # Checked
//
// Every cell equals a plain-Go float64 reference of its equations to 1e-12
// and PyTorch's nn.RNN, nn.GRU and nn.LSTM (weights copied) to 1e-14 in
// float64, values and gradients (the tests).
package rnn
