package train

import (
	"errors"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Tensors turns a minibatch into the tensors a model takes: its inputs and
// its labels (what the loss compares the output with).
type Tensors func(b data.Batch) (inputs, labels *tensors.Tensor, err error)

// ImagesAndLabels gives the examples in their shape ([batch, height, width,
// channels] for images) and the labels as int32 of shape [batch, 1], as
// GoMLX's sparse categorical cross-entropy takes them.
func ImagesAndLabels(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
	if b.Labels == nil {
		return nil, nil, errors.New("the examples have no labels")
	}
	l := make([]int32, len(b.Labels))
	for i, v := range b.Labels {
		l[i] = int32(v)
	}
	return tensors.FromFlatDataAndDimensions(b.X, b.Shape...), tensors.FromFlatDataAndDimensions(l, len(l), 1), nil
}

// FlatAndTargets gives the examples flattened, [batch, values per example],
// and their targets as [batch, values per target]: regression, or one-hot
// classes made with data.OneHot.
func FlatAndTargets(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
	n := b.Len()
	if n == 0 || b.Targets == nil {
		return nil, nil, errors.New("the examples have no targets")
	}
	return tensors.FromFlatDataAndDimensions(b.X, n, len(b.X)/n),
		tensors.FromFlatDataAndDimensions(b.Targets, n, len(b.Targets)/n), nil
}

// Supervised is the step of a model with one loss and one optimizer:
// GoMLX's train.Trainer, fed by a Tensors function.
type Supervised struct {
	Trainer *train.Trainer
	Tensors Tensors
}

// NewSupervised returns the step that trains modelFn (any function GoMLX's
// train.NewTrainer takes) on lossFn with opt, its variables in store.
func NewSupervised[M train.ModelFnCompatible](backend compute.Backend, store *model.Store, modelFn M,
	lossFn train.LossFn, opt optimizer.Interface, t Tensors) Supervised {
	return Supervised{Trainer: train.NewTrainer(backend, store, modelFn, lossFn, opt, nil, nil), Tensors: t}
}

// Step is the Step of Loop.Run: one call of the trainer's TrainStep. A
// panic of GoMLX (a shape that does not fit) comes back as the error.
func (s Supervised) Step(_ int, b data.Batch) (loss float64, err error) {
	if s.Trainer == nil || s.Tensors == nil {
		return 0, errors.New("train: Supervised needs a Trainer and a Tensors function: make it with NewSupervised")
	}
	inputs, labels, err := s.Tensors(b)
	if err != nil {
		return 0, err
	}
	defer nnlib.Failed(&err, "GoMLX failed in the training step")
	metrics, err := s.Trainer.TrainStep(train.Batch{Inputs: []*tensors.Tensor{inputs}, Labels: []*tensors.Tensor{labels}})
	if err != nil {
		return 0, err
	}
	if len(metrics) == 0 {
		return 0, errors.New("the trainer returned no metrics: want its loss first")
	}
	return scalar(metrics[0])
}
