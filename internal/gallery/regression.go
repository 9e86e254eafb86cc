package gallery

// The deck's worked example of gradient descent: linear regression
// h(x) = w₀ + w₁x₁ + w₂x₂ on m = 2 samples, (x₁, x₂; y) = (2, 3; 1.8) and
// (4, 5; 3.2), whose cost is
//
//	J(w₀, w₁, w₂) = 1/(2·2) [(w₀ + 2w₁ + 3w₂ − 1.8)² + (w₀ + 4w₁ + 5w₂ − 3.2)²].

// cost is the deck's J(w₀, w₁, w₂).
func cost(w0, w1, w2 float64) float64 {
	r1, r2 := residuals(w0, w1, w2)
	return (r1*r1 + r2*r2) / 4
}

// residuals are h(x) − y on the two samples.
func residuals(w0, w1, w2 float64) (r1, r2 float64) {
	return w0 + 2*w1 + 3*w2 - 1.8, w0 + 4*w1 + 5*w2 - 3.2
}

// gradient is the deck's ∇J = (∂J/∂w₀, ∂J/∂w₁, ∂J/∂w₂).
func gradient(w0, w1, w2 float64) (g0, g1, g2 float64) {
	r1, r2 := residuals(w0, w1, w2)
	return (r1 + r2) / 2, (2*r1 + 4*r2) / 2, (3*r1 + 5*r2) / 2
}
