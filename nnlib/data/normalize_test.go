package data

import (
	"math"
	"testing"
)

func TestStandardizerPerFeature(t *testing.T) {
	d, _ := Blobs(500, 3, 2, 2, 5)
	s, err := FitStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	orig := append([]float32(nil), d.X...)
	if err := s.Apply(d); err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 2; j++ {
		var sum, sq float64
		for i := 0; i < d.Len(); i++ {
			sum += float64(d.Row(i)[j])
		}
		mean := sum / float64(d.Len())
		for i := 0; i < d.Len(); i++ {
			sq += math.Pow(float64(d.Row(i)[j])-mean, 2)
		}
		if std := math.Sqrt(sq / float64(d.Len())); math.Abs(mean) > 1e-5 || math.Abs(std-1) > 1e-5 {
			t.Errorf("feature %d: mean %g std %g after standardizing", j, mean, std)
		}
	}
	if err := s.Invert(d); err != nil {
		t.Fatal(err)
	}
	for i := range orig {
		if math.Abs(float64(orig[i]-d.X[i])) > 1e-4 {
			t.Fatalf("Invert did not restore value %d: %g vs %g", i, d.X[i], orig[i])
		}
	}
}

func TestStandardizerGlobalAndConstant(t *testing.T) {
	d := &Dataset{X: []float32{1, 5, 1, 7, 1, 9}, Shape: []int{2}}
	s, err := FitStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	if s.Std[0] != 1 || s.Mean[0] != 1 {
		t.Errorf("a constant feature got mean %g std %g, want 1 and 1", s.Mean[0], s.Std[0])
	}
	g, err := FitGlobalStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	// np.mean([1,5,1,7,1,9]) = 4, np.std(...) = sqrt(62/6)
	if !closeTo(float64(g.Mean[0]), 4, 1e-6) || !closeTo(float64(g.Std[0]), math.Sqrt(62.0/6), 1e-6) {
		t.Errorf("global mean %g std %g, want 4 and %g", g.Mean[0], g.Std[0], math.Sqrt(62.0/6))
	}
	other := &Dataset{X: []float32{1, 2, 3}, Shape: []int{3}}
	if err := s.Apply(other); err == nil {
		t.Error("applying a 2-feature standardizer to 3 features gave no error")
	}
	if _, err := FitStandardizer(&Dataset{Shape: []int{2}}); err == nil {
		t.Error("fitting on no examples gave no error")
	}
}

func TestOneHot(t *testing.T) {
	got, err := OneHot([]int{2, 0}, 3)
	if err != nil {
		t.Fatal(err)
	}
	wantFloats(t, "one-hot", got, []float64{0, 0, 1, 1, 0, 0})
	if _, err := OneHot([]int{0}, -1); err == nil {
		t.Error("-1 classes gave no error")
	}
	if _, err := OneHot([]int{3}, 3); err == nil {
		t.Error("label 3 of 3 classes gave no error")
	}
}
