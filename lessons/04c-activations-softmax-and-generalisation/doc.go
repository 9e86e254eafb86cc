// Package generalisation is what lesson 04c, "Activations, softmax and
// generalisation", is built from: the hidden activations and their
// derivatives, the gradient's size layer by layer in a deep sigmoid network
// and a deep ReLU one, softmax and its cross-entropy against one sigmoid per
// class, the loss scales of the earlier lessons, and the ways to make a
// network do well on images it did not train on (weight decay, dropout,
// early stopping, data augmentation), each chosen on a validation split and
// the chosen one measured once on the test set. Training goes through
// nnlib/train.
package generalisation
