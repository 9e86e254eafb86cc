package gradientdescent

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// The two-parameter view of the deck's cost fixes w2 = 0, leaving the model
// h(x) = w0 + w1·x1; on the two samples it fits exactly at w0 = 0.4, w1 = 0.7.
const (
	surfaceW0Min, surfaceW0Max = -1.5, 2.5
	surfaceW1Min, surfaceW1Max = -0.5, 1.5
)

// DeckCost2 is the deck's cost with w2 fixed at 0: a function of two
// parameters, which can be drawn.
func DeckCost2(w0, w1 float64) float64 { return DeckCost([3]float64{w0, w1, 0}) }

// DeckGradient2 is the gradient of DeckCost2: the first two partial
// derivatives of the deck's gradient at w2 = 0.
func DeckGradient2(w []float64) []float64 {
	g := DeckGradient([3]float64{w[0], w[1], 0})
	return g[:2]
}

// ConvexityFigure draws the cost f of one parameter on [lo, hi] with the
// chord between a and b: a convex cost stays below every chord.
func ConvexityFigure(title, param string, f func(float64) float64, lo, hi, a, b float64) (*plot.Plot, error) {
	curve, err := plots.Curve("J("+param+")", f, lo, hi, 201)
	if err != nil {
		return nil, err
	}
	chord := plots.Series{Name: "a chord: the curve stays below it", X: []float64{a, b}, Y: []float64{f(a), f(b)}, Dashed: true, Points: true}
	return plots.Lines(title, param, "cost J", curve, chord)
}

// SurfaceFigures draws DeckCost2 three ways, with the path of gradient
// descent (learning rate eta from start): contours, heat map and a 3-D view.
func SurfaceFigures(start []float64, eta float64, steps int) (contours, heat, surface *plot.Plot, err error) {
	tr, err := Descend(DeckGradient2, start, eta, 1e-9, steps)
	if err != nil {
		return nil, nil, nil, err
	}
	path := make(plotter.XYs, len(tr.Points))
	var path3 plotter.XYZs
	for i, w := range tr.Points {
		path[i] = plotter.XY{X: w[0], Y: w[1]}
		path3 = append(path3, plotter.XYZ{X: w[0], Y: w[1], Z: DeckCost2(w[0], w[1])})
	}
	g, err := plots.SampleGrid(DeckCost2, surfaceW0Min, surfaceW0Max, surfaceW1Min, surfaceW1Max, 161, 161)
	if err != nil {
		return nil, nil, nil, err
	}
	levels := plots.NiceLevels(0.01, 10)
	name := fmt.Sprintf("gradient descent, η = %g", eta)
	const title = "Cost J(w₀, w₁) of the deck's example, w₂ = 0"

	c, err := plots.NewContours(g, levels)
	if err != nil {
		return nil, nil, nil, err
	}
	c.Avoid = path
	contours = plots.New(title, "w₀", "w₁")
	contours.Add(c)
	contours.X.Min, contours.X.Max, contours.Y.Min, contours.Y.Max = g.DataRange()
	if err := plots.AddTrajectory(contours, path, name); err != nil {
		return nil, nil, nil, err
	}

	h, err := plots.NewHeatMap(g)
	if err != nil {
		return nil, nil, nil, err
	}
	h.Log = true
	c2, err := plots.NewContours(g, levels)
	if err != nil {
		return nil, nil, nil, err
	}
	c2.Colormap, c2.Color, c2.Avoid = nil, color.NRGBA{R: 255, G: 255, B: 255, A: 190}, path
	heat = plots.New(title+" (heat map, log scale)", "w₀", "w₁")
	heat.Add(h, c2)
	heat.X.Min, heat.X.Max, heat.Y.Min, heat.Y.Max = g.DataRange()
	if err := plots.AddTrajectory(heat, path, name); err != nil {
		return nil, nil, nil, err
	}
	if heat, err = plots.ColorBar(heat, h, "cost J"); err != nil {
		return nil, nil, nil, err
	}

	g3, err := surfaceGrid()
	if err != nil {
		return nil, nil, nil, err
	}
	surface, err = plots.SurfacePlot(title, g3, [3]string{"w₀", "w₁", "J"}, plots.View{Azimuth: 150, Elevation: 35}, 0, path3)
	return contours, heat, surface, err
}

// surfaceGrid samples DeckCost2 for the 3-D view, on the same w₀, w₁ ranges
// as the contours and the heat map.
func surfaceGrid() (*plots.Grid, error) {
	return plots.SampleGrid(DeckCost2, surfaceW0Min, surfaceW0Max, surfaceW1Min, surfaceW1Max, 33, 33)
}

// LogisticCostsFigure draws the cost of a one-feature logistic regression
// h(x) = g(β·x) as a function of β, under the squared error and under the
// cross-entropy, side by side.
func LogisticCostsFigure(xs, ys []float64, lo, hi float64) (*plot.Plot, error) {
	mse, err := plots.Curve("MSE", func(b float64) float64 { return LogisticMSE(b, xs, ys) }, lo, hi, 401)
	if err != nil {
		return nil, err
	}
	ce, err := plots.Curve("cross-entropy", func(b float64) float64 { return CrossEntropy(b, xs, ys) }, lo, hi, 401)
	if err != nil {
		return nil, err
	}
	left, err := plots.Lines("Squared error: not convex", "β", "J(β)", mse)
	if err != nil {
		return nil, err
	}
	ce.Color = plots.ClassColor(1)
	right, err := plots.Lines("Cross-entropy: convex", "β", "J(β)", ce)
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Logistic regression's cost of one parameter", left, right)
}

// LearningRatesFigure runs gradient descent on J(w) = a(w − c)² from w0 with
// each learning rate and draws w after each step: too small crawls, a good
// one converges, a large one oscillates, too large diverges.
func LearningRatesFigure(a, c, w0 float64, etas []float64, steps int) (*plot.Plot, error) {
	grad := func(w []float64) []float64 { return []float64{2 * a * (w[0] - c)} }
	var series []plots.Series
	for _, eta := range etas {
		tr, err := Descend(grad, []float64{w0}, eta, 1e-12, steps)
		if err != nil {
			return nil, err
		}
		s := plots.Series{Name: fmt.Sprintf("η = %g", eta), Points: true}
		for _, w := range tr.Points {
			s.Y = append(s.Y, w[0])
		}
		series = append(series, s)
	}
	factor := fmt.Sprintf("%g", a)
	if a == 1 {
		factor = ""
	}
	p, err := plots.Lines(fmt.Sprintf("Gradient descent on J(w) = %s(w − %g)², from w = %g", factor, c, w0), "step t", "w after t steps", series...)
	if err != nil {
		return nil, err
	}
	// Keep the converging paths readable: a diverging one leaves the frame.
	span := math.Abs(c - w0)
	p.Y.Min, p.Y.Max = math.Min(w0, c)-1.5*span, math.Max(w0, c)+1.5*span
	// Leave room on the right for the legend, off the lines (a diverging
	// one crosses the whole height).
	p.X.Min, p.X.Max = 0, 1.35*float64(steps)
	plots.LegendAt(p, true, false)
	return p, nil
}

// NonConvex is a cost of one parameter with two valleys: a global minimum
// near w = −1.30 and a local one near w = 1.13.
func NonConvex(w float64) float64 { return w*w*w*w - 3*w*w + w }

// NonConvexGradient is NonConvex's derivative, 4w³ − 6w + 1.
func NonConvexGradient(w []float64) []float64 { return []float64{4*w[0]*w[0]*w[0] - 6*w[0] + 1} }

// NonConvexFigure runs gradient descent on NonConvex from each start and
// draws where each one ends up.
func NonConvexFigure(starts []float64, eta float64) (*plot.Plot, error) {
	curve, err := plots.Curve("J(w) = w⁴ − 3w² + w", NonConvex, -2, 2, 301)
	if err != nil {
		return nil, err
	}
	series := []plots.Series{curve}
	for i, s := range starts {
		tr, err := Descend(NonConvexGradient, []float64{s}, eta, 1e-8, 10000)
		if err != nil {
			return nil, err
		}
		path := plots.Series{Name: fmt.Sprintf("from %g → %.2f", s, tr.Last()[0]), Points: true, Color: plots.ClassColor(i + 1)}
		for _, w := range tr.Points {
			path.X = append(path.X, w[0])
			path.Y = append(path.Y, NonConvex(w[0]))
		}
		series = append(series, path)
	}
	return plots.Lines("A non-convex cost: the start decides the minimum", "w", "J(w)", series...)
}

// DeckCostW1 is the deck's cost when only w1 varies (w0 = w2 = 0), the model
// h(x) = w1·x1: J(w1) = 5w1² − 8.2w1 + 3.37, smallest at w1 = 0.82.
func DeckCostW1(w1 float64) float64 { return DeckCost([3]float64{0, w1, 0}) }

// StepsFigure draws gradient descent's first steps on a cost of one
// parameter f with derivative df, from w0 with learning rate eta: each step
// goes against the slope.
func StepsFigure(title, param string, f, df func(float64) float64, lo, hi, w0, eta float64, steps int) (*plot.Plot, error) {
	curve, err := plots.Curve("J("+param+")", f, lo, hi, 201)
	if err != nil {
		return nil, err
	}
	p, err := plots.Lines(title, param, "cost J", curve)
	if err != nil {
		return nil, err
	}
	tr, err := Descend(func(w []float64) []float64 { return []float64{df(w[0])} }, []float64{w0}, eta, 1e-12, steps)
	if err != nil {
		return nil, err
	}
	path := make(plotter.XYs, len(tr.Points))
	for i, w := range tr.Points {
		path[i] = plotter.XY{X: w[0], Y: f(w[0])}
	}
	if err := plots.AddTrajectory(p, path, fmt.Sprintf("steps %s ← %s − η dJ/d%s, η = %g", param, param, param, eta)); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, 1.4*p.Y.Max // Room for the legend above the curve.
	plots.LegendAt(p, true, false)
	return p, nil
}

// The lesson's figures as its notebook draws them, for the course's figure
// gallery (go run ./cmd/course gallery). Each uses the notebook's values.

// FigureConvexCost is section 2's figure.
func FigureConvexCost() (*plot.Plot, error) {
	return ConvexityFigure("The deck's cost as a function of one parameter", "w₁", DeckCostW1, -0.5, 2, -0.2, 1.6)
}

// FigureDescentSteps is section 5's first figure.
func FigureDescentSteps() (*plot.Plot, error) {
	dJ := func(w1 float64) float64 { return DeckGradient([3]float64{0, w1, 0})[1] }
	return StepsFigure("Gradient descent with one variable", "w₁", DeckCostW1, dJ, -0.4, 2.2, 2, 0.08, 6)
}

// FigureSurfaces are section 3's three views of the cost of two parameters.
func FigureSurfaces() (contours, heat, surface *plot.Plot, err error) {
	return SurfaceFigures([]float64{-1, 1.3}, 0.16, 400)
}

// LogisticX and LogisticY are section 4's six points.
var (
	LogisticX = []float64{-3, -1, -0.5, 0.5, 2, 4}
	LogisticY = []float64{0, 0, 1, 0, 1, 1}
)

// FigureLogisticCosts is section 4's figure.
func FigureLogisticCosts() (*plot.Plot, error) {
	return LogisticCostsFigure(LogisticX, LogisticY, -6, 10)
}

// FigureLearningRates is section 5's second figure.
func FigureLearningRates() (*plot.Plot, error) {
	return LearningRatesFigure(1, 2, 0, []float64{0.05, 0.3, 0.9, 1.05}, 25)
}

// FigureNonConvex is section 8's figure.
func FigureNonConvex() (*plot.Plot, error) {
	return NonConvexFigure([]float64{-1.9, -0.3, 0.3, 1.9}, 0.02)
}
