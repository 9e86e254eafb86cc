// Package nnlib is the small shared library behind the course's lessons.
//
// It grows lesson by lesson, the way d2l's library does: what a lesson builds
// and later lessons need moves here. This package holds:
//
//   - Backend: picks the GoMLX backend (XLA when its plugin is installed,
//     otherwise the pure-Go backend) and says in one line which and why.
//   - Keep: keeps an expensive result between notebook cells, which under GoNB
//     are separate processes.
//   - Check: the self-checking exercises' verdicts ("Correct" or "Not yet"),
//     and Diagnose, which picks an exercise's hint from a table of the likely
//     Mistakes (nnlib/checktest tests such tables).
//   - Sigmoid, the deck's activation, and NumericalGradient, the central
//     differences every derivative of the course is checked against.
//
// Its sub-packages: nnlib/data (data sets and the deck's toy problems),
// nnlib/plots (figures inline, on file and live), nnlib/train (the one
// training loop every GoMLX model of the course trains with, and its
// checkpoints), nnlib/mlp (the deck's multilayer perceptron, in plain Go and
// GoMLX), nnlib/scratch (lesson 03's network and backpropagation in plain
// Go, for the lessons after it), nnlib/cnn (convolutions fast on every
// backend, the CNN of lesson 05a) and nnlib/optim (momentum for GoMLX's
// trainer); nnlib/oneline puts messages on one line for nnlib and the
// course's tools alike.
//
// Errors meant for students are plain sentences that say what to do; nothing
// in nnlib panics on bad input from a notebook.
package nnlib
