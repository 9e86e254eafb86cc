package data

import (
	"math"
	"testing"
)

func TestDeckExample(t *testing.T) {
	d := DeckExample()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// The deck: x = (2, 3) gives y = 1.8 and x = (4, 5) gives y = 3.2.
	wantRows(t, d, [][]float64{{2, 3}, {4, 5}})
	wantFloats(t, "targets", d.Targets, []float64{1.8, 3.2})
	// The deck's cost at w = 0: J = (1/(2*2)) * (1.8² + 3.2²) = 3.37.
	var j float64
	for i := 0; i < d.Len(); i++ {
		j += math.Pow(float64(d.Targets[i]), 2)
	}
	if j /= 4; !closeTo(j, 3.37, 1e-6) {
		t.Errorf("J(0, 0, 0) = %g, want 3.37", j)
	}
	// The deck's gradient at w = 0, by its formulas:
	// ∂J/∂w0 = (1/2)(-1.8 - 3.2) = -2.5, ∂J/∂w1 = (1/2)(-1.8·2 - 3.2·4) = -8.2,
	// ∂J/∂w2 = (1/2)(-1.8·3 - 3.2·5) = -10.7.
	grad := make([]float64, 3)
	for i := 0; i < d.Len(); i++ {
		x := append([]float32{1}, d.Row(i)...)
		for k := range grad {
			grad[k] += -float64(d.Targets[i]) * float64(x[k]) / 2
		}
	}
	for k, want := range []float64{-2.5, -8.2, -10.7} {
		if !closeTo(grad[k], want, 1e-6) {
			t.Errorf("∂J/∂w%d at 0 = %g, want %g", k, grad[k], want)
		}
	}
}

// NumPy 1.24.2: r = np.random.RandomState(0); x = r.uniform(0, 10, 4);
// y = 2*x + 1 + r.normal(0, 0.5, 4)
func TestLineMatchesNumPy(t *testing.T) {
	d, err := Line(4, 2, 1, 0.5, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantFloats(t, "x", d.X, []float64{5.4881350392732475, 7.151893663724195, 6.027633760716439, 5.448831829968968})
	wantFloats(t, "y", d.Targets, []float64{12.91004907362148, 14.815148387510185, 13.530311730195672, 11.821985055789089})
}

// NumPy 1.24.2: r = np.random.RandomState(4); X = r.normal(0, 1, (5, 2));
// y = X @ [2, -3.4] + 4.2 + r.normal(0, 0.01, 5)
func TestLinearMatchesNumPy(t *testing.T) {
	d, err := Linear(5, []float64{2, -3.4}, 4.2, 0.01, 4)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{
		{0.05056170714293955, 0.499951333237829}, {-0.9959089311068651, 0.6935985082913116},
		{-0.41830152002691007, -1.5845772351121241}, {-0.6477067671218505, 0.5985751739673772},
		{0.3322500326099644, -1.1474766329454797}})
	wantFloats(t, "y", d.Targets, []float64{2.6074755781675294, -0.15093265968759248, 8.755210283292273, 0.8727534057209396, 8.75435245462537})
}

func TestLinearStatistics(t *testing.T) {
	// Least squares on a large sample recovers the weights within a few
	// standard errors; the features are standard normal.
	w := []float64{2, -3.4}
	d, err := Linear(20000, w, 4.2, 0.01, 7)
	if err != nil {
		t.Fatal(err)
	}
	var mean, sq float64
	for _, v := range d.X {
		mean += float64(v)
	}
	mean /= float64(len(d.X))
	for _, v := range d.X {
		sq += (float64(v) - mean) * (float64(v) - mean)
	}
	std := math.Sqrt(sq / float64(len(d.X)))
	if math.Abs(mean) > 0.02 || math.Abs(std-1) > 0.02 {
		t.Errorf("features have mean %.4f and std %.4f, want 0 and 1", mean, std)
	}
	var resid float64
	for i := 0; i < d.Len(); i++ {
		x := d.Row(i)
		e := float64(d.Targets[i]) - (w[0]*float64(x[0]) + w[1]*float64(x[1]) + 4.2)
		resid += e * e
	}
	if rms := math.Sqrt(resid / float64(d.Len())); math.Abs(rms-0.01) > 0.001 {
		t.Errorf("residuals have RMS %.5f, want the noise 0.01", rms)
	}
}

func TestGeneratorsRejectBadArguments(t *testing.T) {
	for name, f := range map[string]func() error{
		"Line n=0":          func() error { _, err := Line(0, 1, 0, 0.1, 1); return err },
		"Line noise<0":      func() error { _, err := Line(5, 1, 0, -1, 1); return err },
		"Linear no weights": func() error { _, err := Linear(5, nil, 0, 0.1, 1); return err },
		"Linear noise NaN":  func() error { _, err := Linear(5, []float64{1}, 0, math.NaN(), 1); return err },
		"Blobs 0 centres":   func() error { _, err := Blobs(10, 0, 2, 1, 1); return err },
		"Circles factor 1":  func() error { _, err := Circles(10, 0.1, 1, 1); return err },
		"Moons n=-1":        func() error { _, err := Moons(-1, 0.1, 1); return err },
		"XOR noise<0":       func() error { _, err := XOR(10, -0.1, 1); return err },
		"Spirals 0 classes": func() error { _, err := Spirals(10, 0, 0.1, 1); return err },
		"SineSeries n=0":    func() error { _, err := SineSeries(0, 0.01, 0.2, 1); return err },
		"RandomWalk step<0": func() error { _, err := RandomWalk(10, -1, 1); return err },
		"SineWaves steps=0": func() error { _, err := SineWaves(3, 0, 0.1, 1); return err },
		"Windows too long":  func() error { _, err := Windows([]float32{1, 2, 3}, 3); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
