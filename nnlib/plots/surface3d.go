package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// View is the direction a 3-D surface is seen from, in degrees: Azimuth
// turns the surface about the vertical axis, Elevation raises the eye above
// the floor (0 is level, 90 straight from above).
type View struct{ Azimuth, Elevation float64 }

// DefaultView looks at a surface from the front left, 30° above the floor.
var DefaultView = View{Azimuth: -60, Elevation: 30}

// Surface is a plotter of a function of two variables as a 3-D surface,
// projected on the page (gonum/plot has no 3-D): a shaded mesh coloured by
// height, drawn back to front, with the box's axes labelled.
type Surface struct {
	Grid     *Grid
	View     View
	Colormap Colormap     // Colours heights, low to high; nil: Viridis.
	ZMax     float64      // Heights above ZMax are cut to it (flat top); 0 or NaN: no cut.
	Path     plotter.XYZs // A path on the surface, such as gradient descent's steps; nil for none.
	Labels   [3]string    // Names of the x, y and z axes.
}

// NewSurface returns a Surface of g seen from DefaultView.
func NewSurface(g *Grid, labels [3]string) (*Surface, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return &Surface{Grid: g, View: DefaultView, Colormap: Viridis, Labels: labels}, nil
}

// zRange returns the heights that map to the bottom and top of the box.
func (s *Surface) zRange() (lo, hi float64) {
	lo, hi = s.Grid.MinMax()
	if s.ZMax != 0 && s.ZMax > lo && s.ZMax < hi {
		hi = s.ZMax
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	return lo, hi
}

// projector maps data coordinates to the page: x and y to [-1, 1], height
// to [0, 0.8], turned and tilted by the view. It returns the page position
// (u right, v up) and the depth (larger is farther).
type projector struct {
	xMin, xMax, yMin, yMax, zMin, zMax float64
	ca, sa, ce, se                     float64
}

func (s *Surface) projector() projector {
	xMin, xMax, yMin, yMax := s.Grid.DataRange()
	zMin, zMax := s.zRange()
	a, e := s.View.Azimuth*math.Pi/180, s.View.Elevation*math.Pi/180
	return projector{xMin, xMax, yMin, yMax, zMin, zMax, math.Cos(a), math.Sin(a), math.Cos(e), math.Sin(e)}
}

func (p projector) project(x, y, z float64) (u, v, depth float64) {
	nx := 2*(x-p.xMin)/(p.xMax-p.xMin) - 1
	ny := 2*(y-p.yMin)/(p.yMax-p.yMin) - 1
	nz := 0.8 * (math.Min(z, p.zMax) - p.zMin) / (p.zMax - p.zMin)
	rx := nx*p.ca - ny*p.sa
	ry := nx*p.sa + ny*p.ca
	return rx, nz*p.ce + ry*p.se, ry*p.ce - nz*p.se
}

// Plot draws the surface; it implements plot.Plotter.
func (s *Surface) Plot(c draw.Canvas, _ *plot.Plot) {
	if s.Grid.Validate() != nil {
		return
	}
	cm := s.Colormap
	if cm == nil {
		cm = Viridis
	}
	pr := s.projector()
	g := s.Grid
	nx, ny := g.Dims()
	xMin, xMax, yMin, yMax := g.DataRange()
	zMin, zMax := s.zRange()

	// Scale what is drawn (the surface, the floor and the vertical axis) to
	// the canvas, keeping proportions and a margin for the axis labels.
	uMin, uMax, vMin, vMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	grow := func(x, y, z float64) {
		u, v, _ := pr.project(x, y, z)
		uMin, uMax = math.Min(uMin, u), math.Max(uMax, u)
		vMin, vMax = math.Min(vMin, v), math.Max(vMax, v)
	}
	corner := s.leftCorner(pr)
	grow(corner[0], corner[1], zMax)
	for _, x := range []float64{xMin, xMax} {
		for _, y := range []float64{yMin, yMax} {
			grow(x, y, zMin)
		}
	}
	for j, y := range g.Ys {
		for i, x := range g.Xs {
			if z := g.Values[j][i]; !math.IsNaN(z) {
				grow(x, y, z)
			}
		}
	}
	margin := 2.2 * LabelSize
	w, h := c.Max.X-c.Min.X-2*margin, c.Max.Y-c.Min.Y-2*margin
	scale := math.Min(float64(w)/(uMax-uMin), float64(h)/(vMax-vMin))
	cu, cv := (c.Min.X+c.Max.X)/2, (c.Min.Y+c.Max.Y)/2
	page := func(x, y, z float64) (vg.Point, float64) {
		u, v, d := pr.project(x, y, z)
		return vg.Point{
			X: cu + vg.Length((u-(uMin+uMax)/2)*scale),
			Y: cv + vg.Length((v-(vMin+vMax)/2)*scale),
		}, d
	}

	s.drawBox(c, page)

	type quad struct {
		pts   []vg.Point
		depth float64
		fill  color.Color
	}
	var quads []quad
	light := [3]float64{-0.4, -0.5, 0.77}
	for j := 0; j+1 < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			corners := [4][2]int{{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}}
			q := quad{pts: make([]vg.Point, 4)}
			var zSum float64
			skip := false
			for k, cr := range corners {
				z := g.Values[cr[1]][cr[0]]
				if math.IsNaN(z) {
					skip = true
					break
				}
				z = math.Min(z, zMax)
				zSum += z
				pt, d := page(g.Xs[cr[0]], g.Ys[cr[1]], z)
				q.pts[k] = pt
				q.depth += d / 4
			}
			if skip {
				continue
			}
			// Shade by the cell's slope in the normalised box.
			z := func(a, b int) float64 {
				return 0.8 * (math.Min(g.Values[b][a], zMax) - zMin) / (zMax - zMin)
			}
			dx := 2 / float64(nx-1)
			dy := 2 / float64(ny-1)
			gx := (z(i+1, j) + z(i+1, j+1) - z(i, j) - z(i, j+1)) / (2 * dx)
			gy := (z(i, j+1) + z(i+1, j+1) - z(i, j) - z(i+1, j)) / (2 * dy)
			norm := math.Sqrt(gx*gx + gy*gy + 1)
			lambert := math.Abs(-gx*light[0]-gy*light[1]+light[2]) / norm
			base := cm((zSum/4 - zMin) / (zMax - zMin))
			q.fill = shade(base, 0.65+0.35*lambert)
			quads = append(quads, q)
		}
	}
	sort.SliceStable(quads, func(a, b int) bool { return quads[a].depth > quads[b].depth })
	for _, q := range quads {
		c.FillPolygon(q.fill, q.pts)
		c.StrokeLines(draw.LineStyle{Color: shade(q.fill, 0.8), Width: vg.Points(0.3)}, append(q.pts, q.pts[0]))
	}

	if len(s.Path) > 1 {
		pts := make([]vg.Point, len(s.Path))
		for k, p := range s.Path {
			pts[k], _ = page(p.X, p.Y, p.Z)
		}
		c.StrokeLines(draw.LineStyle{Color: TrajectoryColor, Width: vg.Points(2)}, pts)
		c.DrawGlyph(draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.RingGlyph{}}, pts[0])
		c.DrawGlyph(draw.GlyphStyle{Color: color.Black, Radius: vg.Points(6), Shape: starGlyph{}}, pts[len(pts)-1])
	}
}

// leftCorner returns the floor corner drawn leftmost, where the vertical
// axis stands.
func (s *Surface) leftCorner(pr projector) [2]float64 {
	xMin, xMax, yMin, yMax := s.Grid.DataRange()
	best, bestU := [2]float64{}, math.Inf(1)
	for _, cr := range [4][2]float64{{xMin, yMin}, {xMax, yMin}, {xMax, yMax}, {xMin, yMax}} {
		if u, _, _ := pr.project(cr[0], cr[1], 0); u < bestU {
			best, bestU = cr, u
		}
	}
	return best
}

// drawBox draws the floor of the box and the vertical axis, and labels the
// three axes with their names and end values.
func (s *Surface) drawBox(c draw.Canvas, page func(x, y, z float64) (vg.Point, float64)) {
	xMin, xMax, yMin, yMax := s.Grid.DataRange()
	zMin, zMax := s.zRange()
	axis := draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.8)}
	corners := [4][2]float64{{xMin, yMin}, {xMax, yMin}, {xMax, yMax}, {xMin, yMax}}
	var floor []vg.Point
	nearest, leftmost := 0, 0
	nearDepth := math.Inf(1)
	for k, cr := range corners {
		pt, d := page(cr[0], cr[1], zMin)
		floor = append(floor, pt)
		if d < nearDepth {
			nearest, nearDepth = k, d
		}
		if pt.X < floor[leftmost].X {
			leftmost = k
		}
	}
	c.StrokeLines(axis, append(floor, floor[0]))
	centre := vg.Point{X: (floor[0].X + floor[2].X) / 2, Y: (floor[0].Y + floor[2].Y) / 2}

	tick := textStyle(TickSize, plot.DefaultTextHandler)
	tick.XAlign, tick.YAlign = draw.XCenter, draw.YCenter
	name := textStyle(LabelSize, plot.DefaultTextHandler)
	name.XAlign, name.YAlign = draw.XCenter, draw.YCenter
	// away moves pt outwards from the floor's centre by d.
	away := func(pt vg.Point, d vg.Length) vg.Point {
		l := dist(pt, centre)
		if l == 0 {
			return pt
		}
		return vg.Point{X: pt.X + (pt.X-centre.X)/l*d, Y: pt.Y + (pt.Y-centre.Y)/l*d}
	}
	// The two floor edges at the nearest corner carry the x and y labels.
	for _, other := range []int{(nearest + 1) % 4, (nearest + 3) % 4} {
		a, b := corners[nearest], corners[other]
		axisIndex, lo, hi := 0, a[0], b[0]
		if a[0] == b[0] {
			axisIndex, lo, hi = 1, a[1], b[1]
		}
		pa, pb := floor[nearest], floor[other]
		// Values sit a little inside the edge's ends, so that the two at
		// the nearest corner do not collide.
		in := func(p, q vg.Point) vg.Point { return vg.Point{X: p.X + 0.12*(q.X-p.X), Y: p.Y + 0.12*(q.Y-p.Y)} }
		c.FillText(tick, away(in(pa, pb), 1.1*TickSize), formatTick(lo, math.Abs(hi-lo)))
		c.FillText(tick, away(in(pb, pa), 1.1*TickSize), formatTick(hi, math.Abs(hi-lo)))
		mid := vg.Point{X: (pa.X + pb.X) / 2, Y: (pa.Y + pb.Y) / 2}
		c.FillText(name, away(mid, 1.6*LabelSize), s.Labels[axisIndex])
	}
	// The vertical axis stands on the leftmost corner.
	bottom := floor[leftmost]
	top, _ := page(corners[leftmost][0], corners[leftmost][1], zMax)
	c.StrokeLines(axis, []vg.Point{bottom, top})
	tick.XAlign = draw.XRight
	widest := vg.Length(0)
	for _, t := range s.ZTicks() {
		f := vg.Length((t.Value - zMin) / (zMax - zMin))
		at := vg.Point{X: bottom.X + f*(top.X-bottom.X), Y: bottom.Y + f*(top.Y-bottom.Y)}
		c.StrokeLines(axis, []vg.Point{at, {X: at.X - vg.Points(3), Y: at.Y}})
		c.FillText(tick, vg.Point{X: at.X - vg.Points(5), Y: at.Y}, t.Label)
		widest = max(widest, tick.Width(t.Label))
	}
	name.XAlign = draw.XRight
	c.FillText(name, vg.Point{X: bottom.X - vg.Points(10) - widest, Y: (bottom.Y + top.Y) / 2}, s.Labels[2])
}

// ZTicks returns the labelled ticks of the vertical axis: CleanTicks' round
// values between the lowest and the highest height drawn, at least three.
func (s *Surface) ZTicks() []plot.Tick {
	zMin, zMax := s.zRange()
	var out []plot.Tick
	for _, t := range (CleanTicks{}).Ticks(zMin, zMax) {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

// SurfacePlot returns a 3-D view of g seen from view, its heights cut at
// zMax (0 for no cut), with an optional path on the surface (nil for none).
func SurfacePlot(title string, g *Grid, labels [3]string, view View, zMax float64, path plotter.XYZs) (*plot.Plot, error) {
	s, err := NewSurface(g, labels)
	if err != nil {
		return nil, err
	}
	if view.Elevation < -90 || view.Elevation > 90 {
		return nil, fmt.Errorf("plots: view elevation %g° is out of [-90°, 90°]", view.Elevation)
	}
	for i, p := range path {
		if !finite(p.X) || !finite(p.Y) || !finite(p.Z) {
			return nil, fmt.Errorf("plots: path point %d is %v: coordinates must be finite", i, p)
		}
	}
	s.View, s.ZMax, s.Path = view, zMax, path
	return Drawing(title, s), nil
}
