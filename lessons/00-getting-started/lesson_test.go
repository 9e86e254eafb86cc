package gettingstarted

import (
	"math"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
)

func TestSigmoidDerivativeCheck(t *testing.T) {
	right := func(x float64) float64 { s := nnlib.Sigmoid(x); return s * (1 - s) }
	if err := SigmoidDerivativeError(right); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	// Also right, written differently.
	alt := func(x float64) float64 { e := math.Exp(-x); return e / ((1 + e) * (1 + e)) }
	if err := SigmoidDerivativeError(alt); err != nil {
		t.Fatalf("an equivalent answer is refused: %v", err)
	}
	checktest.Hints(t, SigmoidDerivativeError, []checktest.Wrong[func(float64) float64]{
		{Name: "blank", Answer: func(float64) float64 { return 0 }, Hint: "replace the blank"},
		{Name: "sigma", Answer: nnlib.Sigmoid, Hint: "σ(x) itself"},
		{Name: "inner only", Answer: func(x float64) float64 { return math.Exp(-x) }, Hint: "chain rule"},
		{Name: "sign", Answer: func(x float64) float64 { s := nnlib.Sigmoid(x); return -s * (1 - s) }, Hint: "wrong sign"},
		{Name: "plus", Answer: func(x float64) float64 { s := nnlib.Sigmoid(x); return s * (1 + s) }, Hint: "sign inside"},
		{Name: "other", Answer: func(x float64) float64 { return 0.25 }, Hint: "slope of σ"},
		{Name: "nan", Answer: func(float64) float64 { return math.NaN() }, Hint: "finite"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

// FitLine's gradient descent must converge to the least-squares line, which
// has a closed form: w = cov(x, y) / var(x), b = mean(y) − w·mean(x).
func TestFitLineMatchesLeastSquares(t *testing.T) {
	xs := []float64{0, 0.5, 1, 1.5, 2, 2.5, 3}
	ys := []float64{1.1, 1.9, 3.2, 3.9, 5.1, 6.0, 7.2}
	var mx, my float64
	for i := range xs {
		mx += xs[i] / float64(len(xs))
		my += ys[i] / float64(len(xs))
	}
	var cov, vx float64
	for i := range xs {
		cov += (xs[i] - mx) * (ys[i] - my)
		vx += (xs[i] - mx) * (xs[i] - mx)
	}
	wantW := cov / vx
	wantB := my - wantW*mx

	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLine(backend, xs, ys, 3000, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(fit.W-wantW) > 1e-6 || math.Abs(fit.B-wantB) > 1e-6 {
		t.Errorf("gradient descent reached w=%.8f b=%.8f, least squares gives w=%.8f b=%.8f", fit.W, fit.B, wantW, wantB)
	}
	if len(fit.Losses) != 3000 || fit.Losses[0] <= fit.Losses[len(fit.Losses)-1] {
		t.Errorf("losses should fall: first %v last %v (%d)", fit.Losses[0], fit.Losses[len(fit.Losses)-1], len(fit.Losses))
	}
	// The first loss is at w = b = 0: the mean of y².
	var want0 float64
	for _, y := range ys {
		want0 += y * y / float64(len(ys))
	}
	if math.Abs(fit.Losses[0]-want0) > 1e-9 {
		t.Errorf("first loss %v, want mean(y²) = %v", fit.Losses[0], want0)
	}
	if _, err := FitLine(backend, xs, ys[:2], 10, 0.1); err == nil {
		t.Error("mismatched lengths must be an error")
	}
}
