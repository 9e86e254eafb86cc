package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Contours is a plotter of contour lines (isolines) of a grid, each level in
// its colour and, optionally, labelled with its value.
type Contours struct {
	Grid     *Grid
	Levels   []float64   // Increasing values; see Levels and GeometricLevels.
	Colormap Colormap    // Colours the levels, low to high; nil: Color for all.
	Color    color.Color // Used when Colormap is nil.
	Width    vg.Length   // Line width.
	Labels   bool        // Write each level's value on one of its lines.
	Avoid    plotter.XYs // Points labels keep away from, such as a trajectory.

	lines [][]plotter.XYs // lines[k]: the isolines of Levels[k].
}

// darkViridis is Viridis without its pale yellow end, legible on white.
func darkViridis(t float64) color.Color { return Viridis(0.85 * t) }

// NewContours computes the isolines of g at the given levels. The result is
// coloured by level (Viridis) and labelled.
func NewContours(g *Grid, levels []float64) (*Contours, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("plots: contours need at least one level; try plots.Levels(min, max, 10)")
	}
	for k, l := range levels {
		if !finite(l) || (k > 0 && !(l > levels[k-1])) {
			return nil, fmt.Errorf("plots: contour levels must be finite and increasing, got %v", levels)
		}
	}
	c := &Contours{
		Grid: g, Levels: append([]float64(nil), levels...), Colormap: darkViridis,
		Color: color.Black, Width: vg.Points(1.3), Labels: true,
		lines: make([][]plotter.XYs, len(levels)),
	}
	for k, l := range levels {
		lines, err := Isolines(g, l)
		if err != nil {
			return nil, err
		}
		c.lines[k] = lines
	}
	return c, nil
}

// Lines returns the isolines of level number k (of Levels).
func (c *Contours) Lines(k int) []plotter.XYs {
	if k < 0 || k >= len(c.lines) {
		return nil
	}
	return c.lines[k]
}

// color returns the colour of level k.
func (c *Contours) color(k int) color.Color {
	if c.Colormap == nil {
		return c.Color
	}
	if len(c.Levels) == 1 {
		return c.Colormap(0)
	}
	return c.Colormap(float64(k) / float64(len(c.Levels)-1))
}

// Plot draws the contour lines; it implements plot.Plotter.
func (c *Contours) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	for k, lines := range c.lines {
		sty := draw.LineStyle{Color: c.color(k), Width: c.Width}
		for _, line := range lines {
			dc.StrokeLines(sty, dc.ClipLinesXY(toCanvas(line, trX, trY))...)
		}
	}
	if c.Labels {
		c.drawLabels(dc, p, trX, trY)
	}
}

// drawLabels writes each level's value on one of its lines, at the place
// farthest from the labels already written and from the Avoid points.
func (c *Contours) drawLabels(dc draw.Canvas, p *plot.Plot, trX, trY func(float64) vg.Length) {
	legend, hasLegend := legendRect(dc, &p.Legend)
	taken := toCanvas(c.Avoid, trX, trY)
	margin := 0.6 * vg.Centimeter
	for k, lines := range c.lines {
		best, bestScore := vg.Point{}, vg.Length(-1)
		for _, line := range lines {
			pts := toCanvas(line, trX, trY)
			if pathLength(pts) < 2*vg.Centimeter {
				continue
			}
			for f := 0.05; f < 1; f += 0.1 {
				at := pointAlong(pts, f)
				if at.X < dc.Min.X+margin || at.X > dc.Max.X-margin || at.Y < dc.Min.Y+margin/2 || at.Y > dc.Max.Y-margin/2 {
					continue
				}
				if hasLegend && at.X > legend.Min.X-margin && at.X < legend.Max.X+margin && at.Y > legend.Min.Y-margin/2 && at.Y < legend.Max.Y+margin/2 {
					continue // Hidden by the legend.
				}
				score := 10 * vg.Centimeter
				for _, q := range taken {
					score = min(score, dist(at, q))
				}
				if score > bestScore {
					best, bestScore = at, score
				}
			}
		}
		if bestScore < 0 {
			continue
		}
		taken = append(taken, best)
		drawBoxedText(dc, best, FormatValue(c.Levels[k]), c.color(k), NoteSize)
	}
}

// DataRange returns the grid's rectangle; it implements plot.DataRanger.
func (c *Contours) DataRange() (xMin, xMax, yMin, yMax float64) { return c.Grid.DataRange() }

// Levels returns n evenly spaced contour levels strictly between lo and hi.
func Levels(lo, hi float64, n int) []float64 {
	if n < 1 || !(lo < hi) {
		return nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i+1)/float64(n+1)
	}
	return v
}

// GeometricLevels returns n levels from lo to hi (both included, lo > 0),
// each a constant factor above the previous: the right spacing for a cost
// surface, dense near the minimum and sparse on the walls.
func GeometricLevels(lo, hi float64, n int) []float64 {
	if n < 2 || !(lo > 0) || !(lo < hi) {
		return nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return v
}

// NiceLevels returns the levels of the 1, 2, 5, 10, 20, ... sequence
// from lo to hi (lo > 0): round values evenly spread on a logarithmic scale,
// the right spacing for a cost surface.
func NiceLevels(lo, hi float64) []float64 {
	if !(lo > 0) || !(lo < hi) || math.IsInf(hi, 0) {
		return nil
	}
	var v []float64
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range []float64{1, 2, 5} {
			// Build the value from its decimal digits so that 0.2 is the
			// float closest to 0.2, not 2 × 0.1.
			l, _ := strconv.ParseFloat(strconv.Itoa(int(m))+"e"+strconv.Itoa(int(e)), 64)
			if l >= lo*(1-1e-9) && l <= hi*(1+1e-9) {
				v = append(v, l)
			}
		}
	}
	return v
}

// ContourPlot returns a contour plot of g with labelled levels.
func ContourPlot(title, xLabel, yLabel string, g *Grid, levels []float64) (*plot.Plot, error) {
	c, err := NewContours(g, levels)
	if err != nil {
		return nil, err
	}
	p := New(title, xLabel, yLabel)
	p.Add(c)
	fitAxes(p, g)
	return p, nil
}

// fitAxes makes the axes cover exactly the grid's rectangle.
func fitAxes(p *plot.Plot, g *Grid) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.DataRange()
}
