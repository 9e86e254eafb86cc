package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// equalUnits is the linear scale of the x axis of a plot drawn with equal
// aspect: it marks the plot for the drawing functions, which widen one of its
// axes to the size it is drawn at.
type equalUnits struct{ plot.LinearScale }

// EqualAspect makes p draw one unit as long on the x axis as on the y axis,
// as a plot of 2-D points or of a path in a plane needs (circles stay
// circles): at whatever size p is drawn (Show, Save, a panel of Panels), the
// axis whose unit would be the longer is widened about its centre. Call it
// once p's axis ranges are set; plotters must cover the widened range (a
// plotter that fills the area should read it from p when it draws).
func EqualAspect(p *plot.Plot) { p.X.Scale = equalUnits{} }

// HasEqualAspect reports whether EqualAspect marks p.
func HasEqualAspect(p *plot.Plot) bool {
	_, ok := p.X.Scale.(equalUnits)
	return ok
}

// withEqualAspect returns p, or when EqualAspect marks it a copy of p whose
// axis ranges give equal units when drawn on c.
func withEqualAspect(p *plot.Plot, c draw.Canvas) *plot.Plot {
	if !HasEqualAspect(p) {
		return p
	}
	q := *p
	q.X.Min, q.X.Max, q.Y.Min, q.Y.Max = EqualAspectRanges(p, c.Max.X-c.Min.X, c.Max.Y-c.Min.Y)
	return &q
}

// EqualAspectRanges returns p's axis ranges, one of them widened about its
// centre so that, with p drawn at w×h, a unit of x is as long as a unit of y.
func EqualAspectRanges(p *plot.Plot, w, h vg.Length) (xMin, xMax, yMin, yMax float64) {
	q := *p
	xMin, xMax, yMin, yMax = p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	if !(xMax > xMin) || !(yMax > yMin) || !finite(xMax-xMin) || !finite(yMax-yMin) || w <= 0 || h <= 0 {
		return xMin, xMax, yMin, yMax
	}
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	// The tick labels, and so the data area, depend a little on the ranges:
	// widen again until the units agree, never narrowing, so that it ends.
	for range 8 {
		q.X.Min, q.X.Max, q.Y.Min, q.Y.Max = xMin, xMax, yMin, yMax
		da := q.DataCanvas(c)
		dw, dh := float64(da.Max.X-da.Min.X), float64(da.Max.Y-da.Min.Y)
		if dw <= 0 || dh <= 0 {
			break
		}
		sx, sy := xMax-xMin, yMax-yMin
		perX, perY := dw/sx, dh/sy // Length of a unit.
		if math.Abs(perX/perY-1) < 1e-4 {
			break
		}
		if perX > perY {
			sx = dw / perY
		} else {
			sy = dh / perX
		}
		cx, cy := (xMin+xMax)/2, (yMin+yMax)/2
		xMin, xMax, yMin, yMax = cx-sx/2, cx+sx/2, cy-sy/2, cy+sy/2
	}
	return xMin, xMax, yMin, yMax
}

// UnitLengths returns the length on the page of one unit of x and of y when
// p is drawn at w×h, after EqualAspect's widening if p has it: the tests
// check figures with it.
func UnitLengths(p *plot.Plot, w, h vg.Length) (x, y vg.Length) {
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	q := withEqualAspect(p, c)
	da := q.DataCanvas(c)
	return (da.Max.X - da.Min.X) / vg.Length(q.X.Max-q.X.Min), (da.Max.Y - da.Min.Y) / vg.Length(q.Y.Max-q.Y.Min)
}

// aspectRatio is |log(x/y)| of two unit lengths: 0 for equal aspect.
func aspectRatio(x, y vg.Length) float64 { return math.Abs(math.Log(float64(x / y))) }
