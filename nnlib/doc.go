// Package nnlib is the small shared library behind the course's lessons.
//
// It grows lesson by lesson, the way d2l's library does: what a lesson builds
// and later lessons need moves here. This package holds:
//
//   - Backend: picks the GoMLX backend (XLA when its plugin is installed,
//     otherwise the pure-Go backend) and says in one line which and why.
//   - Keep: keeps an expensive result between notebook cells, which under GoNB
//     are separate processes.
//   - Check: the self-checking exercises' verdicts ("Correct" or "Not yet").
//
// Its sub-packages: nnlib/data (data sets and the deck's toy problems),
// nnlib/plots (figures inline, on file and live), nnlib/mlp (the deck's
// multilayer perceptron, in plain Go and GoMLX, and its training), and
// nnlib/optim (momentum for GoMLX's trainer).
//
// Errors meant for students are plain sentences that say what to do; nothing
// in nnlib panics on bad input from a notebook.
package nnlib
