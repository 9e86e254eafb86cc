package cnn

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
)

// BatchNormMomentum is how much of the running mean and variance each
// training step keeps (the rest comes from the step's minibatch).
const BatchNormMomentum = 0.9

// FrozenStatistics is the scope parameter (model.Scope.SetParam) that makes
// BatchNorm under that scope behave as at inference even while the network
// trains: it normalises with the running averages and leaves them as they
// are. A pretrained layer that is frozen needs it, or a training step would
// still move its statistics towards the new data's (and its output with
// them).
const FrozenStatistics = "batchnorm_frozen_statistics"

// batchNormEpsilon keeps the division finite for a channel of constant value.
const batchNormEpsilon = 1e-5

// BatchNorm is batch normalisation (Ioffe and Szegedy, 2015) of x [batch,
// ..., channels], channel by channel: in training, each channel is
// standardised with the mean μ and variance σ² of its values in the
// minibatch, y = γ·(x − μ)/√(σ² + ε) + β, with a scale γ (initially 1) and
// an offset β (initially 0) learned; the running averages of μ and σ² kept
// in scope stand in for them at inference, when there is no minibatch to
// measure (and in training when FrozenStatistics is set). Its variables in
// scope: "scale", "offset" (trained), "mean", "variance", "count" (not
// trained).
//
// GoMLX has norm.BatchNorm, but its training graph stops the gradient at
// μ and σ² (treats them as constants), which is not the paper's batch
// normalisation: the gradient then ignores that moving one value moves the
// whole minibatch's statistics. (And its default training op is missing on
// the Go backend.) This one differentiates through them, as PyTorch and the
// paper do, and computes y as x·s + t with s = γ/√(σ² + ε) and t = β − μ·s,
// one multiply-add over the large tensor.
func BatchNorm(scope *model.Scope, x *graph.Node) *graph.Node {
	g := x.Graph()
	dims := x.Shape().Dimensions
	c := dims[len(dims)-1]
	flat := graph.Reshape(x, x.Shape().Size()/c, c)
	gamma := scope.WithInitializer(initializer.One).VariableWithShape("scale", shapesOf(x, c)).NodeValue(g)
	beta := scope.WithInitializer(initializer.Zero).VariableWithShape("offset", shapesOf(x, c)).NodeValue(g)
	runMean := scope.WithInitializer(initializer.Zero).VariableWithShape("mean", shapesOf(x, c)).SetTrainable(false)
	runVar := scope.WithInitializer(initializer.One).VariableWithShape("variance", shapesOf(x, c)).SetTrainable(false)
	count := scope.WithInitializer(initializer.Zero).VariableWithShape("count", shapesOf(x)).SetTrainable(false)

	var mean, variance *graph.Node
	if scope.IsTraining(g) && !model.GetParamOr(scope, FrozenStatistics, false) {
		mean = graph.ReduceMean(flat, 0)
		variance = graph.ReduceMean(graph.Square(graph.Sub(flat, graph.Reshape(mean, 1, c))), 0)
		// The running averages start from the first minibatch's statistics
		// (a momentum of at most 1 − 1/steps), not from 0 and 1.
		n := graph.OnePlus(count.NodeValue(g))
		count.SetNodeValue(n)
		m := graph.Min(graph.Scalar(g, x.DType(), BatchNormMomentum), graph.OneMinus(graph.Reciprocal(n)))
		update := func(v *model.Variable, batch *graph.Node) {
			v.SetNodeValue(graph.Add(graph.Mul(m, v.NodeValue(g)), graph.Mul(graph.OneMinus(m), graph.StopGradient(batch))))
		}
		update(runMean, mean)
		update(runVar, variance)
	} else {
		mean, variance = runMean.NodeValue(g), runVar.NodeValue(g)
	}
	s := graph.Div(gamma, graph.Sqrt(graph.AddScalar(variance, batchNormEpsilon)))
	t := graph.Sub(beta, graph.Mul(mean, s))
	y := graph.Add(graph.Mul(flat, graph.Reshape(s, 1, c)), graph.Reshape(t, 1, c))
	return graph.Reshape(y, dims...)
}
