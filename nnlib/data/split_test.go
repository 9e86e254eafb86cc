package data

import (
	"fmt"
	"slices"
	"testing"
)

func TestSplitSizesAndDisjoint(t *testing.T) {
	d, _ := Blobs(1000, 3, 2, 1, 1)
	train, val, test, err := d.Split(42, 0.15, 0.15)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 700 || val.Len() != 150 || test.Len() != 150 {
		t.Fatalf("split sizes %d/%d/%d, want 700/150/150", train.Len(), val.Len(), test.Len())
	}
	// Every example lands in exactly one part: compare the multisets of rows.
	key := func(ds ...*Dataset) []string {
		var keys []string
		for _, s := range ds {
			for i := 0; i < s.Len(); i++ {
				keys = append(keys, fmt.Sprint(s.Labels[i], s.Row(i)))
			}
		}
		slices.Sort(keys)
		return keys
	}
	if !slices.Equal(key(train, val, test), key(d)) {
		t.Error("the parts together are not the original examples")
	}
	// Deterministic for a seed; another seed gives another split.
	train2, _, _, _ := d.Split(42, 0.15, 0.15)
	train3, _, _, _ := d.Split(43, 0.15, 0.15)
	if !slices.Equal(train.X, train2.X) || slices.Equal(train.X, train3.X) {
		t.Error("Split is not determined by its seed")
	}
}

func TestSplitEdges(t *testing.T) {
	d := tiny()
	train, val, test, err := d.Split(1, 0, 0)
	if err != nil || train.Len() != 5 || val.Len() != 0 || test.Len() != 0 {
		t.Errorf("Split(0, 0) = %d/%d/%d (%v), want 5/0/0", train.Len(), val.Len(), test.Len(), err)
	}
	for _, f := range [][2]float64{{-0.1, 0}, {0.6, 0.6}, {0, 1.5}} {
		if _, _, _, err := d.Split(1, f[0], f[1]); err == nil {
			t.Errorf("Split(%g, %g) gave no error", f[0], f[1])
		}
	}
}

func TestShuffledIsPermutation(t *testing.T) {
	d := tiny()
	s, err := d.Shuffled(42)
	if err != nil {
		t.Fatal(err)
	}
	// np.random.RandomState(42).permutation(5) == [1, 4, 2, 0, 3]
	wantInts(t, "labels", s.Labels, []int{1, 2, 0, 0, 1})
	wantFloats(t, "X", s.X, []float64{1, 1, 4, 4, 2, 2, 0, 0, 3, 3})
}
