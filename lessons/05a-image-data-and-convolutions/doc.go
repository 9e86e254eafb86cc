// Package convolutions is what lesson 05a, "Image data and convolutions", is
// built from: the deck's convolution example and kernels, a convolution,
// stride, padding and pooling written out in plain Go (the independent
// computation the exercises are checked against), the lesson's photograph
// as matrices, the training runs of its CNN and of an MLP on Fashion-MNIST
// (with a quick mode for tests, see nnlib.QuickEnv), and the figures that look
// inside the trained network.
//
// The network itself, its fast convolution layers and the tools to inspect
// it are in nnlib/cnn, which later lessons reuse.
package convolutions
