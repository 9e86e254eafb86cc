package neuralnets

import (
	"fmt"
	"slices"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// FashionClasses are the four Fashion-MNIST classes that stand in for the
// deck's pedestrian, car, motorcycle and truck: two kinds of clothes and two
// kinds of shoes, so that some pairs are easy to tell apart and some less.
var FashionClasses = []int{0, 1, 7, 9} // T-shirt/top, Trouser, Sneaker, Ankle boot.

// FashionNames are the short names Fashion4 gives FashionClasses, to fit
// under small images.
var FashionNames = []string{"T-shirt", "Trouser", "Sneaker", "Boot"}

// Fashion4 loads the first perClass images of each of FashionClasses from a
// part of Fashion-MNIST (perClass ≤ 0: all of them), flattened to 784
// pixels, labelled 0 to 3 in the order of FashionClasses and named by
// FashionNames.
func Fashion4(part data.Part, perClass int) (*data.Dataset, error) {
	full, err := data.FashionMNIST(part)
	if err != nil {
		return nil, err
	}
	label := make(map[int]int, len(FashionClasses))
	for k, c := range FashionClasses {
		label[c] = k
	}
	count := make([]int, len(FashionClasses))
	var keep []int
	for i, l := range full.Labels {
		k, ok := label[l]
		if ok && (perClass <= 0 || count[k] < perClass) {
			keep = append(keep, i)
			count[k]++
		}
	}
	d, err := full.Subset(keep)
	if err != nil {
		return nil, err
	}
	for i, l := range d.Labels {
		d.Labels[i] = label[l]
	}
	d.Name = fmt.Sprintf("Fashion-MNIST %s, 4 classes", part)
	d.ClassNames = slices.Clone(FashionNames)
	d.Flatten()
	return d, nil
}

// Gallery returns the images of a 28×28 data set at the given indexes, each
// titled with its class and the class the network predicts (mistakes show
// in red, titled "class → prediction").
func Gallery(d *data.Dataset, net mlp.Net, indexes []int) ([]plots.Image, error) {
	if d.Dim() != 28*28 {
		return nil, fmt.Errorf("%s has %d pixels per image, not 28×28", d.Name, d.Dim())
	}
	images := make([]plots.Image, len(indexes))
	for k, i := range indexes {
		if i < 0 || i >= d.Len() {
			return nil, fmt.Errorf("image %d is out of range: %s has %d", i, d.Name, d.Len())
		}
		pixels := pixelsOf(d, i)
		h, err := net.Forward(pixels)
		if err != nil {
			return nil, err
		}
		images[k] = plots.Image{
			Pixels: pixels, Height: 28, Width: 28, Channels: 1,
			Label:      className(d, d.Labels[i]),
			Prediction: className(d, mlp.ClassOf(h)),
		}
	}
	return images, nil
}

// Mistakes returns the indexes of the first n examples of d that the
// network classifies wrongly.
func Mistakes(d *data.Dataset, net mlp.Net, n int) []int {
	var out []int
	for i := 0; i < d.Len() && len(out) < n; i++ {
		if net.Classify(pixelsOf(d, i)) != d.Labels[i] {
			out = append(out, i)
		}
	}
	return out
}

// pixelsOf returns example i of d as float64.
func pixelsOf(d *data.Dataset, i int) []float64 {
	row := d.Row(i)
	out := make([]float64, len(row))
	for j, v := range row {
		out[j] = float64(v)
	}
	return out
}

// className names class k of d, or "class k" without names.
func className(d *data.Dataset, k int) string {
	if k >= 0 && k < len(d.ClassNames) {
		return d.ClassNames[k]
	}
	return fmt.Sprintf("class %d", k)
}
