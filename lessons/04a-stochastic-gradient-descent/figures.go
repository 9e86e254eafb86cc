package sgd

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// RunsFigure draws the training runs' cost against iterations (log scale),
// epochs and training time, side by side.
func RunsFigure(runs []Run) (*plot.Plot, error) {
	var byIter, byEpoch, byTime []plots.Series
	for _, r := range runs {
		name := fmt.Sprintf("batch %d", r.BatchSize)
		iters := make([]float64, len(r.Iterations))
		for i, it := range r.Iterations {
			iters[i] = float64(max(it, 1)) // The start, 0, on a log axis: at 1.
		}
		// One legend for the three panels, in the first, whose top right
		// is empty (the curves fall from the top left).
		byIter = append(byIter, plots.Series{Name: name, X: iters, Y: r.Cost})
		byEpoch = append(byEpoch, plots.Series{X: r.Epochs, Y: r.Cost})
		byTime = append(byTime, plots.Series{X: r.Seconds, Y: r.Cost})
	}
	first, err := plots.Lines("Against iterations", "weight updates", "cost J", byIter...)
	if err != nil {
		return nil, err
	}
	plots.LegendAt(first, true, false)
	first.X.Scale = plot.LogScale{}
	first.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 1, Label: "1"}, {Value: 10, Label: "10"}, {Value: 100, Label: "100"}, {Value: 1000, Label: "1k"}})
	second, err := plots.Lines("Against epochs", "epochs", "cost J", byEpoch...)
	if err != nil {
		return nil, err
	}
	third, err := plots.Lines("Against time", "seconds", "cost J", byTime...)
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Full batch, minibatches and online learning", first, second, third)
}

// BatchSizeFigure draws the final cost of runs of equal epochs against their
// batch size (log scale).
func BatchSizeFigure(runs []Run, epochs int) (*plot.Plot, error) {
	s := plots.Series{Name: fmt.Sprintf("cost after %d epochs", epochs), Points: true}
	for _, r := range runs {
		s.X = append(s.X, float64(r.BatchSize))
		s.Y = append(s.Y, r.Cost[len(r.Cost)-1])
	}
	p, err := plots.Lines("Same epochs, different batch sizes", "batch size", "cost J on the training set", s)
	if err != nil {
		return nil, err
	}
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plots.LogTicks{}
	return p, nil
}

// RavineFigure draws the contours of the ravine with the first steps of each
// method from start, each in its own colour, with equal aspect (the valley's
// true shape).
func RavineFigure(r Ravine, start []float64, eta, beta float64, steps int) (*plot.Plot, error) {
	var series []plots.Series
	for i, m := range []Method{Plain, Momentum, Nesterov} {
		path, _, err := Optimize(m, r.Gradient, start, eta, beta, 1e-12, steps)
		if err != nil {
			return nil, err
		}
		series = append(series, pathSeries(string(m), path, plots.ClassColor(i)))
	}
	return ravinePlot(r, fmt.Sprintf("J(w) = ½(w₁² + %gw₂²): η = %g, β = %g, %d steps", r.Kappa, eta, beta, steps), series)
}

// OwnPathFigure draws the path of a student's step (from Trajectory) over the
// ravine, with lesson 04a's Nesterov path from the same start for reference.
func OwnPathFigure(r Ravine, own Path, eta, beta float64) (*plot.Plot, error) {
	if len(own) == 0 {
		return nil, fmt.Errorf("the path is empty")
	}
	ref, _, err := Optimize(Nesterov, r.Gradient, own[0], eta, beta, 1e-12, len(own)-1)
	if err != nil {
		return nil, err
	}
	reference := pathSeries("lesson 04a's Nesterov", ref, plots.ClassColor(2))
	reference.Points, reference.Dashed = false, true
	mine := pathSeries(fmt.Sprintf("your Nesterov step, %d steps", len(own)-1), own, plots.ClassColor(3))
	return ravinePlot(r, fmt.Sprintf("Your Nesterov step on J(w) = ½(w₁² + %gw₂²), η = %g, β = %g", r.Kappa, eta, beta), []plots.Series{reference, mine})
}

func pathSeries(name string, path Path, c color.Color) plots.Series {
	s := plots.Series{Name: name, Points: true, Color: c}
	for _, w := range path {
		s.X = append(s.X, w[0])
		s.Y = append(s.Y, w[1])
	}
	return s
}

// ravinePlot draws the ravine's contours on w₁ ∈ [−4.5, 1], w₂ ∈ [−1.3, 1.3],
// widened to equal aspect (the contours are sampled beyond, to fill it),
// with the paths and their legend at the top right, above the floor.
func ravinePlot(r Ravine, title string, paths []plots.Series) (*plot.Plot, error) {
	g, err := plots.SampleGrid(r.Cost, -6, 2.5, -3.5, 3.5, 201, 161)
	if err != nil {
		return nil, err
	}
	p, err := plots.ContourPlot(title, "w₁", "w₂", g, plots.NiceLevels(0.05, 50))
	if err != nil {
		return nil, err
	}
	if err := plots.AddLines(p, paths...); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -4.5, 1, -1.3, 1.3
	plots.EqualAspect(p)
	plots.LegendAt(p, true, false)
	return p, nil
}
