package plots

import "testing"

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
