package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file draws a convolutional network as the deck draws VGG16: one
// box per layer from left to right, the image shrinking and the channels
// growing. A box is a slab seen slightly from above and from the right:
// its front face is as tall as the image's height and its depth as long as
// its width (both as the square root of the side, so that VGG16's 7×7 maps
// still show next to its 224×224 ones), and its thickness is proportional
// to the logarithm of the number of channels, log₂(channels + 1) (64
// channels are thinner than 512, but not 8 times: 1.5 times). Dense layers
// are thin bars, as tall as the logarithm of their units. Consecutive convolutions of the same shape and
// the pooling after them form a block, captioned with what its layers
// compute above it ("conv 3×3, 64") and the shape they give under it
// ("224×224×64").

// The kinds of ArchLayer, each drawn in its colour (ArchColor).
const (
	ArchInput   = "input"   // The input images.
	ArchConv    = "conv"    // A convolution and its ReLU.
	ArchPool    = "pool"    // A max-pooling.
	ArchDense   = "dense"   // A dense (fully connected) layer and its ReLU.
	ArchSoftmax = "softmax" // The output: a dense layer and its softmax.
)

// archKinds lists the kinds in the legend's order, with their legend text.
var archKinds = []struct{ kind, legend string }{
	{ArchConv, "convolution + ReLU"},
	{ArchPool, "max pooling"},
	{ArchDense, "dense + ReLU"},
	{ArchSoftmax, "dense + softmax"},
}

// ArchColor is the fill of a layer of the given kind in Architecture's
// figure (the front face; the top is lighter, the side darker), or nil
// for an unknown kind.
func ArchColor(kind string) color.Color {
	switch kind {
	case ArchInput:
		return color.Gray{Y: 215}
	case ArchConv:
		return Lighten(ClassColor(5), 0.25) // Sky blue.
	case ArchPool:
		return Lighten(ClassColor(1), 0.2) // Vermillion.
	case ArchDense:
		return Lighten(ClassColor(2), 0.25) // Bluish green.
	case ArchSoftmax:
		return Lighten(ClassColor(4), 0.2) // Orange.
	}
	return nil
}

// ArchLayer is one layer of a network to draw, as plain numbers: the shape
// of its output for one image. Dense layers are 1×1 images of Channels
// units.
type ArchLayer struct {
	Name                    string // The layer's name ("block1_conv1"), kept with its box for readers and tests; not drawn.
	Kind                    string // ArchInput, ArchConv, ArchPool, ArchDense or ArchSoftmax.
	Height, Width, Channels int
	Kernel                  int // Side of a convolution's kernel, for the block's caption ("conv 3×3, 64"); 0 if unknown.
}

// ArchBox is the box of one layer as Architecture draws it, in fractions
// of the drawing's width and height: its front face is the rectangle from
// (X, Y) of W×H, and its back face the same moved by (DX, DY).
type ArchBox struct {
	Layer      int // Index in ArchitectureLayout.Layers.
	Kind       string
	X, Y, W, H float64
	DX, DY     float64
	Fill       color.Color
}

// Front is the box's front face.
func (b ArchBox) Front() DiagramRect { return DiagramRect{b.X, b.Y, b.X + b.W, b.Y + b.H} }

// Extent is all the box covers, front, top and side.
func (b ArchBox) Extent() DiagramRect {
	return DiagramRect{b.X, b.Y, b.X + b.W + b.DX, b.Y + b.H + b.DY}
}

// ArchGroup is a block of consecutive boxes (First to Last, indices in
// ArchitectureLayout.Boxes) captioned together: Above says what they
// compute, Under what shape they give.
type ArchGroup struct {
	First, Last  int
	Above, Under string
}

// ArchitectureLayout is Architecture's figure laid out: the boxes, their
// blocks, and a Diagram with the captions (roles "above" and "under") and
// the legend (nodes and texts of role "legend"). It is the plotter that
// draws them.
type ArchitectureLayout struct {
	Diagram
	Layers []ArchLayer
	Boxes  []ArchBox
	Groups []ArchGroup
}

// Sizes of the layout, for a drawing of Width×Height.
const (
	archMaxLayers = 60
	archLeft      = 0.015 // Margins, as fractions of the width.
	archRight     = 0.985
	archFloor     = 0.14  // Bottom of every box, as a fraction of the height.
	archUnder     = 0.075 // Middle of the shape captions.
	archTop       = 0.97  // Top of the above captions and of the legend.
	archSlant     = 0.18  // Depth drawn per unit of face height, to the right and up.
	archDenseTall = 0.5   // A dense bar of the most units, as a fraction of the tallest face.
)

var (
	archInnerGap = vg.Points(2)         // Between the boxes of a block.
	archTextGap  = vg.Points(7)         // Between a caption and another one, or a box.
	archOuterGap = vg.Points(9)         // Between blocks.
	archBar      = vg.Points(5)         // Thickness of a dense bar.
	archMaxStep  = 0.16 * vg.Centimeter // Thickness per doubling of the channels, at most.
	archCaption  = NoteSize             // Size of the captions.
	archOutline  = draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.6)}
	archSwatch   = [2]vg.Length{vg.Points(14), vg.Points(9)} // Width and height of a legend swatch.
)

// NewArchitectureLayout lays out a network's layers, in order (the input
// first, if it is to be drawn), for a figure of Width×Height with a title.
// It returns an error if there is no layer or more than 60, a kind is
// unknown, a size is not positive, or the layers do not fit.
func NewArchitectureLayout(layers []ArchLayer) (*ArchitectureLayout, error) {
	if len(layers) == 0 {
		return nil, errors.New("plots: Architecture needs at least one layer")
	}
	if len(layers) > archMaxLayers {
		return nil, fmt.Errorf("plots: Architecture draws at most %d layers, not %d: the boxes would be too thin to see", archMaxLayers, len(layers))
	}
	for i, l := range layers {
		if ArchColor(l.Kind) == nil {
			return nil, fmt.Errorf("plots: Architecture: layer %d (%s) has kind %q: want %q, %q, %q, %q or %q", i, l.Name, l.Kind, ArchInput, ArchConv, ArchPool, ArchDense, ArchSoftmax)
		}
		if l.Height < 1 || l.Width < 1 || l.Channels < 1 {
			return nil, fmt.Errorf("plots: Architecture: layer %d (%s) is %d×%d×%d: every size must be positive", i, l.Name, l.Height, l.Width, l.Channels)
		}
	}
	lay := &ArchitectureLayout{Layers: append([]ArchLayer(nil), layers...)}
	lay.Groups = archGroups(layers)
	// The tallest face takes what the height leaves above the floor, but
	// for its depth, its caption and the title's room; then the boxes are
	// made as thick as the width allows, up to archMaxStep per doubling of
	// the channels. If the legend then covers something, the boxes shrink.
	tallest := (archTop - 0.07 - archFloor) / (1 + archSlant)
	for range 12 {
		for _, centred := range []bool{true, false} {
			if lay.place(tallest, centred) && !lay.legendCovers() {
				return lay, nil
			}
		}
		tallest *= 0.9
	}
	return nil, fmt.Errorf("plots: Architecture: %d layers do not fit in a figure %.0f cm wide", len(layers), Width/vg.Centimeter)
}

// archGroups splits the layers into captioned blocks: a run of
// convolutions of one shape with the pooling after it, a run of dense
// layers of the same units, or any other layer alone.
func archGroups(layers []ArchLayer) []ArchGroup {
	var groups []ArchGroup
	for i := 0; i < len(layers); {
		l := layers[i]
		j := i
		same := func(k int) bool {
			m := layers[k]
			return m.Kind == l.Kind && m.Height == l.Height && m.Width == l.Width && m.Channels == l.Channels
		}
		if l.Kind == ArchConv || l.Kind == ArchDense {
			for j+1 < len(layers) && same(j+1) {
				j++
			}
		}
		if l.Kind == ArchConv && j+1 < len(layers) && layers[j+1].Kind == ArchPool {
			j++
		}
		g := ArchGroup{First: i, Last: j, Under: fmt.Sprintf("%d×%d×%d", l.Height, l.Width, l.Channels)}
		switch l.Kind {
		case ArchInput:
			g.Above = "input"
		case ArchConv:
			g.Above = fmt.Sprintf("conv %d×%d, %d", l.Kernel, l.Kernel, l.Channels)
			if l.Kernel < 1 {
				g.Above = fmt.Sprintf("conv, %d", l.Channels)
			}
		case ArchPool:
			g.Above = "max pool"
		case ArchDense:
			g.Above, g.Under = "dense", fmt.Sprint(l.Channels)
		case ArchSoftmax:
			g.Above, g.Under = "softmax", fmt.Sprint(l.Channels)
		}
		groups = append(groups, g)
		i = j + 1
	}
	return groups
}

// image reports whether layer l is drawn as an image (a slab), not as a
// dense bar.
func (l ArchLayer) image() bool { return l.Kind != ArchDense && l.Kind != ArchSoftmax }

// place lays the boxes, captions and legend out with the tallest face
// tallest (a fraction of the height), the boxes as thick as the width
// allows, centred if they leave room and centred is set; it reports false
// if they do not fit even at the thinnest.
func (lay *ArchitectureLayout) place(tallest float64, centred bool) bool {
	aw, ah := archArea()
	w, h := float64(aw), float64(ah)
	sizes := lay.boxSizes(tallest*h, 0)
	if _, end := lay.pack(sizes); end > archRight*w {
		return false
	}
	// The widest boxes that fit, by bisection on the thickness per
	// doubling of the channels.
	lo, hi := 0.0, float64(archMaxStep)
	if _, end := lay.pack(lay.boxSizes(tallest*h, hi)); end > archRight*w {
		for range 40 {
			mid := (lo + hi) / 2
			if _, end := lay.pack(lay.boxSizes(tallest*h, mid)); end > archRight*w {
				hi = mid
			} else {
				lo = mid
			}
		}
		hi = lo
	}
	sizes = lay.boxSizes(tallest*h, hi)
	groups, end := lay.pack(sizes)
	if shift := (archRight*w - end) / 2; centred && shift > 0 {
		for k := range groups {
			groups[k].left += shift
		}
	}
	lay.Boxes = lay.Boxes[:0]
	lay.Diagram = Diagram{}
	for k, g := range lay.Groups {
		p := groups[k]
		for i := g.First; i <= g.Last; i++ {
			sz := sizes[i]
			lay.Boxes = append(lay.Boxes, ArchBox{
				Layer: i, Kind: lay.Layers[i].Kind, Fill: ArchColor(lay.Layers[i].Kind),
				X: (p.left + p.offsets[i-g.First]) / w, Y: archFloor, W: sz.w / w, H: sz.h / h,
				DX: sz.depth / w, DY: sz.depth / h,
			})
		}
		mid := (p.left + p.centre) / w
		lay.addWord("above", g.Above, pt(mid, p.aboveY/h), archCaption)
		lay.addWord("under", g.Under, pt(mid, archUnder), archCaption)
	}
	lay.addLegend()
	return true
}

// archSize is the size of a box on the page (points): the thickness w and
// the height h of its front face, and its depth, drawn at 45°.
type archSize struct{ w, h, depth float64 }

// boxSizes returns the size of each layer's box for a tallest face of
// tallest points and a thickness of step points per doubling of the
// channels: an image's face as tall as the square root of its height and
// as deep as that of its width, the largest side getting tallest; a dense
// bar archBar thick, as tall as the logarithm of its units.
func (lay *ArchitectureLayout) boxSizes(tallest, step float64) []archSize {
	side, units := 1, 1 // The largest image side and the most dense units.
	for _, l := range lay.Layers {
		if l.image() {
			side = max(side, l.Height, l.Width)
		} else {
			units = max(units, l.Channels)
		}
	}
	face := func(n int) float64 { return tallest * math.Sqrt(float64(n)/float64(side)) }
	out := make([]archSize, len(lay.Layers))
	for i, l := range lay.Layers {
		if l.image() {
			out[i] = archSize{step * math.Log2(float64(l.Channels)+1), face(l.Height), archSlant * face(l.Width)}
		} else {
			bar := archDenseTall * tallest * math.Log2(float64(l.Channels)+1) / math.Log2(float64(units)+1)
			out[i] = archSize{float64(archBar), bar, float64(archBar) * 0.6}
		}
	}
	return out
}

// archPlaced is a group placed on the page (points): the left of its first
// box, its boxes' offsets from there, the middle of its captions (from its
// left too), and the height of its caption above.
type archPlaced struct {
	left    float64
	offsets []float64
	centre  float64
	aboveY  float64
}

// pack places the groups from left to right, each as far left as it can
// go without touching what is already placed: its boxes archOuterGap from
// the boxes before, its captions archTextGap from any box or caption at
// their height. It returns the groups and the right end of the drawing.
func (lay *ArchitectureLayout) pack(sizes []archSize) (placed []archPlaced, end float64) {
	aw, ah := archArea()
	w, h := float64(aw), float64(ah)
	type rect struct {
		x0, x1, y0, y1 float64
		box            bool
	}
	textRect := func(text string, cx, cy float64) rect {
		parts := []Symbol{{Base: text}}
		width := float64(formulaWidth(parts, archCaption))
		r := formulaRect(parts, archCaption)
		return rect{cx - width/2, cx + width/2, cy + float64(r.Min.Y), cy + float64(r.Max.Y), false}
	}
	var done []rect // Placed, in page coordinates.
	for _, g := range lay.Groups {
		p := archPlaced{}
		var mine []rect // Relative to the group's left.
		o, reach, top := 0.0, 0.0, 0.0
		for i := g.First; i <= g.Last; i++ {
			sz := sizes[i]
			p.offsets = append(p.offsets, o)
			x1, y1 := o+sz.w+sz.depth, archFloor*h+sz.h+sz.depth
			mine = append(mine, rect{o, x1, archFloor * h, y1, true})
			reach, top = max(reach, x1), max(top, y1)
			o += sz.w + float64(archInnerGap)
		}
		p.centre = reach / 2
		p.aboveY = top - float64(formulaRect(nil, archCaption).Min.Y) + float64(archInnerGap) // Just above the block.
		mine = append(mine, textRect(g.Above, p.centre, p.aboveY), textRect(g.Under, p.centre, archUnder*h))
		left := archLeft * w
		for _, m := range mine {
			left = max(left, archLeft*w-m.x0)
			for _, d := range done {
				gap := float64(archTextGap)
				if m.box && d.box {
					gap = float64(archOuterGap)
				}
				if m.y0 < d.y1+gap && d.y0 < m.y1+gap {
					left = max(left, d.x1+gap-m.x0)
				}
			}
		}
		p.left = left
		for _, m := range mine {
			m.x0, m.x1 = m.x0+left, m.x1+left
			done = append(done, m)
			end = max(end, m.x1)
		}
		placed = append(placed, p)
	}
	return placed, end
}

// addLegend writes the legend in the top right corner: a swatch and a name
// for each kind of layer drawn but the input, which its caption names.
func (lay *ArchitectureLayout) addLegend() {
	sty := textStyle(LegendSize, plot.DefaultTextHandler)
	var entries []string
	var kinds []string
	widest := vg.Length(0)
	for _, k := range archKinds {
		for _, l := range lay.Layers {
			if l.Kind == k.kind {
				entries, kinds = append(entries, k.legend), append(kinds, k.kind)
				widest = max(widest, sty.Width(k.legend))
				break
			}
		}
	}
	w, h := archArea()
	gap := vg.Points(5)
	left := archRight*w - (archSwatch[0] + gap + widest)
	row := 1.45 * LegendSize
	for e, text := range entries {
		y := archTop*h - LegendSize/2 - vg.Length(e)*row
		lay.addNode(DiagramNode{Role: "legend", Shape: ShapeBox,
			X: float64((left + archSwatch[0]/2) / w), Y: float64(y / h),
			W: float64(archSwatch[0] / w), H: float64(archSwatch[1] / h), Fill: ArchColor(kinds[e])})
		lay.Texts = append(lay.Texts, DiagramText{Role: "legend", Parts: []Symbol{{Base: text}}, Size: LegendSize, Align: draw.XLeft,
			At: pt(float64((left+archSwatch[0]+gap)/w), float64(y/h))})
	}
}

// archArea is the size of the drawing area that the layout is made for:
// a figure of Width×Height less the title's line.
func archArea() (w, h vg.Length) { return Width, Height - archTitleRoom }

// archTitleRoom is the height a title takes at the top of a figure.
const archTitleRoom = 1.45 * TitleSize

// legendCovers reports whether the legend covers a box or a caption at
// the default size.
func (lay *ArchitectureLayout) legendCovers() bool {
	nodes, texts, _ := lay.Bounds(archArea())
	var legend, others []DiagramRect
	for i, n := range lay.Nodes {
		if n.Role == "legend" {
			legend = append(legend, nodes[i])
		}
	}
	for i, t := range lay.Texts {
		if t.Role == "legend" {
			legend = append(legend, texts[i])
		} else {
			others = append(others, texts[i])
		}
	}
	for _, b := range lay.Boxes {
		others = append(others, b.Extent())
	}
	for _, a := range legend {
		for _, b := range others {
			if a.Overlaps(b) {
				return true
			}
		}
	}
	return false
}

// BoxOf returns the box of the layer called name, and false if there is
// none.
func (lay *ArchitectureLayout) BoxOf(name string) (ArchBox, bool) {
	for _, b := range lay.Boxes {
		if lay.Layers[b.Layer].Name == name {
			return b, true
		}
	}
	return ArchBox{}, false
}

// Plot draws the boxes from left to right, each one's front, top and
// side, so that a box hides the side of the one before; then the captions
// and the legend. It implements plot.Plotter.
func (lay *ArchitectureLayout) Plot(c draw.Canvas, p *plot.Plot) {
	a := diagramArea{min: c.Min, w: c.Max.X - c.Min.X, h: c.Max.Y - c.Min.Y}
	at := func(x, y float64) vg.Point { return a.point(pt(x, y)) }
	for _, b := range lay.Boxes {
		x0, y0, x1, y1 := b.X, b.Y, b.X+b.W, b.Y+b.H
		faces := []struct {
			pts  []vg.Point
			fill color.Color
		}{
			{[]vg.Point{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1)}, b.Fill},
			{[]vg.Point{at(x0, y1), at(x1, y1), at(x1+b.DX, y1+b.DY), at(x0+b.DX, y1+b.DY)}, Lighten(b.Fill, 0.4)},
			{[]vg.Point{at(x1, y0), at(x1+b.DX, y0+b.DY), at(x1+b.DX, y1+b.DY), at(x1, y1)}, shade(b.Fill, 0.85)},
		}
		for _, f := range faces {
			c.FillPolygon(f.fill, f.pts)
			c.StrokeLines(archOutline, append(f.pts, f.pts[0]))
		}
	}
	lay.Diagram.Plot(c, p)
}

// Architecture returns the figure of a convolutional network: one box per
// layer, left to right, coloured by kind (convolution, pooling, dense,
// softmax, with a legend), its height and depth growing with the square
// root of the image's height and width and its thickness with the
// logarithm of the channels; each block of convolutions captioned with its
// kernel and filters above and its output's shape under it. For a
// cnn.Spec, layers is spec.ArchLayers():
//
//	plots.Display(plots.Architecture("VGG16", cnn.VGG16().ArchLayers()))
func Architecture(title string, layers []ArchLayer) (*plot.Plot, error) {
	lay, err := NewArchitectureLayout(layers)
	if err != nil {
		return nil, err
	}
	return Drawing(title, lay), nil
}
