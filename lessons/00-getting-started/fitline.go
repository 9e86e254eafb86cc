package gettingstarted

import (
	"fmt"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // GoMLX graph code reads best dot-imported.
)

// LineFit is the result of fitting y = w·x + b by gradient descent: the final
// parameters and the mean squared error after each step.
type LineFit struct {
	W, B   float64
	Losses []float64
}

// FitLine fits y = w·x + b to the points (xs, ys) by plain gradient descent
// with learning rate lr, starting at w = b = 0, computing each step's
// gradient with GoMLX's autodiff on backend.
//
// Lesson 00 uses it only as "something expensive to keep between cells";
// lesson 02 builds gradient descent step by step.
func FitLine(backend compute.Backend, xs, ys []float64, steps int, lr float64) (LineFit, error) {
	if len(xs) != len(ys) || len(xs) == 0 {
		return LineFit{}, fmt.Errorf("FitLine needs as many xs as ys, and at least one: got %d and %d", len(xs), len(ys))
	}
	if steps <= 0 || lr <= 0 {
		return LineFit{}, fmt.Errorf("FitLine needs steps > 0 and lr > 0: got %d and %g", steps, lr)
	}
	// One step: from (w, b) to the loss and the updated (w, b).
	step, err := NewExec(backend, func(x, y, w, b *Node) (loss, newW, newB *Node) {
		pred := Add(Mul(x, w), b) // w and b are scalars: they broadcast over x.
		diff := Sub(pred, y)
		loss = ReduceAllMean(Square(diff))
		grads := Gradient(loss, w, b)
		newW = Sub(w, MulScalar(grads[0], lr))
		newB = Sub(b, MulScalar(grads[1], lr))
		return
	})
	if err != nil {
		return LineFit{}, err
	}
	fit := LineFit{Losses: make([]float64, 0, steps)}
	for range steps {
		out, err := step.Call(xs, ys, fit.W, fit.B)
		if err != nil {
			return LineFit{}, err
		}
		fit.Losses = append(fit.Losses, out[0].Value().(float64))
		fit.W = out[1].Value().(float64)
		fit.B = out[2].Value().(float64)
	}
	return fit, nil
}
