package onnxzoo

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/onnx-gomlx/onnx"
	"github.com/gomlx/onnx-gomlx/onnx/parser"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// The images the model takes, and its classes.
const (
	side    = 28          // Rows and columns of an image.
	pixels  = side * side // Values of an image.
	classes = 10          // The digits 0 to 9.
)

// evalBatch is the number of images one run of the graph takes: Logits pads
// the last batch, so that the graph is compiled once per call.
const evalBatch = 500

// Model is the ONNX model zoo's MNIST network, imported into GoMLX by
// onnx-gomlx: its graph, and its weights as GoMLX variables.
type Model struct {
	onnx    onnx.Model   // The graph, parsed (after the edits of edit.go).
	store   *model.Store // Its weights, as GoMLX variables.
	input   string       // The name of the graph's input, "Input3".
	summary string       // What Summary returns.
}

// MNIST loads the ONNX model zoo's MNIST network from
// data/onnx-mnist/mnist-8.onnx (found where nnlib/data finds the data sets),
// checks its SHA-256, and imports it with onnx-gomlx. A missing or damaged
// file gives one line that says how to restore it.
func MNIST() (m *Model, err error) {
	path, raw, err := readFile(modelFile)
	if err != nil {
		return nil, err
	}
	defer func() { // Runs after nnlib.Failed: a panic gives no model.
		if err != nil {
			m = nil
		}
	}()
	defer nnlib.Failed(&err, "onnx-gomlx failed to import "+path)
	info, err := describe(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not the ONNX model expected: %v", path, err)
	}
	edited, err := edit(raw)
	if err != nil {
		return nil, fmt.Errorf("cannot prepare %s for onnx-gomlx: %v", path, err)
	}
	om, err := parser.Parse(edited)
	if err != nil {
		return nil, fmt.Errorf("onnx-gomlx cannot parse %s: %v", path, err)
	}
	names, _ := om.Inputs()
	if len(names) != 1 {
		return nil, fmt.Errorf("%s has inputs %q, expected one image input", path, names)
	}
	m = &Model{onnx: om, store: model.NewStore(), input: names[0]}
	if err := om.VariablesToScope(m.store.RootScope()); err != nil {
		return nil, err
	}
	shapes, err := m.nodeShapes(info)
	if err != nil {
		return nil, err
	}
	m.summary = info.summary(path, om, shapes)
	return m, nil
}

// Summary describes the network as its ONNX graph says: where it comes
// from, its input and output, every node (op, name, output shape as GoMLX
// builds it, weights, attributes as written in the file) and its number of
// parameters, 5,994.
func (m *Model) Summary() string { return m.summary }

// Logits returns the network's output for n grey 28×28 images, in the
// course's format: row-major, one value per pixel, from 0 (black background)
// to 1 (white ink), as the MNIST loaders of nnlib/data give them
// (data.Dataset.X, shape [28 28 1]). That is n×10 values: row i holds the
// scores of the digits 0 to 9 for image i (not probabilities: apply a
// softmax for those).
//
// That is the input the model card asks for (white digit on black, values
// scaled to [0, 1]), laid out [n 1 28 28] (NCHW: batch, channel, height,
// width), which for one channel is the same order of values: the images go
// into the network unchanged. (The zoo's test_data_set inputs are raw 0–255
// pixels; the network still names their digit, but with logits about 255
// times too large, in the thousands: see the package documentation.)
func (m *Model) Logits(backend compute.Backend, images []float32, n int) ([]float32, error) {
	if n <= 0 {
		return nil, fmt.Errorf("onnxzoo: Logits needs at least one image, got n = %d", n)
	}
	if len(images) != n*pixels {
		return nil, fmt.Errorf("onnxzoo: %d values are not %d images of 28×28 = %d pixels", len(images), n, pixels)
	}
	for i, v := range images {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("onnxzoo: image %d has the pixel value %g, outside [0, 1]: give the images as nnlib/data loads them (0 black, 1 white), not normalized", i/pixels, v)
		}
	}
	return m.run(backend, images, n, false)
}

// Accuracy is the fraction of set's images whose label is the digit the
// network scores highest. set holds 28×28 grey images with values in [0, 1]
// (shape [28 28 1]), such as data.MNIST10K().
func (m *Model) Accuracy(backend compute.Backend, set *data.Dataset) (float64, error) {
	if err := set.Validate(); err != nil {
		return 0, err
	}
	if set.Dim() != pixels || set.Labels == nil || set.Len() == 0 {
		return 0, fmt.Errorf("onnxzoo: Accuracy needs labelled 28×28 grey images; %s has %d examples of shape %v, labels: %t", set.Name, set.Len(), set.Shape, set.Labels != nil)
	}
	logits, err := m.Logits(backend, set.X, set.Len())
	if err != nil {
		return 0, err
	}
	right := 0
	for i, label := range set.Labels {
		if argmax(logits[i*classes:(i+1)*classes]) == label {
			right++
		}
	}
	return float64(right) / float64(set.Len()), nil
}

// run applies the network to n images of 784 values, in batches of
// evalBatch: in the course's layout [n 28 28 1], or, with zoo, in the ONNX
// graph's [n 1 28 28].
func (m *Model) run(backend compute.Backend, in []float32, n int, zoo bool) (out []float32, err error) {
	if backend == nil {
		return nil, errors.New("onnxzoo: the backend is nil: pass nnlib.MustBackend()")
	}
	defer nnlib.Failed(&err, "GoMLX failed while running the ONNX model")
	exec, err := model.NewExec(backend, m.store, m.graph(zoo))
	if err != nil {
		return nil, err
	}
	size := min(evalBatch, n)
	dims := []int{size, side, side, 1}
	if zoo {
		dims = []int{size, 1, side, side}
	}
	out = make([]float32, 0, n*classes)
	for start := 0; start < n; start += size {
		k := min(size, n-start)
		batch := make([]float32, size*pixels) // Always a full batch: one compiled graph.
		copy(batch, in[start*pixels:(start+k)*pixels])
		res, err := exec.Call1(tensors.FromFlatDataAndDimensions(batch, dims...))
		if err != nil {
			return nil, fmt.Errorf("GoMLX failed while running the ONNX model: %v", err)
		}
		values, err := tensors.CopyFlatData[float32](res)
		if err != nil {
			return nil, err
		}
		if len(values) != size*classes {
			return nil, fmt.Errorf("onnxzoo: the network gave %d values for %d images, expected %d", len(values), size, size*classes)
		}
		out = append(out, values[:k*classes]...)
	}
	return out, nil
}

// graph is the GoMLX graph that run executes: the ONNX graph, converted to
// GoMLX ops by onnx-gomlx's CallGraph, reading its weights from the store;
// unless zoo, the course's [n 28 28 1] images are first given the graph's
// shape [n 1 28 28].
func (m *Model) graph(zoo bool) func(scope *model.Scope, x *Node) *Node {
	return func(scope *model.Scope, x *Node) *Node {
		if !zoo {
			// The same values in the same order (one channel): only the
			// shape changes. The values are already in [0, 1].
			x = Reshape(x, x.Shape().Dim(0), 1, side, side)
		}
		return m.onnx.CallGraph(scope, x.Graph(), map[string]*Node{m.input: x})[0]
	}
}

// nodeShapes builds the graph for one blank image on the pure-Go backend and
// returns the shape GoMLX gives each node's output.
func (m *Model) nodeShapes(info graphInfo) (map[string][]int, error) {
	backend, err := gobackend.New("")
	if err != nil {
		return nil, err
	}
	defer backend.Finalize()
	var outputs []string
	for _, n := range info.nodes {
		outputs = append(outputs, n.outputs...)
	}
	shapes := map[string][]int{}
	exec, err := model.NewExec(backend, m.store, func(scope *model.Scope, x *Node) *Node {
		nodes := m.onnx.CallGraph(scope, x.Graph(), map[string]*Node{m.input: x}, outputs...)
		for i, node := range nodes {
			shapes[outputs[i]] = node.Shape().Dimensions
		}
		return nodes[len(nodes)-1]
	})
	if err != nil {
		return nil, err
	}
	if _, err := exec.Call1(tensors.FromFlatDataAndDimensions(make([]float32, pixels), 1, 1, side, side)); err != nil {
		return nil, err
	}
	return shapes, nil
}

// argmax is the index of the largest value (the first, on ties).
func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] || math.IsNaN(float64(v[best])) {
			best = i
		}
	}
	return best
}
