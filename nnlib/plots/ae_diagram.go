package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// AutoencoderLayout is the diagram of Autoencoder. It is the plotter that
// draws it.
type AutoencoderLayout struct {
	Diagram
	Input, Output int   // Nodes of the input image x and of its reconstruction g(f(x)).
	Layers        []int // Nodes of the layers' vectors, from the input's pixels to the output's.
	Code          int   // Node of the code, the narrowest layer (one of Layers).
	Chain         []int // The arrows from Input through Layers to Output.
}

// NewAutoencoderLayout lays out an autoencoder whose layers have the given
// widths, from the input's pixels to the code and back (such as 784, 256,
// 32, 256, 784): the vectors drawn tall in proportion to the square root of
// their width, so that a large input and a small code both show.
func NewAutoencoderLayout(widths []int) (*AutoencoderLayout, error) {
	if len(widths) < 3 || len(widths)%2 == 0 {
		return nil, errors.New("plots: Autoencoder draws an odd number of layer widths, at least 3: input, …, code, …, output")
	}
	code := len(widths) / 2
	for i, w := range widths {
		if w < 1 {
			return nil, fmt.Errorf("plots: Autoencoder: layer %d has width %d", i, w)
		}
		if i != code && w <= widths[code] {
			return nil, fmt.Errorf("plots: Autoencoder: the code (%d) must be the narrowest layer, but layer %d has %d", widths[code], i, w)
		}
	}
	lay := &AutoencoderLayout{}
	d := &lay.Diagram
	const y, left, right = 0.55, 0.2, 0.8
	small := NoteSize * 1.1
	lay.Input = d.addNode(DiagramNode{Role: "input", Shape: ShapeImage, X: 0.07, Y: y, W: 0.1, H: 0.22})
	widest := 0
	for _, w := range widths {
		widest = max(widest, w)
	}
	step := (right - left) / float64(len(widths)-1)
	for i, w := range widths {
		h := 0.62 * math.Sqrt(float64(w)/float64(widest))
		fill := Lighten(ClassColor(0), 0.45)
		role := "layer"
		if i == code {
			fill, role = Lighten(ClassColor(4), 0.3), "code"
		}
		x := left + float64(i)*step
		n := d.addNode(DiagramNode{Role: role, Shape: ShapeVector, X: x, Y: y, W: 0.018, H: h, Fill: fill})
		lay.Layers = append(lay.Layers, n)
		if i == code {
			lay.Code = n
		}
		d.addWord("width", fmt.Sprint(w), pt(x, y-h/2-0.05), small)
	}
	lay.Output = d.addNode(DiagramNode{Role: "output", Shape: ShapeImage, X: 0.93, Y: y, W: 0.1, H: 0.22})
	d.addText("label", "x", pt(0.07, y-0.17), LabelSize)
	d.addText("label", "g(f(x)) ≈ x", pt(0.93, y-0.17), LabelSize)
	d.addText("label", "code z = f(x)", pt(left+float64(code)*step, y-0.14-0.05), small)
	chain := append(append([]int{lay.Input}, lay.Layers...), lay.Output)
	for k := 1; k < len(chain); k++ {
		a := d.addArrow("chain", pt(d.Nodes[chain[k-1]].X, y), pt(d.Nodes[chain[k]].X, y))
		a.From, a.To = chain[k-1], chain[k]
		lay.Chain = append(lay.Chain, len(d.Arrows)-1)
	}
	d.addText("group", "encoder f", pt((left+left+float64(code)*step)/2, 0.95), LabelSize)
	d.addText("group", "decoder g", pt((right+left+float64(code)*step)/2, 0.95), LabelSize)
	lines := wrapWords("Trained to give back its input, without labels: the loss compares g(f(x)) with x. "+
		"The narrow code forces it to keep only what the images have in common.", small, 0.96*Width)
	for k, line := range lines {
		up := len(lines) - 1 - k
		d.addWord("caption", line, DiagramPoint{X: 0.5, Y: 0, DY: small * (0.9 + 1.3*vg.Length(up))}, small)
	}
	return lay, nil
}

// Autoencoder returns the deck's autoencoder as a diagram: an input image,
// the encoder's layers narrowing to the code, the decoder's widening back
// to an image of the same size, with the widths written under the layers.
func Autoencoder(title string, widths []int) (*plot.Plot, error) {
	lay, err := NewAutoencoderLayout(widths)
	if err != nil {
		return nil, err
	}
	return Drawing(title, lay), nil
}
