package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Classifier returns the class (0, 1, 2, ...) a model predicts at the point
// (x1, x2); a negative class leaves the point unshaded.
type Classifier func(x1, x2 float64) int

// Regions is a plotter that shades the plane by the class a classifier
// predicts, in light class colours, and draws the decision boundary (where
// the predicted class changes) as a dark line.
type Regions struct {
	Xs, Ys   []float64 // Grid coordinates, increasing.
	Classes  [][]int   // Classes[j][i] is the class predicted at (Xs[i], Ys[j]).
	Lighten  float64   // How much the class colours are mixed with white, 0 to 1.
	Boundary bool      // Draw the decision boundary.
}

// NewRegions asks classify for the class at n×n points of
// [xMin, xMax]×[yMin, yMax]; n of 150 to 300 gives smooth boundaries.
func NewRegions(classify Classifier, xMin, xMax, yMin, yMax float64, n int) (*Regions, error) {
	if classify == nil {
		return nil, fmt.Errorf("plots: NewRegions needs a classifier func(x1, x2 float64) int")
	}
	if !(xMin < xMax) || !(yMin < yMax) || !finite(xMin) || !finite(xMax) || !finite(yMin) || !finite(yMax) {
		return nil, fmt.Errorf("plots: NewRegions needs a finite area with xMin < xMax and yMin < yMax, got [%g, %g]×[%g, %g]", xMin, xMax, yMin, yMax)
	}
	if n < 2 || n > 2000 {
		return nil, fmt.Errorf("plots: NewRegions needs between 2 and 2000 points a side, got %d", n)
	}
	r := &Regions{Xs: linspace(xMin, xMax, n), Ys: linspace(yMin, yMax, n), Classes: make([][]int, n), Lighten: 0.7, Boundary: true}
	for j, y := range r.Ys {
		r.Classes[j] = make([]int, n)
		for i, x := range r.Xs {
			r.Classes[j][i] = classify(x, y)
		}
	}
	return r, nil
}

// ClassAt returns the class shaded at (x, y): the prediction at the nearest
// grid point, or -1 outside the area.
func (r *Regions) ClassAt(x, y float64) int {
	i, okX := nearest(r.Xs, x)
	j, okY := nearest(r.Ys, y)
	if !okX || !okY {
		return -1
	}
	return r.Classes[j][i]
}

// nearest returns the index of the evenly spaced coordinate closest to v.
func nearest(axis []float64, v float64) (int, bool) {
	n := len(axis)
	step := (axis[n-1] - axis[0]) / float64(n-1)
	if v < axis[0]-step/2 || v > axis[n-1]+step/2 || math.IsNaN(v) {
		return 0, false
	}
	return min(n-1, max(0, int(math.Round((v-axis[0])/step)))), true
}

// Counts returns how many grid points each class covers, a rough measure of
// its area.
func (r *Regions) Counts() map[int]int {
	counts := make(map[int]int)
	for _, row := range r.Classes {
		for _, k := range row {
			counts[k]++
		}
	}
	return counts
}

// Plot shades the regions and draws the boundary; it implements plot.Plotter.
func (r *Regions) Plot(c draw.Canvas, p *plot.Plot) {
	nx, ny := len(r.Xs), len(r.Ys)
	img := image.NewRGBA(image.Rect(0, 0, nx, ny))
	maxClass := 0
	for j, row := range r.Classes {
		for i, k := range row {
			col := color.Color(color.White)
			if k >= 0 {
				col = Lighten(ClassColor(k), r.Lighten)
				maxClass = max(maxClass, k)
			}
			img.Set(i, ny-1-j, col)
		}
	}
	xMin, xMax, yMin, yMax := r.DataRange()
	plotter.NewImage(img, xMin, yMin, xMax, yMax).Plot(c, p)
	if !r.Boundary {
		return
	}
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 40}, Width: vg.Points(1.5)}
	// A boundary between classes a and b shows in the indicator grid of a
	// and of b: the last class's grid adds nothing.
	for k := 0; k < maxClass; k++ {
		g := &Grid{Xs: r.Xs, Ys: r.Ys, Values: make([][]float64, ny)}
		for j, row := range r.Classes {
			g.Values[j] = make([]float64, nx)
			for i, cl := range row {
				if cl == k {
					g.Values[j][i] = 1
				}
			}
		}
		lines, err := Isolines(g, 0.5)
		if err != nil {
			continue
		}
		for _, line := range lines {
			c.StrokeLines(sty, c.ClipLinesXY(toCanvas(smooth(line, 2), trX, trY))...)
		}
	}
}

// DataRange returns the shaded area; it implements plot.DataRanger.
func (r *Regions) DataRange() (xMin, xMax, yMin, yMax float64) { return cellArea(r.Xs, r.Ys) }

// DecisionBoundary returns a scatter plot of the data over the regions that
// classify assigns, on the data's range plus a margin of 10%, drawn with
// equal aspect (EqualAspect): the regions fill whatever range that gives.
func DecisionBoundary(title, xLabel, yLabel string, classify Classifier, data Classes) (*plot.Plot, error) {
	if err := data.Validate(); err != nil {
		return nil, err
	}
	if classify == nil {
		return nil, fmt.Errorf("plots: DecisionBoundary needs a classifier func(x1, x2 float64) int")
	}
	xMin, xMax, yMin, yMax := data.bounds()
	mx, my := 0.1*(xMax-xMin), 0.1*(yMax-yMin)
	if mx == 0 {
		mx = 1
	}
	if my == 0 {
		my = 1
	}
	xMin, xMax, yMin, yMax = xMin-mx, xMax+mx, yMin-my, yMax+my
	if _, err := NewRegions(classify, xMin, xMax, yMin, yMax, 2); err != nil {
		return nil, err
	}
	p := New(title, xLabel, yLabel)
	p.Add(regionsOnAxes{classify: classify, n: 300})
	if err := AddClasses(p, data); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xMin, xMax, yMin, yMax
	EqualAspect(p)
	placeLegend(p, data.xys())
	return p, nil
}

// regionsOnAxes shades the regions of classify over the whole range of the
// axes it is drawn on, sampled n×n.
type regionsOnAxes struct {
	classify Classifier
	n        int
}

// Plot implements plot.Plotter.
func (r regionsOnAxes) Plot(c draw.Canvas, p *plot.Plot) {
	// NewRegions' grid points sit on the range's edges, its cells half a
	// cell beyond: sample half a cell inside, so that the image covers the
	// axes exactly.
	dx, dy := (p.X.Max-p.X.Min)/float64(2*r.n), (p.Y.Max-p.Y.Min)/float64(2*r.n)
	if reg, err := NewRegions(r.classify, p.X.Min+dx, p.X.Max-dx, p.Y.Min+dy, p.Y.Max-dy, r.n); err == nil {
		reg.Plot(c, p)
	}
}
