// Package backprop is what lesson 03, "Backpropagation", is built from: the
// deck's algorithm written out in plain Go, once example by example as the
// slide states it and once vectorised over the whole batch; the gradient
// check that proves it right; the same network differentiated by GoMLX; the
// checks of the lesson's three exercises (one layer's forward pass, its
// backward step, the step of gradient descent); and the algorithm with the
// student's own three pieces plugged in (BackpropWith, TrainWith).
//
// Weights use the deck's notation: W[l] is the matrix W⁽ˡ⁺¹⁾ from layer l+1
// to layer l+2 (layers counted from 1, the input being layer 1), one row per
// neuron of the next layer, column 0 for the bias unit. Every neuron is a
// sigmoid, and the cost is the deck's cross-entropy, for which the output
// layer's error is simply δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y.
//
// The lessons after this one train the same network from nnlib/scratch,
// which keeps its weights, forward pass, cost and batch backpropagation
// (BackpropBatch, there Gradient); a test checks that the two agree to the
// bit. The lesson's real digits come from data.Digits.
package backprop
