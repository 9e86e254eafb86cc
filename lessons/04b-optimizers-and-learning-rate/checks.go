package optimizers

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// MomentumRates are the rates of the momentum study, the SGD study's without
// 10, where momentum diverges.
var MomentumRates = DefaultBlobs.Rates[1:]

// MomentumStudy is the prediction exercise's study: DefaultBlobs trained
// with momentum (β = 0.9) instead of plain SGD, at MomentumRates.
func MomentumStudy(backend compute.Backend) ([]Result, error) {
	cfg := DefaultBlobs
	cfg.Rates = MomentumRates
	return LearningRateStudy(backend, cfg, mlp.MomentumSGD)
}

// PredictedRateError checks a student's prediction of the momentum study's
// best rate, made before it runs, against that study (momentum, computed by
// the check, not the SGD study the notebook printed). Its hints name the
// usual reasonings: SGD's best rate taken unchanged, the effective step
// η/(1 − β) applied the wrong way round.
func PredictedRateError(predicted float64, momentum []Result) error {
	if len(momentum) == 0 {
		return fmt.Errorf("the momentum study has no runs")
	}
	best := momentum[0]
	for _, r := range momentum[1:] {
		if r.Final() < best.Final() {
			best = r
		}
	}
	var picked *Result
	for i := range momentum {
		if momentum[i].LearningRate == predicted {
			picked = &momentum[i]
		}
	}
	const effective = "with β = 0.9 a constant gradient is followed at the step η/(1 − β) = 10η (section 1: SGD at 0.5 and momentum at 0.05 coincide)"
	switch {
	case predicted == best.LearningRate:
		return nil
	case predicted == 0:
		return fmt.Errorf("fill in the blank with one of the rates %v", MomentumRates)
	case picked == nil:
		return fmt.Errorf("%g is not one of the study's rates: choose among %v", predicted, MomentumRates)
	case predicted > best.LearningRate && predicted == 10*best.LearningRate:
		return fmt.Errorf("η = %g was SGD's best, but %s: momentum at %g steps like SGD at %g, which bounced (it ends at %.3f here)", predicted, effective, predicted, 10*predicted, picked.Final())
	case predicted < best.LearningRate && predicted == best.LearningRate/100:
		return fmt.Errorf("the effective step η/(1 − β) is larger than η, not smaller: %s, so momentum needs a rate ten times smaller than SGD's, not a hundred (η = %g ends at %.3f)", effective, predicted, picked.Final())
	case predicted < best.LearningRate:
		return fmt.Errorf("η = %g is too small: it ends at %.3f. Start from SGD's best rate in the table above and use that %s", predicted, picked.Final(), effective)
	}
	return fmt.Errorf("η = %g is too large: it ends at %.3f. Start from SGD's best rate in the table above and use that %s", predicted, picked.Final(), effective)
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
