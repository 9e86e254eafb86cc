package convolutions

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// convCase is a grid and a kernel the student's convolution is tried on:
// not square and not symmetric, so that swapped axes and a flipped kernel
// show.
type convCase struct{ img, kernel [][]float64 }

var convCases = []convCase{
	{img: DeckImage, kernel: [][]float64{{1, 2, 0}, {0, -1, 0}, {3, 0, 0}}},
	{img: Grid(4, 6, func(r, c int) float64 { return float64((3*r+5*c)%7) - 2 }), kernel: [][]float64{{0, 1}, {-2, 0}, {1, 1}}},
}

// ConvolutionError checks a student's valid convolution (stride 1, no
// padding; see Convolve2D) and names the usual mistakes: the kernel flipped,
// an output of the wrong size, rows and columns swapped.
func ConvolutionError(candidate func(img, kernel [][]float64) [][]float64) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "the output has len(img)−len(kernel)+1 rows, and output pixel (r, c) reads img[r+i][c+j] for i < len(kernel), j < len(kernel[0]); does an index run past the image?")
	for _, tc := range convCases {
		want, _ := Convolve2D(tc.img, tc.kernel, 1, 0)
		got := candidate(tc.img, tc.kernel)
		h, w, kh, kw := len(tc.img), len(tc.img[0]), len(tc.kernel), len(tc.kernel[0])
		rows, cols := shape(got)
		switch {
		case rows == 0:
			return fmt.Errorf("you return an empty grid: fill in the blank")
		case cols < 0:
			return fmt.Errorf("the rows of your output have different lengths: make each row %d long", w-kw+1)
		case rows == h && cols == w:
			return fmt.Errorf("your output is %d×%d, as large as the image: without padding the %d×%d kernel fits in only (%d−%d+1)×(%d−%d+1) = %d×%d positions", rows, cols, kh, kw, h, kh, w, kw, h-kh+1, w-kw+1)
		case rows == h-kh && cols == w-kw:
			return fmt.Errorf("your output is %d×%d: off by one. The kernel fits at positions 0 to %d, that is %d rows (and %d columns)", rows, cols, h-kh, h-kh+1, w-kw+1)
		case rows == w-kw+1 && cols == h-kh+1 && rows != cols:
			return fmt.Errorf("your output is %d×%d: rows and columns are swapped; make it len(img)−len(kernel)+1 = %d rows of %d", rows, cols, h-kh+1, w-kw+1)
		case rows != h-kh+1 || cols != w-kw+1:
			return fmt.Errorf("your output is %d×%d, want %d×%d (image %d×%d, kernel %d×%d)", rows, cols, h-kh+1, w-kw+1, h, w, kh, kw)
		}
		if gridNear(got, want) {
			continue
		}
		flipped, _ := Convolve2D(tc.img, Flip(tc.kernel), 1, 0)
		r, c := firstDiff(got, want)
		return errors.New(nnlib.Diagnose(got, gridNear, []nnlib.Mistake[[][]float64]{
			{Name: "the kernel flipped", Wrong: flipped, Hint: "you flipped the kernel: that is convolution as mathematicians define it. Networks (and the deck) lay the kernel on the image as it is: kernel[i][j] multiplies img[r+i][c+j]"},
		}, fmt.Sprintf("at output (%d, %d) you have %g, want %g = Σ kernel[i][j]·img[%d+i][%d+j]", r, c, got[r][c], want[r][c], r, c)))
	}
	return nil
}

// OutputSizeError checks a student's output-size formula against nnlib/cnn's
// (cnn.OutputSize, which the course's CNN computes its shapes with) and names
// the usual mistakes: padding forgotten or counted once, the +1 forgotten,
// rounding up, the stride ignored.
func OutputSizeError(candidate func(n, k, stride, padding int) int) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	cases := [][4]int{{28, 3, 1, 0}, {28, 3, 1, 1}, {7, 3, 2, 1}, {10, 3, 2, 0}, {6, 2, 2, 0}, {32, 5, 1, 2}, {9, 4, 3, 1}}
	for _, c := range cases {
		n, k, s, p := c[0], c[1], c[2], c[3]
		want, got := cnn.OutputSize(n, k, s, p), candidate(n, k, s, p)
		if got == want {
			continue
		}
		if got == 0 {
			return fmt.Errorf("you return 0 (for n=%d, k=%d, stride=%d, padding=%d the output has %d values): fill in the blank", n, k, s, p, want)
		}
		hint := nnlib.Diagnose(got, func(a, b int) bool { return a == b }, []nnlib.Mistake[int]{
			{Name: "no padding", Wrong: cnn.OutputSize(n, k, s, 0), Hint: "you forget the padding: it adds padding pixels on both sides, so the padded image has n + 2·padding pixels"},
			{Name: "padding once", Wrong: (n+p-k)/s + 1, Hint: "the padding goes on both sides: n + 2·padding, not n + padding"},
			{Name: "no +1", Wrong: (n + 2*p - k) / s, Hint: "off by one: the first position counts too, so add 1 to ⌊(n + 2p − k)/s⌋"},
			{Name: "rounded up", Wrong: int(math.Ceil(float64(n+2*p-k)/float64(s))) + 1, Hint: "round down: a last position where the kernel would stick out of the (padded) image does not count"},
			{Name: "no stride", Wrong: n + 2*p - k + 1, Hint: "you ignore the stride: the kernel moves stride pixels at a time, so divide (n + 2p − k) by the stride"},
		}, fmt.Sprintf("want ⌊(n + 2·padding − k)/stride⌋ + 1 = ⌊(%d + %d − %d)/%d⌋ + 1 = %d", n, 2*p, k, s, want))
		return fmt.Errorf("for n=%d, k=%d, stride=%d, padding=%d you return %d, want %d: %s", n, k, s, p, got, want, hint)
	}
	return nil
}

// MaxPoolError checks a student's 2×2 max-pooling with stride 2 (see
// MaxPool) and names the usual mistakes: the mean instead of the maximum,
// overlapping windows (stride 1), a partial window kept at an odd edge.
func MaxPoolError(candidate func(img [][]float64) [][]float64) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "a 5-row image has 2 windows of 2 rows (rows 2r and 2r+1); does an index run past the image?")
	grids := [][][]float64{
		{{1, 3, 2, 0}, {4, -1, 5, 6}, {7, 8, 0, 1}, {2, 9, 3, 3}},
		Grid(5, 6, func(r, c int) float64 { return float64((7*r+3*c)%11) - 4 }), // Odd height: the last row is left out.
	}
	for _, img := range grids {
		want, _ := MaxPool(img, 2, 2)
		got := candidate(img)
		rows, cols := shape(got)
		h, w := len(img), len(img[0])
		switch {
		case rows == 0:
			return fmt.Errorf("you return an empty grid: fill in the blank")
		case cols < 0:
			return fmt.Errorf("the rows of your output have different lengths")
		case rows == h-1 && cols == w-1:
			return fmt.Errorf("your output is %d×%d: the windows overlap (stride 1). Pooling 2×2 with stride 2 takes rows 2r, 2r+1 and columns 2c, 2c+1: a %d×%d output", rows, cols, h/2, w/2)
		case rows == (h+1)/2 && cols == (w+1)/2 && (h%2 == 1 || w%2 == 1):
			return fmt.Errorf("your output is %d×%d: a %d-row image has only %d whole windows of 2 rows; the last, incomplete one is left out", rows, cols, h, h/2)
		case rows != h/2 || cols != w/2:
			return fmt.Errorf("your output is %d×%d, want %d×%d for a %d×%d image", rows, cols, h/2, w/2, h, w)
		}
		if gridNear(got, want) {
			continue
		}
		mean := Grid(h/2, w/2, func(r, c int) float64 {
			return (img[2*r][2*c] + img[2*r][2*c+1] + img[2*r+1][2*c] + img[2*r+1][2*c+1]) / 4
		})
		minimum := Grid(h/2, w/2, func(r, c int) float64 {
			return math.Min(math.Min(img[2*r][2*c], img[2*r][2*c+1]), math.Min(img[2*r+1][2*c], img[2*r+1][2*c+1]))
		})
		first := Grid(h/2, w/2, func(r, c int) float64 { return img[2*r][2*c] })
		r, c := firstDiff(got, want)
		return errors.New(nnlib.Diagnose(got, gridNear, []nnlib.Mistake[[][]float64]{
			{Name: "the mean", Wrong: mean, Hint: "that is average pooling: keep the largest of the four values, not their mean"},
			{Name: "the minimum", Wrong: minimum, Hint: "you keep the smallest value: max-pooling keeps the largest"},
			{Name: "the top-left value", Wrong: first, Hint: "you keep the window's top-left value: compare all four, img[2r][2c], img[2r][2c+1], img[2r+1][2c] and img[2r+1][2c+1]"},
		}, fmt.Sprintf("at output (%d, %d) you have %g, want %g, the largest of rows %d–%d, columns %d–%d", r, c, got[r][c], want[r][c], 2*r, 2*r+1, 2*c, 2*c+1)))
	}
	return nil
}

// shape returns the rows and columns of g; cols is -1 if rows differ in length.
func shape(g [][]float64) (rows, cols int) {
	if len(g) == 0 || len(g[0]) == 0 {
		return 0, 0
	}
	for _, row := range g {
		if len(row) != len(g[0]) {
			return len(g), -1
		}
	}
	return len(g), len(g[0])
}

// gridNear reports whether a and b have the same shape and values (to 1e-9).
func gridNear(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for r := range a {
		if len(a[r]) != len(b[r]) {
			return false
		}
		for c := range a[r] {
			if math.Abs(a[r][c]-b[r][c]) > 1e-9 {
				return false
			}
		}
	}
	return true
}

// firstDiff returns the first position where two grids of the same shape differ.
func firstDiff(a, b [][]float64) (int, int) {
	for r := range a {
		for c := range a[r] {
			if math.Abs(a[r][c]-b[r][c]) > 1e-9 {
				return r, c
			}
		}
	}
	return 0, 0
}

// ConvPoolShapeError checks a student's shape tracing through one stage of
// the CNN: a 3×3 convolution with filters kernels, stride 1 and the given
// padding, then 2×2 max-pooling with stride 2, from an input of h×w×c. The
// expected shape is measured, not computed by formula: the lesson's plain-Go
// Convolve2D and MaxPool run on an image of that size and their output is
// counted. The hints name the usual mistakes: the depth kept from the
// input, the pooling forgotten, the pooled size rounded up, the padding
// ignored.
func ConvPoolShapeError(candidate func(h, w, c, filters, padding int) (int, int, int)) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	cases := [][5]int{{28, 28, 1, 32, 1}, {14, 14, 32, 64, 1}, {28, 28, 1, 32, 0}, {13, 13, 32, 64, 0}, {9, 12, 3, 8, 1}}
	for _, tc := range cases {
		h, w, c, filters, p := tc[0], tc[1], tc[2], tc[3], tc[4]
		wantH, wantW, err := measuredConvPool(h, w, p)
		if err != nil {
			return err
		}
		gh, gw, gc := candidate(h, w, c, filters, p)
		if gh == wantH && gw == wantW && gc == filters {
			continue
		}
		got := fmt.Sprintf("%d×%d×%d", gh, gw, gc)
		want := fmt.Sprintf("%d×%d×%d", wantH, wantW, filters)
		convH, convW := h+2*p-2, w+2*p-2
		var hint string
		switch {
		case gh == h && gw == w && gc == c:
			hint = "you return the input's shape: fill in the blank"
		case gc == c && c != filters:
			hint = "the depth after a convolution is its number of filters, not the input's depth: each filter makes one feature map"
		case gc == filters/2 || gc == filters/4:
			hint = "pooling shrinks the height and the width, not the depth: every feature map is pooled on its own"
		case gh == convH && gw == convW:
			hint = "that is the shape after the convolution: the 2×2 pooling with stride 2 then halves the height and the width"
		case gh == (convH+1)/2 && gw == (convW+1)/2:
			hint = "round down: pooling leaves out an odd last row or column, which has no complete 2×2 window"
		case gh == (h-2)/2 && gw == (w-2)/2 && p > 0:
			hint = "you ignore the padding: with padding p the convolution's output has n + 2p − 3 + 1 values along an axis (your outputSize)"
		case gh == h/2 && gw == w/2 && p == 0:
			hint = "without padding a 3×3 convolution loses a pixel on each side: n − 2 values, before the pooling"
		default:
			hint = "the convolution first (your outputSize with k = 3, stride 1), then the pooling halves, rounding down"
		}
		return fmt.Errorf("from %d×%d×%d with %d filters and padding %d you return %s, want %s: %s", h, w, c, filters, p, got, want, hint)
	}
	return nil
}

// measuredConvPool is the height and width after a 3×3 convolution (stride
// 1, padding p) and 2×2 max-pooling of an h×w image, found by running both.
func measuredConvPool(h, w, p int) (int, int, error) {
	img := Grid(h, w, func(r, c int) float64 { return 0 })
	out, err := Convolve2D(img, EdgeDetection, 1, p)
	if err != nil {
		return 0, 0, err
	}
	pooled, err := MaxPool(out, 2, 2)
	if err != nil {
		return 0, 0, err
	}
	rows, cols := shape(pooled)
	return rows, cols, nil
}
