package data

import (
	"fmt"
	"math"
)

// Permutation returns 0..n-1 in the random order that seed gives; it is
// NumPy's np.random.RandomState(seed).permutation(n).
func Permutation(n int, seed uint32) []int {
	return newNumpyRand(seed).permutation(max(n, 0))
}

// Shuffled returns a copy of d with its examples in a random order fixed by
// seed.
func (d *Dataset) Shuffled(seed uint32) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d.Subset(Permutation(d.Len(), seed))
}

// Split shuffles d with seed and cuts it in three: a validation and a test
// part holding the given fractions of the examples (rounded to whole
// examples), and a training part with the rest. Either fraction may be 0,
// which gives an empty part. The parts are copies.
func (d *Dataset) Split(seed uint32, validation, test float64) (train, val, tst *Dataset, err error) {
	if err := d.Validate(); err != nil {
		return nil, nil, nil, err
	}
	if !(validation >= 0 && test >= 0 && validation+test <= 1) {
		return nil, nil, nil, fmt.Errorf("cannot split with validation fraction %g and test fraction %g: each must be between 0 and 1, and together at most 1", validation, test)
	}
	n := d.Len()
	nVal := int(math.Round(validation * float64(n)))
	nTest := min(int(math.Round(test*float64(n))), n-nVal)
	perm := Permutation(n, seed)
	nTrain := n - nVal - nTest
	if train, err = d.Subset(perm[:nTrain]); err != nil {
		return nil, nil, nil, err
	}
	if val, err = d.Subset(perm[nTrain : nTrain+nVal]); err != nil {
		return nil, nil, nil, err
	}
	if tst, err = d.Subset(perm[nTrain+nVal:]); err != nil {
		return nil, nil, nil, err
	}
	return train, val, tst, nil
}
