package convolutions

import (
	"fmt"
	"math"
	"sort"

	"github.com/gomlx/compute"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// FiltersFigure shows the 3×3 kernels of the network's first layer on one
// blue–white–red scale (blue negative, red positive), 8 a row, with the
// scale's colour bar.
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
	grid, err := plots.InGrid(fmt.Sprintf("The first layer's %d filters (3×3 weights)", len(kernels)), 8, cells...)
	if err != nil {
		return nil, err
	}
	return plots.ColorBar(grid, &plots.HeatMap{Colormap: plots.Diverging, Min: -peak, Max: peak}, "weight")
}

// SquareGridHeight is the height of a grid of n square images on cols
// columns at the default width.
func SquareGridHeight(n, cols int) vg.Length {
	h, _ := plots.GridHeight(n, cols, 1)
	return h
}

// ShowFeatureMaps shows the chosen feature maps of one stage (indexes from
// 0, named from 1), on cols columns, each scaled to its own range (bright:
// strong activation).
func ShowFeatureMaps(title string, fm cnn.FeatureMaps, maps []int, cols int) error {
	chosen := make([][][]float64, 0, len(maps))
	names := make([]string, 0, len(maps))
	for _, m := range maps {
		if m < 0 || m >= len(fm.Maps) {
			return fmt.Errorf("there is no feature map %d: the layer has %d", m+1, len(fm.Maps))
		}
		chosen = append(chosen, fm.Maps[m])
		names = append(names, fmt.Sprint(m+1))
	}
	p, err := plots.FeatureMaps(title, chosen, names, cols)
	if err != nil {
		return err
	}
	return plots.ShowSized(p, plots.Width, SquareGridHeight(len(maps), cols))
}

// MostActive returns the indexes of the n feature maps with the largest
// mean activation, strongest first: the features this image has most of.
func MostActive(fm cnn.FeatureMaps, n int) []int {
	mean := make([]float64, len(fm.Maps))
	for k, m := range fm.Maps {
		count := 0
		for _, row := range m {
			for _, v := range row {
				mean[k] += v
				count++
			}
		}
		if count > 0 {
			mean[k] /= float64(count)
		}
	}
	order := make([]int, len(mean))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return mean[order[a]] > mean[order[b]] })
	return order[:min(n, len(order))]
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

// Dim counts the feature maps whose strongest value stays below fraction of
// the strongest value of any map of the layer: filters that found little or
// nothing of their feature in the image.
func Dim(fm cnn.FeatureMaps, fraction float64) int {
	peaks := make([]float64, len(fm.Maps))
	top := 0.0
	for k, m := range fm.Maps {
		for _, row := range m {
			for _, v := range row {
				peaks[k] = math.Max(peaks[k], v)
			}
		}
		top = math.Max(top, peaks[k])
	}
	n := 0
	for _, p := range peaks {
		if p < fraction*top || top == 0 {
			n++
		}
	}
	return n
}

// ClassErrors is how a classifier does on one class: the share of its
// examples it gets right, and the class it most often answers instead, with
// how many times.
type ClassErrors struct {
	Class    int
	Accuracy float64
	Confused int
	Count    int
}

// HardestClasses returns the n classes of a confusion matrix (rows: true
// class, columns: prediction; see plots.Confusion) with the lowest share of
// right answers, the hardest first.
func HardestClasses(counts [][]int, n int) []ClassErrors {
	var out []ClassErrors
	for k, row := range counts {
		total := 0
		e := ClassErrors{Class: k, Confused: -1}
		for j, c := range row {
			total += c
			if j != k && c > e.Count {
				e.Confused, e.Count = j, c
			}
		}
		if total == 0 {
			continue
		}
		e.Accuracy = float64(row[k]) / float64(total)
		if e.Confused < 0 {
			e.Confused = k
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Accuracy < out[b].Accuracy })
	return out[:min(n, len(out))]
}
