package ae

import (
	"errors"
	"fmt"
	"slices"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// Kind is the family of an autoencoder: dense layers on the flattened
// image, or convolutions.
type Kind int

const (
	// Dense flattens the image and compresses it with dense layers:
	// Hidden… → Code, and back up through the same widths reversed.
	Dense Kind = iota
	// Conv compresses with 3×3 convolutions (padding 1), each followed by
	// ReLU and a 2×2 max-pooling: one stage of Filters per Hidden width,
	// then one of Code filters, whose output is the code.
	Conv
)

// DecoderKind says how a convolutional autoencoder's decoder goes back up from
// the code to the image.
type DecoderKind int

const (
	// Mirror is the encoder's structure inverted: one 3×3 transposed
	// convolution of stride 2 per encoder stage, with the encoder's widths
	// in reverse order (ReLU between them), which doubles the size each time.
	Mirror DecoderKind = iota
	// Upsample is the same structure with each transposed convolution
	// replaced by a nearest-neighbour upsampling ×2 and a 3×3 convolution.
	Upsample
	// OneDense is a different, shallow decoder: the code flattened and one
	// dense layer to every pixel of the image.
	OneDense
)

// String names the decoder.
func (d DecoderKind) String() string {
	switch d {
	case Mirror:
		return "mirrored (transposed convolutions)"
	case Upsample:
		return "mirrored (upsampling + convolutions)"
	case OneDense:
		return "one dense layer"
	}
	return fmt.Sprintf("DecoderKind(%d)", int(d))
}

// Arch is the shape of an autoencoder. It has only plain fields, so it can
// be part of nnlib.Keep's config. The output layer is a sigmoid (pixels are
// in [0, 1]) except for a Linear autoencoder.
type Arch struct {
	Height, Width, Channels int // Of the images.
	Kind                    Kind
	// Hidden are the widths between the image and the code: units of the
	// dense layers (Dense), or filters of the convolution stages (Conv).
	Hidden []int
	// Code is the size of the code: its units (Dense) or its channels
	// (Conv: the code is then a (Height/2ˢ)×(Width/2ˢ)×Code map, s the
	// number of stages).
	Code int
	// Linear, for Dense, drops every activation, the output's sigmoid too:
	// the autoencoder whose best weights span PCA's subspace.
	Linear bool
	// Decoder is the way up of a Conv autoencoder.
	Decoder DecoderKind
}

// DenseArch is the dense autoencoder of 28×28 grey images through the
// hidden widths to a code of k units.
func DenseArch(k int, hidden ...int) Arch {
	return Arch{Height: 28, Width: 28, Channels: 1, Kind: Dense, Hidden: hidden, Code: k}
}

// ConvArch is the convolutional autoencoder of 28×28 grey images used in
// lesson 05c: 3×3 convolutions of 16 then code filters, each with ReLU and
// 2×2 pooling (28 → 14 → 7), and the decoder d back up.
func ConvArch(code int, d DecoderKind) Arch {
	return Arch{Height: 28, Width: 28, Channels: 1, Kind: Conv, Hidden: []int{16}, Code: code, Decoder: d}
}

// Validate reports what is wrong with the architecture, if anything.
func (a Arch) Validate() error {
	if a.Height < 1 || a.Width < 1 || a.Channels < 1 {
		return fmt.Errorf("ae: images of %d×%d×%d: every size must be at least 1", a.Height, a.Width, a.Channels)
	}
	if a.Code < 1 {
		return fmt.Errorf("ae: a code of %d: want at least 1", a.Code)
	}
	for _, h := range a.Hidden {
		if h < 1 {
			return fmt.Errorf("ae: hidden widths %v: each must be at least 1", a.Hidden)
		}
	}
	switch a.Kind {
	case Dense:
	case Conv:
		if a.Linear {
			return errors.New("ae: Linear is for dense autoencoders")
		}
		f := 1 << (len(a.Hidden) + 1)
		if a.Height%f != 0 || a.Width%f != 0 {
			return fmt.Errorf("ae: %d pooling stages need images whose sides are multiples of %d, not %d×%d", len(a.Hidden)+1, f, a.Height, a.Width)
		}
		if a.Decoder < Mirror || a.Decoder > OneDense {
			return fmt.Errorf("ae: unknown decoder %d", a.Decoder)
		}
	default:
		return fmt.Errorf("ae: unknown kind %d", a.Kind)
	}
	return nil
}

// String describes the architecture in a line, such as "dense 784 → 256
// → 32 → 256 → 784, ReLU, sigmoid output" or "conv 28×28×1 → 16 → 4
// (code 7×7×4), mirrored (transposed convolutions)".
func (a Arch) String() string {
	if a.Kind == Dense {
		widths := append(append([]int{a.Pixels()}, a.Hidden...), a.Code)
		for l := len(a.Hidden) - 1; l >= 0; l-- {
			widths = append(widths, a.Hidden[l])
		}
		widths = append(widths, a.Pixels())
		s := "dense"
		for i, w := range widths {
			if i > 0 {
				s += " →"
			}
			s += fmt.Sprintf(" %d", w)
		}
		if a.Linear {
			return s + ", linear (no activation)"
		}
		if len(a.Hidden) > 0 {
			s += ", ReLU"
		}
		return s + ", sigmoid output"
	}
	s := fmt.Sprintf("conv %d×%d×%d", a.Height, a.Width, a.Channels)
	for _, f := range append(slices.Clone(a.Hidden), a.Code) {
		s += fmt.Sprintf(" → %d", f)
	}
	c := a.CodeShape()
	return s + fmt.Sprintf(" (code %d×%d×%d), decoder %s", c[0], c[1], c[2], a.Decoder)
}

// Pixels is the number of values in one image, Height·Width·Channels.
func (a Arch) Pixels() int { return a.Height * a.Width * a.Channels }

// CodeShape is the shape of one image's code: [Code] for Dense,
// [h, w, Code] for Conv.
func (a Arch) CodeShape() []int {
	if a.Kind == Dense {
		return []int{a.Code}
	}
	f := 1 << (len(a.Hidden) + 1)
	return []int{a.Height / f, a.Width / f, a.Code}
}

// CodeSize is the number of values in one code.
func (a Arch) CodeSize() int {
	n := 1
	for _, d := range a.CodeShape() {
		n *= d
	}
	return n
}

// Compression is how many times fewer values the code has than the image.
func (a Arch) Compression() float64 { return float64(a.Pixels()) / float64(a.CodeSize()) }

func (a Arch) clone() Arch {
	a.Hidden = slices.Clone(a.Hidden)
	return a
}

// EncoderFn returns the GoMLX function of the encoder, in the scope
// "encoder": images [batch, Height, Width, Channels] to codes [batch,
// CodeShape()...].
func (a Arch) EncoderFn(f cnn.Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	a = a.clone()
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		scope = scope.In("encoder")
		batch := x.Shape().Dimensions[0]
		if a.Kind == Dense {
			x = graph.Reshape(x, batch, a.Pixels())
			for l, h := range a.Hidden {
				x = a.act(layers.DenseWithBias(scope.In("dense%d", l+1), x, h))
			}
			return layers.DenseWithBias(scope.In("code"), x, a.Code)
		}
		for l, filters := range append(slices.Clone(a.Hidden), a.Code) {
			x = convPool(scope.In("conv%d", l+1), x, filters, f)
		}
		return x
	}
}

// DecoderFn returns the GoMLX function of the decoder, in the scope
// "decoder": codes [batch, CodeShape()...] to images [batch, Height, Width,
// Channels].
func (a Arch) DecoderFn(f cnn.Formulation) func(scope *model.Scope, code *graph.Node) *graph.Node {
	a = a.clone()
	return func(scope *model.Scope, x *graph.Node) *graph.Node {
		scope = scope.In("decoder")
		batch := x.Shape().Dimensions[0]
		if a.Kind == Dense {
			for l := len(a.Hidden) - 1; l >= 0; l-- {
				x = a.act(layers.DenseWithBias(scope.In("dense%d", l+1), x, a.Hidden[l]))
			}
			x = layers.DenseWithBias(scope.In("output"), x, a.Pixels())
			if !a.Linear {
				x = graph.Sigmoid(x)
			}
			return graph.Reshape(x, batch, a.Height, a.Width, a.Channels)
		}
		if a.Decoder == OneDense {
			x = graph.Reshape(x, batch, a.CodeSize())
			x = graph.Sigmoid(layers.DenseWithBias(scope.In("output"), x, a.Pixels()))
			return graph.Reshape(x, batch, a.Height, a.Width, a.Channels)
		}
		widths := append([]int{a.Channels}, a.Hidden...) // Output widths, from the image up.
		for l := len(widths) - 1; l >= 0; l-- {
			s := scope.In("up%d", l+1)
			cin := x.Shape().Dimensions[3]
			kernel := s.VariableWithShape("kernel", shapes.Make(x.DType(), 3, 3, cin, widths[l])).NodeValue(x.Graph())
			bias := s.VariableWithShape("bias", shapes.Make(x.DType(), widths[l])).NodeValue(x.Graph())
			if a.Decoder == Mirror {
				x = cnn.ConvTranspose2D(x, kernel, 2, 1, 1, f)
			} else {
				x = cnn.Conv2D(cnn.Upsample2D(x, 2, f), kernel, 1, 1, f)
			}
			x = graph.Add(x, graph.Reshape(bias, 1, 1, 1, widths[l]))
			if l > 0 {
				x = activation.Relu(x)
			} else {
				x = graph.Sigmoid(x)
			}
		}
		return x
	}
}

// Model returns the whole autoencoder: the decoder of the encoder of x.
func (a Arch) Model(f cnn.Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node {
	enc, dec := a.EncoderFn(f), a.DecoderFn(f)
	return func(scope *model.Scope, x *graph.Node) *graph.Node { return dec(scope, enc(scope, x)) }
}

// ParamPaths lists the variables of the autoencoder, encoder first.
func (a Arch) ParamPaths() []string {
	var paths []string
	dense := func(scope string) {
		paths = append(paths, scope+"/dense/weights", scope+"/dense/biases")
	}
	conv := func(scope string) {
		paths = append(paths, scope+"/kernel", scope+"/bias")
	}
	if a.Kind == Dense {
		for l := range a.Hidden {
			dense(fmt.Sprintf("/encoder/dense%d", l+1))
		}
		dense("/encoder/code")
		for l := len(a.Hidden) - 1; l >= 0; l-- {
			dense(fmt.Sprintf("/decoder/dense%d", l+1))
		}
		dense("/decoder/output")
		return paths
	}
	for l := range len(a.Hidden) + 1 {
		conv(fmt.Sprintf("/encoder/conv%d", l+1))
	}
	if a.Decoder == OneDense {
		dense("/decoder/output")
		return paths
	}
	for l := len(a.Hidden); l >= 0; l-- {
		conv(fmt.Sprintf("/decoder/up%d", l+1))
	}
	return paths
}

// String names the kind: "dense" or "convolutional".
func (k Kind) String() string {
	if k == Conv {
		return "convolutional"
	}
	return "dense"
}

// act is ReLU, or the identity for a Linear autoencoder.
func (a Arch) act(x *graph.Node) *graph.Node {
	if a.Linear {
		return x
	}
	return activation.Relu(x)
}

// convPool is one encoder stage: Relu(ConvPool(x, 3×3 kernel, bias, 1)).
func convPool(scope *model.Scope, x *graph.Node, filters int, f cnn.Formulation) *graph.Node {
	cin := x.Shape().Dimensions[3]
	kernel := scope.VariableWithShape("kernel", shapes.Make(x.DType(), 3, 3, cin, filters)).NodeValue(x.Graph())
	bias := scope.VariableWithShape("bias", shapes.Make(x.DType(), filters)).NodeValue(x.Graph())
	return activation.Relu(cnn.ConvPool(x, kernel, bias, 1, f))
}
