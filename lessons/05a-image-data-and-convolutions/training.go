package convolutions

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// Run is a training run of the lesson: how much data, and the CNN's and the
// MLP's settings. It has only plain fields, for nnlib.Keep's config.
type Run struct {
	Quick                   bool
	Train, Validation, Test int // Images of each part; the validation images are the last of Fashion-MNIST's training part.
	CNN                     cnn.Config
	MLP                     mlp.Config
}

// TheRun returns the full run, or the quick one when nnlib.Quick() is set
// (nnlib.QuickEnv=1, as the course's tests do): the networks then train on
// a small part of Fashion-MNIST for one epoch, in seconds.
func TheRun() Run {
	if nnlib.Quick() {
		return quickRun
	}
	return fullRun
}

// fullRun trains on 55,000 images for 10 epochs of minibatches of 64 (about
// 6 minutes for the CNN on two cores) and tests on all 10,000 test images.
// It reaches 91.9% (TestFitFull in nnlib/cnn trains the same).
var fullRun = Run{
	Train: 55000, Validation: 5000, Test: 10000,
	CNN: cnn.Config{Arch: lessonArch(), Epochs: 10, BatchSize: 64, LearningRate: 0.001, CosineDecay: true, Seed: 1},
	MLP: mlp.Config{Sizes: []int{784, 128, 10}, Hidden: mlp.ReLU, Steps: 10 * (55000 / 64), BatchSize: 64, LearningRate: 0.001, Seed: 1},
}

// quickRun trains on 3,000 images for one epoch.
var quickRun = Run{
	Quick: true, Train: 3000, Validation: 1000, Test: 2000,
	CNN: cnn.Config{Arch: lessonArch(), Epochs: 1, BatchSize: 64, LearningRate: 0.001, CosineDecay: true, Seed: 1},
	MLP: mlp.Config{Sizes: []int{784, 128, 10}, Hidden: mlp.ReLU, Steps: 3000 / 64, BatchSize: 64, LearningRate: 0.001, Seed: 1},
}

// lessonArch is cnn.Small with padding 1 (the convolutions keep the size
// of their input) and dropout in its classifier.
func lessonArch() cnn.Arch {
	a := cnn.Small()
	a.Padding = 1
	a.Dropout = 0.5
	return a
}

// Describe says in a line what the run trains on.
func (r Run) Describe() string {
	mode := "full run"
	if r.Quick {
		mode = fmt.Sprintf("QUICK run (%s=1)", nnlib.QuickEnv)
	}
	epochs := fmt.Sprintf("%d epochs", r.CNN.Epochs)
	if r.CNN.Epochs == 1 {
		epochs = "1 epoch"
	}
	return fmt.Sprintf("%s: %d training images, %s of minibatches of %d; %d validation and %d test images", mode, r.Train, epochs, r.CNN.BatchSize, r.Validation, r.Test)
}

// Fashion returns the run's three parts of Fashion-MNIST, as 28×28×1 images
// with their labels: the first Train images of the training part, its last
// Validation images, and the first Test images of the test part.
func (r Run) Fashion() (train, validation, test *data.Dataset, err error) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.Train+r.Validation > full.Len() {
		return nil, nil, nil, fmt.Errorf("the run asks for %d training and %d validation images, but Fashion-MNIST has %d", r.Train, r.Validation, full.Len())
	}
	if train, err = full.Subset(seq(0, r.Train)); err != nil {
		return nil, nil, nil, err
	}
	if validation, err = full.Subset(seq(full.Len()-r.Validation, full.Len())); err != nil {
		return nil, nil, nil, err
	}
	fullTest, err := data.FashionMNIST(data.Test)
	if err != nil {
		return nil, nil, nil, err
	}
	if test, err = fullTest.Head(r.Test); err != nil {
		return nil, nil, nil, err
	}
	train.Name, validation.Name, test.Name = "Fashion-MNIST train", "Fashion-MNIST validation", "Fashion-MNIST test"
	return train, validation, test, nil
}

func seq(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// CNNResult is the CNN's run: the trained network and its curves (EpochAcc
// is the validation accuracy after each epoch), and its accuracy on the
// test images, measured once, after the training.
type CNNResult struct {
	cnn.Trained
	TestAccuracy float64
}

// TrainCNN trains the run's CNN on its training images, measuring the
// validation accuracy after each epoch (where choices such as the number
// of epochs are made, lesson 04c) and the test accuracy once, at the end;
// progress may be nil.
func (r Run) TrainCNN(backend compute.Backend, progress cnn.Progress) (CNNResult, error) {
	train, validation, test, err := r.Fashion()
	if err != nil {
		return CNNResult{}, err
	}
	trained, err := cnn.Fit(backend, r.CNN, train, validation, progress)
	if err != nil {
		return CNNResult{}, err
	}
	acc, err := trained.Net.Accuracy(backend, test, r.CNN.Formulation)
	if err != nil {
		return CNNResult{}, err
	}
	return CNNResult{Trained: trained, TestAccuracy: acc}, nil
}

// MLPResult is the MLP's run: the trained network, its test accuracy and
// how long it took.
type MLPResult struct {
	Trained  mlp.Trained
	Accuracy float64
}

// TrainMLP trains the run's MLP (lessons 01–04's network, nnlib/mlp) on the
// same images, flattened, and measures its test accuracy.
func (r Run) TrainMLP(backend compute.Backend) (MLPResult, error) {
	train, _, test, err := r.Fashion()
	if err != nil {
		return MLPResult{}, err
	}
	train.Flatten()
	test.Flatten()
	trained, err := mlp.Fit(backend, r.MLP, train, nil)
	if err != nil {
		return MLPResult{}, err
	}
	acc, err := mlp.Accuracy(trained.Net, test)
	if err != nil {
		return MLPResult{}, err
	}
	return MLPResult{Trained: trained, Accuracy: acc}, nil
}

// MLPParams is the number of weights of an MLP of the given layer sizes.
func MLPParams(sizes []int) int {
	n := 0
	for l := 1; l < len(sizes); l++ {
		n += (sizes[l-1] + 1) * sizes[l]
	}
	return n
}

// Target is the test accuracy the full run must reach.
const Target = 0.91

// CheckTarget returns an error if a full run's test accuracy is below
// Target (the quick run has no target).
func CheckTarget(r Run, acc float64) error {
	if r.Quick || acc >= Target {
		return nil
	}
	return fmt.Errorf("the CNN reached %.2f%% on the test images, below the lesson's %.0f%%", 100*acc, 100*Target)
}
