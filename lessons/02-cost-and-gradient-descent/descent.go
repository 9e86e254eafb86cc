package gradientdescent

import (
	"errors"
	"fmt"
	"math"
)

// Trajectory is the path of gradient descent: every point visited, starting
// with the initial one, and why it stopped.
type Trajectory struct {
	Points    [][]float64 // Points[0] is the start; Points[t] is w after t steps.
	Converged bool        // The gradient's norm fell below the tolerance.
	Diverged  bool        // The parameters or the gradient became infinite or NaN.
}

// Steps is the number of updates made.
func (t Trajectory) Steps() int { return len(t.Points) - 1 }

// Last is where descent stopped.
func (t Trajectory) Last() []float64 { return t.Points[len(t.Points)-1] }

// Descend runs the deck's gradient descent algorithm:
//
//	w ← w0; while ‖∇J(w)‖ > tolerance: w ← w − η ∇J(w)
//
// for at most maxSteps updates. (The slide writes the update with the norm
// ‖∇J‖; the step uses the gradient vector itself, and its norm is only the
// stopping test.) It stops early and says so when w diverges.
func Descend(grad func(w []float64) []float64, w0 []float64, eta, tolerance float64, maxSteps int) (Trajectory, error) {
	if len(w0) == 0 {
		return Trajectory{}, errors.New("gradient descent needs a starting point with at least one parameter")
	}
	if eta <= 0 || tolerance <= 0 || maxSteps < 0 {
		return Trajectory{}, fmt.Errorf("gradient descent needs η > 0, tolerance > 0 and maxSteps ≥ 0: got %g, %g, %d", eta, tolerance, maxSteps)
	}
	w := append([]float64(nil), w0...)
	tr := Trajectory{Points: [][]float64{append([]float64(nil), w...)}}
	for step := 0; ; step++ {
		g := grad(w)
		if len(g) != len(w) {
			return tr, fmt.Errorf("the gradient has %d components for %d parameters", len(g), len(w))
		}
		norm := Norm(g)
		if math.IsNaN(norm) || math.IsInf(norm, 0) {
			tr.Diverged = true
			return tr, nil
		}
		if norm <= tolerance {
			tr.Converged = true
			return tr, nil
		}
		if step == maxSteps {
			return tr, nil
		}
		for i := range w {
			w[i] -= eta * g[i]
		}
		tr.Points = append(tr.Points, append([]float64(nil), w...))
	}
}

// Norm is the Euclidean norm ‖v‖ of a vector.
func Norm(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
