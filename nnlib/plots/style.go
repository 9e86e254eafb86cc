package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Font sizes of the course style, chosen to read well on a slide when the
// figure is shown at Width×Height (16×10 cm).
const (
	TitleSize  = 15 * vg.Inch / 72 // Plot titles.
	LabelSize  = 13 * vg.Inch / 72 // Axis labels.
	TickSize   = 11 * vg.Inch / 72 // Tick labels.
	LegendSize = 11 * vg.Inch / 72 // Legend entries.
	NoteSize   = 10 * vg.Inch / 72 // Text inside a figure: values, node names.
)

// Font is the typeface of the course style: a sans serif, easier to read on
// slides than gonum/plot's default serif. It has the subscript digits
// (w₀, w₁; see Subscript) and Greek letters (η, θ) that labels need.
var Font = font.Font{Typeface: "Liberation", Variant: "Sans"}

// New returns an empty plot in the course style, with a title and axis
// labels.
func New(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	ApplyStyle(p)
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	return p
}

// ApplyStyle sets the course's fonts, sizes, ticks (CleanTicks; a log axis
// needs LogTicks) and legend placement on a plot made elsewhere, for example
// with plot.New. It keeps the plot's texts.
func ApplyStyle(p *plot.Plot) {
	p.Title.TextStyle.Font = font.From(Font, TitleSize)
	p.Title.Padding = vg.Points(4)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(Font, LabelSize)
		a.Tick.Label.Font = font.From(Font, TickSize)
		a.Padding = vg.Points(3)
		a.Tick.Marker = CleanTicks{}
	}
	p.Legend.TextStyle.Font = font.From(Font, LegendSize)
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = 0.6 * vg.Centimeter
	p.Legend.Padding = vg.Points(1)
	// Keep the legend off the axes: inset it from the top-right corner. Use
	// negative XOffs for a right-hand legend, positive for a Left one.
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(5), -vg.Points(5)
}

// Drawing returns a plot without axes whose whole data area belongs to
// content, a plotter that draws in page coordinates: diagrams, 3-D views,
// panels.
func Drawing(title string, content plot.Plotter) *plot.Plot {
	p := New(title, "", "")
	p.HideAxes()
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(content)
	return p
}

// padAxes widens the axes' current ranges by frac of their span on each
// side, so that markers at the extremes are not cut by the axes.
func padAxes(p *plot.Plot, frac float64) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if d := (a.Max - a.Min) * frac; d > 0 {
			a.Min -= d
			a.Max += d
		}
	}
}

// textStyle is a black text style of the course's font at the given size.
func textStyle(size vg.Length, h text.Handler) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(Font, size),
		Handler: h,
	}
}

// AddGrid adds light grid lines behind the data of p. Call it before adding
// data, so the lines are drawn first.
func AddGrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
}
