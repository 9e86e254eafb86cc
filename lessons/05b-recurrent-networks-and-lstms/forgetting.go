package recurrent

import (
	"fmt"
	"math/rand/v2"
)

// Forgetting is the measurement behind "plain RNNs forget": a from-scratch
// RNN of Hidden units whose U is rescaled so that its largest singular value
// ‖U‖ is each of Scales in turn, run over one sequence of Steps random
// inputs; for each scale, ‖∂hₜ/∂h₋₁‖ at every step (StateJacobianNorms).
type Forgetting struct {
	Hidden, Inputs, Steps int
	Scales                []float64
	InputScale            float64 // Standard deviation of the inputs.
	Seed                  uint64
}

// DefaultForgetting is the lesson's measurement.
var DefaultForgetting = Forgetting{Hidden: 32, Inputs: 4, Steps: 60, Scales: []float64{0.5, 0.9, 1.0, 1.5, 3}, InputScale: 0.5, Seed: 3}

// ForgettingCurve is one scale's norms.
type ForgettingCurve struct {
	Scale float64
	Norms []float64 // ‖∂hₜ/∂h₋₁‖ for t = 0 … Steps−1.
}

// Measure computes the curves.
func (f Forgetting) Measure() ([]ForgettingCurve, error) {
	if f.Hidden < 1 || f.Inputs < 1 || f.Steps < 1 || len(f.Scales) == 0 {
		return nil, fmt.Errorf("the measurement needs Hidden, Inputs and Steps ≥ 1 and at least one scale: %+v", f)
	}
	rng := rand.New(rand.NewPCG(f.Seed, 55))
	xs := make([][]float64, f.Steps)
	for t := range xs {
		xs[t] = make([]float64, f.Inputs)
		for j := range xs[t] {
			xs[t][j] = f.InputScale * rng.NormFloat64()
		}
	}
	var out []ForgettingCurve
	for _, s := range f.Scales {
		r, err := NewRNN(f.Inputs, f.Hidden, 1, f.Seed)
		if err != nil {
			return nil, err
		}
		norm := spectralNorm(r.U)
		for i := range r.U {
			for j := range r.U[i] {
				r.U[i][j] *= s / norm
			}
		}
		norms, err := StateJacobianNorms(r, xs)
		if err != nil {
			return nil, err
		}
		out = append(out, ForgettingCurve{Scale: s, Norms: norms})
	}
	return out, nil
}
