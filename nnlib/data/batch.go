package data

import (
	"errors"
	"fmt"
	"iter"
	"slices"
)

// Batch is a minibatch: a few examples copied out of a Dataset.
type Batch struct {
	X       []float32 // The examples, row-major.
	Shape   []int     // [examples, shape of one example...], ready for a tensor.
	Labels  []int     // Their labels, or nil.
	Targets []float32 // Their targets, row-major, or nil.
	Indexes []int     // Where each example sits in the Dataset.
}

// Len is the number of examples in the batch.
func (b Batch) Len() int { return len(b.Indexes) }

// batchOf copies the examples at idx out of d.
func batchOf(d *Dataset, idx []int) Batch {
	dim, t := d.Dim(), d.TargetDim()
	b := Batch{
		X:       make([]float32, len(idx)*dim),
		Shape:   append([]int{len(idx)}, d.Shape...),
		Indexes: slices.Clone(idx),
	}
	if d.Labels != nil {
		b.Labels = make([]int, len(idx))
	}
	if d.Targets != nil {
		b.Targets = make([]float32, len(idx)*t)
	}
	for k, i := range idx {
		copy(b.X[k*dim:(k+1)*dim], d.X[i*dim:(i+1)*dim])
		if b.Labels != nil {
			b.Labels[k] = d.Labels[i]
		}
		if b.Targets != nil {
			copy(b.Targets[k*t:(k+1)*t], d.Targets[i*t:(i+1)*t])
		}
	}
	return b
}

// Batches goes once through d in order, size examples at a time; the last
// batch may be smaller. It yields nothing if d is invalid or size < 1 (use a
// Batcher to get those errors).
func (d *Dataset) Batches(size int) iter.Seq[Batch] {
	return func(yield func(Batch) bool) {
		if size < 1 || d.Validate() != nil {
			return
		}
		n := d.Len()
		for start := 0; start < n; start += size {
			idx := make([]int, min(start+size, n)-start)
			for k := range idx {
				idx[k] = start + k
			}
			if !yield(batchOf(d, idx)) {
				return
			}
		}
	}
}

// Batcher cuts a Dataset into minibatches epoch after epoch, reshuffling it
// at the start of every epoch when Shuffle is on. It is what a training loop
// pulls from, the from-scratch one as well as GoMLX's.
type Batcher struct {
	Data     *Dataset
	Size     int  // Examples per batch.
	Shuffle  bool // Reshuffle at the start of each epoch.
	DropLast bool // Skip a last batch smaller than Size.

	rng   *numpyRand
	order []int
	pos   int
	epoch int
}

// NewBatcher returns a Batcher of d in batches of size examples; when shuffle
// is true every epoch has a new random order, fixed by seed.
func NewBatcher(d *Dataset, size int, shuffle bool, seed uint32) (*Batcher, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, fmt.Errorf("batch size %d is too small: use at least 1", size)
	}
	if d.Len() == 0 {
		return nil, errors.New("cannot make batches of an empty dataset: check how it was loaded or split")
	}
	b := &Batcher{Data: d, Size: size, Shuffle: shuffle, rng: newNumpyRand(seed)}
	b.Reset()
	b.epoch = 0
	return b, nil
}

// Reset starts a new epoch (reshuffling when Shuffle is on), even if the
// current one is not finished.
func (b *Batcher) Reset() {
	n := b.Data.Len()
	if b.Shuffle {
		b.order = b.rng.permutation(n)
	} else {
		b.order = seq(n)
	}
	b.pos = 0
	b.epoch++
}

// Epoch is the number of the current epoch, counting from 0.
func (b *Batcher) Epoch() int { return b.epoch }

// BatchesPerEpoch is how many batches one epoch has.
func (b *Batcher) BatchesPerEpoch() int {
	n := b.Data.Len()
	if b.DropLast {
		return n / b.Size
	}
	return (n + b.Size - 1) / b.Size
}

// Next returns the next batch of the current epoch, or false when the epoch
// is over; then call Reset to start the next one (as GoMLX's training loop
// does when a dataset returns io.EOF).
func (b *Batcher) Next() (Batch, bool) {
	n := len(b.order)
	if b.pos >= n || (b.DropLast && n-b.pos < b.Size) {
		return Batch{}, false
	}
	end := min(b.pos+b.Size, n)
	batch := batchOf(b.Data, b.order[b.pos:end])
	b.pos = end
	return batch, true
}

// All yields the rest of the current epoch's batches and then calls Reset,
// so that each "for batch := range b.All()" loop is one epoch.
func (b *Batcher) All() iter.Seq[Batch] {
	return func(yield func(Batch) bool) {
		for {
			batch, ok := b.Next()
			if !ok {
				b.Reset()
				return
			}
			if !yield(batch) {
				return
			}
		}
	}
}
