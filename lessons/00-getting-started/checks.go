package gettingstarted

import (
	"fmt"
	"math"
)

// sigmoid is the logistic function σ(x) = 1 / (1 + e^(−x)).
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// checkPoints are where a student's derivative is compared with the truth.
var checkPoints = []float64{-6, -3, -1.5, -0.5, 0, 0.25, 1, 2.5, 4, 8}

// SigmoidDerivativeError says what is wrong with a candidate for σ'(x), the
// derivative of the sigmoid, or returns nil if it is right.
//
// The candidate is compared at fixed points with a central difference
// (σ(x+h) − σ(x−h)) / 2h, which needs no calculus and so checks the student's
// algebra independently. The hints name the usual mistakes.
func SigmoidDerivativeError(candidate func(x float64) float64) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil: write func(x float64) float64 { ... }")
	}
	const h = 1e-5
	for _, x := range checkPoints {
		want := (sigmoid(x+h) - sigmoid(x-h)) / (2 * h)
		got := candidate(x)
		if math.IsNaN(got) || math.IsInf(got, 0) {
			return fmt.Errorf("at x = %g your derivative is %v: it must be a finite number", x, got)
		}
		if math.Abs(got-want) <= 1e-6 {
			continue
		}
		s := sigmoid(x)
		switch {
		case got == 0:
			return fmt.Errorf("at x = %g you return 0, but the sigmoid's slope there is %.4f: replace the blank with your formula", x, want)
		case math.Abs(got-s) < 1e-9:
			return fmt.Errorf("you return σ(x) itself; the derivative is how fast σ changes: differentiate 1/(1+e^(−x)) with the chain rule")
		case math.Abs(got-math.Exp(-x)) < 1e-9:
			return fmt.Errorf("at x = %g you return e^(−x); that is only the inner derivative's part: keep the chain rule going, and write the result using σ(x)", x)
		case math.Abs(got+want) < 1e-6:
			return fmt.Errorf("your derivative has the wrong sign: σ increases everywhere, so σ'(x) > 0")
		case math.Abs(got-s*(1+s)) < 1e-9:
			return fmt.Errorf("close: check the sign inside the parentheses, σ(x)·(1 … σ(x))")
		}
		return fmt.Errorf("at x = %g your derivative is %.6f, but the slope of σ there is %.6f: compare with (σ(x+h) − σ(x−h)) / 2h for a small h", x, got, want)
	}
	return nil
}
