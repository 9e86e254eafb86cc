package optim

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"strings"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // GoMLX graph code reads best dot-imported.
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// layerScopeName is where PerLayer keeps its moments and step count.
const layerScopeName = "PerLayerAdamOptimizer"

// PerLayer is Adam (Kingma and Ba, 2015) with a learning rate for each layer
// of the model: what fine-tuning a pretrained network needs, where the new
// head learns at the usual rate and the pretrained layers at a smaller one,
// so that a few labelled examples nudge them instead of overwriting them
// (PyTorch's parameter groups, fastai's discriminative learning rates).
//
// A layer is the first element of a variable's scope path: "conv1" for
// "/conv1/kernel" and for "/conv1/bn/scale". A layer whose rate is 0, or
// that Rates does not name, is frozen: PerLayer marks its variables not
// trainable in the store when it builds the training graph, so no gradient
// is computed for them.
//
// For every trained weight w with gradient g, at step t (from 1), with η the
// rate of w's layer:
//
//	m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
//	w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
//
// which is GoMLX's Adam exactly when every layer has the same rate.
//
// GoMLX's Adam has one learning rate for everything it updates, and two of
// them on one scope share their learning-rate variable, so they cannot
// stand in for this.
type PerLayer struct {
	Rates   map[string]float64 // Layer → Adam's learning rate; 0 or absent: frozen.
	Beta1   float64            // 0 for 0.9.
	Beta2   float64            // 0 for 0.999.
	Epsilon float64            // 0 for 1e-7, GoMLX's default.
}

// Done checks the configuration and returns the optimizer, to give GoMLX's
// trainer or to call in a step graph.
func (p PerLayer) Done() (optimizer.Interface, error) {
	trained := 0
	for layer, rate := range p.Rates {
		if layer == "" || strings.Contains(layer, "/") {
			return nil, fmt.Errorf("optim.PerLayer: %q is not a layer name: use the first part of a variable's path, e.g. \"conv1\"", layer)
		}
		if rate < 0 {
			return nil, fmt.Errorf("optim.PerLayer: the rate of %s is %g: use a rate ≥ 0 (0 freezes the layer)", layer, rate)
		}
		if rate > 0 {
			trained++
		}
	}
	if trained == 0 {
		return nil, errors.New("optim.PerLayer: every layer is frozen: give at least one layer a learning rate > 0")
	}
	for _, b := range []float64{p.Beta1, p.Beta2} {
		if b < 0 || b >= 1 {
			return nil, fmt.Errorf("optim.PerLayer: β = %g: use 0 ≤ β < 1 (0 for the default)", b)
		}
	}
	c := p
	c.Rates = maps.Clone(p.Rates)
	if c.Beta1 == 0 {
		c.Beta1 = 0.9
	}
	if c.Beta2 == 0 {
		c.Beta2 = 0.999
	}
	if c.Epsilon <= 0 {
		c.Epsilon = 1e-7
	}
	return &perLayer{cfg: c}, nil
}

// Layer returns the layer of a variable's path: its first element.
func Layer(varPath string) string {
	layer, _, _ := strings.Cut(strings.TrimPrefix(varPath, "/"), "/")
	return layer
}

type perLayer struct{ cfg PerLayer }

// UpdateGraph adds one step of the update to the graph; it implements
// optimizer.Interface.
func (o *perLayer) UpdateGraph(scope *model.Scope, g *Graph, loss *Node) {
	// Freeze the layers without a rate first: no gradient is built for them.
	for v := range scope.IterVariables() {
		if v.Trainable && v.InUseByGraph(g) && o.cfg.Rates[Layer(v.Path())] == 0 {
			v.SetTrainable(false)
		}
	}
	grads := scope.BuildTrainableVariablesGradientsGraph(loss)
	if len(grads) == 0 {
		panic("optim.PerLayer: no layer of the model has a learning rate > 0")
	}
	dtype := loss.DType()
	_ = optimizer.IncrementGlobalStep(g, dtype)
	t := optimizer.IncrementCounter(scope.Store().Scope("/"+layerScopeName), g, "step", dtype)
	beta1, beta2 := Scalar(g, dtype, o.cfg.Beta1), Scalar(g, dtype, o.cfg.Beta2)
	debias1 := Reciprocal(OneMinus(Pow(beta1, t)))
	debias2 := Reciprocal(OneMinus(Pow(beta2, t)))
	i := 0
	for v := range scope.IterVariables() {
		if !v.Trainable || !v.InUseByGraph(g) {
			continue
		}
		grad := grads[i]
		i++
		if grad.DType() != dtype {
			grad = ConvertDType(grad, dtype)
		}
		m1, m2 := o.moments(scope, v, dtype)
		m := Add(Mul(beta1, m1.NodeValue(g)), Mul(OneMinus(beta1), grad))
		s := Add(Mul(beta2, m2.NodeValue(g)), Mul(OneMinus(beta2), Square(grad)))
		m1.SetNodeValue(m)
		m2.SetNodeValue(s)
		step := Div(Mul(m, debias1), AddScalar(Sqrt(Mul(s, debias2)), o.cfg.Epsilon))
		w := v.NodeValue(g)
		updated := Sub(ConvertDType(w, dtype), MulScalar(step, o.cfg.Rates[Layer(v.Path())]))
		v.SetNodeValue(ConvertDType(updated, v.DType()))
	}
}

// moments returns Adam's two moment variables for trainable, created at 0.
func (o *perLayer) moments(scope *model.Scope, trainable *model.Variable, dtype dtypes.DType) (m1, m2 *model.Variable) {
	shape := trainable.Shape().Clone()
	shape.DType = dtype
	s := scope.Store().Scope(path.Join("/", layerScopeName, trainable.Scope())).WithInitializer(initializer.Zero)
	m1 = s.VariableWithShape(trainable.Name()+"_1st_moment", shape).SetTrainable(false)
	m2 = s.VariableWithShape(trainable.Name()+"_2nd_moment", shape).SetTrainable(false)
	return m1, m2
}

// Clear deletes the moments and the step count; it implements
// optimizer.Interface.
func (o *perLayer) Clear(scope *model.Scope) error {
	return scope.Store().Scope("/" + layerScopeName).DeleteVariablesInScope()
}
