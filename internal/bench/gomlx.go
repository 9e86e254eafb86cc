package bench

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// RunMLP trains the spec's network with nnlib (mlp.FitUntil, GoMLX's
// trainer) on Fashion-MNIST and measures it; it is the Go worker.
func RunMLP(spec Spec) (Result, error) {
	backend, train, test, err := fashion(spec)
	if err != nil {
		return Result{}, err
	}
	train.Flatten()
	test.Flatten()
	stepsPerEpoch := train.Len() / spec.Batch
	cfg := mlp.Config{
		Sizes: spec.Sizes, Hidden: mlp.ReLU, Steps: spec.MaxEpochs * stepsPerEpoch, BatchSize: spec.Batch,
		LearningRate: spec.LR, Optimizer: mlp.Adam, Seed: spec.Seed,
	}
	var (
		clockStart, clockEnd time.Time
		reached              time.Duration
		trainStart           = time.Now()
		looking              time.Duration
		r                    = Result{Framework: "nnlib (GoMLX, " + backend.Name() + ")"}
	)
	progress := func(step int, _ float64) {
		switch step {
		case spec.Warmup:
			clockStart = time.Now()
		case spec.Warmup + spec.Measure:
			clockEnd = time.Now()
		}
	}
	tr, err := mlp.FitUntil(backend, cfg, train, progress, mlp.Checkpoint{Every: stepsPerEpoch, Look: func(step int, n mlp.Net) bool {
		t0 := time.Now()
		acc, err := mlp.Accuracy(n, test)
		looking += time.Since(t0)
		r.Accuracy, r.Epochs = acc, float64(step)/float64(stepsPerEpoch)
		if err == nil && acc >= spec.Target && reached == 0 {
			reached = time.Since(trainStart) - looking
		}
		return reached > 0 && !clockEnd.IsZero()
	}})
	if err != nil {
		return Result{}, err
	}
	_ = tr
	if clockEnd.IsZero() {
		return Result{}, fmt.Errorf("training stopped before the %d timed steps", spec.Measure)
	}
	r.ExamplesPerSec = rate(spec.Measure, spec.Batch, clockEnd.Sub(clockStart))
	r.SecondsToTarget = reached.Seconds()
	r.Detail = fmt.Sprintf("%s, SIMD build %v", nnlib.ChooseBackend().Config, nnlib.SIMDBuild)
	return r, nil
}

// CNNConfig is the nnlib/cnn training configuration of a CNN spec.
func CNNConfig(spec Spec) cnn.Config {
	return cnn.Config{
		Arch: cnn.Arch{Height: 28, Width: 28, Channels: 1, Filters: slices.Clone(spec.Conv), Kernel: 3, Padding: spec.Padding,
			Dense: spec.Dense, Classes: 10, Dropout: spec.Dropout},
		Epochs: spec.MaxEpochs, BatchSize: spec.Batch, LearningRate: spec.LR, CosineDecay: spec.Cosine, Seed: spec.Seed,
	}
}

// RunCNN trains the spec's network with nnlib/cnn (cnn.FitUntil, GoMLX's
// trainer) on Fashion-MNIST until the target accuracy and measures it; it is
// the Go worker.
func RunCNN(spec Spec) (Result, error) {
	backend, train, test, err := fashion(spec)
	if err != nil {
		return Result{}, err
	}
	var clockStart, clockEnd time.Time
	progress := func(step, _ int, _, acc float64) {
		if !math.IsNaN(acc) { // The call after an epoch, for the same step.
			return
		}
		switch step {
		case spec.Warmup:
			clockStart = time.Now()
		case spec.Warmup + spec.Measure:
			clockEnd = time.Now()
		}
	}
	cfg := CNNConfig(spec)
	tr, err := cnn.FitUntil(backend, cfg, train, test, progress, func(_ int, acc float64) bool {
		return acc >= spec.Target && !clockEnd.IsZero()
	})
	if err != nil {
		return Result{}, err
	}
	if clockEnd.IsZero() {
		return Result{}, fmt.Errorf("training stopped before the %d timed steps", spec.Measure)
	}
	r := Result{
		Framework:      "nnlib (GoMLX, " + backend.Name() + ")",
		ExamplesPerSec: rate(spec.Measure, spec.Batch, clockEnd.Sub(clockStart)),
		Accuracy:       tr.FinalAccuracy(),
		Epochs:         float64(len(tr.EpochAcc)),
		Detail:         fmt.Sprintf("%s, SIMD build %v, %s", nnlib.ChooseBackend().Config, nnlib.SIMDBuild, cnn.Auto.On(backend)),
	}
	if r.Accuracy >= spec.Target {
		r.SecondsToTarget = tr.TrainSeconds
	}
	return r, nil
}

// fashion returns the backend and the spec's training images (the first
// spec.Train, or all) and test images of Fashion-MNIST.
func fashion(spec Spec) (backend compute.Backend, train, test *data.Dataset, err error) {
	if backend, err = nnlib.Backend(); err != nil {
		return nil, nil, nil, err
	}
	if train, err = data.FashionMNIST(data.Train); err != nil {
		return nil, nil, nil, err
	}
	if spec.Train > 0 {
		if train, err = train.Head(spec.Train); err != nil {
			return nil, nil, nil, err
		}
	}
	if test, err = data.FashionMNIST(data.Test); err != nil {
		return nil, nil, nil, err
	}
	return backend, train, test, nil
}
