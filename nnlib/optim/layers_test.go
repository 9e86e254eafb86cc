package optim

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// twoLayers is ŷ = x·a + (x∘x)·b with a in layer "first", b in "second".
func twoLayers(scope *model.Scope, x *Node) *Node {
	g := x.Graph()
	a := scope.In("first").VariableWithValue("w", []float64{1, -2}).NodeValue(g)
	b := scope.In("second").VariableWithValue("w", []float64{0.5, 0.25}).NodeValue(g)
	return Add(Einsum("bj,j->b", x, a), Einsum("bj,j->b", Square(x), b))
}

var (
	layersX = [][]float64{{1, 2}, {0.5, -1}, {-1, 0.3}}
	layersY = []float64{3, -1, 0.5}
)

// trainTwoLayers runs steps of opt on twoLayers and returns a and b.
func trainTwoLayers(t *testing.T, opt optimizer.Interface, steps int, freezeSecond bool) (a, b []float64) {
	t.Helper()
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	trainer := train.NewTrainer(backend, store, func(scope *model.Scope, x *Node) *Node {
		y := twoLayers(scope, x)
		if freezeSecond {
			scope.Store().GetVariable("/second/w").SetTrainable(false)
		}
		return y
	}, loss.MeanSquaredError, opt, nil, nil)
	for range steps {
		if _, err := trainer.TrainStep(train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromValue(layersX)},
			Labels: []*tensors.Tensor{tensors.FromValue(layersY)},
		}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) []float64 {
		v, err := store.GetVariable(p).Value()
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float64](v)
	}
	return read("/first/w"), read("/second/w")
}

// handAdam repeats the steps in plain Go: the gradient of the mean squared
// error by hand, Adam's update with each layer's rate.
func handAdam(steps int, rateA, rateB float64) (a, b []float64) {
	a, b = []float64{1, -2}, []float64{0.5, 0.25}
	w := [][]float64{a, b}
	rates := []float64{rateA, rateB}
	m := [][]float64{{0, 0}, {0, 0}}
	v := [][]float64{{0, 0}, {0, 0}}
	const b1, b2, eps = 0.9, 0.999, 1e-7
	for t := 1; t <= steps; t++ {
		grads := [][]float64{{0, 0}, {0, 0}}
		n := float64(len(layersX))
		for i, x := range layersX {
			r := x[0]*a[0] + x[1]*a[1] + x[0]*x[0]*b[0] + x[1]*x[1]*b[1] - layersY[i]
			for j := range 2 {
				grads[0][j] += 2 * r * x[j] / n
				grads[1][j] += 2 * r * x[j] * x[j] / n
			}
		}
		for l := range 2 {
			for j := range 2 {
				g := grads[l][j]
				m[l][j] = b1*m[l][j] + (1-b1)*g
				v[l][j] = b2*v[l][j] + (1-b2)*g*g
				mh := m[l][j] / (1 - math.Pow(b1, float64(t)))
				vh := v[l][j] / (1 - math.Pow(b2, float64(t)))
				w[l][j] -= rates[l] * mh / (math.Sqrt(vh) + eps)
			}
		}
	}
	return a, b
}

func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

// TestPerLayerIsAdam: with one rate for every layer PerLayer is GoMLX's
// Adam, step for step.
func TestPerLayerIsAdam(t *testing.T) {
	opt, err := PerLayer{Rates: map[string]float64{"first": 0.05, "second": 0.05}}.Done()
	if err != nil {
		t.Fatal(err)
	}
	a, b := trainTwoLayers(t, opt, 7, false)
	wantA, wantB := trainTwoLayers(t, optimizer.Adam().LearningRate(0.05).Done(), 7, false)
	near(t, "a", a, wantA, 1e-9)
	near(t, "b", b, wantB, 1e-9)
}

// TestPerLayerRates: each layer moves at its own rate (checked against Adam
// by hand), and a layer at rate 0, or not named, does not move at all.
func TestPerLayerRates(t *testing.T) {
	for _, rates := range [][2]float64{{0.05, 0.005}, {0.02, 0}} {
		cfg := PerLayer{Rates: map[string]float64{"first": rates[0]}}
		if rates[1] > 0 {
			cfg.Rates["second"] = rates[1]
		}
		opt, err := cfg.Done()
		if err != nil {
			t.Fatal(err)
		}
		a, b := trainTwoLayers(t, opt, 6, false)
		wantA, wantB := handAdam(6, rates[0], rates[1])
		near(t, "a", a, wantA, 1e-9)
		near(t, "b", b, wantB, 1e-9)
		if rates[1] == 0 {
			near(t, "frozen b", b, []float64{0.5, 0.25}, 0)
		}
	}
	// A layer frozen in the store stays frozen, whatever its rate.
	opt, err := PerLayer{Rates: map[string]float64{"first": 0.02, "second": 0.02}}.Done()
	if err != nil {
		t.Fatal(err)
	}
	_, b := trainTwoLayers(t, opt, 3, true)
	near(t, "b frozen in the store", b, []float64{0.5, 0.25}, 0)
}

// TestPerLayerErrors: configurations that cannot train say why.
func TestPerLayerErrors(t *testing.T) {
	for _, cfg := range []PerLayer{
		{},
		{Rates: map[string]float64{"first": 0}},
		{Rates: map[string]float64{"first": -0.1}},
		{Rates: map[string]float64{"/first/w": 0.1}},
		{Rates: map[string]float64{"first": 0.1}, Beta1: 1},
	} {
		if _, err := cfg.Done(); err == nil {
			t.Errorf("PerLayer%+v.Done() = nil error", cfg)
		}
	}
	if got := Layer("/conv1/bn/scale"); got != "conv1" {
		t.Errorf("Layer = %q, want conv1", got)
	}
}
