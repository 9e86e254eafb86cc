package gallery

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// The deck's convolution example: a 5×5 grayscale patch and a kernel that
// picks the pixel above the centre.
var (
	convImage = [][]float64{
		{35, 40, 41, 45, 50},
		{40, 40, 42, 46, 52},
		{42, 46, 50, 55, 55},
		{48, 52, 56, 58, 60},
		{56, 60, 65, 70, 75},
	}
	convKernel = [][]float64{
		{0, 1, 0},
		{0, 0, 0},
		{0, 0, 0},
	}
	edgeDetection = [][]float64{
		{0, 1, 0},
		{1, -4, 1},
		{0, 1, 0},
	}
	edgeEnhance = [][]float64{
		{0, 0, 0},
		{-1, 1, 0},
		{0, 0, 0},
	}
)

// convolveAt applies kernel k centred on pixel (row, col) of img, as
// convolution layers do (no kernel flip): Σ k[i][j]·img[row+i−1][col+j−1].
func convolveAt(img, k [][]float64, row, col int) float64 {
	var s float64
	h, w := len(k), len(k[0])
	for i := range h {
		for j := range w {
			s += k[i][j] * img[row+i-h/2][col+j-w/2]
		}
	}
	return s
}

// convolutionExample shows image ∗ kernel = output, with the window of the
// centre pixel framed and the output written there only, as on the slide.
func convolutionExample() (*plot.Plot, error) {
	out := make([][]float64, len(convImage))
	for r := range out {
		out[r] = make([]float64, len(convImage[0]))
		for c := range out[r] {
			out[r][c] = math.NaN()
		}
	}
	out[2][2] = convolveAt(convImage, convKernel, 2, 2)
	inM, err := plots.NewMatrix(convImage)
	if err != nil {
		return nil, err
	}
	inM.Highlight = image.Rect(1, 1, 4, 4) // Columns 1-3, rows 1-3.
	in, err := inM.Figure("image, window framed")
	if err != nil {
		return nil, err
	}
	kM, err := plots.NewMatrix(convKernel)
	if err != nil {
		return nil, err
	}
	kM.Colormap, kM.Min, kM.Max = plots.Diverging, -1, 1 // As in the kernel grid.
	k, err := kM.Figure("× kernel")
	if err != nil {
		return nil, err
	}
	outM, err := plots.NewMatrix(out)
	if err != nil {
		return nil, err
	}
	outM.Min, outM.Max = convImage[0][0], convImage[4][4] // The image's grays.
	outM.Highlight = image.Rect(2, 2, 3, 3)
	o, err := outM.Figure(fmt.Sprintf("= output (%g at the centre)", out[2][2]))
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Convolution example", in, k, o)
}

// convolutionKernels draws the deck's kernels on one colour scale.
func convolutionKernels() (*plot.Plot, error) {
	return plots.KernelGrid("Convolution kernels of the deck",
		[][][]float64{edgeDetection, edgeEnhance, convKernel},
		[]string{"edge detection", "edge enhance (right)", "the example's kernel"}, 3)
}
