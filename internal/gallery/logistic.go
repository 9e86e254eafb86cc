package gallery

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Eight fixed 1-D examples, not separable, so that both costs have a
// minimum at a finite slope β.
var (
	logisticX = []float64{-3, -2, -1, -0.5, 0.5, 1, 2, 3}
	logisticY = []float64{0, 0, 1, 0, 1, 0, 1, 1}
)

// mseCost is the deck's first logistic regression cost,
// J(β) = 1/(2m) Σ (h(xᵢ) − yᵢ)² with h(x) = 1/(1 + e^(−βx)).
func mseCost(beta float64) float64 {
	var s float64
	for i, x := range logisticX {
		d := sigmoid(beta*x) - logisticY[i]
		s += d * d
	}
	return s / (2 * float64(len(logisticX)))
}

// crossEntropyCost is the deck's convex cost,
// J(β) = −1/m Σ [yᵢ log h(xᵢ) + (1 − yᵢ) log(1 − h(xᵢ))].
func crossEntropyCost(beta float64) float64 {
	var s float64
	for i, x := range logisticX {
		h := sigmoid(beta * x)
		s += logisticY[i]*math.Log(h) + (1-logisticY[i])*math.Log(1-h)
	}
	return -s / float64(len(logisticX))
}

// logisticCosts shows both costs of the slope β side by side, each with a
// chord: MSE's curve rises above it (not convex), cross-entropy's does not.
func logisticCosts() (*plot.Plot, error) {
	const lo, hi = -8.0, 8.0
	var panels []*plot.Plot
	for _, c := range []struct {
		title, name string
		f           func(float64) float64
		a, b        float64
	}{
		{"MSE: not convex", "J(β), MSE", mseCost, -7, 0.7},
		{"Cross-entropy: convex", "J(β), cross-entropy", crossEntropyCost, -7, 5},
	} {
		curve, err := plots.Curve(c.name, c.f, lo, hi, 321)
		if err != nil {
			return nil, err
		}
		chord := plots.Series{Name: "a chord", X: []float64{c.a, c.b}, Y: []float64{c.f(c.a), c.f(c.b)},
			Color: color.Gray{Y: 90}, Dashed: true, Points: true}
		p, err := plots.Lines(c.title, "β", "J(β)", curve, chord)
		if err != nil {
			return nil, err
		}
		p.Title.TextStyle.Font.Size = plots.LabelSize
		p.Y.Min = 0
		plots.LegendAt(p, true, false)
		panels = append(panels, p)
	}
	return plots.SideBySide("Logistic regression h(x) = 1/(1+e^(−βx)): cost of β", panels...)
}
