package data

import (
	"slices"
	"testing"
)

func labelled(labels ...int) *Dataset {
	d := &Dataset{Name: "toy", Shape: []int{1}, Labels: labels, ClassNames: []string{"a", "b", "c", "d"}}
	for i := range labels {
		d.X = append(d.X, float32(i)) // The value is the example's index.
	}
	return d
}

func TestOnlyClasses(t *testing.T) {
	d := labelled(0, 3, 1, 3, 2, 0, 1)
	got, err := d.OnlyClasses(3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Labels, []int{0, 1, 0, 1}) || !slices.Equal(got.X, []float32{1, 2, 3, 6}) {
		t.Errorf("labels %v, examples %v; want [0 1 0 1] and [1 2 3 6]", got.Labels, got.X)
	}
	if !slices.Equal(got.ClassNames, []string{"d", "b"}) {
		t.Errorf("class names %v, want [d b]", got.ClassNames)
	}
	for _, bad := range [][]int{{1}, {1, 1}, {7, 8}} {
		if _, err := d.OnlyClasses(bad...); err == nil {
			t.Errorf("OnlyClasses(%v) gave no error", bad)
		}
	}
}

func TestPerClass(t *testing.T) {
	var labels []int
	for i := range 40 {
		labels = append(labels, i%4)
	}
	d := labelled(labels...)
	chosen, rest, err := d.PerClass(3, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(chosen.ClassCounts(), []int{3, 3, 3, 3}) || rest.Len() != 28 {
		t.Fatalf("chosen %v per class, %d left; want 3 each and 28", chosen.ClassCounts(), rest.Len())
	}
	seen := map[float32]bool{}
	for _, x := range append(slices.Clone(chosen.X), rest.X...) {
		if seen[x] {
			t.Fatalf("example %g is both chosen and left", x)
		}
		seen[x] = true
		if int(x)%4 != d.Labels[int(x)] {
			t.Fatal("an example lost its label")
		}
	}
	if len(seen) != 40 {
		t.Errorf("%d examples in all, want 40", len(seen))
	}
	for i, x := range chosen.X {
		if chosen.Labels[i] != d.Labels[int(x)] {
			t.Errorf("chosen example %g has label %d, want %d", x, chosen.Labels[i], d.Labels[int(x)])
		}
	}
	again, _, _ := d.PerClass(3, 5)
	other, _, _ := d.PerClass(3, 6)
	if !slices.Equal(again.X, chosen.X) || slices.Equal(other.X, chosen.X) {
		t.Error("the seed does not fix the choice")
	}
	if _, _, err := d.PerClass(11, 1); err == nil {
		t.Error("PerClass(11) of 10 per class gave no error")
	}
}
