package backprop

import "math"

// NumericalGradient estimates ∂J/∂W for every weight by central differences,
// (J(W + ε) − J(W − ε)) / 2ε, changing one weight at a time: slow (two
// forward passes over all the data per weight) but impossible to get wrong,
// which is why it checks backpropagation.
func (w Weights) NumericalGradient(X, Y [][]float64, eps float64) Weights {
	g := zerosLike(w)
	c := w.Clone()
	for l := range c {
		for i := range c[l] {
			for j := range c[l][i] {
				orig := c[l][i][j]
				c[l][i][j] = orig + eps
				plus := c.Cost(X, Y)
				c[l][i][j] = orig - eps
				minus := c.Cost(X, Y)
				c[l][i][j] = orig
				g[l][i][j] = (plus - minus) / (2 * eps)
			}
		}
	}
	return g
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
