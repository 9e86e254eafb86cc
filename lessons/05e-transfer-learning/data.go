package transferlearn

import (
	"sync"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

var (
	fashionOnce              sync.Once
	fashionTrain, fashionTst *data.Dataset
	fashionErr               error
)

// fashionParts loads Fashion-MNIST's two parts once per process.
func fashionParts() (train, test *data.Dataset, err error) {
	fashionOnce.Do(func() {
		if fashionTrain, fashionErr = data.FashionMNIST(data.Train); fashionErr != nil {
			return
		}
		fashionTst, fashionErr = data.FashionMNIST(data.Test)
	})
	return fashionTrain, fashionTst, fashionErr
}

// ZooDigits are the handwritten digits the ONNX zoo's network is measured
// on: all 10,000 of data/mnist-10k, or, in a quick run, 1,000 of them drawn
// at random (running the imported network takes about 1.7 s per 1,000
// images on the pure-Go backend).
func ZooDigits(r Run) (*data.Dataset, error) {
	m, err := data.MNIST10K()
	if err != nil || !r.Quick {
		return m, err
	}
	s, err := m.Shuffled(2)
	if err != nil {
		return nil, err
	}
	return s.Head(1000)
}
