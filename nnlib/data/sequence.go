package data

import (
	"fmt"
	"math"
)

// SineSeries makes one noisy sine wave of steps values,
// x[t-1] = sin(freq*t) + noise*N(0,1) for t = 1..steps: d2l's series for
// sequence models is SineSeries(1000, 0.01, 0.2, seed).
//
// In NumPy: r = np.random.RandomState(seed); t = np.arange(1, steps+1);
// x = np.sin(freq*t) + r.normal(0, noise, steps).
func SineSeries(steps int, freq, noise float64, seed uint32) ([]float32, error) {
	if err := checkCountNoise(steps, noise); err != nil {
		return nil, err
	}
	r := newNumpyRand(seed)
	x := make([]float32, steps)
	for i := range x {
		x[i] = float32(math.Sin(freq*float64(i+1)) + r.normal(0, noise))
	}
	return x, nil
}

// RandomWalk makes a series of steps values whose steps are Gaussian with
// standard deviation step: a noisy series with no pattern to learn, the
// baseline a recurrent net should not beat.
//
// In NumPy: r = np.random.RandomState(seed); x = np.cumsum(r.normal(0, step, steps)).
func RandomWalk(steps int, step float64, seed uint32) ([]float32, error) {
	if err := checkCountNoise(steps, step); err != nil {
		return nil, err
	}
	r := newNumpyRand(seed)
	x := make([]float32, steps)
	var sum float64
	for i := range x {
		sum += r.normal(0, step)
		x[i] = float32(sum)
	}
	return x, nil
}

// Windows cuts a series into overlapping examples for a recurrent net: each
// example is window consecutive values (shape [window 1]: window steps of one
// feature) and its target is the value that follows. A series of length L
// gives L-window examples.
func Windows(series []float32, window int) (*Dataset, error) {
	if window < 1 || window >= len(series) {
		return nil, fmt.Errorf("cannot cut windows of %d values from a series of %d: use a window between 1 and %d", window, len(series), len(series)-1)
	}
	n := len(series) - window
	d := &Dataset{
		Name:        "windows",
		X:           make([]float32, 0, n*window),
		Shape:       []int{window, 1},
		Targets:     make([]float32, n),
		TargetShape: []int{1},
	}
	for i := 0; i < n; i++ {
		d.X = append(d.X, series[i:i+window]...)
		d.Targets[i] = series[i+window]
	}
	return d, nil
}

// SineWaves makes n noisy sine waves of random amplitude, frequency and
// phase, each steps values long (shape [steps 1]); each wave's target is the
// value that comes next, noise included.
//
// Wave i takes a = uniform(0.5, 1.5), w = uniform(0.1, 0.5) radians per step
// and p = uniform(0, 2π), then values a*sin(w*t + p) + noise*N(0,1) for
// t = 0..steps; the first steps are the example, the last its target.
// In NumPy, with r = np.random.RandomState(seed) made once, per wave:
// a, w, p = r.uniform(0.5, 1.5), r.uniform(0.1, 0.5), r.uniform(0, 2*np.pi);
// v = a*np.sin(w*np.arange(steps+1) + p) + r.normal(0, noise, steps+1).
func SineWaves(n, steps int, noise float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, noise); err != nil {
		return nil, err
	}
	if steps < 1 {
		return nil, fmt.Errorf("cannot make waves of %d steps: ask for at least 1", steps)
	}
	r := newNumpyRand(seed)
	d := &Dataset{
		Name:        "sine waves",
		X:           make([]float32, 0, n*steps),
		Shape:       []int{steps, 1},
		Targets:     make([]float32, n),
		TargetShape: []int{1},
	}
	for i := 0; i < n; i++ {
		a, w, p := r.uniform(0.5, 1.5), r.uniform(0.1, 0.5), r.uniform(0, 2*math.Pi)
		for t := 0; t <= steps; t++ {
			v := float32(a*math.Sin(w*float64(t)+p) + r.normal(0, noise))
			if t < steps {
				d.X = append(d.X, v)
			} else {
				d.Targets[i] = v
			}
		}
	}
	return d, nil
}
