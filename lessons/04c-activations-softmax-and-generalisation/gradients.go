package generalisation

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Deep is section 1's experiment: the same deep, narrow network with each
// hidden activation, its gradient measured layer by layer on one batch of
// real images, then trained by plain gradient descent for a while.
type Deep struct {
	Depth, Width int    // Hidden layers, and units in each.
	Batch        int    // Images of the batch whose gradient is measured.
	Train        Config // The training; Net is set per activation.
	Activations  []string
	Seed         uint32
}

// DefaultDeep is the experiment of the lesson: 8 hidden layers of 32 units.
var DefaultDeep = Deep{Depth: 8, Width: 32, Batch: 500, Activations: []string{"sigmoid", "relu"}, Seed: 1,
	Train: Config{Optimizer: "sgd", LearningRate: 0.1, BatchSize: 64, Epochs: 2, Seed: 1}}

// Net is the experiment's network with activation hidden.
func (d Deep) Net(hidden string) Net {
	sizes := []int{784}
	for range d.Depth {
		sizes = append(sizes, d.Width)
	}
	return Net{Sizes: append(sizes, 10), Hidden: hidden, Output: Softmax}
}

// DeepResult is one activation's measurements: the root-mean-square of
// ∂J/∂w over the weights of each layer (index 0 the first hidden layer's
// weights, the last the output layer's) before training, and the run.
type DeepResult struct {
	Activation string
	GradRMS    []float64
	Run        Run
}

// Measure runs the experiment on the first Batch images of trainSet for
// the gradients, all of trainSet for the training, validation to measure.
func (d Deep) Measure(backend compute.Backend, trainSet, validation *data.Dataset) ([]DeepResult, error) {
	if d.Depth < 1 || d.Width < 1 || d.Batch < 1 || trainSet == nil || trainSet.Len() < d.Batch {
		return nil, errors.New("the deep experiment needs Depth, Width and Batch ≥ 1 and at least Batch training images")
	}
	var out []DeepResult
	for _, a := range d.Activations {
		rms, err := LayerGradients(backend, d.Net(a), d.Seed, trainSet, d.Batch)
		if err != nil {
			return nil, err
		}
		cfg := d.Train
		cfg.Net = d.Net(a)
		run, _, err := Train(backend, cfg, trainSet, validation)
		if err != nil {
			return nil, err
		}
		out = append(out, DeepResult{Activation: a, GradRMS: rms, Run: run})
	}
	return out, nil
}

// LayerGradients initialises n (fixed by seed) and returns, for each layer
// from the first to the output, the root-mean-square of the gradient of the
// loss with respect to its weights, on the first batch images of d.
func LayerGradients(backend compute.Backend, n Net, seed uint32, d *data.Dataset, batch int) (rms []float64, err error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed computing the gradients")
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(seed)); err != nil {
		return nil, err
	}
	var layerOf []string // The scope of each gradient, in the order returned.
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x, labels *graph.Node) []*graph.Node {
		loss := n.DataLoss(n.Logits(scope, x), labels)
		// The gradients of every trainable variable, as an optimizer takes
		// them (BuildTrainableVariablesGradientsGraph), then the weights'.
		all := scope.BuildTrainableVariablesGradientsGraph(loss)
		var ws []*graph.Node
		layerOf = layerOf[:0]
		i := 0
		for v := range scope.IterVariables() {
			if !v.Trainable || !v.InUseByGraph(x.Graph()) {
				continue
			}
			if v.Name() == "weights" {
				// The RMS is computed in the graph: returning the gradient
				// tensors themselves crashes the Go backend (compute
				// v0.1.14, an index out of range in its executor) on these
				// networks.
				ws = append(ws, graph.Sqrt(graph.ReduceAllMean(graph.Square(all[i]))))
				layerOf = append(layerOf, v.Scope())
			}
			i++
		}
		return ws
	})
	if err != nil {
		return nil, err
	}
	b := batchOf(d, batch)
	x, labels, err := flatAndLabels(b)
	if err != nil {
		return nil, err
	}
	grads, err := exec.Call(x, labels)
	if err != nil {
		return nil, err
	}
	rms = make([]float64, len(n.Sizes)-1)
	for i, g := range grads {
		l := layerIndex(layerOf[i])
		if l < 1 || l > len(rms) {
			return nil, errors.New("a gradient of an unknown layer: " + layerOf[i])
		}
		rms[l-1] = float64(g.Value().(float32))
	}
	return rms, nil
}

// batchOf is the first n examples of d as a Batch.
func batchOf(d *data.Dataset, n int) data.Batch {
	for b := range d.Batches(n) {
		return b
	}
	return data.Batch{}
}

// layerIndex reads l out of a scope "/layer<l>/dense".
func layerIndex(scope string) int {
	for _, part := range strings.Split(scope, "/") {
		if rest, ok := strings.CutPrefix(part, "layer"); ok {
			if l, err := strconv.Atoi(rest); err == nil {
				return l
			}
			return -1
		}
	}
	return -1
}
