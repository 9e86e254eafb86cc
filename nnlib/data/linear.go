package data

import (
	"errors"
	"fmt"
)

// DeckExample is the deck's two-sample data set for gradient descent with
// two variables: x = (2, 3) gives y = 1.8 and x = (4, 5) gives y = 3.2.
func DeckExample() *Dataset {
	return &Dataset{
		Name:        "deck example",
		X:           []float32{2, 3, 4, 5},
		Shape:       []int{2},
		Targets:     []float32{1.8, 3.2},
		TargetShape: []int{1},
	}
}

// Line makes n points of a noisy line, y = slope*x + intercept + noise*N(0,1),
// with x spread uniformly over [0, 10), for a first linear regression.
//
// In NumPy: r = np.random.RandomState(seed); x = r.uniform(0, 10, n);
// y = slope*x + intercept + r.normal(0, noise, n).
func Line(n int, slope, intercept, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	r := newNumpyRand(seed)
	d := &Dataset{
		Name:        "line",
		X:           make([]float32, n),
		Shape:       []int{1},
		Targets:     make([]float32, n),
		TargetShape: []int{1},
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.uniform(0, 10)
		d.X[i] = float32(xs[i])
	}
	for i, x := range xs {
		d.Targets[i] = float32(slope*x + intercept + r.normal(0, noise))
	}
	return d, nil
}

// Linear makes n examples with len(weights) features each for linear
// regression: the features are standard normal, and
// y = x·weights + bias + noise*N(0,1), as in d2l's synthetic_data.
//
// In NumPy: r = np.random.RandomState(seed); X = r.normal(0, 1, (n, len(w)));
// y = X @ w + bias + r.normal(0, noise, n).
func Linear(n int, weights []float64, bias, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	if len(weights) == 0 {
		return nil, errors.New("linear data needs at least one weight, one per feature")
	}
	r := newNumpyRand(seed)
	p := len(weights)
	d := &Dataset{
		Name:        "linear",
		X:           make([]float32, n*p),
		Shape:       []int{p},
		Targets:     make([]float32, n),
		TargetShape: []int{1},
	}
	ys := make([]float64, n)
	for i := 0; i < n; i++ {
		var dot float64
		for j, w := range weights {
			x := r.normal(0, 1)
			d.X[i*p+j] = float32(x)
			dot += w * x
		}
		ys[i] = dot + bias
	}
	for i, y := range ys {
		d.Targets[i] = float32(y + r.normal(0, noise))
	}
	return d, nil
}

// checkCountNoise checks the arguments every generator shares.
func checkCountNoise(n int, noise float64) error {
	if n < 1 {
		return fmt.Errorf("cannot make %d samples: ask for at least 1", n)
	}
	if !(noise >= 0) {
		return fmt.Errorf("noise %g is not allowed: use a standard deviation of 0 or more", noise)
	}
	return nil
}
