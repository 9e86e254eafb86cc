package data

import (
	"math"
	"testing"
)

// Expected values computed once with NumPy 1.24.2, with the recipes in the
// functions' comments.
func TestSineSeriesMatchesNumPy(t *testing.T) {
	x, err := SineSeries(5, 0.01, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantFloats(t, "sine", x, []float64{0.334868906066815, -0.102352616036682, -0.07563885025019548, -0.17460439024459995, 0.22306069513561405})
}

func TestRandomWalkMatchesNumPy(t *testing.T) {
	x, err := RandomWalk(5, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	wantFloats(t, "walk", x, []float64{-0.4167578474054706, -0.4730246746318001, -2.6092207703002543, -0.9689499618952657, -2.762385547090129})
}

func TestSineWavesMatchesNumPy(t *testing.T) {
	d, err := SineWaves(2, 4, 0.1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{1.1143385776178767, 0.8453722369417925, 0.5007831929520937, 0.16577444616457385, -0.020790950299892003},
		{-0.480822820342472, -0.6243170577707413, -0.7930128336276445, -0.8281789333540516, -0.8443985340996002}}
	for i, w := range want {
		wantFloats(t, "wave", d.Row(i), w[:4])
		wantFloats(t, "target", d.TargetRow(i), w[4:])
	}
	wantInts(t, "shape", d.Shape, []int{4, 1})
}

func TestSineSeriesStatistics(t *testing.T) {
	// d2l's series: the noise around sin(0.01 t) has standard deviation 0.2.
	x, _ := SineSeries(1000, 0.01, 0.2, 3)
	var sq float64
	for i, v := range x {
		e := float64(v) - math.Sin(0.01*float64(i+1))
		sq += e * e
	}
	if std := math.Sqrt(sq / 1000); math.Abs(std-0.2) > 0.02 {
		t.Errorf("noise std %.4f, want 0.2", std)
	}
}

func TestWindows(t *testing.T) {
	d, err := Windows([]float32{1, 2, 3, 4, 5}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{1, 2, 3}, {2, 3, 4}})
	wantFloats(t, "targets", d.Targets, []float64{4, 5})
	wantInts(t, "shape", d.Shape, []int{3, 1})
	if _, err := Windows([]float32{1, 2}, 0); err == nil {
		t.Error("a window of 0 gave no error")
	}
}
