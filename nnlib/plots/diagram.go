package plots

import (
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file is a small kit for block diagrams (the recurrent networks of
// lesson 05b, the encoder–decoder): nodes (boxes, circles, an image, a
// vector), arrows between them and texts, placed as fractions of the
// drawing's width and height like NetworkNode. Sizes that must not stretch
// with the figure (circle radii, text, gaps next to a text) are lengths.
// Diagram is the plotter; its Bounds and Path methods give what it draws,
// in fractions, for a drawing area of a given size, so that tests check
// the geometry that reaches the page: nothing outside it, nothing on top
// of something else, every arrow ending on the outline of what it points
// at.

// NodeShape is how a node of a Diagram is drawn.
type NodeShape int

const (
	ShapeBox    NodeShape = iota // A rounded rectangle: a cell or a layer.
	ShapeCircle                  // A circle of radius R: a pointwise operation.
	ShapeImage                   // A framed picture (sky, sun, hills): an input image.
	ShapeMaps                    // A stack of three offset rectangles: feature maps.
	ShapeVector                  // A tall bar split into cells: a vector of numbers.
	ShapeFrame                   // A large rounded rectangle drawn behind the others, which it holds.
)

// DiagramPoint is a point of a diagram: X, Y as fractions of the drawing's
// width and height, then moved by DX, DY (lengths that do not stretch with
// the figure, such as a loop's radius).
type DiagramPoint struct {
	X, Y   float64
	DX, DY vg.Length
}

// pt is the diagram point at the fractions x, y.
func pt(x, y float64) DiagramPoint { return DiagramPoint{X: x, Y: y} }

// DiagramRect is a rectangle as fractions of the drawing's width and height.
type DiagramRect struct{ MinX, MinY, MaxX, MaxY float64 }

// Overlaps reports whether r and o share more than their border (by more
// than 1e-9).
func (r DiagramRect) Overlaps(o DiagramRect) bool {
	const eps = 1e-9
	return r.MinX < o.MaxX-eps && o.MinX < r.MaxX-eps && r.MinY < o.MaxY-eps && o.MinY < r.MaxY-eps
}

// Contains reports whether o lies inside r.
func (r DiagramRect) Contains(o DiagramRect) bool {
	const eps = 1e-9
	return o.MinX >= r.MinX-eps && o.MaxX <= r.MaxX+eps && o.MinY >= r.MinY-eps && o.MaxY <= r.MaxY+eps
}

// UnitSquare is the whole drawing area, [0, 1]².
var UnitSquare = DiagramRect{0, 0, 1, 1}

// DiagramNode is a box, a circle, an image, ... of a diagram.
type DiagramNode struct {
	Role     string      // What it is, for tests and readers: "cell", "layer", "op", ...
	Shape    NodeShape   //
	Text     Symbol      // Written in its middle; empty for none.
	TextSize vg.Length   // Zero: LabelSize.
	X, Y     float64     // Centre, as fractions of the drawing's width and height.
	W, H     float64     // Size, as fractions (not for circles).
	R        vg.Length   // Radius of a circle.
	Fill     color.Color // Nil: white.
}

// DiagramArrow is a line along Path, with a head at its end if Head. An end
// attached to a node or a text (From, To, FromText, ToText: indices, -1 for
// none) is cut where the path crosses its outline, so that the arrow
// touches the box, circle or text it comes from or goes to whatever the
// size of the figure: a path may start and end at their centres.
type DiagramArrow struct {
	Role             string
	Path             []DiagramPoint
	From, To         int // Nodes.
	FromText, ToText int // Texts.
	Head             bool
	Color            color.Color // Nil: dark gray.
	Width            vg.Length   // Zero: 1.3 points.
}

// DiagramText is a line of text, which may mix sub- and superscripts (see
// formula), anchored at At: its centre, or its left or right end.
type DiagramText struct {
	Role  string
	Parts []Symbol
	At    DiagramPoint
	Size  vg.Length       // Zero: LabelSize.
	Align draw.XAlignment // draw.XLeft, draw.XCenter (the zero value is XLeft: set it) or draw.XRight.
	Color color.Color     // Nil: black.
}

// String writes the text on one line, scripts as in Symbol.String: "x_t".
func (t DiagramText) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		b.WriteString(p.String())
	}
	return b.String()
}

// Diagram is a block diagram; it implements plot.Plotter.
type Diagram struct {
	Nodes  []DiagramNode
	Arrows []DiagramArrow
	Texts  []DiagramText
	Dots   []DiagramPoint // Junctions, where a line splits in two.
}

// addNode adds n and returns its index.
func (d *Diagram) addNode(n DiagramNode) int {
	d.Nodes = append(d.Nodes, n)
	return len(d.Nodes) - 1
}

// addText adds a text centred at at, written as a formula (see formula), and
// returns its index.
func (d *Diagram) addText(role, text string, at DiagramPoint, size vg.Length) int {
	d.Texts = append(d.Texts, DiagramText{Role: role, Parts: formula(text), At: at, Size: size, Align: draw.XCenter})
	return len(d.Texts) - 1
}

// addWord adds a text centred at at, written as it is (no scripts), and
// returns its index.
func (d *Diagram) addWord(role, text string, at DiagramPoint, size vg.Length) int {
	d.Texts = append(d.Texts, DiagramText{Role: role, Parts: []Symbol{{Base: text}}, At: at, Size: size, Align: draw.XCenter})
	return len(d.Texts) - 1
}

// addArrow adds an arrow with a head along path, its ends attached to
// nothing, and returns a pointer to it to attach them.
func (d *Diagram) addArrow(role string, path ...DiagramPoint) *DiagramArrow {
	d.Arrows = append(d.Arrows, DiagramArrow{Role: role, Path: path, From: -1, To: -1, FromText: -1, ToText: -1, Head: true})
	return &d.Arrows[len(d.Arrows)-1]
}

// NodesOf returns the indices of the nodes with the given role.
func (d *Diagram) NodesOf(role string) []int {
	var out []int
	for i, n := range d.Nodes {
		if n.Role == role {
			out = append(out, i)
		}
	}
	return out
}

// ArrowsOf returns the indices of the arrows with the given role.
func (d *Diagram) ArrowsOf(role string) []int {
	var out []int
	for i, a := range d.Arrows {
		if a.Role == role {
			out = append(out, i)
		}
	}
	return out
}

// TextsOf returns the texts with the given role, on one line each as
// DiagramText.String writes them.
func (d *Diagram) TextsOf(role string) []string {
	var out []string
	for _, t := range d.Texts {
		if t.Role == role {
			out = append(out, t.String())
		}
	}
	return out
}

// diagramArea converts between a diagram's fractions and a canvas.
type diagramArea struct {
	min  vg.Point
	w, h vg.Length
}

func (a diagramArea) point(p DiagramPoint) vg.Point {
	return vg.Point{X: a.min.X + vg.Length(p.X)*a.w + p.DX, Y: a.min.Y + vg.Length(p.Y)*a.h + p.DY}
}

func (a diagramArea) rect(r vg.Rectangle) DiagramRect {
	return DiagramRect{
		MinX: float64((r.Min.X - a.min.X) / a.w), MinY: float64((r.Min.Y - a.min.Y) / a.h),
		MaxX: float64((r.Max.X - a.min.X) / a.w), MaxY: float64((r.Max.Y - a.min.Y) / a.h),
	}
}

func (a diagramArea) fraction(p vg.Point) DiagramPoint {
	return DiagramPoint{X: float64((p.X - a.min.X) / a.w), Y: float64((p.Y - a.min.Y) / a.h)}
}

// mapsOffset is the shift between the rectangles of a ShapeMaps node.
const mapsOffset = 1.6 * vg.Millimeter

// nodeRect is the outline of node n (for ShapeMaps, the front rectangle).
func (d *Diagram) nodeRect(a diagramArea, n DiagramNode) vg.Rectangle {
	c := a.point(pt(n.X, n.Y))
	if n.Shape == ShapeCircle {
		return vg.Rectangle{Min: vg.Point{X: c.X - n.R, Y: c.Y - n.R}, Max: vg.Point{X: c.X + n.R, Y: c.Y + n.R}}
	}
	hw, hh := vg.Length(n.W/2)*a.w, vg.Length(n.H/2)*a.h
	return vg.Rectangle{Min: vg.Point{X: c.X - hw, Y: c.Y - hh}, Max: vg.Point{X: c.X + hw, Y: c.Y + hh}}
}

// inkRect is all that node n covers: for ShapeMaps, its back rectangles too.
func (d *Diagram) inkRect(a diagramArea, n DiagramNode) vg.Rectangle {
	r := d.nodeRect(a, n)
	if n.Shape == ShapeMaps {
		r.Min.X -= 2 * mapsOffset
		r.Max.Y += 2 * mapsOffset
	}
	return r
}

// textSize is the size of t's base text.
func (t DiagramText) textSize() vg.Length {
	if t.Size == 0 {
		return LabelSize
	}
	return t.Size
}

// textRect is where text t is written.
func (d *Diagram) textRect(a diagramArea, t DiagramText) vg.Rectangle {
	at := a.point(t.At)
	w := formulaWidth(t.Parts, t.textSize())
	x := at.X + vg.Length(t.Align)*w // XLeft is 0, XCenter -0.5, XRight -1.
	r := formulaRect(t.Parts, t.textSize())
	r.Min.X, r.Max.X = r.Min.X+x, r.Max.X+x
	r.Min.Y, r.Max.Y = r.Min.Y+at.Y, r.Max.Y+at.Y
	return r
}

// Bounds returns, for a drawing area of w×h, the rectangles that the
// nodes, the texts and the arrows cover, as fractions: nodes[i] is
// Nodes[i]'s, texts[i] Texts[i]'s, arrows[i] the box around Arrows[i]'s
// line and head.
func (d *Diagram) Bounds(w, h vg.Length) (nodes, texts, arrows []DiagramRect) {
	a := diagramArea{w: w, h: h}
	for _, n := range d.Nodes {
		nodes = append(nodes, a.rect(d.inkRect(a, n)))
	}
	for _, t := range d.Texts {
		texts = append(texts, a.rect(d.textRect(a, t)))
	}
	for i := range d.Arrows {
		pts := d.path(a, i)
		r := vg.Rectangle{Min: pts[0], Max: pts[0]}
		for _, p := range pts {
			r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
			r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
		}
		half := arrowHeadLength * 0.45
		r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-half, r.Min.Y-half, r.Max.X+half, r.Max.Y+half
		arrows = append(arrows, a.rect(r))
	}
	return nodes, texts, arrows
}

// Path returns the line that arrow i draws in a drawing area of w×h, as
// fractions, its ends cut at the outlines of what they are attached to.
func (d *Diagram) Path(i int, w, h vg.Length) []DiagramPoint {
	a := diagramArea{w: w, h: h}
	var out []DiagramPoint
	for _, p := range d.path(a, i) {
		out = append(out, a.fraction(p))
	}
	return out
}

// textGap is the room left between a text and an arrow that starts or ends
// at it.
const textGap = 2.5 * vg.Millimeter / 2

// arrowHeadLength is the length of the diagrams' arrow heads.
const arrowHeadLength = 6.5 * vg.Inch / 72

// path returns arrow i's line on the canvas, its attached ends cut.
func (d *Diagram) path(a diagramArea, i int) []vg.Point {
	arr := d.Arrows[i]
	pts := make([]vg.Point, len(arr.Path))
	for k, p := range arr.Path {
		pts[k] = a.point(p)
	}
	inside := func(node, text int) func(vg.Point) bool {
		switch {
		case node >= 0:
			n := d.Nodes[node]
			if n.Shape == ShapeCircle {
				c := a.point(pt(n.X, n.Y))
				return func(p vg.Point) bool { return dist(p, c) < n.R }
			}
			r := d.inkRect(a, n)
			return func(p vg.Point) bool { return inRect(p, r, 0) }
		case text >= 0:
			r := d.textRect(a, d.Texts[text])
			return func(p vg.Point) bool { return inRect(p, r, textGap) }
		}
		return nil
	}
	if in := inside(arr.From, arr.FromText); in != nil {
		pts = cutStart(pts, in)
	}
	if in := inside(arr.To, arr.ToText); in != nil {
		reverse(pts)
		pts = cutStart(pts, in)
		reverse(pts)
	}
	return pts
}

// inRect reports whether p lies inside r grown by pad on every side.
func inRect(p vg.Point, r vg.Rectangle, pad vg.Length) bool {
	return p.X > r.Min.X-pad && p.X < r.Max.X+pad && p.Y > r.Min.Y-pad && p.Y < r.Max.Y+pad
}

// cutStart drops the beginning of the polyline pts that lies inside a
// shape, ending it where it leaves the shape (found by bisection).
func cutStart(pts []vg.Point, inside func(vg.Point) bool) []vg.Point {
	for k := 0; k+1 < len(pts); k++ {
		if !inside(pts[k]) {
			return pts[k:]
		}
		if inside(pts[k+1]) {
			continue
		}
		lo, hi := pts[k], pts[k+1]
		for range 40 {
			mid := vg.Point{X: (lo.X + hi.X) / 2, Y: (lo.Y + hi.Y) / 2}
			if inside(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		out := append([]vg.Point{hi}, pts[k+1:]...)
		return out
	}
	return pts
}

func reverse(pts []vg.Point) {
	for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
		pts[i], pts[j] = pts[j], pts[i]
	}
}

// Colours of the diagrams' outlines and lines.
var (
	diagramInk  color.Color = color.Gray{Y: 40}
	diagramLine color.Color = color.Gray{Y: 70}
)

// Plot draws the diagram: frames, arrows, nodes, junctions, texts, in that
// order; it implements plot.Plotter.
func (d *Diagram) Plot(c draw.Canvas, _ *plot.Plot) {
	a := diagramArea{min: c.Min, w: c.Max.X - c.Min.X, h: c.Max.Y - c.Min.Y}
	outline := draw.LineStyle{Color: diagramInk, Width: vg.Points(1.2)}
	for _, n := range d.Nodes {
		if n.Shape == ShapeFrame {
			d.drawNode(c, a, n, outline)
		}
	}
	for i, arr := range d.Arrows {
		pts := d.path(a, i)
		if len(pts) < 2 {
			continue
		}
		col, width := arr.Color, arr.Width
		if col == nil {
			col = diagramLine
		}
		if width == 0 {
			width = vg.Points(1.3)
		}
		drawArrow(c, pts, draw.LineStyle{Color: col, Width: width}, arr.Head)
	}
	for _, n := range d.Nodes {
		if n.Shape != ShapeFrame {
			d.drawNode(c, a, n, outline)
		}
	}
	for _, p := range d.Dots {
		c.SetColor(diagramLine)
		c.Fill(circlePath(a.point(p), vg.Points(2.2)))
	}
	for _, t := range d.Texts {
		r := d.textRect(a, t)
		col := t.Color
		if col == nil {
			col = color.Black
		}
		drawFormula(c, vg.Point{X: r.Min.X, Y: a.point(t.At).Y}, t.Parts, t.textSize(), col)
	}
}

// drawArrow strokes the polyline pts and, if head, fills an arrow head at
// its end, the line stopping at the head's base so that its square end
// does not poke out of the tip.
func drawArrow(c draw.Canvas, pts []vg.Point, sty draw.LineStyle, head bool) {
	if !head {
		c.StrokeLines(sty, pts)
		return
	}
	n := len(pts)
	tip, from := pts[n-1], pts[n-2]
	d := dist(from, tip)
	line := append([]vg.Point(nil), pts...)
	if d > arrowHeadLength/2 {
		f := (arrowHeadLength / 2) / d
		line[n-1] = vg.Point{X: tip.X - (tip.X-from.X)*f, Y: tip.Y - (tip.Y-from.Y)*f}
	}
	c.StrokeLines(sty, line)
	arrowHead(c, from, tip, arrowHeadLength, sty.Color)
}

// drawNode draws n with its text.
func (d *Diagram) drawNode(c draw.Canvas, a diagramArea, n DiagramNode, outline draw.LineStyle) {
	fill := n.Fill
	if fill == nil {
		fill = color.White
	}
	r := d.nodeRect(a, n)
	centre := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
	paint := func(p vg.Path, fill color.Color) {
		c.SetColor(fill)
		c.Fill(p)
		c.SetLineStyle(outline)
		c.Stroke(p)
	}
	switch n.Shape {
	case ShapeCircle:
		paint(circlePath(centre, n.R), fill)
	case ShapeBox:
		paint(roundedRect(r, min(vg.Points(5), r.Size().X/4, r.Size().Y/4)), fill)
	case ShapeFrame:
		paint(roundedRect(r, vg.Points(10)), fill)
	case ShapeMaps:
		for k := 2; k >= 0; k-- {
			off := mapsOffset * vg.Length(k)
			back := vg.Rectangle{Min: vg.Point{X: r.Min.X - off, Y: r.Min.Y + off}, Max: vg.Point{X: r.Max.X - off, Y: r.Max.Y + off}}
			paint(back.Path(), mix(fill, 0, 0.08*float64(k)))
		}
	case ShapeVector:
		paint(r.Path(), fill)
		cells := 8
		line := draw.LineStyle{Color: diagramInk, Width: vg.Points(0.6)}
		for k := 1; k < cells; k++ {
			y := r.Min.Y + r.Size().Y*vg.Length(k)/vg.Length(cells)
			c.StrokeLines(line, []vg.Point{{X: r.Min.X, Y: y}, {X: r.Max.X, Y: y}})
		}
	case ShapeImage:
		drawPicture(c, r)
		c.SetLineStyle(outline)
		c.Stroke(r.Path())
	}
	if n.Text != (Symbol{}) {
		size := n.TextSize
		if size == 0 {
			size = LabelSize
		}
		n.Text.draw(c, centre, size, color.Black)
	}
}

// drawPicture paints a small landscape in r: sky, sun, two hills. It
// stands for "an image" without being one.
func drawPicture(c draw.Canvas, r vg.Rectangle) {
	w, h := r.Size().X, r.Size().Y
	at := func(x, y float64) vg.Point {
		return vg.Point{X: r.Min.X + vg.Length(x)*w, Y: r.Min.Y + vg.Length(y)*h}
	}
	c.FillPolygon(Lighten(ClassColor(5), 0.55), []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
	c.SetColor(ClassColor(4))
	c.Fill(circlePath(at(0.72, 0.74), min(w, h)*0.12))
	hill := func(x0, x1, top float64, col color.Color) {
		var pts []vg.Point
		for k := 0; k <= 24; k++ {
			x := x0 + (x1-x0)*float64(k)/24
			s := math.Sin(math.Pi * float64(k) / 24)
			pts = append(pts, at(x, top*s))
		}
		c.FillPolygon(col, pts)
	}
	hill(0, 0.8, 0.55, Lighten(ClassColor(2), 0.2))
	hill(0.35, 1, 0.4, ClassColor(2))
}

// roundedRect is r with corners rounded to radius rad.
func roundedRect(r vg.Rectangle, rad vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: r.Min.X + rad, Y: r.Min.Y})
	p.Line(vg.Point{X: r.Max.X - rad, Y: r.Min.Y})
	p.Arc(vg.Point{X: r.Max.X - rad, Y: r.Min.Y + rad}, rad, -math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: r.Max.X, Y: r.Max.Y - rad})
	p.Arc(vg.Point{X: r.Max.X - rad, Y: r.Max.Y - rad}, rad, 0, math.Pi/2)
	p.Line(vg.Point{X: r.Min.X + rad, Y: r.Max.Y})
	p.Arc(vg.Point{X: r.Min.X + rad, Y: r.Max.Y - rad}, rad, math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: r.Min.X, Y: r.Min.Y + rad})
	p.Arc(vg.Point{X: r.Min.X + rad, Y: r.Min.Y + rad}, rad, math.Pi, math.Pi/2)
	p.Close()
	return p
}

// formula splits a line of text written with TeX-like scripts into
// Symbols: "W_f·[h_{t−1}, x_t]" is W with subscript f, "·[h" with t−1,
// ", x" with t, then "]". A script is one character or a {group}; "^"
// makes a superscript. The font lacks ⊙ (the elementwise product), so it
// becomes a part of its own, which drawFormula draws.
func formula(s string) []Symbol {
	var parts []Symbol
	var cur Symbol
	var base strings.Builder
	flush := func() {
		cur.Base = base.String()
		if cur != (Symbol{}) {
			parts = append(parts, cur)
		}
		cur, base = Symbol{}, strings.Builder{}
	}
	rs := []rune(s)
	script := func(k int) (string, int) { // The script that starts at rs[k].
		if k >= len(rs) {
			return "", k
		}
		if rs[k] != '{' {
			return string(rs[k]), k + 1
		}
		end := k + 1
		for end < len(rs) && rs[end] != '}' {
			end++
		}
		return string(rs[k+1 : min(end, len(rs))]), end + 1
	}
	for k := 0; k < len(rs); {
		switch r := rs[k]; r {
		case '_', '^':
			// Both scripts of one base come before the base is flushed.
			for k < len(rs) && (rs[k] == '_' || rs[k] == '^') {
				txt, next := script(k + 1)
				if rs[k] == '_' {
					cur.Sub = txt
				} else {
					cur.Sup = txt
				}
				k = next
			}
			flush()
		case '⊙':
			flush()
			parts = append(parts, Symbol{Base: "⊙"})
			k++
		default:
			base.WriteRune(r)
			k++
		}
	}
	flush()
	return parts
}

// odot reports whether p is the elementwise-product sign, which
// drawFormula draws as a circle with a dot.
func odot(p Symbol) bool { return p.Base == "⊙" && p.Sub == "" && p.Sup == "" }

// partWidth is the width of one part of a formula.
func partWidth(p Symbol, size vg.Length) vg.Length {
	if odot(p) {
		return size * 0.8
	}
	return p.width(size)
}

// formulaWidth is the width of parts written in a row.
func formulaWidth(parts []Symbol, size vg.Length) vg.Length {
	var w vg.Length
	for _, p := range parts {
		w += partWidth(p, size)
	}
	return w
}

// formulaRect is the box of parts written from x = 0, their middle at
// y = 0 (as Symbol.draw places them): the base text's box, grown by the
// scripts'.
func formulaRect(parts []Symbol, size vg.Length) vg.Rectangle {
	base := textStyle(size, plot.DefaultTextHandler)
	base.YAlign = draw.YCenter
	r := base.Rectangle("Hg")
	r.Min.X, r.Max.X = 0, formulaWidth(parts, size)
	small := textStyle(size*0.68, plot.DefaultTextHandler)
	small.YAlign = draw.YCenter
	s := small.Rectangle("Hg")
	for _, p := range parts {
		if p.Sub != "" {
			r.Min.Y = min(r.Min.Y, s.Min.Y-size*0.3)
		}
		if p.Sup != "" {
			r.Max.Y = max(r.Max.Y, s.Max.Y+size*0.38)
		}
	}
	return r
}

// drawFormula writes parts in a row from left, their middle at left.Y.
func drawFormula(c draw.Canvas, left vg.Point, parts []Symbol, size vg.Length, col color.Color) {
	x := left.X
	for _, p := range parts {
		w := partWidth(p, size)
		mid := vg.Point{X: x + w/2, Y: left.Y}
		if odot(p) {
			// On the middle of the lower-case letters, which lies below
			// the middle of the font's box that Symbol.draw centres.
			mid.Y -= size * 0.2
			c.SetLineStyle(draw.LineStyle{Color: col, Width: size * 0.06})
			c.Stroke(circlePath(mid, size*0.28))
			c.SetColor(col)
			c.Fill(circlePath(mid, size*0.07))
		} else {
			p.draw(c, mid, size, col)
		}
		x += w
	}
}

// wrapWords breaks text into lines no wider than width at the given size.
func wrapWords(text string, size, width vg.Length) []string {
	sty := textStyle(size, plot.DefaultTextHandler)
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && sty.Width(next) > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
