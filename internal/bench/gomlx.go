package bench

import (
	"fmt"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// RunMLP trains the spec's network with nnlib (mlp.FitUntil, GoMLX's
// trainer) on Fashion-MNIST and measures it; it is the Go worker.
func RunMLP(spec Spec) (Result, error) {
	backend, err := nnlib.Backend()
	if err != nil {
		return Result{}, err
	}
	train, err := data.FashionMNIST(data.Train)
	if err != nil {
		return Result{}, err
	}
	test, err := data.FashionMNIST(data.Test)
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
