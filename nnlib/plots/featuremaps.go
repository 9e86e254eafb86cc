package plots

import (
	"fmt"

	"gonum.org/v1/plot"
)

// FeatureMaps returns a figure of a convolution layer's feature maps (one
// matrix of activations each) on a grid of cols columns (0 to suit a 16:10
// figure), each in grayscale scaled to its own range: bright is a strong
// activation. names may be nil for "map 1", "map 2", ...
func FeatureMaps(title string, maps [][][]float64, names []string, cols int) (*plot.Plot, error) {
	if len(maps) == 0 {
		return nil, fmt.Errorf("plots: no feature maps to show")
	}
	if names != nil && len(names) != len(maps) {
		return nil, fmt.Errorf("plots: %d feature maps and %d names: give one name per map, or nil", len(maps), len(names))
	}
	images := make([]Image, len(maps))
	for i, m := range maps {
		h, w, err := matrixShape(m)
		if err != nil {
			return nil, errorIn(err, "feature map %d", i)
		}
		im := Image{Height: h, Width: w, Channels: 1, Pixels: make([]float64, 0, h*w), Label: fmt.Sprintf("map %d", i+1)}
		if names != nil {
			im.Label = names[i]
		}
		for _, row := range m {
			im.Pixels = append(im.Pixels, row...)
		}
		im.Min, im.Max = valueRange(m)
		if !(im.Min < im.Max) { // Constant or empty map: show it mid-gray.
			im.Min, im.Max = -1, 1
			for j := range im.Pixels {
				im.Pixels[j] = 0
			}
		}
		images[i] = im
	}
	return ImageGrid(title, images, cols)
}
