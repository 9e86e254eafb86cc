package backprop

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// deltaCase is one situation a student's delta step is tried on.
type deltaCase struct {
	W         [][]float64
	deltaNext []float64
	a         []float64
}

// deltaCases have a next layer of 2 neurons and this layer of 3 units, so
// that a transposed W does not fit.
var deltaCases = []deltaCase{
	{
		W:         [][]float64{{0.1, -0.4, 0.3, 0.8}, {-0.2, 0.5, -0.6, 0.2}},
		deltaNext: []float64{0.3, -0.7},
		a:         []float64{0.2, 0.6, 0.9},
	},
	{
		W:         [][]float64{{1.5, 0.25, -1, 0.5}, {0.75, -0.5, 2, 1}},
		deltaNext: []float64{-0.05, 0.4},
		a:         []float64{0.7, 0.1, 0.45},
	},
}

// HiddenDeltaError checks a student's backward step (see HiddenDelta for its
// contract) and names the usual mistakes: the activation's derivative left
// out, the bias column not skipped, W used transposed, the sign flipped.
func HiddenDeltaError(candidate func(W [][]float64, deltaNext, a []float64) []float64) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "W has one row per neuron of the NEXT layer (len(deltaNext)) and one column per unit of THIS layer plus the bias column (len(a)+1); did you swap its indices?")
	for _, c := range deltaCases {
		want := HiddenDelta(c.W, c.deltaNext, c.a)
		got := candidate(c.W, c.deltaNext, c.a)
		if len(got) != len(want) {
			return fmt.Errorf("you return %d errors for a layer of %d units: return one δ per unit of this layer, none for the bias unit", len(got), len(want))
		}
		if vecNear(got, want) {
			continue
		}
		noDeriv := make([]float64, len(c.a))
		biasCol := make([]float64, len(c.a))
		for j := range c.a {
			for i, d := range c.deltaNext {
				noDeriv[j] += c.W[i][j+1] * d
				biasCol[j] += c.W[i][j] * d
			}
			biasCol[j] *= c.a[j] * (1 - c.a[j])
		}
		neg := make([]float64, len(want))
		for j := range want {
			neg[j] = -want[j]
		}
		gPrimeZ := make([]float64, len(c.a))
		for j := range c.a {
			// g'(a) instead of g'(z): the sigmoid's derivative applied to the activation.
			s := nnlib.Sigmoid(c.a[j])
			gPrimeZ[j] = noDeriv[j] * s * (1 - s)
		}
		return errors.New(nnlib.Diagnose(got, vecNear, []nnlib.Mistake[[]float64]{
			{Name: "the blank", Wrong: make([]float64, len(want)), Hint: "you return zeros: fill in the blank"},
			{Name: "no g'", Wrong: noDeriv, Hint: "you pass the errors back through W but forget the activation's derivative: multiply by g'(z) = a·(1 − a)"},
			{Name: "the bias column", Wrong: biasCol, Hint: "column 0 of W belongs to the bias unit: unit j of this layer uses column j+1"},
			{Name: "the sign", Wrong: neg, Hint: "the sign is flipped: δ⁽ˡ⁾ = (Wᵀδ⁽ˡ⁺¹⁾) ⊙ g'(z), with the same sign as δ⁽ˡ⁺¹⁾"},
			{Name: "g'(a)", Wrong: gPrimeZ, Hint: "you apply the sigmoid again to a: a is already g(z), so g'(z) = a·(1 − a)"},
		}, fmt.Sprintf("for W = %v, δ⁽ˡ⁺¹⁾ = %v, a = %v you return %v, want %v", c.W, c.deltaNext, c.a, round(got), round(want))))
	}
	return nil
}

func vecNear(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func round(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Round(x*1e4) / 1e4
	}
	return out
}
