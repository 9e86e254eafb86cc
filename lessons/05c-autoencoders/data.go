package autoenc

import (
	"fmt"
	"sync"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Data is the lesson's split of Fashion-MNIST: images to train on, images
// to measure and choose with (validation), both from the training part, and
// the test part, used once at the end of the lesson.
type Data struct {
	Train, Val, Test *data.Dataset
}

// Sizes of the split: the full run's and the quick run's (COURSE_QUICK=1).
const (
	FullTrain, FullVal, FullTest    = 50000, 2000, 10000
	QuickTrain, QuickVal, QuickTest = 3000, 500, 1000
)

// LoadData loads the split: the first 50,000 training images (3,000 in
// quick mode) to train on, 2,000 (500) of the last 10,000 as the
// validation images, and the test images (10,000, or the first 1,000).
// A process loads it once (the lesson's cells ask for it many times, each
// call would decompress the files again); do not change the data sets it
// returns.
func LoadData() (Data, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	quick := nnlib.Quick()
	if d, ok := loaded[quick]; ok {
		return d, nil
	}
	d, err := loadData()
	if err == nil {
		loaded[quick] = d
	}
	return d, err
}

var (
	loadMu sync.Mutex
	loaded = map[bool]Data{}
)

func loadData() (Data, error) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		return Data{}, err
	}
	test, err := data.FashionMNIST(data.Test)
	if err != nil {
		return Data{}, err
	}
	nTrain, nVal, nTest := FullTrain, FullVal, FullTest
	if nnlib.Quick() {
		nTrain, nVal, nTest = QuickTrain, QuickVal, QuickTest
	}
	var d Data
	if d.Train, err = full.Head(nTrain); err != nil {
		return Data{}, err
	}
	if d.Val, err = full.Subset(span(50000, 50000+nVal)); err != nil {
		return Data{}, err
	}
	if d.Test, err = test.Head(nTest); err != nil {
		return Data{}, err
	}
	d.Train.Name, d.Val.Name, d.Test.Name = "Fashion-MNIST training images", "Fashion-MNIST validation images", "Fashion-MNIST test images"
	return d, nil
}

// span is the indexes from to to−1.
func span(from, to int) []int {
	s := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// Images returns the flat pixels of the images of d at indexes.
func Images(d *data.Dataset, indexes ...int) ([]float32, error) {
	var out []float32
	for _, i := range indexes {
		if i < 0 || i >= d.Len() {
			return nil, fmt.Errorf("%s has %d images: no image %d", d.Name, d.Len(), i)
		}
		out = append(out, d.Row(i)...)
	}
	return out, nil
}

// FirstOfEachClass returns the index of the first image of each class in d,
// in class order: one example of each for the figures.
func FirstOfEachClass(d *data.Dataset) []int {
	idx := make([]int, d.NumClasses())
	for i := range idx {
		idx[i] = -1
	}
	for i, l := range d.Labels {
		if idx[l] < 0 {
			idx[l] = i
		}
	}
	return idx
}
