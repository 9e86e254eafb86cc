package cnn

import (
	"math"
	"os"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// TestFitSmall trains the lesson's network for one epoch on 2,000 images:
// the loss must fall and the accuracy beat chance by far.
func TestFitSmall(t *testing.T) {
	train, test := fashion(t, 2000, 1000)
	cfg := Config{Arch: Small(), Epochs: 1, BatchSize: 64, Seed: 1}
	res, err := Fit(goBackend(t), cfg, train, test, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, last := res.Loss[0], res.Loss[len(res.Loss)-1]
	if !(last < first) || len(res.Loss) != 2000/64 {
		t.Errorf("loss %.3f → %.3f over %d steps", first, last, len(res.Loss))
	}
	if acc := res.FinalAccuracy(); acc < 0.6 {
		t.Errorf("accuracy after one epoch on 2,000 images: %.3f, want > 0.6", acc)
	}
	if res.Net.NumParams() != 320+18496+1600*128+128+1290 {
		t.Errorf("the network has %d parameters", res.Net.NumParams())
	}
}

// TestFitUntilStops stops a 3-epoch run after its first epoch.
func TestFitUntilStops(t *testing.T) {
	train, test := fashion(t, 640, 200)
	cfg := Config{Arch: Small(), Epochs: 3, BatchSize: 64, Seed: 1}
	var asked []int
	res, err := FitUntil(goBackend(t), cfg, train, test, nil, func(epoch int, acc float64) bool {
		asked = append(asked, epoch)
		return !math.IsNaN(acc)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 1 || res.Steps != 10 || res.Examples != 640 || len(res.Loss) != 10 || len(res.EpochAcc) != 1 {
		t.Errorf("asked after epochs %v; %d steps, %d examples, %d losses, %d accuracies; want 1 epoch of 10 steps",
			asked, res.Steps, res.Examples, len(res.Loss), len(res.EpochAcc))
	}
}

// fashion loads the first n training and m test images of Fashion-MNIST.
func fashion(t testing.TB, n, m int) (train, test *data.Dataset) {
	t.Helper()
	full, err := data.FashionMNIST(data.Train)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	train, err = full.Head(n)
	if err != nil {
		t.Fatal(err)
	}
	fullTest, err := data.FashionMNIST(data.Test)
	if err != nil {
		t.Fatal(err)
	}
	test, err = fullTest.Head(m)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// TestFitFull is lesson 05a's full run (about 6 minutes on two cores), run
// only with NNLIB_LONG=1: the network with padding 1 and dropout, 10 epochs
// of minibatches of 64 of the first 55,000 training images, the learning rate
// on a cosine; it must reach 91% on the 10,000 test images (it reaches
// 91.91%).
func TestFitFull(t *testing.T) {
	if os.Getenv("NNLIB_LONG") == "" {
		t.Skip("set NNLIB_LONG=1 to run the full training")
	}
	train, test := fashion(t, 55000, 10000)
	arch := Small()
	arch.Padding, arch.Dropout = 1, 0.5
	cfg := Config{Arch: arch, Epochs: 10, BatchSize: 64, LearningRate: 0.001, CosineDecay: true, Seed: 1}
	res, err := Fit(goBackend(t), cfg, train, test, func(step, total int, loss, acc float64) {
		if !math.IsNaN(acc) {
			t.Logf("step %d/%d: loss %.3f, test accuracy %.4f", step, total, loss, acc)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%.0f s in all, %.0f s training, %.0f examples/s", res.Seconds, res.TrainSeconds, res.ExamplesPerSecond())
	if acc := res.FinalAccuracy(); acc < 0.91 {
		t.Errorf("test accuracy %.4f, want ≥ 0.91", acc)
	}
}
