package cnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/support/exceptions"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// This file makes a Spec, the network on paper, a GoMLX model that runs:
// one scope per weighted layer, named as the layer ("block1_conv1", ...,
// "fc1", "predictions"), holding exactly the weights the layer's Params
// counts, so that the store's size is the table's total. TimeForward runs
// it once on random images to see what the multiply–adds of the table cost
// in seconds, and ArchLayers hands its shapes to plots.Architecture for the
// figure.

// Model returns the GoMLX model function of the network s: for x of shape
// [batch, height, width, channels] (s.Input) it returns the logits,
// [batch, classes]. Layer by layer:
//
//   - a ConvLayer is a square convolution of stride Stride with "same"
//     padding (Kernel/2 rows and columns of zeros: 1 for VGG's 3×3, so the
//     image keeps its size), its bias and its activation (ReLU, or none);
//     its scope holds "kernel" [k, k, in, out] and "bias" [out];
//   - a PoolLayer is a Kernel×Kernel max-pooling every Stride pixels;
//   - a FlattenLayer reshapes each image to one vector, [batch, h·w·c];
//   - a DenseLayer is layers.DenseWithBias (its scope holds
//     "dense/weights" [in, out] and "dense/biases" [out]) and its
//     activation, except that the last layer's softmax is left out: the
//     model returns logits, for the loss (or graph.Softmax) to apply.
//
// A convolution followed by a 2×2 pooling of stride 2 is computed in one
// ConvPool, the pooling fused into the convolution (much faster with the
// MatMul formulation, and the same values: max-pooling commutes with an
// increasing activation such as ReLU). Kernels start He-normal
// (initializer.HeFn: standard deviation √(2/fan-in), which keeps the
// variance of the activations through the ReLUs), biases at zero; the
// random numbers come from the store's generator, which
// model.Store.SetRNGStateFromSeed makes reproducible. Formulation f says how
// convolutions and poolings are computed (Auto: the backend's fastest).
//
// The function panics, in GoMLX's way (model.Exec returns the panic as an
// error), if x does not have the shape of s.Input, or a layer does not give
// the shape its LayerSpec says or would have other than its Params.
func (s Spec) Model(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	return s.model(f, true)
}

// model is Model, with the convolution and the pooling after it fused into
// one ConvPool if fuse is set, computed one after the other otherwise (to
// test that both give the same).
func (s Spec) model(f Formulation, fuse bool) func(scope *model.Scope, x *graph.Node) *graph.Node {
	s = s.clone()
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		if err := s.checkInput(x.Shape()); err != nil {
			exceptions.Panicf("%v", err)
		}
		scope = scope.WithInitializer(initializer.HeFn(scope))
		for i := 0; i < len(s.Layers); i++ {
			l := s.Layers[i]
			switch l.Kind {
			case ConvLayer:
				relu := convActivation(l)
				kernel, bias := convWeights(scope.In("%s", l.Name), x, l)
				if i+1 < len(s.Layers) && fuse && fusesWith(l, s.Layers[i+1]) {
					checkLayer(l, shapeAfterConv(x, l))
					x = ConvPool(x, kernel, bias, l.Kernel/2, f)
					i++ // The pooling is done.
				} else {
					x = Conv2D(x, kernel, l.Stride, l.Kernel/2, f)
					x = graph.Add(x, graph.Reshape(bias, 1, 1, 1, bias.Shape().Dimensions[0]))
				}
				if relu {
					x = activation.Relu(x)
				}
			case PoolLayer:
				if x.Rank() != 4 {
					exceptions.Panicf("cnn: layer %s pools an input of shape %s: want [batch, height, width, channels]", l.Name, x.Shape())
				}
				x = MaxPool2D(x, l.Kernel, l.Stride, f)
			case FlattenLayer:
				d := x.Shape().Dimensions
				x = graph.Reshape(x, d[0], x.Shape().Size()/d[0])
			case DenseLayer:
				if x.Rank() != 2 {
					exceptions.Panicf("cnn: dense layer %s gets an input of shape %s: flatten the images first", l.Name, x.Shape())
				}
				if len(l.Shape) != 1 || l.Shape[0] < 1 {
					exceptions.Panicf("cnn: dense layer %s has output shape %v: want one number of units", l.Name, l.Shape)
				}
				if in, out := x.Shape().Dimensions[1], l.Shape[0]; in*out+out != l.Params {
					exceptions.Panicf("cnn: dense layer %s from %d to %d units has %d parameters, but its spec counts %d", l.Name, in, out, in*out+out, l.Params)
				}
				x = layers.DenseWithBias(scope.In("%s", l.Name), x, l.Shape[0])
				switch {
				case l.Activation == "relu":
					x = activation.Relu(x)
				case l.Activation == "" || (l.Activation == "softmax" && i == len(s.Layers)-1):
					// Logits.
				default:
					exceptions.Panicf("cnn: dense layer %s has activation %q: want \"relu\", none, or \"softmax\" for the last layer", l.Name, l.Activation)
				}
			default:
				exceptions.Panicf("cnn: layer %s is a %s: the model knows conv, pool, flatten and dense layers", l.Name, l.Kind)
			}
			checkLayer(s.Layers[i], x.Shape().Dimensions[1:])
		}
		return x
	}
}

// clone copies s with its own slices, so that a model function built from
// it does not change if the caller changes s afterwards.
func (s Spec) clone() Spec {
	s.Input = slices.Clone(s.Input)
	s.Layers = slices.Clone(s.Layers)
	for i := range s.Layers {
		s.Layers[i].Shape = slices.Clone(s.Layers[i].Shape)
	}
	return s
}

// checkInput reports whether shape is a batch of s's input images.
func (s Spec) checkInput(shape shapes.Shape) error {
	d := shape.Dimensions
	if len(s.Input) != 3 {
		return fmt.Errorf("cnn: %s has input shape %v: want height, width and channels", s.Name, s.Input)
	}
	if len(d) != 4 || !slices.Equal(d[1:], s.Input) {
		return fmt.Errorf("cnn: %s takes images of %d×%d×%d, [batch, %d, %d, %d], but x has shape %s",
			s.Name, s.Input[0], s.Input[1], s.Input[2], s.Input[0], s.Input[1], s.Input[2], shape)
	}
	return nil
}

// convActivation reports whether convolution layer l ends with a ReLU, and
// panics if its kernel, stride or activation are not ones Model knows.
func convActivation(l LayerSpec) bool {
	if l.Kernel < 1 || l.Kernel%2 == 0 || l.Stride < 1 {
		exceptions.Panicf("cnn: layer %s has a %d×%d kernel and stride %d: \"same\" padding needs an odd kernel and a stride ≥ 1", l.Name, l.Kernel, l.Kernel, l.Stride)
	}
	if len(l.Shape) != 3 {
		exceptions.Panicf("cnn: convolution layer %s has output shape %v: want height, width, channels", l.Name, l.Shape)
	}
	switch l.Activation {
	case "relu":
		return true
	case "":
		return false
	}
	exceptions.Panicf("cnn: convolution layer %s has activation %q: want \"relu\" or none", l.Name, l.Activation)
	return false
}

// convWeights creates (or finds) the kernel and the bias of convolution
// layer l in its scope s, for the input x.
func convWeights(s *model.Scope, x *graph.Node, l LayerSpec) (kernel, bias *graph.Node) {
	if x.Rank() != 4 {
		exceptions.Panicf("cnn: convolution layer %s gets an input of shape %s: want [batch, height, width, channels]", l.Name, x.Shape())
	}
	g := x.Graph()
	cin, cout := x.Shape().Dimensions[3], l.Shape[2]
	if n := l.Kernel*l.Kernel*cin*cout + cout; n != l.Params {
		exceptions.Panicf("cnn: convolution layer %s of %d×%d kernels from %d to %d channels has %d parameters, but its spec counts %d", l.Name, l.Kernel, l.Kernel, cin, cout, n, l.Params)
	}
	kernel = s.VariableWithShape("kernel", shapes.Make(x.DType(), l.Kernel, l.Kernel, cin, cout)).NodeValue(g)
	bias = s.VariableWithShape("bias", shapes.Make(x.DType(), cout)).NodeValue(g)
	return kernel, bias
}

// fusesWith reports whether convolution conv and the layer next after it
// can be computed as one ConvPool: a convolution of stride 1 and a 2×2
// max-pooling of stride 2.
func fusesWith(conv, next LayerSpec) bool {
	return conv.Stride == 1 && next.Kind == PoolLayer && next.Kernel == 2 && next.Stride == 2
}

// shapeAfterConv is the shape of one image after convolution layer l,
// applied to x with "same" padding.
func shapeAfterConv(x *graph.Node, l LayerSpec) []int {
	d := x.Shape().Dimensions
	p := l.Kernel / 2
	return []int{OutputSize(d[1], l.Kernel, l.Stride, p), OutputSize(d[2], l.Kernel, l.Stride, p), l.Shape[2]}
}

// checkLayer panics if layer l gives images of the shape got, not the one
// it says.
func checkLayer(l LayerSpec, got []int) {
	if !slices.Equal(got, l.Shape) {
		exceptions.Panicf("cnn: layer %s gives %v per image, but its spec says %v", l.Name, got, l.Shape)
	}
}

// ForwardTiming is what Spec.TimeForward measured.
type ForwardTiming struct {
	Batch int // Images in the batch.
	// Seconds is the wall time of one forward pass, the graph already
	// compiled and the weights in place: the cost of the MACs.
	Seconds float64
	// FirstSeconds is the wall time of the first call: creating the
	// weights and drawing their random values, compiling the graph, and
	// running it once.
	FirstSeconds float64
	// Params is the number of trained values the model created in the
	// store (the sum of its trainable variables' sizes, not counting the
	// random generator's state): Spec.Params if the model is right.
	Params int
	// Bytes is the memory these weights take.
	Bytes int64
	// Output is the shape of the logits: [batch, classes].
	Output []int
	// Backend says what ran it: the backend and the formulation, in words.
	Backend string
}

// ImagesPerSecond is the inference throughput of the timed pass.
func (t ForwardTiming) ImagesPerSecond() float64 {
	if t.Seconds <= 0 {
		return 0
	}
	return float64(t.Batch) / t.Seconds
}

// String sums the timing up on one line, as a notebook prints it.
func (t ForwardTiming) String() string {
	return fmt.Sprintf("batch of %d: forward pass %.3f s (%.1f images/s); first call, with the weights' initialisation and the compilation, %.2f s; %s parameters (%s); logits %v; %s",
		t.Batch, t.Seconds, t.ImagesPerSecond(), t.FirstSeconds, thousands(int64(t.Params)), memorySize(t.Bytes), t.Output, t.Backend)
}

// forwardSeed seeds TimeForward's weights and images.
const forwardSeed = 16

// TimeForward builds the model of s with random weights (He-normal, from a
// store seeded with a fixed seed) and times its forward pass on backend,
// in float32, for a batch of random images (uniform in [0, 1), seeded): it
// runs it once to create the weights and compile the graph, then once more,
// timed. It is inference: no gradients, no optimizer, no training state.
//
// VGG16's weights take 528 MiB in float32; its forward pass is 15.5 billion
// multiply–adds per image, most of them in the first two blocks'
// convolutions, on 224×224 and 112×112 images.
func (s Spec) TimeForward(backend compute.Backend, batch int, f Formulation) (result ForwardTiming, err error) {
	if backend == nil {
		return ForwardTiming{}, errors.New("cnn: TimeForward needs a backend")
	}
	if batch < 1 {
		return ForwardTiming{}, fmt.Errorf("cnn: a batch of %d images: want at least 1", batch)
	}
	if len(s.Input) != 3 || s.Input[0] < 1 || s.Input[1] < 1 || s.Input[2] < 1 {
		return ForwardTiming{}, fmt.Errorf("cnn: %s has input shape %v: want height, width and channels", s.Name, s.Input)
	}
	defer nnlib.Failed(&err, "GoMLX failed while running "+s.Name)
	store := model.NewStore()
	defer store.Finalize() // The weights can be large: free them now, not at the next garbage collection.
	if err := store.SetRNGStateFromSeed(forwardSeed); err != nil {
		return ForwardTiming{}, err
	}
	exec, err := model.NewExec(backend, store, s.Model(f))
	if err != nil {
		return ForwardTiming{}, err
	}
	defer exec.Finalize()
	h, w, c := s.Input[0], s.Input[1], s.Input[2]
	rng := rand.New(rand.NewPCG(forwardSeed, 1))
	pixels := make([]float32, batch*h*w*c)
	for i := range pixels {
		pixels[i] = rng.Float32()
	}
	images := tensors.FromFlatDataAndDimensions(pixels, batch, h, w, c)
	run := func() (*tensors.Tensor, float64, error) {
		start := time.Now()
		out, err := exec.Call1(images)
		if err != nil {
			return nil, 0, err
		}
		// Bring the logits to the host inside the timing, so that a
		// backend that runs asynchronously has finished.
		if _, err := tensors.CopyFlatData[float32](out); err != nil {
			return nil, 0, err
		}
		return out, time.Since(start).Seconds(), nil
	}
	first, firstSeconds, err := run()
	if err != nil {
		return ForwardTiming{}, err
	}
	if err := first.FinalizeAll(); err != nil {
		return ForwardTiming{}, err
	}
	out, seconds, err := run()
	if err != nil {
		return ForwardTiming{}, err
	}
	result = ForwardTiming{
		Batch: batch, Seconds: seconds, FirstSeconds: firstSeconds,
		Output:  slices.Clone(out.Shape().Dimensions),
		Backend: fmt.Sprintf("%s, %s", backend.String(), f.Describe(backend)),
	}
	for v := range store.IterVariables() {
		if v.Trainable {
			result.Params += v.Shape().Size()
			result.Bytes += int64(v.Shape().ByteSize())
		}
	}
	return result, out.FinalizeAll()
}

// ArchLayers describes s's layers for plots.Architecture, which draws them:
// the input first, then one entry per convolution, pooling and dense layer,
// the last dense layer as the "softmax" kind when it has that activation.
// The flatten layer is left out: it moves no value, only reshapes.
func (s Spec) ArchLayers() []plots.ArchLayer {
	var out []plots.ArchLayer
	if len(s.Input) == 3 {
		out = append(out, plots.ArchLayer{Name: "input", Kind: plots.ArchInput, Height: s.Input[0], Width: s.Input[1], Channels: s.Input[2]})
	}
	for _, l := range s.Layers {
		a := plots.ArchLayer{Name: l.Name, Kernel: l.Kernel, Height: 1, Width: 1}
		switch l.Kind {
		case ConvLayer, PoolLayer:
			if len(l.Shape) != 3 {
				continue
			}
			a.Kind = plots.ArchConv
			if l.Kind == PoolLayer {
				a.Kind = plots.ArchPool
			}
			a.Height, a.Width, a.Channels = l.Shape[0], l.Shape[1], l.Shape[2]
		case DenseLayer:
			if len(l.Shape) != 1 {
				continue
			}
			a.Kind = plots.ArchDense
			if l.Activation == "softmax" {
				a.Kind = plots.ArchSoftmax
			}
			a.Channels = l.Shape[0]
		default:
			continue
		}
		out = append(out, a)
	}
	return out
}
