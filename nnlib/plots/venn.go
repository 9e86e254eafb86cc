package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The bold weight and italic style of golang.org/x/image/font (font.WeightBold,
// font.StyleItalic), which go.mod lists only as an indirect dependency.
const (
	fontBold   = 3
	fontItalic = 1
)

// VennSet is one region of a nested Venn diagram.
type VennSet struct {
	Name    string      // Such as "Machine learning".
	Example string      // An example that belongs here but not in the inner sets; "" for none.
	Color   color.Color // Fill; nil: a light class colour.
}

// VennSets returns the sets of the deck's Figure 1.4 (Goodfellow, Bengio
// and Courville, "Deep Learning"): AI ⊃ machine learning ⊃ representation
// learning ⊃ deep learning, with an example in each region.
func VennSets() []VennSet {
	return []VennSet{
		{Name: "Artificial intelligence", Example: "Example: knowledge bases"},
		{Name: "Machine learning", Example: "Example: logistic regression"},
		{Name: "Representation learning", Example: "Example: shallow autoencoders"},
		{Name: "Deep learning", Example: "Example: MLPs"},
	}
}

// Venn is a plotter of nested sets, each inside the previous one, drawn as
// ellipses that share their bottom point; each set's name and example sit
// in the band that its inner set leaves free.
type Venn struct {
	Sets []VennSet
}

// Ellipse returns the centre and radii of set k's ellipse, as fractions of
// the drawing's width and height.
func (v *Venn) Ellipse(k int) (cx, cy, rx, ry float64) {
	n := float64(len(v.Sets))
	shrink := float64(k) / (n + 0.35) // The innermost keeps room for its own text.
	rx, ry = 0.49*(1-0.6*shrink), 0.49*(1-shrink)
	return 0.5, 0.01 + ry, rx, ry
}

// Plot draws the sets from the outside in; it implements plot.Plotter.
func (v *Venn) Plot(c draw.Canvas, _ *plot.Plot) {
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	name := textStyle(LabelSize*1.05, plot.DefaultTextHandler)
	name.Font.Weight = fontBold
	name.XAlign, name.YAlign = draw.XCenter, draw.YTop
	example := textStyle(LabelSize*0.9, plot.DefaultTextHandler)
	example.Font.Style = fontItalic
	example.XAlign, example.YAlign = draw.XCenter, draw.YTop
	for k, set := range v.Sets {
		cx, cy, rx, ry := v.Ellipse(k)
		centre := vg.Point{X: c.Min.X + vg.Length(cx)*w, Y: c.Min.Y + vg.Length(cy)*h}
		path := ellipsePath(centre, vg.Length(rx)*w, vg.Length(ry)*h)
		fill := set.Color
		if fill == nil {
			fill = Lighten(ClassColor([]int{5, 2, 4, 3, 0, 1}[k%6]), 0.55)
		}
		c.SetColor(fill)
		c.Fill(path)
		c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(1.2)})
		c.Stroke(path)
		topY := centre.Y + vg.Length(ry)*h
		y := topY - 0.8*LabelSize
		if k == len(v.Sets)-1 { // The innermost: centre its text.
			y = centre.Y + 1.1*LabelSize
		}
		c.FillText(name, vg.Point{X: centre.X, Y: y}, set.Name)
		if set.Example != "" {
			c.FillText(example, vg.Point{X: centre.X, Y: y - 1.35*LabelSize}, set.Example)
		}
	}
}

// ellipsePath is an axis-aligned ellipse as a polygon of 180 sides.
func ellipsePath(centre vg.Point, rx, ry vg.Length) vg.Path {
	var p vg.Path
	for i := range 180 {
		a := 2 * math.Pi * float64(i) / 180
		pt := vg.Point{X: centre.X + rx*vg.Length(math.Cos(a)), Y: centre.Y + ry*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(pt)
		} else {
			p.Line(pt)
		}
	}
	p.Close()
	return p
}

// VennDiagram returns a nested Venn diagram of the sets, outermost first;
// VennSets gives the deck's AI ⊃ ML ⊃ representation learning ⊃ deep
// learning.
func VennDiagram(title string, sets ...VennSet) (*plot.Plot, error) {
	if len(sets) == 0 {
		return nil, fmt.Errorf("plots: a Venn diagram needs at least one set, outermost first; try plots.VennSets()")
	}
	if len(sets) > 6 {
		return nil, fmt.Errorf("plots: a nested Venn diagram of %d sets would be unreadable: give at most 6", len(sets))
	}
	return Drawing(title, &Venn{Sets: sets}), nil
}
