package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Symbol is a math symbol with an optional subscript and superscript, such
// as a₁⁽²⁾ (Base "a", Sub "1", Sup "(2)"): the course font lacks most
// superscript characters, so they are drawn smaller and raised.
type Symbol struct {
	Base, Sub, Sup string
	Tail           string // Plain text after the scripts, such as "(x)" in h_w(x).
}

// String writes the symbol on one line, as in "a_1^(2)".
func (s Symbol) String() string {
	out := s.Base
	if s.Sub != "" {
		out += "_" + s.Sub
	}
	if s.Sup != "" {
		out += "^" + s.Sup
	}
	return out + s.Tail
}

// width returns the width of s with its base at the given size.
func (s Symbol) width(size vg.Length) vg.Length {
	base := textStyle(size, plot.DefaultTextHandler)
	small := textStyle(size*0.68, plot.DefaultTextHandler)
	w := max(small.Width(s.Sub), small.Width(s.Sup))
	if w > 0 {
		w += size * 0.03
	}
	return base.Width(s.Base) + w + base.Width(s.Tail)
}

// draw writes s centred at pt with the base at the given size.
func (s Symbol) draw(c draw.Canvas, pt vg.Point, size vg.Length, col color.Color) {
	base := textStyle(size, plot.DefaultTextHandler)
	small := textStyle(size*0.68, plot.DefaultTextHandler)
	base.Color, small.Color = col, col
	base.YAlign, small.YAlign = draw.YCenter, draw.YCenter
	wBase := base.Width(s.Base)
	wScript := max(small.Width(s.Sub), small.Width(s.Sup))
	if wScript > 0 {
		wScript += size * 0.03
	}
	x := pt.X - s.width(size)/2
	c.FillText(base, vg.Point{X: x, Y: pt.Y}, s.Base)
	x += wBase + size*0.03
	if s.Sub != "" {
		c.FillText(small, vg.Point{X: x, Y: pt.Y - size*0.3}, s.Sub)
	}
	if s.Sup != "" {
		c.FillText(small, vg.Point{X: x, Y: pt.Y + size*0.38}, s.Sup)
	}
	if s.Tail != "" {
		c.FillText(base, vg.Point{X: x - size*0.03 + wScript, Y: pt.Y}, s.Tail)
	}
}
