package autoenc

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// FewLabels returns the indexes of the first perClass images of each class
// of d: a labelled set as small as a person labelling by hand would make.
func FewLabels(d *data.Dataset, perClass int) ([]int, error) {
	if perClass < 1 {
		return nil, fmt.Errorf("want at least 1 label per class, not %d", perClass)
	}
	count := make([]int, d.NumClasses())
	var idx []int
	for i, l := range d.Labels {
		if count[l] < perClass {
			count[l]++
			idx = append(idx, i)
		}
	}
	for c, n := range count {
		if n < perClass {
			return nil, fmt.Errorf("%s has only %d images of class %d, not %d", d.Name, n, c, perClass)
		}
	}
	return idx, nil
}

// Features are the same images described in some way (raw pixels, PCA
// coordinates, an encoder's code), with their labels.
type Features struct {
	Name   string
	Dim    int
	X      []float32 // Dim values per image.
	Labels []int
}

// Probe is a linear classifier trained on features: a softmax-free
// one-vs-all logistic regression (mlp.Fit with no hidden layer), fitted to
// standardised features. The accuracy of such a "linear probe" measures how
// much of the class the features make linearly readable.
type Probe struct {
	Net        mlp.Net
	Mean, Std  []float64
	TrainCount int
}

// FitProbe trains a linear probe on train: 600 steps of Adam (η = 0.01) on
// all its examples at once.
func FitProbe(backend compute.Backend, train Features) (Probe, error) {
	if train.Dim < 1 || len(train.X) != train.Dim*len(train.Labels) || len(train.Labels) == 0 {
		return Probe{}, errors.New("FitProbe: the features and labels do not match")
	}
	p := Probe{Mean: make([]float64, train.Dim), Std: make([]float64, train.Dim), TrainCount: len(train.Labels)}
	n := float64(len(train.Labels))
	for i := range train.Labels {
		for j := range train.Dim {
			p.Mean[j] += float64(train.X[i*train.Dim+j]) / n
		}
	}
	for i := range train.Labels {
		for j := range train.Dim {
			d := float64(train.X[i*train.Dim+j]) - p.Mean[j]
			p.Std[j] += d * d / n
		}
	}
	for j := range p.Std {
		p.Std[j] = math.Sqrt(p.Std[j]) + 1e-3
	}
	d := p.dataset(train)
	t, err := mlp.Fit(backend, mlp.Config{Sizes: []int{train.Dim, 10}, Steps: 600, LearningRate: 0.01, Seed: 5}, d, nil)
	if err != nil {
		return Probe{}, err
	}
	p.Net = t.Net
	return p, nil
}

// dataset standardises features with the probe's mean and deviation.
func (p Probe) dataset(f Features) *data.Dataset {
	x := make([]float32, len(f.X))
	for i := range f.Labels {
		for j := range f.Dim {
			x[i*f.Dim+j] = float32((float64(f.X[i*f.Dim+j]) - p.Mean[j]) / p.Std[j])
		}
	}
	return &data.Dataset{Name: f.Name, X: x, Shape: []int{f.Dim}, Labels: f.Labels}
}

// Accuracy is the fraction of f's images whose class the probe gets right.
func (p Probe) Accuracy(f Features) (float64, error) {
	if f.Dim != len(p.Mean) {
		return 0, fmt.Errorf("the probe reads %d features, not %d", len(p.Mean), f.Dim)
	}
	return mlp.Accuracy(p.Net, p.dataset(f))
}
