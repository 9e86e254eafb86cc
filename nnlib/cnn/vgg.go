package cnn

import (
	"fmt"
	"strconv"
	"strings"
)

// VGG (Simonyan and Zisserman, 2014) is the plainest deep convolutional
// network: blocks of 3×3 convolutions with padding "same" (the image keeps
// its size) and ReLU, each block ending with a 2×2 max-pooling of stride 2
// (the image halves, and the next block usually doubles the filters), then
// flatten and dense layers. Its argument is that a stack of small kernels
// beats one big kernel: two 3×3 convolutions see a 5×5 square of their input
// and three see 7×7, like one 7×7 kernel, with 3·9·C² weights instead of
// 49·C² for C channels in and out, and two more ReLUs between.
//
// This file describes such networks on paper, layer by layer: the shape of
// each layer's output, its parameters, and the multiply–adds (MACs) one
// image costs it, enough to print VGG16's table as Keras's
// VGG16().summary() does and to see where a deep network's size and its
// computation go. For VGG16 they go to opposite places: fc1 alone holds 74%
// of the 138 million parameters and the 13 convolutions only 11%, but the
// convolutions do 99% of the 15.5 billion multiply–adds.

// LayerKind is what a layer of a Spec computes.
type LayerKind int

const (
	// ConvLayer is a convolution with a bias and an activation.
	ConvLayer LayerKind = iota + 1
	// PoolLayer is a max-pooling (no parameters).
	PoolLayer
	// FlattenLayer lays a height×width×channels image out as one vector of
	// its values (no parameters, no computation).
	FlattenLayer
	// DenseLayer is a fully connected layer with a bias and an activation.
	DenseLayer
)

// String is "conv", "pool", "flatten" or "dense".
func (k LayerKind) String() string {
	switch k {
	case ConvLayer:
		return "conv"
	case PoolLayer:
		return "pool"
	case FlattenLayer:
		return "flatten"
	case DenseLayer:
		return "dense"
	}
	return fmt.Sprintf("LayerKind(%d)", int(k))
}

// KerasClass is the name of Keras's class for the layer, as its summary
// prints it: "Conv2D", "MaxPooling2D", "Flatten" or "Dense".
func (k LayerKind) KerasClass() string {
	switch k {
	case ConvLayer:
		return "Conv2D"
	case PoolLayer:
		return "MaxPooling2D"
	case FlattenLayer:
		return "Flatten"
	case DenseLayer:
		return "Dense"
	}
	return k.String()
}

// LayerSpec is one layer of a network described on paper.
type LayerSpec struct {
	Name string // Keras's name: "block1_conv1", "block1_pool", "flatten", "fc1", "predictions", ...
	Kind LayerKind
	// Shape is the layer's output for one image: height, width, channels
	// for convolution and pooling layers, units for flatten and dense ones
	// (Keras writes a leading None, the batch, which is left out here).
	Shape []int
	// Kernel is the side of the square window (3 for a convolution, 2 for
	// the pooling) and Stride how far it moves (1 and 2); 0 for flatten and
	// dense layers.
	Kernel, Stride int
	// Activation is applied to the output: "relu", or "softmax" for the
	// last layer; "" for pooling and flatten.
	Activation string
	// Params is the number of trained values: kernel·kernel·in·out weights
	// and out biases for a convolution, in·out weights and out biases for a
	// dense layer, none for pooling and flatten.
	Params int
	// MACs is the number of multiply–adds one image costs the layer:
	// height·width·out·(kernel·kernel·in) for a convolution (each output
	// value is a dot product of a kernel with the patch under it), in·out
	// for a dense layer; biases, activations and pooling are not counted
	// (they are one operation per output value, not per weight). A FLOP
	// count is about twice this.
	MACs int64
	// Field is the side of the square of input pixels that one output value
	// sees (its receptive field, as Stage.Field); 0 for flatten and dense
	// layers, which see the whole image.
	Field int
}

// Spec is a network described on paper: its input and its layers in order.
// Build one with VGGStyle or VGG16, or write its Layers by hand.
type Spec struct {
	// Name is the model's name in the table's title: "vgg" and the number
	// of layers with weights for VGGStyle (whence VGG16's 16: 13
	// convolutions and 3 dense layers).
	Name string
	// Input is the shape of one input image: height, width, channels.
	Input  []int
	Layers []LayerSpec
}

// VGG16 is Keras's VGG16 (keras.applications.VGG16 with its classifier):
// 224×224 RGB images; five blocks of 2, 2, 3, 3 and 3 convolutions of 64,
// 128, 256, 512 and 512 filters, each block ending with a 2×2 pooling (224
// → 112 → 56 → 28 → 14 → 7); then flatten (7·7·512 = 25,088 values), fc1
// and fc2 of 4,096 ReLU units and predictions, a softmax over ImageNet's
// 1,000 classes. It has 138,357,544 parameters (527.79 MB in float32) and
// costs about 15.47 billion multiply–adds per image.
func VGG16() Spec {
	s, err := VGGStyle(224, 224, 3,
		[][]int{{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}},
		[]int{4096, 4096}, 1000)
	if err != nil {
		panic(err) // The arguments are fixed and valid: tested.
	}
	return s
}

// VGGStyle describes a VGG-like network for height×width×channels images:
// for each block, one 3×3 convolution (padding "same", stride 1, ReLU) per
// entry of the block, giving that many filters, then a 2×2 max-pooling of
// stride 2 (padding "valid": an odd size rounds down, as in Keras); then
// flatten, one ReLU dense layer per entry of dense (which may be empty), and
// a softmax layer of classes units. The layers get Keras's names:
// blockB_convC, blockB_pool, flatten, fc1, fc2, ..., predictions.
//
// It returns an error, saying what is wrong, if a size is not positive,
// there is no block, a block has no convolution, a convolution or dense layer
// no filters or units, there are fewer than 2 classes, or the image gets
// smaller than the 2×2 pooling window before a pooling.
func VGGStyle(height, width, channels int, blocks [][]int, dense []int, classes int) (Spec, error) {
	if height < 1 || width < 1 || channels < 1 {
		return Spec{}, fmt.Errorf("cnn: input images of %d×%d×%d: every size must be positive", height, width, channels)
	}
	if len(blocks) == 0 {
		return Spec{}, fmt.Errorf("cnn: a VGG-style network needs at least one block of convolutions")
	}
	if classes < 2 {
		return Spec{}, fmt.Errorf("cnn: %d classes: a softmax needs at least 2", classes)
	}
	s := Spec{Input: []int{height, width, channels}}
	h, w, c := height, width, channels
	field, step := 1, 1 // Receptive field of the current layer's outputs, and the input pixels between them.
	weighted := 0
	for b, block := range blocks {
		if len(block) == 0 {
			return Spec{}, fmt.Errorf("cnn: block %d has no convolution: give each block at least one number of filters", b+1)
		}
		for i, filters := range block {
			if filters < 1 {
				return Spec{}, fmt.Errorf("cnn: convolution %d of block %d has %d filters: want at least 1", i+1, b+1, filters)
			}
			field += 2 * step // A 3×3 kernel reaches one output step further on each side.
			s.Layers = append(s.Layers, LayerSpec{
				Name: fmt.Sprintf("block%d_conv%d", b+1, i+1), Kind: ConvLayer,
				Shape: []int{h, w, filters}, Kernel: 3, Stride: 1, Activation: "relu",
				Params: 3*3*c*filters + filters,
				MACs:   int64(h) * int64(w) * int64(filters) * int64(3*3*c),
				Field:  field,
			})
			c = filters
			weighted++
		}
		if h < 2 || w < 2 {
			return Spec{}, fmt.Errorf("cnn: a %d×%d×%d image is too small for %d blocks: block %d's pooling gets %d×%d, smaller than its 2×2 window", height, width, channels, len(blocks), b+1, h, w)
		}
		h, w = OutputSize(h, 2, 2, 0), OutputSize(w, 2, 2, 0)
		field += step // A 2×2 window reaches one more output step.
		step *= 2
		s.Layers = append(s.Layers, LayerSpec{
			Name: fmt.Sprintf("block%d_pool", b+1), Kind: PoolLayer,
			Shape: []int{h, w, c}, Kernel: 2, Stride: 2, Field: field,
		})
	}
	in := h * w * c
	s.Layers = append(s.Layers, LayerSpec{Name: "flatten", Kind: FlattenLayer, Shape: []int{in}})
	units := append(append([]int(nil), dense...), classes)
	for i, out := range units {
		name, act := fmt.Sprintf("fc%d", i+1), "relu"
		if i == len(units)-1 {
			name, act = "predictions", "softmax"
		} else if out < 1 {
			return Spec{}, fmt.Errorf("cnn: dense layer %d has %d units: want at least 1", i+1, out)
		}
		s.Layers = append(s.Layers, LayerSpec{
			Name: name, Kind: DenseLayer, Shape: []int{out}, Activation: act,
			Params: in*out + out, MACs: int64(in) * int64(out),
		})
		in = out
		weighted++
	}
	s.Name = fmt.Sprintf("vgg%d", weighted)
	return s, nil
}

// Params is the number of trained values of the network.
func (s Spec) Params() int {
	total := 0
	for _, l := range s.Layers {
		total += l.Params
	}
	return total
}

// MACs is the number of multiply–adds of one forward pass for one image.
func (s Spec) MACs() int64 {
	var total int64
	for _, l := range s.Layers {
		total += l.MACs
	}
	return total
}

// Bytes is the memory the parameters take in float32, 4 bytes each.
func (s Spec) Bytes() int64 { return 4 * int64(s.Params()) }

// Layer returns the layer called name.
func (s Spec) Layer(name string) (LayerSpec, error) {
	var names []string
	for _, l := range s.Layers {
		if l.Name == name {
			return l, nil
		}
		names = append(names, l.Name)
	}
	return LayerSpec{}, fmt.Errorf("cnn: the network has no layer %q: choose one of %s", name, strings.Join(names, ", "))
}

// Table is the network's layer table as Keras's model.summary() prints it,
// in plain aligned text: the title, one row per layer (the input first) with
// its name and Keras class, its output shape for one image, e.g.
// "(224, 224, 64)", and its parameters with thousands separators, then the
// totals, e.g. "Total params: 138,357,544 (527.79 MB)" (Keras's MB are
// 1,024² bytes of float32 weights).
func (s Spec) Table() string { return s.table(false) }

// CostTable is Table with two more columns: each layer's multiply–adds per
// image and its share of the network's, and their total after the others.
func (s Spec) CostTable() string { return s.table(true) }

func (s Spec) table(costs bool) string {
	header := []string{"Layer (type)", "Output Shape", "Param #"}
	right := []bool{false, false, true, true, true}
	if costs {
		header = append(header, "Mult-adds", "Share")
	}
	rows := [][]string{{"input_layer (InputLayer)", shapeString(s.Input), "0"}}
	if costs {
		rows[0] = append(rows[0], "0", "")
	}
	total := s.MACs()
	for _, l := range s.Layers {
		row := []string{fmt.Sprintf("%s (%s)", l.Name, l.Kind.KerasClass()), shapeString(l.Shape), thousands(int64(l.Params))}
		if costs {
			share := ""
			if total > 0 {
				share = fmt.Sprintf("%.1f%%", 100*float64(l.MACs)/float64(total))
			}
			row = append(row, thousands(l.MACs), share)
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	const gap = "   "
	line := len(gap) * (len(widths) - 1)
	for _, w := range widths {
		line += w
	}
	var b strings.Builder
	writeRow := func(row []string) {
		var cells []string
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-len([]rune(cell)))
			if right[i] {
				cells = append(cells, pad+cell)
			} else {
				cells = append(cells, cell+pad)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, gap), " ") + "\n")
	}
	fmt.Fprintf(&b, "Model: %q\n", s.Name)
	writeRow(header)
	b.WriteString(strings.Repeat("=", line) + "\n")
	for _, row := range rows {
		writeRow(row)
	}
	b.WriteString(strings.Repeat("=", line) + "\n")
	fmt.Fprintf(&b, "Total params: %s (%s)\n", thousands(int64(s.Params())), memorySize(s.Bytes()))
	fmt.Fprintf(&b, "Trainable params: %s (%s)\n", thousands(int64(s.Params())), memorySize(s.Bytes()))
	b.WriteString("Non-trainable params: 0 (0.00 B)\n")
	if costs {
		fmt.Fprintf(&b, "Multiply-adds per image: %s (%.2f G)\n", thousands(total), float64(total)/1e9)
	}
	return b.String()
}

// shapeString writes a shape as Keras does, without its batch: "(224, 224,
// 64)", "(4096)".
func shapeString(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// thousands writes n with a comma between groups of three digits, as
// Python's "{:,}": 138357544 → "138,357,544".
func thousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return sign + b.String()
}

// memorySize writes a number of bytes as Keras's summary does, in units of
// 1,024 with two decimals: "0.00 B", "527.79 MB".
func memorySize(bytes int64) string {
	size := float64(bytes)
	units := []string{"B", "KB", "MB", "GB", "TB"}
	for _, u := range units[:len(units)-1] {
		if size < 1024 {
			return fmt.Sprintf("%.2f %s", size, u)
		}
		size /= 1024
	}
	return fmt.Sprintf("%.2f %s", size, units[len(units)-1])
}
