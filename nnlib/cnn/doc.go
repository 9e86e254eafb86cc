// Package cnn is the course's convolutional network: convolution and
// max-pooling layers for GoMLX that run fast on every backend, the small CNN
// of lesson 05a (conv 3×3 → pool → conv 3×3 → pool → dense → dense) with
// Fit to train it (a thin use of nnlib/train's loop), and the tools to look inside it (Zeiler and Fergus): the
// first layer's filters, feature maps, and the input patches that excite a
// feature map most.
//
// # Layouts
//
// Images are channels-last, [batch, height, width, channels], and kernels
// [kernel height, kernel width, input channels, output channels], as in
// graph.Convolve. A "convolution" is what every deep-learning framework
// computes: out[r][c] = Σᵢⱼ kernel[i][j]·x[r·stride+i][c·stride+j] (a
// cross-correlation: the kernel is not flipped).
//
// # Formulations
//
// The same layer can be computed in more than one way, and which is fastest
// depends on the backend (see Formulation):
//
//   - Native: the backend's own ops, graph.Convolve and graph.MaxPool. XLA
//     compiles them to fast kernels; GoMLX's pure-Go backend runs them as
//     direct loops, about 50 times slower than the alternative below.
//   - MatMul: the matrix-product form ("im2col"). The input patches under the
//     kernel, one row per output pixel, are gathered with one Gather (a copy of
//     contiguous rows of channels) and multiplied by the kernel, reshaped to a
//     [kh·kw·channels, filters] matrix, in one matrix product, which the Go
//     backend runs on its SIMD kernels. Max-pooling 2×2 is fused into it: the
//     product is done once for each of the four positions of a pooling window
//     and their element-wise maximum kept. The backward pass is written by hand
//     (see Conv2D) so that every matrix product has the memory layout the Go
//     backend's kernels need, with no transposition of large tensors.
//
// Auto, the default, picks MatMul on the Go backend and Native elsewhere.
// Both formulations are tested equal, values and gradients, in float64
// (and Conv2D also against a third form, a sum of strided slices).
//
// # Speed
//
// Training Small with padding 1 on minibatches of 128 with Adam, on the
// course's 2-core machine (AVX-512), the best of alternating rounds
// (go run ./cmd/cnnbench, 2026-11-26; two runs a few hours apart gave
// 2,170 against 1,780 and 2,107 against 2,004): the Go backend trains about
// 2,100 examples/s with MatMul and 37–41 with Native; PyTorch 1.13 (oneDNN
// convolutions, OpenBLAS, 2 threads) 1,780–2,000: a ratio of 1.05–1.22.
// Without padding: 4,005 against PyTorch's 2,592 (1.55). The lesson's
// training (minibatches of 64, dropout, real data; go run ./cmd/course
// bench): 2,019 against 1,744 (1.16). About 60% of the time goes
// to the matrix products and their packing, the rest mostly to gathering
// and scattering the patches.
//
// What makes the difference on the Go backend: its Slice copies value by
// value, but Gather and GatherSlices copy contiguous blocks, and ScatterSum
// adds them with SIMD, so patches are gathered row by row of kernel (kw·cin
// values at a time); its matrix products read an operand in place only when
// the contracted axes are its last (or, for the right operand, its first
// after the batch axes), so GoMLX's own gradient of P·W, which contracts
// the first axis of both, transposes P — the hand-written one transposes
// the small output gradient instead; and broadcasting along a middle axis
// runs a generic loop, so pooling is done with element-wise Max between the
// four offsets of the window, not ReduceMax over a window axis.
//
// Found on the way, in GoMLX v0.28.16: the gradient of graph.Pad is wrong
// when fewer PadAxis than the rank are given (give one per axis); the
// gradient of graph.Convolve fails to build for some strides and paddings
// (e.g. stride 2, padding 1 on a 7×6 image) and, with input dilation, at
// all; its gradient with respect to the input is wrong for kernels of even
// side (ConvTranspose2D works around both); and a scope can hold only one
// layer (use scope.In("name") per layer).
package cnn
