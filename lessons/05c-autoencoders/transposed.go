package autoenc

import (
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// TransposedExample runs cnn.ConvTranspose2D (stride 2, padding 1, output
// padding 1: the decoder's layer) on a 2×2 input of one channel with a 3×3
// kernel, and returns the 4×4 output: each input pixel adds its value times
// the kernel to a 3×3 window of the output, windows two pixels apart, summed
// where they overlap, and the border of one pixel cropped.
func TransposedExample(backend compute.Backend, input, kernel [][]float64) (out [][]float64, err error) {
	defer nnlib.Failed(&err, "the transposed convolution failed")
	x := tensors.FromFlatDataAndDimensions(flatten(input), 1, len(input), len(input[0]), 1)
	k := tensors.FromFlatDataAndDimensions(flatten(kernel), len(kernel), len(kernel[0]), 1, 1)
	y := graph.MustExecOnce(backend, func(x, k *graph.Node) *graph.Node {
		return cnn.ConvTranspose2D(x, k, 2, 1, 1, cnn.Auto)
	}, x, k)
	d := y.Shape().Dimensions
	v := tensors.MustCopyFlatData[float64](y)
	for r := range d[1] {
		out = append(out, v[r*d[2]:(r+1)*d[2]])
	}
	return out, nil
}

func flatten(m [][]float64) []float64 {
	var out []float64
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}
