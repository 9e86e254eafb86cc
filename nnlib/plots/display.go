package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gomlx-course/dlcourse/nnlib/oneline"
)

// Display shows the figure that a figure function returns, or stops the
// notebook cell with the function's error on one line (as nnlib.Fatal does),
// so that a cell shows a figure in one call:
//
//	plots.Display(plots.Lines("The loss", "step", "loss", series))
//
// A figure that cannot be drawn stops the cell the same way. It is Show
// for notebook cells, which have nothing to do with the error but print it.
func Display(p *plot.Plot, err error) { DisplayHeight(Height)(p, err) }

// DisplayHeight returns Display for figures of the given height, at the
// default width:
//
//	plots.DisplayHeight(12 * vg.Centimeter)(conv.FigurePooling())
func DisplayHeight(h vg.Length) func(*plot.Plot, error) {
	return func(p *plot.Plot, err error) {
		if err == nil {
			err = ShowSized(p, Width, h)
		}
		if err != nil {
			oneline.Fatal(err)
		}
	}
}
