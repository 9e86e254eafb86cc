package deeparch

import (
	"sync"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Data is the lesson's split of Fashion-MNIST: images to train on and
// images to compare the networks with (validation), both from the training
// part, and the test part, used once at the end. Half holds them at 14×14
// (data.HalfSize), which the deep networks train on; Full at 28×28, for
// section 2.
type Data struct {
	Half, Full Split
}

// Split is one resolution's training, validation and test images.
type Split struct {
	Train, Val, Test *data.Dataset
}

// LoadData loads the split of TheRun (fewer images in quick mode): the
// first Train training images, Val images of the last 10,000 as the
// validation images, and the first Test test images. A process loads it
// once; do not change the data sets it returns.
func LoadData() (Data, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	quick := nnlib.Quick()
	if d, ok := loaded[quick]; ok {
		return d, nil
	}
	d, err := loadData(TheRun())
	if err == nil {
		loaded[quick] = d
	}
	return d, err
}

var (
	loadMu sync.Mutex
	loaded = map[bool]Data{}
)

func loadData(r Run) (Data, error) {
	train, err := data.FashionMNIST(data.Train)
	if err != nil {
		return Data{}, err
	}
	test, err := data.FashionMNIST(data.Test)
	if err != nil {
		return Data{}, err
	}
	var d Data
	if d.Full.Train, err = train.Head(r.Train); err != nil {
		return Data{}, err
	}
	val := make([]int, r.Val)
	for i := range val {
		val[i] = 50000 + i
	}
	if d.Full.Val, err = train.Subset(val); err != nil {
		return Data{}, err
	}
	if d.Full.Test, err = test.Head(r.Test); err != nil {
		return Data{}, err
	}
	for _, p := range []struct {
		full **data.Dataset
		half **data.Dataset
		name string
	}{{&d.Full.Train, &d.Half.Train, "training"}, {&d.Full.Val, &d.Half.Val, "validation"}, {&d.Full.Test, &d.Half.Test, "test"}} {
		(*p.full).Name = "Fashion-MNIST " + p.name + " images"
		if *p.half, err = data.HalfSize(*p.full); err != nil {
			return Data{}, err
		}
		(*p.half).Name = "Fashion-MNIST " + p.name + " images at 14×14"
	}
	return d, nil
}
