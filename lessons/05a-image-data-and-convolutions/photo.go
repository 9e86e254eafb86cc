package convolutions

import (
	"math"
	"slices"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"gonum.org/v1/plot/vg"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// PhotoName is the lesson's photograph: Chelsea the cat, 451×300 pixels.
const PhotoName = "chelsea"

// photoAspect is the photograph's aspect ratio, height / width, for the
// heights of the figures that show it (plots.GridHeight).
const photoAspect = 300.0 / 451

// Gray is a grey image as a matrix: Pixels[r][c] in [0, 1], 0 black.
type Gray struct {
	Name   string
	Pixels [][]float64
}

// Height and Width are the size of the image.
func (g Gray) Height() int { return len(g.Pixels) }

// Width is the number of columns.
func (g Gray) Width() int { return len(g.Pixels[0]) }

// GrayOf returns the photograph in grey levels (0.299 R + 0.587 G + 0.114 B).
func GrayOf(p *data.Photo) Gray {
	flat := p.Gray()
	return Gray{Name: p.Name, Pixels: Grid(p.Height, p.Width, func(r, c int) float64 { return float64(flat[r*p.Width+c]) })}
}

// Channel returns channel c (0 red, 1 green, 2 blue) of the photograph as a
// grey image: how strong that colour is at each pixel.
func Channel(p *data.Photo, c int) Gray {
	names := []string{"red", "green", "blue"}
	return Gray{Name: names[c], Pixels: Grid(p.Height, p.Width, func(r, col int) float64 { return float64(p.At(r, col, c)) })}
}

// Image returns the grey image for plots, black at lo and white at hi
// (both 0 for [0, 1]).
func (g Gray) Image(label string, lo, hi float64) plots.Image {
	im := plots.Image{Height: g.Height(), Width: g.Width(), Channels: 1, Label: label, Min: lo, Max: hi}
	for _, row := range g.Pixels {
		im.Pixels = append(im.Pixels, row...)
	}
	return im
}

// Crop returns the size×size block of pixels whose top-left corner is
// (top, left), scaled to 0–255 and rounded, as the numbers a file stores.
func (g Gray) Crop(top, left, size int) [][]float64 {
	return Grid(size, size, func(r, c int) float64 { return math.Round(255 * g.Pixels[top+r][left+c]) })
}

// PhotoImage returns the photograph in colour for plots.
func PhotoImage(p *data.Photo, label string) plots.Image {
	im := plots.Image{Height: p.Height, Width: p.Width, Channels: 3, Label: label, Pixels: make([]float64, len(p.Pix))}
	for i, v := range p.Pix {
		im.Pixels[i] = float64(v)
	}
	return im
}

// Tinted returns channel c of the photograph alone, in its own colour: the
// other two channels set to 0.
func Tinted(p *data.Photo, c int, label string) plots.Image {
	im := PhotoImage(p, label)
	for i := range im.Pixels {
		if i%3 != c {
			im.Pixels[i] = 0
		}
	}
	return im
}

// SignedImage shows a filtered image whose values have both signs: mid-grey
// is 0, white positive, black negative, the scale clipped at the 95th
// percentile of |value| so that the strongest few pixels do not wash out the
// rest (an edge filter's output is near 0 almost everywhere).
func SignedImage(values [][]float64, label string) plots.Image {
	var abs []float64
	for _, row := range values {
		for _, v := range row {
			abs = append(abs, math.Abs(v))
		}
	}
	slices.Sort(abs)
	peak := abs[int(0.95*float64(len(abs)-1))]
	if peak == 0 {
		peak = 1
	}
	return Gray{Pixels: values}.Image(label, -peak, peak)
}

// ApplyKernel convolves the grey image with kernel on a GoMLX backend with
// nnlib/cnn's Conv2D (stride 1, padding so that the output keeps the image's
// size for odd kernels), in the formulation the backend prefers.
func ApplyKernel(backend compute.Backend, img Gray, kernel [][]float64) (out [][]float64, err error) {
	if err := checkGrid("the kernel", kernel); err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	h, w, kh, kw := img.Height(), img.Width(), len(kernel), len(kernel[0])
	pixels := make([]float32, 0, h*w)
	for _, row := range img.Pixels {
		for _, v := range row {
			pixels = append(pixels, float32(v))
		}
	}
	k := make([]float32, 0, kh*kw)
	for _, row := range kernel {
		for _, v := range row {
			k = append(k, float32(v))
		}
	}
	result, err := graph.CallOnce(backend, func(x, k *graph.Node) *graph.Node {
		return cnn.Conv2D(x, k, 1, kh/2, cnn.Auto)
	}, tensors.FromFlatDataAndDimensions(pixels, 1, h, w, 1), tensors.FromFlatDataAndDimensions(k, kh, kw, 1, 1))
	if err != nil {
		return nil, err
	}
	values, err := tensors.CopyFlatData[float32](result)
	if err != nil {
		return nil, err
	}
	d := result.Shape().Dimensions
	return Grid(d[1], d[2], func(r, c int) float64 { return float64(values[r*d[2]+c]) }), nil
}

// Pad returns g with padding rows and columns of zeros around it.
func Pad(g [][]float64, padding int) [][]float64 {
	return Grid(len(g)+2*padding, len(g[0])+2*padding, func(r, c int) float64 {
		r, c = r-padding, c-padding
		if r < 0 || r >= len(g) || c < 0 || c >= len(g[0]) {
			return 0
		}
		return g[r][c]
	})
}

// MaxDiff is the largest absolute difference between two grids of the same
// shape (+Inf if their shapes differ).
func MaxDiff(a, b [][]float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var worst float64
	for r := range a {
		if len(a[r]) != len(b[r]) {
			return math.Inf(1)
		}
		for c := range a[r] {
			worst = math.Max(worst, math.Abs(a[r][c]-b[r][c]))
		}
	}
	return worst
}

// ShowSmall shows a few small images in a row, 4 cm wide each.
func ShowSmall(title string, images []plots.Image) error {
	p, err := plots.ImageGrid(title, images, len(images))
	if err != nil {
		return err
	}
	w := 4 * vg.Centimeter * vg.Length(len(images))
	return plots.ShowSized(p, w, 5*vg.Centimeter)
}
