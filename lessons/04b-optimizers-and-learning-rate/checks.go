package optimizers

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// BestRateError checks the learning rate a student reads off the study's
// grid as the one with the lowest final cost.
func BestRateError(chosen float64, study []Result) error {
	if len(study) == 0 {
		return fmt.Errorf("the study has no runs: run the study's cell first")
	}
	best := study[0]
	for _, r := range study[1:] {
		if r.Final() < best.Final() {
			best = r
		}
	}
	if chosen == best.LearningRate {
		return nil
	}
	var picked *Result
	for i := range study {
		if study[i].LearningRate == chosen {
			picked = &study[i]
		}
	}
	switch {
	case chosen == 0:
		return fmt.Errorf("fill in the blank with one of the study's learning rates")
	case picked == nil:
		return fmt.Errorf("%g is not one of the study's learning rates: pick one of the grid's panels", chosen)
	case chosen < best.LearningRate:
		return fmt.Errorf("with η = %g the cost ends at %.3f: too small, it has barely moved from %.3f; look at larger rates", chosen, picked.Final(), picked.Loss[0])
	}
	return fmt.Errorf("with η = %g the cost ends at %.3f: too large, the steps overshoot and the cost bounces; look at smaller rates", chosen, picked.Final())
}

// AdamRef is one step of Adam for a single weight, the reference for the
// exercise: moments m and v of the gradients, bias-corrected, then
// w ← w − η m̂ / (√v̂ + ε). t counts steps from 1.
func AdamRef(w, g, m, v float64, t int, eta, beta1, beta2, eps float64) (float64, float64, float64) {
	m = beta1*m + (1-beta1)*g
	v = beta2*v + (1-beta2)*g*g
	mHat := m / (1 - math.Pow(beta1, float64(t)))
	vHat := v / (1 - math.Pow(beta2, float64(t)))
	return w - eta*mHat/(math.Sqrt(vHat)+eps), m, v
}

// AdamStepError checks a student's Adam step (same signature as AdamRef) on
// six steps of a fixed sequence of gradients, comparing the weights, and
// names the usual mistakes.
func AdamStepError(candidate func(w, g, m, v float64, t int, eta, beta1, beta2, eps float64) (float64, float64, float64)) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	grads := []float64{0.5, 0.3, -0.2, 0.8, 0.1, -0.4}
	const eta, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
	type variant func(w, g, m, v float64, t int) (float64, float64, float64)
	run := func(f variant) []float64 {
		w, m, v := 1.0, 0.0, 0.0
		var ws []float64
		for i, g := range grads {
			w, m, v = f(w, g, m, v, i+1)
			ws = append(ws, w)
		}
		return ws
	}
	want := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		return AdamRef(w, g, m, v, t, eta, b1, b2, eps)
	})
	got := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		return candidate(w, g, m, v, t, eta, b1, b2, eps)
	})
	if near(got, want) {
		return nil
	}
	noCorrection := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		return w - eta*m/(math.Sqrt(v)+eps), m, v
	})
	noSqrt := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		mHat, vHat := m/(1-math.Pow(b1, float64(t))), v/(1-math.Pow(b2, float64(t)))
		return w - eta*mHat/(vHat+eps), m, v
	})
	rmsprop := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		vHat := v / (1 - math.Pow(b2, float64(t)))
		return w - eta*g/(math.Sqrt(vHat)+eps), m, v
	})
	uphill := run(func(w, g, m, v float64, t int) (float64, float64, float64) {
		w2, m2, v2 := AdamRef(w, g, m, v, t, eta, b1, b2, eps)
		return 2*w - w2, m2, v2
	})
	if allEqual(got, 1) {
		return fmt.Errorf("w never changes: return the updated weight")
	}
	return errors.New(nnlib.Diagnose(got, near, []nnlib.Mistake[[]float64]{
		{Name: "no bias correction", Wrong: noCorrection, Hint: "you skip the bias correction: m and v start at 0, so early on they are too small; divide them by (1 − β₁ᵗ) and (1 − β₂ᵗ)"},
		{Name: "no square root", Wrong: noSqrt, Hint: "divide by the square root of v̂: v averages squared gradients, √v̂ has the gradient's units"},
		{Name: "RMSProp", Wrong: rmsprop, Hint: "you step along the raw gradient g (that is RMSProp): Adam steps along its average, m̂"},
		{Name: "uphill", Wrong: uphill, Hint: "w moves uphill: subtract the step"},
	}, fmt.Sprintf("after 6 steps from w = 1 you reach %.6f, Adam reaches %.6f", got[len(got)-1], want[len(want)-1])))
}

func near(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func allEqual(a []float64, x float64) bool {
	for _, v := range a {
		if v != x {
			return false
		}
	}
	return true
}
