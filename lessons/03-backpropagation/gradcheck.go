package backprop

import (
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// NumericalGradient estimates ∂J/∂W for every weight by central differences,
// (J(W + ε) − J(W − ε)) / 2ε, changing one weight at a time: slow (two
// forward passes over all the data per weight) but impossible to get wrong,
// which is why it checks backpropagation. It is nnlib.NumericalGradient (the
// central differences of lesson 02) on the cost as a function of all the
// weights, listed one after another.
func (w Weights) NumericalGradient(X, Y [][]float64, eps float64) Weights {
	c := w.Clone()
	cost := func(v []float64) float64 { // J at the weights v, in the order of flatten.
		c.unflatten(v)
		return c.Cost(X, Y)
	}
	g := zerosLike(w)
	g.unflatten(nnlib.NumericalGradient(cost, w.flatten(), eps))
	return g
}

// flatten lists the weights layer by layer, row by row.
func (w Weights) flatten() []float64 {
	var v []float64
	for l := range w {
		for i := range w[l] {
			v = append(v, w[l][i]...)
		}
	}
	return v
}

// unflatten puts back weights listed by flatten.
func (w Weights) unflatten(v []float64) {
	for l := range w {
		for i := range w[l] {
			v = v[copy(w[l][i], v):]
		}
	}
}

// RelativeError is ‖a − b‖ / (‖a‖ + ‖b‖) over all the weights: the gradient
// check's measure, independent of the gradient's scale. Below 1e-7 in
// float64 means backpropagation is right.
func RelativeError(a, b Weights) float64 {
	var diff, na, nb float64
	for l := range a {
		for i := range a[l] {
			for j := range a[l][i] {
				d := a[l][i][j] - b[l][i][j]
				diff += d * d
				na += a[l][i][j] * a[l][i][j]
				nb += b[l][i][j] * b[l][i][j]
			}
		}
	}
	if na+nb == 0 {
		return 0
	}
	return math.Sqrt(diff) / (math.Sqrt(na) + math.Sqrt(nb))
}
