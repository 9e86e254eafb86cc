// Package optimizers is what lesson 04b, "Optimizers and the learning rate",
// is built from: GoMLX's optimizers (and nnlib/optim's momentum) compared on
// Fashion-MNIST, the original course's learning-rate study on its blobs
// problem, a learning-rate schedule, and the checks of the lesson's
// exercises. Training goes through nnlib/mlp.Fit.
package optimizers
