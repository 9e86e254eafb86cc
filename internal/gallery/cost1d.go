package gallery

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// cost1 is the deck's J with w₀ = w₂ = 0, a function of w₁ alone:
// J(w₁) = 5w₁² − 8.2w₁ + 3.37, smallest at w₁ = 0.82.
func cost1(w1 float64) float64 { return cost(0, w1, 0) }

// dCost1 is dJ/dw₁ = 10w₁ − 8.2.
func dCost1(w1 float64) float64 {
	_, g1, _ := gradient(0, w1, 0)
	return g1
}

// convexCost draws J(w₁) with a chord: a convex curve is below its chords.
func convexCost() (*plot.Plot, error) {
	curve, err := plots.Curve("J(w₁) with w₀ = w₂ = 0", cost1, -0.4, 2.0, 200)
	if err != nil {
		return nil, err
	}
	a, b := 0.0, 1.8
	chord := plots.Series{Name: "a chord: the curve stays below it", X: []float64{a, b}, Y: []float64{cost1(a), cost1(b)},
		Color: color.Gray{Y: 90}, Dashed: true, Points: true}
	p, err := plots.Lines("A convex cost function of one parameter", "w₁", "J(w₁)", curve, chord)
	if err != nil {
		return nil, err
	}
	if err := addMinimum(p, 0.82, cost1(0.82), "minimum: w₁ = 0.82"); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, 1.4*p.Y.Max // Room for the legend above the curve.
	plots.LegendAt(p, true, false)
	return p, nil
}

// gradientDescent1D draws gradient descent's steps on J(w₁).
func gradientDescent1D() (*plot.Plot, error) {
	const eta = 0.08
	curve, err := plots.Curve("J(w₁)", cost1, -0.4, 2.2, 200)
	if err != nil {
		return nil, err
	}
	p, err := plots.Lines("Gradient descent with one variable", "w₁", "J(w₁)", curve)
	if err != nil {
		return nil, err
	}
	var steps plotter.XYs
	w := 2.0
	for range 6 {
		steps = append(steps, plotter.XY{X: w, Y: cost1(w)})
		w -= eta * dCost1(w)
	}
	if err := plots.AddTrajectory(p, steps, fmt.Sprintf("steps w₁ ← w₁ − η dJ/dw₁, η = %g", eta)); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, 1.4*p.Y.Max // Room for the legend above the curve.
	plots.LegendAt(p, true, false)
	return p, nil
}

// addMinimum marks a minimum with a star and a legend entry.
func addMinimum(p *plot.Plot, x, y float64, name string) error {
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
	p.Add(s)
	p.Legend.Add(name, s)
	return nil
}
