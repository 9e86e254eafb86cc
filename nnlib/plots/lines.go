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

// LineWidth is the width of data lines: thick enough for a slide.
const LineWidth = 2 * vg.Inch / 72

// Series is one line of a line plot, such as the cost per iteration.
type Series struct {
	Name   string      // Legend entry; empty for none.
	X      []float64   // X values; nil means 0, 1, 2, ... (iterations).
	Y      []float64   // Y values; NaN leaves a point out (a missing value).
	Color  color.Color // nil: ClassColor of the series' position.
	Dashed bool        // Draw a dashed line.
	Points bool        // Also mark each point.
}

// xys returns the points of s without the NaN ones.
func (s Series) xys() (plotter.XYs, error) {
	if len(s.Y) == 0 {
		return nil, fmt.Errorf("plots: series %q has no Y values", s.Name)
	}
	if s.X != nil && len(s.X) != len(s.Y) {
		return nil, fmt.Errorf("plots: series %q has %d X values and %d Y values: they must be as many, or X nil for 0, 1, 2, …", s.Name, len(s.X), len(s.Y))
	}
	xys := make(plotter.XYs, 0, len(s.Y))
	for i, y := range s.Y {
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		if math.IsNaN(y) || math.IsNaN(x) {
			continue
		}
		if math.IsInf(y, 0) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("plots: series %q has an infinite value at index %d: a diverging cost? lower the learning rate", s.Name, i)
		}
		xys = append(xys, plotter.XY{X: x, Y: y})
	}
	if len(xys) == 0 {
		return nil, fmt.Errorf("plots: series %q has only missing (NaN) values", s.Name)
	}
	return xys, nil
}

// AddLines adds one line per series to p, with legend entries for the named
// ones.
func AddLines(p *plot.Plot, series ...Series) error {
	if p == nil {
		return fmt.Errorf("plots: AddLines needs a plot: make one with plots.New")
	}
	if len(series) == 0 {
		return fmt.Errorf("plots: AddLines needs at least one series")
	}
	for i, s := range series {
		xys, err := s.xys()
		if err != nil {
			return err
		}
		c := s.Color
		if c == nil {
			c = ClassColor(i)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return errorIn(err, "series %q", s.Name)
		}
		l.Color = c
		l.Width = LineWidth
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		thumbs := []plot.Thumbnailer{l}
		p.Add(l)
		if s.Points || len(xys) == 1 {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return errorIn(err, "series %q", s.Name)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	return nil
}

// Lines returns a line plot of the series with light grid lines, for example
// the cost per iteration.
func Lines(title, xLabel, yLabel string, series ...Series) (*plot.Plot, error) {
	p := New(title, xLabel, yLabel)
	AddGrid(p)
	if err := AddLines(p, series...); err != nil {
		return nil, err
	}
	var all plotter.XYs
	for _, s := range series {
		xys, _ := s.xys()
		all = append(all, xys...)
	}
	placeLegend(p, all)
	return p, nil
}

// TrainValidation plots a metric per epoch on the training and the validation
// set, the usual way to spot over-fitting. validation may be nil.
func TrainValidation(title, yLabel string, train, validation []float64) (*plot.Plot, error) {
	series := []Series{{Name: "training", Y: train}}
	if validation != nil {
		if len(validation) != len(train) {
			return nil, fmt.Errorf("plots: %d training values and %d validation values: give one of each per epoch (NaN where missing)", len(train), len(validation))
		}
		series = append(series, Series{Name: "validation", Y: validation, Dashed: true})
	}
	return Lines(title, "epoch", yLabel, series...)
}

// Curve samples f at n evenly spaced points of [min, max], for plotting a
// function such as the cost of one parameter.
func Curve(name string, f func(float64) float64, min, max float64, n int) (Series, error) {
	if f == nil {
		return Series{}, fmt.Errorf("plots: Curve %q needs a function", name)
	}
	if n < 2 || !(min < max) {
		return Series{}, fmt.Errorf("plots: Curve %q needs min < max and at least 2 points, got [%g, %g] and %d", name, min, max, n)
	}
	s := Series{Name: name, X: make([]float64, n), Y: make([]float64, n)}
	for i := range n {
		x := min + (max-min)*float64(i)/float64(n-1)
		s.X[i], s.Y[i] = x, f(x)
	}
	return s, nil
}
