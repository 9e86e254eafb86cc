package generalisation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
)

// The outputs a Net can have.
const (
	// Softmax is one output per class, turned into probabilities that sum
	// to 1 by softmax, trained on the cross-entropy −log a_y.
	Softmax = "softmax"
	// Sigmoids is one sigmoid output per class, each trained as its own
	// yes/no question (one-vs-all) on the deck's cost for K outputs.
	Sigmoids = "sigmoids"
)

// Net is the lesson's multilayer perceptron on flattened images: what its
// hidden units compute, what its outputs are, and how it is regularised.
type Net struct {
	Sizes  []int  // Units per layer, input first: {784, 256, 256, 10}.
	Hidden string // The hidden activation: a Name of Activations; "" is "relu".
	Output string // Softmax (the default) or Sigmoids.
	// Dropout is the fraction of each hidden layer's units set to 0 at
	// every training step (the others scaled by 1/(1 − Dropout)); 0 for
	// none. Evaluation uses every unit.
	Dropout float64
	// L2 is λ of the weight-decay term (λ/2)·Σ w² added to the loss, over
	// every weight but the biases; 0 for none.
	L2 float64
}

// Validate says what is wrong with n, in one line.
func (n Net) Validate() error {
	if len(n.Sizes) < 2 || slices.ContainsFunc(n.Sizes, func(s int) bool { return s < 1 }) {
		return fmt.Errorf("a Net needs at least an input and an output layer of positive sizes, such as {784, 256, 10}, not %v", n.Sizes)
	}
	if _, err := activationNamed(n.Hidden); err != nil {
		return err
	}
	if n.Output != "" && n.Output != Softmax && n.Output != Sigmoids {
		return fmt.Errorf("unknown output %q: use generalisation.Softmax or generalisation.Sigmoids", n.Output)
	}
	if n.Dropout < 0 || n.Dropout >= 1 {
		return fmt.Errorf("the dropout rate is a fraction of the units, from 0 up to (not including) 1, not %g", n.Dropout)
	}
	if n.L2 < 0 {
		return fmt.Errorf("the weight decay λ must be 0 or more, not %g", n.L2)
	}
	return nil
}

// Classes is the number of output units.
func (n Net) Classes() int { return n.Sizes[len(n.Sizes)-1] }

// layerScope is the GoMLX scope of layer l (from 1).
func layerScope(l int) string { return fmt.Sprintf("layer%d", l) }

// Logits builds the network in scope: for x of shape [batch, Sizes[0]] it
// returns the output layer's z, [batch, classes]. Layer l is
// layers.DenseWithBias in scope "layer<l>", its variables "weights" and
// "biases".
func (n Net) Logits(scope *model.Scope, x *graph.Node) *graph.Node {
	a, _ := activationNamed(n.Hidden)
	for l := 1; l < len(n.Sizes); l++ {
		x = layers.DenseWithBias(scope.In("%s", layerScope(l)), x, n.Sizes[l])
		if l < len(n.Sizes)-1 {
			x = a.graph(x)
			if n.Dropout > 0 {
				x = layers.DropoutStatic(scope, x, n.Dropout)
			}
		}
	}
	return x
}

// DataLoss is the cost of logits z for labels (int32, [batch, 1]), averaged
// over the batch: for Softmax the cross-entropy −log softmax(z)_y; for
// Sigmoids the deck's cost for K outputs,
// Σₖ −[y_k log g(z_k) + (1 − y_k) log(1 − g(z_k))], written with
// −log g(z) = softplus(−z) so that it never takes the log of 0.
func (n Net) DataLoss(z, labels *graph.Node) *graph.Node {
	y := graph.OneHot(graph.Reshape(labels, labels.Shape().Dimensions[0]), n.Classes(), z.DType())
	if n.Output == Sigmoids {
		perOutput := graph.Add(graph.Mul(y, graph.Softplus(graph.Neg(z))),
			graph.Mul(graph.OneMinus(y), graph.Softplus(z)))
		return graph.ReduceAllMean(graph.ReduceSum(perOutput, -1))
	}
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(graph.Mul(y, graph.LogSoftmax(z, -1)), -1)))
}

// Penalty is the weight-decay term (λ/2)·Σ w² over the weights of the
// network's layers in scope (not their biases), or nil when L2 is 0.
func (n Net) Penalty(scope *model.Scope, g *graph.Graph) *graph.Node {
	if n.L2 == 0 {
		return nil
	}
	var sum *graph.Node
	for v := range scope.IterVariables() {
		if v.Name() != "weights" || !strings.Contains(v.Scope(), "layer") || !v.InUseByGraph(g) {
			continue
		}
		w := v.NodeValue(g)
		s := graph.ReduceAllSum(graph.Mul(w, w))
		if sum == nil {
			sum = s
		} else {
			sum = graph.Add(sum, s)
		}
	}
	if sum == nil {
		return nil
	}
	return graph.MulScalar(sum, n.L2/2)
}
