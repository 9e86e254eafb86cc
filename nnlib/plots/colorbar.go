package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ColorBarWidth is the width ColorBar takes at the right of a figure.
const ColorBarWidth = 2.4 * vg.Centimeter

// ColorBar returns a figure with p on the left and, on its right, the colour
// scale of the heat map h (one of p's plotters) with its values marked and
// named label: a heat map's colours mean nothing without it.
func ColorBar(p *plot.Plot, h *HeatMap, label string) (*plot.Plot, error) {
	if p == nil || h == nil {
		return nil, fmt.Errorf("plots: ColorBar needs a plot and its heat map")
	}
	if !(h.Max > h.Min) {
		return nil, fmt.Errorf("plots: ColorBar needs a heat map with Max > Min, got [%g, %g]", h.Min, h.Max)
	}
	bar := New("", "", label)
	bar.HideX()
	bar.Add(colorStrip{h})
	bar.X.Min, bar.X.Max, bar.Y.Min, bar.Y.Max = 0, 1, 0, 1
	bar.Y.Tick.Marker = plot.ConstantTicks(colorBarTicks(h))
	return Drawing("", withBar{main: p, bar: bar}), nil
}

// colorBarTicks marks round values on the bar, whose y axis is the colour
// fraction: at every 1, 2, 5 × 10ᵏ of a log heat map that is at least 6% of
// the bar from the others, or at CleanTicks' values of a linear one.
func colorBarTicks(h *HeatMap) []plot.Tick {
	var values []float64
	if h.Log {
		values = append(values, h.Min)
		for e := math.Floor(math.Log10(math.Max(h.Max-h.Min, 1e-300))) - 4; ; e++ {
			stop := false
			for _, m := range []float64{1, 2, 5} {
				v := h.Min + m*math.Pow(10, e)
				if v > h.Max {
					stop = true
					break
				}
				values = append(values, v)
			}
			if stop {
				break
			}
		}
	} else {
		for _, t := range (CleanTicks{}).Ticks(h.Min, h.Max) {
			if t.Label != "" {
				values = append(values, t.Value)
			}
		}
	}
	var ticks []plot.Tick
	last := math.Inf(-1)
	for _, v := range values {
		f := h.Fraction(v)
		if f-last < 0.06 {
			continue
		}
		ticks = append(ticks, plot.Tick{Value: f, Label: FormatValue(v)})
		last = f
	}
	return ticks
}

// colorStrip fills the bar with the heat map's colours, bottom (0) to top (1).
type colorStrip struct{ h *HeatMap }

// Plot implements plot.Plotter.
func (s colorStrip) Plot(c draw.Canvas, _ *plot.Plot) {
	cm := s.h.Colormap
	if cm == nil {
		cm = Viridis
	}
	const n = 200
	hgt := c.Max.Y - c.Min.Y
	for i := range n {
		y0 := c.Min.Y + hgt*vg.Length(i)/n
		y1 := c.Min.Y + hgt*vg.Length(i+1)/n + 0.3 // Overlap: no seams.
		c.FillPolygon(cm((float64(i)+0.5)/n), []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}})
	}
}

// withBar draws main on the left and bar on the right, the bar as tall as
// main's data area.
type withBar struct{ main, bar *plot.Plot }

// Plot implements plot.Plotter.
func (w withBar) Plot(c draw.Canvas, _ *plot.Plot) {
	left := c
	left.Max.X -= ColorBarWidth
	m := withLegendBackdrop(withEqualAspect(w.main, left), left)
	m.Draw(left)
	da := m.DataCanvas(left)
	right := c
	right.Min.X, right.Min.Y, right.Max.Y = left.Max.X+vg.Points(6), da.Min.Y, da.Max.Y
	right.Max.X -= vg.Points(4)
	// The bar's own axis takes the left of its canvas: keep the strip narrow.
	bda := w.bar.DataCanvas(right)
	if extra := (bda.Max.X - bda.Min.X) - 0.5*vg.Centimeter; extra > 0 {
		right.Max.X -= extra
	}
	w.bar.Draw(right)
}
