package backprop

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	nnlibtrain "github.com/gomlx-course/dlcourse/nnlib/train"
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
//
// It runs on the course's training loop (nnlib/train): the weights are the
// model's variables, one per layer, and each step's graph writes the update
// W ← W − η·∂J/∂W back into them. A Loop with one minibatch of all m
// examples, never shuffled, is exactly full-batch gradient descent.
func (w Weights) TrainGoMLX(backend compute.Backend, X, Y [][]float64, eta float64, steps int) (Weights, []float64, error) {
	if len(X) == 0 || len(X) != len(Y) {
		return nil, nil, fmt.Errorf("TrainGoMLX needs as many targets as examples, got %d examples and %d targets", len(X), len(Y))
	}
	store := model.NewStore()
	vars := make([]*model.Variable, len(w))
	for l, W := range w {
		vars[l] = store.RootScope().In("layer%d", l+1).VariableWithValue("W", W)
	}
	step, err := nnlibtrain.NewGraphStep(backend, store, func(_ *model.Scope, x, y *graph.Node) *graph.Node {
		ws := make([]*graph.Node, len(vars))
		for l, v := range vars {
			ws[l] = v.NodeValue(x.Graph())
		}
		cost := costGraph(x, y, ws)
		grads := graph.Gradient(cost, ws...)
		for l, v := range vars {
			v.SetNodeValue(graph.Sub(ws[l], graph.MulScalar(grads[l], eta)))
		}
		return cost
	}, float64Rows(X, Y))
	if err != nil {
		return nil, nil, err
	}
	// The Loop hands the step a minibatch by the examples' indexes; the
	// step reads the float64 rows themselves from X and Y (float64Rows).
	h, err := nnlibtrain.Loop{Data: asDataset(X, Y), Steps: steps}.Run(step)
	if err != nil {
		return nil, nil, fmt.Errorf("GoMLX training step: %w", err)
	}
	trained := make(Weights, len(vars))
	for l, v := range vars {
		t, err := v.Value()
		if err != nil {
			return nil, nil, err
		}
		trained[l] = t.Value().([][]float64)
	}
	return trained, h.Loss, nil
}

// asDataset is X and Y as the course's Dataset (float32), for the Loop.
func asDataset(X, Y [][]float64) *data.Dataset {
	d := &data.Dataset{Name: "the examples", Shape: []int{len(X[0])}, TargetShape: []int{len(Y[0])}}
	for i := range X {
		for _, v := range X[i] {
			d.X = append(d.X, float32(v))
		}
		for _, v := range Y[i] {
			d.Targets = append(d.Targets, float32(v))
		}
	}
	return d
}

// float64Rows gives a minibatch as the float64 rows of X and Y it indexes:
// lesson 03 checks GoMLX against the from-scratch network to 1e-9, which
// float32 could not.
func float64Rows(X, Y [][]float64) nnlibtrain.Tensors {
	return func(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
		x, y := make([][]float64, b.Len()), make([][]float64, b.Len())
		for k, i := range b.Indexes {
			x[k], y[k] = X[i], Y[i]
		}
		return tensors.FromValue(x), tensors.FromValue(y), nil
	}
}

func toWeights(ts []*tensors.Tensor) Weights {
	w := make(Weights, len(ts))
	for l, t := range ts {
		w[l] = t.Value().([][]float64)
	}
	return w
}
