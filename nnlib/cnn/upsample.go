package cnn

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// ConvTranspose2D returns the transposed convolution of x, shaped [batch,
// height, width, channels], with kernel, shaped [kh, kw, channels, filters]:
// the layer that undoes a convolution's change of size, used by decoders
// (autoencoders, segmentation, super-resolution) to go from a small feature
// map back up to an image. Each input pixel spreads its channels over a
// kh×kw window of the output, windows placed every stride pixels and summed
// where they overlap:
//
//	out[b][r·stride+i−padding][c·stride+j−padding][f] += Σₖ x[b][r][c][k] · kernel[i][j][k][f]
//
// The output is (height−1)·stride − 2·padding + kh + outputPadding high
// (width likewise): the size of the input of a convolution with that kernel,
// stride and padding that gives an output of x's size, outputPadding (< stride)
// choosing among the sizes that round down to it. It is PyTorch's
// ConvTranspose2d with weight kernel.permute(2, 3, 0, 1); with kernel 3,
// stride 2, padding 1 and outputPadding 1 it doubles the size exactly.
//
// It equals an ordinary convolution (stride 1) of x spread out with stride−1
// zeros between its pixels and kh−1−padding around them (outputPadding more
// at the bottom and right), by the kernel turned 180°, and that is how it is
// computed: x is spread with one graph.Pad (interior padding) and convolved
// by Conv2D in formulation f. (graph.Convolve's own input dilation would
// spare the zeros, but GoMLX v0.28.16 cannot build its gradient: "failed to
// set up reverse Convolve() for gradient".) Padding must be at most kh−1 and
// kw−1.
func ConvTranspose2D(x, kernel *graph.Node, stride, padding, outputPadding int, f Formulation) *graph.Node {
	if x.Rank() != 4 || kernel.Rank() != 4 {
		exceptions.Panicf("cnn.ConvTranspose2D: x has shape %s and kernel %s, want rank 4: [batch, height, width, channels] and [kh, kw, channels, filters]", x.Shape(), kernel.Shape())
	}
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	if xd[3] != kd[2] {
		exceptions.Panicf("cnn.ConvTranspose2D: x has %d channels but the kernel expects %d (kernel shape %s)", xd[3], kd[2], kernel.Shape())
	}
	if x.DType() != kernel.DType() {
		exceptions.Panicf("cnn.ConvTranspose2D: x is %s but the kernel is %s", x.DType(), kernel.DType())
	}
	if stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride {
		exceptions.Panicf("cnn.ConvTranspose2D: stride %d, padding %d, outputPadding %d: want stride ≥ 1, padding ≥ 0 and 0 ≤ outputPadding < stride", stride, padding, outputPadding)
	}
	if padding > kd[0]-1 || padding > kd[1]-1 {
		exceptions.Panicf("cnn.ConvTranspose2D: padding %d is more than the %d×%d kernel's side − 1", padding, kd[0], kd[1])
	}
	if TransposedSize(xd[1], kd[0], stride, padding, outputPadding) < 1 || TransposedSize(xd[2], kd[1], stride, padding, outputPadding) < 1 {
		exceptions.Panicf("cnn.ConvTranspose2D: a %d×%d kernel (stride %d, padding %d) leaves no output for a %d×%d input", kd[0], kd[1], stride, padding, xd[1], xd[2])
	}
	if f.On(x.Graph().Backend()) == MatMul {
		return transposedSubPixel(x, kernel, stride, padding, outputPadding)
	}
	flipped := graph.Reverse(kernel, 0, 1)
	ph, pw := kd[0]-1-padding, kd[1]-1-padding
	spread := graph.Pad(x, graph.ScalarZero(x.Graph(), x.DType()), graph.PadAxis{},
		graph.PadAxis{Start: ph, End: ph + outputPadding, Interior: stride - 1},
		graph.PadAxis{Start: pw, End: pw + outputPadding, Interior: stride - 1}, graph.PadAxis{})
	// GoMLX v0.28.16's gradient of graph.Convolve with respect to its input
	// is wrong for a kernel of even side: give the kernel an odd one with a
	// row or column of zeros at its end, and the input one more row or
	// column of zeros to keep the output's size.
	eh, ew := 1-kd[0]%2, 1-kd[1]%2
	if eh+ew > 0 {
		zero := graph.ScalarZero(x.Graph(), x.DType())
		flipped = graph.Pad(flipped, zero, graph.PadAxis{End: eh}, graph.PadAxis{End: ew}, graph.PadAxis{}, graph.PadAxis{})
		spread = graph.Pad(spread, zero, graph.PadAxis{}, graph.PadAxis{End: eh}, graph.PadAxis{End: ew}, graph.PadAxis{})
	}
	return Conv2D(spread, flipped, 1, 0, Native)
}

// transposedSubPixel is ConvTranspose2D in the MatMul formulation, as an
// ordinary convolution followed by a pixel shuffle (Shi et al., 2016): the
// output pixels whose position q = o + padding has the same remainder φ
// modulo stride (a phase) are Σₜ x[u − t]·kernel[φ + stride·t] for q =
// stride·u + φ, a convolution of x at its own resolution by a
// T×T kernel, T = ⌈k/stride⌉. The stride² phases' kernels are stacked along
// the filters into one [T, T, channels, stride²·filters] kernel (zeros where
// φ + stride·t ≥ k), so the whole layer is one Conv2D in its fast
// matrix-product form, with no multiplications by the zeros a spread-out
// input would have; the phases are then interleaved (one transpose) and the
// padding cropped.
func transposedSubPixel(x, kernel *graph.Node, stride, padding, outputPadding int) *graph.Node {
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	b, h, w, cin := xd[0], xd[1], xd[2], xd[3]
	kh, kw, cout := kd[0], kd[1], kd[3]
	s := stride
	th, tw := (kh+s-1)/s, (kw+s-1)/s
	fullH, fullW := (h-1)*s+kh+outputPadding, (w-1)*s+kw+outputPadding
	uh, uw := (fullH+s-1)/s, (fullW+s-1)/s // Rows and columns of each phase.
	zero := graph.ScalarZero(x.Graph(), x.DType())
	// kernel[φ + s·t] for t = T−1−a at window position a, φ the phase.
	k := graph.Pad(kernel, zero, graph.PadAxis{End: s*th - kh}, graph.PadAxis{End: s*tw - kw}, graph.PadAxis{}, graph.PadAxis{})
	k = graph.Reshape(k, th, s, tw, s, cin, cout)
	k = graph.Reverse(k, 0, 2)
	k = graph.TransposeAllAxes(k, 0, 2, 4, 1, 3, 5) // [th, tw, cin, s, s, cout]
	k = graph.Reshape(k, th, tw, cin, s*s*cout)
	xp := graph.Pad(x, zero, graph.PadAxis{}, graph.PadAxis{Start: th - 1, End: uh - h},
		graph.PadAxis{Start: tw - 1, End: uw - w}, graph.PadAxis{})
	y := convMatMul(xp, k, nil, 1, 0, false) // [b, uh, uw, s·s·cout]
	y = graph.Reshape(y, b, uh, uw, s, s, cout)
	y = graph.Transpose(y, 2, 3) // [b, uh, s, uw, s, cout]
	y = graph.Reshape(y, b, uh*s, uw*s, cout)
	return cropHW(y, padding, fullH-2*padding, fullW-2*padding)
}

// TransposedSize is the size of a transposed convolution's output along one
// axis: (n−1)·stride − 2·padding + k + outputPadding.
func TransposedSize(n, k, stride, padding, outputPadding int) int {
	return (n-1)*stride - 2*padding + k + outputPadding
}

// Upsample2D returns x [batch, height, width, channels] enlarged factor
// times along height and width by repeating each pixel in a factor×factor
// square (nearest-neighbour upsampling): shape [batch, factor·height,
// factor·width, channels]. Followed by a convolution it is the other way up
// in a decoder ("resize-convolution"), which does not leave the checkerboard
// pattern that a transposed convolution whose kernel is not a multiple of its
// stride can (Odena, Dumoulin and Olah, 2016).
//
// Native is graph.Interpolate(...).Nearest(); MatMul broadcasts x along two
// new axes of size factor and reshapes, whose gradient is the sum over each
// square. Both give the same values and gradients.
func Upsample2D(x *graph.Node, factor int, f Formulation) *graph.Node {
	if x.Rank() != 4 {
		exceptions.Panicf("cnn.Upsample2D: x has shape %s, want rank 4: [batch, height, width, channels]", x.Shape())
	}
	if factor < 1 {
		exceptions.Panicf("cnn.Upsample2D: factor %d, want ≥ 1", factor)
	}
	if factor == 1 {
		return x
	}
	d := x.Shape().Dimensions
	if f.On(x.Graph().Backend()) == Native {
		return graph.Interpolate(x, -1, d[1]*factor, d[2]*factor, -1).Nearest().Done()
	}
	y := graph.Reshape(x, d[0], d[1], 1, d[2], 1, d[3])
	y = graph.BroadcastToDims(y, d[0], d[1], factor, d[2], factor, d[3])
	return graph.Reshape(y, d[0], d[1]*factor, d[2]*factor, d[3])
}
