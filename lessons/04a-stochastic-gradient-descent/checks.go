package sgd

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// MomentumStepError checks a student's momentum update, which changes w and
// the velocity v in place given the gradient g at w:
//
//	v ← βv + g;  w ← w − ηv
//
// It runs five steps on a ravine from a fixed start and compares the points
// visited (the velocity is the student's to keep: the convention
// v ← βv − ηg, w ← w + v visits the same points and is accepted too).
func MomentumStepError(candidate func(w, v, g []float64, eta, beta float64)) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "w, v and g all have one entry per parameter")
	r := Ravine{Kappa: 10}
	const eta, beta = 0.05, 0.8
	start := []float64{-3, 1}
	want, _, _ := Optimize(Momentum, r.Gradient, start, eta, beta, 0, 5)
	plain, _, _ := Optimize(Plain, r.Gradient, start, eta, beta, 0, 5)
	w := append([]float64(nil), start...)
	v := make([]float64, 2)
	for step := 1; step <= 5; step++ {
		candidate(w, v, r.Gradient(w), eta, beta)
		if near(w, want[step]) {
			continue
		}
		if step == 1 && near(w, start) {
			candidate(w, v, r.Gradient(w), eta, beta)
			if near(w, start) {
				return fmt.Errorf("w does not move: update w in place (w[i] -= ...)")
			}
			return fmt.Errorf("the first step does not move w: update v first (v ← βv + g), then w ← w − ηv")
		}
		return errors.New(nnlib.Diagnose(w, near, []nnlib.Mistake[[]float64]{
			{Name: "no memory", Wrong: plain[step], Hint: fmt.Sprintf("after %d steps you are where plain gradient descent is: the velocity must remember the past, v ← βv + g, and w must move by ηv", step)},
			{Name: "uphill", Wrong: reflect(want[step], start), Hint: "w moves uphill: subtract ηv, the velocity points up the gradient"},
		}, fmt.Sprintf("after %d steps w = (%.4f, %.4f), want (%.4f, %.4f): update v first (v ← βv + g), then w ← w − ηv", step, w[0], w[1], want[step][0], want[step][1])))
	}
	return nil
}

func near(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

// reflect is the point on the other side of start from p: where an uphill
// walker would be.
func reflect(p, start []float64) []float64 {
	return []float64{2*start[0] - p[0], 2*start[1] - p[1]}
}

// NesterovStep is the signature of the Nesterov exercise: one update of w
// and of the velocity v, in place, with the gradient grad evaluated where
// the student's rule says.
type NesterovStep func(w, v []float64, grad func(w []float64) []float64, eta, beta float64)

// NesterovStepError checks one Nesterov update, v ← βv + ∇J(w − ηβv),
// w ← w − ηv, run for five steps on a ravine, against the points of a
// reference written out here for the quadratic (not Optimize). The velocity
// is the student's to keep (v ← βv − η∇J(w + βv), w ← w + v visits the same
// points). Its hints name the usual mistakes: plain momentum's gradient at
// w, the look-ahead on the wrong side or without η, w moved before v.
func NesterovStepError(candidate NesterovStep) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "w and v have one entry per parameter, and grad takes and returns such a vector")
	r := Ravine{Kappa: 10}
	const eta, beta = 0.05, 0.8
	start := []float64{-3, 1}
	// The reference and the usual mistakes, step by step: look-ahead at
	// w + s·η·β·v (s = −1 right, +1 on the wrong side; η dropped when
	// noEta), or none; w moved before v.
	run := func(ahead float64, noEta, wFirst bool) [][]float64 {
		w, v := append([]float64(nil), start...), []float64{0, 0}
		path := [][]float64{append([]float64(nil), w...)}
		for range 5 {
			k := eta * beta
			if noEta {
				k = beta
			}
			if wFirst {
				for i := range w {
					w[i] -= eta * v[i]
				}
			}
			a := []float64{w[0] + ahead*k*v[0], w[1] + ahead*k*v[1]}
			g := []float64{a[0], r.Kappa * a[1]} // ∇J of ½(w₁² + κw₂²).
			for i := range v {
				v[i] = beta*v[i] + g[i]
			}
			if !wFirst {
				for i := range w {
					w[i] -= eta * v[i]
				}
			}
			path = append(path, append([]float64(nil), w...))
		}
		return path
	}
	want := run(-1, false, false)
	momentum := run(0, false, false)
	wrongSide := run(1, false, false)
	noEta := run(-1, true, false)
	wFirst := run(-1, false, true)
	w := append([]float64(nil), start...)
	v := make([]float64, 2)
	for step := 1; step <= 5; step++ {
		candidate(w, v, r.Gradient, eta, beta)
		if near(w, want[step]) {
			continue
		}
		if step == 1 && near(w, start) {
			if v[0] != 0 || v[1] != 0 {
				return fmt.Errorf("the first step changes v but not w: you move w with the old velocity (0 at the start); update v first, v ← βv + ∇J(w − ηβv), then w ← w − ηv")
			}
			return fmt.Errorf("w does not move: update v, then w in place (w[i] -= η·v[i])")
		}
		return errors.New(nnlib.Diagnose(w, near, []nnlib.Mistake[[]float64]{
			{Name: "momentum", Wrong: momentum[step], Hint: fmt.Sprintf("after %d steps you are where plain momentum is: evaluate the gradient at the look-ahead point w − ηβv, not at w", step)},
			{Name: "wrong side", Wrong: wrongSide[step], Hint: "you look ahead on the wrong side: the velocity is about to move w by −ηβv, so the look-ahead point is w − ηβv"},
			{Name: "no η", Wrong: noEta[step], Hint: "your look-ahead point is w − βv: the step w takes is −ηv, so the look-ahead is w − ηβv (η included)"},
			{Name: "w first", Wrong: wFirst[step], Hint: "you move w with the old velocity: update v first, v ← βv + ∇J(w − ηβv), then w ← w − ηv"},
		}, fmt.Sprintf("after %d steps w = (%.4f, %.4f), want (%.4f, %.4f): v ← βv + ∇J(w − ηβv), then w ← w − ηv", step, w[0], w[1], want[step][0], want[step][1])))
	}
	return nil
}
