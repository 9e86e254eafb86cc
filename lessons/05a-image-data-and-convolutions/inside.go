package convolutions

import (
	"fmt"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx/compute"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// FiltersFigure shows the 3×3 kernels of the network's first layer on one
// blue–white–red scale (blue negative, red positive), 8 a row.
func FiltersFigure(net cnn.Net) (*plot.Plot, error) {
	kernels, err := net.Filters(1, 0)
	if err != nil {
		return nil, err
	}
	peak := 0.0
	for _, k := range kernels {
		for _, row := range k {
			for _, v := range row {
				peak = math.Max(peak, math.Abs(v))
			}
		}
	}
	if peak == 0 {
		peak = 1
	}
	cells := make([]*plot.Plot, len(kernels))
	for i, k := range kernels {
		m, err := plots.NewMatrix(k)
		if err != nil {
			return nil, err
		}
		m.Colormap, m.Min, m.Max, m.ShowValues = plots.Diverging, -peak, peak, false
		if cells[i], err = m.Figure(fmt.Sprint(i + 1)); err != nil {
			return nil, err
		}
	}
	return plots.InGrid(fmt.Sprintf("The first layer's %d filters (3×3; blue negative, red positive)", len(kernels)), 8, cells...)
}

// SquareGridHeight is the height of a grid of n square images on cols
// columns at the default width.
func SquareGridHeight(n, cols int) vg.Length {
	h, _ := plots.GridHeight(n, cols, 1)
	return h
}

// ShowFeatureMaps shows the first count feature maps of one stage, on cols
// columns, each scaled to its own range (bright: strong activation).
func ShowFeatureMaps(title string, fm cnn.FeatureMaps, count, cols int) error {
	count = min(count, len(fm.Maps))
	names := make([]string, count)
	for i := range names {
		names[i] = fmt.Sprint(i + 1)
	}
	p, err := plots.FeatureMaps(title, fm.Maps[:count], names, cols)
	if err != nil {
		return err
	}
	return plots.ShowSized(p, plots.Width, SquareGridHeight(count, cols))
}

// EvenlySpaced returns n indexes spread evenly over 0..total-1: a fixed
// "random subset" of feature maps.
func EvenlySpaced(n, total int) []int {
	n = min(n, total)
	out := make([]int, n)
	for i := range out {
		out[i] = i * total / n
	}
	return out
}

// PatchImages lays out the top patches of each feature map as one row of
// images, titled with the map (first column) and each patch's activation.
func PatchImages(patches [][]cnn.Patch) []plots.Image {
	var images []plots.Image
	for _, row := range patches {
		for j, p := range row {
			label := fmt.Sprintf("%.1f", p.Activation)
			if j == 0 {
				label = fmt.Sprintf("map %d", p.Map+1)
			}
			images = append(images, plots.Image{Pixels: p.Pixels, Height: p.Size, Width: p.Size, Channels: 1, Label: label})
		}
	}
	return images
}

// ShowTopPatches shows the top patches of each feature map, one map a row.
func ShowTopPatches(title string, patches [][]cnn.Patch) error {
	if len(patches) == 0 || len(patches[0]) == 0 {
		return fmt.Errorf("no patches to show")
	}
	images := PatchImages(patches)
	cols := len(patches[0])
	p, err := plots.ImageGrid(title, images, cols)
	if err != nil {
		return err
	}
	return plots.ShowSized(p, plots.Width, SquareGridHeight(len(images), cols))
}

// Mistakes returns up to n test images the network classifies wrongly,
// titled "true class → prediction".
func Mistakes(backend compute.Backend, net cnn.Net, test *data.Dataset, n int) ([]plots.Image, error) {
	pred, err := net.Predict(backend, test, cnn.Auto)
	if err != nil {
		return nil, err
	}
	var images []plots.Image
	for i, p := range pred {
		if p == test.Labels[i] {
			continue
		}
		im := plots.Image{Height: 28, Width: 28, Channels: 1, Label: ShortName(test.Labels[i]), Prediction: ShortName(p)}
		for _, v := range test.Row(i) {
			im.Pixels = append(im.Pixels, float64(v))
		}
		images = append(images, im)
		if len(images) == n {
			break
		}
	}
	if len(images) == 0 {
		return nil, fmt.Errorf("the network makes no mistake on these %d images", test.Len())
	}
	return images, nil
}

// ShortNames are short names of Fashion-MNIST's classes, to fit under small images.
var ShortNames = []string{"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"}

// ShortName names Fashion-MNIST's class k.
func ShortName(k int) string {
	if k >= 0 && k < len(ShortNames) {
		return ShortNames[k]
	}
	return fmt.Sprintf("class %d", k)
}
