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
