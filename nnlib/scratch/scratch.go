// Package scratch is lesson 03's network from scratch, kept for the lessons
// after it: a fully connected network of sigmoid neurons in plain Go, its
// forward pass, the deck's cross-entropy cost, backpropagation over a batch
// (Gradient) and the step of gradient descent. Lesson 03
// (lessons/03-backpropagation) writes all of it out to teach it, example by
// example and then batched; lesson 04a trains this copy with minibatches.
//
// Weights use the deck's notation: W[l] is the matrix W⁽ˡ⁺¹⁾ from layer l+1
// to layer l+2 (layers counted from 1, the input being layer 1), one row per
// neuron of the next layer, column 0 for the bias unit. The cost is the
// deck's cross-entropy, for which the output layer's error is simply
// δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y. data.Digits gives it real digits to learn.
package scratch

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx-course/dlcourse/nnlib"
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

// Forward computes the activations of every layer for one input x: a[0] is
// x (layer 1), a[l] is layer l+1's activations, without the bias unit, and
// the last one is the network's output h(x).
func (w Weights) Forward(x []float64) [][]float64 {
	a := [][]float64{x}
	for _, W := range w {
		a = append(a, LayerForward(W, a[len(a)-1]))
	}
	return a
}

// LayerForward is one layer's forward pass, g(W [1; a]): for W, the matrix
// from a layer to the next (one row per neuron of the next layer, column 0
// for the bias unit), and the layer's activations a (without the bias unit),
// the next layer's activations g(Wᵢ,₀ + Σⱼ Wᵢ,ⱼ₊₁ aⱼ), g the sigmoid.
func LayerForward(W [][]float64, a []float64) []float64 {
	next := make([]float64, len(W))
	for i, row := range W {
		z := row[0] // The bias unit's weight times 1.
		for j, v := range a {
			z += row[j+1] * v
		}
		next[i] = nnlib.Sigmoid(z)
	}
	return next
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

// Gradient returns the gradient of Cost on the batch X, Y with respect to
// every weight, in the shape of w: lesson 03's backpropagation over the
// whole batch at once, rows being examples (A⁽ˡ⁾ is m × units):
//
//	Z⁽ˡ⁺¹⁾ = [1 A⁽ˡ⁾] W⁽ˡ⁾ᵀ         A⁽ˡ⁺¹⁾ = g(Z⁽ˡ⁺¹⁾)
//	Δ⁽ᴸ⁾ = A⁽ᴸ⁾ − Y
//	Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁾)[:, 1:] ⊙ A⁽ˡ⁾ ⊙ (1 − A⁽ˡ⁾)
//	D⁽ˡ⁾ = Δ⁽ˡ⁺¹⁾ᵀ [1 A⁽ˡ⁾] / m
func (w Weights) Gradient(X, Y [][]float64) Weights {
	m := len(X)
	// Forward: keep every layer's activations, with the bias column.
	acts := []matrix{withBias(X)}
	for l, W := range w {
		prev := acts[l]
		out := newMatrix(m, len(W))
		for r := range m {
			row := prev.v[r*prev.cols : (r+1)*prev.cols]
			for i, wi := range W {
				var z float64
				for j, v := range row {
					z += wi[j] * v
				}
				out.v[r*out.cols+i] = nnlib.Sigmoid(z)
			}
		}
		if l < len(w)-1 {
			out = withBiasMatrix(out)
		}
		acts = append(acts, out)
	}
	// Backward.
	L := len(w)
	delta := acts[L]
	d := newMatrix(m, delta.cols)
	for r := range m {
		for k := range delta.cols {
			d.v[r*d.cols+k] = delta.at(r, k) - Y[r][k]
		}
	}
	D := zerosLike(w)
	for l := L - 1; l >= 0; l-- {
		a := acts[l] // m × (units+1), bias column first.
		for i := range d.cols {
			for j := range a.cols {
				var s float64
				for r := range m {
					s += d.at(r, i) * a.at(r, j)
				}
				D[l][i][j] = s / float64(m)
			}
		}
		if l == 0 {
			break
		}
		next := newMatrix(m, a.cols-1)
		for r := range m {
			for j := 1; j < a.cols; j++ {
				var back float64
				for i := range d.cols {
					back += d.at(r, i) * w[l][i][j]
				}
				aj := a.at(r, j)
				next.v[r*next.cols+j-1] = back * aj * (1 - aj)
			}
		}
		d = next
	}
	return D
}

// Step applies one step of gradient descent, W ← W − η D, in place.
func (w Weights) Step(D Weights, eta float64) {
	for l := range w {
		for i := range w[l] {
			for j := range w[l][i] {
				w[l][i][j] -= eta * D[l][i][j]
			}
		}
	}
}

// matrix is a row-major matrix.
type matrix struct {
	rows, cols int
	v          []float64
}

func newMatrix(rows, cols int) matrix { return matrix{rows, cols, make([]float64, rows*cols)} }

func (m matrix) at(i, j int) float64 { return m.v[i*m.cols+j] }

// withBias turns examples into a matrix with a first column of ones.
func withBias(X [][]float64) matrix {
	out := newMatrix(len(X), len(X[0])+1)
	for r, x := range X {
		out.v[r*out.cols] = 1
		copy(out.v[r*out.cols+1:], x)
	}
	return out
}

// withBiasMatrix puts a column of ones in front of a.
func withBiasMatrix(a matrix) matrix {
	out := newMatrix(a.rows, a.cols+1)
	for r := range a.rows {
		out.v[r*out.cols] = 1
		copy(out.v[r*out.cols+1:(r+1)*out.cols], a.v[r*a.cols:(r+1)*a.cols])
	}
	return out
}

// zerosLike returns weights of w's shape, all 0.
func zerosLike(w Weights) Weights {
	z := make(Weights, len(w))
	for l := range w {
		z[l] = make([][]float64, len(w[l]))
		for i := range w[l] {
			z[l][i] = make([]float64, len(w[l][i]))
		}
	}
	return z
}
