package gradientdescent

import (
	"math"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// The deck's numbers, worked out by hand from its formulas:
// at w = 0 the residuals are −1.8 and −3.2, so J = (3.24 + 10.24)/4 = 3.37
// and ∇J = ½(−5, −3.6 − 12.8, −5.4 − 16) = (−2.5, −8.2, −10.7);
// at w = (1, 1, 1) they are 4.2 and 6.8, so J = (17.64 + 46.24)/4 = 15.97
// and ∇J = ½(11, 8.4 + 27.2, 12.6 + 34) = (5.5, 17.8, 23.3).
var deckValues = []struct {
	w    [3]float64
	cost float64
	grad [3]float64
}{
	{[3]float64{0, 0, 0}, 3.37, [3]float64{-2.5, -8.2, -10.7}},
	{[3]float64{1, 1, 1}, 15.97, [3]float64{5.5, 17.8, 23.3}},
}

func TestDeckNumbers(t *testing.T) {
	for _, v := range deckValues {
		if got := DeckCost(v.w); math.Abs(got-v.cost) > 1e-12 {
			t.Errorf("J(%v) = %.15g, want %g", v.w, got, v.cost)
		}
		got := DeckGradient(v.w)
		for i := range got {
			if math.Abs(got[i]-v.grad[i]) > 1e-12 {
				t.Errorf("∂J/∂w%d at %v = %.15g, want %g", i, v.w, got[i], v.grad[i])
			}
		}
	}
}

func TestDeckSamplesMatchData(t *testing.T) {
	d := data.DeckExample()
	for i := range 2 {
		row := d.Row(i)
		for j := range 2 {
			if float32(DeckX[i][j]) != row[j] {
				t.Errorf("x[%d][%d] = %v here, %v in nnlib/data", i, j, DeckX[i][j], row[j])
			}
		}
		if float32(DeckY[i]) != d.Targets[i] {
			t.Errorf("y[%d] = %v here, %v in nnlib/data", i, DeckY[i], d.Targets[i])
		}
	}
}

// The slide's partial derivatives agree with GoMLX's autodiff of the cost
// written from the data, and with central differences.
func TestDeckGradientThreeWays(t *testing.T) {
	points := [][3]float64{{0, 0, 0}, {1, 1, 1}, {0.3, -0.7, 0.2}, {2, 0.5, -1}}
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	costs, grads, err := DeckAutodiff(backend, points)
	if err != nil {
		t.Fatal(err)
	}
	f := func(v []float64) float64 { return DeckCost([3]float64{v[0], v[1], v[2]}) }
	for k, w := range points {
		if math.Abs(costs[k]-DeckCost(w)) > 1e-12 {
			t.Errorf("GoMLX J(%v) = %v, slide %v", w, costs[k], DeckCost(w))
		}
		slide := DeckGradient(w)
		num := nnlib.NumericalGradient(f, w[:], 1e-5)
		for i := range 3 {
			if math.Abs(grads[k][i]-slide[i]) > 1e-12 {
				t.Errorf("at %v ∂J/∂w%d: autodiff %v, slide %v", w, i, grads[k][i], slide[i])
			}
			if math.Abs(num[i]-slide[i]) > 1e-8 {
				t.Errorf("at %v ∂J/∂w%d: central difference %v, slide %v", w, i, num[i], slide[i])
			}
		}
	}
}

func TestDescendOnTheDeck(t *testing.T) {
	grad := func(w []float64) []float64 { g := DeckGradient([3]float64{w[0], w[1], w[2]}); return g[:] }
	tr, err := Descend(grad, []float64{0, 0, 0}, 0.02, 1e-6, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Converged || tr.Diverged {
		t.Fatalf("did not converge in %d steps", tr.Steps())
	}
	w := tr.Last()
	if j := DeckCost([3]float64{w[0], w[1], w[2]}); j > 1e-10 {
		t.Errorf("two samples, three weights: the minimum cost is 0, reached %g at %v", j, w)
	}
	if n := Norm(grad(w)); n > 1e-6 {
		t.Errorf("stopped with ‖∇J‖ = %g > tolerance", n)
	}
	// Too large a step diverges and says so.
	tr, err = Descend(grad, []float64{0, 0, 0}, 1, 1e-6, 10000)
	if err != nil || !tr.Diverged {
		t.Errorf("η = 1 should diverge: %+v %v", tr.Converged, err)
	}
	if _, err := Descend(grad, nil, 0.1, 1e-6, 10); err == nil {
		t.Error("an empty start must be an error")
	}
	if _, err := Descend(grad, []float64{0, 0, 0}, -1, 1e-6, 10); err == nil {
		t.Error("a negative η must be an error")
	}
}

// Gradient descent on a noisy linear problem reaches the closed-form
// least-squares solution, which equals scikit-learn's.
func TestDescendReachesLeastSquares(t *testing.T) {
	d, err := data.Linear(200, []float64{2, -3.4}, 4.2, 0.5, 7)
	if err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, d.Len())
	y := make([]float64, d.Len())
	for i := range X {
		r := d.Row(i)
		X[i] = []float64{float64(r[0]), float64(r[1])}
		y[i] = float64(d.Targets[i])
	}
	closed, err := LeastSquares(X, y)
	if err != nil {
		t.Fatal(err)
	}
	// Computed once with Debian's python3-sklearn 1.2.1 on the same 200 rows
	// (written out by nnlib/data with 9 significant digits):
	// LinearRegression().fit(X, y) → intercept_, coef_.
	sklearn := []float64{4.172536541744183, 2.016928847216186, -3.3882182234521783}
	for i := range sklearn {
		if math.Abs(closed[i]-sklearn[i]) > 1e-6 {
			t.Errorf("closed form w%d = %.9f, scikit-learn %.9f", i, closed[i], sklearn[i])
		}
	}
	tr, err := Descend(MSEGradient(X, y), []float64{0, 0, 0}, 0.1, 1e-9, 100000)
	if err != nil || !tr.Converged {
		t.Fatalf("gradient descent did not converge: %v (%d steps)", err, tr.Steps())
	}
	for i, w := range tr.Last() {
		if math.Abs(w-closed[i]) > 1e-7 {
			t.Errorf("gradient descent w%d = %.9f, closed form %.9f", i, w, closed[i])
		}
	}
	// What is left is the noise (σ = 0.5): J ≈ σ²/2 = 0.125, as the lesson says.
	pred := make([]float64, len(y))
	for i, x := range X {
		pred[i] = closed[0] + closed[1]*x[0] + closed[2]*x[1]
	}
	if j := MSE(pred, y); math.Abs(j-0.125) > 0.03 {
		t.Errorf("cost at the least-squares solution = %v, want about 0.125", j)
	}
	if _, err := LeastSquares([][]float64{{1}, {1}}, []float64{1, 2}); err == nil {
		t.Error("a constant feature (collinear with the bias) must be reported singular")
	}
}

// Under the squared error the logistic cost bends down somewhere (not
// convex); under cross-entropy it never does.
func TestConvexity(t *testing.T) {
	xs := []float64{-3, -1, -0.5, 0.5, 2, 4}
	ys := []float64{0, 0, 1, 0, 1, 1}
	mse := func(b float64) float64 { return LogisticMSE(b, xs, ys) }
	ce := func(b float64) float64 { return CrossEntropy(b, xs, ys) }
	minMSE, minCE := math.Inf(1), math.Inf(1)
	for b := -10.0; b <= 10; b += 0.05 {
		minMSE = math.Min(minMSE, SecondDifference(mse, b, 1e-3))
		minCE = math.Min(minCE, SecondDifference(ce, b, 1e-3))
	}
	if minMSE >= 0 {
		t.Errorf("logistic MSE should be non-convex: min second difference %g", minMSE)
	}
	if minCE < -1e-6 {
		t.Errorf("cross-entropy should be convex: min second difference %g", minCE)
	}
	// Cross-entropy by its definition, at a point where nothing overflows.
	b := 0.7
	var want float64
	for i, x := range xs {
		h := nnlib.Sigmoid(b * x)
		want -= ys[i]*math.Log(h) + (1-ys[i])*math.Log(1-h)
	}
	want /= float64(len(xs))
	if math.Abs(ce(b)-want) > 1e-12 {
		t.Errorf("CrossEntropy(%g) = %v, definition gives %v", b, ce(b), want)
	}
	if v := CrossEntropy(1000, xs, ys); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("cross-entropy must stay finite for large β: %v", v)
	}
}
