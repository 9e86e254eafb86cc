package plots

import (
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// quadrants classifies by the signs of the coordinates: 0 right, 1 top
// left, 2 bottom left.
func quadrants(x1, x2 float64) int {
	switch {
	case x1 >= 0:
		return 0
	case x2 >= 0:
		return 1
	}
	return 2
}

func TestRegionsClasses(t *testing.T) {
	r, err := NewRegions(quadrants, -2, 2, -2, 2, 101)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		x, y float64
		want int
	}{
		{1, 1, 0}, {1, -1.5, 0}, {-1, 1, 1}, {-0.5, 1.9, 1}, {-1, -1, 2}, {-1.9, -0.1, 2},
		{3, 0, -1}, {0, -2.5, -1}, // Outside the area.
	} {
		if got := r.ClassAt(c.x, c.y); got != c.want {
			t.Errorf("ClassAt(%g, %g) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
	counts := r.Counts()
	// 101×101 points; the row x₂ = 0 goes to class 1.
	if counts[0] != 51*101 || counts[1] != 51*50 || counts[2] != 50*50 {
		t.Errorf("areas %v: class 0 covers the right half, 1 and 2 a quarter each", counts)
	}
}

func TestRegionsErrors(t *testing.T) {
	_, err := NewRegions(nil, 0, 1, 0, 1, 10)
	wantError(t, "nil classifier", err)
	_, err = NewRegions(quadrants, 1, 0, 0, 1, 10)
	wantError(t, "xMin > xMax", err)
	_, err = NewRegions(quadrants, 0, 1, 0, 1, 1)
	wantError(t, "1 point a side", err)
}

func TestDecisionBoundary(t *testing.T) {
	data := Classes{
		Points: [][]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}, {-0.5, -1.5}},
		Labels: []int{0, 0, 1, 2, 2},
		Names:  []string{"right", "top left", "bottom left"},
	}
	p := mustPlot(t)(DecisionBoundary("Three classes", "x₁", "x₂", quadrants, data))
	checkPNG(t, p, Width, Height)
	// The axes cover the data with a margin.
	if p.X.Min > -1 || p.X.Max < 1 || p.Y.Min > -1.5 || p.Y.Max < 1 {
		t.Errorf("axes [%g, %g]×[%g, %g] do not cover the data", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestClassesValidate(t *testing.T) {
	for name, c := range map[string]Classes{
		"no points":      {},
		"missing labels": {Points: [][]float64{{0, 0}, {1, 1}}, Labels: []int{0}},
		"3 coordinates":  {Points: [][]float64{{0, 0, 0}}, Labels: []int{0}},
		"negative label": {Points: [][]float64{{0, 0}}, Labels: []int{-1}},
		"not a number":   {Points: [][]float64{{0, nan()}}, Labels: []int{0}},
	} {
		wantError(t, name, c.Validate())
		_, err := Scatter("x", "x", "y", c)
		wantError(t, name+" (Scatter)", err)
	}
	c := Classes{Points: [][]float64{{0, 0}, {1, 1}}, Labels: []int{0, 3}, Names: []string{"cat"}}
	if c.NumClasses() != 4 || c.Name(0) != "cat" || c.Name(3) != "class 3" {
		t.Errorf("NumClasses %d, names %q %q", c.NumClasses(), c.Name(0), c.Name(3))
	}
}

// TestDecisionBoundaryEqualAspect: a decision boundary's axes are both x₁, x₂
// of the same data, so a unit must be as long on both, at the default size
// and in a panel of SideBySide (circles were drawn as ellipses, issue 19).
func TestDecisionBoundaryEqualAspect(t *testing.T) {
	data := Classes{Points: [][]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}, Labels: []int{0, 0, 1, 1}}
	p := mustPlot(t)(DecisionBoundary("Two classes", "x₁", "x₂", quadrants, data))
	for _, size := range [][2]vg.Length{{Width, Height}, {Width / 2, Height}, {8 * vg.Centimeter, 14 * vg.Centimeter}} {
		x, y := UnitLengths(p, size[0], size[1])
		if r := aspectRatio(x, y); r > 0.01 {
			t.Errorf("drawn at %v×%v: a unit of x₁ is %v long, of x₂ %v", size[0], size[1], x, y)
		}
	}
	// The regions fill the widened axes: the corners are shaded, not white.
	img := renderImage(t, p, Width, Height)
	c := draw.New(vgimg.New(Width, Height))
	q := withEqualAspect(p, c)
	da := q.DataCanvas(c)
	for _, pt := range []vg.Point{{X: da.Min.X + 3, Y: da.Min.Y + 3}, {X: da.Min.X + 3, Y: da.Max.Y - 3}} {
		px, py := int(pt.X.Dots(DPI)), int((Height - pt.Y).Dots(DPI))
		if r, g, b, _ := img.At(px, py).RGBA(); r>>8 > 250 && g>>8 > 250 && b>>8 > 250 {
			t.Errorf("the data area's corner (%d, %d) is white: the regions do not fill the widened axes", px, py)
		}
	}
}
