package data

import (
	"fmt"
	"math"
)

// Standardizer rescales data to mean 0 and standard deviation 1, with the
// means and deviations measured on the training data only, then applied
// unchanged to the validation and test data.
//
// With one Mean and Std it treats every value alike (as for images); with
// Dim() of them, it treats each feature (each position of an example) apart.
type Standardizer struct {
	Mean []float32
	Std  []float32 // Never 0: a constant feature gets 1, so it becomes 0.
}

// FitStandardizer measures the mean and standard deviation of each feature of
// d (the population deviation, as NumPy's std).
func FitStandardizer(d *Dataset) (*Standardizer, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n, dim := d.Len(), d.Dim()
	if n == 0 {
		return nil, fmt.Errorf("cannot measure the mean of %s: it has no examples", d.describe())
	}
	sum := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j, v := range d.Row(i) {
			sum[j] += float64(v)
		}
	}
	s := &Standardizer{Mean: make([]float32, dim), Std: make([]float32, dim)}
	sq := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j, v := range d.Row(i) {
			e := float64(v) - sum[j]/float64(n)
			sq[j] += e * e
		}
	}
	for j := range sum {
		s.Mean[j] = float32(sum[j] / float64(n))
		s.Std[j] = nonZero(math.Sqrt(sq[j] / float64(n)))
	}
	return s, nil
}

// FitGlobalStandardizer measures one mean and standard deviation over all the
// values of d, the usual choice for pixels.
func FitGlobalStandardizer(d *Dataset) (*Standardizer, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(d.X) == 0 {
		return nil, fmt.Errorf("cannot measure the mean of %s: it has no examples", d.describe())
	}
	var sum, sq float64
	for _, v := range d.X {
		sum += float64(v)
	}
	mean := sum / float64(len(d.X))
	for _, v := range d.X {
		e := float64(v) - mean
		sq += e * e
	}
	return &Standardizer{Mean: []float32{float32(mean)}, Std: []float32{nonZero(math.Sqrt(sq / float64(len(d.X))))}}, nil
}

func nonZero(std float64) float32 {
	if std == 0 || math.IsNaN(std) {
		return 1
	}
	return float32(std)
}

// Apply standardizes d's examples in place: x -> (x - Mean) / Std.
func (s *Standardizer) Apply(d *Dataset) error {
	return s.each(d, func(x, mean, std float32) float32 { return (x - mean) / std })
}

// Invert undoes Apply in place: x -> x*Std + Mean.
func (s *Standardizer) Invert(d *Dataset) error {
	return s.each(d, func(x, mean, std float32) float32 { return x*std + mean })
}

func (s *Standardizer) each(d *Dataset, f func(x, mean, std float32) float32) error {
	if err := d.Validate(); err != nil {
		return err
	}
	k := len(s.Mean)
	if len(s.Std) != k || (k != 1 && k != d.Dim()) {
		return fmt.Errorf("the standardizer has %d means and %d deviations but %s has %d features: fit it on data of the same shape", k, len(s.Std), d.describe(), d.Dim())
	}
	for i, x := range d.X {
		j := i % k
		d.X[i] = f(x, s.Mean[j], s.Std[j])
	}
	return nil
}

// OneHot turns labels into rows of classes values, 1 at the label and 0
// elsewhere, as softmax cross-entropy expects.
func OneHot(labels []int, classes int) ([]float32, error) {
	if classes < 1 {
		return nil, fmt.Errorf("one-hot rows need at least 1 class, not %d", classes)
	}
	out := make([]float32, len(labels)*classes)
	for i, l := range labels {
		if l < 0 || l >= classes {
			return nil, fmt.Errorf("label %d at position %d is not a class between 0 and %d", l, i, classes-1)
		}
		out[i*classes+l] = 1
	}
	return out, nil
}
