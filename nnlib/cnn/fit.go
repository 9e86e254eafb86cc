package cnn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/gomlx/gomlx/ml/train/optimizer/cosineschedule"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Config is what determines a training run of Fit. It has only plain fields,
// so it can serve as nnlib.Keep's config.
type Config struct {
	Arch         Arch
	Epochs       int     // Passes over the training examples.
	BatchSize    int     // Examples per step; 0 for 128.
	LearningRate float64 // Adam's; 0 for 0.001.
	// CosineDecay lowers the learning rate along half a cosine, from
	// LearningRate at the first step to 0 at the last.
	CosineDecay bool
	// Augment shows the network each training image moved by up to
	// Shift pixels in each direction (zeros fill in) and, when Flip is
	// set, mirrored left–right half of the time, drawn anew at each epoch:
	// more varied examples at no cost in data.
	Shift int
	Flip  bool
	Seed  uint32 // Fixes the initial weights and the order of the minibatches.
	// Formulation of the convolution and pooling layers; Auto (0) picks the
	// backend's fastest.
	Formulation Formulation
}

// Trained is the result of Fit: the network and how the training went. It is
// gob-encodable, for nnlib.Keep.
type Trained struct {
	Net          Net
	Loss         []float64 // The minibatch's cross-entropy at each step.
	EpochAcc     []float64 // Accuracy on the evaluation examples after each epoch (empty without them).
	Seconds      float64   // Wall time of the whole run, graph compilation and evaluations included.
	TrainSeconds float64   // Wall time of the training steps alone.
	Steps        int
	BatchSize    int
	Examples     int    // Training examples seen, Steps·BatchSize.
	Backend      string // The backend and formulation it ran with, in words.
}

// ExamplesPerSecond is the training throughput: examples seen per second of
// training steps.
func (t Trained) ExamplesPerSecond() float64 {
	if t.TrainSeconds <= 0 {
		return 0
	}
	return float64(t.Examples) / t.TrainSeconds
}

// FinalAccuracy is the accuracy after the last epoch (NaN without evaluation
// examples).
func (t Trained) FinalAccuracy() float64 {
	if len(t.EpochAcc) == 0 {
		return math.NaN()
	}
	return t.EpochAcc[len(t.EpochAcc)-1]
}

// Progress is called by Fit after every step with the step (from 1), the
// total number of steps and the step's loss, and after every epoch with
// acc, the accuracy on the evaluation examples (NaN otherwise).
type Progress func(step, total int, loss, acc float64)

// Fit trains a network of cfg.Arch on the labelled images of trainSet with
// GoMLX: the softmax cross-entropy of the logits, minimized by Adam on
// shuffled minibatches (the last, incomplete one of each epoch is skipped, so
// every step has the same shape and one compiled graph). After each epoch
// it measures the accuracy on evalSet, if not nil. progress may be nil.
func Fit(backend compute.Backend, cfg Config, trainSet, evalSet *data.Dataset, progress Progress) (Trained, error) {
	return FitUntil(backend, cfg, trainSet, evalSet, progress, nil)
}

// Stop is asked by FitUntil after each epoch, with the epoch (from 1) and
// the accuracy on the evaluation examples (NaN without them), whether to
// stop training there.
type Stop func(epoch int, acc float64) bool

// FitUntil is Fit that stops after the first epoch where stop (if not nil)
// says so; the result then counts only the steps trained.
func FitUntil(backend compute.Backend, cfg Config, trainSet, evalSet *data.Dataset, progress Progress, stop Stop) (result Trained, err error) {
	start := time.Now()
	a := cfg.Arch
	if err := a.Validate(); err != nil {
		return Trained{}, err
	}
	if err := checkImages(a, trainSet, true); err != nil {
		return Trained{}, err
	}
	if evalSet != nil {
		if err := checkImages(a, evalSet, true); err != nil {
			return Trained{}, err
		}
	}
	if cfg.Shift < 0 || cfg.Shift >= min(a.Height, a.Width) {
		return Trained{}, fmt.Errorf("cnn: a shift of %d pixels does not suit %d×%d images", cfg.Shift, a.Height, a.Width)
	}
	if cfg.Epochs < 1 {
		return Trained{}, fmt.Errorf("cnn: Fit needs at least 1 epoch, not %d", cfg.Epochs)
	}
	batch := cfg.BatchSize
	if batch <= 0 {
		batch = 128
	}
	batch = min(batch, trainSet.Len())
	lr := cfg.LearningRate
	if lr <= 0 {
		lr = 0.001
	}
	total := trainSet.Len() / batch * cfg.Epochs // Each epoch's last, smaller batch is skipped.

	defer nnlib.Failed(&err, "GoMLX failed while training")
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return Trained{}, err
	}
	net := a.Model(cfg.Formulation)
	modelFn := func(scope *model.Scope, x *graph.Node) *graph.Node {
		if cfg.CosineDecay && scope.IsTraining(x.Graph()) {
			cosineschedule.New(scope, x.Graph(), x.DType()).LearningRate(lr).PeriodSteps(total).Done()
		}
		return net(scope, x)
	}
	step := train.NewSupervised(backend, store, modelFn, loss.SparseCategoricalCrossEntropyLogits,
		optimizer.Adam().LearningRate(lr).Done(), train.ImagesAndLabels)

	aug := newAugmenter(a, cfg.Shift, cfg.Flip, cfg.Seed)
	loop := train.Loop{Data: trainSet, BatchSize: batch, Shuffle: true, Seed: cfg.Seed, Epochs: cfg.Epochs,
		Prepare: func(b *data.Batch) { aug.apply(b.X) }}
	if evalSet != nil {
		loop.Evaluate = func(int) (train.Score, error) {
			net, err := NetFromStore(a, store)
			if err != nil {
				return train.NoScore, err
			}
			acc, err := net.Accuracy(backend, evalSet, cfg.Formulation)
			return train.Score{Loss: math.NaN(), Metric: acc}, err
		}
	}
	if progress != nil {
		var last float64 // The latest step's loss.
		loop.Hooks = []train.Hooks{{
			Step: func(s, total int, l float64) {
				last = l
				progress(s, total, l, math.NaN())
			},
			Eval: func(e train.Eval) {
				if evalSet != nil {
					progress(e.Step, total, last, e.Validation.Metric)
				}
			},
		}}
	}
	if stop != nil {
		loop.Stop = func(e train.Eval) bool { return stop(e.Epoch, e.Validation.Metric) }
	}
	h, err := loop.Run(step.Step)
	if err != nil {
		return Trained{}, fmt.Errorf("cnn: %w", err)
	}
	result = Trained{Loss: h.Loss, Steps: h.Steps, BatchSize: batch, Examples: h.Examples,
		TrainSeconds: h.TrainSeconds,
		Backend:      fmt.Sprintf("%s, %s", backend.String(), cfg.Formulation.Describe(backend))}
	if evalSet != nil {
		for _, e := range h.Evals {
			result.EpochAcc = append(result.EpochAcc, e.Validation.Metric)
		}
	}
	result.Net, err = NetFromStore(a, store)
	if err != nil {
		return Trained{}, err
	}
	result.Seconds = time.Since(start).Seconds()
	return result, nil
}

// checkImages reports whether d holds images of the architecture's shape
// (and labels within its classes, when labelled is set).
func checkImages(a Arch, d *data.Dataset, labelled bool) error {
	if d == nil {
		return errors.New("cnn: no data set")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Dim() != a.Height*a.Width*a.Channels {
		return fmt.Errorf("cnn: %s has examples of shape %v but the network takes %d×%d×%d images: reshape the data set with d.Reshape(%d, %d, %d)",
			d.Name, d.Shape, a.Height, a.Width, a.Channels, a.Height, a.Width, a.Channels)
	}
	if d.Len() == 0 {
		return fmt.Errorf("cnn: %s has no examples", d.Name)
	}
	if labelled {
		if d.Labels == nil {
			return fmt.Errorf("cnn: %s has no labels", d.Name)
		}
		for i, l := range d.Labels {
			if l < 0 || l >= a.Classes {
				return fmt.Errorf("cnn: example %d of %s has label %d, but the network has %d classes (0 to %d)", i, d.Name, l, a.Classes, a.Classes-1)
			}
		}
	}
	return nil
}

// evalBatch is the number of images the inference graphs take at once.
const evalBatch = 500

// Logits returns the network's output for every image of d (labels are not
// needed): one row of Classes values per image.
func (n Net) Logits(backend compute.Backend, d *data.Dataset, f Formulation) (logits [][]float32, err error) {
	if err := checkImages(n.Arch, d, false); err != nil {
		return nil, err
	}
	store, err := n.Store()
	if err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	exec, err := model.NewExec(backend, store, n.Arch.Model(f))
	if err != nil {
		return nil, err
	}
	a := n.Arch
	dim := d.Dim()
	for start := 0; start < d.Len(); start += evalBatch {
		size := min(evalBatch, d.Len()-start)
		images := make([]float32, evalBatch*dim) // Always a full batch: one compiled graph.
		copy(images, d.X[start*dim:(start+size)*dim])
		out, err := exec.Call1(tensors.FromFlatDataAndDimensions(images, evalBatch, a.Height, a.Width, a.Channels))
		if err != nil {
			return nil, err
		}
		values, err := tensors.CopyFlatData[float32](out)
		if err != nil {
			return nil, err
		}
		for i := range size {
			logits = append(logits, values[i*a.Classes:(i+1)*a.Classes])
		}
	}
	return logits, nil
}

// Predict returns the class the network predicts for every image of d.
func (n Net) Predict(backend compute.Backend, d *data.Dataset, f Formulation) ([]int, error) {
	logits, err := n.Logits(backend, d, f)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(logits))
	for i, row := range logits {
		for k, v := range row {
			if v > row[out[i]] {
				out[i] = k
			}
		}
	}
	return out, nil
}

// Accuracy is the fraction of d's images whose label the network predicts.
func (n Net) Accuracy(backend compute.Backend, d *data.Dataset, f Formulation) (float64, error) {
	if err := checkImages(n.Arch, d, true); err != nil {
		return 0, err
	}
	pred, err := n.Predict(backend, d, f)
	if err != nil {
		return 0, err
	}
	right := 0
	for i, p := range pred {
		if p == d.Labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(pred)), nil
}

// augmenter moves and mirrors images in place, at random.
type augmenter struct {
	a     Arch
	shift int
	flip  bool
	rng   *rand.Rand
	tmp   []float32
}

func newAugmenter(a Arch, shift int, flip bool, seed uint32) *augmenter {
	return &augmenter{a: a, shift: shift, flip: flip, rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)),
		tmp: make([]float32, a.Height*a.Width*a.Channels)}
}

// apply transforms each image of the batch x (channels last).
func (g *augmenter) apply(x []float32) {
	if g.shift == 0 && !g.flip {
		return
	}
	h, w, c := g.a.Height, g.a.Width, g.a.Channels
	size := h * w * c
	for start := 0; start+size <= len(x); start += size {
		img := x[start : start+size]
		dy, dx := 0, 0
		if g.shift > 0 {
			dy, dx = g.rng.IntN(2*g.shift+1)-g.shift, g.rng.IntN(2*g.shift+1)-g.shift
		}
		mirror := g.flip && g.rng.IntN(2) == 1
		if dy == 0 && dx == 0 && !mirror {
			continue
		}
		copy(g.tmp, img)
		for r := range h {
			for col := range w {
				sr, sc := r-dy, col-dx
				if mirror {
					sc = w - 1 - sc
				}
				out := img[(r*w+col)*c : (r*w+col+1)*c]
				if sr < 0 || sr >= h || sc < 0 || sc >= w {
					clear(out)
				} else {
					copy(out, g.tmp[(sr*w+sc)*c:(sr*w+sc+1)*c])
				}
			}
		}
	}
}
