package nnlib

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/train"
)

// TrainStep runs one training step of trainer on a minibatch, its inputs
// and labels, and returns the step's loss (the trainer's first metric): the
// step that nnlib's training loops (mlp.Fit, cnn.Fit) share.
func TrainStep(trainer *train.Trainer, inputs, labels *tensors.Tensor) (float64, error) {
	metrics, err := trainer.TrainStep(train.Batch{Inputs: []*tensors.Tensor{inputs}, Labels: []*tensors.Tensor{labels}})
	if err != nil {
		return 0, err
	}
	if len(metrics) == 0 {
		return 0, errors.New("the trainer returned no metrics: want its loss first")
	}
	l, ok := metrics[0].Value().(float32)
	if !ok {
		return 0, fmt.Errorf("the trainer's first metric is a %s, not a float32 loss", metrics[0].Shape())
	}
	return float64(l), nil
}
