package train

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Print writes one line per evaluation, with what was measured and nothing
// that was not.
func TestPrintHook(t *testing.T) {
	var out bytes.Buffer
	r := recorder{losses: []float64{2, 1, 0.5, 0.25}}
	_, err := Loop{Data: points(4), BatchSize: 2, Epochs: 2, Hooks: []Hooks{Print(&out, "accuracy")},
		Evaluate: func(step int) (Score, error) { return Score{Loss: 0.75, Metric: 0.5 + float64(step)/10}, nil },
	}.Run(r.step)
	if err != nil {
		t.Fatal(err)
	}
	want := "epoch  1  step     2  train loss 1.5000  validation loss 0.7500  validation accuracy 0.7000\n" +
		"epoch  2  step     4  train loss 0.3750  validation loss 0.7500  validation accuracy 0.9000\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}

// Live feeds a TrainingView: the step losses and, after each evaluation,
// the validation scores; outside a notebook the view prints text lines.
func TestLiveHook(t *testing.T) {
	view := plots.NewTrainingView("test", 0)
	var out bytes.Buffer
	view.Out, view.TextInterval = &out, 0
	_, err := Loop{Data: points(4), BatchSize: 2, Epochs: 2, Hooks: []Hooks{Live(view, "accuracy")},
		Evaluate: func(int) (Score, error) { return Score{Loss: 0.5, Metric: 0.875}, nil },
	}.Run(func(int, data.Batch) (float64, error) { return 1.25, nil })
	if err != nil {
		t.Fatal(err)
	}
	if err := view.Done(); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"loss", "validation accuracy", "0.875", "1.25"} {
		if !strings.Contains(text, want) {
			t.Errorf("the view's text lacks %q:\n%s", want, text)
		}
	}
	if view.Total != 4 {
		t.Errorf("the view's total is %d steps, want the loop's 4", view.Total)
	}
}
