package train

import (
	"errors"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Step trains the model on one minibatch and returns the minibatch's loss.
// step counts from 1. Supervised.Step is the usual one; a model with several
// losses or optimizers (a GAN) writes its own.
type Step func(step int, b data.Batch) (loss float64, err error)

// Score is a measurement of the model on some examples: its mean loss and
// its metric (accuracy for a classifier). Either may be NaN when not
// measured.
type Score struct {
	Loss, Metric float64
}

// NoScore is a Score with nothing measured.
var NoScore = Score{Loss: math.NaN(), Metric: math.NaN()}

// Eval is one evaluation during training: where it happened and what it
// measured.
type Eval struct {
	Step, Epoch int     // After this step (from 1), in this epoch (from 1).
	Seconds     float64 // Training time so far, evaluations excluded.
	// Train is measured on the training examples: its Loss is the mean
	// minibatch loss since the previous evaluation; its Metric is
	// Loop.EvaluateTrain's, NaN without it.
	Train Score
	// Validation is Loop.Evaluate's measure (NoScore without it).
	Validation Score
}

// Hooks are called as the training goes: Step after every step with the
// step, the total number of steps planned and the step's loss; Eval after
// every evaluation. Either may be nil. Progress lines and the live view
// (Live, Print) are Hooks.
type Hooks struct {
	Step func(step, total int, loss float64)
	Eval func(e Eval)
}

// Loop is one training run: which examples, in which minibatches, for how
// long, measured how, stopped when. Fill in what the training needs and call
// Run with the model's Step.
type Loop struct {
	Data      *data.Dataset // The training examples.
	BatchSize int           // Examples per step; 0 (or more than Data has) for all of them.
	// Shuffle draws a new order of the examples at every epoch, fixed by
	// Seed. Every step has BatchSize examples: an epoch's last, smaller
	// minibatch is skipped, so that the model compiles one graph.
	Shuffle bool
	Seed    uint32
	// Epochs is how many passes over Data to train for; Steps, when not 0,
	// is the number of steps instead (the passes repeat as needed).
	Epochs, Steps int
	// Prepare, if not nil, changes each minibatch before its step (data
	// augmentation: shifted or mirrored images).
	Prepare func(b *data.Batch)

	// Evaluate measures the model on the validation split after every
	// epoch, or every EvalEvery steps when that is not 0. nil for no
	// evaluation.
	Evaluate  func(step int) (Score, error)
	EvalEvery int
	// EvaluateTrain, if not nil, measures the model on the training
	// examples at the same moments (for the overfitting figure).
	EvaluateTrain func(step int) (Score, error)
	// EarlyStopping stops the training when the validation score stops
	// improving; its zero value never stops.
	EarlyStopping EarlyStopping
	// Stop, if not nil, is asked after every evaluation whether to stop
	// there (a target accuracy reached, say).
	Stop func(e Eval) bool

	Hooks []Hooks
	// Warn receives the loop's warnings (a loss that grew by orders of
	// magnitude), one line each; nil prints them on standard output.
	Warn func(msg string)
	// GrowthWarning is the factor by which the loss must exceed the first
	// step's loss to be warned about; 0 for 100.
	GrowthWarning float64
}

// History is what happened during a training: the loss of every step, the
// evaluations, and why it stopped. It is gob-encodable, for nnlib.Keep.
type History struct {
	Loss  []float64 // The minibatch loss of each step.
	Evals []Eval
	// Best indexes Evals: the best validation score under EarlyStopping's
	// rule (the highest metric, or the lowest loss); -1 without one.
	Best                int
	Steps, Epochs       int     // Steps taken, and the epoch of the last one.
	BatchSize, Examples int     // Examples per step, and seen in all: Steps·BatchSize.
	Seconds             float64 // Wall time of Run, evaluations included.
	TrainSeconds        float64 // Wall time of the steps alone.
	// Stopped says why the training ended before its planned steps ("" when
	// it ran them all).
	Stopped  string
	Warnings []string
}

// ExamplesPerSecond is the training throughput: examples per second of
// steps, evaluations excluded.
func (h History) ExamplesPerSecond() float64 {
	if h.TrainSeconds <= 0 {
		return 0
	}
	return float64(h.Examples) / h.TrainSeconds
}

// BestEval returns the best evaluation (see History.Best), and false when
// there is none.
func (h History) BestEval() (Eval, bool) {
	if h.Best < 0 || h.Best >= len(h.Evals) {
		return Eval{}, false
	}
	return h.Evals[h.Best], true
}

// Curve returns the evaluations' steps and one of their values, picked by
// value (for example func(e Eval) float64 { return e.Validation.Metric }),
// ready for a line plot.
func (h History) Curve(value func(e Eval) float64) (steps, values []float64) {
	for _, e := range h.Evals {
		steps = append(steps, float64(e.Step))
		values = append(values, value(e))
	}
	return steps, values
}

// Run trains with step until the planned steps are done or the training is
// stopped (EarlyStopping, Stop), and returns the History. A loss that is NaN
// or infinite ends the training with an error naming the step; the History
// up to there is returned with it.
func (l Loop) Run(step Step) (h History, err error) {
	start := time.Now()
	h.Best = -1
	if step == nil {
		return h, errors.New("train: Run needs a Step (for example NewSupervised(...).Step)")
	}
	if l.Data == nil {
		return h, errors.New("train: the Loop has no training data: set Loop.Data")
	}
	if err := l.Data.Validate(); err != nil {
		return h, err
	}
	n := l.Data.Len()
	if n == 0 {
		return h, fmt.Errorf("train: %s has no examples", l.Data.Name)
	}
	if l.Epochs < 0 || l.Steps < 0 || (l.Epochs == 0 && l.Steps == 0) {
		return h, fmt.Errorf("train: say how long to train: Epochs or Steps must be at least 1 (have %d and %d)", l.Epochs, l.Steps)
	}
	if err := l.EarlyStopping.validate(l.Evaluate != nil); err != nil {
		return h, err
	}
	batch := l.BatchSize
	if batch <= 0 || batch > n {
		batch = n
	}
	batcher, err := data.NewBatcher(l.Data, batch, l.Shuffle && batch < n, l.Seed)
	if err != nil {
		return h, err
	}
	batcher.DropLast = true
	total := l.Steps
	if total == 0 {
		total = l.Epochs * batcher.BatchesPerEpoch()
	}
	h.BatchSize = batch
	h.Loss = make([]float64, 0, total)
	w := newWatch(l.GrowthWarning, l.warn(&h))
	stopper := newStopper(l.EarlyStopping)
	var trainTime time.Duration
	sinceEval := 0.0 // Sum of the losses since the last evaluation.
	stepsSinceEval := 0

	evaluate := func(s, epoch int) (stop bool, err error) {
		e := Eval{Step: s, Epoch: epoch, Seconds: trainTime.Seconds(), Train: NoScore, Validation: NoScore}
		if stepsSinceEval > 0 {
			e.Train.Loss = sinceEval / float64(stepsSinceEval)
		}
		sinceEval, stepsSinceEval = 0, 0
		if l.EvaluateTrain != nil {
			sc, err := l.EvaluateTrain(s)
			if err != nil {
				return true, fmt.Errorf("train: evaluating on the training examples after step %d: %w", s, err)
			}
			e.Train.Metric = sc.Metric
			if !math.IsNaN(sc.Loss) {
				e.Train.Loss = sc.Loss
			}
		}
		if l.Evaluate != nil {
			if e.Validation, err = l.Evaluate(s); err != nil {
				return true, fmt.Errorf("train: evaluating after step %d: %w", s, err)
			}
		}
		h.Evals = append(h.Evals, e)
		for _, hk := range l.Hooks {
			if hk.Eval != nil {
				hk.Eval(e)
			}
		}
		if l.Evaluate != nil {
			better, stopNow, err := stopper.observe(e.Validation, len(h.Evals)-1)
			if err != nil {
				return true, err
			}
			if better {
				h.Best = len(h.Evals) - 1
			}
			if stopNow {
				h.Stopped = stopper.reason
				return true, nil
			}
		}
		if l.Stop != nil && l.Stop(e) {
			h.Stopped = fmt.Sprintf("stopped after step %d by Loop.Stop", s)
			return true, nil
		}
		return false, nil
	}
	finish := func() (History, error) {
		if err := stopper.restore(h.Best, len(h.Evals)-1); err != nil {
			return h, err
		}
		h.Examples = h.Steps * batch
		h.TrainSeconds = trainTime.Seconds()
		h.Seconds = time.Since(start).Seconds()
		return h, nil
	}

	s, epoch, lastEval := 0, 0, 0
	for s < total {
		epoch++
		for b := range batcher.All() {
			if s >= total {
				break
			}
			s++
			t0 := time.Now()
			if l.Prepare != nil {
				l.Prepare(&b)
			}
			loss, err := step(s, b)
			trainTime += time.Since(t0)
			if err != nil {
				h.Steps, h.Epochs = s-1, epoch
				fh, _ := finish()
				return fh, fmt.Errorf("train: step %d: %w", s, err)
			}
			h.Loss = append(h.Loss, loss)
			h.Steps, h.Epochs = s, epoch
			sinceEval += loss
			stepsSinceEval++
			for _, hk := range l.Hooks {
				if hk.Step != nil {
					hk.Step(s, total, loss)
				}
			}
			if err := w.check(s, loss); err != nil {
				fh, _ := finish()
				return fh, err
			}
			if l.EvalEvery > 0 && s%l.EvalEvery == 0 {
				lastEval = s
				if stop, err := evaluate(s, epoch); err != nil || stop {
					fh, ferr := finish()
					return fh, errors.Join(err, ferr)
				}
			}
		}
		if l.EvalEvery == 0 && (l.Evaluate != nil || l.EvaluateTrain != nil || l.Stop != nil) && lastEval != s {
			lastEval = s
			if stop, err := evaluate(s, epoch); err != nil || stop {
				fh, ferr := finish()
				return fh, errors.Join(err, ferr)
			}
		}
	}
	return finish()
}

// warn is where the loop's warnings go: recorded in h, and passed to
// l.Warn or printed.
func (l Loop) warn(h *History) func(string) {
	return func(msg string) {
		h.Warnings = append(h.Warnings, msg)
		if l.Warn != nil {
			l.Warn(msg)
			return
		}
		fmt.Fprintln(os.Stdout, msg)
	}
}
