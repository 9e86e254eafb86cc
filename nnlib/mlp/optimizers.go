package mlp

import (
	"fmt"

	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib/optim"
)

// Optimizer names the update rule Fit trains with.
type Optimizer string

// The optimizers Fit offers: GoMLX's own and nnlib/optim's momentum.
const (
	Adam        Optimizer = "adam"      // Adaptive moments (the default).
	SGD         Optimizer = "sgd"       // Plain stochastic gradient descent, constant η.
	SGDDecay    Optimizer = "sgd-decay" // SGD with the schedule η/√t, t the step.
	MomentumSGD Optimizer = "momentum"  // SGD with momentum β (Config.Momentum).
	NesterovSGD Optimizer = "nesterov"  // Nesterov's accelerated gradient.
	RMSProp     Optimizer = "rmsprop"   // Steps scaled by a running RMS of the gradients.
	Adamax      Optimizer = "adamax"    // Adam with an infinity norm.
)

// Optimizers lists them, in the order lesson 04b compares them.
var Optimizers = []Optimizer{SGD, MomentumSGD, NesterovSGD, RMSProp, Adam, Adamax}

// build returns GoMLX's optimizer for cfg, with learning rate lr.
func (o Optimizer) build(lr, beta float64) (optimizer.Interface, error) {
	switch o {
	case "", Adam:
		return optimizer.Adam().LearningRate(lr).Done(), nil
	case SGD:
		return optimizer.StochasticGradientDescent().WithLearningRate(lr).WithDecay(false).Done(), nil
	case SGDDecay:
		return optimizer.StochasticGradientDescent().WithLearningRate(lr).WithDecay(true).Done(), nil
	case MomentumSGD, NesterovSGD:
		if beta == 0 {
			beta = 0.9
		}
		return optim.Momentum{LearningRate: lr, Beta: beta, Nesterov: o == NesterovSGD}.Done()
	case RMSProp:
		return optimizer.RMSProp().LearningRate(lr).Done(), nil
	case Adamax:
		return optimizer.Adam().Adamax().LearningRate(lr).Done(), nil
	}
	return nil, fmt.Errorf("unknown optimizer %q: use one of %v", string(o), Optimizers)
}
