package data

import (
	"slices"
	"testing"
)

func TestBatchesInOrder(t *testing.T) {
	d := tiny()
	var sizes []int
	var labels []int
	for b := range d.Batches(2) {
		sizes = append(sizes, b.Len())
		labels = append(labels, b.Labels...)
		if b.Shape[0] != b.Len() || b.Shape[1] != 2 || len(b.X) != 2*b.Len() {
			t.Errorf("batch shape %v with %d values", b.Shape, len(b.X))
		}
	}
	wantInts(t, "batch sizes", sizes, []int{2, 2, 1})
	wantInts(t, "labels", labels, d.Labels)
	n := 0
	for range d.Batches(0) {
		n++
	}
	if n != 0 {
		t.Error("Batches(0) yielded batches")
	}
}

func TestBatcherEpochs(t *testing.T) {
	d, _ := Blobs(103, 2, 2, 1, 3)
	b, err := NewBatcher(d, 10, true, 7)
	if err != nil {
		t.Fatal(err)
	}
	if b.BatchesPerEpoch() != 11 {
		t.Errorf("BatchesPerEpoch = %d, want 11", b.BatchesPerEpoch())
	}
	var orders [][]int
	for epoch := 0; epoch < 2; epoch++ {
		if b.Epoch() != epoch {
			t.Errorf("Epoch() = %d, want %d", b.Epoch(), epoch)
		}
		var seen []int
		count := 0
		for batch := range b.All() {
			seen = append(seen, batch.Indexes...)
			count++
			for k, i := range batch.Indexes {
				if batch.Labels[k] != d.Labels[i] || batch.X[2*k] != d.Row(i)[0] {
					t.Fatal("a batch's example does not match the dataset")
				}
			}
		}
		if count != 11 {
			t.Errorf("epoch %d had %d batches, want 11", epoch, count)
		}
		sorted := slices.Clone(seen)
		slices.Sort(sorted)
		wantInts(t, "an epoch's examples", sorted, seq(103))
		orders = append(orders, seen)
	}
	if slices.Equal(orders[0], orders[1]) {
		t.Error("two epochs had the same order: no reshuffle")
	}
	// The first epoch's order is np.random.RandomState(7).permutation(103).
	wantInts(t, "first epoch order", orders[0], Permutation(103, 7))
}

func TestBatcherDropLastAndNext(t *testing.T) {
	b, err := NewBatcher(tiny(), 2, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.DropLast = true
	var got []int
	for {
		batch, ok := b.Next()
		if !ok {
			break
		}
		got = append(got, batch.Indexes...)
	}
	wantInts(t, "indexes", got, []int{0, 1, 2, 3})
	if _, ok := b.Next(); ok {
		t.Error("Next after the end of an epoch returned a batch")
	}
	b.Reset()
	if batch, ok := b.Next(); !ok || batch.Indexes[0] != 0 {
		t.Error("Reset did not start a new epoch")
	}
}

func TestNewBatcherErrors(t *testing.T) {
	if _, err := NewBatcher(tiny(), 0, false, 0); err == nil {
		t.Error("batch size 0 gave no error")
	}
	if _, err := NewBatcher(&Dataset{Shape: []int{2}}, 4, false, 0); err == nil {
		t.Error("an empty dataset gave no error")
	}
	if _, err := NewBatcher(nil, 4, false, 0); err == nil {
		t.Error("a nil dataset gave no error")
	}
}
