package data

import (
	"bytes"
	"fmt"
)

// Part chooses the training or the test part of a data set that comes split.
type Part int

// The parts of Fashion-MNIST and MNIST.
const (
	Train Part = iota // The training part (60,000 images for (Fashion-)MNIST).
	Test              // The test part (10,000 images).
)

// String is "train" or "test".
func (p Part) String() string {
	if p == Test {
		return "test"
	}
	return "train"
}

// FashionClasses names Fashion-MNIST's ten classes, indexed by label.
var FashionClasses = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// DigitClasses names MNIST's ten classes, indexed by label.
var DigitClasses = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// FashionMNIST loads a part of Fashion-MNIST: 28×28 grey images of clothes
// (shape [28 28 1], pixels scaled to [0, 1], 0 the background) with labels
// 0..9 named by FashionClasses. Flatten the Dataset for a dense layer.
//
// Its files come from the Debian package dataset-fashion-mnist or a
// download (see Sources); a missing or damaged file gives an error that says
// what to run.
func FashionMNIST(part Part) (*Dataset, error) {
	return loadIDXPair("fashion-mnist", part, FashionClasses)
}

// MNIST loads a part of the full MNIST handwritten digits, shaped like
// FashionMNIST. No package ships it: the set-up command downloads it (11 MB)
// when online. MNIST10K needs no download.
func MNIST(part Part) (*Dataset, error) {
	return loadIDXPair("mnist", part, DigitClasses)
}

// MNIST10K loads the 10,000 real MNIST digits committed in data/mnist-10k,
// shaped like FashionMNIST, grouped by digit (all the 0s first): call Split
// or Shuffled before training. It needs no installation.
func MNIST10K() (*Dataset, error) {
	s, err := LookupSource("mnist-10k")
	if err != nil {
		return nil, err
	}
	return loadImages(s, "images-idx3-ubyte", "labels-idx1-ubyte", "MNIST-10K", DigitClasses)
}

func loadIDXPair(source string, part Part, classes []string) (*Dataset, error) {
	s, err := LookupSource(source)
	if err != nil {
		return nil, err
	}
	images, labels := trainImages, trainLabels
	if part == Test {
		images, labels = testImages, testLabels
	}
	return loadImages(s, images, labels, source+" "+part.String(), classes)
}

// loadImages reads and verifies an IDX image file and its label file.
func loadImages(s Source, imageFile, labelFile, name string, classes []string) (*Dataset, error) {
	raw, err := s.file(imageFile)
	if err != nil {
		return nil, err
	}
	images, err := ReadIDX(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", imageFile, err)
	}
	raw, err = s.file(labelFile)
	if err != nil {
		return nil, err
	}
	labels, err := ReadIDX(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", labelFile, err)
	}
	if len(images.Dims) != 3 || len(labels.Dims) != 1 || images.Dims[0] != labels.Dims[0] {
		return nil, fmt.Errorf("%s: images of shape %v do not match labels of shape %v", name, images.Dims, labels.Dims)
	}
	d := &Dataset{
		Name:       name,
		X:          make([]float32, len(images.Data)),
		Shape:      []int{images.Dims[1], images.Dims[2], 1},
		Labels:     make([]int, labels.Dims[0]),
		ClassNames: classes,
	}
	var scale [256]float32 // A table: the same values as float32(b) / 255, faster.
	for b := range scale {
		scale[b] = float32(b) / 255
	}
	for i, b := range images.Data {
		d.X[i] = scale[b]
	}
	for i, b := range labels.Data {
		d.Labels[i] = int(b)
	}
	return d, nil
}
