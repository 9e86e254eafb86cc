package optim

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// linear is the model ŷ = x·w with w starting at (1, −2).
func linear(scope *model.Scope, x *Node) *Node {
	w := scope.VariableWithValue("w", []float64{1, -2}).NodeValue(x.Graph())
	return Einsum("bj,j->b", x, w)
}

// TestMatchesHandComputation trains the linear model with GoMLX's trainer
// and Momentum, and repeats the same steps by hand in plain Go: the weights
// must agree after every step, with and without Nesterov.
func TestMatchesHandComputation(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	X := [][]float64{{1, 2}, {0.5, -1}, {-1, 0.3}}
	Y := []float64{3, -1, 0.5}
	for _, cfg := range []Momentum{
		{LearningRate: 0.1, Beta: 0.9},
		{LearningRate: 0.1, Beta: 0.9, Nesterov: true},
		{LearningRate: 0.1, Beta: 0.5, Decay: 0.3}, // η/(1 + 0.3·t), t from 0.
	} {
		nesterov := cfg.Nesterov
		opt, err := cfg.Done()
		if err != nil {
			t.Fatal(err)
		}
		store := model.NewStore()
		trainer := train.NewTrainer(backend, store, linear, loss.MeanSquaredError, opt, nil, nil)
		w, v := []float64{1, -2}, []float64{0, 0}
		for step := 1; step <= 5; step++ {
			if _, err := trainer.TrainStep(train.Batch{
				Inputs: []*tensors.Tensor{tensors.FromValue(X)},
				Labels: []*tensors.Tensor{tensors.FromValue(Y)},
			}); err != nil {
				t.Fatal(err)
			}
			// By hand: J = mean((x·w − y)²), ∂J/∂wⱼ = 2/m Σ (x·w − y) xⱼ.
			g := []float64{0, 0}
			for i, x := range X {
				r := x[0]*w[0] + x[1]*w[1] - Y[i]
				g[0] += 2 * r * x[0] / float64(len(X))
				g[1] += 2 * r * x[1] / float64(len(X))
			}
			for j := range w {
				v[j] = cfg.Beta*v[j] + g[j]
				stepj := v[j]
				if nesterov {
					stepj = g[j] + cfg.Beta*v[j]
				}
				w[j] -= cfg.LearningRate / (1 + cfg.Decay*float64(step-1)) * stepj
			}
			got := store.GetVariable("/w").MustValue().Value().([]float64)
			for j := range w {
				if math.Abs(got[j]-w[j]) > 1e-12 {
					t.Fatalf("%+v step %d: GoMLX w = %v, by hand %v", cfg, step, got, w)
				}
			}
		}
	}
}

func TestSettings(t *testing.T) {
	for _, m := range []Momentum{{LearningRate: 0, Beta: 0.9}, {LearningRate: 0.1, Beta: 1}, {LearningRate: 0.1, Beta: -0.1}, {LearningRate: 0.1, Decay: -1}} {
		if _, err := m.Done(); err == nil {
			t.Errorf("%+v must be refused", m)
		}
	}
}
