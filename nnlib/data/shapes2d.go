package data

import (
	"fmt"
	"math"
)

// Circles makes n points on two concentric circles, the outer one (radius 1)
// class 0 and the inner one (radius factor) class 1, shuffled and moved by
// Gaussian noise of standard deviation noise: scikit-learn's
// make_circles(n_samples=n, noise=noise, factor=factor, random_state=seed).
func Circles(n int, noise, factor float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	if !(factor >= 0 && factor < 1) {
		return nil, fmt.Errorf("factor %g is not allowed: the inner circle's radius must be at least 0 and less than 1", factor)
	}
	nOut := n / 2
	nIn := n - nOut
	var x []float64
	var labels []int
	for _, t := range linspace(0, 2*math.Pi, nOut, false) {
		x = append(x, math.Cos(t), math.Sin(t))
		labels = append(labels, 0)
	}
	for _, t := range linspace(0, 2*math.Pi, nIn, false) {
		x = append(x, math.Cos(t)*factor, math.Sin(t)*factor)
		labels = append(labels, 1)
	}
	return noisyShuffled("circles", x, labels, noise, seed), nil
}

// CourseCircles is the original course's circles problem for regularisation:
// make_circles(n_samples=100, noise=0.1, random_state=1).
func CourseCircles() *Dataset {
	d, _ := Circles(100, 0.1, 0.8, 1)
	d.Name = "course circles"
	return d
}

// Moons makes n points on two interleaving half circles, shuffled and moved
// by Gaussian noise: scikit-learn's make_moons(n_samples=n, noise=noise,
// random_state=seed).
func Moons(n int, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	nOut := n / 2
	nIn := n - nOut
	var x []float64
	var labels []int
	for _, t := range linspace(0, math.Pi, nOut, true) {
		x = append(x, math.Cos(t), math.Sin(t))
		labels = append(labels, 0)
	}
	for _, t := range linspace(0, math.Pi, nIn, true) {
		x = append(x, 1-math.Cos(t), 1-math.Sin(t)-0.5)
		labels = append(labels, 1)
	}
	return noisyShuffled("moons", x, labels, noise, seed), nil
}

// noisyShuffled shuffles the 2-D points, then adds noise, in the order that
// scikit-learn draws them.
func noisyShuffled(name string, x []float64, labels []int, noise float64, seed uint32) *Dataset {
	r := newNumpyRand(seed)
	x, labels = shuffleRows(x, 2, labels, r)
	for i := range x {
		x[i] += r.normal(0, noise)
	}
	return pointsDataset(name, x, 2, labels)
}

// XOR makes n points uniform in the square [-1, 1)², labelled 1 where exactly
// one coordinate is positive (the XOR of their signs), then moved by Gaussian
// noise. No straight line separates the classes.
//
// In NumPy: r = np.random.RandomState(seed); X = r.uniform(-1, 1, (n, 2));
// y = (X[:, 0] > 0) != (X[:, 1] > 0); X += r.normal(0, noise, (n, 2)).
func XOR(n int, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	r := newNumpyRand(seed)
	x := make([]float64, 2*n)
	for i := range x {
		x[i] = r.uniform(-1, 1)
	}
	d := &Dataset{Name: "xor", X: make([]float32, 2*n), Shape: []int{2}, Labels: make([]int, n)}
	for i := 0; i < n; i++ {
		if (x[2*i] > 0) != (x[2*i+1] > 0) {
			d.Labels[i] = 1
		}
	}
	for i := range x {
		d.X[i] = float32(x[i] + r.normal(0, noise))
	}
	return d, nil
}

// Spirals makes n points on classes interleaved spiral arms (CS231n's
// example), class by class (not shuffled): arm j has radius growing from 0 to
// 1 while its angle grows from 4j to 4(j+1) radians, plus Gaussian noise of
// standard deviation noise on the angle.
//
// In NumPy, for each class j with m points: rad = np.linspace(0, 1, m);
// t = np.linspace(4*j, 4*(j+1), m) + r.normal(0, noise, m);
// X = np.c_[rad*np.sin(t), rad*np.cos(t)], with r = np.random.RandomState(seed)
// made once.
func Spirals(n, classes int, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	if classes < 1 {
		return nil, fmt.Errorf("spirals need at least 1 class, not %d", classes)
	}
	r := newNumpyRand(seed)
	d := &Dataset{Name: "spirals", Shape: []int{2}}
	for j := 0; j < classes; j++ {
		m := n / classes
		if j < n%classes {
			m++
		}
		rad := linspace(0, 1, m, true)
		angle := linspace(4*float64(j), 4*float64(j+1), m, true)
		for i := range angle {
			angle[i] += r.normal(0, noise)
		}
		for i := 0; i < m; i++ {
			d.X = append(d.X, float32(rad[i]*math.Sin(angle[i])), float32(rad[i]*math.Cos(angle[i])))
			d.Labels = append(d.Labels, j)
		}
	}
	return d, nil
}

// linspace is np.linspace(start, stop, num, endpoint), value for value.
func linspace(start, stop float64, num int, endpoint bool) []float64 {
	out := make([]float64, num)
	div := num
	if endpoint {
		div = num - 1
	}
	if div > 0 {
		step := (stop - start) / float64(div)
		for i := range out {
			out[i] = float64(i)*step + start
		}
	} else if num > 0 {
		out[0] = start
	}
	if endpoint && num > 1 {
		out[num-1] = stop
	}
	return out
}
