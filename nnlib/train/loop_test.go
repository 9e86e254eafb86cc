package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// points returns a dataset of n one-value examples whose value is their
// index, so that a step can tell which examples it got.
func points(n int) *data.Dataset {
	d := &data.Dataset{Name: "points", X: make([]float32, n), Shape: []int{1}, Labels: make([]int, n)}
	for i := range n {
		d.X[i] = float32(i)
	}
	return d
}

// recorder is a Step that keeps the examples of every minibatch and returns
// the losses it is given, one per step (1 after them).
type recorder struct {
	batches [][]int
	losses  []float64
}

func (r *recorder) step(s int, b data.Batch) (float64, error) {
	idx := make([]int, b.Len())
	for i, v := range b.X {
		idx[i] = int(v)
	}
	r.batches = append(r.batches, idx)
	if s <= len(r.losses) {
		return r.losses[s-1], nil
	}
	return 1, nil
}

// The loop takes its minibatches from a data.Batcher with the same seed:
// same order, a new shuffle each epoch, the last small batch skipped, and
// as many epochs as Steps needs.
func TestLoopFollowsTheBatcher(t *testing.T) {
	d := points(10)
	var r recorder
	h, err := Loop{Data: d, BatchSize: 3, Shuffle: true, Seed: 7, Steps: 7}.Run(r.step)
	if err != nil {
		t.Fatal(err)
	}
	want, err := data.NewBatcher(d, 3, true, 7)
	if err != nil {
		t.Fatal(err)
	}
	want.DropLast = true
	var expected [][]int
	for len(expected) < 7 {
		for b := range want.All() {
			if len(expected) == 7 {
				break
			}
			expected = append(expected, b.Indexes)
		}
	}
	if !slices.EqualFunc(r.batches, expected, slices.Equal) {
		t.Errorf("batches %v, want the Batcher's %v", r.batches, expected)
	}
	if h.Steps != 7 || h.Epochs != 3 || h.Examples != 21 || len(h.Loss) != 7 || h.BatchSize != 3 {
		t.Errorf("history: %d steps, %d epochs, %d examples, %d losses, batch %d; want 7, 3, 21, 7, 3",
			h.Steps, h.Epochs, h.Examples, len(h.Loss), h.BatchSize)
	}
	if h.Stopped != "" {
		t.Errorf("Stopped = %q for a full run", h.Stopped)
	}
}

// Epochs counts whole passes; an evaluation follows each one, with the mean
// training loss of its steps.
func TestLoopEpochsAndEvaluations(t *testing.T) {
	r := recorder{losses: []float64{4, 2, 3, 1, 5, 7}}
	var calls []int
	var seen []Eval
	h, err := Loop{Data: points(7), BatchSize: 3, Epochs: 3,
		Evaluate: func(step int) (Score, error) {
			calls = append(calls, step)
			return Score{Loss: 0.5, Metric: float64(step)}, nil
		},
		Hooks: []Hooks{{Eval: func(e Eval) { seen = append(seen, e) }}},
	}.Run(r.step)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(calls, []int{2, 4, 6}) {
		t.Errorf("evaluated after steps %v, want 2, 4, 6 (2 full batches of 3 per epoch of 7)", calls)
	}
	wantTrain := []float64{3, 2, 6}
	for i, e := range h.Evals {
		if e.Train.Loss != wantTrain[i] || e.Epoch != i+1 || !math.IsNaN(e.Train.Metric) {
			t.Errorf("evaluation %d: train %+v, epoch %d; want mean loss %g in epoch %d", i, e.Train, e.Epoch, wantTrain[i], i+1)
		}
	}
	if len(seen) != 3 || h.Best != 2 {
		t.Errorf("the hook saw %d evaluations and the best is %d; want 3 and the last (2)", len(seen), h.Best)
	}
	if !slices.Equal(r.batches[0], []int{0, 1, 2}) || !slices.Equal(r.batches[1], []int{3, 4, 5}) {
		t.Errorf("without Shuffle the batches go in order, got %v", r.batches[:2])
	}
}

// A NaN or infinite loss stops the training with the step named and what
// to try; the history up to there comes back.
func TestLoopStopsADivergingTraining(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		r := recorder{losses: []float64{1, 2, 3, 4, bad, 6}}
		h, err := Loop{Data: points(8), BatchSize: 2, Steps: 6}.Run(r.step)
		if err == nil || !strings.Contains(err.Error(), "step 5") || !strings.Contains(err.Error(), "smaller learning rate") {
			t.Errorf("loss %v: error %v, want one naming step 5 and a smaller learning rate", bad, err)
		}
		if len(h.Loss) != 5 || len(r.batches) != 5 {
			t.Errorf("loss %v: %d losses recorded and %d steps run, want 5 and 5", bad, len(h.Loss), len(r.batches))
		}
	}
}

// A loss that grows a hundredfold gets one warning, once; a loss that only
// bounces gets none.
func TestLoopWarnsOfAGrowingLoss(t *testing.T) {
	var got []string
	r := recorder{losses: []float64{0.7, 5, 80, 83000, 90000, 1e6}}
	h, err := Loop{Data: points(4), BatchSize: 1, Steps: 6, Warn: func(m string) { got = append(got, m) }}.Run(r.step)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(got[0], "step 3") || !strings.Contains(got[0], "learning rate") || !slices.Equal(h.Warnings, got) {
		t.Errorf("warnings %q (history %q), want one at step 3 about the learning rate", got, h.Warnings)
	}
	got = nil
	r = recorder{losses: []float64{1.04, 0.6, 3, 0.5, 40, 0.4}}
	if _, err := (Loop{Data: points(4), BatchSize: 1, Steps: 6, Warn: func(m string) { got = append(got, m) }}).Run(r.step); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("a bouncing loss (×40 at most) was warned about: %q", got)
	}
}

// Early stopping stops Patience evaluations after the best and says why;
// the best evaluation is the highest metric, or the lowest loss with OnLoss.
func TestEarlyStopping(t *testing.T) {
	scores := []float64{0.5, 0.7, 0.6, 0.69, 0.65, 0.9}
	run := func(es EarlyStopping) (History, int) {
		i := 0
		h, err := Loop{Data: points(4), BatchSize: 2, Epochs: len(scores), EarlyStopping: es,
			Evaluate: func(int) (Score, error) {
				i++
				return Score{Loss: 1 - scores[i-1], Metric: scores[i-1]}, nil
			}}.Run(func(int, data.Batch) (float64, error) { return 1, nil })
		if err != nil {
			t.Fatal(err)
		}
		return h, i
	}
	h, calls := run(EarlyStopping{Patience: 3})
	if calls != 5 || h.Best != 1 || h.Steps != 10 || !strings.Contains(h.Stopped, "early stopping") {
		t.Errorf("patience 3: %d evaluations, best %d, %d steps, stopped %q; want 5, 1, 10, early stopping", calls, h.Best, h.Steps, h.Stopped)
	}
	h, calls = run(EarlyStopping{Patience: 3, OnLoss: true})
	if calls != 5 || h.Best != 1 {
		t.Errorf("on the loss: %d evaluations, best %d; want 5 and 1", calls, h.Best)
	}
	h, calls = run(EarlyStopping{Patience: 2, MinDelta: 0.25})
	if calls != 3 || h.Best != 0 {
		t.Errorf("min delta 0.25: %d evaluations, best %d; want 3 and 0 (0.7 is not 0.25 better than 0.5)", calls, h.Best)
	}
	h, calls = run(EarlyStopping{})
	if calls != 6 || h.Best != 5 || h.Stopped != "" {
		t.Errorf("no early stopping: %d evaluations, best %d, stopped %q; want 6, 5 and a full run", calls, h.Best, h.Stopped)
	}
	if _, err := (Loop{Data: points(4), Epochs: 1, EarlyStopping: EarlyStopping{Patience: 1}}).Run(
		func(int, data.Batch) (float64, error) { return 1, nil }); err == nil || !strings.Contains(err.Error(), "Evaluate") {
		t.Errorf("early stopping without Evaluate: error %v, want one asking for Loop.Evaluate", err)
	}
}

// Stop ends the training after the evaluation it says so.
func TestLoopStop(t *testing.T) {
	h, err := Loop{Data: points(6), BatchSize: 2, Steps: 12, EvalEvery: 4,
		Evaluate: func(step int) (Score, error) { return Score{Metric: float64(step) / 10}, nil },
		Stop:     func(e Eval) bool { return e.Validation.Metric >= 0.8 },
	}.Run(func(int, data.Batch) (float64, error) { return 1, nil })
	if err != nil {
		t.Fatal(err)
	}
	if h.Steps != 8 || len(h.Evals) != 2 || h.Stopped == "" {
		t.Errorf("%d steps, %d evaluations, stopped %q; want 8, 2 and a reason", h.Steps, len(h.Evals), h.Stopped)
	}
	steps, acc := h.Curve(func(e Eval) float64 { return e.Validation.Metric })
	if !slices.Equal(steps, []float64{4, 8}) || !slices.Equal(acc, []float64{0.4, 0.8}) {
		t.Errorf("curve %v %v, want steps 4, 8 and 0.4, 0.8", steps, acc)
	}
}

// Bad set-ups get one clear line.
func TestLoopErrors(t *testing.T) {
	step := func(int, data.Batch) (float64, error) { return 1, nil }
	for _, c := range []struct {
		loop Loop
		step Step
		want string
	}{
		{Loop{Epochs: 1}, step, "Loop.Data"},
		{Loop{Data: points(3)}, step, "Epochs or Steps"},
		{Loop{Data: &data.Dataset{Name: "empty", Shape: []int{1}}, Epochs: 1}, step, "no examples"},
		{Loop{Data: points(3), Epochs: 1}, nil, "needs a Step"},
		{Loop{Data: points(3), Epochs: 1, EarlyStopping: EarlyStopping{Patience: -1}}, step, "Patience"},
	} {
		_, err := c.loop.Run(c.step)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %v, want one line with %q", err, c.want)
		}
	}
}
