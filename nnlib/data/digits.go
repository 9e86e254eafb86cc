package data

import "fmt"

// Digits returns n training and n test examples of MNIST10K's real digits,
// shuffled with seed, as the plain rows the from-scratch networks of lessons
// 03 and 04a (nnlib/scratch) take: inputs are the 784 pixels in [0, 1],
// targets one-hot over the 10 digits. The two parts do not overlap, so n is
// at most 5,000.
func Digits(n int, seed uint32) (trainX, trainY, testX, testY [][]float64, err error) {
	d, err := MNIST10K()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if n < 1 || 2*n > d.Len() {
		return nil, nil, nil, nil, fmt.Errorf("Digits needs 1 ≤ n ≤ %d, got %d", d.Len()/2, n)
	}
	order := Permutation(d.Len(), seed)
	rows := func(idx []int) (X, Y [][]float64) {
		for _, i := range idx {
			px := d.Row(i)
			x := make([]float64, len(px))
			for j, v := range px {
				x[j] = float64(v)
			}
			y := make([]float64, 10)
			y[d.Labels[i]] = 1
			X, Y = append(X, x), append(Y, y)
		}
		return X, Y
	}
	trainX, trainY = rows(order[:n])
	testX, testY = rows(order[n : 2*n])
	return trainX, trainY, testX, testY, nil
}
