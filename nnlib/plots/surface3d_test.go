package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func TestProjection(t *testing.T) {
	g, _ := SampleGrid(bowl, -1, 1, -1, 1, 11, 11)
	s, err := NewSurface(g, [3]string{"x", "y", "z"})
	if err != nil {
		t.Fatal(err)
	}
	// Seen from straight above, x goes right, y goes up, height is depth.
	s.View = View{Azimuth: 0, Elevation: 90}
	pr := s.projector()
	u, v, _ := pr.project(1, 0, 0)
	if math.Abs(u-1) > 1e-9 || math.Abs(v) > 1e-9 {
		t.Errorf("(1, 0, 0) from above is at (%g, %g), want (1, 0)", u, v)
	}
	_, _, dLow := pr.project(0, 0, 0)
	_, _, dHigh := pr.project(0, 0, 2)
	if dHigh >= dLow {
		t.Errorf("from above, a higher point must be nearer: depths %g and %g", dHigh, dLow)
	}
	// Level view from the front: height goes up the page.
	s.View = View{Azimuth: 0, Elevation: 0}
	pr = s.projector()
	_, v0, _ := pr.project(0, 0, 0)
	_, v1, _ := pr.project(0, 0, 2)
	if !(v1 > v0) {
		t.Errorf("higher points must be drawn higher: %g, %g", v0, v1)
	}
}

func TestSurfacePlot(t *testing.T) {
	g, _ := SampleGrid(bowl, -2, 2, -2, 2, 21, 21)
	path := plotter.XYZs{{X: 1.5, Y: 1.5, Z: 4.5}, {X: 0.5, Y: 0.5, Z: 0.5}, {X: 0, Y: 0, Z: 0}}
	p := mustPlot(t)(SurfacePlot("Bowl", g, [3]string{"w₀", "w₁", "J"}, DefaultView, 5, path))
	checkPNG(t, p, Width, Height)
	_, err := SurfacePlot("Bowl", g, [3]string{}, View{Elevation: 120}, 0, nil)
	wantError(t, "elevation 120°", err)
	_, err = SurfacePlot("Bowl", g, [3]string{}, DefaultView, 0, plotter.XYZs{{X: math.NaN()}})
	wantError(t, "NaN path", err)
	_, err = SurfacePlot("Bowl", &Grid{}, [3]string{}, DefaultView, 0, nil)
	wantError(t, "empty grid", err)
	// A cut at ZMax = 0 with values of both signs is no cut.
	s, _ := NewSurface(&Grid{Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{-1, 1}, {1, 2}}}, [3]string{})
	if lo, hi := s.zRange(); lo != -1 || hi != 2 {
		t.Errorf("zRange = %g, %g; want -1, 2", lo, hi)
	}
}

func TestFormatTick(t *testing.T) {
	for _, c := range []struct {
		v, span float64
		want    string
	}{{0.000556, 15.8, "0"}, {1.5, 2, "1.5"}, {-0.5, 2, "-0.5"}, {9.06, 9, "9.06"}, {120, 200, "120"}} {
		if got := formatTick(c.v, c.span); got != c.want {
			t.Errorf("formatTick(%g, %g) = %q, want %q", c.v, c.span, got, c.want)
		}
	}
}

// TestSurfaceZTicks: the vertical axis had two labels, its ends (issue 19).
func TestSurfaceZTicks(t *testing.T) {
	g, _ := SampleGrid(bowl, -1, 1, -1, 1, 11, 11)
	s, err := NewSurface(g, [3]string{"x", "y", "z"})
	if err != nil {
		t.Fatal(err)
	}
	zMin, zMax := s.zRange()
	ticks := s.ZTicks()
	if len(ticks) < 3 {
		t.Errorf("%d labelled heights on [%g, %g], want at least 3", len(ticks), zMin, zMax)
	}
	for _, tk := range ticks {
		if tk.Value < zMin || tk.Value > zMax {
			t.Errorf("height tick %g outside [%g, %g]", tk.Value, zMin, zMax)
		}
	}
}
