package nnlib

import (
	"math"
	"testing"
)

func TestSigmoid(t *testing.T) {
	for _, tc := range []struct{ z, want float64 }{{0, 0.5}, {math.Log(3), 0.75}, {-math.Log(3), 0.25}, {800, 1}, {-800, 0}} {
		if got := Sigmoid(tc.z); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("Sigmoid(%g) = %g, want %g", tc.z, got, tc.want)
		}
	}
}

func TestNumericalGradient(t *testing.T) {
	// f(w) = w0² + 3·w0·w1 − w1³ has the gradient (2w0 + 3w1, 3w0 − 3w1²).
	f := func(w []float64) float64 { return w[0]*w[0] + 3*w[0]*w[1] - w[1]*w[1]*w[1] }
	w := []float64{1.5, -0.5}
	got := NumericalGradient(f, w, 1e-5)
	want := []float64{2*w[0] + 3*w[1], 3*w[0] - 3*w[1]*w[1]}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-8 {
			t.Errorf("∂f/∂w%d = %.10f, want %.10f", i, got[i], want[i])
		}
	}
	if w[0] != 1.5 || w[1] != -0.5 {
		t.Errorf("w changed to %v", w)
	}
	// The sigmoid's slope, the check of lesson 00's exercise.
	s := Sigmoid(0.7)
	if d := NumericalGradient(func(v []float64) float64 { return Sigmoid(v[0]) }, []float64{0.7}, 1e-5)[0]; math.Abs(d-s*(1-s)) > 1e-10 {
		t.Errorf("σ'(0.7) ≈ %g, want %g", d, s*(1-s))
	}
}
