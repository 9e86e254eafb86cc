package plots

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// HeatMap is a plotter that colours each grid cell by its value, as one
// image (small in SVG files too).
type HeatMap struct {
	Grid     *Grid
	Colormap Colormap // nil: Viridis.
	Min, Max float64  // Values mapped to the colormap's ends.
	Log      bool     // Logarithmic colour scale, for costs over several orders of magnitude.
}

// NewHeatMap returns a heat map of g over its whole range of values.
func NewHeatMap(g *Grid) (*HeatMap, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	lo, hi := g.MinMax()
	return &HeatMap{Grid: g, Colormap: Viridis, Min: lo, Max: hi}, nil
}

// Fraction maps a value to [0, 1] along the colour scale.
func (h *HeatMap) Fraction(v float64) float64 {
	span := h.Max - h.Min
	if !(span > 0) {
		return 0.5
	}
	t := math.Max(0, math.Min(1, (v-h.Min)/span))
	if h.Log {
		t = math.Log1p(1000*t) / math.Log1p(1000)
	}
	return t
}

// Image returns the heat map as an image, one pixel per grid point, row 0 at
// the top (the largest Y).
func (h *HeatMap) Image() image.Image {
	cm := h.Colormap
	if cm == nil {
		cm = Viridis
	}
	nx, ny := h.Grid.Dims()
	img := image.NewRGBA(image.Rect(0, 0, nx, ny))
	for j := range ny {
		for i := range nx {
			v := h.Grid.Values[j][i]
			c := color.Color(color.RGBA{R: 230, G: 230, B: 230, A: 255})
			if !math.IsNaN(v) {
				c = cm(h.Fraction(v))
			}
			img.Set(i, ny-1-j, c)
		}
	}
	return img
}

// Plot draws the heat map; it implements plot.Plotter.
func (h *HeatMap) Plot(c draw.Canvas, p *plot.Plot) {
	xMin, xMax, yMin, yMax := h.DataRange()
	plotter.NewImage(h.Image(), xMin, yMin, xMax, yMax).Plot(c, p)
}

// DataRange returns the area the cells cover (half a cell beyond the outer
// grid points); it implements plot.DataRanger.
func (h *HeatMap) DataRange() (xMin, xMax, yMin, yMax float64) {
	return cellArea(h.Grid.Xs, h.Grid.Ys)
}

// HeatMapPlot returns a heat map of g (logarithmic colours when log) with
// labelled contour lines at the given levels on top; levels may be nil.
func HeatMapPlot(title, xLabel, yLabel string, g *Grid, levels []float64, log bool) (*plot.Plot, error) {
	h, err := NewHeatMap(g)
	if err != nil {
		return nil, err
	}
	h.Log = log
	p := New(title, xLabel, yLabel)
	p.Add(h)
	if len(levels) > 0 {
		c, err := NewContours(g, levels)
		if err != nil {
			return nil, errorIn(err, "heat map")
		}
		c.Colormap, c.Color = nil, color.NRGBA{R: 255, G: 255, B: 255, A: 190}
		p.Add(c)
	}
	fitAxes(p, g)
	return p, nil
}
