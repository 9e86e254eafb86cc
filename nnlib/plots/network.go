package plots

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Network describes a fully connected network to draw, like the deck's
// 3-3-1 multilayer perceptron.
type Network struct {
	Layers     []int    // Neurons per layer, input first, e.g. {3, 3, 1}.
	Bias       bool     // Add the bias unit (+1) to every layer but the output one.
	LayerNames []string // Caption under each layer; nil: "Layer 1 (input)", ...
	Weights    bool     // Name the weight matrices W⁽¹⁾, W⁽²⁾, ... between layers.
	Output     Symbol   // Name of the output, such as h_w(x), drawn after the output layer; empty for none.
}

// NetworkNode is one unit of a network diagram.
type NetworkNode struct {
	Layer  int     // 0 for the input layer.
	Index  int     // 0 for the bias unit, 1, 2, ... for neurons.
	Bias   bool    // A bias unit, whose value is always 1.
	Symbol Symbol  // Its name: x₁ in the input layer, a₁⁽²⁾ in layer 2, ...
	X, Y   float64 // Centre, as fractions of the drawing's width and height.
}

// NetworkEdge is a connection (a weight) from node From to node To, indices
// into NetworkLayout.Nodes.
type NetworkEdge struct{ From, To int }

// NetworkLayout is a network diagram laid out: it is the plotter that
// draws it.
type NetworkLayout struct {
	Network Network
	Nodes   []NetworkNode
	Edges   []NetworkEdge
}

// Layout places the units of n and connects every unit of a layer to every
// neuron (not the bias) of the next.
func (n Network) Layout() (*NetworkLayout, error) {
	if len(n.Layers) < 2 {
		return nil, fmt.Errorf("plots: a network needs at least 2 layers (input and output), got %d", len(n.Layers))
	}
	for l, size := range n.Layers {
		if size < 1 || size > 30 {
			return nil, fmt.Errorf("plots: layer %d has %d neurons: a diagram needs 1 to 30 per layer", l+1, size)
		}
	}
	if n.LayerNames != nil && len(n.LayerNames) != len(n.Layers) {
		return nil, fmt.Errorf("plots: %d layers and %d layer names: give one per layer, or nil", len(n.Layers), len(n.LayerNames))
	}
	last := len(n.Layers) - 1
	tallest := n.tallest()
	lay := &NetworkLayout{Network: n}
	first := make([]int, len(n.Layers)) // Index in Nodes of each layer's first unit.
	for l := range n.Layers {
		first[l] = len(lay.Nodes)
		units := n.units(l)
		x := n.layerX(float64(l))
		for u := range units {
			// Units are spaced evenly, centred vertically, the bias on top.
			y := 0.5 + (float64(units-1)/2-float64(u))/float64(tallest)
			node := NetworkNode{Layer: l, Index: u, X: x, Y: y}
			if !(n.Bias && l < last) {
				node.Index = u + 1
			}
			node.Bias = n.Bias && l < last && u == 0
			node.Symbol = unitSymbol(l, node.Index, node.Bias)
			lay.Nodes = append(lay.Nodes, node)
		}
	}
	for l := range last {
		for from := first[l]; from < first[l+1]; from++ {
			end := len(lay.Nodes)
			if l+2 < len(first) {
				end = first[l+2]
			}
			for to := first[l+1]; to < end; to++ {
				if !lay.Nodes[to].Bias {
					lay.Edges = append(lay.Edges, NetworkEdge{From: from, To: to})
				}
			}
		}
	}
	return lay, nil
}

// units returns the number of units of layer l: its neurons and its bias
// unit, if any.
func (n Network) units(l int) int {
	if n.Bias && l < len(n.Layers)-1 {
		return n.Layers[l] + 1
	}
	return n.Layers[l]
}

// tallest returns the number of units of the largest layer.
func (n Network) tallest() int {
	t := 0
	for l := range n.Layers {
		t = max(t, n.units(l))
	}
	return t
}

// layerX returns the horizontal position of layer l (0 for the input, may
// be fractional: between layers), as a fraction of the drawing's width; the
// right eighth is left for the output's name.
func (n Network) layerX(l float64) float64 {
	return 0.08 + 0.74*l/float64(len(n.Layers)-1)
}

// unitSymbol names unit i of layer l (0-based) as the deck does: x_i for
// inputs, a_i^(l+1) for the others, +1 for bias units.
func unitSymbol(l, i int, bias bool) Symbol {
	if bias {
		return Symbol{Base: "+1"}
	}
	if l == 0 {
		return Symbol{Base: "x", Sub: strconv.Itoa(i)}
	}
	return Symbol{Base: "a", Sub: strconv.Itoa(i), Sup: "(" + strconv.Itoa(l+1) + ")"}
}

// Counts returns the number of neurons, bias units and connections.
func (lay *NetworkLayout) Counts() (neurons, bias, edges int) {
	for _, n := range lay.Nodes {
		if n.Bias {
			bias++
		} else {
			neurons++
		}
	}
	return neurons, bias, len(lay.Edges)
}

// layerFill colours the units of each kind of layer.
var layerFill = [3]color.Color{
	Lighten(ClassColor(5), 0.55), // input
	Lighten(ClassColor(2), 0.6),  // hidden
	Lighten(ClassColor(4), 0.55), // output
}

// Plot draws the diagram; it implements plot.Plotter.
func (lay *NetworkLayout) Plot(c draw.Canvas, _ *plot.Plot) {
	n := lay.Network
	last := len(n.Layers) - 1
	w := c.Max.X - c.Min.X
	// Leave the bottom for layer captions and the top for weight names.
	captions := 2.9 * LabelSize
	top := vg.Length(0)
	if n.Weights {
		top = 1.6 * LabelSize
	}
	area := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Min.Y + captions}, Max: vg.Point{X: c.Max.X, Y: c.Max.Y - top}}
	at := func(node NetworkNode) vg.Point {
		return vg.Point{X: area.Min.X + vg.Length(node.X)*w, Y: area.Min.Y + vg.Length(node.Y)*(area.Max.Y-area.Min.Y)}
	}
	spacingY := (area.Max.Y - area.Min.Y) / vg.Length(n.tallest())
	spacingX := vg.Length(n.layerX(1)-n.layerX(0)) * w
	r := min(0.36*spacingY, 0.16*spacingX, vg.Centimeter*0.75)

	edge := draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(1)}
	biasEdge := draw.LineStyle{Color: color.Gray{Y: 160}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	for _, e := range lay.Edges {
		a, b := at(lay.Nodes[e.From]), at(lay.Nodes[e.To])
		d := dist(a, b)
		if d <= 2*r {
			continue
		}
		ux, uy := (b.X-a.X)/d, (b.Y-a.Y)/d
		from := vg.Point{X: a.X + ux*r, Y: a.Y + uy*r}
		to := vg.Point{X: b.X - ux*r, Y: b.Y - uy*r}
		sty := edge
		if lay.Nodes[e.From].Bias {
			sty = biasEdge
		}
		c.StrokeLines(sty, []vg.Point{from, to})
		arrowHead(c, from, to, r*0.35, sty.Color)
	}
	symbolSize := min(LabelSize, r*0.75)
	for _, node := range lay.Nodes {
		pt := at(node)
		kind := 1
		switch node.Layer {
		case 0:
			kind = 0
		case last:
			kind = 2
		}
		fill := layerFill[kind]
		outline := draw.LineStyle{Color: color.Gray{Y: 40}, Width: vg.Points(1.2)}
		if node.Bias {
			fill = color.White
			outline.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
		}
		circle := circlePath(pt, r)
		c.SetColor(fill)
		c.Fill(circle)
		c.SetLineStyle(outline)
		c.Stroke(circle)
		node.Symbol.draw(c, pt, symbolSize, color.Black)
	}
	caption := textStyle(NoteSize*1.15, plot.DefaultTextHandler)
	caption.XAlign, caption.YAlign = draw.XCenter, draw.YBottom
	for l := range n.Layers {
		name := fmt.Sprintf("Layer %d\n(hidden)", l+1)
		switch {
		case n.LayerNames != nil:
			name = n.LayerNames[l]
		case l == 0:
			name = "Layer 1\n(input)"
		case l == last:
			name = fmt.Sprintf("Layer %d\n(output)", l+1)
		}
		x := area.Min.X + vg.Length(n.layerX(float64(l)))*w
		// YBottom puts the last line's baseline on Y: lift it by the font's
		// descent and a margin, or "(784)" loses its bottom at the edge.
		c.FillText(caption, vg.Point{X: x, Y: c.Min.Y + 0.4*caption.Font.Size}, name)
	}
	if n.Weights {
		for l := range last {
			x := area.Min.X + vg.Length(n.layerX(float64(l)+0.5))*w
			Symbol{Base: "W", Sup: "(" + strconv.Itoa(l+1) + ")"}.draw(c, vg.Point{X: x, Y: c.Max.Y - 0.8*LabelSize}, LabelSize, color.Black)
		}
	}
	if n.Output != (Symbol{}) {
		for _, node := range lay.Nodes {
			if node.Layer == last {
				pt := at(node)
				from := vg.Point{X: pt.X + r, Y: pt.Y}
				to := vg.Point{X: pt.X + r + 0.8*vg.Centimeter, Y: pt.Y}
				c.StrokeLines(edge, []vg.Point{from, to})
				arrowHead(c, from, to, r*0.35, edge.Color)
				n.Output.draw(c, vg.Point{X: to.X + vg.Points(3) + n.Output.width(LabelSize)/2, Y: pt.Y}, LabelSize, color.Black)
			}
		}
	}
}

// NetworkDiagram returns a diagram of the network: its units as circles
// named as in the deck (x₁, a₁⁽²⁾, bias units +1) and every connection as
// an arrow.
func NetworkDiagram(title string, n Network) (*plot.Plot, error) {
	lay, err := n.Layout()
	if err != nil {
		return nil, err
	}
	return Drawing(title, lay), nil
}
