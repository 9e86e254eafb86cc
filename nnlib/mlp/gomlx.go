package mlp

import (
	"fmt"
	"slices"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
)

// LayerScope is the GoMLX scope that holds W⁽ˡ⁾ (l from 1): "layer1",
// "layer2", ... Each layer needs a scope of its own: layers.DenseWithBias
// called twice in one scope would share (and so clash on) its variables.
func LayerScope(l int) string { return fmt.Sprintf("layer%d", l) }

// weightsPath and biasesPath are where layers.DenseWithBias keeps W⁽ˡ⁾.
func weightsPath(l int) string { return "/" + LayerScope(l) + "/dense/weights" }
func biasesPath(l int) string  { return "/" + LayerScope(l) + "/dense/biases" }

// Model returns the GoMLX model function of a network with the given units
// per layer (input first, e.g. {2, 8, 1}): for x of shape [batch, sizes[0]]
// it returns the output layer's z, shape [batch, sizes[last]]; the network's
// output is h = Sigmoid(z). (Losses take z, the "logits", because
// computing the cross-entropy from z is more accurate than from h.)
//
// Layer l is layers.DenseWithBias in the scope LayerScope(l): its variable
// "weights" of shape [units of layer l, units of layer l+1] is the
// transpose of W⁽ˡ⁾ without its bias column, and "biases" is that column.
func Model(sizes []int, hidden Activation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	sizes = slices.Clone(sizes)
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		for l := 1; l < len(sizes); l++ {
			x = layers.DenseWithBias(scope.In("%s", LayerScope(l)), x, sizes[l])
			if l < len(sizes)-1 {
				x = activate(x, hidden)
			}
		}
		return x
	}
}

// activate applies g to every element of x in the graph.
func activate(x *graph.Node, a Activation) *graph.Node {
	switch a {
	case Tanh:
		return graph.Tanh(x)
	case ReLU:
		return activation.Relu(x)
	}
	return graph.Sigmoid(x)
}

// Store returns a GoMLX store holding the network's weights, in dtype
// (Float32 or Float64), where Model's layers find them.
func (n Net) Store(dtype dtypes.DType) (*model.Store, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if dtype != dtypes.Float32 && dtype != dtypes.Float64 {
		return nil, fmt.Errorf("a network's store holds Float32 or Float64, not %s", dtype)
	}
	store := model.NewStore()
	for l, w := range n.W {
		in, out := len(w[0])-1, len(w)
		weights := make([]float64, in*out) // Row-major [in, out]: the transpose of W without its bias column.
		biases := make([]float64, out)
		for i, row := range w {
			biases[i] = row[0]
			for j := 1; j <= in; j++ {
				weights[(j-1)*out+i] = row[j]
			}
		}
		if _, err := store.CreateVariable(weightsPath(l+1), tensorOf(weights, dtype, in, out)); err != nil {
			return nil, err
		}
		if _, err := store.CreateVariable(biasesPath(l+1), tensorOf(biases, dtype, out)); err != nil {
			return nil, err
		}
	}
	return store, nil
}

// tensorOf makes a tensor of the given dtype and dimensions from values.
func tensorOf(values []float64, dtype dtypes.DType, dims ...int) *tensors.Tensor {
	if dtype == dtypes.Float64 {
		return tensors.FromFlatDataAndDimensions(values, dims...)
	}
	f32 := make([]float32, len(values))
	for i, v := range values {
		f32[i] = float32(v)
	}
	return tensors.FromFlatDataAndDimensions(f32, dims...)
}

// FromStore reads a network that Model built in store (layer1, layer2, ...
// as far as they go) back into the deck's notation.
func FromStore(store *model.Store, hidden Activation) (Net, error) {
	n := Net{Hidden: hidden}
	for l := 1; ; l++ {
		wv, bv := store.GetVariable(weightsPath(l)), store.GetVariable(biasesPath(l))
		if wv == nil || bv == nil {
			break
		}
		weights, err := float64s(wv)
		if err != nil {
			return Net{}, err
		}
		biases, err := float64s(bv)
		if err != nil {
			return Net{}, err
		}
		dims := wv.Shape().Dimensions
		if len(dims) != 2 || dims[1] != len(biases) {
			return Net{}, fmt.Errorf("%s has shape %s but %d biases: not a dense layer of this package", weightsPath(l), wv.Shape(), len(biases))
		}
		in, out := dims[0], dims[1]
		w := make([][]float64, out)
		for i := range w {
			w[i] = make([]float64, in+1)
			w[i][0] = biases[i]
			for j := 1; j <= in; j++ {
				w[i][j] = weights[(j-1)*out+i]
			}
		}
		n.W = append(n.W, w)
	}
	if len(n.W) == 0 {
		return Net{}, fmt.Errorf("the store has no %s: was the network built with mlp.Model?", weightsPath(1))
	}
	return n, n.Validate()
}

// float64s returns a variable's values as float64.
func float64s(v *model.Variable) ([]float64, error) {
	t, err := v.Value()
	if err != nil {
		return nil, err
	}
	switch v.DType() {
	case dtypes.Float64:
		return tensors.CopyFlatData[float64](t)
	case dtypes.Float32:
		f32, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(f32))
		for i, x := range f32 {
			out[i] = float64(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s holds %s values: expected Float32 or Float64", v.Path(), v.DType())
}

// Predict runs the network in GoMLX, in float64, on a batch of inputs (one
// row each) and returns h for each: the same Model that Fit trains, loaded
// with n's weights. It computes what Forward does, for a whole batch at once.
func (n Net) Predict(backend compute.Backend, xs [][]float64) (h [][]float64, err error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	sizes := n.Sizes()
	if len(xs) == 0 {
		return nil, fmt.Errorf("Predict needs at least one input")
	}
	flat := make([]float64, 0, len(xs)*sizes[0])
	for i, x := range xs {
		if len(x) != sizes[0] {
			return nil, fmt.Errorf("input %d has %d values but the network's first layer has %d units", i, len(x), sizes[0])
		}
		flat = append(flat, x...)
	}
	store, err := n.Store(dtypes.Float64)
	if err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	net := Model(sizes, n.Hidden)
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return graph.Sigmoid(net(scope, x))
	})
	if err != nil {
		return nil, err
	}
	out, err := exec.Call1(tensors.FromFlatDataAndDimensions(flat, len(xs), sizes[0]))
	if err != nil {
		return nil, err
	}
	values, err := tensors.CopyFlatData[float64](out)
	if err != nil {
		return nil, err
	}
	k := sizes[len(sizes)-1]
	h = make([][]float64, len(xs))
	for i := range h {
		h[i] = values[i*k : (i+1)*k]
	}
	return h, nil
}
