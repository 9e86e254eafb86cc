package backprop

import (
	"math"
	"math/rand/v2"
	"strings"
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

func TestLayerForwardCheck(t *testing.T) {
	if err := LayerForwardError(LayerForward); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	// z computes Wᵢ,₀ + Σⱼ Wᵢ,ⱼ₊₁ aⱼ for every neuron i, as a student would.
	z := func(W [][]float64, a []float64) []float64 {
		out := make([]float64, len(W))
		for i := range W {
			out[i] = W[i][0]
			for j := range a {
				out[i] += W[i][j+1] * a[j]
			}
		}
		return out
	}
	checktest.Hints(t, LayerForwardError, []checktest.Wrong[LayerFunc]{
		{Name: "blank", Answer: func(W [][]float64, a []float64) []float64 { return make([]float64, len(W)) }, Hint: "fill in"},
		{Name: "no sigmoid", Answer: z, Hint: "apply the sigmoid"},
		{Name: "no bias", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				for j := range a {
					out[i] += W[i][j+1] * a[j]
				}
				out[i] = nnlib.Sigmoid(out[i])
			}
			return out
		}, Hint: "leave out the bias"},
		{Name: "bias column", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				for j := range a {
					out[i] += W[i][j] * a[j]
				}
				out[i] = nnlib.Sigmoid(out[i])
			}
			return out
		}, Hint: "column 0"},
		{Name: "sign", Answer: func(W [][]float64, a []float64) []float64 {
			out := z(W, a)
			for i := range out {
				out[i] = 1 / (1 + math.Exp(out[i]))
			}
			return out
		}, Hint: "e^(−z)"},
		{Name: "transposed", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				out[i] = W[0][i]
				for j := range a {
					out[i] += W[j+1][i] * a[j]
				}
				out[i] = nnlib.Sigmoid(out[i])
			}
			return out
		}, Hint: "swap its indices"},
		{Name: "one per unit of this layer", Answer: func(W [][]float64, a []float64) []float64 {
			return make([]float64, len(a))
		}, Hint: "one per row of W"},
		{Name: "the bias unit returned", Answer: func(W [][]float64, a []float64) []float64 {
			return append([]float64{1}, LayerForward(W, a)...)
		}, Hint: "one per row of W"},
	})
}

func TestUpdateCheck(t *testing.T) {
	if err := UpdateError(Weights.Step); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	// step moves every weight by f(w, d), skipping those skip names, in place.
	step := func(f func(w, d, eta float64) float64, skip func(l, j int) bool) UpdateFunc {
		return func(w, D Weights, eta float64) {
			for l := range w {
				for i := range w[l] {
					for j := range w[l][i] {
						if !skip(l, j) {
							w[l][i][j] = f(w[l][i][j], D[l][i][j], eta)
						}
					}
				}
			}
		}
	}
	descend := func(w, d, eta float64) float64 { return w - eta*d }
	none := func(l, j int) bool { return false }
	if err := UpdateError(step(descend, none)); err != nil {
		t.Fatalf("a loop over every weight is refused: %v", err)
	}
	checktest.Hints(t, UpdateError, []checktest.Wrong[UpdateFunc]{
		{Name: "blank", Answer: func(w, D Weights, eta float64) {}, Hint: "fill in the blank"},
		{Name: "a copy thrown away", Answer: func(w, D Weights, eta float64) {
			w = w.Clone()
			w.Step(D, eta)
		}, Hint: "thrown away"},
		{Name: "sign", Answer: step(func(w, d, eta float64) float64 { return w + eta*d }, none), Hint: "sign is flipped"},
		{Name: "no η", Answer: step(func(w, d, eta float64) float64 { return w - d }, none), Hint: "learning rate"},
		{Name: "replaced", Answer: step(func(w, d, eta float64) float64 { return -eta * d }, none), Hint: "replace the weights"},
		{Name: "bias column", Answer: step(descend, func(l, j int) bool { return j == 0 }), Hint: "bias weights"},
		{Name: "first layer only", Answer: step(descend, func(l, j int) bool { return l > 0 }), Hint: "W⁽²⁾ did not move"},
		{Name: "last layer only", Answer: step(descend, func(l, j int) bool { return l == 0 }), Hint: "W⁽¹⁾ did not move"},
		{Name: "D transposed", Answer: func(w, D Weights, eta float64) {
			for l := range w {
				for i := range w[l] {
					for j := range w[l][i] {
						w[l][i][j] -= eta * D[l][j][i]
					}
				}
			}
		}, Hint: "same shape"},
	})
}

// BackpropWith with the lesson's own pieces is Backprop, and agrees to the
// bit with the batch form, which is written independently; a student's
// function that stops is an error, not a panic.
func TestBackpropWith(t *testing.T) {
	for _, sizes := range [][]int{{2, 2, 2, 1}, {4, 5, 3}, {3, 6, 4, 2}} {
		w, _ := NewWeights(sizes, 7)
		X, Y := randomData(6, sizes[0], sizes[len(sizes)-1], 3)
		D, err := w.BackpropWith(X, Y, LayerForward, HiddenDelta)
		if err != nil {
			t.Fatal(err)
		}
		if e := RelativeError(D, w.Backprop(X, Y)); e != 0 {
			t.Errorf("sizes %v: BackpropWith differs from Backprop by %.3g", sizes, e)
		}
		if e := RelativeError(D, w.BackpropBatch(X, Y)); e != 0 {
			t.Errorf("sizes %v: BackpropWith differs from BackpropBatch by %.3g", sizes, e)
		}
	}
	w, _ := NewWeights([]int{2, 2, 2, 1}, 42)
	X, Y := [][]float64{{1, 0.5}}, [][]float64{{1}}
	for _, c := range []struct {
		name    string
		forward LayerFunc
		delta   DeltaFunc
		want    string
	}{
		{"a forward pass that returns nothing", func(W [][]float64, a []float64) []float64 { return nil }, HiddenDelta, "returned 0 activations for a layer of 2 neurons"},
		{"a delta for the bias unit too", LayerForward, func(W [][]float64, d, a []float64) []float64 { return make([]float64, len(a)+1) }, "returned 3 errors δ for a layer of 2 units"},
		{"a forward pass that stops", func(W [][]float64, a []float64) []float64 { return []float64{W[len(W)][0]} }, HiddenDelta, "stopped with"},
	} {
		if _, err := w.BackpropWith(X, Y, c.forward, c.delta); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one that says %q", c.name, err, c.want)
		}
	}
}

// TrainWith with the lesson's own three pieces is TrainScratch, to the bit;
// with the student notebook's blanks its cost stays flat (the lesson says
// so), and with a blank forward pass and a working update it climbs (the
// lesson's question 6).
func TestTrainWith(t *testing.T) {
	X, Y, _, _, err := data.Digits(200, 1)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	w0, _ := NewWeights([]int{784, 16, 10}, 3)
	ref := w0.Clone()
	want := ref.TrainScratch(X, Y, 1, 15)
	own := w0.Clone()
	got, err := own.TrainWith(X, Y, 1, 15, LayerForward, HiddenDelta, Weights.Step)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d costs, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d: TrainWith %.17g, TrainScratch %.17g", i, got[i], want[i])
		}
	}
	if e := RelativeError(own, ref); e != 0 {
		t.Errorf("the trained weights differ by %.3g", e)
	}

	blankForward := func(W [][]float64, a []float64) []float64 { return make([]float64, len(W)) }
	blankDelta := func(W [][]float64, d, a []float64) []float64 { return make([]float64, len(a)) }
	blank := w0.Clone()
	flat, err := blank.TrainWith(X, Y, 1, 15, blankForward, blankDelta, func(w, D Weights, eta float64) {})
	if err != nil {
		t.Fatal(err)
	}
	for i := range flat {
		if flat[i] != want[0] {
			t.Fatalf("with the blanks the cost should stay %v, step %d: %v", want[0], i, flat[i])
		}
	}
	climbing, err := w0.Clone().TrainWith(X, Y, 1, 15, blankForward, blankDelta, Weights.Step)
	if err != nil {
		t.Fatal(err)
	}
	if last := climbing[len(climbing)-1]; last <= climbing[0] {
		t.Errorf("with a blank forward pass and a working update the cost should climb: %v → %v", climbing[0], last)
	}

	stops := w0.Clone()
	costs, err := stops.TrainWith(X, Y, 1, 3, LayerForward, HiddenDelta, func(w, D Weights, eta float64) { w[0][len(w[0])][0] = 0 })
	if err == nil || !strings.Contains(err.Error(), "stopped") || len(costs) != 1 {
		t.Errorf("an update that stops: error %v, %d costs", err, len(costs))
	}
}
