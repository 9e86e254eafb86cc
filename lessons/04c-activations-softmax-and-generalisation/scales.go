package generalisation

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/scratch"
)

// LossScale is one of the costs that the course's lessons print, and its
// value when the network knows nothing: every one of the 10 classes equally
// likely (all logits z = 0, so each sigmoid output is ½ and softmax gives
// 1/10).
type LossScale struct {
	Lessons string  // Where it is printed.
	Cost    string  // What it is.
	Uniform float64 // Its value for the uniform guess, computed by the code those lessons run.
	Closed  string  // The same value in closed form.
	Want    float64 // The closed form's value.
}

// LossScales computes the uniform guess's cost with the code each lesson
// uses: nnlib/scratch's Cost (lessons 03 and 04a), GoMLX's
// BinaryCrossentropyLogits (mlp.Fit: lessons 01 and 04b) and
// SparseCategoricalCrossEntropyLogits (cnn.Fit: lesson 05a), on 4 examples
// of different classes.
func LossScales(backend compute.Backend) (out []LossScale, err error) {
	defer nnlib.Failed(&err, "GoMLX failed computing the losses")
	const k, m = 10, 4
	labels := []int32{3, 0, 7, 9}
	oneHot := make([][]float64, m)
	for i, l := range labels {
		oneHot[i] = make([]float64, k)
		oneHot[i][l] = 1
	}
	// Lessons 03 and 04a: a network whose weights are all 0 outputs ½.
	w, err := scratch.NewWeights([]int{2, 3, k}, 1)
	if err != nil {
		return nil, err
	}
	for _, W := range w {
		for _, row := range W {
			clear(row)
		}
	}
	X := [][]float64{{0.1, 0.2}, {1, 0}, {0, 1}, {0.5, 0.5}}
	out = append(out, LossScale{Lessons: "03, 04a", Cost: "−Σₖ [yₖ log aₖ + (1 − yₖ) log(1 − aₖ)], summed over the 10 outputs, averaged over examples (nnlib/scratch)",
		Uniform: w.Cost(X, oneHot), Closed: "10 ln 2", Want: 10 * math.Ln2})
	z := make([][]float32, m)
	y := make([][]float32, m)
	for i := range z {
		z[i] = make([]float32, k)
		y[i] = make([]float32, k)
		y[i][labels[i]] = 1
	}
	sparse := make([][]int32, m)
	for i, l := range labels {
		sparse[i] = []int32{l}
	}
	bce, err := graph.CallOnce(backend, func(y, z *graph.Node) *graph.Node {
		return loss.BinaryCrossentropyLogits([]*graph.Node{y}, []*graph.Node{z})
	}, y, z)
	if err != nil {
		return nil, err
	}
	out = append(out, LossScale{Lessons: "01, 04b", Cost: "the same cross-entropy averaged over the 10 outputs too (mlp.Fit: GoMLX's BinaryCrossentropyLogits)",
		Uniform: float64(bce.Value().(float32)), Closed: "ln 2", Want: math.Ln2})
	ce, err := graph.CallOnce(backend, func(y, z *graph.Node) *graph.Node {
		return loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{y}, []*graph.Node{z})
	}, sparse, z)
	if err != nil {
		return nil, err
	}
	out = append(out, LossScale{Lessons: "05a, this lesson", Cost: "softmax's cross-entropy −log a_y (cnn.Fit: GoMLX's SparseCategoricalCrossEntropyLogits)",
		Uniform: float64(ce.Value().(float32)), Closed: "ln 10", Want: math.Log(10)})
	for _, s := range out {
		if math.Abs(s.Uniform-s.Want) > 1e-5*s.Want {
			return out, fmt.Errorf("%s: %.6f for the uniform guess, not %s = %.6f", s.Lessons, s.Uniform, s.Closed, s.Want)
		}
	}
	return out, nil
}
