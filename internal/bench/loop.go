package bench

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// TrainAndValid returns the images of a benchmark that validates on part
// of Fashion-MNIST's training images (ConvAE, ResNet), as both sides cut
// them: the first spec.Train to train on, and spec.ValidImages from
// spec.ValidStart to validate on.
func TrainAndValid(spec Spec) (trainSet, valid *data.Dataset, err error) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		return nil, nil, err
	}
	if spec.Train < 1 || spec.ValidImages < 1 || spec.ValidStart < spec.Train || spec.ValidStart+spec.ValidImages > full.Len() {
		return nil, nil, fmt.Errorf("the %s benchmark trains on the first %d of %d images and validates on %d from %d: they must not overlap", spec.Name, spec.Train, full.Len(), spec.ValidImages, spec.ValidStart)
	}
	if trainSet, err = full.Head(spec.Train); err != nil {
		return nil, nil, err
	}
	idx := make([]int, spec.ValidImages)
	for i := range idx {
		idx[i] = spec.ValidStart + i
	}
	if valid, err = full.Subset(idx); err != nil {
		return nil, nil, err
	}
	return trainSet, valid, nil
}

// newStore sets the worker's threads and returns the backend and an empty
// store whose random generator the spec's seed fixes.
func newStore(spec Spec) (compute.Backend, *model.Store, error) {
	runtime.GOMAXPROCS(spec.Threads)
	backend, err := nnlib.Backend()
	if err != nil {
		return nil, nil, err
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(spec.Seed)); err != nil {
		return nil, nil, err
	}
	return backend, store, nil
}

// timedRun is the training of the benchmarks that measure the model every
// spec.EvalEvery steps (LSTM, ConvAE, ResNet), as the PyTorch scripts'
// train_timed is: train.Loop over set in shuffled minibatches of
// spec.Batch, for at most spec.MaxEpochs epochs, timing steps spec.Warmup+1
// to spec.Warmup+spec.Measure. After each evaluate, record writes what it
// measured into r and says whether it meets the target: the training time
// (evaluations excluded) of the first one that does is r.SecondsToTarget,
// and the training stops at the first evaluation with the target met and
// the timed steps done. It fills in r's ExamplesPerSec and Epochs, and
// says on standard error how far it got, one line per evaluation (show).
func timedRun(spec Spec, set *data.Dataset, step train.Step, evaluate func() (train.Score, error), r *Result, record func(s train.Score) (reached bool, show string)) error {
	stepsPerEpoch := set.Len() / spec.Batch
	var measured time.Duration
	loop := train.Loop{
		Data: set, BatchSize: spec.Batch, Shuffle: true, Seed: spec.Seed,
		Steps: spec.MaxEpochs * stepsPerEpoch, EvalEvery: spec.EvalEvery,
		Evaluate: func(int) (train.Score, error) { return evaluate() },
		Stop: func(e train.Eval) bool {
			r.Epochs = float64(e.Step) / float64(stepsPerEpoch)
			reached, show := record(e.Validation)
			fmt.Fprintf(os.Stderr, "step %d: %s after %.1f s of training\n", e.Step, show, e.Seconds)
			if r.SecondsToTarget == 0 && reached {
				r.SecondsToTarget = e.Seconds
			}
			return r.SecondsToTarget > 0 && e.Step >= spec.Warmup+spec.Measure
		},
		Warn: func(msg string) { fmt.Fprintln(os.Stderr, msg) },
	}
	h, err := loop.Run(func(i int, b data.Batch) (float64, error) {
		t := time.Now()
		l, err := step(i, b)
		if i > spec.Warmup && i <= spec.Warmup+spec.Measure {
			measured += time.Since(t)
		}
		return l, err
	})
	if err != nil {
		return err
	}
	if h.Steps < spec.Warmup+spec.Measure {
		return fmt.Errorf("training stopped before the %d timed steps", spec.Measure)
	}
	r.ExamplesPerSec = rate(spec.Measure, spec.Batch, measured)
	return nil
}
