package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Classes is a labelled 2-D data set: point i is Points[i] = {x1, x2} and
// belongs to class Labels[i] (0, 1, 2, ...).
type Classes struct {
	Points [][]float64
	Labels []int
	Names  []string // Legend name of each class; nil: "class 0", "class 1", ...
}

// Validate reports what is wrong with c, if anything.
func (c Classes) Validate() error {
	if len(c.Points) == 0 {
		return fmt.Errorf("plots: no points: Classes.Points needs one {x1, x2} pair per example")
	}
	if len(c.Labels) != len(c.Points) {
		return fmt.Errorf("plots: %d points and %d labels: Classes needs one label per point", len(c.Points), len(c.Labels))
	}
	for i, pt := range c.Points {
		if len(pt) != 2 {
			return fmt.Errorf("plots: point %d has %d coordinates: each point must be a pair {x1, x2}", i, len(pt))
		}
		if !finite(pt[0]) || !finite(pt[1]) {
			return fmt.Errorf("plots: point %d is %v: coordinates must be finite numbers", i, pt)
		}
		if c.Labels[i] < 0 {
			return fmt.Errorf("plots: point %d has label %d: labels are class numbers 0, 1, 2, …", i, c.Labels[i])
		}
	}
	return nil
}

// NumClasses returns one more than the largest label, or len(Names) if more.
func (c Classes) NumClasses() int {
	n := len(c.Names)
	for _, l := range c.Labels {
		n = max(n, l+1)
	}
	return n
}

// Name returns the legend name of class k.
func (c Classes) Name(k int) string {
	if k < len(c.Names) {
		return c.Names[k]
	}
	return fmt.Sprintf("class %d", k)
}

// xys returns the points as plotter.XYs.
func (c Classes) xys() plotter.XYs {
	xys := make(plotter.XYs, len(c.Points))
	for i, pt := range c.Points {
		xys[i] = plotter.XY{X: pt[0], Y: pt[1]}
	}
	return xys
}

// bounds returns the range of the points.
func (c Classes) bounds() (xMin, xMax, yMin, yMax float64) {
	xMin, yMin = math.Inf(1), math.Inf(1)
	xMax, yMax = math.Inf(-1), math.Inf(-1)
	for _, pt := range c.Points {
		xMin, xMax = math.Min(xMin, pt[0]), math.Max(xMax, pt[0])
		yMin, yMax = math.Min(yMin, pt[1]), math.Max(yMax, pt[1])
	}
	return xMin, xMax, yMin, yMax
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// classShapes differ by shape as well as colour, for black-and-white prints:
// a filled shape and its outline.
var classShapes = [][2]draw.GlyphDrawer{
	{draw.CircleGlyph{}, draw.RingGlyph{}},
	{draw.PyramidGlyph{}, draw.TriangleGlyph{}},
	{draw.BoxGlyph{}, draw.SquareGlyph{}},
}

// outlinedGlyph is a filled marker with a dark edge, visible on any
// background (such as shaded decision regions).
type outlinedGlyph struct{ fill, edge draw.GlyphDrawer }

// DrawGlyph draws the marker; it implements draw.GlyphDrawer.
func (g outlinedGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	g.fill.DrawGlyph(c, sty, pt)
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 30}, Width: vg.Points(0.6)})
	g.edge.DrawGlyph(c, draw.GlyphStyle{Color: color.Gray{Y: 30}, Radius: sty.Radius}, pt)
}

// ClassGlyph returns the marker style of class k in scatter plots.
func ClassGlyph(k int) draw.GlyphStyle {
	s := classShapes[k%len(classShapes)]
	return draw.GlyphStyle{Color: ClassColor(k), Radius: vg.Points(3.5), Shape: outlinedGlyph{fill: s[0], edge: s[1]}}
}

// AddClasses adds one scatter plotter per class to p, each in its colour and
// marker shape, with a legend entry.
func AddClasses(p *plot.Plot, c Classes) error {
	if p == nil {
		return fmt.Errorf("plots: AddClasses needs a plot: make one with plots.New")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	for k := range c.NumClasses() {
		var xys plotter.XYs
		for i, pt := range c.Points {
			if c.Labels[i] == k {
				xys = append(xys, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		if len(xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return errorIn(err, "class %d", k)
		}
		s.GlyphStyle = ClassGlyph(k)
		p.Add(s)
		p.Legend.Add(c.Name(k), s)
	}
	return nil
}

// Scatter returns a scatter plot of the points, coloured by class.
func Scatter(title, xLabel, yLabel string, c Classes) (*plot.Plot, error) {
	p := New(title, xLabel, yLabel)
	if err := AddClasses(p, c); err != nil {
		return nil, err
	}
	padAxes(p, 0.05)
	placeLegend(p, c.xys())
	return p, nil
}
