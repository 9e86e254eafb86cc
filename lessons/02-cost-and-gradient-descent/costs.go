package gradientdescent

import (
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// MSE is the deck's mean squared error cost, with its ½:
//
//	J = 1/(2m) Σᵢ (ŷᵢ − yᵢ)²
//
// The 1/m makes it an average (comparable across data sets of any size);
// the ½ cancels the 2 that differentiating the square brings down.
func MSE(pred, y []float64) float64 {
	var s float64
	for i := range y {
		d := pred[i] - y[i]
		s += d * d
	}
	return s / (2 * float64(len(y)))
}

// LogisticMSE is the cost of a one-feature logistic regression
// h(x) = g(β·x), g the sigmoid (nnlib.Sigmoid), under the squared error:
// 1/(2m) Σ (g(β·xᵢ) − yᵢ)². As a function of β it is not convex.
func LogisticMSE(beta float64, xs, ys []float64) float64 {
	pred := make([]float64, len(xs))
	for i, x := range xs {
		pred[i] = nnlib.Sigmoid(beta * x)
	}
	return MSE(pred, ys)
}

// CrossEntropy is the cost of the same logistic regression under the
// deck's convex alternative, the cross-entropy:
//
//	J(β) = −1/m Σ [ yᵢ log h(xᵢ) + (1 − yᵢ) log(1 − h(xᵢ)) ]
//
// computed in a form that stays finite when h(x) rounds to 0 or 1.
func CrossEntropy(beta float64, xs, ys []float64) float64 {
	var s float64
	for i, x := range xs {
		z := beta * x
		// −log g(z) = log(1 + e^(−z)) and −log(1 − g(z)) = log(1 + e^z).
		s += ys[i]*softplus(-z) + (1-ys[i])*softplus(z)
	}
	return s / float64(len(xs))
}

// softplus is log(1 + e^x), without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// SecondDifference estimates f”(x) by (f(x+h) − 2f(x) + f(x−h)) / h². A
// function of one variable is convex exactly where f” ≥ 0 everywhere.
func SecondDifference(f func(float64) float64, x, h float64) float64 {
	return (f(x+h) - 2*f(x) + f(x-h)) / (h * h)
}
