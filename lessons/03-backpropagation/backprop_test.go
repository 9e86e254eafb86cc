package backprop

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/scratch"
)

// randomData makes m examples with n inputs and k one-hot... or 0/1 targets.
func randomData(m, n, k int, seed uint64) (X, Y [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	for range m {
		x := make([]float64, n)
		for j := range x {
			x[j] = rng.NormFloat64()
		}
		y := make([]float64, k)
		for j := range y {
			if rng.Float64() < 0.5 {
				y[j] = 1
			}
		}
		X, Y = append(X, x), append(Y, y)
	}
	return X, Y
}

// The gradient check: backpropagation agrees with central differences to
// a relative error below 1e-7, on the deck's small 2-2-2-1 network and on a
// wider one with several outputs.
func TestGradientCheck(t *testing.T) {
	for _, sizes := range [][]int{{2, 2, 2, 1}, {4, 5, 3}, {3, 6, 4, 2}} {
		w, err := NewWeights(sizes, 7)
		if err != nil {
			t.Fatal(err)
		}
		X, Y := randomData(6, sizes[0], sizes[len(sizes)-1], 3)
		bp := w.Backprop(X, Y)
		num := w.NumericalGradient(X, Y, 1e-5)
		if e := RelativeError(bp, num); e > 1e-7 {
			t.Errorf("sizes %v: relative error %.3g between backprop and central differences", sizes, e)
		}
		if e := RelativeError(bp, w.BackpropBatch(X, Y)); e > 1e-13 {
			t.Errorf("sizes %v: the vectorised backprop differs from the loop by %.3g", sizes, e)
		}
	}
}

// A small mistake fails the same check by far — a 1% error in one of 26
// components is hundreds of times over the threshold: the check means
// something.
func TestGradientCheckCatchesAMistake(t *testing.T) {
	w, _ := NewWeights([]int{3, 4, 2}, 1)
	X, Y := randomData(5, 3, 2, 4)
	D := w.Backprop(X, Y)
	D[0][1][2] *= 1.01 // A 1% error in one weight's gradient.
	if e := RelativeError(D, w.NumericalGradient(X, Y, 1e-5)); e < 100*1e-7 {
		t.Errorf("a 1%% error in one component gives a relative error of only %.3g", e)
	}
}

func TestGoMLXAgrees(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	w, _ := NewWeights([]int{4, 5, 3}, 11)
	X, Y := randomData(8, 4, 3, 5)
	grad, cost, err := w.GoMLXGradient(backend, X, Y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cost-w.Cost(X, Y)) > 1e-12 {
		t.Errorf("GoMLX cost %v, plain Go %v", cost, w.Cost(X, Y))
	}
	if e := RelativeError(grad, w.Backprop(X, Y)); e > 1e-12 {
		t.Errorf("GoMLX autodiff and backprop differ by %.3g", e)
	}
}

// The same MLP, the same initial weights and data, trained from scratch and
// by GoMLX: the loss curves agree (float64, same algorithm), and they fall.
func TestTrainingCurvesAgree(t *testing.T) {
	X, Y, _, _, err := data.Digits(200, 1)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	w, _ := NewWeights([]int{784, 16, 10}, 3)
	trained, gomlx, err := w.TrainGoMLX(backend, X, Y, 1, 15)
	if err != nil {
		t.Fatal(err)
	}
	scratch := w.Clone()
	costs := scratch.TrainScratch(X, Y, 1, 15)
	for i := range costs {
		if math.Abs(costs[i]-gomlx[i]) > 1e-9*costs[i] {
			t.Errorf("step %d: from scratch %.12f, GoMLX %.12f", i, costs[i], gomlx[i])
		}
	}
	if RelativeError(trained, scratch) > 1e-9 {
		t.Errorf("the trained weights differ by %.3g", RelativeError(trained, scratch))
	}
	if costs[len(costs)-1] >= costs[0]*0.8 {
		t.Errorf("the cost should fall: %v → %v", costs[0], costs[len(costs)-1])
	}
}

func TestDigits(t *testing.T) {
	X, Y, tX, tY, err := data.Digits(100, 1)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(X) != 100 || len(tX) != 100 || len(X[0]) != 784 || len(Y[0]) != 10 || len(tY) != 100 {
		t.Fatalf("shapes: %d×%d, %d×%d", len(X), len(X[0]), len(Y), len(Y[0]))
	}
	for i, y := range Y {
		var s float64
		for _, v := range y {
			s += v
		}
		if s != 1 {
			t.Fatalf("target %d is not one-hot: %v", i, y)
		}
	}
	if _, _, _, _, err := data.Digits(6000, 1); err == nil {
		t.Error("more than half the digits must be refused")
	}
}

func TestHiddenDeltaCheck(t *testing.T) {
	if err := HiddenDeltaError(HiddenDelta); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	checktest.Hints(t, HiddenDeltaError, []checktest.Wrong[func(W [][]float64, d, a []float64) []float64]{
		{Name: "blank", Answer: func(W [][]float64, d, a []float64) []float64 { return make([]float64, len(a)) }, Hint: "fill in"},
		{Name: "no derivative", Answer: func(W [][]float64, d, a []float64) []float64 {
			out := make([]float64, len(a))
			for j := range a {
				for i := range d {
					out[j] += W[i][j+1] * d[i]
				}
			}
			return out
		}, Hint: "derivative"},
		{Name: "bias column", Answer: func(W [][]float64, d, a []float64) []float64 {
			out := make([]float64, len(a))
			for j := range a {
				for i := range d {
					out[j] += W[i][j] * d[i]
				}
				out[j] *= a[j] * (1 - a[j])
			}
			return out
		}, Hint: "column 0"},
		{Name: "transposed", Answer: func(W [][]float64, d, a []float64) []float64 {
			out := make([]float64, len(a))
			for j := range a {
				for i := range d {
					out[j] += W[j+1][i] * d[i]
				}
			}
			return out
		}, Hint: "swap its indices"},
		{Name: "sign", Answer: func(W [][]float64, d, a []float64) []float64 {
			out := HiddenDelta(W, d, a)
			for j := range out {
				out[j] = -out[j]
			}
			return out
		}, Hint: "sign"},
		{Name: "bias delta", Answer: func(W [][]float64, d, a []float64) []float64 {
			return append([]float64{0}, HiddenDelta(W, d, a)...)
		}, Hint: "none for the bias"},
		{Name: "sigmoid again", Answer: func(W [][]float64, d, a []float64) []float64 {
			out := make([]float64, len(a))
			for j := range a {
				for i := range d {
					out[j] += W[i][j+1] * d[i]
				}
				s := nnlib.Sigmoid(a[j])
				out[j] *= s * (1 - s)
			}
			return out
		}, Hint: "already g(z)"},
	})
}

func TestNewWeights(t *testing.T) {
	w, err := NewWeights([]int{3, 3, 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 2 || len(w[0]) != 3 || len(w[0][0]) != 4 || len(w[1]) != 1 || len(w[1][0]) != 4 {
		t.Errorf("the deck's 3-3-1 network: W⁽¹⁾ is 3×4 and W⁽²⁾ 1×4, got %d×%d and %d×%d", len(w[0]), len(w[0][0]), len(w[1]), len(w[1][0]))
	}
	if _, err := NewWeights([]int{3}, 1); err == nil {
		t.Error("one layer must be refused")
	}
}

// nnlib/scratch keeps this lesson's network for the lessons after it: the
// same weights, forward pass, cost and batch backpropagation, to the bit.
func TestScratchIsThisLesson(t *testing.T) {
	sizes := []int{4, 5, 3}
	w, _ := NewWeights(sizes, 9)
	kept, err := scratch.NewWeights(sizes, 9)
	if err != nil {
		t.Fatal(err)
	}
	if RelativeError(w, Weights(kept)) != 0 {
		t.Fatal("scratch.NewWeights draws other weights")
	}
	X, Y := randomData(6, 4, 3, 5)
	if w.Cost(X, Y) != kept.Cost(X, Y) {
		t.Errorf("cost %v, scratch's %v", w.Cost(X, Y), kept.Cost(X, Y))
	}
	if e := RelativeError(w.BackpropBatch(X, Y), Weights(kept.Gradient(X, Y))); e != 0 {
		t.Errorf("BackpropBatch and scratch's Gradient differ by %.2e", e)
	}
	w.Step(w.BackpropBatch(X, Y), 0.5)
	kept.Step(kept.Gradient(X, Y), 0.5)
	if RelativeError(w, Weights(kept)) != 0 {
		t.Error("a step of gradient descent differs")
	}
}
