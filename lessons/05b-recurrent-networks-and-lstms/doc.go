// Package recurrent is the code of lesson 05b, recurrent neural networks and
// LSTMs: a recurrent cell and backpropagation through time written from
// scratch and checked against GoMLX's autodiff, the memory of plain RNNs,
// LSTMs and GRUs on a task that needs a long memory, forecasting a real daily
// series, and a character-level LSTM that writes text. The fast recurrent
// layers themselves are in nnlib/rnn.
package recurrent
