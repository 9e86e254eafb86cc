package scratch

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// randomData makes m examples with n inputs and k one-hot targets.
func randomData(m, n, k int, seed uint64) (X, Y [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	for range m {
		x := make([]float64, n)
		for j := range x {
			x[j] = 2*rng.Float64() - 1
		}
		y := make([]float64, k)
		y[rng.IntN(k)] = 1
		X, Y = append(X, x), append(Y, y)
	}
	return X, Y
}

// flat lists the weights in order, and set puts such a list back.
func flat(w Weights) []float64 {
	var v []float64
	for l := range w {
		for i := range w[l] {
			v = append(v, w[l][i]...)
		}
	}
	return v
}

func set(w Weights, v []float64) {
	for l := range w {
		for i := range w[l] {
			v = v[copy(w[l][i], v):]
		}
	}
}

// Backpropagation agrees with central differences of the cost.
func TestGradientCheck(t *testing.T) {
	w, err := NewWeights([]int{3, 4, 2}, 7)
	if err != nil {
		t.Fatal(err)
	}
	X, Y := randomData(5, 3, 2, 1)
	c, _ := NewWeights([]int{3, 4, 2}, 7)
	num := nnlib.NumericalGradient(func(v []float64) float64 { set(c, v); return c.Cost(X, Y) }, flat(w), 1e-5)
	got := flat(w.Gradient(X, Y))
	var diff, na, nb float64
	for i := range got {
		diff += (got[i] - num[i]) * (got[i] - num[i])
		na += got[i] * got[i]
		nb += num[i] * num[i]
	}
	if e := math.Sqrt(diff) / (math.Sqrt(na) + math.Sqrt(nb)); e > 1e-7 {
		t.Errorf("backprop vs central differences: relative error %.2e", e)
	}
}

// Gradient descent lowers the cost.
func TestStepDescends(t *testing.T) {
	w, _ := NewWeights([]int{3, 5, 2}, 3)
	X, Y := randomData(20, 3, 2, 4)
	before := w.Cost(X, Y)
	for range 50 {
		w.Step(w.Gradient(X, Y), 0.5)
	}
	if after := w.Cost(X, Y); !(after < before) {
		t.Errorf("cost %v → %v", before, after)
	}
	if out := w.Forward(X[0]); len(out) != 3 || len(out[2]) != 2 {
		t.Errorf("Forward gives %d layers", len(out))
	}
}

func TestNewWeights(t *testing.T) {
	w, err := NewWeights([]int{784, 16, 10}, 3)
	if err != nil || len(w) != 2 || len(w[0]) != 16 || len(w[0][0]) != 785 || len(w[1][0]) != 17 {
		t.Fatalf("shapes wrong: %v", err)
	}
	eps := math.Sqrt(6) / math.Sqrt(784+16)
	for _, v := range w[0][0] {
		if math.Abs(v) > eps {
			t.Fatalf("weight %v outside ±%v", v, eps)
		}
	}
	if _, err := NewWeights([]int{3}, 1); err == nil {
		t.Error("one layer must be refused")
	}
	if _, err := NewWeights([]int{3, 0, 1}, 1); err == nil {
		t.Error("an empty layer must be refused")
	}
}
