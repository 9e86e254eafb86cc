package backprop

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx-course/dlcourse/nnlib/scratch"
)

// Weights are a network's matrices W⁽¹⁾, W⁽²⁾, ...: Weights[l][i][j] is the
// weight from unit j of layer l+1 (j = 0 is the bias unit) to neuron i of
// layer l+2.
type Weights [][][]float64

// NewWeights returns small random weights for layers of the given sizes
// (input first), uniform in [−ε, ε] with ε = √6 / √(in + out), seeded.
// Starting from zero would make every neuron of a layer compute the same
// thing forever: the randomness breaks the symmetry.
func NewWeights(sizes []int, seed uint64) (Weights, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("a network needs at least two layers, got sizes %v", sizes)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	w := make(Weights, len(sizes)-1)
	for l := range w {
		in, out := sizes[l], sizes[l+1]
		if in < 1 || out < 1 {
			return nil, fmt.Errorf("layer sizes must be positive, got %v", sizes)
		}
		eps := math.Sqrt(6) / math.Sqrt(float64(in+out))
		w[l] = make([][]float64, out)
		for i := range w[l] {
			w[l][i] = make([]float64, in+1)
			for j := range w[l][i] {
				w[l][i][j] = (2*rng.Float64() - 1) * eps
			}
		}
	}
	return w, nil
}

// Clone returns a deep copy.
func (w Weights) Clone() Weights {
	c := make(Weights, len(w))
	for l := range w {
		c[l] = make([][]float64, len(w[l]))
		for i := range w[l] {
			c[l][i] = append([]float64(nil), w[l][i]...)
		}
	}
	return c
}

// LayerForward is one layer's forward pass, a⁽ˡ⁺¹⁾ = g(W⁽ˡ⁾ [1; a⁽ˡ⁾]):
// given W, the matrix from this layer to the next (one row per neuron of the
// next layer, column 0 for the bias unit), and this layer's activations a
// (without the bias unit), it returns the next layer's activations
//
//	a⁽ˡ⁺¹⁾ᵢ = g(Wᵢ,₀ + Σⱼ Wᵢ,ⱼ₊₁ aⱼ),
//
// where g is the deck's activation, the sigmoid g(z) = 1 / (1 + e^(−z))
// (nnlib.Sigmoid), whose derivative is g'(z) = g(z)·(1 − g(z)). In words:
// each neuron of the next layer weighs this layer's outputs, adds its bias
// (the weight of the bias unit, which is always 1) and squashes the sum.
//
// It is nnlib/scratch's LayerForward, which the later lessons use.
func LayerForward(W [][]float64, a []float64) []float64 {
	return scratch.LayerForward(W, a)
}

// Forward computes the activations of every layer for one input x: a[0] is
// x (layer 1), a[l] is layer l+1's activations, without the bias unit, and
// the last one is the network's output h(x). Each layer is LayerForward of
// the one before.
func (w Weights) Forward(x []float64) [][]float64 {
	return w.forwardWith(x, LayerForward)
}

// forwardWith is Forward with the layer's forward pass given. An answer of
// the wrong length panics with a shapeError (see BackpropWith).
func (w Weights) forwardWith(x []float64, forward LayerFunc) [][]float64 {
	a := [][]float64{x}
	for _, W := range w {
		next := forward(W, a[len(a)-1])
		if len(next) != len(W) {
			panic(shapeError(fmt.Sprintf("your forward pass returned %d activations for a layer of %d neurons: run its check above", len(next), len(W))))
		}
		a = append(a, next)
	}
	return a
}

// Cost is the deck's cross-entropy of the network on examples X with
// targets Y (one-hot for classes): the mean over examples of
// −Σₖ [yₖ log hₖ + (1 − yₖ) log(1 − hₖ)].
func (w Weights) Cost(X, Y [][]float64) float64 {
	var s float64
	for i, x := range X {
		h := w.Forward(x)
		out := h[len(h)-1]
		for k, y := range Y[i] {
			s -= y*math.Log(out[k]) + (1-y)*math.Log(1-out[k])
		}
	}
	return s / float64(len(X))
}

// Accuracy is the share of examples whose largest output is the class of
// their one-hot target.
func (w Weights) Accuracy(X, Y [][]float64) float64 {
	right := 0
	for i, x := range X {
		a := w.Forward(x)
		if argmax(a[len(a)-1]) == argmax(Y[i]) {
			right++
		}
	}
	return float64(right) / float64(len(X))
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
