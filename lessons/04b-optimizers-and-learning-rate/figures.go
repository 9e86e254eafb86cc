package optimizers

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// CurvesFigure draws the runs' smoothed loss per step on a log scale, one
// line per run, named by name(run).
func CurvesFigure(title string, runs []Result, name func(Result) string) (*plot.Plot, error) {
	var series []plots.Series
	for _, r := range runs {
		series = append(series, plots.Series{Name: name(r), Y: plots.Smooth(r.Loss, 20)})
	}
	p, err := plots.Lines(title, "step", "training loss (smoothed)", series...)
	if err != nil {
		return nil, err
	}
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plots.LogTicks{}
	return p, nil
}

// GridFigure draws one panel per run of the learning-rate study, three per
// row, like the original course's grid, all on one log scale of the loss:
// each panel's own scale hid η = 10's bounce and made tiny rates' noise look
// like instability.
func GridFigure(title string, runs []Result) (*plot.Plot, error) {
	panels, err := gridPanels(runs)
	if err != nil {
		return nil, err
	}
	return plots.InGrid(title+" (one log scale)", 3, panels...)
}

// gridPanels returns GridFigure's panels, sharing their y range.
func gridPanels(runs []Result) ([]*plot.Plot, error) {
	var panels []*plot.Plot
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range runs {
		y := plots.Smooth(r.Loss, 10)
		for _, v := range y {
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		p, err := plots.Lines(fmt.Sprintf("η = %g", r.LearningRate), "step", "loss", plots.Series{Y: y})
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	if !(hi > lo) {
		return nil, fmt.Errorf("the runs have no positive losses to draw")
	}
	for _, p := range panels {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plots.LogTicks{}
		p.Y.Min, p.Y.Max = lo/1.1, hi*1.1
	}
	return panels, nil
}

// FigureLearningRateStudy is section 4's grid, for the course's figure
// gallery: the original course's learning-rate study, as the notebook runs it.
func FigureLearningRateStudy() (*plot.Plot, error) {
	backend, err := nnlib.Backend()
	if err != nil {
		return nil, err
	}
	study, err := LearningRateStudy(backend, DefaultBlobs, mlp.SGD)
	if err != nil {
		return nil, err
	}
	return GridFigure("SGD on the blobs, one learning rate per panel", study)
}
