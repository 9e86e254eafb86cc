package cnn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// DeepNet is a trained Deep network: its shape and all its variables (the
// running averages of batch normalisation too), as plain Go values.
type DeepNet struct {
	Net    Deep
	Params []Param
}

// checkShape reports whether set holds images of height×width×channels
// (and, when labelled, labels below classes).
func checkShape(height, width, channels, classes int, set *data.Dataset, labelled bool) error {
	return checkImages(Arch{Height: height, Width: width, Channels: channels, Classes: classes}, set, labelled)
}

// DeepNetFromStore reads every variable of a Deep network out of a GoMLX
// store (the optimizer's and the random generator's are left out).
func DeepNetFromStore(d Deep, store *model.Store) (DeepNet, error) {
	params, err := paramsFromStore(d, store)
	if err != nil {
		return DeepNet{}, err
	}
	return DeepNet{Net: d.clone(), Params: params}, nil
}

// Store returns a GoMLX store holding the network's variables.
func (n DeepNet) Store() (*model.Store, error) { return paramsStore(n.Params) }

// NumParams is the number of trained values (batch normalisation's running
// averages are not counted).
func (n DeepNet) NumParams() int { return countTrained(n.Params) }

// isStatistic tells batch normalisation's running averages from weights.
func isStatistic(path string) bool {
	for _, s := range []string{"/mean", "/variance", "/count"} {
		if strings.HasSuffix(path, s) {
			return true
		}
	}
	return false
}

// Accuracy is the fraction of set's images whose label the network
// predicts (batch normalisation uses its running averages).
func (n DeepNet) Accuracy(backend compute.Backend, set *data.Dataset, f Formulation) (float64, error) {
	return accuracy(backend, n.Net, n.Params, set, f)
}

// GradientNorms returns, for a freshly initialised network (seed fixes the
// weights), the size of the loss's gradient with respect to the kernel of
// each main-path convolution, in order (conv01, conv02, ...): the
// Frobenius norm ‖∂J/∂K‖, for the cross-entropy J of one minibatch, the first
// batch examples of set, in training mode. Where it shrinks layer after
// layer towards the input, the first layers learn slowly: the vanishing
// gradient.
func (d Deep) GradientNorms(backend compute.Backend, set *data.Dataset, batch int, seed uint32, f Formulation) (norms []float64, err error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if err := checkShape(d.Height, d.Width, d.Channels, d.Classes, set, true); err != nil {
		return nil, err
	}
	batch = min(batch, set.Len())
	if batch < 1 {
		return nil, fmt.Errorf("cnn: GradientNorms needs a minibatch of at least 1 example")
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(seed)); err != nil {
		return nil, err
	}
	convs := 0
	modelFn := d.Model(f)
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x, labels *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		logits := modelFn(scope, x)
		j := graph.ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{labels}, []*graph.Node{logits}))
		var kernels []*graph.Node
		for l := 1; ; l++ {
			v := store.GetVariable("/" + DeepConvScope(l) + "/kernel")
			if v == nil {
				break
			}
			kernels = append(kernels, v.NodeValue(x.Graph()))
		}
		convs = len(kernels)
		grads := graph.Gradient(j, kernels...)
		out := make([]*graph.Node, len(grads))
		for i, g := range grads {
			out[i] = graph.Sqrt(graph.ReduceAllSum(graph.Square(g)))
		}
		return graph.Stack(out, 0)
	})
	if err != nil {
		return nil, err
	}
	dim := set.Dim()
	labels := make([]int32, batch)
	for i := range batch {
		labels[i] = int32(set.Labels[i])
	}
	out, err := exec.Call1(tensors.FromFlatDataAndDimensions(slices.Clone(set.X[:batch*dim]), batch, d.Height, d.Width, d.Channels),
		tensors.FromFlatDataAndDimensions(labels, batch, 1))
	if err != nil {
		return nil, err
	}
	values, err := tensors.CopyFlatData[float32](out)
	if err != nil {
		return nil, err
	}
	if len(values) != convs {
		return nil, fmt.Errorf("cnn: %d gradient norms for %d convolutions", len(values), convs)
	}
	for _, v := range values {
		norms = append(norms, float64(v))
	}
	return norms, nil
}
