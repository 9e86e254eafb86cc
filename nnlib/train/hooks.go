package train

import (
	"fmt"
	"io"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Live shows the training in view (plots.TrainingView): the loss of every
// step, smoothed, and after every evaluation the training and validation
// scores, named after metric ("accuracy", say). Call view.Done() after Run.
func Live(view *plots.TrainingView, metric string) Hooks {
	return Hooks{
		Step: func(step, total int, loss float64) {
			if view.Total == 0 {
				view.Total = total
			}
			_ = view.Update(step, plots.Metric{Name: "loss", Value: loss})
		},
		Eval: func(e Eval) {
			_ = view.Update(e.Step,
				plots.Metric{Name: "validation loss", Value: e.Validation.Loss},
				plots.Metric{Name: "train " + metric, Value: e.Train.Metric},
				plots.Metric{Name: "validation " + metric, Value: e.Validation.Metric})
		},
	}
}

// Print writes one line per evaluation to w: the step, the epoch, the mean
// training loss since the last evaluation and the validation scores, with
// metric naming the validation metric.
func Print(w io.Writer, metric string) Hooks {
	return Hooks{Eval: func(e Eval) {
		line := fmt.Sprintf("epoch %2d  step %5d  train loss %.4f", e.Epoch, e.Step, e.Train.Loss)
		if !math.IsNaN(e.Train.Metric) {
			line += fmt.Sprintf("  train %s %.4f", metric, e.Train.Metric)
		}
		if !math.IsNaN(e.Validation.Loss) {
			line += fmt.Sprintf("  validation loss %.4f", e.Validation.Loss)
		}
		if !math.IsNaN(e.Validation.Metric) {
			line += fmt.Sprintf("  validation %s %.4f", metric, e.Validation.Metric)
		}
		fmt.Fprintln(w, line)
	}}
}
