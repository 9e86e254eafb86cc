package gallery

import (
	"math"
	"testing"
)

// The figures reproduce the deck's numbers: these tests check them.

func TestConvolutionExampleGives42(t *testing.T) {
	if got := convolveAt(convImage, convKernel, 2, 2); got != 42 {
		t.Errorf("the deck's example gives %g at the centre, want 42", got)
	}
	// Edge detection on a flat patch is 0.
	flat := [][]float64{{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}
	if got := convolveAt(flat, edgeDetection, 1, 1); got != 0 {
		t.Errorf("edge detection on a flat patch gives %g", got)
	}
}

func TestDeckGradient(t *testing.T) {
	// The deck's ∂J/∂wᵢ match finite differences.
	const h = 1e-6
	for _, w := range [][3]float64{{0, 0, 0}, {0.3, -1, 2}, {1, 0.5, 0.25}} {
		g0, g1, g2 := gradient(w[0], w[1], w[2])
		for i, g := range []float64{g0, g1, g2} {
			up, down := w, w
			up[i] += h
			down[i] -= h
			numeric := (cost(up[0], up[1], up[2]) - cost(down[0], down[1], down[2])) / (2 * h)
			if math.Abs(numeric-g) > 1e-5 {
				t.Errorf("∂J/∂w%d at %v: deck %g, finite difference %g", i, w, g, numeric)
			}
		}
	}
}

func TestSurfaceMinimumAndDescent(t *testing.T) {
	if j := cost2(0.4, 0.7); math.Abs(j) > 1e-12 {
		t.Errorf("J(0.4, 0.7, 0) = %g, want 0", j)
	}
	path := descent2()
	if len(path) != surfaceSteps+1 || path[0].X != startW0 || path[0].Y != startW1 {
		t.Fatalf("path of %d points from %v", len(path), path[0])
	}
	end := path[len(path)-1]
	if math.Hypot(end.X-0.4, end.Y-0.7) > 0.05 {
		t.Errorf("gradient descent ends at %v, far from the minimum (0.4, 0.7)", end)
	}
	for i := 1; i < len(path); i++ {
		if cost2(path[i].X, path[i].Y) > cost2(path[i-1].X, path[i-1].Y)+1e-12 {
			t.Fatalf("the cost rises at step %d: η = %g is too large", i, surfaceEta)
		}
	}
}

func TestOneParameterCost(t *testing.T) {
	if d := dCost1(0.82); math.Abs(d) > 1e-12 {
		t.Errorf("dJ/dw₁ at the minimum 0.82 is %g", d)
	}
	// Convex: every chord lies above the curve.
	for a := -0.4; a < 2; a += 0.3 {
		for b := a + 0.3; b <= 2; b += 0.3 {
			for tt := 0.1; tt < 1; tt += 0.2 {
				x := a + tt*(b-a)
				if cost1(x) > (1-tt)*cost1(a)+tt*cost1(b)+1e-12 {
					t.Fatalf("J(w₁) is above its chord at %g", x)
				}
			}
		}
	}
}

func TestLogisticCosts(t *testing.T) {
	// MSE: the drawn chord from β = −7 to 0.7 passes below the curve.
	a, b := -7.0, 0.7
	mid := (a + b) / 2
	if chord := (mseCost(a) + mseCost(b)) / 2; mseCost(mid) <= chord {
		t.Errorf("MSE at %g is %g, not above the chord's %g: the figure would not show non-convexity", mid, mseCost(mid), chord)
	}
	// Cross-entropy: second differences are positive everywhere drawn.
	const h = 0.05
	for beta := -8.0; beta <= 8; beta += 0.25 {
		if d2 := crossEntropyCost(beta+h) - 2*crossEntropyCost(beta) + crossEntropyCost(beta-h); d2 <= 0 {
			t.Errorf("cross-entropy is not convex at β = %g", beta)
		}
	}
}

func TestLinearVsNonlinear(t *testing.T) {
	data := rings()
	if len(data.Points) != 200 || data.Validate() != nil {
		t.Fatalf("rings: %d points, %v", len(data.Points), data.Validate())
	}
	linear := accuracy(classifier(fitLogistic(data, false), false), data)
	quadratic := accuracy(classifier(fitLogistic(data, true), true), data)
	if linear > 0.7 || quadratic < 0.95 {
		t.Errorf("accuracy: linear %.2f (want ≤ 0.7), quadratic %.2f (want ≥ 0.95)", linear, quadratic)
	}
}

func TestRNGIsSeeded(t *testing.T) {
	a, b := newRNG(7), newRNG(7)
	var sum float64
	for range 10000 {
		x := a.normal()
		if x != b.normal() {
			t.Fatal("two generators with one seed differ")
		}
		sum += x
	}
	if math.Abs(sum/10000) > 0.05 {
		t.Errorf("normal numbers average %g, want about 0", sum/10000)
	}
	if u := newRNG(1).uniform(); u < 0 || u >= 1 {
		t.Errorf("uniform() = %g", u)
	}
}
