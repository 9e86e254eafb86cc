package generalisation

import (
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// SoftmaxRef is softmax(z)_k = e^(z_k) / Σⱼ e^(z_j), computed as
// e^(z_k − max z) / Σⱼ e^(z_j − max z): the same value (the common factor
// e^(−max z) cancels) without overflowing for large z.
func SoftmaxRef(z []float64) []float64 {
	if len(z) == 0 {
		return nil
	}
	hi := z[argmax(z)]
	out := make([]float64, len(z))
	var sum float64
	for k, v := range z {
		out[k] = math.Exp(v - hi)
		sum += out[k]
	}
	for k := range out {
		out[k] /= sum
	}
	return out
}

// CrossEntropyRef is the cross-entropy of softmax(z) for class y, −log a_y,
// computed as log Σⱼ e^(z_j) − z_y.
func CrossEntropyRef(z []float64, y int) float64 { return logSumExp(z) - z[y] }

// CrossEntropyGradRef is the gradient of CrossEntropyRef with respect to z:
// a − y, with a = softmax(z) and y the one-hot vector of the class.
func CrossEntropyGradRef(z []float64, y int) []float64 {
	g := SoftmaxRef(z)
	g[y]--
	return g
}

// Saturated is the lesson's example of a saturated output: one sigmoid
// neuron a = g(w·x) with x = 1 and target y = 1, starting at w = −6, where
// a = 0.0025 is as wrong as it can be and g′ is almost 0.
type Saturated struct {
	W0, X, Y, Eta float64
	Steps         int
}

// DefaultSaturated is the example the lesson runs.
var DefaultSaturated = Saturated{W0: -6, X: 1, Y: 1, Eta: 1, Steps: 60}

// Gradients of the two costs with respect to w at w: the mean squared error
// ½(a − y)², whose gradient (a − y)·g′(z)·x carries the small factor
// g′(z) = a(1 − a), and the cross-entropy −[y log a + (1 − y) log(1 − a)],
// whose gradient (a − y)·x does not.
func (s Saturated) Gradients(w float64) (mse, ce float64) {
	a := nnlib.Sigmoid(w * s.X)
	return (a - s.Y) * a * (1 - a) * s.X, (a - s.Y) * s.X
}

// Costs are the two costs at w.
func (s Saturated) Costs(w float64) (mse, ce float64) {
	a := nnlib.Sigmoid(w * s.X)
	return 0.5 * (a - s.Y) * (a - s.Y), -(s.Y*math.Log(a) + (1-s.Y)*math.Log(1-a))
}

// Descend runs gradient descent on each cost and returns the neuron's output
// a after each step (index 0 the start): with the MSE, then with the
// cross-entropy.
func (s Saturated) Descend() (mse, ce []float64) {
	wm, wc := s.W0, s.W0
	mse, ce = []float64{nnlib.Sigmoid(wm * s.X)}, []float64{nnlib.Sigmoid(wc * s.X)}
	for range s.Steps {
		gm, _ := s.Gradients(wm)
		_, gc := s.Gradients(wc)
		wm, wc = wm-s.Eta*gm, wc-s.Eta*gc
		mse, ce = append(mse, nnlib.Sigmoid(wm*s.X)), append(ce, nnlib.Sigmoid(wc*s.X))
	}
	return mse, ce
}
