package convolutions

import (
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// The deck's CONVOLUTION EXAMPLES slide.
var (
	// DeckImage is the 5×5 grey patch of the slide.
	DeckImage = [][]float64{
		{35, 40, 41, 45, 50},
		{40, 40, 42, 46, 52},
		{42, 46, 50, 55, 55},
		{48, 52, 56, 58, 60},
		{56, 60, 65, 70, 75},
	}
	// DeckKernel has a single 1, above the centre: it copies the pixel
	// above, so the output at the centre is DeckImage[1][2] = 42.
	DeckKernel = [][]float64{
		{0, 1, 0},
		{0, 0, 0},
		{0, 0, 0},
	}
	// EdgeDetection is the slide's "edge detection" kernel (a discrete
	// Laplacian): 0 on flat regions, large where the brightness bends.
	EdgeDetection = [][]float64{
		{0, 1, 0},
		{1, -4, 1},
		{0, 1, 0},
	}
	// EdgeEnhance is the slide's "edge enhance (right)" kernel: a pixel minus
	// its left neighbour, large at edges where the image gets brighter to the
	// right.
	EdgeEnhance = [][]float64{
		{0, 0, 0},
		{-1, 1, 0},
		{0, 0, 0},
	}
)

// Convolve2D returns the "convolution" of img with kernel as neural networks
// compute it (a cross-correlation: the kernel is laid on the image as it is,
// not flipped), with zero padding around the image and the given stride:
//
//	out[r][c] = Σᵢⱼ kernel[i][j] · padded[r·stride + i][c·stride + j]
//
// It is the lesson's reference, in plain Go; nnlib/cnn computes the same on a
// GoMLX backend.
func Convolve2D(img, kernel [][]float64, stride, padding int) ([][]float64, error) {
	if err := checkGrid("the image", img); err != nil {
		return nil, err
	}
	if err := checkGrid("the kernel", kernel); err != nil {
		return nil, err
	}
	if stride < 1 || padding < 0 {
		return nil, fmt.Errorf("stride %d, padding %d: want stride ≥ 1 and padding ≥ 0", stride, padding)
	}
	h, w, kh, kw := len(img), len(img[0]), len(kernel), len(kernel[0])
	oh, ow := cnn.OutputSize(h, kh, stride, padding), cnn.OutputSize(w, kw, stride, padding)
	if oh < 1 || ow < 1 {
		return nil, fmt.Errorf("a %d×%d kernel does not fit a %d×%d image padded by %d", kh, kw, h, w, padding)
	}
	at := func(r, c int) float64 {
		r, c = r-padding, c-padding
		if r < 0 || r >= h || c < 0 || c >= w {
			return 0
		}
		return img[r][c]
	}
	out := make([][]float64, oh)
	for r := range out {
		out[r] = make([]float64, ow)
		for c := range out[r] {
			var s float64
			for i := range kh {
				for j := range kw {
					s += kernel[i][j] * at(r*stride+i, c*stride+j)
				}
			}
			out[r][c] = s
		}
	}
	return out, nil
}

// MaxPool returns the maximum of each size×size window of img, windows taken
// every stride pixels (no padding: windows that would overflow are left out).
func MaxPool(img [][]float64, size, stride int) ([][]float64, error) {
	if err := checkGrid("the image", img); err != nil {
		return nil, err
	}
	if size < 1 || stride < 1 {
		return nil, fmt.Errorf("window %d, stride %d: both must be at least 1", size, stride)
	}
	oh, ow := cnn.OutputSize(len(img), size, stride, 0), cnn.OutputSize(len(img[0]), size, stride, 0)
	if oh < 1 || ow < 1 {
		return nil, fmt.Errorf("a %d×%d window does not fit a %d×%d image", size, size, len(img), len(img[0]))
	}
	out := make([][]float64, oh)
	for r := range out {
		out[r] = make([]float64, ow)
		for c := range out[r] {
			m := math.Inf(-1)
			for i := range size {
				for j := range size {
					m = math.Max(m, img[r*stride+i][c*stride+j])
				}
			}
			out[r][c] = m
		}
	}
	return out, nil
}

// Flip returns the kernel rotated by 180°: a true (mathematical) convolution
// is a cross-correlation with the flipped kernel.
func Flip(kernel [][]float64) [][]float64 {
	out := make([][]float64, len(kernel))
	for i, row := range kernel {
		out[len(kernel)-1-i] = make([]float64, len(row))
		for j, v := range row {
			out[len(kernel)-1-i][len(row)-1-j] = v
		}
	}
	return out
}

// checkGrid reports whether g is a non-empty rectangle of numbers.
func checkGrid(what string, g [][]float64) error {
	if len(g) == 0 || len(g[0]) == 0 {
		return fmt.Errorf("%s is empty", what)
	}
	for r, row := range g {
		if len(row) != len(g[0]) {
			return fmt.Errorf("%s: row %d has %d values but row 0 has %d", what, r, len(row), len(g[0]))
		}
	}
	return nil
}

// Grid returns an h×w grid of the values f(r, c).
func Grid(h, w int, f func(r, c int) float64) [][]float64 {
	g := make([][]float64, h)
	for r := range g {
		g[r] = make([]float64, w)
		for c := range g[r] {
			g[r][c] = f(r, c)
		}
	}
	return g
}
