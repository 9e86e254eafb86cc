package imaging

import (
	"fmt"
	"math"
	"slices"
)

// reflect maps an index i, perhaps outside [0, n), to the pixel SciPy's
// mode='reflect' reads there: the row continued as its mirror image with the
// edge repeated, … d c b a | a b c d | d c b a …, with period 2n so that a
// window wider than the image still finds a pixel.
func reflect(i, n int) int {
	m := i % (2 * n)
	if m < 0 {
		m += 2 * n
	}
	if m >= n {
		m = 2*n - 1 - m
	}
	return m
}

// GaussianKernel returns the normalised 1-D Gaussian weights that
// GaussianBlur slides along rows and columns: exp(-k²/2σ²) for k from
// -radius to radius, divided by their sum, with radius = ⌊4σ + 0.5⌋ (SciPy's
// truncate=4.0), so that the weights left out are below about 3·10⁻⁵ of the
// centre's.
func GaussianKernel(sigma float64) ([]float64, error) {
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("the Gaussian's σ must be a positive number of pixels, not %v", sigma)
	}
	radius := int(4*sigma + 0.5)
	k := make([]float64, 2*radius+1)
	var sum float64
	for i := range k {
		x := float64(i - radius)
		k[i] = math.Exp(-0.5 / (sigma * sigma) * x * x)
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	return k, nil
}

// GaussianBlur smooths g with a Gaussian of standard deviation sigma pixels:
// each pixel becomes the average of its neighbourhood weighted by
// exp(-d²/2σ²). The 2-D Gaussian is the product of two 1-D ones, so it is
// done as two passes of GaussianKernel, down the columns and then along the
// rows, (2r+1)·2 products a pixel instead of (2r+1)². Beyond the border the
// image is reflected (see the package's comment).
//
// It equals scikit-image's filters.gaussian(img, sigma, mode='reflect',
// truncate=4.0, preserve_range=True) on a float64 image, to float32
// rounding: the passes run in float64 and the result is rounded once.
func GaussianBlur(g Grey, sigma float64) (Grey, error) {
	if err := g.check(); err != nil {
		return Grey{}, err
	}
	k, err := GaussianKernel(sigma)
	if err != nil {
		return Grey{}, err
	}
	h, w, r := g.Height, g.Width, len(k)/2
	cols := make([]float64, h*w) // After the pass down the columns.
	for y := range h {
		for x := range w {
			var s float64
			for j, kj := range k {
				s += kj * float64(g.Pix[reflect(y+j-r, h)*w+x])
			}
			cols[y*w+x] = s
		}
	}
	out := Grey{Height: h, Width: w, Pix: make([]float32, h*w)}
	for y := range h {
		row := cols[y*w : (y+1)*w]
		for x := range w {
			var s float64
			for j, kj := range k {
				s += kj * row[reflect(x+j-r, w)]
			}
			out.Pix[y*w+x] = float32(s)
		}
	}
	return out, nil
}

// Median replaces each pixel of g with the median of the size×size square
// centred on it, reflected beyond the border (see the package's comment).
// Unlike a blur it removes isolated specks, such as salt-and-pepper noise or
// MaskPixels' zeros, while keeping edges sharp. size must be odd, so that
// the square has a centre and an odd number of values; size 1 returns a copy.
//
// It equals SciPy's ndimage.median_filter(img, size=size, mode='reflect')
// exactly: every output is one of the input's values.
func Median(g Grey, size int) (Grey, error) {
	if err := g.check(); err != nil {
		return Grey{}, err
	}
	if size < 1 || size%2 == 0 {
		return Grey{}, fmt.Errorf("the median's window must be an odd number of pixels wide (1, 3, 5, …), not %d", size)
	}
	h, w, r := g.Height, g.Width, size/2
	out := Grey{Height: h, Width: w, Pix: make([]float32, h*w)}
	window := make([]float32, size*size)
	for y := range h {
		for x := range w {
			n := 0
			for dy := -r; dy <= r; dy++ {
				row := reflect(y+dy, h) * w
				for dx := -r; dx <= r; dx++ {
					window[n] = g.Pix[row+reflect(x+dx, w)]
					n++
				}
			}
			slices.Sort(window)
			out.Pix[y*w+x] = window[len(window)/2]
		}
	}
	return out, nil
}
