package gettingstarted

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

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
		want := nnlib.NumericalGradient(func(v []float64) float64 { return nnlib.Sigmoid(v[0]) }, []float64{x}, h)[0]
		got := candidate(x)
		if math.IsNaN(got) || math.IsInf(got, 0) {
			return fmt.Errorf("at x = %g your derivative is %v: it must be a finite number", x, got)
		}
		if agree(got, want) {
			continue
		}
		s := nnlib.Sigmoid(x)
		return errors.New(nnlib.Diagnose(got, agree, []nnlib.Mistake[float64]{
			{Name: "the blank", Wrong: 0, Hint: fmt.Sprintf("at x = %g you return 0, but the sigmoid's slope there is %.4f: replace the blank with your formula", x, want)},
			{Name: "σ itself", Wrong: s, Hint: "you return σ(x) itself; the derivative is how fast σ changes: differentiate 1/(1+e^(−x)) with the chain rule"},
			{Name: "the inner derivative only", Wrong: math.Exp(-x), Hint: fmt.Sprintf("at x = %g you return e^(−x); that is only the inner derivative's part: keep the chain rule going, and write the result using σ(x)", x)},
			{Name: "the sign", Wrong: -want, Hint: "your derivative has the wrong sign: σ increases everywhere, so σ'(x) > 0"},
			{Name: "σ(1 + σ)", Wrong: s * (1 + s), Hint: "close: check the sign inside the parentheses, σ(x)·(1 … σ(x))"},
		}, fmt.Sprintf("at x = %g your derivative is %.6f, but the slope of σ there is %.6f: compare with (σ(x+h) − σ(x−h)) / 2h for a small h", x, got, want)))
	}
	return nil
}

// agree reports whether two slopes agree to 1e-6, the accuracy of the
// central difference.
func agree(a, b float64) bool { return math.Abs(a-b) <= 1e-6 }
