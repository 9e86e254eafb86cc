package backprop

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// costGraph builds the same network and cost in a GoMLX graph: inputs are X,
// Y and then one matrix per layer. The cost uses the identities
// −log g(z) = softplus(−z) and −log(1 − g(z)) = softplus(z), which GoMLX
// differentiates without overflow.
func costGraph(x, y *graph.Node, ws []*graph.Node) *graph.Node {
	g := x.Graph()
	m := x.Shape().Dimensions[0]
	ones := graph.Ones(g, shapes.Make(dtypes.Float64, m, 1))
	a := x
	var z *graph.Node
	for l, w := range ws {
		withBias := graph.Concatenate([]*graph.Node{ones, a}, 1)
		z = graph.Einsum("mj,ij->mi", withBias, w) // Z = [1 A] Wᵀ
		if l < len(ws)-1 {
			a = graph.Sigmoid(z)
		}
	}
	perOutput := graph.Add(
		graph.Mul(y, graph.Softplus(graph.Neg(z))),
		graph.Mul(graph.OneMinus(y), graph.Softplus(z)))
	return graph.DivScalar(graph.ReduceAllSum(perOutput), float64(m))
}

// inputs lists X, Y and the weight matrices, as an Exec's arguments.
func inputs(w Weights, X, Y [][]float64) []any {
	args := []any{X, Y}
	for _, W := range w {
		args = append(args, W)
	}
	return args
}

// GoMLXGradient differentiates the same network with GoMLX's automatic
// differentiation on backend, returning the cost and its gradient.
func (w Weights) GoMLXGradient(backend compute.Backend, X, Y [][]float64) (Weights, float64, error) {
	exec, err := graph.NewExec(backend, func(in []*graph.Node) []*graph.Node {
		cost := costGraph(in[0], in[1], in[2:])
		return append([]*graph.Node{cost}, graph.Gradient(cost, in[2:]...)...)
	})
	if err != nil {
		return nil, 0, err
	}
	out, err := exec.Call(inputs(w, X, Y)...)
	if err != nil {
		return nil, 0, fmt.Errorf("GoMLX gradient: %w", err)
	}
	return toWeights(out[1:]), out[0].Value().(float64), nil
}

// TrainGoMLX trains a copy of w by full-batch gradient descent like
// TrainScratch, with GoMLX computing the gradient, and returns the trained
// weights and the cost before each step.
func (w Weights) TrainGoMLX(backend compute.Backend, X, Y [][]float64, eta float64, steps int) (Weights, []float64, error) {
	exec, err := graph.NewExec(backend, func(in []*graph.Node) []*graph.Node {
		ws := in[2:]
		cost := costGraph(in[0], in[1], ws)
		grads := graph.Gradient(cost, ws...)
		out := []*graph.Node{cost}
		for l := range ws {
			out = append(out, graph.Sub(ws[l], graph.MulScalar(grads[l], eta)))
		}
		return out
	})
	if err != nil {
		return nil, nil, err
	}
	current := w.Clone()
	costs := make([]float64, 0, steps)
	for range steps {
		out, err := exec.Call(inputs(current, X, Y)...)
		if err != nil {
			return nil, nil, fmt.Errorf("GoMLX training step: %w", err)
		}
		costs = append(costs, out[0].Value().(float64))
		current = toWeights(out[1:])
	}
	return current, costs, nil
}

func toWeights(ts []*tensors.Tensor) Weights {
	w := make(Weights, len(ts))
	for l, t := range ts {
		w[l] = t.Value().([][]float64)
	}
	return w
}
