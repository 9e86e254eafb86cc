package gradientdescent

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
)

// DeckX and DeckY are the deck's two samples: x = (2, 3) → y = 1.8 and
// x = (4, 5) → y = 3.2, for the model h(x) = w0 + w1·x1 + w2·x2.
var (
	DeckX = [2][2]float64{{2, 3}, {4, 5}}
	DeckY = [2]float64{1.8, 3.2}
)

// DeckCost is the deck's cost of the two-sample example, written as the
// slide writes it:
//
//	J(w0, w1, w2) = 1/(2·2) [(w0 + 2w1 + 3w2 − 1.8)² + (w0 + 4w1 + 5w2 − 3.2)²]
func DeckCost(w [3]float64) float64 {
	r1 := w[0] + 2*w[1] + 3*w[2] - 1.8
	r2 := w[0] + 4*w[1] + 5*w[2] - 3.2
	return (r1*r1 + r2*r2) / (2 * 2)
}

// DeckGradient is the deck's gradient of DeckCost, its three partial
// derivatives exactly as the slide states them:
//
//	∂J/∂w0 = ½ ((w0 + 2w1 + 3w2 − 1.8)     + (w0 + 4w1 + 5w2 − 3.2))
//	∂J/∂w1 = ½ ((w0 + 2w1 + 3w2 − 1.8) · 2 + (w0 + 4w1 + 5w2 − 3.2) · 4)
//	∂J/∂w2 = ½ ((w0 + 2w1 + 3w2 − 1.8) · 3 + (w0 + 4w1 + 5w2 − 3.2) · 5)
func DeckGradient(w [3]float64) [3]float64 {
	r1 := w[0] + 2*w[1] + 3*w[2] - 1.8
	r2 := w[0] + 4*w[1] + 5*w[2] - 3.2
	return [3]float64{
		(r1 + r2) / 2,
		(r1*2 + r2*4) / 2,
		(r1*3 + r2*5) / 2,
	}
}

// DeckCostGraph builds the deck's cost in a GoMLX graph: w has shape [3].
// It is written from the data, as a model would be, not from the slide's
// expanded formula, so that autodiff checks the slide independently.
func DeckCostGraph(w *graph.Node) *graph.Node {
	g := w.Graph()
	x := graph.Const(g, [][]float64{{1, DeckX[0][0], DeckX[0][1]}, {1, DeckX[1][0], DeckX[1][1]}}) // With the bias column.
	y := graph.Const(g, DeckY[:])
	pred := graph.Dot(x, w).Product() // [2]: one prediction per sample.
	residual := graph.Sub(pred, y)
	m := float64(len(DeckY))
	return graph.DivScalar(graph.ReduceAllSum(graph.Square(residual)), 2*m)
}

// DeckAutodiff evaluates the deck's cost and its gradient at each point with
// GoMLX's automatic differentiation on backend.
func DeckAutodiff(backend compute.Backend, points [][3]float64) (costs []float64, grads [][3]float64, err error) {
	exec, err := graph.NewExec(backend, func(w *graph.Node) (cost, grad *graph.Node) {
		cost = DeckCostGraph(w)
		grad = graph.Gradient(cost, w)[0]
		return
	})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range points {
		out, err := exec.Call(p[:])
		if err != nil {
			return nil, nil, fmt.Errorf("evaluating the deck's cost at %v: %w", p, err)
		}
		costs = append(costs, out[0].Value().(float64))
		g := out[1].Value().([]float64)
		grads = append(grads, [3]float64{g[0], g[1], g[2]})
	}
	return costs, grads, nil
}
