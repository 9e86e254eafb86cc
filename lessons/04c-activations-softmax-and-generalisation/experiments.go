package generalisation

import (
	"errors"
	"math"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Epochs is full in the lesson's full run, and an eighth of it (at least
// 2) in the quick run.
func Epochs(full int) int {
	if nnlib.Quick() {
		return max(2, full/8)
	}
	return full
}

// OutputsConfig is section 2's comparison: the same network, initial
// weights and minibatches with one sigmoid per class and with softmax.
var OutputsConfig = Config{Net: Net{Sizes: []int{784, 64, 10}, Hidden: "relu"},
	LearningRate: 0.001, BatchSize: 128, Epochs: 3, Seed: 1}

// Bin is one bin of a reliability diagram: the predictions whose confidence
// (the largest output) fell in [Lo, Hi), their mean confidence, and the
// fraction of them that were right.
type Bin struct {
	Lo, Hi     float64
	Count      int
	Confidence float64
	Accuracy   float64
}

// OutputResult is one output layer of the comparison, measured on the
// validation split.
type OutputResult struct {
	Output   string
	Run      Run
	Accuracy float64
	Bins     []Bin
	// ECE, the expected calibration error, is the mean over predictions
	// of |accuracy − confidence| in their bin: 0 when a confidence of 0.8
	// is right 80% of the time.
	ECE float64
	// SumMin, SumMean and SumMax describe the sum of the 10 outputs per
	// image (1 for a probability distribution).
	SumMin, SumMean, SumMax float64
}

// CompareOutputs trains cfg with each output, Sigmoids then Softmax, and
// measures them on validation.
func CompareOutputs(backend compute.Backend, cfg Config, trainSet, validation *data.Dataset) ([]OutputResult, error) {
	var out []OutputResult
	for _, o := range []string{Sigmoids, Softmax} {
		c := cfg
		c.Output = o
		run, m, err := Train(backend, c, trainSet, validation)
		if err != nil {
			return nil, err
		}
		probs, err := m.Probabilities(validation)
		if err != nil {
			return nil, err
		}
		r := OutputResult{Output: o, Run: run, SumMin: math.Inf(1), SumMax: math.Inf(-1)}
		r.Bins, r.ECE, r.Accuracy = Reliability(probs, validation.Labels, 10)
		for _, p := range probs {
			var s float64
			for _, v := range p {
				s += v
			}
			r.SumMin, r.SumMax = math.Min(r.SumMin, s), math.Max(r.SumMax, s)
			r.SumMean += s / float64(len(probs))
		}
		out = append(out, r)
	}
	return out, nil
}

// Reliability sorts the predictions into n bins of confidence (the largest
// output of each row of probs) and returns the bins, the expected
// calibration error, and the accuracy.
func Reliability(probs [][]float64, labels []int, n int) (bins []Bin, ece, accuracy float64) {
	bins = make([]Bin, n)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/float64(n), float64(i+1)/float64(n)
	}
	for i, p := range probs {
		k := argmax(p)
		c := math.Min(p[k], 1)
		b := &bins[min(int(c*float64(n)), n-1)]
		b.Count++
		b.Confidence += c
		if k == labels[i] {
			b.Accuracy++
			accuracy++
		}
	}
	total := float64(len(probs))
	for i := range bins {
		b := &bins[i]
		if b.Count == 0 {
			continue
		}
		ece += math.Abs(b.Accuracy-b.Confidence) / total
		b.Confidence /= float64(b.Count)
		b.Accuracy /= float64(b.Count)
	}
	return bins, ece, accuracy / total
}

// Baseline is section 3's network, big enough to memorise 1,000 images:
// 784-256-256-10, ReLU, softmax, Adam, minibatches of 50, no
// regularisation. The study changes one thing at a time from it.
var Baseline = Config{Net: Net{Sizes: []int{784, 256, 256, 10}, Hidden: "relu", Output: Softmax},
	LearningRate: 0.001, BatchSize: 50, Epochs: 40, Seed: 1}

// Sweep trains each configuration on trainSet, measured on validation.
func Sweep(backend compute.Backend, configs []Config, trainSet, validation *data.Dataset) ([]Run, error) {
	if len(configs) == 0 {
		return nil, errors.New("Sweep needs at least one configuration")
	}
	var runs []Run
	for _, c := range configs {
		r, _, err := Train(backend, c, trainSet, validation)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// Best is the run with the highest validation accuracy at its end (at its
// best epoch under early stopping): the model selection, made on the
// validation split only.
func Best(runs []Run) (Run, error) {
	if len(runs) == 0 {
		return Run{}, errors.New("no runs to choose from")
	}
	best := runs[0]
	for _, r := range runs[1:] {
		if r.Final().Validation.Metric > best.Final().Validation.Metric {
			best = r
		}
	}
	return best, nil
}

// Tested is the chosen configuration trained again from the same seed,
// measured on the validation split (to show it is the same model) and,
// once, on the test set.
type Tested struct {
	Config           Config
	Validation, Test train.Score
}

// TestOnce trains cfg again on trainSet and measures it on validation and
// on test.
func TestOnce(backend compute.Backend, cfg Config, trainSet, validation, test *data.Dataset) (Tested, error) {
	_, m, err := Train(backend, cfg, trainSet, validation)
	if err != nil {
		return Tested{}, err
	}
	t := Tested{Config: cfg}
	if t.Validation, err = m.Score(validation); err != nil {
		return Tested{}, err
	}
	if t.Test, err = m.Score(test); err != nil {
		return Tested{}, err
	}
	return t, nil
}
