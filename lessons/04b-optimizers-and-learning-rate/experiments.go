package optimizers

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// Result is one training run: what was trained, its loss per step, its
// accuracy on held-out data and how long it took.
type Result struct {
	Optimizer    mlp.Optimizer
	LearningRate float64
	Loss         []float64
	Accuracy     float64
	Seconds      float64
}

// Final is the mean loss of the last tenth of the run: one minibatch's loss
// is noisy, its average over the last steps is not.
func (r Result) Final() float64 {
	n := max(1, len(r.Loss)/10)
	var s float64
	for _, l := range r.Loss[len(r.Loss)-n:] {
		s += l
	}
	return s / float64(n)
}

// FashionConfig is the optimizer comparison: a 784-64-10 network trained on
// the first Train images of Fashion-MNIST in minibatches of 128, for Steps
// steps, tested on the first Test test images.
type FashionConfig struct {
	Train, Test, Steps, BatchSize, Hidden int
	Seed                                  uint32
}

// DefaultFashion is the lesson's comparison: 20,000 images, 1,500 steps
// (about 10 epochs).
var DefaultFashion = FashionConfig{Train: 20000, Test: 5000, Steps: 1500, BatchSize: 128, Hidden: 64, Seed: 1}

// LearningRates are each optimizer's learning rate in the comparison: the
// usual good value for each (SGD's steps are not scaled, Adam's and
// RMSProp's are normalised by the gradients' size, so theirs are smaller).
var LearningRates = map[mlp.Optimizer]float64{
	mlp.SGD: 0.5, mlp.MomentumSGD: 0.05, mlp.NesterovSGD: 0.05,
	mlp.RMSProp: 0.001, mlp.Adam: 0.001, mlp.Adamax: 0.002,
}

// Fashion loads the comparison's data, flattened to 784 values per image.
func Fashion(cfg FashionConfig) (train, test *data.Dataset, err error) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		return nil, nil, err
	}
	if train, err = full.Head(cfg.Train); err != nil {
		return nil, nil, err
	}
	fullTest, err := data.FashionMNIST(data.Test)
	if err != nil {
		return nil, nil, err
	}
	if test, err = fullTest.Head(cfg.Test); err != nil {
		return nil, nil, err
	}
	train.Flatten()
	test.Flatten()
	return train, test, nil
}

// CompareOptimizers trains the same network, from the same initial weights
// and on the same minibatches, with each optimizer of mlp.Optimizers at its
// LearningRates value.
func CompareOptimizers(backend compute.Backend, cfg FashionConfig) ([]Result, error) {
	train, test, err := Fashion(cfg)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, o := range mlp.Optimizers {
		lr := LearningRates[o]
		tr, err := mlp.Fit(backend, mlp.Config{
			Sizes: []int{784, cfg.Hidden, 10}, Hidden: mlp.ReLU, Steps: cfg.Steps, BatchSize: cfg.BatchSize,
			LearningRate: lr, Optimizer: o, Seed: cfg.Seed,
		}, train, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		acc, err := mlp.Accuracy(tr.Net, test)
		if err != nil {
			return nil, err
		}
		results = append(results, Result{Optimizer: o, LearningRate: lr, Loss: tr.Loss, Accuracy: acc, Seconds: tr.Seconds})
	}
	return results, nil
}

// BlobsConfig is the original course's learning-rate study: its blobs
// problem (1,000 points, 3 centres, standard deviation 2), a 2-Hidden-3
// network trained by plain SGD in minibatches, once per learning rate.
type BlobsConfig struct {
	Rates                    []float64
	Hidden, Steps, BatchSize int
	Seed                     uint32
}

// DefaultBlobs is the lesson's study: the original course's learning rates,
// 1 down to 1e-7, and 10 above them.
var DefaultBlobs = BlobsConfig{
	Rates:  []float64{10, 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7},
	Hidden: 16, Steps: 400, BatchSize: 32, Seed: 1,
}

// LearningRateStudy trains the blobs network once per learning rate, with
// optimizer o (mlp.SGD for the study, mlp.SGDDecay for the schedule), and
// returns the runs in the order of cfg.Rates. Accuracy is on the training
// points: the study is about optimisation, not generalisation.
func LearningRateStudy(backend compute.Backend, cfg BlobsConfig, o mlp.Optimizer) ([]Result, error) {
	blobs := data.CourseBlobs()
	var results []Result
	for _, lr := range cfg.Rates {
		tr, err := mlp.Fit(backend, mlp.Config{
			Sizes: []int{2, cfg.Hidden, 3}, Hidden: mlp.ReLU, Steps: cfg.Steps, BatchSize: cfg.BatchSize,
			LearningRate: lr, Optimizer: o, Seed: cfg.Seed,
		}, blobs, nil)
		if err != nil {
			return nil, fmt.Errorf("learning rate %g: %w", lr, err)
		}
		acc, err := mlp.Accuracy(tr.Net, blobs)
		if err != nil {
			return nil, err
		}
		results = append(results, Result{Optimizer: o, LearningRate: lr, Loss: tr.Loss, Accuracy: acc, Seconds: tr.Seconds})
	}
	return results, nil
}
