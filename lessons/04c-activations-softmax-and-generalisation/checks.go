package generalisation

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// softmaxCases are the inputs the softmax check tries: small, all equal,
// negative, and large enough that e^z overflows float64.
var softmaxCases = [][]float64{{1, 2, 3}, {0, 0, 0, 0}, {-5, 3, 0.5}, {1000, 1001, 999}}

// SoftmaxError checks a student's softmax against SoftmaxRef and names the
// usual mistakes.
func SoftmaxError(softmax func(z []float64) []float64) error {
	if softmax == nil {
		return errors.New("the function is nil")
	}
	for _, z := range softmaxCases {
		want := SoftmaxRef(z)
		got := softmax(append([]float64(nil), z...))
		if len(got) != len(z) {
			return fmt.Errorf("for z = %v you return %d values: return one probability per class, %d", z, len(got), len(z))
		}
		if near(got, want, 1e-9) {
			continue
		}
		var expOnly, byMax, noExp, naive []float64
		var sumExp, sumZ float64
		hi := z[argmax(z)]
		for _, v := range z {
			sumExp += math.Exp(v)
			sumZ += v
		}
		for _, v := range z {
			expOnly = append(expOnly, math.Exp(v))
			byMax = append(byMax, math.Exp(v-hi))
			noExp = append(noExp, v/sumZ)
			naive = append(naive, math.Exp(v)/sumExp)
		}
		if hasNaN(got) && hasNaN(naive) {
			return fmt.Errorf("for z = %v you return %v: e^1000 overflows to +Inf and Inf/Inf is NaN; subtract max z from every z first (it cancels in the ratio)", z, got)
		}
		return errors.New(nnlib.Diagnose(got, func(a, b []float64) bool { return near(a, b, 1e-9) }, []nnlib.Mistake[[]float64]{
			{Name: "not normalised", Wrong: expOnly, Hint: "you return e^z: divide each by the sum of all of them, so that they add up to 1"},
			{Name: "not normalised after the shift", Wrong: byMax, Hint: "you return e^(z − max z): divide each by their sum"},
			{Name: "no exponential", Wrong: noExp, Hint: "you divide z by its sum: take e^z first (z may be negative; e^z never is)"},
		}, fmt.Sprintf("for z = %v you return %v, want %v", z, got, want)))
	}
	return nil
}

// gradCases are the logits and classes the gradient check tries.
var gradCases = []struct {
	z []float64
	y int
}{{[]float64{1, 2, 3}, 0}, {[]float64{0.5, -1, 0.2, 2}, 3}, {[]float64{-2, 4}, 1}}

// CrossEntropyGradError checks a student's gradient of the softmax
// cross-entropy with respect to z against central differences of
// CrossEntropyRef, and names the usual mistakes.
func CrossEntropyGradError(grad func(z []float64, y int) []float64) error {
	if grad == nil {
		return errors.New("the function is nil")
	}
	for _, c := range gradCases {
		want := nnlib.NumericalGradient(func(z []float64) float64 { return CrossEntropyRef(z, c.y) }, c.z, 1e-5)
		got := grad(append([]float64(nil), c.z...), c.y)
		if len(got) != len(c.z) {
			return fmt.Errorf("for z = %v you return %d values: return ∂J/∂z_k for every k, %d", c.z, len(got), len(c.z))
		}
		if near(got, want, 1e-6) {
			continue
		}
		a := SoftmaxRef(c.z)
		var flipped, noY, mseLike, noSoftmax []float64
		for k := range a {
			yk := 0.0
			if k == c.y {
				yk = 1
			}
			flipped = append(flipped, yk-a[k])
			noY = append(noY, a[k])
			mseLike = append(mseLike, (a[k]-yk)*a[k]*(1-a[k]))
			noSoftmax = append(noSoftmax, c.z[k]-yk)
		}
		return errors.New(nnlib.Diagnose(got, func(a, b []float64) bool { return near(a, b, 1e-6) }, []nnlib.Mistake[[]float64]{
			{Name: "sign", Wrong: flipped, Hint: "you return y − a: the gradient points uphill, a − y (descent then steps along its opposite)"},
			{Name: "no −y", Wrong: noY, Hint: "you return a = softmax(z): subtract the one-hot y (1 at the class, 0 elsewhere)"},
			{Name: "sigmoid's factor", Wrong: mseLike, Hint: "you multiply by a(1 − a), the sigmoid's derivative: with softmax and cross-entropy that factor cancels, leaving a − y"},
			{Name: "no softmax", Wrong: noSoftmax, Hint: "you return z − y: take softmax(z) first, the gradient is a − y with a = softmax(z)"},
		}, fmt.Sprintf("for z = %v and class %d you return %v, want %v", c.z, c.y, got, want)))
	}
	return nil
}

// L2GradError checks a student's gradient of the weight-decay term
// (λ/2)·Σ w² with respect to w against central differences, and names the
// usual mistakes.
func L2GradError(grad func(w []float64, lambda float64) []float64) error {
	if grad == nil {
		return errors.New("the function is nil")
	}
	w, lambda := []float64{0.5, -1.5, 2, 0}, 0.1
	want := nnlib.NumericalGradient(func(w []float64) float64 {
		var s float64
		for _, v := range w {
			s += v * v
		}
		return lambda / 2 * s
	}, w, 1e-5)
	got := grad(append([]float64(nil), w...), lambda)
	if len(got) != len(w) {
		return fmt.Errorf("you return %d values for %d weights: one ∂/∂w per weight", len(got), len(w))
	}
	if near(got, want, 1e-8) {
		return nil
	}
	var twice, l1, constant, uphill []float64
	for _, v := range w {
		twice = append(twice, 2*lambda*v)
		l1 = append(l1, lambda*sign(v))
		constant = append(constant, lambda)
		uphill = append(uphill, -lambda*v)
	}
	return errors.New(nnlib.Diagnose(got, func(a, b []float64) bool { return near(a, b, 1e-8) }, []nnlib.Mistake[[]float64]{
		{Name: "½ forgotten", Wrong: twice, Hint: "you return 2λw: the ½ of λ/2 cancels the 2 of the derivative of w², so it is λw"},
		{Name: "L1", Wrong: l1, Hint: "you return λ·sign(w), the gradient of λΣ|w| (L1): the derivative of (λ/2)w² is λw"},
		{Name: "constant", Wrong: constant, Hint: "you return λ for every weight: the derivative of (λ/2)w² depends on w, λw"},
		{Name: "sign", Wrong: uphill, Hint: "you return −λw: the penalty grows with |w|, its gradient λw points away from 0 (and descent pulls w back towards 0)"},
	}, fmt.Sprintf("for w = %v and λ = %g you return %v, want %v", w, lambda, got, want)))
}

// EarlyStopRef is early stopping on a validation loss per epoch (epochs
// counted from 1): the best epoch is the one of the lowest loss so far; the
// training stops at the first epoch that is patience epochs past the best
// without a lower loss, or after the last epoch (stop = len(losses)) if
// that never happens. It is nnlib/train's rule (EarlyStopping with OnLoss
// and MinDelta 0), written out.
func EarlyStopRef(losses []float64, patience int) (best, stop int) {
	since := 0
	for i, l := range losses {
		if best == 0 || l < losses[best-1] {
			best, since = i+1, 0
			continue
		}
		since++
		if since >= patience {
			return best, i + 1
		}
	}
	return best, len(losses)
}

// earlyCases are validation curves for the early-stopping check.
var earlyCases = []struct {
	losses   []float64
	patience int
}{
	{[]float64{1.0, 0.8, 0.7, 0.72, 0.71, 0.69, 0.75, 0.8, 0.9, 0.95}, 3},
	{[]float64{0.9, 0.85, 0.86, 0.84, 0.83, 0.9, 0.91}, 2},
	{[]float64{0.5, 0.4, 0.3, 0.2}, 2},
}

// EarlyStopError checks a student's early-stopping rule against
// EarlyStopRef and names the usual mistakes.
func EarlyStopError(rule func(losses []float64, patience int) (best, stop int)) error {
	if rule == nil {
		return errors.New("the function is nil")
	}
	type answer struct{ best, stop int }
	for _, c := range earlyCases {
		b, s := EarlyStopRef(c.losses, c.patience)
		want := answer{b, s}
		gb, gs := rule(append([]float64(nil), c.losses...), c.patience)
		got := answer{gb, gs}
		if got == want {
			continue
		}
		firstRise := answer{want.best, len(c.losses)}
		for i := 1; i < len(c.losses); i++ {
			if c.losses[i] > c.losses[i-1] {
				firstRise = answer{i, i + 1}
				break
			}
		}
		lastNotBest := answer{want.stop, want.stop}
		late := answer{want.best, min(want.stop+1, len(c.losses))}
		fromZero := answer{want.best - 1, want.stop - 1}
		return errors.New(nnlib.Diagnose(got, func(a, b answer) bool { return a == b }, []nnlib.Mistake[answer]{
			{Name: "epochs from 0", Wrong: fromZero, Hint: "you count epochs from 0: the first epoch is 1"},
			{Name: "first rise", Wrong: firstRise, Hint: "you stop at the first epoch whose loss rises: a validation loss is noisy; wait `patience` epochs without a new best"},
			{Name: "last, not best", Wrong: lastNotBest, Hint: "the best epoch is the one with the lowest loss, not the one where you stop"},
			{Name: "one late", Wrong: late, Hint: "you stop one epoch late: stop as soon as `patience` epochs in a row have not beaten the best"},
		}, fmt.Sprintf("for the losses %v and patience %d you return best %d, stop %d; want best %d, stop %d", c.losses, c.patience, gb, gs, want.best, want.stop)))
	}
	return nil
}

func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(math.Abs(a[i]-b[i]) <= tol*(1+math.Abs(b[i]))) {
			return false
		}
	}
	return true
}

func hasNaN(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return true
		}
	}
	return false
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
