package generalisation

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// ActivationsFigure draws the four activations (left) and their
// derivatives (right) for z from −5 to 5.
func ActivationsFigure() (*plot.Plot, error) {
	var gs, primes []plots.Series
	for i, a := range Activations {
		g, err := plots.Curve(a.Name, a.G, -5, 5, 201)
		if err != nil {
			return nil, err
		}
		d, err := plots.Curve(a.Name, a.Prime, -5, 5, 201)
		if err != nil {
			return nil, err
		}
		g.Color, d.Color = plots.ClassColor(i), plots.ClassColor(i)
		g.Dashed, d.Dashed = i == 3, i == 3
		gs, primes = append(gs, g), append(primes, d)
	}
	left, err := plots.Lines("g(z)", "z", "g(z)", gs...)
	if err != nil {
		return nil, err
	}
	right, err := plots.Lines("g′(z)", "z", "g′(z)", primes...)
	if err != nil {
		return nil, err
	}
	plots.LegendAt(left, true, true)
	plots.LegendAt(right, true, true)
	right.Y.Min, right.Y.Max = -0.05, 1.15
	return plots.SideBySide("Four activations and their derivatives", left, right)
}

// GradientFigure draws, per activation, the size (root-mean-square) of the
// gradient of each layer's weights, from the first hidden layer to the
// output, on a log axis.
func GradientFigure(results []DeepResult) (*plot.Plot, error) {
	if len(results) == 0 {
		return nil, errors.New("no results: run the deep experiment first")
	}
	var series []plots.Series
	for _, r := range results {
		s := plots.Series{Name: r.Activation, Points: true}
		for l, v := range r.GradRMS {
			s.X, s.Y = append(s.X, float64(l+1)), append(s.Y, v)
		}
		series = append(series, s)
	}
	n := len(results[0].GradRMS)
	p, err := plots.Lines(fmt.Sprintf("The gradient's size, layer by layer (%d hidden layers, before training)", n-1),
		fmt.Sprintf("layer (1 = first hidden, %d = output)", n), "RMS of the layer's ∂J/∂w", series...)
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plots.IntegerTicks{}
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	p.X.Min, p.X.Max = 0.5, float64(n)+0.5
	return p, nil
}

// DeepTrainingFigure draws the training loss per step of the deep
// experiment's runs, averaged over 20 steps.
func DeepTrainingFigure(results []DeepResult) (*plot.Plot, error) {
	var series []plots.Series
	for _, r := range results {
		series = append(series, plots.Series{Name: r.Activation, Y: plots.Smooth(r.Run.History.Loss, 20)})
	}
	if len(series) == 0 {
		return nil, errors.New("no results: run the deep experiment first")
	}
	p, err := plots.Lines("The same deep network trained by gradient descent", "step", "training loss (mean of 20 steps)", series...)
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plots.IntegerTicks{}
	p.Y.Min = 0
	return p, nil
}

// SaturationFigure draws the output a of the saturated neuron through
// gradient descent on each cost.
func SaturationFigure(s Saturated) (*plot.Plot, error) {
	mse, ce := s.Descend()
	p, err := plots.Lines(fmt.Sprintf("One sigmoid neuron from w = %g, target y = %g, η = %g", s.W0, s.Y, s.Eta),
		"step", "output a = g(w·x)",
		plots.Series{Name: "mean squared error", Y: mse},
		plots.Series{Name: "cross-entropy", Y: ce, Dashed: true})
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plots.IntegerTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	return p, nil
}

// ReliabilityFigure draws, for each output layer, the accuracy of the
// predictions against their confidence, bin by bin (the dashed diagonal is
// a perfectly calibrated model), in panels that share their axes.
func ReliabilityFigure(results []OutputResult) (*plot.Plot, error) {
	var panels []*plot.Plot
	for i, r := range results {
		var pts plots.Series
		for _, b := range r.Bins {
			if b.Count >= 10 { // Too few predictions say nothing.
				pts.X, pts.Y = append(pts.X, b.Confidence), append(pts.Y, b.Accuracy)
			}
		}
		if len(pts.Y) == 0 {
			return nil, fmt.Errorf("%s: no bin has 10 predictions", r.Output)
		}
		pts.Name, pts.Points, pts.Color = "bins of ≥ 10 images", true, plots.ClassColor(i)
		p, err := plots.Lines(fmt.Sprintf("%s (ECE %.3f)", outputName(r.Output), r.ECE),
			"confidence (largest output)", "accuracy in the bin",
			pts, plots.Series{Name: "calibrated", X: []float64{0, 1}, Y: []float64{0, 1}, Dashed: true, Color: plots.ClassColor(7)})
		if err != nil {
			return nil, err
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		plots.LegendAt(p, true, true)
		panels = append(panels, p)
	}
	return plots.SideBySide("Reliability on the validation images", panels...)
}

// outputName is how the lesson names an output layer.
func outputName(o string) string {
	if o == Sigmoids {
		return "10 sigmoids"
	}
	return "softmax"
}

// OverfitFigure draws a run's accuracy (left) and loss (right) per epoch on
// the training images and on the validation split.
func OverfitFigure(title string, r Run) (*plot.Plot, error) {
	if len(r.History.Evals) == 0 {
		return nil, errors.New("the run has no evaluations")
	}
	panel := func(what string) (*plot.Plot, error) {
		e, tr := r.Curve("train " + what)
		_, va := r.Curve("validation " + what)
		p, err := plots.Lines(what, "epoch", what,
			plots.Series{Name: "training images", X: e, Y: tr},
			plots.Series{Name: "validation", X: e, Y: va, Dashed: true})
		if err != nil {
			return nil, err
		}
		p.X.Tick.Marker = plots.IntegerTicks{}
		return p, nil
	}
	acc, err := panel("accuracy")
	if err != nil {
		return nil, err
	}
	loss, err := panel("loss")
	if err != nil {
		return nil, err
	}
	lo, hi := 1.0, 0.0
	for _, e := range r.History.Evals {
		lo = math.Min(lo, math.Min(e.Train.Metric, e.Validation.Metric))
		hi = math.Max(hi, math.Max(e.Train.Loss, e.Validation.Loss))
	}
	acc.Y.Min, acc.Y.Max = math.Floor(lo*10)/10, 1
	loss.Y.Min, loss.Y.Max = 0, 1.05*hi
	plots.LegendAt(acc, false, false)
	plots.LegendAt(loss, true, true)
	return plots.SideBySide(title, acc, loss)
}

// SweepFigure draws the validation accuracy per epoch of each run, named
// by name(run).
func SweepFigure(title string, runs []Run, name func(Run) string) (*plot.Plot, error) {
	var series []plots.Series
	for i, r := range runs {
		e, v := r.Curve("validation accuracy")
		series = append(series, plots.Series{Name: name(r), X: e, Y: v, Dashed: i%2 == 1})
	}
	if len(series) == 0 {
		return nil, errors.New("no runs")
	}
	p, err := plots.Lines(title, "epoch", "validation accuracy", series...)
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plots.IntegerTicks{}
	plots.LegendAt(p, false, false)
	return p, nil
}

// PanelsFigure draws one panel per run, with its training and validation
// accuracy per epoch; the panels share their y axis.
func PanelsFigure(title string, runs []Run, name func(Run) string) (*plot.Plot, error) {
	lo := 1.0
	var panels []*plot.Plot
	for _, r := range runs {
		e, tr := r.Curve("train accuracy")
		_, va := r.Curve("validation accuracy")
		p, err := plots.Lines(name(r), "epoch", "accuracy",
			plots.Series{Name: "training", X: e, Y: tr},
			plots.Series{Name: "validation", X: e, Y: va, Dashed: true})
		if err != nil {
			return nil, err
		}
		for _, v := range append(tr, va...) {
			lo = math.Min(lo, v)
		}
		p.X.Tick.Marker = plots.IntegerTicks{}
		plots.LegendAt(p, false, false)
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil, errors.New("no runs")
	}
	for _, p := range panels {
		p.Y.Min, p.Y.Max = math.Floor(lo*10)/10, 1
	}
	return plots.InGrid(title, 2, panels...)
}

// FigureOverfitting is section 3's overfitting figure, for the course's
// gallery: the baseline on the lesson's full splits, as the notebook runs it.
func FigureOverfitting() (*plot.Plot, error) {
	runs, err := galleryRuns([]Config{Baseline})
	if err != nil {
		return nil, err
	}
	return OverfitFigure("1,000 images, a network big enough to memorise them", runs[0])
}

// FigureWeightDecay is section 3's grid of λ, for the course's gallery.
func FigureWeightDecay() (*plot.Plot, error) {
	var configs []Config
	for _, l := range GalleryLambdas {
		c := Baseline
		c.L2 = l
		configs = append(configs, c)
	}
	runs, err := galleryRuns(configs)
	if err != nil {
		return nil, err
	}
	return SweepFigure("Weight decay, one run per λ", runs, func(r Run) string { return fmt.Sprintf("λ = %g", r.Config.L2) })
}

// GalleryLambdas are the λ of the lesson's grid.
var GalleryLambdas = []float64{0, 1e-4, 1e-3, 1e-2}

// galleryRuns trains configs on the full splits.
func galleryRuns(configs []Config) ([]Run, error) {
	backend, err := nnlib.Backend()
	if err != nil {
		return nil, err
	}
	s, err := LoadSplits(FullSizes, 1)
	if err != nil {
		return nil, err
	}
	return Sweep(backend, configs, s.Small, s.Validation)
}
