package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// withLegendBackdrop returns p, or when p has a legend a copy of p that also
// draws a white box under the legend, so that entries stay readable over the
// data. full is the canvas the plot will be drawn on. p itself is not
// changed.
func withLegendBackdrop(p *plot.Plot, full draw.Canvas) *plot.Plot {
	if p.Legend.Rectangle(draw.Canvas{}).Size().Y <= 0 {
		return p
	}
	// gonum draws the legend in the area under the title and right of the Y
	// axis, but plotters get the data area, which the axes' tick labels may
	// shrink (a log scale's top label, say): keep the legend area's top and
	// right edges, which only the title moves.
	top := full.Max.Y
	if p.Title.Text != "" {
		top -= p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	}
	q := *p
	q.Add(legendBackdrop{top: top, right: full.Max.X})
	return &q
}

// legendBackdrop is the last plotter of a plot with a legend: it fills the
// area the legend will be drawn on.
type legendBackdrop struct{ top, right vg.Length }

// Plot fills the legend's area; it implements plot.Plotter.
func (b legendBackdrop) Plot(c draw.Canvas, p *plot.Plot) {
	c.Max.Y, c.Max.X = b.top, b.right
	r, ok := legendRect(c, &p.Legend)
	if !ok {
		return
	}
	box := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 225}, box)
	c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}, append(box, box[0]))
}

// legendRect returns the area the legend l covers on the data canvas c,
// with a small margin, and false if the legend is empty.
func legendRect(c draw.Canvas, l *plot.Legend) (vg.Rectangle, bool) {
	r := l.Rectangle(c)
	if r.Size().Y <= 0 {
		return r, false
	}
	// Legend.Rectangle swaps left and right: put the box where Draw writes.
	w := r.Size().X
	if l.Left {
		r.Min.X, r.Max.X = c.Min.X, c.Min.X+w
	} else {
		r.Min.X, r.Max.X = c.Max.X-w, c.Max.X
	}
	pad := vg.Points(3)
	r.Min.X += l.XOffs - pad
	r.Max.X += l.XOffs + pad
	r.Min.Y += l.YOffs - pad
	r.Max.Y += l.YOffs + pad
	return r, true
}

// placeLegend puts p's legend in the corner of the axes with the fewest of
// the given data points, so that it hides as little data as possible. Call
// it once the axes' ranges are known.
func placeLegend(p *plot.Plot, pts plotter.XYs) {
	xMin, xMax, yMin, yMax := p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	if !(xMax > xMin) || !(yMax > yMin) || math.IsInf(xMin, 0) || math.IsInf(yMin, 0) {
		return
	}
	// Corners in order of preference: top right, top left, bottom right, bottom left.
	corners := []struct{ top, left bool }{{true, false}, {true, true}, {false, false}, {false, true}}
	best, bestCount := 0, math.MaxInt
	for i, corner := range corners {
		count := 0
		for _, pt := range pts {
			u, v := (pt.X-xMin)/(xMax-xMin), (pt.Y-yMin)/(yMax-yMin)
			inX := u > 0.65
			if corner.left {
				inX = u < 0.35
			}
			inY := v > 0.7
			if !corner.top {
				inY = v < 0.3
			}
			if inX && inY {
				count++
			}
		}
		if count < bestCount {
			best, bestCount = i, count
		}
	}
	LegendAt(p, corners[best].top, corners[best].left)
}

// LegendAt moves p's legend to a corner of the axes (top or bottom, left or
// right), inset a little from the axes.
func LegendAt(p *plot.Plot, top, left bool) {
	p.Legend.Top, p.Legend.Left = top, left
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(5), -vg.Points(5)
	if left {
		p.Legend.XOffs = vg.Points(5)
	}
	if !top {
		p.Legend.YOffs = vg.Points(5)
	}
}
