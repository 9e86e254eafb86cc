// Package deeparch is the code of lesson 05d, deep architectures: VGG16
// counted and run once, a VGG-style network against lesson 05a's CNN, plain
// and residual networks of increasing depth (the degradation problem and the
// gradient at each layer), batch normalisation with and without, and a
// DenseNet-style network against a residual one of the same size. The
// networks themselves (cnn.Deep, cnn.VGGStyle, cnn.BatchNorm) are in
// nnlib/cnn; this package holds the lesson's runs, its figures and the
// checks of its exercises.
package deeparch
