package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// toCanvas maps a polyline from data to canvas coordinates.
func toCanvas(line plotter.XYs, trX, trY func(float64) vg.Length) []vg.Point {
	pts := make([]vg.Point, len(line))
	for i, xy := range line {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	return pts
}

// pathLength is the length of a polyline.
func pathLength(pts []vg.Point) vg.Length {
	var l vg.Length
	for i := 1; i < len(pts); i++ {
		l += dist(pts[i-1], pts[i])
	}
	return l
}

// dist is the distance between two points.
func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// pointAlong returns the point at fraction f of the polyline's length.
func pointAlong(pts []vg.Point, f float64) vg.Point {
	target := vg.Length(f) * pathLength(pts)
	for i := 1; i < len(pts); i++ {
		d := dist(pts[i-1], pts[i])
		if d >= target && d > 0 {
			t := target / d
			return vg.Point{X: pts[i-1].X + t*(pts[i].X-pts[i-1].X), Y: pts[i-1].Y + t*(pts[i].Y-pts[i-1].Y)}
		}
		target -= d
	}
	return pts[len(pts)-1]
}

// drawBoxedText writes txt centred at pt on a white box.
func drawBoxedText(dc draw.Canvas, pt vg.Point, txt string, c color.Color, size vg.Length) {
	sty := textStyle(size, plot.DefaultTextHandler)
	sty.Color = c
	if luminance(c) > 0.7 {
		sty.Color = color.Gray{Y: 40} // Light lines get dark labels.
	}
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	w, h := sty.Width(txt), sty.Height(txt)
	pad := size / 5
	box := []vg.Point{
		{X: pt.X - w/2 - pad, Y: pt.Y - h/2 - pad/2}, {X: pt.X + w/2 + pad, Y: pt.Y - h/2 - pad/2},
		{X: pt.X + w/2 + pad, Y: pt.Y + h/2 + pad/2}, {X: pt.X - w/2 - pad, Y: pt.Y + h/2 + pad/2},
	}
	dc.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 210}, box)
	dc.FillText(sty, pt, txt)
}

// fitRect returns the largest rectangle of the given width/height ratio
// centred in r.
func fitRect(r vg.Rectangle, aspect float64) vg.Rectangle {
	w, h := r.Size().X, r.Size().Y
	if float64(w) > aspect*float64(h) {
		w = vg.Length(aspect * float64(h))
	} else {
		h = vg.Length(float64(w) / aspect)
	}
	cx, cy := (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2
	return vg.Rectangle{Min: vg.Point{X: cx - w/2, Y: cy - h/2}, Max: vg.Point{X: cx + w/2, Y: cy + h/2}}
}

// topAligned moves r up to the top of area, so that a cell's content sits
// under its title rather than in the middle of the cell.
func topAligned(r, area vg.Rectangle) vg.Rectangle {
	shift := area.Max.Y - r.Max.Y
	r.Min.Y += shift
	r.Max.Y += shift
	return r
}

// strokeRect outlines r.
func strokeRect(c draw.Canvas, r vg.Rectangle, sty draw.LineStyle) {
	c.StrokeLines(sty, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}

// circlePath is a circle of radius r around pt.
func circlePath(pt vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	return p
}

// arrowHead draws a filled arrow head of the given length at to, pointing
// away from from.
func arrowHead(c draw.Canvas, from, to vg.Point, length vg.Length, col color.Color) {
	d := dist(from, to)
	if d == 0 {
		return
	}
	ux, uy := (to.X-from.X)/d, (to.Y-from.Y)/d
	base := vg.Point{X: to.X - ux*length, Y: to.Y - uy*length}
	half := length * 0.45
	c.FillPolygon(col, []vg.Point{to, {X: base.X - uy*half, Y: base.Y + ux*half}, {X: base.X + uy*half, Y: base.Y - ux*half}})
}
