package data

import (
	"errors"
	"fmt"
	"slices"
)

// Dataset is a set of examples held in plain Go slices.
//
// Example i is X[i*d:(i+1)*d], where d = Dim() is the product of Shape, the
// shape of one example (e.g. [2] for points, [28 28 1] for images). Its answer
// is Labels[i] for classification, or Targets[i*t:(i+1)*t] for regression,
// where t is the product of TargetShape. Either may be nil.
type Dataset struct {
	Name        string    // What the data is, for messages and plots.
	X           []float32 // The examples, row-major: Len() rows of Dim() values.
	Shape       []int     // The shape of one example.
	Labels      []int     // The class of each example, or nil.
	Targets     []float32 // The numeric answers, row-major, or nil.
	TargetShape []int     // The shape of one example's target (nil when Targets is nil).
	ClassNames  []string  // The name of each class, when known.
}

// Dim is the number of values in one example: the product of Shape.
func (d *Dataset) Dim() int { return product(d.Shape) }

// TargetDim is the number of target values per example: the product of
// TargetShape, or 0 when there are no targets.
func (d *Dataset) TargetDim() int {
	if d.Targets == nil {
		return 0
	}
	return product(d.TargetShape)
}

// Len is the number of examples.
func (d *Dataset) Len() int {
	if dim := d.Dim(); dim > 0 {
		return len(d.X) / dim
	}
	return 0
}

// Row returns example i's values; it shares memory with X. Like a slice
// index, it panics when i is not between 0 and Len()-1.
func (d *Dataset) Row(i int) []float32 {
	dim := d.Dim()
	return d.X[i*dim : (i+1)*dim]
}

// TargetRow returns example i's targets; it shares memory with Targets.
func (d *Dataset) TargetRow(i int) []float32 {
	t := d.TargetDim()
	return d.Targets[i*t : (i+1)*t]
}

// NumClasses is one more than the largest label (or len(ClassNames) if
// larger); 0 without labels.
func (d *Dataset) NumClasses() int {
	n := len(d.ClassNames)
	for _, l := range d.Labels {
		n = max(n, l+1)
	}
	return n
}

// ClassCounts returns how many examples each class has, indexed by label.
func (d *Dataset) ClassCounts() []int {
	counts := make([]int, d.NumClasses())
	for _, l := range d.Labels {
		if l >= 0 {
			counts[l]++
		}
	}
	return counts
}

// Validate checks that the slices agree with the shapes, so that a hand-made
// Dataset fails with a clear message instead of a wrong result.
func (d *Dataset) Validate() error {
	if d == nil {
		return errors.New("the dataset is nil: create it with a generator or a loader first")
	}
	name := d.describe()
	if len(d.Shape) == 0 || slices.ContainsFunc(d.Shape, func(s int) bool { return s <= 0 }) {
		return fmt.Errorf("%s has example shape %v: give every example a shape of positive sizes, such as []int{2}", name, d.Shape)
	}
	dim := d.Dim()
	if len(d.X)%dim != 0 {
		return fmt.Errorf("%s has %d values in X, which is not a whole number of examples of %d values (shape %v)", name, len(d.X), dim, d.Shape)
	}
	n := len(d.X) / dim
	if d.Labels != nil && len(d.Labels) != n {
		return fmt.Errorf("%s has %d examples but %d labels: give one label per example", name, n, len(d.Labels))
	}
	for i, l := range d.Labels {
		if l < 0 {
			return fmt.Errorf("%s has label %d at example %d: labels are class numbers from 0", name, l, i)
		}
	}
	if d.Targets != nil {
		t := product(d.TargetShape)
		if len(d.TargetShape) == 0 || t <= 0 {
			return fmt.Errorf("%s has targets but target shape %v: set TargetShape, such as []int{1}", name, d.TargetShape)
		}
		if len(d.Targets) != n*t {
			return fmt.Errorf("%s has %d examples but %d target values (shape %v): give %d", name, n, len(d.Targets), d.TargetShape, n*t)
		}
	}
	return nil
}

func (d *Dataset) describe() string {
	if d.Name == "" {
		return "the dataset"
	}
	return "dataset " + d.Name
}

// Subset returns a new Dataset with the examples at the given indexes, in
// that order; its slices are copies.
func (d *Dataset) Subset(indexes []int) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n, dim, t := d.Len(), d.Dim(), d.TargetDim()
	out := d.emptyLike(len(indexes))
	for k, i := range indexes {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("index %d is out of range: %s has %d examples (0 to %d)", i, d.describe(), n, n-1)
		}
		copy(out.X[k*dim:(k+1)*dim], d.X[i*dim:(i+1)*dim])
		if d.Labels != nil {
			out.Labels[k] = d.Labels[i]
		}
		if d.Targets != nil {
			copy(out.Targets[k*t:(k+1)*t], d.Targets[i*t:(i+1)*t])
		}
	}
	return out, nil
}

// emptyLike makes a Dataset like d with room for n examples.
func (d *Dataset) emptyLike(n int) *Dataset {
	out := &Dataset{
		Name:        d.Name,
		X:           make([]float32, n*d.Dim()),
		Shape:       slices.Clone(d.Shape),
		TargetShape: slices.Clone(d.TargetShape),
		ClassNames:  slices.Clone(d.ClassNames),
	}
	if d.Labels != nil {
		out.Labels = make([]int, n)
	}
	if d.Targets != nil {
		out.Targets = make([]float32, n*d.TargetDim())
	}
	return out
}

// Head returns a copy of the first n examples (all of them if there are fewer).
func (d *Dataset) Head(n int) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d.Subset(seq(min(max(n, 0), d.Len())))
}

// Reshape changes the shape of one example, keeping its values: for instance
// from [28 28 1] for a convolution to [784] for a dense layer.
func (d *Dataset) Reshape(shape ...int) error {
	if product(shape) != d.Dim() || slices.ContainsFunc(shape, func(s int) bool { return s <= 0 }) {
		return fmt.Errorf("cannot reshape examples of shape %v (%d values) to %v: the sizes must multiply to %d", d.Shape, d.Dim(), shape, d.Dim())
	}
	d.Shape = slices.Clone(shape)
	return nil
}

// Flatten makes each example a flat vector of Dim() values, as dense layers
// and the from-scratch code expect.
func (d *Dataset) Flatten() {
	d.Shape = []int{d.Dim()}
}

func product(shape []int) int {
	if len(shape) == 0 {
		return 0
	}
	p := 1
	for _, s := range shape {
		p *= s
	}
	return p
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
