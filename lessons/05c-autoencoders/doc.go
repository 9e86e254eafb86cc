// Package autoenc is the code of lesson 05c, autoencoders: dense
// autoencoders of Fashion-MNIST at several code sizes against PCA, the
// linear autoencoder that finds PCA's subspace, the latent space of a
// two-number code, a convolutional autoencoder with a mirrored and with a
// different decoder, denoising (of clothes and of a photograph) against
// classical filters, and the codes as features for a classifier with few
// labels. The autoencoders themselves are in nnlib/ae, their transposed
// convolutions in nnlib/cnn and the image filters and PSNR in nnlib/imaging.
package autoenc
