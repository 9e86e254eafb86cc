package data

import "testing"

func tiny() *Dataset {
	return &Dataset{
		Name:   "tiny",
		X:      []float32{0, 0, 1, 1, 2, 2, 3, 3, 4, 4},
		Shape:  []int{2},
		Labels: []int{0, 1, 0, 1, 2},
	}
}

func TestDatasetBasics(t *testing.T) {
	d := tiny()
	if d.Len() != 5 || d.Dim() != 2 || d.NumClasses() != 3 {
		t.Fatalf("Len %d Dim %d NumClasses %d, want 5 2 3", d.Len(), d.Dim(), d.NumClasses())
	}
	wantInts(t, "ClassCounts", d.ClassCounts(), []int{2, 2, 1})
	wantFloats(t, "Row(3)", d.Row(3), []float64{3, 3})
	s, err := d.Subset([]int{4, 0})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, s, [][]float64{{4, 4}, {0, 0}})
	wantInts(t, "labels", s.Labels, []int{2, 0})
	s.X[0] = 99
	if d.X[8] == 99 {
		t.Error("Subset shares memory with the original")
	}
	h, _ := d.Head(10)
	if h.Len() != 5 {
		t.Errorf("Head(10) of 5 examples has %d", h.Len())
	}
}

func TestDatasetReshape(t *testing.T) {
	d := &Dataset{X: make([]float32, 2*784), Shape: []int{28, 28, 1}}
	d.Flatten()
	wantInts(t, "flat shape", d.Shape, []int{784})
	if err := d.Reshape(28, 28, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.Reshape(27, 28); err == nil {
		t.Error("reshaping 784 values to 27×28 gave no error")
	}
}

func TestDatasetValidateCatchesMistakes(t *testing.T) {
	for name, d := range map[string]*Dataset{
		"nil":             nil,
		"no shape":        {X: []float32{1, 2}},
		"ragged X":        {X: []float32{1, 2, 3}, Shape: []int{2}},
		"labels count":    {X: []float32{1, 2}, Shape: []int{1}, Labels: []int{0}},
		"negative label":  {X: []float32{1}, Shape: []int{1}, Labels: []int{-1}},
		"targets count":   {X: []float32{1, 2}, Shape: []int{1}, Targets: []float32{1}, TargetShape: []int{1}},
		"no target shape": {X: []float32{1}, Shape: []int{1}, Targets: []float32{1}},
	} {
		if err := d.Validate(); err == nil {
			t.Errorf("%s: Validate gave no error", name)
		}
	}
	if _, err := tiny().Subset([]int{5}); err == nil {
		t.Error("Subset out of range gave no error")
	}
	var nilSet *Dataset
	if _, err := nilSet.Shuffled(1); err == nil {
		t.Error("Shuffled of a nil dataset gave no error")
	}
}
