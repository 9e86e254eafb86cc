package optimizers

import (
	"fmt"

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
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{}
	return p, nil
}

// GridFigure draws one panel per run of the learning-rate study, three per
// row, each with its own scale, like the original course's grid.
func GridFigure(title string, runs []Result) (*plot.Plot, error) {
	var panels []*plot.Plot
	for _, r := range runs {
		p, err := plots.Lines(fmt.Sprintf("η = %g", r.LearningRate), "step", "loss", plots.Series{Y: plots.Smooth(r.Loss, 10)})
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	return plots.InGrid(title, 3, panels...)
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
