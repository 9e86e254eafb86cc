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
