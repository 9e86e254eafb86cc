package sgd

import (
	"fmt"
	"math"
)

// Method is an update rule of gradient descent.
type Method string

// The update rules of this lesson, with v the velocity (0 at the start),
// η the learning rate and β the momentum:
const (
	Plain    Method = "gradient descent" // w ← w − η∇J(w)
	Momentum Method = "momentum"         // v ← βv + ∇J(w);  w ← w − ηv
	Nesterov Method = "Nesterov"         // v ← βv + ∇J(w − ηβv);  w ← w − ηv
)

// Path is the sequence of points an optimiser visits, the start first.
type Path [][]float64

// Last is where the path ends.
func (p Path) Last() []float64 { return p[len(p)-1] }

// Optimize runs one of the update rules on the gradient grad from w0 until
// ‖∇J‖ ≤ tolerance or maxSteps updates, and returns the path and whether it
// converged.
func Optimize(m Method, grad func(w []float64) []float64, w0 []float64, eta, beta, tolerance float64, maxSteps int) (Path, bool, error) {
	if eta <= 0 || beta < 0 || beta >= 1 || maxSteps < 0 {
		return nil, false, fmt.Errorf("need η > 0, 0 ≤ β < 1 and maxSteps ≥ 0: got η = %g, β = %g, %d steps", eta, beta, maxSteps)
	}
	if m != Plain && m != Momentum && m != Nesterov {
		return nil, false, fmt.Errorf("unknown method %q: use sgd.Plain, sgd.Momentum or sgd.Nesterov", m)
	}
	w := append([]float64(nil), w0...)
	v := make([]float64, len(w))
	path := Path{append([]float64(nil), w...)}
	for range maxSteps {
		if norm(grad(w)) <= tolerance {
			return path, true, nil
		}
		var g []float64
		switch m {
		case Plain:
			g = grad(w)
			copy(v, g)
		case Momentum:
			g = grad(w)
			for i := range v {
				v[i] = beta*v[i] + g[i]
			}
		case Nesterov:
			ahead := make([]float64, len(w))
			for i := range w {
				ahead[i] = w[i] - eta*beta*v[i]
			}
			g = grad(ahead)
			for i := range v {
				v[i] = beta*v[i] + g[i]
			}
		}
		for i := range w {
			w[i] -= eta * v[i]
		}
		if math.IsNaN(norm(w)) || math.IsInf(norm(w), 0) {
			return path, false, nil
		}
		path = append(path, append([]float64(nil), w...))
	}
	return path, norm(grad(w)) <= tolerance, nil
}

// Ravine is an ill-conditioned quadratic, J(w) = ½(w₁² + κ w₂²): a long
// narrow valley, κ times steeper across (w₂) than along (w₁). Its minimum is
// 0 at the origin.
type Ravine struct{ Kappa float64 }

// Cost is J(w).
func (r Ravine) Cost(w1, w2 float64) float64 { return 0.5 * (w1*w1 + r.Kappa*w2*w2) }

// Gradient is ∇J(w) = (w₁, κw₂).
func (r Ravine) Gradient(w []float64) []float64 { return []float64{w[0], r.Kappa * w[1]} }

func norm(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// Trajectory runs steps updates of step (a student's Nesterov step, say) on
// grad from w0, the velocity starting at 0, and returns the points visited;
// it stops early if w leaves the finite numbers.
func Trajectory(step func(w, v []float64, grad func([]float64) []float64, eta, beta float64), grad func([]float64) []float64, w0 []float64, eta, beta float64, steps int) Path {
	w := append([]float64(nil), w0...)
	v := make([]float64, len(w))
	path := Path{append([]float64(nil), w...)}
	for range steps {
		step(w, v, grad, eta, beta)
		if math.IsNaN(norm(w)) || math.IsInf(norm(w), 0) {
			break
		}
		path = append(path, append([]float64(nil), w...))
	}
	return path
}
