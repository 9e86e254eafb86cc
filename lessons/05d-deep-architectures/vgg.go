package deeparch

import (
	"fmt"
	"time"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// CountWith counts a spec's trained values with the student's functions:
// conv(kernel, cin, cout) for each convolution, dense(in, out) for each
// dense layer; it returns the two sums.
func CountWith(s cnn.Spec, conv func(kernel, cin, cout int) int, dense func(in, out int) int) (convs, denses int) {
	c := s.Input[2]
	in := 0
	for _, l := range s.Layers {
		switch l.Kind {
		case cnn.ConvLayer:
			convs += conv(l.Kernel, c, l.Shape[2])
			c = l.Shape[2]
		case cnn.FlattenLayer:
			in = l.Shape[0]
		case cnn.DenseLayer:
			denses += dense(in, l.Shape[0])
			in = l.Shape[0]
		}
	}
	return convs, denses
}

// LessonCNN is lesson 05a's network: conv 3×3 (32) → pool → conv 3×3 (64)
// → pool → dense 128 → 10, padding 1, dropout 0.5 in its classifier.
func LessonCNN() cnn.Arch {
	a := cnn.Small()
	a.Padding = 1
	a.Dropout = 0.5
	return a
}

// SmallVGG is section 2's VGG-style network for Fashion-MNIST: two blocks
// of two 3×3 convolutions (16, then 32 filters), each block ending in a 2×2
// pooling, then a dense layer of 128 and the 10 logits.
func SmallVGG() cnn.Spec {
	s, err := cnn.VGGStyle(28, 28, 1, [][]int{{16, 16}, {32, 32}}, []int{128}, 10)
	if err != nil {
		panic(err) // The sizes are the lesson's own: this does not happen.
	}
	return s
}

// Compared is one network of section 2, trained on the run's VGG budget.
type Compared struct {
	Name    string
	Params  int
	Seconds float64
	Fit     cnn.Fitted
}

// KeepVGG is CompareVGG kept with nnlib.Keep: it prints each network's line
// as it ends, or, when the results are read back, all of them at once.
func KeepVGG(r Run, d Split) ([]Compared, error) {
	trained := false
	out, err := nnlib.Keep("vgg-vs-cnn", r, func() ([]Compared, error) {
		trained = true
		backend, err := nnlib.Backend()
		if err != nil {
			return nil, err
		}
		return CompareVGG(backend, r, d)
	})
	if err == nil && !trained {
		for _, c := range out {
			fmt.Println(c.Line())
		}
	}
	return out, err
}

// Line is the result in one line of a table.
func (c Compared) Line() string {
	return fmt.Sprintf("%-10s %8d weights %6.1f s   train loss %.3f   validation %5.1f%%", c.Name, c.Params, c.Seconds, c.Fit.TrainLoss(20), 100*c.Fit.FinalAccuracy())
}

// VGG16ForRun is VGG16 for the full run; in the quick run, VGG16's shape on
// 32×32 images at an eighth of its widths (under a million weights instead
// of 138 million, which take seconds just to draw at random): the tests then
// time a pass in a fraction of a second.
func VGG16ForRun(r Run) cnn.Spec {
	if !r.Quick {
		return cnn.VGG16()
	}
	s, err := cnn.VGGStyle(32, 32, 3, [][]int{{8, 8}, {16, 16}, {32, 32, 32}, {64, 64, 64}, {64, 64, 64}}, []int{512, 512}, 1000)
	if err != nil {
		panic(err)
	}
	return s
}

// CompareVGG trains lesson 05a's CNN and SmallVGG on the same 28×28 images
// with the same budget (r.VGG), printing a line as each ends.
func CompareVGG(backend compute.Backend, r Run, d Split) ([]Compared, error) {
	var out []Compared
	for _, n := range []struct {
		name string
		net  cnn.Network
	}{{"05a's CNN", LessonCNN()}, {"VGG-style", SmallVGG()}} {
		start := time.Now()
		fit, err := cnn.FitNet(backend, n.net, r.VGG, d.Train, d.Val)
		if err != nil {
			return nil, err
		}
		c := Compared{Name: n.name, Params: fit.NumParams(), Seconds: time.Since(start).Seconds(), Fit: fit}
		fmt.Println(c.Line())
		out = append(out, c)
	}
	return out, nil
}
