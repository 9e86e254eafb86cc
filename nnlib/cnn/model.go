package cnn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
)

// Arch is the shape of the course's CNN: for each of Filters, a 3×3 (Kernel)
// convolution with Padding, ReLU and a 2×2 max-pooling; then a dense layer
// of Dense ReLU units and an output layer of Classes units (the logits of a
// softmax). It has only plain fields, so it can be part of nnlib.Keep's config.
type Arch struct {
	Height, Width, Channels int   // Of the input images.
	Filters                 []int // Output channels of each convolution layer.
	Kernel                  int   // Side of the square kernels.
	Padding                 int   // Rows and columns of zeros around each convolution's input: 0, or Kernel/2 to keep the size.
	Dense                   int   // Units of the hidden dense layer.
	Classes                 int   // Output units.
	// Dropout is the fraction of the dense layer's inputs and of its
	// outputs dropped at random in training (0 for none); inference keeps
	// them all.
	Dropout float64
}

// Small is the network of lesson 05a for 28×28 grey images and 10 classes:
// conv 3×3 (32) → pool → conv 3×3 (64) → pool → dense 128 → dense 10.
func Small() Arch {
	return Arch{Height: 28, Width: 28, Channels: 1, Filters: []int{32, 64}, Kernel: 3, Dense: 128, Classes: 10}
}

// Validate reports what is wrong with the architecture, if anything.
func (a Arch) Validate() error {
	if a.Height < 1 || a.Width < 1 || a.Channels < 1 {
		return fmt.Errorf("cnn: input images of %d×%d×%d: every size must be positive", a.Height, a.Width, a.Channels)
	}
	if a.Padding < 0 || a.Padding >= a.Kernel {
		return fmt.Errorf("cnn: padding %d for %d×%d kernels: want 0 to %d", a.Padding, a.Kernel, a.Kernel, a.Kernel-1)
	}
	if a.Dropout < 0 || a.Dropout >= 1 {
		return fmt.Errorf("cnn: dropout %g: want a fraction in [0, 1)", a.Dropout)
	}
	if len(a.Filters) == 0 || a.Kernel < 1 || a.Dense < 1 || a.Classes < 2 {
		return fmt.Errorf("cnn: architecture %+v needs at least one convolution layer, a kernel size, dense units and 2 classes", a)
	}
	h, w := a.Height, a.Width
	for l, f := range a.Filters {
		if f < 1 {
			return fmt.Errorf("cnn: convolution layer %d has %d filters", l+1, f)
		}
		h, w = OutputSize(h, a.Kernel, 1, a.Padding)/2, OutputSize(w, a.Kernel, 1, a.Padding)/2
		if h < 1 || w < 1 {
			return fmt.Errorf("cnn: a %d×%d image is too small for %d convolution+pooling layers of %d×%d kernels", a.Height, a.Width, len(a.Filters), a.Kernel, a.Kernel)
		}
	}
	return nil
}

// Stage is one step of the network's feature extraction, and the shape of
// its output for one image.
type Stage struct {
	Name                    string // "conv1", "pool1", "conv2", ...
	Height, Width, Channels int
	// Field is the side of the square of input pixels that one output
	// value sees (its receptive field); Step is how many input pixels
	// apart the fields of neighbouring outputs start; the field of the
	// output at (r, c) starts at input pixel (r·Step − Offset, c·Step −
	// Offset), outside the image where there is padding.
	Field, Step, Offset int
}

// Stages lists the outputs of the convolution layers (after ReLU) and of the
// pooling layers, in order.
func (a Arch) Stages() []Stage {
	var out []Stage
	h, w, field, step, offset := a.Height, a.Width, 1, 1, 0
	for l, f := range a.Filters {
		h, w = OutputSize(h, a.Kernel, 1, a.Padding), OutputSize(w, a.Kernel, 1, a.Padding)
		field += (a.Kernel - 1) * step
		offset += a.Padding * step
		out = append(out, Stage{Name: fmt.Sprintf("conv%d", l+1), Height: h, Width: w, Channels: f, Field: field, Step: step, Offset: offset})
		h, w = h/2, w/2
		field += step
		step *= 2
		out = append(out, Stage{Name: fmt.Sprintf("pool%d", l+1), Height: h, Width: w, Channels: f, Field: field, Step: step, Offset: offset})
	}
	return out
}

// Stage returns the stage called name.
func (a Arch) Stage(name string) (Stage, error) {
	var names []string
	for _, s := range a.Stages() {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Stage{}, fmt.Errorf("cnn: the network has no stage %q: choose one of %s", name, strings.Join(names, ", "))
}

// Param is one trained weight tensor, as plain Go values.
type Param struct {
	Path   string // In the GoMLX store, e.g. "/conv1/kernel".
	Dims   []int
	Values []float32
}

// Size is the number of values.
func (p Param) Size() int { return len(p.Values) }

// ConvScope is the GoMLX scope of convolution layer l (from 1): "conv1",
// "conv2", ... It holds the variables "kernel" [k, k, in, out] and "bias" [out].
func ConvScope(l int) string { return fmt.Sprintf("conv%d", l) }

// Model returns the GoMLX model function of the network: for x of shape
// [batch, Height, Width, Channels] it returns the logits, [batch, Classes].
// Each convolution layer is Relu(ConvPool(...)) in the formulation f (Auto:
// the backend's fastest); the dense layers are layers.DenseWithBias in the
// scopes "dense1" and "dense2".
func (a Arch) Model(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	features := a.Features(f)
	classes := a.Classes
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		x = features(scope, x)
		x = layers.DropoutStatic(scope, x, a.Dropout)
		return layers.DenseWithBias(scope.In("%s", a.HeadLayer()), x, classes)
	}
}

// HeadLayer is the scope of the output layer, "dense2": the layer a new
// task replaces.
func (a Arch) HeadLayer() string { return "dense2" }

// Features returns the network without its output layer: for x of shape
// [batch, Height, Width, Channels], the Dense rectified activations of the
// hidden dense layer, [batch, Dense], which the output layer reads. A
// network pretrained on one task passes them on to the head of another.
func (a Arch) Features(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	a = a.clone()
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		g := x.Graph()
		for l, filters := range a.Filters {
			s := scope.In("%s", ConvScope(l+1))
			cin := x.Shape().Dimensions[3]
			kernel := s.VariableWithShape("kernel", shapes.Make(x.DType(), a.Kernel, a.Kernel, cin, filters)).NodeValue(g)
			bias := s.VariableWithShape("bias", shapes.Make(x.DType(), filters)).NodeValue(g)
			x = activation.Relu(ConvPool(x, kernel, bias, a.Padding, f))
		}
		d := x.Shape().Dimensions
		x = graph.Reshape(x, d[0], d[1]*d[2]*d[3])
		x = layers.DropoutStatic(scope, x, a.Dropout/2)
		return activation.Relu(layers.DenseWithBias(scope.In("dense1"), x, a.Dense))
	}
}

func (a Arch) clone() Arch {
	a.Filters = slices.Clone(a.Filters)
	return a
}

// Net is a trained network: its architecture and weights, as plain Go values
// (gob-encodable, so nnlib.Keep can keep it between notebook cells).
type Net struct {
	Arch   Arch
	Params []Param
}

// NetFromStore reads a network's weights out of a GoMLX store.
func NetFromStore(a Arch, store *model.Store) (Net, error) {
	n := Net{Arch: a.clone()}
	for _, path := range a.paramPaths() {
		v := store.GetVariable(path)
		if v == nil {
			return Net{}, fmt.Errorf("cnn: the store has no variable %s: was it trained with Arch.Model?", path)
		}
		t, err := v.Value()
		if err != nil {
			return Net{}, err
		}
		values, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return Net{}, fmt.Errorf("cnn: %s: %w", path, err)
		}
		n.Params = append(n.Params, Param{Path: path, Dims: slices.Clone(t.Shape().Dimensions), Values: values})
	}
	return n, nil
}

// paramPaths lists the variables of the network, in order.
func (a Arch) paramPaths() []string {
	var paths []string
	for l := range a.Filters {
		paths = append(paths, "/"+ConvScope(l+1)+"/kernel", "/"+ConvScope(l+1)+"/bias")
	}
	for _, d := range []string{"dense1", "dense2"} {
		paths = append(paths, "/"+d+"/dense/weights", "/"+d+"/dense/biases")
	}
	return paths
}

// Store returns a GoMLX store holding the network's weights, where Model
// finds them.
func (n Net) Store() (*model.Store, error) {
	store := model.NewStore()
	for _, p := range n.Params {
		if _, err := store.CreateVariable(p.Path, tensors.FromFlatDataAndDimensions(slices.Clone(p.Values), p.Dims...)); err != nil {
			return nil, err
		}
	}
	return store, nil
}

// Param returns the weights at path, e.g. "/conv1/kernel".
func (n Net) Param(path string) (Param, error) {
	for _, p := range n.Params {
		if p.Path == path {
			return p, nil
		}
	}
	return Param{}, fmt.Errorf("cnn: the network has no weights %s", path)
}

// NumParams is the number of trained values.
func (n Net) NumParams() int {
	total := 0
	for _, p := range n.Params {
		total += p.Size()
	}
	return total
}

// Filters returns the kernels of convolution layer l (from 1) for input
// channel in: one kh×kw matrix per filter, ready for plots.KernelGrid.
func (n Net) Filters(l, in int) ([][][]float64, error) {
	p, err := n.Param("/" + ConvScope(l) + "/kernel")
	if err != nil {
		return nil, err
	}
	kh, kw, cin, cout := p.Dims[0], p.Dims[1], p.Dims[2], p.Dims[3]
	if in < 0 || in >= cin {
		return nil, fmt.Errorf("cnn: layer %d has %d input channels, not %d", l, cin, in+1)
	}
	out := make([][][]float64, cout)
	for f := range out {
		out[f] = make([][]float64, kh)
		for i := range kh {
			out[f][i] = make([]float64, kw)
			for j := range kw {
				out[f][i][j] = float64(p.Values[((i*kw+j)*cin+in)*cout+f])
			}
		}
	}
	return out, nil
}

// shapesOf is the shape of the given dimensions in x's dtype.
func shapesOf(x *graph.Node, dims ...int) shapes.Shape { return shapes.Make(x.DType(), dims...) }
