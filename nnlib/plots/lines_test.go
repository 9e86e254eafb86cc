package plots

import (
	"math"
	"testing"
)

func TestSeriesPoints(t *testing.T) {
	xys, err := Series{Y: []float64{3, math.NaN(), 1}}.xys()
	if err != nil {
		t.Fatal(err)
	}
	if len(xys) != 2 || xys[0].X != 0 || xys[1].X != 2 || xys[1].Y != 1 {
		t.Errorf("NaN must be skipped and X default to 0, 1, 2: got %v", xys)
	}
	for name, s := range map[string]Series{
		"no values":      {Name: "cost"},
		"X and Y differ": {X: []float64{1, 2}, Y: []float64{1}},
		"infinite value": {Y: []float64{1, math.Inf(1)}},
		"all missing":    {Y: []float64{math.NaN()}},
	} {
		_, err := s.xys()
		wantError(t, name, err)
	}
}

func TestLines(t *testing.T) {
	train := []float64{1, 0.6, 0.4, 0.3, 0.25}
	val := []float64{1.1, 0.7, 0.55, 0.5, 0.52}
	p := mustPlot(t)(TrainValidation("Cost per epoch", "cost", train, val))
	checkPNG(t, p, Width, Height)
	_, err := TrainValidation("Cost", "cost", train, val[:3])
	wantError(t, "validation shorter than training", err)
	_, err = Lines("Nothing", "x", "y")
	wantError(t, "no series", err)
	wantError(t, "nil plot", AddLines(nil, Series{Y: train}))
}

func TestCurve(t *testing.T) {
	s, err := Curve("square", func(x float64) float64 { return x * x }, -1, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.X) != 5 || s.X[0] != -1 || s.X[4] != 1 || s.Y[2] != 0 || s.Y[4] != 1 {
		t.Errorf("Curve sampled %v → %v", s.X, s.Y)
	}
	_, err = Curve("bad", func(x float64) float64 { return x }, 1, 1, 5)
	wantError(t, "empty range", err)
	_, err = Curve("bad", nil, 0, 1, 5)
	wantError(t, "nil function", err)
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 0.05: "0.05", 1.25: "1.25", 120: "120", 12345: "12300", -4: "-4", 42: "42", 0.0123456: "0.0123", 1e-6: "1e-06",
	} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%g) = %q, want %q", v, got, want)
		}
	}
}
