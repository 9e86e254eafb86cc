package bench

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// ConvAEArch is the nnlib/ae autoencoder of a ConvAE spec: 28×28 grey
// images, the encoder's 3×3 convolutions of spec.Conv filters (the last one's
// output is the code), the mirrored decoder (transposed convolutions). It is
// ae.ConvArch(spec.Conv[1], ae.Mirror) for the spec's two stages.
func ConvAEArch(spec Spec) (ae.Arch, error) {
	if len(spec.Conv) < 1 || spec.Padding != 1 {
		return ae.Arch{}, fmt.Errorf("the autoencoder benchmark needs at least one convolution, of padding 1 (nnlib/ae's), not %v of padding %d", spec.Conv, spec.Padding)
	}
	n := len(spec.Conv)
	a := ae.Arch{Height: 28, Width: 28, Channels: 1, Kind: ae.Conv, Hidden: slices.Clone(spec.Conv[:n-1]), Code: spec.Conv[n-1], Decoder: ae.Mirror}
	return a, a.Validate()
}

// ConvAEData returns the autoencoder benchmark's images, as both sides cut
// them from Fashion-MNIST's training part: the first spec.Train to train on,
// and spec.ValidImages from spec.ValidStart to measure the PSNR on.
func ConvAEData(spec Spec) (trainSet, valid *data.Dataset, err error) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		return nil, nil, err
	}
	if spec.Train < 1 || spec.ValidImages < 1 || spec.ValidStart < spec.Train || spec.ValidStart+spec.ValidImages > full.Len() {
		return nil, nil, fmt.Errorf("the autoencoder benchmark trains on the first %d of %d images and validates on %d from %d: they must not overlap", spec.Train, full.Len(), spec.ValidImages, spec.ValidStart)
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

// RunConvAE trains the spec's convolutional autoencoder with nnlib/ae as
// ae.Fit does (Arch.Model, the mean squared error per pixel and Adam in a
// train.NewSupervised step, train.Loop shuffling the images) until the
// validation PSNR reaches spec.TargetPSNR, measured every spec.EvalEvery
// steps as ae.Fit measures it (the trained ae.Net's reconstructions); it is
// the Go worker. Throughput and time to target count the steps only
// (evaluations excluded), as on the PyTorch side.
func RunConvAE(spec Spec) (Result, error) {
	runtime.GOMAXPROCS(spec.Threads)
	backend, err := nnlib.Backend()
	if err != nil {
		return Result{}, err
	}
	a, err := ConvAEArch(spec)
	if err != nil {
		return Result{}, err
	}
	trainSet, valid, err := ConvAEData(spec)
	if err != nil {
		return Result{}, err
	}
	if trainSet.Dim() != a.Pixels() {
		return Result{}, fmt.Errorf("%s has examples of shape %v, the autoencoder takes %d×%d×%d images", trainSet.Name, trainSet.Shape, a.Height, a.Width, a.Channels)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(spec.Seed)); err != nil {
		return Result{}, err
	}
	images := func(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
		x := tensors.FromFlatDataAndDimensions(b.X, len(b.X)/a.Pixels(), a.Height, a.Width, a.Channels)
		return x, x, nil
	}
	step := train.NewSupervised(backend, store, a.Model(cnn.Auto), loss.MeanSquaredError,
		optimizer.Adam().LearningRate(spec.LR).Done(), images)
	stepsPerEpoch := trainSet.Len() / spec.Batch
	r := Result{Framework: "nnlib (GoMLX, " + backend.Name() + ")"}
	var measured time.Duration
	loop := train.Loop{
		Data: trainSet, BatchSize: spec.Batch, Shuffle: true, Seed: spec.Seed,
		Steps: spec.MaxEpochs * stepsPerEpoch, EvalEvery: spec.EvalEvery,
		Evaluate: func(int) (train.Score, error) {
			net, err := ae.NetFromStore(a, store)
			if err != nil {
				return train.NoScore, err
			}
			out, err := net.Reconstruct(backend, valid.X, cnn.Auto)
			if err != nil {
				return train.NoScore, err
			}
			mse := ae.MSE(out, valid.X)
			return train.Score{Loss: mse, Metric: ae.PSNR(mse)}, nil
		},
		Stop: func(e train.Eval) bool {
			r.PSNR, r.Epochs = e.Validation.Metric, float64(e.Step)/float64(stepsPerEpoch)
			fmt.Fprintf(os.Stderr, "step %d: validation PSNR %.2f dB after %.1f s of training\n", e.Step, e.Validation.Metric, e.Seconds)
			if r.SecondsToTarget == 0 && e.Validation.Metric >= spec.TargetPSNR {
				r.SecondsToTarget = e.Seconds
			}
			return r.SecondsToTarget > 0 && e.Step >= spec.Warmup+spec.Measure
		},
		Warn: func(msg string) { fmt.Fprintln(os.Stderr, msg) },
	}
	h, err := loop.Run(func(i int, b data.Batch) (float64, error) {
		t := time.Now()
		l, err := step.Step(i, b)
		if i > spec.Warmup && i <= spec.Warmup+spec.Measure {
			measured += time.Since(t)
		}
		return l, err
	})
	if err != nil {
		return Result{}, err
	}
	if h.Steps < spec.Warmup+spec.Measure {
		return Result{}, fmt.Errorf("training stopped before the %d timed steps", spec.Measure)
	}
	r.ExamplesPerSec = rate(spec.Measure, spec.Batch, measured)
	r.Detail = fmt.Sprintf("%s, SIMD build %v, %s, %d threads", nnlib.ChooseBackend().Config, nnlib.SIMDBuild, cnn.Auto.On(backend), runtime.GOMAXPROCS(0))
	return r, nil
}
