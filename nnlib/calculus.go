package nnlib

import "math"

// Sigmoid is the logistic function g(z) = 1 / (1 + e^(−z)), the deck's
// activation: it squashes any z into (0, 1), so its value reads as a
// probability. Its derivative is g'(z) = g(z)·(1 − g(z)) (lesson 00's
// exercise).
func Sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// NumericalGradient estimates the gradient of f at w by central differences,
// (f(w + h·eᵢ) − f(w − h·eᵢ)) / 2h for each coordinate i: no calculus, only
// 2·len(w) evaluations of f. Its error shrinks like h², until rounding
// errors (which grow like 1/h) take over; h = 1e-5 suits float64.
//
// Being impossible to get wrong, it is what the lessons check derivatives
// and backpropagation against. w is left unchanged; f may keep the slice it
// is given only until it returns.
func NumericalGradient(f func(w []float64) float64, w []float64, h float64) []float64 {
	grad := make([]float64, len(w))
	x := append([]float64(nil), w...)
	for i := range x {
		orig := x[i]
		x[i] = orig + h
		plus := f(x)
		x[i] = orig - h
		minus := f(x)
		x[i] = orig
		grad[i] = (plus - minus) / (2 * h)
	}
	return grad
}
