package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The diagrams of lesson 05b (recurrent networks), drawn after Christopher
// Olah's "Understanding LSTM Networks" (colah.github.io, 2015): a recurrent
// cell folded and unrolled in time, the inside of an LSTM cell, and the
// CNN + LSTM image captioner of "Show and Tell" (Vinyals et al., 2015).

// Colours of the recurrent diagrams: cells green like the hidden layers of
// NetworkDiagram, inputs sky blue and outputs orange like its input and
// output layers, the LSTM's layers yellow and its pointwise operations pink
// as in Olah's figures, its cell state a blue line.
var (
	cellFill  = Lighten(ClassColor(2), 0.6)
	frameFill = Lighten(ClassColor(2), 0.86)
	layerBox  = Lighten(ClassColor(6), 0.45)
	opFill    = Lighten(ClassColor(3), 0.6)
	cellLine  = shade(ClassColor(0), 0.85)
)

// ioRadius is the radius of the circles that hold an input xₜ or an
// output hₜ.
const ioRadius = 0.36 * vg.Centimeter

// UnrolledRNNLayout is the diagram of UnrolledRNN: a recurrent cell folded
// (one box with a loop) and unrolled through Steps time steps. It is the
// plotter that draws it.
type UnrolledRNNLayout struct {
	Steps int
	Diagram
	Folded int   // Node of the folded cell.
	Cells  []int // Nodes of the unrolled cells, step 0 first.
	Loop   int   // Arrow of the folded cell's loop, from its right side back into it.
	// States are the arrows that carry the state: the initial state h₋₁ = 0
	// into Cells[0], then from each cell to the next (Steps in all).
	States []int
}

// NewUnrolledRNN lays out the diagram of UnrolledRNN.
func NewUnrolledRNN(steps int) (*UnrolledRNNLayout, error) {
	if steps < 2 || steps > 6 {
		return nil, fmt.Errorf("plots: UnrolledRNN draws 2 to 6 time steps, got %d", steps)
	}
	lay := &UnrolledRNNLayout{Steps: steps}
	d := &lay.Diagram
	const (
		y, cellW, cellH = 0.52, 0.075, 0.2 // Cells' centre height and size.
		inY, outY       = 0.21, 0.83       // Heights of the inputs and the outputs.
		captionY        = 0.05
	)
	small := NoteSize * 1.1
	// The folded cell and its loop, "=", the initial state's arrow, then the
	// unrolled cells, spaced to fill the width (up to a limit); the whole
	// picture is centred.
	const eqX, startX, firstX = 0.165, 0.205, 0.3325 // From the left end of the picture.
	spacing := min(0.15, (0.97-(firstX+cellW/2))/float64(steps-1))
	left := (1 - (firstX + cellW/2 + float64(steps-1)*spacing)) / 2
	foldX := left + cellW/2
	column := func(x float64, sub string) (cell int) {
		cell = d.addNode(DiagramNode{Role: "cell", Shape: ShapeBox, Text: Symbol{Base: "A"}, X: x, Y: y, W: cellW, H: cellH, Fill: cellFill})
		in := d.addNode(DiagramNode{Role: "input", Shape: ShapeCircle, Text: Symbol{Base: "x", Sub: sub}, X: x, Y: inY, R: ioRadius, Fill: layerFill[0]})
		out := d.addNode(DiagramNode{Role: "output", Shape: ShapeCircle, Text: Symbol{Base: "h", Sub: sub}, X: x, Y: outY, R: ioRadius, Fill: layerFill[2]})
		a := d.addArrow("input", pt(x, inY), pt(x, y))
		a.From, a.To = in, cell
		a = d.addArrow("output", pt(x, y), pt(x, outY))
		a.From, a.To = cell, out
		return cell
	}
	lay.Folded = column(foldX, "t")
	// The loop: most of a circle to the right of the cell, leaving it at the
	// top and coming back in at the bottom.
	rho := 0.5 * vg.Centimeter
	var loop []DiagramPoint
	for k := 0; k <= 48; k++ {
		ang := (160 - 320*float64(k)/48) * math.Pi / 180
		loop = append(loop, DiagramPoint{X: foldX + cellW/2, Y: y, DX: 0.45*rho + rho*vg.Length(math.Cos(ang)), DY: rho * vg.Length(math.Sin(ang))})
	}
	a := d.addArrow("loop", loop...)
	a.From, a.To = lay.Folded, lay.Folded
	lay.Loop = len(d.Arrows) - 1
	d.addText("equals", "=", pt(left+eqX, y), TitleSize*1.5)
	for k := range steps {
		lay.Cells = append(lay.Cells, column(left+firstX+float64(k)*spacing, strconv.Itoa(k)))
	}
	// The initial state, zeros, comes in from the left.
	a = d.addArrow("state", pt(left+startX, y), pt(left+firstX, y))
	a.To = lay.Cells[0]
	d.Texts = append(d.Texts, DiagramText{Role: "state", Parts: formula("h_{−1} = 0"), At: DiagramPoint{X: left + startX, Y: y, DY: 0.95 * small}, Size: small, Align: draw.XLeft})
	for k := 1; k < steps; k++ {
		a = d.addArrow("state", pt(d.Nodes[lay.Cells[k-1]].X, y), pt(d.Nodes[lay.Cells[k]].X, y))
		a.From, a.To = lay.Cells[k-1], lay.Cells[k]
	}
	lay.States = d.ArrowsOf("state")
	// The caption under the unrolled cells, on two lines if they are too
	// narrow for one; "folded" under the folded cell, on the last line.
	from, to := left+startX, d.Nodes[lay.Cells[steps-1]].X+cellW/2
	lines := []string{"unrolled: the same weights W, U, b at every step"}
	if textStyle(small, plot.DefaultTextHandler).Width(lines[0]) > vg.Length(to-from)*Width {
		lines = []string{"unrolled:", "the same weights W, U, b at every step"}
	}
	for k, line := range lines {
		up := vg.Length(len(lines) - 1 - k)
		d.addWord("caption", line, DiagramPoint{X: (from + to) / 2, Y: captionY, DY: 1.3 * small * up}, small)
	}
	d.addText("caption", "folded", pt(foldX+0.02, captionY), small)
	return lay, nil
}

// UnrolledRNN returns Christopher Olah's picture of a recurrent network. On
// the left the cell A as code runs it: at each time step t it reads the
// input xₜ and its own state from the step before (the loop) and writes
// hₜ = tanh(W·xₜ + U·hₜ₋₁ + b), which is both its output and its new
// state. On the right, after "=", the same cell unrolled through steps time
// steps (2 to 6): one copy of A per step, x₀, x₁, … below, h₀, h₁, … above,
// and the state passed from each copy to the next, starting from h₋₁ = 0.
// The copies are one cell: W, U and b are shared by every step, which is
// why an RNN reads sequences of any length with a fixed number of weights,
// and why backpropagation through time adds up each step's gradient for
// them.
func UnrolledRNN(title string, steps int) (*plot.Plot, error) {
	lay, err := NewUnrolledRNN(steps)
	if err != nil {
		return nil, err
	}
	return Drawing(title, lay), nil
}

// LSTMCellLayout is the diagram of LSTMCell. It is the plotter that draws
// it.
type LSTMCellLayout struct {
	Diagram
	Frame int    // Node of the cell's outline, behind the others.
	Gates [4]int // Nodes of the layers: σ (forget f), σ (input i), tanh (candidate g), σ (output o).
	// Ops are the nodes of the pointwise operations: × (forget), × (i⊙g),
	// + (the new cell state), tanh and × (the output).
	Ops [5]int
}

// NewLSTMCell lays out the diagram of LSTMCell.
func NewLSTMCell() *LSTMCellLayout {
	lay := &LSTMCellLayout{}
	d := &lay.Diagram
	const (
		cy, by, gy   = 0.78, 0.22, 0.38 // Heights of the cell-state line, the hidden-state line, the layers.
		iy, oy, ty   = 0.58, 0.5, 0.655 // Heights of the × of i⊙g, the output's ×, its tanh.
		fx, ix, gx   = 0.19, 0.29, 0.38 // Columns of the layers...
		ox, outX     = 0.48, 0.55       // ... and of the output's operations.
		exitX, rootX = 0.63, 0.675      // Where c_t is written, where h_t splits in two.
		boxW, boxH   = 0.065, 0.1
	)
	small, gateSize := NoteSize*1.05, LabelSize*1.05
	lay.Frame = d.addNode(DiagramNode{Role: "frame", Shape: ShapeFrame, X: 0.3425, Y: 0.5, W: 0.515, H: 0.74, Fill: frameFill})
	for k, g := range []struct {
		x    float64
		name string
	}{{fx, "σ"}, {ix, "σ"}, {gx, "tanh"}, {ox, "σ"}} {
		size := LabelSize
		if g.name == "tanh" {
			size = NoteSize * 1.1
		}
		lay.Gates[k] = d.addNode(DiagramNode{Role: "layer", Shape: ShapeBox, Text: Symbol{Base: g.name}, TextSize: size, X: g.x, Y: gy, W: boxW, H: boxH, Fill: layerBox})
	}
	op := func(name string, x, y float64, r vg.Length, size vg.Length) int {
		return d.addNode(DiagramNode{Role: "op", Shape: ShapeCircle, Text: Symbol{Base: name}, TextSize: size, X: x, Y: y, R: r, Fill: opFill})
	}
	r := 0.3 * vg.Centimeter
	lay.Ops = [5]int{
		op("×", fx, cy, r, LabelSize), op("×", gx, iy, r, LabelSize), op("+", gx, cy, r, LabelSize),
		op("tanh", outX, ty, 0.42*vg.Centimeter, NoteSize), op("×", outX, oy, r, LabelSize),
	}
	forget, input, plus, tanh, output := lay.Ops[0], lay.Ops[1], lay.Ops[2], lay.Ops[3], lay.Ops[4]
	f, i, g, o := lay.Gates[0], lay.Gates[1], lay.Gates[2], lay.Gates[3]

	// The states coming in and going out.
	cIn := len(d.Texts)
	d.Texts = append(d.Texts, DiagramText{Role: "input", Parts: formula("c_{t−1}"), At: pt(0.075, cy), Align: draw.XRight})
	hIn := len(d.Texts)
	d.Texts = append(d.Texts, DiagramText{Role: "input", Parts: formula("h_{t−1}"), At: pt(0.075, by), Align: draw.XRight})
	xIn := d.addText("input", "x_t", pt(0.13, 0.06), 0)
	cOut := len(d.Texts)
	d.Texts = append(d.Texts, DiagramText{Role: "output", Parts: formula("c_t"), At: pt(exitX, cy), Align: draw.XLeft})
	hRight := len(d.Texts)
	d.Texts = append(d.Texts, DiagramText{Role: "output", Parts: formula("h_t"), At: pt(rootX+0.03, by), Align: draw.XLeft})
	hUp := d.addText("output", "h_t", pt(rootX, 0.955), 0)

	// The cell state runs along the top: × forgets, + adds.
	thick := vg.Points(2.2)
	state := func(a *DiagramArrow) { a.Color, a.Width = cellLine, thick }
	a := d.addArrow("cell", pt(0.07, cy), pt(fx, cy))
	a.FromText, a.To = cIn, forget
	state(a)
	a = d.addArrow("cell", pt(fx, cy), pt(gx, cy))
	a.From, a.To = forget, plus
	state(a)
	a = d.addArrow("cell", pt(gx, cy), pt(exitX+0.01, cy))
	a.From, a.ToText = plus, cOut
	state(a)

	// [h_{t−1}, x_t] along the bottom, up into each layer.
	a = d.addArrow("hidden", pt(0.07, by), pt(ox, by), pt(ox, gy))
	a.FromText, a.To = hIn, o
	a = d.addArrow("hidden", pt(0.13, 0.06), pt(0.13, by))
	a.FromText, a.Head = xIn, false
	d.Dots = append(d.Dots, pt(0.13, by))
	for _, k := range []int{f, i, g} {
		x := d.Nodes[k].X
		a = d.addArrow("hidden", pt(x, by), pt(x, gy))
		a.To = k
		d.Dots = append(d.Dots, pt(x, by))
	}

	// The gates' outputs.
	a = d.addArrow("gate", pt(fx, gy), pt(fx, cy))
	a.From, a.To = f, forget
	a = d.addArrow("gate", pt(ix, gy), pt(ix, iy), pt(gx, iy))
	a.From, a.To = i, input
	a = d.addArrow("gate", pt(gx, gy), pt(gx, iy))
	a.From, a.To = g, input
	a = d.addArrow("gate", pt(gx, iy), pt(gx, cy))
	a.From, a.To = input, plus
	a = d.addArrow("gate", pt(ox, gy), pt(ox, oy), pt(outX, oy))
	a.From, a.To = o, output
	gap := vg.Points(5)
	letter := func(name string, x, y float64, dx vg.Length, align draw.XAlignment) {
		d.Texts = append(d.Texts, DiagramText{Role: "gate", Parts: formula(name), At: DiagramPoint{X: x, Y: y, DX: dx}, Size: gateSize, Align: align})
	}
	letter("f", fx, 0.58, gap, draw.XLeft)
	letter("i", ix, 0.5, gap, draw.XLeft)
	letter("g", gx, 0.5, gap, draw.XLeft)
	d.Texts = append(d.Texts, DiagramText{Role: "gate", Parts: formula("o"), At: DiagramPoint{X: ox, Y: oy, DX: -gap, DY: 0.45 * gateSize}, Size: gateSize, Align: draw.XRight})
	d.Texts = append(d.Texts,
		DiagramText{Role: "note", Parts: formula("i⊙g"), At: DiagramPoint{X: gx, Y: 0.69, DX: gap}, Size: small, Align: draw.XLeft},
		DiagramText{Role: "note", Parts: formula("f⊙c_{t−1}"), At: DiagramPoint{X: (fx + gx) / 2, Y: cy, DY: 0.95 * small}, Size: small, Align: draw.XCenter},
	)

	// The output: o ⊙ tanh(c_t), both the next step's h and the output.
	a = d.addArrow("output", pt(outX, cy), pt(outX, ty))
	a.To = tanh
	d.Dots = append(d.Dots, pt(outX, cy))
	a = d.addArrow("output", pt(outX, ty), pt(outX, oy))
	a.From, a.To = tanh, output
	a = d.addArrow("output", pt(outX, oy), pt(outX, by), pt(rootX, by))
	a.From, a.Head = output, false
	a = d.addArrow("output", pt(rootX, by), pt(rootX+0.035, by))
	a.ToText = hRight
	a = d.addArrow("output", pt(rootX, by), pt(rootX, 0.955))
	a.ToText = hUp
	d.Dots = append(d.Dots, pt(rootX, by))

	// The equations, as a caption on the right.
	for k, eq := range []string{
		"f = σ(W_f·[h, x] + b_f)",
		"i = σ(W_i·[h, x] + b_i)",
		"g = tanh(W_g·[h, x] + b_g)",
		"o = σ(W_o·[h, x] + b_o)",
		"c_t = f⊙c_{t−1} + i⊙g",
		"h_t = o⊙tanh(c_t)",
	} {
		d.Texts = append(d.Texts, DiagramText{Role: "equation", Parts: formula(eq), At: pt(0.755, 0.84-0.1*float64(k)), Size: NoteSize, Align: draw.XLeft})
	}
	for k, note := range []string{"[h, x]: h_{t−1} and x_t stacked", "⊙: elementwise product"} {
		d.Texts = append(d.Texts, DiagramText{Role: "note", Parts: formula(note), At: pt(0.755, 0.2-0.08*float64(k)), Size: NoteSize * 0.95, Align: draw.XLeft, Color: color.Gray{Y: 70}})
	}
	return lay
}

// LSTMCell returns the inside of an LSTM cell after Olah's "Understanding
// LSTM Networks". Two states pass from step to step: the cell state c
// along the top, which changes only by a multiplication and an addition
// (so that its gradient can travel many steps back without vanishing), and
// the hidden state h along the bottom. From h_{t−1} and the input x_t,
// stacked as [h, x], four layers compute the forget gate f, the input gate
// i and the output gate o (sigmoids, between 0 and 1: how much to let
// through) and the candidate g (tanh, between −1 and 1: what to write).
// The new cell state keeps f of the old one and adds i of the candidate,
// c_t = f⊙c_{t−1} + i⊙g, and the cell shows o of it, h_t = o⊙tanh(c_t), as
// its output and as its hidden state for the next step. The equations are
// written on the right, in Olah's form: W_f·[h, x] is one matrix applied to
// h_{t−1} stacked over x_t, the same as nnlib/rnn's W_f·xₜ + U_f·hₜ₋₁ with
// W_f and U_f side by side. It reads best at 16 cm × 9 cm or larger.
func LSTMCell(title string) (*plot.Plot, error) {
	return Drawing(title, NewLSTMCell()), nil
}

// EncoderDecoderLayout is the diagram of EncoderDecoder. It is the plotter
// that draws it.
type EncoderDecoderLayout struct {
	Words []string // The caption the decoder writes.
	Diagram
	Image    int   // Node of the input image.
	Maps     []int // Nodes of the CNN's feature maps, from the image on.
	Features int   // Node of the vector of features.
	Cells    []int // Nodes of the decoder's cells, one per step: len(Words)+1.
	// States are the arrows that carry the state: from the features into
	// Cells[0], then from each cell to the next.
	States []int
	// Inputs and Outputs are the texts of the words read and written at
	// each step: <start>, Words...; Words..., <end>.
	Inputs, Outputs []int
}

// NewEncoderDecoder lays out the diagram of EncoderDecoder.
func NewEncoderDecoder(caption []string) (*EncoderDecoderLayout, error) {
	if len(caption) < 1 || len(caption) > 6 {
		return nil, fmt.Errorf("plots: EncoderDecoder draws a caption of 1 to 6 words, got %d", len(caption))
	}
	for k, w := range caption {
		if w == "" {
			return nil, fmt.Errorf("plots: EncoderDecoder: word %d of the caption is empty", k+1)
		}
	}
	lay := &EncoderDecoderLayout{Words: caption}
	d := &lay.Diagram
	const (
		y, cellW, cellH = 0.53, 0.05, 0.2
		inY, outY       = 0.25, 0.81
		groupY          = 0.95
		decoderLeft     = 0.43
	)
	small := NoteSize * 1.1
	lay.Image = d.addNode(DiagramNode{Role: "image", Shape: ShapeImage, X: 0.065, Y: y, W: 0.1, H: 0.19})
	for k, m := range []struct{ x, w, h float64 }{{0.185, 0.022, 0.34}, {0.26, 0.02, 0.26}, {0.33, 0.018, 0.18}} {
		lay.Maps = append(lay.Maps, d.addNode(DiagramNode{Role: "maps", Shape: ShapeMaps, X: m.x, Y: y - 0.02, W: m.w, H: m.h, Fill: Lighten(ClassColor(0), 0.55-0.12*float64(k))}))
	}
	lay.Features = d.addNode(DiagramNode{Role: "features", Shape: ShapeVector, X: 0.375, Y: y, W: 0.016, H: 0.36, Fill: Lighten(ClassColor(4), 0.45)})
	chainArrow := func(role string, from, to int) {
		a := d.addArrow(role, pt(d.Nodes[from].X, y), pt(d.Nodes[to].X, y))
		a.From, a.To = from, to
	}
	chainArrow("encoder", lay.Image, lay.Maps[0])
	chainArrow("encoder", lay.Maps[0], lay.Maps[1])
	chainArrow("encoder", lay.Maps[1], lay.Maps[2])
	chainArrow("encoder", lay.Maps[2], lay.Features)
	d.addText("label", "image", pt(0.065, y-0.095-0.06), small)
	d.addText("label", "features", pt(0.375, y-0.18-0.055), small)

	steps := len(caption) + 1
	spacing := min(0.13, (0.985-decoderLeft)/float64(steps))
	first := decoderLeft + spacing/2
	inputs := append([]string{"<start>"}, caption...)
	outputs := append(append([]string(nil), caption...), "<end>")
	// Long words are written smaller, all at one size, to fit their
	// columns; not below 70% of the size, which would be hard to read.
	wordSize := small
	wordStyle := textStyle(small, plot.DefaultTextHandler)
	room := vg.Length(spacing*0.86) * Width
	for _, w := range caption {
		if ww := wordStyle.Width(w); ww > room {
			if small*room/ww < 0.7*small {
				return nil, fmt.Errorf("plots: EncoderDecoder: the word %q is too long for a column of a %d-word caption: use shorter words or fewer of them", w, len(caption))
			}
			wordSize = min(wordSize, small*room/ww)
		}
	}
	for k := range steps {
		x := first + float64(k)*spacing
		cell := d.addNode(DiagramNode{Role: "cell", Shape: ShapeBox, Text: Symbol{Base: "A"}, X: x, Y: y, W: cellW, H: cellH, Fill: cellFill})
		lay.Cells = append(lay.Cells, cell)
		in := d.addWord("input", inputs[k], pt(x, inY), wordSize)
		out := d.addWord("output", outputs[k], pt(x, outY), wordSize)
		lay.Inputs, lay.Outputs = append(lay.Inputs, in), append(lay.Outputs, out)
		a := d.addArrow("input", pt(x, inY), pt(x, y))
		a.FromText, a.To = in, cell
		a = d.addArrow("output", pt(x, y), pt(x, outY))
		a.From, a.ToText = cell, out
	}
	chainArrow("state", lay.Features, lay.Cells[0])
	for k := 1; k < steps; k++ {
		chainArrow("state", lay.Cells[k-1], lay.Cells[k])
	}
	lay.States = d.ArrowsOf("state")
	group := func(txt string, x float64) {
		d.addText("group", txt, pt(x, groupY), LabelSize)
	}
	group("CNN encoder", 0.2)
	group("LSTM decoder", (first+d.Nodes[lay.Cells[steps-1]].X)/2)
	lines := wrapWords("The encoder turns the input into a vector; the decoder writes the output one token at a time "+
		"(lesson 06's translation uses the same idea with an RNN encoder).", small, 0.96*Width)
	for k, line := range lines {
		up := len(lines) - 1 - k
		d.addWord("caption", line, DiagramPoint{X: 0.5, Y: 0, DY: small * (0.9 + 1.3*vg.Length(up))}, small)
	}
	return lay, nil
}

// EncoderDecoder returns the encoder–decoder idea as image captioning does
// it ("Show and Tell", Vinyals et al., 2015): a CNN encoder reads the image
// and sums it up in a vector of features, which becomes the initial state
// of an LSTM decoder; the decoder, unrolled as in UnrolledRNN, writes the
// caption one word per step, reading at each step the word it wrote the
// step before (<start> first) and stopping when it writes <end>. caption
// holds the words written, 1 to 6, such as {"a", "cat", "on", "a", "mat"}.
// Lesson 06's translation uses the same idea with an RNN as the encoder.
func EncoderDecoder(title string, caption []string) (*plot.Plot, error) {
	lay, err := NewEncoderDecoder(caption)
	if err != nil {
		return nil, err
	}
	return Drawing(title, lay), nil
}
