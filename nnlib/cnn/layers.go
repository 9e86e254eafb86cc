package cnn

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// Formulation says how a convolution or pooling layer is computed; see the
// package documentation.
type Formulation int

const (
	// Auto is MatMul on GoMLX's pure-Go backend and Native on any other.
	Auto Formulation = iota
	// Native uses the backend's own ops, graph.Convolve and graph.MaxPool.
	Native
	// MatMul gathers the patches under the kernel and multiplies them by the
	// kernel in one matrix product (im2col), with a hand-written backward pass.
	MatMul
)

// String is "auto", "native" or "matmul".
func (f Formulation) String() string {
	switch f {
	case Native:
		return "native"
	case MatMul:
		return "matmul"
	case Auto:
		return "auto"
	}
	return fmt.Sprintf("Formulation(%d)", int(f))
}

// Describe says in words how the layers are computed with f on backend.
func (f Formulation) Describe(backend compute.Backend) string {
	switch f.On(backend) {
	case MatMul:
		return "matrix-product form (gathered patches × kernel matrix, pooling fused, hand-written backward)"
	default:
		return "the backend's own convolution and pooling ops"
	}
}

// For returns the formulation Auto picks on backend: MatMul on the Go
// backend, Native on any other (XLA's own convolutions are fast).
func For(backend compute.Backend) Formulation {
	if backend != nil && backend.String() == "go" {
		return MatMul
	}
	return Native
}

// On returns the formulation that f means on backend: f itself, or For(backend) if f is Auto.
func (f Formulation) On(backend compute.Backend) Formulation {
	if f == Auto {
		return For(backend)
	}
	return f
}

// Conv2D returns the convolution of x, shaped [batch, height, width,
// channels], with kernel, shaped [kh, kw, channels, filters]: the output has
// shape [batch, oh, ow, filters] with oh = (height + 2·padding − kh)/stride + 1
// (rounded down) and ow likewise, and
//
//	out[b][r][c][f] = Σᵢⱼₖ kernel[i][j][k][f] · xpad[b][r·stride+i][c·stride+j][k]
//
// where xpad is x with padding rows and columns of zeros on every side.
//
// With the MatMul formulation (the Go backend's), the gradients of the
// result with respect to x and kernel are computed by a hand-written backward
// pass (see the package documentation); they equal the Native ones.
func Conv2D(x, kernel *graph.Node, stride, padding int, f Formulation) *graph.Node {
	checkConv(x, kernel, stride, padding, false)
	if f.On(x.Graph().Backend()) == Native {
		return graph.Convolve(x, kernel).Strides(stride).
			PaddingPerDim([][2]int{{padding, padding}, {padding, padding}}).Done()
	}
	return convMatMul(x, kernel, nil, stride, padding, false)
}

// ConvPool returns MaxPool2D(Conv2D(x, kernel, 1, padding) + bias, 2, 2): a
// convolution with stride 1, its bias (shape [filters], or nil for none) and
// a 2×2 max-pooling, the building block of the course's CNN. With MatMul the
// three are computed together, which is much faster than one after the other;
// a pooled output row or column that would need a missing convolution output
// (odd sizes) is dropped, as graph.MaxPool does.
//
// Max-pooling commutes with adding a bias and with ReLU (both are increasing),
// so Relu(ConvPool(x, k, b, p, f)) is the usual conv → ReLU → pool.
func ConvPool(x, kernel, bias *graph.Node, padding int, f Formulation) *graph.Node {
	checkConv(x, kernel, 1, padding, true)
	if bias != nil && (bias.Rank() != 1 || bias.Shape().Dimensions[0] != kernel.Shape().Dimensions[3]) {
		exceptions.Panicf("cnn.ConvPool: bias has shape %s, want [%d] (one per filter)", bias.Shape(), kernel.Shape().Dimensions[3])
	}
	if f.On(x.Graph().Backend()) == Native {
		y := Conv2D(x, kernel, 1, padding, Native)
		if bias != nil {
			y = graph.Add(y, graph.Reshape(bias, 1, 1, 1, bias.Shape().Dimensions[0]))
		}
		return MaxPool2D(y, 2, 2, Native)
	}
	return convMatMul(x, kernel, bias, 1, padding, true)
}

// MaxPool2D returns the maximum of x [batch, height, width, channels] over
// window×window squares taken every stride pixels: shape [batch,
// (height−window)/stride + 1, (width−window)/stride + 1, channels], sizes
// rounded down (no padding). Where a window holds the maximum more than once,
// the gradient goes to the first (row by row), as for graph.Max.
func MaxPool2D(x *graph.Node, window, stride int, f Formulation) *graph.Node {
	if x.Rank() != 4 {
		exceptions.Panicf("cnn.MaxPool2D: x has shape %s, want rank 4: [batch, height, width, channels]", x.Shape())
	}
	d := x.Shape().Dimensions
	if window < 1 || stride < 1 || d[1] < window || d[2] < window {
		exceptions.Panicf("cnn.MaxPool2D: window %d, stride %d do not fit an image of %d×%d", window, stride, d[1], d[2])
	}
	if f.On(x.Graph().Backend()) == Native {
		return graph.MaxPool(x).Window(window).Strides(stride).Done()
	}
	return maxPoolGather(x, window, stride)
}

// OutputSize is the size of a convolution's or pooling's output along one
// axis: ⌊(n + 2·padding − k)/stride⌋ + 1, or 0 if the kernel does not fit.
func OutputSize(n, k, stride, padding int) int {
	if stride < 1 || n+2*padding < k {
		return 0
	}
	return (n+2*padding-k)/stride + 1
}

// checkConv panics (GoMLX's way, caught by Exec) with a sentence if the
// shapes or the options do not fit.
func checkConv(x, kernel *graph.Node, stride, padding int, pool bool) {
	if x.Rank() != 4 {
		exceptions.Panicf("cnn: x has shape %s, want rank 4: [batch, height, width, channels]", x.Shape())
	}
	if kernel.Rank() != 4 {
		exceptions.Panicf("cnn: kernel has shape %s, want rank 4: [kh, kw, input channels, filters]", kernel.Shape())
	}
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	if xd[3] != kd[2] {
		exceptions.Panicf("cnn: x has %d channels but the kernel expects %d (kernel shape %s)", xd[3], kd[2], kernel.Shape())
	}
	if x.DType() != kernel.DType() {
		exceptions.Panicf("cnn: x is %s but the kernel is %s", x.DType(), kernel.DType())
	}
	if stride < 1 || padding < 0 {
		exceptions.Panicf("cnn: stride %d and padding %d: want stride ≥ 1 and padding ≥ 0", stride, padding)
	}
	oh, ow := OutputSize(xd[1], kd[0], stride, padding), OutputSize(xd[2], kd[1], stride, padding)
	least := 1
	if pool {
		least = 2
	}
	if oh < least || ow < least {
		exceptions.Panicf("cnn: a %d×%d kernel (stride %d, padding %d) gives a %d×%d output on a %d×%d image: too small", kd[0], kd[1], stride, padding, oh, ow, xd[1], xd[2])
	}
}
