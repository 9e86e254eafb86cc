package deeparch

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// DepthFigure is the depth study: the training loss at the end of the
// budget (left) and the validation accuracy (right) against the depth, one
// line for the plain networks and one for the residual ones.
func DepthFigure(title string, results []Result) (*plot.Plot, error) {
	type line struct{ depth, loss, acc []float64 }
	lines := map[cnn.Join]*line{cnn.Plain: {}, cnn.Residual: {}}
	var depths []float64
	for _, r := range results {
		l, ok := lines[r.Net.Join]
		if !ok {
			return nil, fmt.Errorf("DepthFigure draws plain and residual networks, not %s", r.Name())
		}
		d := float64(r.Net.Depth())
		l.depth, l.loss, l.acc = append(l.depth, d), append(l.loss, r.FinalLoss()), append(l.acc, 100*r.Accuracy())
		if r.Net.Join == cnn.Plain {
			depths = append(depths, d)
		}
	}
	if len(lines[cnn.Plain].depth) < 2 || len(lines[cnn.Residual].depth) != len(lines[cnn.Plain].depth) {
		return nil, fmt.Errorf("DepthFigure needs plain and residual networks at the same two or more depths")
	}
	panel := func(name, y string, value func(*line) []float64) (*plot.Plot, error) {
		var series []plots.Series
		for k, j := range []cnn.Join{cnn.Plain, cnn.Residual} {
			series = append(series, plots.Series{Name: j.String(), X: lines[j].depth, Y: value(lines[j]), Points: true, Dashed: k == 0})
		}
		p, err := plots.Lines(name, "depth (layers with weights)", y, series...)
		if err != nil {
			return nil, err
		}
		p.X.Tick.Marker = plots.ValueTicks(depths)
		p.X.Min, p.X.Max = 0, depths[len(depths)-1]*1.08
		return p, nil
	}
	loss, err := panel("Training loss after the budget", "cross-entropy (last 20 steps)", func(l *line) []float64 { return l.loss })
	if err != nil {
		return nil, err
	}
	acc, err := panel("Validation accuracy", "accuracy (%)", func(l *line) []float64 { return l.acc })
	if err != nil {
		return nil, err
	}
	return plots.SideBySide(title, loss, acc)
}

// CurvesFigure draws the training loss of each result, step by step,
// smoothed over 10 steps.
func CurvesFigure(title string, results ...Result) (*plot.Plot, error) {
	var series []plots.Series
	for k, r := range results {
		series = append(series, plots.Series{Name: r.Name(), Y: plots.Smooth(r.Fit.History.Loss, 10), Dashed: k%2 == 0})
	}
	return plots.Lines(title, "step", "training loss (cross-entropy, smoothed)", series...)
}

// Gradients are the gradient norms of one network at initialisation, per
// main-path convolution (cnn.Deep.GradientNorms).
type Gradients struct {
	Name  string
	Norms []float64
}

// GradientFigure draws ‖∂J/∂K‖ for each convolution, from the input (layer
// 1) to the output, one line per network, on a log scale.
func GradientFigure(title string, grads ...Gradients) (*plot.Plot, error) {
	var series []plots.Series
	for k, g := range grads {
		for _, v := range g.Norms {
			if !(v > 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s has a gradient norm of %g: a log scale cannot show it", g.Name, v)
			}
		}
		x := make([]float64, len(g.Norms))
		for i := range x {
			x[i] = float64(i + 1)
		}
		series = append(series, plots.Series{Name: g.Name, X: x, Y: g.Norms, Dashed: k%2 == 0})
	}
	p, err := plots.Lines(title, "convolution layer (1 = next to the input)", "‖∂J/∂K‖ at initialisation", series...)
	if err != nil {
		return nil, err
	}
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plots.LogTicks{}
	p.X.Tick.Marker = plots.IntegerTicks{}
	return p, nil
}

// Spread is how many times larger the largest of norms is than the
// smallest: 1 for a gradient of the same size at every layer.
func Spread(norms []float64) float64 {
	lo, hi := math.Inf(1), 0.0
	for _, v := range norms {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return hi / lo
}

// DepthStudy trains (or reads back, with nnlib.Keep, under the notebook's
// name and config) the depth study of run r.
func DepthStudy(r Run) ([]Result, error) {
	d, err := LoadData()
	if err != nil {
		return nil, err
	}
	return KeepAll("depth-study", r, r.DepthNets(), d.Half)
}

// FigureDepthStudy is section 3's depth figure of the full run, for the
// course's figure gallery (it trains the six networks, some three minutes on
// two cores, unless the notebook's run is kept).
func FigureDepthStudy() (*plot.Plot, error) {
	results, err := Read("depth-study", FullRun())
	if err != nil {
		results, err = DepthStudy(FullRun())
	}
	if err != nil {
		return nil, err
	}
	return DepthFigure(DepthTitle, results)
}

// DepthTitle is the depth figure's title.
const DepthTitle = "Plain and residual networks of increasing depth"
