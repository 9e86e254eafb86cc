package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// EarlyStopping stops a training when the validation score has not improved
// for Patience evaluations in a row: the model selection of lesson 04c,
// decided on the validation split, never on the test set.
//
// The score watched is the validation metric (higher is better, such as
// accuracy), or the validation loss (lower is better) when OnLoss is set. An
// improvement must beat the best so far by more than MinDelta.
//
// When Restore is the model's store, the model's variables are put back, at
// the end of the training, to their values at the best evaluation: the
// model returned is the one selected.
type EarlyStopping struct {
	Patience int // Evaluations without improvement before stopping; 0 never stops.
	OnLoss   bool
	MinDelta float64
	Restore  *model.Store
}

func (es EarlyStopping) validate(haveEvaluate bool) error {
	switch {
	case es.Patience < 0:
		return fmt.Errorf("train: EarlyStopping.Patience must be 0 (off) or more, not %d", es.Patience)
	case es.MinDelta < 0:
		return fmt.Errorf("train: EarlyStopping.MinDelta must be 0 or more, not %g", es.MinDelta)
	case (es.Patience > 0 || es.Restore != nil) && !haveEvaluate:
		return errors.New("train: early stopping watches the validation score: set Loop.Evaluate")
	}
	return nil
}

// stopper applies an EarlyStopping to the evaluations as they come.
type stopper struct {
	es       EarlyStopping
	best     float64
	since    int // Evaluations since the best.
	seen     bool
	reason   string
	snapshot map[string]*tensors.Tensor // Trainable variables at the best evaluation.
}

func newStopper(es EarlyStopping) *stopper { return &stopper{es: es} }

// observe takes the validation score of evaluation i and says whether it is
// the best so far and whether to stop now.
func (s *stopper) observe(sc Score, i int) (better, stop bool, err error) {
	v, name := sc.Metric, "metric"
	if s.es.OnLoss {
		v, name = -sc.Loss, "loss"
	}
	if math.IsNaN(v) {
		if s.es.Patience > 0 || s.es.Restore != nil {
			return false, true, fmt.Errorf("train: early stopping watches the validation %s, but Evaluate returned NaN for it", name)
		}
		return false, false, nil
	}
	if !s.seen || v > s.best+s.es.MinDelta {
		s.best, s.since, s.seen = v, 0, true
		if s.es.Restore != nil {
			if s.snapshot, err = snapshot(s.es.Restore); err != nil {
				return true, true, err
			}
		}
		return true, false, nil
	}
	s.since++
	if s.es.Patience > 0 && s.since >= s.es.Patience {
		s.reason = fmt.Sprintf("early stopping: no better validation %s in %d evaluations", name, s.since)
		return false, true, nil
	}
	return false, false, nil
}

// restore puts the best evaluation's variables back when it is not the last.
func (s *stopper) restore(best, last int) error {
	if s.es.Restore == nil || s.snapshot == nil || best == last {
		return nil
	}
	for path, value := range s.snapshot {
		v := s.es.Restore.GetVariable(path)
		if v == nil {
			return fmt.Errorf("train: cannot restore %s: the variable is gone", path)
		}
		if err := v.SetValue(value); err != nil {
			return fmt.Errorf("train: restoring %s: %w", path, err)
		}
	}
	return nil
}

// snapshot copies the trainable variables of store.
func snapshot(store *model.Store) (map[string]*tensors.Tensor, error) {
	out := make(map[string]*tensors.Tensor)
	for v := range store.IterVariables() {
		if !v.Trainable || !v.HasValue() {
			continue
		}
		value, err := v.Value()
		if err != nil {
			return nil, err
		}
		if out[v.Path()], err = value.Clone(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// watch looks at every step's loss for a training that diverges.
type watch struct {
	factor float64
	first  float64
	warned bool
	warn   func(string)
}

func newWatch(factor float64, warn func(string)) *watch {
	if factor <= 0 {
		factor = 100
	}
	return &watch{factor: factor, first: math.NaN(), warn: warn}
}

// check returns an error when the loss is NaN or infinite, and warns once
// when it grew past factor times the first step's.
func (w *watch) check(step int, loss float64) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("train: the training diverged at step %d (the loss is %v): try a smaller learning rate", step, loss)
	}
	if math.IsNaN(w.first) {
		w.first = loss
		return nil
	}
	if !w.warned && w.first > 0 && loss > w.factor*w.first {
		w.warned = true
		w.warn(fmt.Sprintf("⚠ the loss grew from %.3g at step 1 to %.3g at step %d (×%.3g): the learning rate is probably too large",
			w.first, loss, step, loss/w.first))
	}
	return nil
}
