package backprop

// HiddenDelta is the backward step of backpropagation for one hidden layer:
// given W, the matrix from this layer to the next (bias column first), the
// next layer's errors δ⁽ˡ⁺¹⁾ and this layer's activations a⁽ˡ⁾ (without the
// bias unit), it returns this layer's errors
//
//	δ⁽ˡ⁾ⱼ = (Σᵢ Wᵢ,ⱼ₊₁ δ⁽ˡ⁺¹⁾ᵢ) · g'(z⁽ˡ⁾ⱼ),   with g'(z) = a(1 − a) for the sigmoid.
//
// In words: each neuron is blamed for the next layer's errors in proportion
// to the weights it sent them (Wᵀδ), scaled by how much its own output could
// move (g'). The bias unit has no error: nothing feeds it.
func HiddenDelta(W [][]float64, deltaNext, a []float64) []float64 {
	delta := make([]float64, len(a))
	for j := range a {
		var back float64
		for i, d := range deltaNext {
			back += W[i][j+1] * d
		}
		delta[j] = back * a[j] * (1 - a[j])
	}
	return delta
}

// Backprop computes the gradient of Cost with respect to every weight, as the
// deck's algorithm does, one example at a time:
//
//	Δ⁽ˡ⁾ ← 0 for every layer
//	for each example (x, y):
//	    forward pass: a⁽¹⁾ = x, ..., a⁽ᴸ⁾ = h(x)
//	    δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y
//	    δ⁽ᴸ⁻¹⁾, ..., δ⁽²⁾ by HiddenDelta
//	    Δ⁽ˡ⁾ᵢⱼ += a⁽ˡ⁾ⱼ δ⁽ˡ⁺¹⁾ᵢ   (a⁽ˡ⁾₀ = 1, the bias unit)
//	D⁽ˡ⁾ = Δ⁽ˡ⁾ / m
//
// The result has the shape of w: D[l][i][j] = ∂J/∂W[l][i][j].
func (w Weights) Backprop(X, Y [][]float64) Weights {
	D := zerosLike(w)
	for n, x := range X {
		a := w.Forward(x)
		L := len(a) - 1
		delta := make([]float64, len(a[L]))
		for k := range delta {
			delta[k] = a[L][k] - Y[n][k]
		}
		for l := L - 1; l >= 0; l-- {
			// Accumulate Δ for W[l], which maps a[l] to a[l+1].
			for i, d := range delta {
				D[l][i][0] += d // The bias unit: a₀ = 1.
				for j, v := range a[l] {
					D[l][i][j+1] += d * v
				}
			}
			if l > 0 {
				delta = HiddenDelta(w[l], delta, a[l])
			}
		}
	}
	m := float64(len(X))
	for l := range D {
		for i := range D[l] {
			for j := range D[l][i] {
				D[l][i][j] /= m
			}
		}
	}
	return D
}

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
