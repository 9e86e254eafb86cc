package sgd

import (
	"fmt"

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
		byIter = append(byIter, plots.Series{Name: name, X: iters, Y: r.Cost})
		byEpoch = append(byEpoch, plots.Series{Name: name, X: r.Epochs, Y: r.Cost})
		byTime = append(byTime, plots.Series{Name: name, X: r.Seconds, Y: r.Cost})
	}
	first, err := plots.Lines("Against iterations", "weight updates", "cost J", byIter...)
	if err != nil {
		return nil, err
	}
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
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{}
	return p, nil
}

// RavineFigure draws the contours of the ravine with the first steps of each
// method from start, each in its own colour.
func RavineFigure(r Ravine, start []float64, eta, beta float64, steps int) (*plot.Plot, error) {
	g, err := plots.SampleGrid(r.Cost, -4.5, 1, -1.3, 1.3, 161, 121)
	if err != nil {
		return nil, err
	}
	p, err := plots.ContourPlot(fmt.Sprintf("J(w) = ½(w₁² + %gw₂²): η = %g, β = %g, %d steps", r.Kappa, eta, beta, steps), "w₁", "w₂", g, plots.NiceLevels(0.05, 20))
	if err != nil {
		return nil, err
	}
	var series []plots.Series
	for i, m := range []Method{Plain, Momentum, Nesterov} {
		path, _, err := Optimize(m, r.Gradient, start, eta, beta, 1e-12, steps)
		if err != nil {
			return nil, err
		}
		s := plots.Series{Name: string(m), Points: true, Color: plots.ClassColor(i)}
		for _, w := range path {
			s.X = append(s.X, w[0])
			s.Y = append(s.Y, w[1])
		}
		series = append(series, s)
	}
	if err := plots.AddLines(p, series...); err != nil {
		return nil, err
	}
	return p, nil
}
