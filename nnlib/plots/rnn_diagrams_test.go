package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// diagramSizes are the figure sizes a diagram must fit: the default and
// the 16 cm × 9 cm that the LSTM cell is meant for.
var diagramSizes = [][2]vg.Length{{Width, Height}, {Width, 9 * vg.Centimeter}}

// checkDiagram checks what d draws in p at each of diagramSizes: every node,
// text and arrow inside the drawing area (so that nothing is clipped), no two
// nodes or two texts on top of each other, no text on a node, no node across
// a frame's outline, every arrow long enough to be seen, ending on the
// outline of what it is attached to and crossing no other node or text;
// every character in the font; and the figure renders.
func checkDiagram(t *testing.T, d *Diagram, p *plot.Plot) {
	t.Helper()
	checkGlyphs(t, d)
	for _, size := range diagramSizes {
		area := p.DataCanvas(draw.New(vgimg.New(size[0], size[1])))
		w, h := area.Max.X-area.Min.X, area.Max.Y-area.Min.Y
		name := fmt.Sprintf("%.0f×%.0f cm", size[0]/vg.Centimeter, size[1]/vg.Centimeter)
		nodes, texts, arrows := d.Bounds(w, h)
		for i, r := range nodes {
			if !UnitSquare.Contains(r) {
				t.Errorf("%s: node %d (%s %q) leaves the drawing: %+v", name, i, d.Nodes[i].Role, d.Nodes[i].Text, r)
			}
		}
		for i, r := range texts {
			if !UnitSquare.Contains(r) {
				t.Errorf("%s: text %q leaves the drawing: %+v", name, d.Texts[i], r)
			}
		}
		for i, r := range arrows {
			if !UnitSquare.Contains(r) {
				t.Errorf("%s: arrow %d (%s) leaves the drawing: %+v", name, i, d.Arrows[i].Role, r)
			}
		}
		for i := range nodes {
			for j := range i {
				ni, nj := d.Nodes[i], d.Nodes[j]
				switch {
				case ni.Shape == ShapeFrame || nj.Shape == ShapeFrame:
					if nodes[i].Overlaps(nodes[j]) && !nodes[i].Contains(nodes[j]) && !nodes[j].Contains(nodes[i]) {
						t.Errorf("%s: node %d (%s) lies across the frame %d", name, i, ni.Role, j)
					}
				case nodes[i].Overlaps(nodes[j]):
					t.Errorf("%s: nodes %d (%s %q) and %d (%s %q) overlap", name, i, ni.Role, ni.Text, j, nj.Role, nj.Text)
				}
			}
		}
		for i := range texts {
			for j := range i {
				if texts[i].Overlaps(texts[j]) {
					t.Errorf("%s: texts %q and %q overlap", name, d.Texts[i], d.Texts[j])
				}
			}
			for j, n := range d.Nodes {
				if n.Shape != ShapeFrame && texts[i].Overlaps(nodes[j]) {
					t.Errorf("%s: text %q lies on node %d (%s)", name, d.Texts[i], j, n.Role)
				}
			}
		}
		for i := range d.Arrows {
			checkArrow(t, name, d, i, w, h)
		}
		checkPNG(t, p, size[0], size[1])
	}
}

// checkArrow checks arrow i of d in a drawing area of w×h.
func checkArrow(t *testing.T, name string, d *Diagram, i int, w, h vg.Length) {
	t.Helper()
	arr := d.Arrows[i]
	a := diagramArea{w: w, h: h}
	var pts []vg.Point
	for _, p := range d.Path(i, w, h) {
		pts = append(pts, a.point(p))
	}
	what := fmt.Sprintf("%s: arrow %d (%s)", name, i, arr.Role)
	if len(pts) < 2 {
		t.Errorf("%s has %d points", what, len(pts))
		return
	}
	if l := pathLength(pts); arr.Head && l < 1.5*arrowHeadLength || l < arrowHeadLength {
		t.Errorf("%s is %.1f points long: too short to be seen", what, l)
	}
	// Each attached end lies on the outline of its node, or next to its text.
	const tol = 0.05 // Points.
	onOutline := func(p vg.Point, node, text int, end string) {
		switch {
		case node >= 0:
			n := d.Nodes[node]
			if n.Shape == ShapeCircle {
				if off := math.Abs(float64(dist(p, a.point(pt(n.X, n.Y))) - n.R)); off > tol {
					t.Errorf("%s: its %s is %.2f points off the circle of node %d", what, end, off, node)
				}
				return
			}
			if off := rectOutlineDistance(p, d.inkRect(a, n)); off > tol {
				t.Errorf("%s: its %s is %.2f points off the outline of node %d (%s)", what, end, off, node, n.Role)
			}
		case text >= 0:
			r := d.textRect(a, d.Texts[text])
			r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-textGap, r.Min.Y-textGap, r.Max.X+textGap, r.Max.Y+textGap
			if off := rectOutlineDistance(p, r); off > tol {
				t.Errorf("%s: its %s is %.2f points off the text %q", what, end, off, d.Texts[text])
			}
		}
	}
	onOutline(pts[0], arr.From, arr.FromText, "start")
	onOutline(pts[len(pts)-1], arr.To, arr.ToText, "end")
	// Nothing else lies on its way.
	nodeRects := make([]vg.Rectangle, len(d.Nodes))
	for j, n := range d.Nodes {
		nodeRects[j] = d.inkRect(a, n)
	}
	textRects := make([]vg.Rectangle, len(d.Texts))
	for j, txt := range d.Texts {
		textRects[j] = d.textRect(a, txt)
	}
	for k := 0; k <= 200; k++ {
		p := pointAlong(pts, float64(k)/200)
		for j, n := range d.Nodes {
			if j == arr.From || j == arr.To || n.Shape == ShapeFrame {
				continue
			}
			inside := inRect(p, nodeRects[j], -vg.Points(0.5))
			if n.Shape == ShapeCircle {
				inside = dist(p, a.point(pt(n.X, n.Y))) < n.R-vg.Points(0.5)
			}
			if inside {
				t.Errorf("%s crosses node %d (%s %q)", what, j, n.Role, n.Text)
				return
			}
		}
		for j, r := range textRects {
			if j != arr.FromText && j != arr.ToText && inRect(p, r, 0) {
				t.Errorf("%s crosses the text %q", what, d.Texts[j])
				return
			}
		}
	}
}

// rectOutlineDistance is the distance from p to the outline of r.
func rectOutlineDistance(p vg.Point, r vg.Rectangle) float64 {
	dx := math.Min(math.Abs(float64(p.X-r.Min.X)), math.Abs(float64(p.X-r.Max.X)))
	dy := math.Min(math.Abs(float64(p.Y-r.Min.Y)), math.Abs(float64(p.Y-r.Max.Y)))
	inX := p.X >= r.Min.X-0.01 && p.X <= r.Max.X+0.01
	inY := p.Y >= r.Min.Y-0.01 && p.Y <= r.Max.Y+0.01
	switch {
	case inX && inY:
		return math.Min(dx, dy)
	case inX:
		return dy
	case inY:
		return dx
	}
	return math.Hypot(dx, dy)
}

// checkGlyphs fails the test for each character of d's texts that the
// course font lacks (it would be drawn as an empty box); ⊙ is drawn by
// drawFormula.
func checkGlyphs(t *testing.T, d *Diagram) {
	t.Helper()
	face := font.DefaultCache.Lookup(font.From(Font, 10), 10)
	var buf sfnt.Buffer
	check := func(s Symbol) {
		if odot(s) {
			return
		}
		for _, r := range s.Base + s.Sub + s.Sup + s.Tail {
			if g, err := face.Face.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("the font has no %q (in %q)", r, s)
			}
		}
	}
	for _, n := range d.Nodes {
		check(n.Text)
	}
	for _, txt := range d.Texts {
		for _, p := range txt.Parts {
			check(p)
		}
	}
}

// symbols returns the names written in the nodes with the given role.
func symbols(d *Diagram, role string) []string {
	var out []string
	for _, i := range d.NodesOf(role) {
		out = append(out, d.Nodes[i].Text.String())
	}
	return out
}

func TestUnrolledRNN(t *testing.T) {
	for steps := 2; steps <= 6; steps++ {
		lay, err := NewUnrolledRNN(steps)
		if err != nil {
			t.Fatal(err)
		}
		d := &lay.Diagram
		// The folded cell and one copy per step, all the cell A.
		if cells := d.NodesOf("cell"); len(cells) != steps+1 || len(lay.Cells) != steps || !slices.Contains(cells, lay.Folded) {
			t.Errorf("%d steps: %d cells (%d unrolled); want %d and %d", steps, len(cells), len(lay.Cells), steps+1, steps)
		}
		wantX, wantH := []string{"x_t"}, []string{"h_t"}
		for k := range steps {
			wantX, wantH = append(wantX, fmt.Sprintf("x_%d", k)), append(wantH, fmt.Sprintf("h_%d", k))
		}
		if got := symbols(d, "input"); !slices.Equal(got, wantX) {
			t.Errorf("%d steps: inputs %v, want %v", steps, got, wantX)
		}
		if got := symbols(d, "output"); !slices.Equal(got, wantH) {
			t.Errorf("%d steps: outputs %v, want %v", steps, got, wantH)
		}
		if n, m := len(d.ArrowsOf("input")), len(d.ArrowsOf("output")); n != steps+1 || m != steps+1 {
			t.Errorf("%d steps: %d input and %d output arrows, want %d each", steps, n, m, steps+1)
		}
		// The loop leaves the folded cell and comes back into it.
		if loops := d.ArrowsOf("loop"); len(loops) != 1 || loops[0] != lay.Loop || d.Arrows[lay.Loop].From != lay.Folded || d.Arrows[lay.Loop].To != lay.Folded {
			t.Errorf("%d steps: the loop arrows are %v", steps, loops)
		}
		// The state: h₋₁ = 0 into the first copy, then from each copy to the next.
		if len(lay.States) != steps {
			t.Fatalf("%d steps: %d state arrows, want %d", steps, len(lay.States), steps)
		}
		for k, i := range lay.States {
			a, from := d.Arrows[i], -1
			if k > 0 {
				from = lay.Cells[k-1]
			}
			if a.From != from || a.To != lay.Cells[k] {
				t.Errorf("%d steps: state arrow %d goes from node %d to %d, want %d to %d", steps, k, a.From, a.To, from, lay.Cells[k])
			}
		}
		for k := 1; k < steps; k++ {
			if d.Nodes[lay.Cells[k]].X <= d.Nodes[lay.Cells[k-1]].X || d.Nodes[lay.Cells[0]].X <= d.Nodes[lay.Folded].X {
				t.Errorf("%d steps: the cells are not left to right", steps)
			}
		}
		captions := strings.Join(d.TextsOf("caption"), " ")
		if !strings.Contains(captions, "the same weights W, U, b at every step") {
			t.Errorf("%d steps: captions %q do not say that the weights are shared", steps, captions)
		}
		if got := d.TextsOf("equals"); !slices.Equal(got, []string{"="}) {
			t.Errorf("%d steps: texts %v for the =", steps, got)
		}
		checkDiagram(t, d, mustPlot(t)(UnrolledRNN("An RNN, folded and unrolled", steps)))
	}
	for _, steps := range []int{-1, 0, 1, 7, 100} {
		p, err := UnrolledRNN("bad", steps)
		wantError(t, fmt.Sprintf("%d steps", steps), err)
		if p != nil {
			t.Errorf("%d steps: a plot with the error", steps)
		}
	}
}

func TestLSTMCell(t *testing.T) {
	lay := NewLSTMCell()
	d := &lay.Diagram
	var layers, ops []string
	for _, i := range lay.Gates {
		layers = append(layers, d.Nodes[i].Text.String())
	}
	for _, i := range lay.Ops {
		ops = append(ops, d.Nodes[i].Text.String())
	}
	if want := []string{"σ", "σ", "tanh", "σ"}; !slices.Equal(layers, want) || len(d.NodesOf("layer")) != 4 {
		t.Errorf("layers %v, want %v", layers, want)
	}
	if want := []string{"×", "×", "+", "tanh", "×"}; !slices.Equal(ops, want) || len(d.NodesOf("op")) != 5 {
		t.Errorf("pointwise operations %v, want %v", ops, want)
	}
	if got, want := d.TextsOf("gate"), []string{"f", "i", "g", "o"}; !slices.Equal(got, want) {
		t.Errorf("gate letters %v, want %v", got, want)
	}
	if got, want := d.TextsOf("input"), []string{"c_t−1", "h_t−1", "x_t"}; !slices.Equal(got, want) {
		t.Errorf("inputs %v, want %v", got, want)
	}
	if got, want := d.TextsOf("output"), []string{"c_t", "h_t", "h_t"}; !slices.Equal(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
	eqs := d.TextsOf("equation")
	if len(eqs) != 6 || eqs[0] != "f = σ(W_f·[h, x] + b_f)" || eqs[4] != "c_t = f⊙c_t−1 + i⊙g" || eqs[5] != "h_t = o⊙tanh(c_t)" {
		t.Errorf("equations %q", eqs)
	}
	// The cell state runs along the top through × and +, left to right.
	cell := d.ArrowsOf("cell")
	if len(cell) != 3 || d.Arrows[cell[0]].To != lay.Ops[0] || d.Arrows[cell[1]].From != lay.Ops[0] ||
		d.Arrows[cell[1]].To != lay.Ops[2] || d.Arrows[cell[2]].From != lay.Ops[2] {
		t.Errorf("the cell state's arrows %v do not go c_{t−1} → × → + → c_t", cell)
	}
	// Each layer gets [h, x] from below and feeds its pointwise operation.
	for k, g := range lay.Gates {
		in, out := 0, 0
		for _, a := range d.Arrows {
			if a.To == g {
				in++
			}
			if a.From == g {
				out++
			}
		}
		if in != 1 || out != 1 {
			t.Errorf("layer %d (%s) has %d arrows in and %d out, want 1 and 1", k, layers[k], in, out)
		}
	}
	for k, g := range lay.Gates {
		if n := d.Nodes[lay.Frame]; math.Abs(d.Nodes[g].X-n.X) > n.W/2 || math.Abs(d.Nodes[g].Y-n.Y) > n.H/2 {
			t.Errorf("layer %d lies outside the cell", k)
		}
	}
	checkDiagram(t, d, mustPlot(t)(LSTMCell("Inside an LSTM cell")))
}

func TestEncoderDecoder(t *testing.T) {
	for _, caption := range [][]string{
		{"a", "cat", "on", "a", "mat"},
		{"hello"},
		{"a", "dog", "catches", "a", "frisbee", "outdoors"},
		{"the", "caption", "fits", "however", "long", "words"},
		{"a", "skateboarder", "jumps"},
	} {
		lay, err := NewEncoderDecoder(caption)
		if err != nil {
			t.Fatal(err)
		}
		d := &lay.Diagram
		steps := len(caption) + 1
		if len(lay.Cells) != steps || len(d.NodesOf("cell")) != steps {
			t.Errorf("%v: %d cells, want %d", caption, len(d.NodesOf("cell")), steps)
		}
		inputs := append([]string{"<start>"}, caption...)
		outputs := append(append([]string(nil), caption...), "<end>")
		if got := d.TextsOf("input"); !slices.Equal(got, inputs) {
			t.Errorf("inputs %v, want %v", got, inputs)
		}
		if got := d.TextsOf("output"); !slices.Equal(got, outputs) {
			t.Errorf("outputs %v, want %v", got, outputs)
		}
		// The word written at each step is the one read at the next.
		for k := 1; k < steps; k++ {
			if d.Texts[lay.Inputs[k]].String() != d.Texts[lay.Outputs[k-1]].String() {
				t.Errorf("%v: step %d reads %q, step %d wrote %q", caption, k, d.Texts[lay.Inputs[k]], k-1, d.Texts[lay.Outputs[k-1]])
			}
		}
		// The features are the decoder's initial state.
		if len(lay.States) != steps || d.Arrows[lay.States[0]].From != lay.Features || d.Arrows[lay.States[0]].To != lay.Cells[0] {
			t.Errorf("%v: state arrows %v do not start at the features", caption, lay.States)
		}
		for k := 1; k < steps; k++ {
			if a := d.Arrows[lay.States[k]]; a.From != lay.Cells[k-1] || a.To != lay.Cells[k] {
				t.Errorf("%v: state arrow %d goes from %d to %d", caption, k, a.From, a.To)
			}
		}
		// A CNN of shrinking maps between the image and the features.
		if len(lay.Maps) < 2 {
			t.Errorf("%d feature maps", len(lay.Maps))
		}
		for k := 1; k < len(lay.Maps); k++ {
			if d.Nodes[lay.Maps[k]].H >= d.Nodes[lay.Maps[k-1]].H {
				t.Errorf("feature map %d is not smaller than the one before", k)
			}
		}
		order := append(append([]int{lay.Image}, lay.Maps...), lay.Features, lay.Cells[0])
		for k := 1; k < len(order); k++ {
			if d.Nodes[order[k]].X <= d.Nodes[order[k-1]].X {
				t.Errorf("image, maps, features, decoder are not left to right")
			}
		}
		if got := strings.Join(d.TextsOf("group"), ", "); got != "CNN encoder, LSTM decoder" {
			t.Errorf("group names %q", got)
		}
		if c := strings.Join(d.TextsOf("caption"), " "); !strings.Contains(c, "one token at a time") || !strings.Contains(c, "lesson 06") {
			t.Errorf("caption %q", c)
		}
		checkDiagram(t, d, mustPlot(t)(EncoderDecoder("Show and tell", caption)))
	}
	for name, caption := range map[string][]string{
		"nil":        nil,
		"no words":   {},
		"7 words":    {"a", "b", "c", "d", "e", "f", "g"},
		"empty word": {"a", ""},
		"long word":  {"an", "extraordinarily", "long", "caption", "goes", "here"},
	} {
		_, err := EncoderDecoder("bad", caption)
		wantError(t, name, err)
	}
}

func TestFormula(t *testing.T) {
	for in, want := range map[string][]Symbol{
		"x_t":                {{Base: "x", Sub: "t"}},
		"W_f·[h_{t−1}, x_t]": {{Base: "W", Sub: "f"}, {Base: "·[h", Sub: "t−1"}, {Base: ", x", Sub: "t"}, {Base: "]"}},
		"a_1^{(2)}":          {{Base: "a", Sub: "1", Sup: "(2)"}},
		"x^2 + y":            {{Base: "x", Sup: "2"}, {Base: " + y"}},
		"f⊙c":                {{Base: "f"}, {Base: "⊙"}, {Base: "c"}},
		"plain text":         {{Base: "plain text"}},
	} {
		if got := formula(in); !slices.Equal(got, want) {
			t.Errorf("formula(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestWrapWords(t *testing.T) {
	text := "the encoder turns the input into a vector; the decoder writes the output one token at a time"
	lines := wrapWords(text, NoteSize, 6*vg.Centimeter)
	if len(lines) < 2 || strings.Join(lines, " ") != text {
		t.Errorf("wrapWords: %q", lines)
	}
	sty := textStyle(NoteSize, plot.DefaultTextHandler)
	for _, l := range lines {
		if sty.Width(l) > 6*vg.Centimeter {
			t.Errorf("line %q is wider than 6 cm", l)
		}
	}
}
