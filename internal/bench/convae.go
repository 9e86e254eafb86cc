package bench

import (
	"fmt"
	"runtime"
	"slices"

	"github.com/gomlx/gomlx/core/tensors"
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

// RunConvAE trains the spec's convolutional autoencoder with nnlib/ae as
// ae.Fit does (Arch.Model, the mean squared error per pixel and Adam in a
// train.NewSupervised step, train.Loop shuffling the images) until the
// validation PSNR reaches spec.TargetPSNR, measured every spec.EvalEvery
// steps as ae.Fit measures it (the trained ae.Net's reconstructions); it is
// the Go worker. Throughput and time to target count the steps only
// (evaluations excluded), as on the PyTorch side.
func RunConvAE(spec Spec) (Result, error) {
	a, err := ConvAEArch(spec)
	if err != nil {
		return Result{}, err
	}
	trainSet, valid, err := TrainAndValid(spec)
	if err != nil {
		return Result{}, err
	}
	if trainSet.Dim() != a.Pixels() {
		return Result{}, fmt.Errorf("%s has examples of shape %v, the autoencoder takes %d×%d×%d images", trainSet.Name, trainSet.Shape, a.Height, a.Width, a.Channels)
	}
	backend, store, err := newStore(spec)
	if err != nil {
		return Result{}, err
	}
	images := func(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
		x := tensors.FromFlatDataAndDimensions(b.X, len(b.X)/a.Pixels(), a.Height, a.Width, a.Channels)
		return x, x, nil
	}
	step := train.NewSupervised(backend, store, a.Model(cnn.Auto), loss.MeanSquaredError,
		optimizer.Adam().LearningRate(spec.LR).Done(), images)
	r := Result{Framework: "nnlib (GoMLX, " + backend.Name() + ")"}
	psnr := func() (train.Score, error) {
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
	}
	err = timedRun(spec, trainSet, step.Step, psnr, &r, func(s train.Score) (bool, string) {
		r.PSNR = s.Metric
		return s.Metric >= spec.TargetPSNR, fmt.Sprintf("validation PSNR %.2f dB", s.Metric)
	})
	if err != nil {
		return Result{}, err
	}
	r.Detail = fmt.Sprintf("%s, SIMD build %v, %s, %d threads", nnlib.ChooseBackend().Config, nnlib.SIMDBuild, cnn.Auto.On(backend), runtime.GOMAXPROCS(0))
	return r, nil
}
