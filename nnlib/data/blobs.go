package data

import "fmt"

// Blobs makes n points in Gaussian clusters, one class per cluster, exactly
// as scikit-learn's make_blobs(n_samples=n, centers=centers,
// n_features=features, cluster_std=std, random_state=seed) does: the centres
// are uniform in the box [-10, 10) in every feature, the points are spread
// evenly over them (the first ones get one more when n does not divide), and
// the examples are shuffled.
func Blobs(n, centers, features int, std float64, seed uint32) (*Dataset, error) {
	if err := checkCountNoise(n, std); err != nil {
		return nil, err
	}
	if centers < 1 || features < 1 {
		return nil, fmt.Errorf("blobs need at least 1 centre and 1 feature, not %d and %d", centers, features)
	}
	r := newNumpyRand(seed)
	centre := make([]float64, centers*features)
	for i := range centre {
		centre[i] = r.uniform(-10, 10)
	}
	x := make([]float64, 0, n*features)
	labels := make([]int, 0, n)
	for c := 0; c < centers; c++ {
		count := n / centers
		if c < n%centers {
			count++
		}
		for i := 0; i < count; i++ {
			for j := 0; j < features; j++ {
				x = append(x, r.normal(centre[c*features+j], std))
			}
			labels = append(labels, c)
		}
	}
	x, labels = shuffleRows(x, features, labels, r)
	return pointsDataset("blobs", x, features, labels), nil
}

// CourseBlobs is the original course's blobs problem: 1000 points in 3
// classes, 2 features, standard deviation 2. It is the very data of
// make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2,
// random_state=2) in the original course's notebooks.
func CourseBlobs() *Dataset {
	d, _ := Blobs(1000, 3, 2, 2, 2)
	d.Name = "course blobs"
	return d
}

// shuffleRows reorders the rows of x (features values each) and their labels
// by a permutation drawn from r, as scikit-learn's utils.shuffle does.
func shuffleRows(x []float64, features int, labels []int, r *numpyRand) ([]float64, []int) {
	perm := r.permutation(len(labels))
	sx := make([]float64, len(x))
	sl := make([]int, len(labels))
	for k, i := range perm {
		copy(sx[k*features:(k+1)*features], x[i*features:(i+1)*features])
		sl[k] = labels[i]
	}
	return sx, sl
}

// pointsDataset makes a classification Dataset of the rows of x.
func pointsDataset(name string, x []float64, features int, labels []int) *Dataset {
	d := &Dataset{Name: name, X: make([]float32, len(x)), Shape: []int{features}, Labels: labels}
	for i, v := range x {
		d.X[i] = float32(v)
	}
	return d
}
