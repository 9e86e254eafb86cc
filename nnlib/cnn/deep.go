package cnn

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
)

// Join is how the layers of a Deep network are connected.
type Join int

const (
	// Plain stacks the layers: each convolution reads the one before.
	Plain Join = iota
	// Residual adds a shortcut around every two convolutions (He et al.,
	// 2016): a block computes ReLU(x + F(x)), so that a block that is not
	// needed only has to learn F = 0, not the identity. Where a block
	// halves the image and changes the width, the shortcut is a 1×1
	// convolution of stride 2 (the paper's option B).
	Residual
	// Dense concatenates instead of adding (Huang et al., 2017): every
	// convolution of a stage adds Growth channels to all those before it,
	// and reads them all. Between stages a transition (1×1 convolution to
	// the stage's width, 2×2 average pooling) halves the image.
	Dense
)

// String names the join as the lesson does.
func (j Join) String() string {
	switch j {
	case Plain:
		return "plain"
	case Residual:
		return "residual"
	case Dense:
		return "dense"
	}
	return fmt.Sprintf("Join(%d)", int(j))
}

// Deep is a deep convolutional network for small images, after the CIFAR-10
// networks of He et al. (2016), §4.2: a 3×3 convolution of Widths[0]
// channels; then one stage per width, each of Blocks blocks of two 3×3
// convolutions (the first convolution of every stage after the first has
// stride 2: the image halves, the width grows); then global average pooling
// and a dense layer of Classes logits. Its depth (Depth) counts the
// convolution and dense layers on the main path: with three stages it is
// 6·Blocks + 2, so Blocks 1, 3, 7 give the paper's depths 8, 20, 44.
//
// With BatchNorm every convolution is followed by batch normalisation
// (BatchNorm) before its ReLU, and has no bias; without, it has a bias.
// Deep has only plain fields, so it can be part of nnlib.Keep's config.
type Deep struct {
	Height, Width, Channels int // Of the input images.
	Join                    Join
	Widths                  []int // Channels of each stage.
	Blocks                  int   // Blocks of two convolutions per stage.
	Growth                  int   // Dense only: the channels each convolution adds.
	BatchNorm               bool
	Classes                 int
}

// Depth is the number of layers with weights on the network's main path:
// the first convolution, two per block, the transitions of a Dense network,
// and the output layer (shortcut projections are not counted, as in the
// paper).
func (d Deep) Depth() int {
	n := 2 + 2*d.Blocks*len(d.Widths)
	if d.Join == Dense {
		n += len(d.Widths) - 1
	}
	return n
}

// Name is a short label: "residual-20", "plain-44 + BN", "dense-20".
func (d Deep) Name() string {
	s := fmt.Sprintf("%s-%d", d.Join, d.Depth())
	if d.BatchNorm {
		s += " + BN"
	}
	return s
}

// Validate reports what is wrong with the network's shape, if anything.
func (d Deep) Validate() error {
	if d.Height < 1 || d.Width < 1 || d.Channels < 1 {
		return fmt.Errorf("cnn: input images of %d×%d×%d: every size must be positive", d.Height, d.Width, d.Channels)
	}
	if len(d.Widths) == 0 || d.Blocks < 1 || d.Classes < 2 {
		return fmt.Errorf("cnn: a deep network needs at least one stage width, one block per stage and 2 classes, not %d widths, %d blocks, %d classes",
			len(d.Widths), d.Blocks, d.Classes)
	}
	for s, w := range d.Widths {
		if w < 1 {
			return fmt.Errorf("cnn: stage %d has width %d", s+1, w)
		}
	}
	if d.Join < Plain || d.Join > Dense {
		return fmt.Errorf("cnn: unknown join %d: use Plain, Residual or Dense", int(d.Join))
	}
	if d.Join == Dense && d.Growth < 1 {
		return fmt.Errorf("cnn: a dense network needs a growth rate (channels added by each convolution), not %d", d.Growth)
	}
	h, w := d.Height, d.Width
	for range len(d.Widths) - 1 {
		if d.Join == Dense {
			h, w = h/2, w/2 // Average pooling drops an odd row.
		} else {
			h, w = (h+1)/2, (w+1)/2 // A 3×3 convolution of stride 2, padding 1.
		}
	}
	if h < 1 || w < 1 {
		return fmt.Errorf("cnn: a %d×%d image is too small for %d stages", d.Height, d.Width, len(d.Widths))
	}
	return nil
}

func (d Deep) clone() Deep {
	d.Widths = slices.Clone(d.Widths)
	return d
}

// DeepConvScope names the scope of the main path's convolution l (from 1),
// "conv01", "conv02", ...: the order of Deep.Kernels.
func DeepConvScope(l int) string { return fmt.Sprintf("conv%02d", l) }

// Model returns the network's GoMLX model function: for x of shape [batch,
// Height, Width, Channels] it returns the logits, [batch, Classes]. The
// convolutions are Conv2D in the formulation f (Auto: the backend's
// fastest), with He-normal initial kernels.
func (d Deep) Model(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	features := d.Features(f)
	classes := d.Classes
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		return layers.DenseWithBias(scope.In("%s", d.HeadLayer()), features(scope, x), classes)
	}
}

// HeadLayer is the scope of the output layer, "output": the layer a new
// task replaces.
func (d Deep) HeadLayer() string { return "output" }

// Features returns the network without its output layer: for x of shape
// [batch, Height, Width, Channels], the global average of each channel of
// the last convolution, [batch, last width], which the output layer reads.
// A network pretrained on one task passes them on to the head of another.
func (d Deep) Features(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	d = d.clone()
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		b := &deepBuilder{d: d, f: f, scope: scope}
		switch d.Join {
		case Dense:
			// The first convolution's output is normalised and rectified
			// by the next one (pre-activation): a plain convolution.
			b.convs++
			x = b.convIn(scope.In("%s", DeepConvScope(b.convs)), x, 3, d.Widths[0], 1, 1, false, false)
			x = b.dense(x)
		default:
			x = b.conv(x, d.Widths[0], 1, true)
			for s, width := range d.Widths {
				for k := range d.Blocks {
					stride := 1
					if s > 0 && k == 0 {
						stride = 2
					}
					x = b.block(x, width, stride)
				}
			}
		}
		if d.Join == Dense && d.BatchNorm {
			x = activation.Relu(BatchNorm(scope.In("final_bn"), x))
		}
		return graph.ReduceMean(x, 1, 2) // Global average pooling: [batch, channels].
	}
}

// deepBuilder builds one Deep network's graph, numbering its convolutions.
type deepBuilder struct {
	d     Deep
	f     Formulation
	scope *model.Scope
	convs int // Convolutions of the main path built so far.
	skips int // Shortcut projections built so far.
}

// conv is a 3×3 convolution of the main path (padding 1), then batch
// normalisation if the network has it, then ReLU if relu is set.
func (b *deepBuilder) conv(x *graph.Node, cout, stride int, relu bool) *graph.Node {
	b.convs++
	s := b.scope.In("%s", DeepConvScope(b.convs))
	return b.convIn(s, x, 3, cout, stride, 1, b.d.BatchNorm, relu)
}

// convIn is a k×k convolution whose variables are in scope s, followed by
// batch normalisation if norm is set (else it has a bias), then by ReLU if
// relu is set.
func (b *deepBuilder) convIn(s *model.Scope, x *graph.Node, k, cout, stride, padding int, norm, relu bool) *graph.Node {
	g := x.Graph()
	cin := x.Shape().Dimensions[3]
	kernel := s.WithInitializer(initializer.HeFn(s)).VariableWithShape("kernel", shapesOf(x, k, k, cin, cout)).NodeValue(g)
	y := Conv2D(x, kernel, stride, padding, b.f)
	if norm {
		y = BatchNorm(s.In("bn"), y)
	} else {
		bias := s.WithInitializer(initializer.Zero).VariableWithShape("bias", shapesOf(x, cout)).NodeValue(g)
		y = graph.Add(y, graph.Reshape(bias, 1, 1, 1, cout))
	}
	if relu {
		y = activation.Relu(y)
	}
	return y
}

// block is two convolutions, with a shortcut around them if the network is
// residual.
func (b *deepBuilder) block(x *graph.Node, cout, stride int) *graph.Node {
	y := b.conv(x, cout, stride, true)
	y = b.conv(y, cout, 1, b.d.Join == Plain)
	if b.d.Join == Plain {
		return y
	}
	shortcut := x
	if stride != 1 || x.Shape().Dimensions[3] != cout {
		b.skips++
		shortcut = b.convIn(b.scope.In("skip%d", b.skips), x, 1, cout, stride, 0, b.d.BatchNorm, false)
	}
	return activation.Relu(graph.Add(y, shortcut))
}

// dense builds the stages of a Dense network: in each, 2·Blocks
// convolutions, each concatenating Growth new channels to its input
// (pre-activation order: [batch norm →] ReLU → convolution); between stages,
// a transition to the stage's width.
func (b *deepBuilder) dense(x *graph.Node) *graph.Node {
	for s := range b.d.Widths {
		if s > 0 {
			b.convs++
			t := b.scope.In("%s", DeepConvScope(b.convs))
			x = b.preActivation(t, x)
			x = b.convIn(t, x, 1, b.d.Widths[s], 1, 0, false, false)
			x = AvgPool2D(x)
		}
		for range 2 * b.d.Blocks {
			b.convs++
			t := b.scope.In("%s", DeepConvScope(b.convs))
			y := b.convIn(t, b.preActivation(t, x), 3, b.d.Growth, 1, 1, false, false)
			x = graph.Concatenate([]*graph.Node{x, y}, 3)
		}
	}
	return x
}

// preActivation is the batch normalisation (if any) and ReLU that a dense
// network's convolution applies to its input.
func (b *deepBuilder) preActivation(s *model.Scope, x *graph.Node) *graph.Node {
	if b.d.BatchNorm {
		x = BatchNorm(s.In("bn_in"), x)
	}
	return activation.Relu(x)
}

// AvgPool2D is the mean of x [batch, height, width, channels] over 2×2
// squares, every 2 pixels; an odd last row or column is dropped.
func AvgPool2D(x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	h, w := d[1]/2, d[2]/2
	if 2*h != d[1] || 2*w != d[2] {
		x = graph.Slice(x, graph.AxisRange(), graph.AxisRange(0, 2*h), graph.AxisRange(0, 2*w), graph.AxisRange())
	}
	x = graph.Reshape(x, d[0], h, 2, w, 2, d[3])
	return graph.MulScalar(graph.ReduceSum(x, 2, 4), 0.25)
}

// Params is the number of trained values of the network, counted on paper
// (Model creates exactly these): a k×k convolution from cin to cout
// channels has k·k·cin·cout weights, plus cout biases or, with batch
// normalisation, 2·cout (its scale and offset); the output layer has
// (channels + 1)·Classes.
func (d Deep) Params() int {
	conv := func(k, cin, cout int, norm bool) int {
		if norm {
			return k*k*cin*cout + 2*cout
		}
		return k*k*cin*cout + cout
	}
	total := conv(3, d.Channels, d.Widths[0], d.BatchNorm && d.Join != Dense)
	c := d.Widths[0]
	for s, w := range d.Widths {
		if d.Join == Dense {
			if s > 0 {
				if d.BatchNorm {
					total += 2 * c // Its input's batch normalisation.
				}
				total += conv(1, c, w, false)
				c = w
			}
			for range 2 * d.Blocks {
				if d.BatchNorm {
					total += 2 * c
				}
				total += conv(3, c, d.Growth, false)
				c += d.Growth
			}
			continue
		}
		for k := range d.Blocks {
			total += conv(3, c, w, d.BatchNorm) + conv(3, w, w, d.BatchNorm)
			if d.Join == Residual && (c != w || (s > 0 && k == 0)) {
				total += conv(1, c, w, d.BatchNorm)
			}
			c = w
		}
	}
	if d.Join == Dense && d.BatchNorm {
		total += 2 * c // The final batch normalisation.
	}
	return total + (c+1)*d.Classes
}
