package plots

import (
	"math"
	"strconv"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func nan() float64 { return math.NaN() }

func bowl(x, y float64) float64 { return x*x + y*y }

func TestIsolinesOfACircle(t *testing.T) {
	g, err := SampleGrid(bowl, -2, 2, -2, 2, 81, 81)
	if err != nil {
		t.Fatal(err)
	}
	for _, level := range []float64{0.25, 1, 2} {
		lines, err := Isolines(g, level)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 1 {
			t.Fatalf("level %g: %d lines, want 1 closed circle", level, len(lines))
		}
		line := lines[0]
		if line[0] != line[len(line)-1] {
			t.Errorf("level %g: the circle is not closed", level)
		}
		for _, p := range line {
			if r := math.Hypot(p.X, p.Y); math.Abs(r-math.Sqrt(level)) > 0.01 {
				t.Errorf("level %g: point %v at radius %g, want %g", level, p, r, math.Sqrt(level))
				break
			}
		}
	}
	if lines, _ := Isolines(g, 100); len(lines) != 0 {
		t.Errorf("a level above every value has %d lines", len(lines))
	}
}

func TestContourLevels(t *testing.T) {
	if got := Levels(0, 10, 4); !equal(got, []float64{2, 4, 6, 8}) {
		t.Errorf("Levels(0, 10, 4) = %v", got)
	}
	if got := GeometricLevels(1, 100, 3); !near(got, []float64{1, 10, 100}) {
		t.Errorf("GeometricLevels(1, 100, 3) = %v", got)
	}
	if got := NiceLevels(0.01, 10); !equal(got, []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10}) {
		t.Errorf("NiceLevels(0.01, 10) = %v", got)
	}
	if Levels(1, 0, 3) != nil || GeometricLevels(0, 1, 3) != nil || NiceLevels(-1, 1) != nil {
		t.Errorf("bad ranges must give no levels")
	}
	g, _ := SampleGrid(bowl, -2, 2, -2, 2, 41, 41)
	c, err := NewContours(g, []float64{0.5, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, level := range c.Levels {
		for _, line := range c.Lines(k) {
			for _, p := range line {
				if v := bowl(p.X, p.Y); math.Abs(v-level) > 0.02 {
					t.Fatalf("a point of level %g has value %g", level, v)
				}
			}
		}
	}
	_, err = NewContours(g, []float64{2, 1})
	wantError(t, "decreasing levels", err)
	_, err = NewContours(g, nil)
	wantError(t, "no levels", err)
	checkPNG(t, mustPlot(t)(ContourPlot("Bowl", "x", "y", g, c.Levels)), Width, Height)
}

func TestGridValidate(t *testing.T) {
	for name, g := range map[string]*Grid{
		"nil":               nil,
		"one column":        {Xs: []float64{0}, Ys: []float64{0, 1}, Values: [][]float64{{0}, {0}}},
		"rows ≠ Ys":         {Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{0, 0}}},
		"short row":         {Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{0, 0}, {0}}},
		"decreasing X":      {Xs: []float64{1, 0}, Ys: []float64{0, 1}, Values: [][]float64{{0, 0}, {0, 0}}},
		"infinite value":    {Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{0, math.Inf(1)}, {0, 0}}},
		"all values absent": {Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{nan(), nan()}, {nan(), nan()}}},
	} {
		wantError(t, name, g.Validate())
	}
	_, err := SampleGrid(bowl, 0, 1, 0, 1, 1, 5)
	wantError(t, "1 column", err)
}

func TestHeatMap(t *testing.T) {
	g, _ := SampleGrid(bowl, -1, 1, -1, 1, 21, 11)
	h, err := NewHeatMap(g)
	if err != nil {
		t.Fatal(err)
	}
	if b := h.Image().Bounds(); b.Dx() != 21 || b.Dy() != 11 {
		t.Errorf("heat map image is %v, want one pixel per grid point (21×11)", b)
	}
	if h.Fraction(0) != 0 || h.Fraction(2) != 1 || h.Fraction(1) != 0.5 {
		t.Errorf("linear fractions: %g %g %g", h.Fraction(0), h.Fraction(2), h.Fraction(1))
	}
	h.Log = true
	if f := h.Fraction(1); f <= 0.5 || f >= 1 {
		t.Errorf("a logarithmic scale spreads low values: Fraction(1) = %g", f)
	}
	checkPNG(t, mustPlot(t)(HeatMapPlot("Bowl", "x", "y", g, Levels(0, 2, 3), true)), Width, Height)
}

func TestTrajectory(t *testing.T) {
	g, _ := SampleGrid(bowl, -2, 2, -2, 2, 41, 41)
	p := mustPlot(t)(ContourPlot("Bowl", "w₀", "w₁", g, NiceLevels(0.1, 5)))
	var path plotter.XYs
	x, y := 1.8, -1.5
	for range 30 {
		path = append(path, plotter.XY{X: x, Y: y})
		x, y = x-0.2*2*x, y-0.2*2*y
	}
	if err := AddTrajectory(p, path, "gradient descent"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, p, Width, Height)
	wantError(t, "one point", AddTrajectory(p, path[:1], "x"))
	wantError(t, "diverged", AddTrajectory(p, plotter.XYs{{X: 0, Y: 0}, {X: math.Inf(1), Y: 0}}, "x"))
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func near(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// TestColorBar: a heat map's colour bar marks at least three values, in
// order, each where the heat map gives it its colour (a log scale too).
func TestColorBar(t *testing.T) {
	g, _ := SampleGrid(func(x, y float64) float64 { return 10 * (x*x + y*y) }, -1, 1, -1, 1, 21, 21)
	for _, log := range []bool{false, true} {
		h, err := NewHeatMap(g)
		if err != nil {
			t.Fatal(err)
		}
		h.Log = log
		ticks := colorBarTicks(h)
		if len(ticks) < 3 {
			t.Errorf("log %v: %d values marked on the colour bar, want at least 3", log, len(ticks))
		}
		for i, tk := range ticks {
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil {
				t.Fatalf("label %q: %v", tk.Label, err)
			}
			if math.Abs(h.Fraction(v)-tk.Value) > 0.01 {
				t.Errorf("log %v: %q marked at %g of the bar, the heat map colours it at %g", log, tk.Label, tk.Value, h.Fraction(v))
			}
			if i > 0 && tk.Value <= ticks[i-1].Value {
				t.Errorf("log %v: ticks out of order: %v", log, ticks)
			}
		}
		p := New("heat", "x", "y")
		p.Add(h)
		fig := mustPlot(t)(ColorBar(p, h, "J"))
		checkPNG(t, fig, Width, Height)
	}
}
