// Package optim holds the optimisers the course teaches that GoMLX does not
// ship: gradient descent with momentum, and Nesterov's variant. They plug
// into GoMLX's trainer like its own Adam or SGD (optimizer.Interface).
package optim

import (
	"fmt"
	"path"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // GoMLX graph code reads best dot-imported.
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// scopeName is where the velocities live in the model's store.
const scopeName = "momentum"

// Momentum is stochastic gradient descent with momentum, as lesson 04a
// writes it: for every trainable weight w with gradient g,
//
//	v ← βv + g;  w ← w − ηv
//
// or, with Nesterov set, the look-ahead form used by PyTorch,
//
//	v ← βv + g;  w ← w − η(g + βv)
//
// The velocities v start at 0 and are kept in the model's store, next to the
// weights, so that training can resume.
//
// With Decay > 0 the learning rate falls as η/(1 + Decay·t) at step t
// (counted from 0): the schedule of Keras's SGD "decay" argument, which the
// original course used (lesson 04c).
type Momentum struct {
	LearningRate float64 // η
	Beta         float64 // β, in [0, 1); 0.9 is usual, 0 is plain SGD.
	Nesterov     bool
	Decay        float64 // 0 for a constant η.
}

// Done checks the settings and returns the optimizer for GoMLX's trainer.
func (m Momentum) Done() (optimizer.Interface, error) {
	if m.LearningRate <= 0 || m.Beta < 0 || m.Beta >= 1 {
		return nil, fmt.Errorf("momentum needs η > 0 and 0 ≤ β < 1, got η = %g and β = %g", m.LearningRate, m.Beta)
	}
	if m.Decay < 0 {
		return nil, fmt.Errorf("the learning rate's decay must be 0 or more, not %g", m.Decay)
	}
	return &momentum{m}, nil
}

type momentum struct{ cfg Momentum }

// UpdateGraph adds one step of the update to the graph; it implements
// optimizer.Interface.
func (o *momentum) UpdateGraph(scope *model.Scope, g *Graph, loss *Node) {
	grads := scope.BuildTrainableVariablesGradientsGraph(loss)
	t := optimizer.IncrementGlobalStep(g, loss.DType()) // 1 at the first step.
	var lr *Node                                        // η/(1 + Decay·(t − 1)), when decaying.
	if o.cfg.Decay > 0 {
		lr = Reciprocal(AddScalar(MulScalar(AddScalar(t, -1), o.cfg.Decay), 1))
		lr = MulScalar(lr, o.cfg.LearningRate)
	}
	i := 0
	for v := range scope.IterVariables() {
		if !v.Trainable || !v.InUseByGraph(g) {
			continue
		}
		grad := grads[i]
		i++
		dtype := v.DType()
		if grad.DType() != dtype {
			grad = ConvertDType(grad, dtype)
		}
		vel := o.velocity(scope, v, dtype)
		newVel := Add(MulScalar(vel.NodeValue(g), o.cfg.Beta), grad)
		vel.SetNodeValue(newVel)
		step := newVel
		if o.cfg.Nesterov {
			step = Add(grad, MulScalar(newVel, o.cfg.Beta))
		}
		w := v.NodeValue(g)
		if lr != nil {
			v.SetNodeValue(Sub(w, Mul(step, ConvertDType(lr, dtype))))
		} else {
			v.SetNodeValue(Sub(w, MulScalar(step, o.cfg.LearningRate)))
		}
	}
}

// velocity returns the velocity variable of trainable, created at 0.
func (o *momentum) velocity(scope *model.Scope, trainable *model.Variable, dtype dtypes.DType) *model.Variable {
	shape := trainable.Shape().Clone()
	shape.DType = dtype
	return scope.Store().Scope(path.Join("/", scopeName, trainable.Scope())).
		WithInitializer(initializer.Zero).
		VariableWithShape(trainable.Name()+"_velocity", shape).
		SetTrainable(false)
}

// Clear deletes the velocities; it implements optimizer.Interface.
func (o *momentum) Clear(scope *model.Scope) error {
	return scope.In("%s", scopeName).DeleteVariablesInScope()
}
