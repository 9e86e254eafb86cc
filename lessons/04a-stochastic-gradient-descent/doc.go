// Package sgd is what lesson 04a, "Stochastic gradient descent and
// momentum", is built from: minibatch training of lesson 03's network in
// plain Go (nnlib/scratch; full batch, minibatches, online), momentum and Nesterov's variant
// on an ill-conditioned quadratic, and the check of the lesson's exercise.
package sgd
