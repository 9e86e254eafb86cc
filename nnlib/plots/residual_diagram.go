package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The block diagram of lesson 05d (deep architectures): the residual block
// of ResNet (He et al., "Deep Residual Learning for Image Recognition",
// 2016) above the dense block of DenseNet (Huang et al., "Densely Connected
// Convolutional Networks", 2017), drawn with the same parts so that the one
// difference shows: the residual block adds its input back, the dense block
// concatenates it.

// ResidualBlocksLayout is the diagram of ResidualBlocks: the residual block
// on the top row, the dense block on the bottom row, each read from left
// to right. It is the plotter that draws it.
type ResidualBlocksLayout struct {
	Diagram
	// The residual block, top row: x → Convs[0] → Convs[1] → Add → ReLU →
	// out, and the identity shortcut from just after x into Add.
	Input    int    // Node of the block's input x.
	Convs    [2]int // Nodes of "3×3 conv, BN, ReLU" and "3×3 conv, BN": F(x).
	Add      int    // Node of the "+" that adds F(x) and x.
	ReLU     int    // Node of the ReLU applied after the addition.
	Shortcut int    // Arrow of the shortcut: it leaves the line between Input and Convs[0] and enters Add from above.
	// Line holds the arrows of the residual block's main line, in order:
	// x → Convs[0] → Convs[1] → Add → ReLU → its output.
	Line []int
	// The dense block, bottom row: x → DenseConvs[0] → Concats[0] →
	// DenseConvs[1] → Concats[1] → out.
	DenseInput int    // Node of the dense block's input x.
	DenseConvs [2]int // Nodes of the two "BN, ReLU, 3×3 conv" layers.
	Concats    [2]int // Nodes of the two concatenations "‖".
	// Skips are the arrows that bring everything before each concatenation
	// to it from above: x into Concats[0], [x, F₁(x)] into Concats[1].
	Skips [2]int
	// DenseLine holds the arrows of the dense block's main line, in order:
	// x → DenseConvs[0] → Concats[0] → DenseConvs[1] → Concats[1] → its
	// output.
	DenseLine []int
}

// NewResidualBlocks lays out the diagram of ResidualBlocks.
func NewResidualBlocks() *ResidualBlocksLayout {
	lay := &ResidualBlocksLayout{}
	d := &lay.Diagram
	small := NoteSize * 1.1
	const (
		boxH             = 0.11         // Height of the layers' boxes.
		resY, denseY     = 0.72, 0.225  // Heights of the two rows' main lines.
		resTop, denseTop = 0.865, 0.37  // Heights of the shortcut and the skips.
		titleX           = 0.01         // Left end of the rows' titles.
		resTitle         = 0.962        // Height of the residual row's title...
		denseTitle       = 0.465        // ... and of the dense row's.
		inX, splitX      = 0.035, 0.085 // The input's column; where the shortcut and the first skip leave the line.
	)
	opR := 0.3 * vg.Centimeter
	box := func(role, text string, x, y, w float64, fill color.Color) int {
		return d.addNode(DiagramNode{Role: role, Shape: ShapeBox, Text: Symbol{Base: text}, TextSize: small, X: x, Y: y, W: w, H: boxH, Fill: fill})
	}
	op := func(text string, x, y float64) int {
		return d.addNode(DiagramNode{Role: "op", Shape: ShapeCircle, Text: Symbol{Base: text}, TextSize: LabelSize, X: x, Y: y, R: opR, Fill: opFill})
	}
	input := func(y float64) int {
		return d.addNode(DiagramNode{Role: "input", Shape: ShapeCircle, Text: Symbol{Base: "x"}, X: inX, Y: y, R: ioRadius, Fill: layerFill[0]})
	}
	// link adds the arrow of a main line from node from to node to (or to
	// the text toText), at height y, and returns its index.
	link := func(from, to, toText int, y, x0, x1 float64) int {
		a := d.addArrow("line", pt(x0, y), pt(x1, y))
		a.From, a.To, a.ToText = from, to, toText
		return len(d.Arrows) - 1
	}
	title := func(text string, y float64) {
		d.Texts = append(d.Texts, DiagramText{Role: "title", Parts: []Symbol{{Base: text}}, At: pt(titleX, y), Size: LabelSize, Align: draw.XLeft})
	}
	output := func(text string, x, y float64) int {
		d.Texts = append(d.Texts, DiagramText{Role: "output", Parts: []Symbol{{Base: text}}, At: pt(x, y), Size: small, Align: draw.XLeft})
		return len(d.Texts) - 1
	}
	// over adds an arrow that leaves a main line at height y at x0, runs at
	// height top and comes down into node to; its label is written above
	// that run, centred at labelX.
	over := func(role string, x0, top, y float64, to int, label string, labelX float64) int {
		x1 := d.Nodes[to].X
		a := d.addArrow(role, pt(x0, y), pt(x0, top), pt(x1, top), pt(x1, y))
		a.To = to
		d.Dots = append(d.Dots, pt(x0, y))
		d.addWord(role, label, DiagramPoint{X: labelX, Y: top, DY: 0.95 * small}, small)
		return len(d.Arrows) - 1
	}
	// note writes text in lines under a row, the first one at height y.
	note := func(text string, y float64) {
		for k, line := range wrapWords(text, small, 0.96*Width) {
			d.addWord("note", line, DiagramPoint{X: 0.5, Y: y, DY: -1.3 * small * vg.Length(k)}, small)
		}
	}

	// The residual block.
	title("residual block", resTitle)
	lay.Input = input(resY)
	lay.Convs[0] = box("layer", "3×3 conv, BN, ReLU", 0.225, resY, 0.24, layerBox)
	lay.Convs[1] = box("layer", "3×3 conv, BN", 0.455, resY, 0.17, layerBox)
	const addX, reluX, resOutX = 0.635, 0.725, 0.805
	lay.Add = op("+", addX, resY)
	lay.ReLU = box("activation", "ReLU", reluX, resY, 0.08, cellFill)
	resOut := output("ReLU(F(x) + x)", resOutX, resY)
	lay.Line = []int{
		link(lay.Input, lay.Convs[0], -1, resY, inX, 0.225),
		link(lay.Convs[0], lay.Convs[1], -1, resY, 0.225, 0.455),
		link(lay.Convs[1], lay.Add, -1, resY, 0.455, addX),
		link(lay.Add, lay.ReLU, -1, resY, addX, reluX),
		link(lay.ReLU, -1, resOut, resY, reluX, resOutX+0.01),
	}
	// F(x) under the line, half way between the second layer and the "+"
	// (whose left end is as far as it goes at the width Width).
	conv2 := d.Nodes[lay.Convs[1]]
	d.addWord("signal", "F(x)", DiagramPoint{X: (conv2.X + conv2.W/2 + addX - float64(opR/Width)) / 2, Y: resY, DY: -0.95 * small}, small)
	lay.Shortcut = over("shortcut", splitX, resTop, resY, lay.Add, "x (identity shortcut)", 0.35)
	note("F(x) is what the two layers learn; the block outputs ReLU(F(x) + x): "+
		"to pass x on unchanged it only has to learn F = 0", 0.6)

	// The dense block.
	title("dense block (DenseNet)", denseTitle)
	d.Texts = append(d.Texts, DiagramText{Role: "legend", Parts: []Symbol{{Base: "‖: concatenate the channels"}}, At: pt(0.99, denseTitle), Size: small, Align: draw.XRight, Color: color.Gray{Y: 70}})
	lay.DenseInput = input(denseY)
	const cat1X, split2X, conv2X, cat2X, denseOutX = 0.42, 0.48, 0.62, 0.8, 0.86
	lay.DenseConvs[0] = box("layer", "BN, ReLU, 3×3 conv", 0.225, denseY, 0.24, layerBox)
	lay.Concats[0] = op("‖", cat1X, denseY)
	lay.DenseConvs[1] = box("layer", "BN, ReLU, 3×3 conv", conv2X, denseY, 0.24, layerBox)
	lay.Concats[1] = op("‖", cat2X, denseY)
	denseOut := output("[x, F₁, F₂]", denseOutX, denseY)
	lay.DenseLine = []int{
		link(lay.DenseInput, lay.DenseConvs[0], -1, denseY, inX, 0.225),
		link(lay.DenseConvs[0], lay.Concats[0], -1, denseY, 0.225, cat1X),
		link(lay.Concats[0], lay.DenseConvs[1], -1, denseY, cat1X, conv2X),
		link(lay.DenseConvs[1], lay.Concats[1], -1, denseY, conv2X, cat2X),
		link(lay.Concats[1], -1, denseOut, denseY, cat2X, denseOutX+0.01),
	}
	lay.Skips[0] = over("skip", splitX, denseTop, denseY, lay.Concats[0], "x", 0.35)
	lay.Skips[1] = over("skip", split2X, denseTop, denseY, lay.Concats[1], "[x, F₁(x)]", 0.64)
	note("each layer adds k channels (the growth rate) and reads all those before it", 0.085)
	return lay
}

// ResidualBlocks returns the two ways of deep networks to keep what earlier
// layers computed. Top, ResNet's residual block: two 3×3 convolutions (with
// batch normalisation) compute F(x), and an identity shortcut carries the
// block's input x around them to be added back, so that the block outputs
// ReLU(F(x) + x). A plain stack of layers that should leave x as it is has
// to learn the identity function, which is hard for convolutions and ReLUs
// started from random weights; a residual block only has to learn F = 0,
// small weights, close to where training starts. That is why residual
// networks of 50 or 100 layers train well where a plain network of 56
// layers does worse than one of 20 (He et al.'s degradation problem); the
// gradient, too, flows back along the shortcuts, unchanged by the layers.
// Bottom, DenseNet's dense block: the shortcut concatenates (‖) instead of
// adding, so each layer reads the channels of every layer before it,
// [x, F₁(x), …], and adds k new ones (the growth rate, such as 12 or 32)
// to the pile. The layers are BN, ReLU, 3×3 conv, in that order, as
// DenseNet has them. It reads best at 16 cm × 10 cm (Width×Height).
func ResidualBlocks(title string) (*plot.Plot, error) {
	return Drawing(title, NewResidualBlocks()), nil
}
