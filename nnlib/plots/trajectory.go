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

// TrajectoryColor is the colour of optimisation paths: red, visible over
// contour lines and heat maps.
var TrajectoryColor color.Color = color.RGBA{R: 220, G: 20, B: 60, A: 255}

// AddTrajectory draws an optimiser's path over p — for example gradient
// descent's parameters (w0, w1) at each step over the contours of the cost —
// as a line with a dot per step (at most 60 dots, evenly picked), a ring at
// the start and a star at the end, with legend entries.
func AddTrajectory(p *plot.Plot, path plotter.XYs, name string) error {
	if p == nil {
		return fmt.Errorf("plots: AddTrajectory needs a plot: make one with plots.New")
	}
	if len(path) < 2 {
		return fmt.Errorf("plots: a trajectory needs at least 2 points (start and one step), got %d", len(path))
	}
	for i, xy := range path {
		if !finite(xy.X) || !finite(xy.Y) {
			return fmt.Errorf("plots: trajectory point %d is (%g, %g): the optimiser diverged; lower the learning rate", i, xy.X, xy.Y)
		}
	}
	l, err := plotter.NewLine(path)
	if err != nil {
		return errorIn(err, "trajectory")
	}
	l.Color, l.Width = TrajectoryColor, vg.Points(1.5)
	step := (len(path) + 59) / 60
	var dots plotter.XYs
	for i := 0; i < len(path); i += step {
		dots = append(dots, path[i])
	}
	s, err := plotter.NewScatter(dots)
	if err != nil {
		return errorIn(err, "trajectory")
	}
	s.GlyphStyle = draw.GlyphStyle{Color: TrajectoryColor, Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}
	start, _ := plotter.NewScatter(path[:1])
	start.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.RingGlyph{}}
	end, _ := plotter.NewScatter(path[len(path)-1:])
	end.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(6), Shape: starGlyph{}}
	p.Add(l, s, start, end)
	if name != "" {
		p.Legend.Add(name, l, s)
	}
	p.Legend.Add("start", start)
	p.Legend.Add(fmt.Sprintf("after %d steps", len(path)-1), end)
	return nil
}

// starGlyph is a filled five-pointed star.
type starGlyph struct{}

// DrawGlyph draws the star; it implements draw.GlyphDrawer.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	var path vg.Path
	for i := range 10 {
		r := sty.Radius
		if i%2 == 1 {
			r *= 0.45
		}
		a := math.Pi/2 + float64(i)*math.Pi/5
		q := vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
		if i == 0 {
			path.Move(q)
		} else {
			path.Line(q)
		}
	}
	path.Close()
	c.Fill(path)
}
