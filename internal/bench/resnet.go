package bench

import (
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// ResNetNet is the nnlib/cnn network of a ResNet spec: a Deep residual
// network with batch normalisation of spec.Blocks blocks per stage, stages
// of spec.Widths channels, for Fashion-MNIST's images halved to 14×14 and
// its 10 classes. For the ResNet spec it is lesson 05d's "residual-20 + BN".
func ResNetNet(spec Spec) (cnn.Deep, error) {
	d := cnn.Deep{Height: 14, Width: 14, Channels: 1, Join: cnn.Residual, Widths: slices.Clone(spec.Widths),
		Blocks: spec.Blocks, BatchNorm: true, Classes: 10}
	return d, d.Validate()
}

// ResNetData returns the residual network benchmark's images, as both sides
// cut them (TrainAndValid) and halve them to 14×14 (data.HalfSize: the mean
// of each 2×2 square of pixels).
func ResNetData(spec Spec) (trainSet, valid *data.Dataset, err error) {
	if trainSet, valid, err = TrainAndValid(spec); err != nil {
		return nil, nil, err
	}
	if trainSet, err = data.HalfSize(trainSet); err != nil {
		return nil, nil, err
	}
	if valid, err = data.HalfSize(valid); err != nil {
		return nil, nil, err
	}
	return trainSet, valid, nil
}

// RunResNet trains the spec's residual network with nnlib/cnn as
// cnn.FitNet does (Deep.Model, softmax cross-entropy and Adam in a
// train.NewSupervised step, train.Loop shuffling the images) until the
// validation accuracy reaches spec.Target, measured every spec.EvalEvery
// steps as FitNet measures it (the trained DeepNet's predictions, batch
// normalisation with its running averages); it is the Go worker.
// Throughput and time to target count the steps only (evaluations
// excluded), as on the PyTorch side.
func RunResNet(spec Spec) (Result, error) {
	d, err := ResNetNet(spec)
	if err != nil {
		return Result{}, err
	}
	trainSet, valid, err := ResNetData(spec)
	if err != nil {
		return Result{}, err
	}
	backend, store, err := newStore(spec)
	if err != nil {
		return Result{}, err
	}
	step := train.NewSupervised(backend, store, d.Model(cnn.Auto), loss.SparseCategoricalCrossEntropyLogits,
		optimizer.Adam().LearningRate(spec.LR).Done(), train.ImagesAndLabels)
	r := Result{Framework: "nnlib (GoMLX, " + backend.Name() + ")"}
	accuracy := func() (train.Score, error) {
		net, err := cnn.DeepNetFromStore(d, store)
		if err != nil {
			return train.NoScore, err
		}
		acc, err := net.Accuracy(backend, valid, cnn.Auto)
		return train.Score{Loss: math.NaN(), Metric: acc}, err
	}
	err = timedRun(spec, trainSet, step.Step, accuracy, &r, func(s train.Score) (bool, string) {
		r.Accuracy = s.Metric
		return s.Metric >= spec.Target, fmt.Sprintf("validation accuracy %.2f%%", 100*s.Metric)
	})
	if err != nil {
		return Result{}, err
	}
	r.Detail = fmt.Sprintf("%s, SIMD build %v, %s, %d threads", nnlib.ChooseBackend().Config, nnlib.SIMDBuild, cnn.Auto.On(backend), runtime.GOMAXPROCS(0))
	return r, nil
}
