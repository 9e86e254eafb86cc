package backprop

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// deltaCase is one situation a student's delta step, or forward pass of one
// layer (which uses only W and a), is tried on.
type deltaCase struct {
	W         [][]float64
	deltaNext []float64
	a         []float64
}

// deltaCases have a next layer of 2 neurons and this layer of 3 units, so
// that a transposed W does not fit, in either direction.
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

// LayerForwardError checks a student's forward pass of one layer (see
// LayerForward for its contract) on the same W and a as HiddenDeltaError, and
// names the usual mistakes: the sigmoid left out, the bias left out or its
// column taken for the first unit's, the sigmoid's sign, W used transposed.
func LayerForwardError(candidate LayerFunc) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "W has one row per neuron of the NEXT layer (len(W)) and one column per unit of THIS layer plus the bias column (len(a)+1); did you swap its indices?")
	for _, c := range deltaCases {
		want := LayerForward(c.W, c.a)
		got := candidate(c.W, c.a)
		if len(got) != len(want) {
			return fmt.Errorf("you return %d activations for a next layer of %d neurons: return one per row of W", len(got), len(want))
		}
		if vecNear(got, want) {
			continue
		}
		// Each mistake's answer, by its own wrong formula.
		z := make([]float64, len(c.W))       // W [1; a], no sigmoid.
		noBias := make([]float64, len(c.W))  // g(Σⱼ Wᵢ,ⱼ₊₁ aⱼ): no bias.
		shifted := make([]float64, len(c.W)) // g(Σⱼ Wᵢ,ⱼ aⱼ): column 0 taken for unit 0.
		negZ := make([]float64, len(c.W))    // g(−z): 1/(1 + e^z).
		for i, row := range c.W {
			var s, sh float64
			for j, v := range c.a {
				s += row[j+1] * v
				sh += row[j] * v
			}
			z[i] = row[0] + s
			noBias[i] = nnlib.Sigmoid(s)
			shifted[i] = nnlib.Sigmoid(sh)
			negZ[i] = nnlib.Sigmoid(-z[i])
		}
		return errors.New(nnlib.Diagnose(got, vecNear, []nnlib.Mistake[[]float64]{
			{Name: "the blank", Wrong: make([]float64, len(want)), Hint: "you return zeros: fill in the blank"},
			{Name: "no sigmoid", Wrong: z, Hint: "you return z = W·[1; a], the neurons' input: apply the sigmoid g (nnlib.Sigmoid) to it"},
			{Name: "no bias", Wrong: noBias, Hint: "you leave out the bias: every neuron adds W[i][0], the weight of the bias unit, whose value is always 1"},
			{Name: "the bias column", Wrong: shifted, Hint: "column 0 of W belongs to the bias unit: unit j of this layer uses column j+1, and the bias adds W[i][0]·1"},
			{Name: "the sign", Wrong: negZ, Hint: "you compute 1/(1 + e^z): the sigmoid is g(z) = 1/(1 + e^(−z)), or call nnlib.Sigmoid"},
		}, fmt.Sprintf("for W = %v, a = %v you return %v, want %v", c.W, c.a, round(got), round(want))))
	}
	return nil
}

// updateCases are a 2-3-1 network's weights with a gradient, and learning
// rates other than 1, so that a forgotten η shows.
var updateCases = []struct {
	w, D Weights
	eta  float64
}{
	{
		w: Weights{
			{{0.1, -0.4, 0.3}, {-0.2, 0.5, -0.6}, {0.7, 0.2, -0.1}},
			{{0.05, 0.3, -0.8, 0.6}},
		},
		D: Weights{
			{{0.02, -0.01, 0.04}, {-0.03, 0.05, 0.01}, {0.06, -0.02, -0.04}},
			{{-0.3, 0.1, 0.2, -0.05}},
		},
		eta: 0.5,
	},
	{
		w: Weights{
			{{1.5, 0.25, -1}, {0.75, -0.5, 2}, {-0.25, 1, 0.5}},
			{{-0.6, 0.4, 0.9, -1.2}},
		},
		D: Weights{
			{{0.1, 0.2, -0.1}, {-0.2, 0.05, 0.3}, {0.15, -0.25, 0.05}},
			{{0.4, -0.2, 0.1, 0.3}},
		},
		eta: 2,
	},
}

// UpdateError checks a student's step of gradient descent (see UpdateFunc:
// W ← W − ηD on every layer, in place) and names the usual mistakes: the
// weights left unchanged (the blank, or a copy updated and thrown away), the
// sign flipped, η forgotten, a layer or the bias column left out, the
// weights replaced by −ηD.
func UpdateError(candidate UpdateFunc) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil")
	}
	defer nnlib.Stopped(&err, "w and D have the same shape: D[l][i][j] is the gradient of the weight w[l][i][j]")
	for _, c := range updateCases {
		want := c.w.Clone()
		want.Step(c.D, c.eta)
		got := c.w.Clone()
		candidate(got, c.D.Clone(), c.eta)
		if weightsNear(got, want) {
			continue
		}
		// Each mistake's answer, by its own wrong formula.
		moved := func(f func(w, d float64) float64, skip func(l, j int) bool) Weights {
			out := c.w.Clone()
			for l := range out {
				for i := range out[l] {
					for j := range out[l][i] {
						if !skip(l, j) {
							out[l][i][j] = f(out[l][i][j], c.D[l][i][j])
						}
					}
				}
			}
			return out
		}
		none := func(l, j int) bool { return false }
		mistakes := []nnlib.Mistake[Weights]{
			{Name: "unchanged", Wrong: c.w, Hint: "the weights did not move: fill in the blank, changing w[l][i][j] itself (a copy, like v in `for _, v := range row`, is thrown away)"},
			{Name: "the sign", Wrong: moved(func(w, d float64) float64 { return w + c.eta*d }, none), Hint: "the sign is flipped: W + ηD climbs the cost; gradient descent steps against the gradient, W − ηD"},
			{Name: "no η", Wrong: moved(func(w, d float64) float64 { return w - d }, none), Hint: "you forget the learning rate: the step is η·D, not D"},
			{Name: "replaced", Wrong: moved(func(w, d float64) float64 { return -c.eta * d }, none), Hint: "you replace the weights by −ηD: subtract ηD from them"},
			{Name: "the bias column", Wrong: moved(func(w, d float64) float64 { return w - c.eta*d }, func(l, j int) bool { return j == 0 }), Hint: "the bias weights (column 0) must move too: D[l][i][0] is their gradient"},
		}
		for skipped := range c.w {
			mistakes = append(mistakes, nnlib.Mistake[Weights]{
				Name:  "a layer left out",
				Wrong: moved(func(w, d float64) float64 { return w - c.eta*d }, func(l, j int) bool { return l == skipped }),
				Hint:  fmt.Sprintf("W⁽%s⁾ did not move: update every layer's matrix, w[0] to w[len(w)-1]", superscript(skipped+1)),
			})
		}
		return errors.New(nnlib.Diagnose(got, weightsNear, mistakes,
			fmt.Sprintf("with η = %g, w = %v and D = %v, your w becomes %v, want %v", c.eta, c.w, c.D, roundW(got), roundW(want))))
	}
	return nil
}

// weightsNear reports whether a and b have the same shape and entries.
func weightsNear(a, b Weights) bool {
	if len(a) != len(b) {
		return false
	}
	for l := range a {
		if len(a[l]) != len(b[l]) {
			return false
		}
		for i := range a[l] {
			if !vecNear(a[l][i], b[l][i]) {
				return false
			}
		}
	}
	return true
}

// superscript writes n in superscript digits, as in W⁽¹²⁾.
func superscript(n int) string {
	return strings.Map(func(r rune) rune { return []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")[r-'0'] }, strconv.Itoa(n))
}

func roundW(w Weights) Weights {
	out := make(Weights, len(w))
	for l := range w {
		out[l] = make([][]float64, len(w[l]))
		for i := range w[l] {
			out[l][i] = round(w[l][i])
		}
	}
	return out
}
