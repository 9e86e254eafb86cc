package gradientdescent

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// checkSets are the (prediction, target) pairs a student's MSE is tried on.
var checkSets = []struct{ pred, y []float64 }{
	{[]float64{1, 2, 3}, []float64{1, 2, 3}},
	{[]float64{2.5, 0, 2, 8}, []float64{3, -0.5, 2, 7}},
	{[]float64{0.1, 0.9}, []float64{0, 1}},
	{[]float64{-1, 4, 2, 0, 3}, []float64{1, 1, 1, 1, 1}},
}

// MSEError says what is wrong with a candidate for the deck's cost
// J = 1/(2m) Σ (ŷᵢ − yᵢ)², or returns nil when it is right.
func MSEError(candidate func(pred, y []float64) float64) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	for _, s := range checkSets {
		want := MSE(s.pred, s.y)
		got := candidate(s.pred, s.y)
		if near(got, want) {
			continue
		}
		m := float64(len(s.y))
		var sum, abs, plain float64
		for i := range s.y {
			d := s.pred[i] - s.y[i]
			sum += d * d
			abs += math.Abs(d)
			plain += d
		}
		const absolute, raw = "you average the absolute errors: the deck squares them", "you average the raw differences, which cancel out: square each one first"
		return errors.New(nnlib.Diagnose(got, near, []nnlib.Mistake[float64]{
			{Name: "the blank", Wrong: 0, Hint: fmt.Sprintf("for ŷ = %v and y = %v you return 0, want %.4g: fill in the blank", s.pred, s.y, want)},
			{Name: "no ½", Wrong: 2 * want, Hint: "your cost is twice the deck's: you forgot the ½ in 1/(2m)"},
			{Name: "no 1/m", Wrong: m * want, Hint: fmt.Sprintf("your cost is m = %g times the deck's: divide by 2m, not by 2 (an average, not a sum)", m)},
			{Name: "the sum", Wrong: sum, Hint: "you return the plain sum of squares: divide it by 2m"},
			{Name: "absolute errors", Wrong: abs / (2 * m), Hint: absolute},
			{Name: "absolute errors, no ½", Wrong: abs / m, Hint: absolute},
			{Name: "raw differences", Wrong: plain / (2 * m), Hint: raw},
			{Name: "raw differences, no ½", Wrong: plain / m, Hint: raw},
		}, fmt.Sprintf("for ŷ = %v and y = %v you return %.6g, want %.6g", s.pred, s.y, got, want)))
	}
	return nil
}

// gradientPoints are where a student's gradient of the deck's cost is tried.
var gradientPoints = [][3]float64{{0, 0, 0}, {1, 1, 1}, {0.5, -0.2, 0.3}, {-1, 2, -0.5}}

// DeckGradientError says what is wrong with a candidate for the gradient of
// DeckCost, or returns nil when it is right. It compares with central
// differences of DeckCost, which need no calculus.
func DeckGradientError(candidate func(w [3]float64) [3]float64) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	for _, w := range gradientPoints {
		n := nnlib.NumericalGradient(func(v []float64) float64 { return DeckCost([3]float64{v[0], v[1], v[2]}) }, w[:], 1e-6)
		num := [3]float64{n[0], n[1], n[2]}
		got := candidate(w)
		ok := true
		for i := range got {
			if math.Abs(got[i]-num[i]) > 1e-6 {
				ok = false
			}
		}
		if ok {
			continue
		}
		// The residuals h(x) − y of the deck's two samples: ∂J/∂w0 = (r1 + r2)/2.
		r1 := w[0] + 2*w[1] + 3*w[2] - 1.8
		r2 := w[0] + 4*w[1] + 5*w[2] - 3.2
		return errors.New(nnlib.Diagnose(got, closeVec, []nnlib.Mistake[[3]float64]{
			{Name: "the blanks", Wrong: [3]float64{}, Hint: fmt.Sprintf("at w = %v you return (0, 0, 0): fill in the blanks", w)},
			{Name: "no ½", Wrong: scale(num, 2), Hint: "each component is twice the truth: J has 1/(2·2) in front, so after the chain rule's 2 a ½ remains"},
			{Name: "the sign", Wrong: scale(num, -1), Hint: "the signs are flipped: differentiate (h(x) − y)², whose inner derivative is +xⱼ"},
			{Name: "no xⱼ", Wrong: [3]float64{num[0], (r1 + r2) / 2, (r1 + r2) / 2}, Hint: "∂J/∂w1 and ∂J/∂w2 equal ∂J/∂w0: multiply each residual by its sample's x1 (for w1) or x2 (for w2)"},
			{Name: "x1 and x2 swapped", Wrong: [3]float64{num[0], (r1*3 + r2*5) / 2, (r1*2 + r2*4) / 2}, Hint: "∂J/∂w1 and ∂J/∂w2 are swapped: w1 multiplies x1 = 2 and 4, w2 multiplies x2 = 3 and 5"},
		}, fmt.Sprintf("at w = %v you return (%.4f, %.4f, %.4f), but the slopes of J there are (%.4f, %.4f, %.4f)", w, got[0], got[1], got[2], num[0], num[1], num[2])))
	}
	return nil
}

// OneStepRateError checks a formula for the learning rate that takes
// gradient descent on J(w) = a·(w − c)² to the minimum in a single step, from
// any start: η = 1/(2a).
func OneStepRateError(candidate func(a float64) float64) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	for _, a := range []float64{0.5, 1, 2, 8} {
		want := 1 / (2 * a)
		got := candidate(a)
		if near(got, want) {
			continue
		}
		// What one step does from w − c = 1: it lands at (1 − 2aη).
		land := 1 - 2*a*got
		if got <= 0 {
			return fmt.Errorf("for a = %g you give η = %g: a learning rate must be positive", a, got)
		}
		lands := fmt.Sprintf("for a = %g one step from w − c = 1 lands at w − c = %.3g, not 0: J'(w) = 2a(w − c), so w − ηJ'(w) − c = (1 − 2aη)(w − c)", a, land)
		return errors.New(nnlib.Diagnose(got, near, []nnlib.Mistake[float64]{
			{Name: "1/a", Wrong: 1 / a, Hint: "with η = 1/a one step lands at the mirror image of the start, −(w − c): it overshoots by exactly the distance. Solve 1 − 2aη = 0"},
			{Name: "2/a", Wrong: 2 / a, Hint: "η = 2/a is beyond the largest rate that converges (1/a): the iterates grow. Solve 1 − 2aη = 0"},
			{Name: "1/(4a)", Wrong: 1 / (4 * a), Hint: lands},
			{Name: "a/2", Wrong: a / 2, Hint: lands},
			{Name: "2a", Wrong: 2 * a, Hint: lands},
		}, fmt.Sprintf("for a = %g you give η = %.4g; one step from w − c = 1 then lands at %.3g instead of 0", a, got, land)))
	}
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func closeVec(a, b [3]float64) bool {
	for i := range a {
		if !near(a[i], b[i]) && math.Abs(a[i]-b[i]) > 1e-6 {
			return false
		}
	}
	return true
}

func scale(v [3]float64, f float64) [3]float64 {
	return [3]float64{v[0] * f, v[1] * f, v[2] * f}
}
