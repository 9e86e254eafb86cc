package train

import (
	"errors"
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// StepGraph builds the whole graph of one training step of a model that
// Supervised does not fit: several losses, several optimizers. It gets the
// model's root scope (in training mode) and the minibatch's inputs and
// labels, adds the updates of its optimizers — each on its own sub-scope, so
// that each changes only its own player's variables — and returns the loss
// that the Loop records.
//
// A GAN's step, for instance:
//
//	func(scope *model.Scope, real, _ *graph.Node) *graph.Node {
//		lossD, lossG := ... // the discriminator's and the generator's losses
//		optimizer.Adam().Scope("adam_d").Done().UpdateGraph(scope.In("discriminator"), g, lossD)
//		optimizer.Adam().Scope("adam_g").Done().UpdateGraph(scope.In("generator"), g, lossG)
//		return lossD
//	}
type StepGraph func(scope *model.Scope, inputs, labels *graph.Node) (loss *graph.Node)

// NewGraphStep returns the Step that runs build's graph on each minibatch,
// as t turns it into tensors, with the variables in store. The graph is
// compiled once, at the first step.
func NewGraphStep(backend compute.Backend, store *model.Store, build StepGraph, t Tensors) (Step, error) {
	if backend == nil || store == nil || build == nil || t == nil {
		return nil, errors.New("train.NewGraphStep needs a backend, a store, a StepGraph and a Tensors function")
	}
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, inputs, labels *graph.Node) *graph.Node {
		scope.SetTraining(inputs.Graph(), true)
		return build(scope, inputs, labels)
	})
	if err != nil {
		return nil, err
	}
	return func(_ int, b data.Batch) (loss float64, err error) {
		inputs, labels, err := t(b)
		if err != nil {
			return 0, err
		}
		defer nnlib.Failed(&err, "GoMLX failed in the training step")
		out, err := exec.Call(inputs, labels)
		if err != nil {
			return 0, err
		}
		return scalar(out[0])
	}, nil
}

// scalar reads a float loss out of a tensor.
func scalar(t *tensors.Tensor) (float64, error) {
	switch v := t.Value().(type) {
	case float32:
		return float64(v), nil
	case float64:
		return v, nil
	}
	return 0, fmt.Errorf("the loss is a %s, not a float scalar", t.Shape())
}
