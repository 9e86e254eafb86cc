package mlp

import (
	"fmt"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Config is what determines a training run of Fit. It has only plain fields,
// so it can serve as nnlib.Keep's config.
type Config struct {
	Sizes        []int      // Units per layer, input first, e.g. {2, 8, 1}.
	Hidden       Activation // g of the hidden layers; "" is Sigmoid.
	Steps        int        // Optimizer steps, one minibatch each.
	BatchSize    int        // Examples per step; 0 (or more than the data has) for all of them.
	LearningRate float64    // The optimizer's learning rate η; 0 for 0.01.
	Optimizer    Optimizer  // The update rule; "" is Adam.
	Momentum     float64    // β for MomentumSGD and NesterovSGD; 0 for 0.9.
	Seed         uint32     // Fixes the initial weights and the order of the minibatches.
}

// Trained is the result of Fit: the network and how the loss went. It is
// gob-encodable, so nnlib.Keep can keep it between notebook cells.
type Trained struct {
	Net     Net
	Loss    []float64 // The minibatch's cross-entropy at each step.
	Seconds float64   // Wall time of the training, graph compilation included.
	// Warnings are what the training loop warned about (and printed), such
	// as a loss grown a hundredfold: a learning rate too large.
	Warnings []string
}

// Progress, given to Fit, is called after every step with the step number
// (from 1) and the step's loss: to print or plot the training as it goes.
type Progress func(step int, loss float64)

// Fit trains a network of cfg.Sizes on d with GoMLX: Model's layers,
// initialized at random (He initialization, fixed by cfg.Seed), trained by
// cfg.Optimizer (Adam by default) on the binary cross-entropy of each output
// neuron.
//
// The targets are d.Targets when it has cfg.Sizes[last] of them per example;
// otherwise d.Labels: 0 or 1 for a single output neuron, one-hot vectors for
// K output neurons (one-vs-all). Examples are flattened, so images fit a
// first layer of height×width units. progress may be nil. The loop is
// nnlib/train's: minibatches drawn as data.Batcher draws them, a NaN loss
// stopped with one line, a loss grown a hundredfold warned about.
//
// Lesson 01 uses Fit as a black box; lessons 02 to 04 open it: the cost
// function, backpropagation, and (stochastic) gradient descent.
func Fit(backend compute.Backend, cfg Config, d *data.Dataset, progress Progress) (result Trained, err error) {
	return FitUntil(backend, cfg, d, progress, Checkpoint{})
}

// Checkpoint, given to FitUntil, looks at the network every Every steps
// (after the step): to measure it on held-out data, and to stop training
// early by returning true. The time it takes is not counted in
// Trained.Seconds.
type Checkpoint struct {
	Every int
	Look  func(step int, n Net) (stop bool)
}

// FitUntil is Fit with a checkpoint: training stops after cfg.Steps steps or
// when the checkpoint says so, whichever comes first. The loop is
// nnlib/train's, with GoMLX's trainer doing each step.
func FitUntil(backend compute.Backend, cfg Config, d *data.Dataset, progress Progress, cp Checkpoint) (result Trained, err error) {
	start := time.Now()
	var looking time.Duration // Time spent in the checkpoint, not training.
	x, y, err := arrays(cfg, d)
	if err != nil {
		return Trained{}, err
	}
	if cfg.Steps < 1 {
		return Trained{}, fmt.Errorf("Fit needs at least 1 step, not %d", cfg.Steps)
	}
	if cfg.LearningRate < 0 {
		return Trained{}, fmt.Errorf("the learning rate must be positive (or 0 for the default), not %g", cfg.LearningRate)
	}
	lr := cfg.LearningRate
	if lr == 0 {
		lr = 0.01
	}
	p, k := cfg.Sizes[0], cfg.Sizes[len(cfg.Sizes)-1]

	defer nnlib.Failed(&err, "GoMLX failed while training")
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return Trained{}, err
	}
	opt, err := cfg.Optimizer.build(lr, cfg.Momentum)
	if err != nil {
		return Trained{}, err
	}
	step := train.NewSupervised(backend, store, Model(cfg.Sizes, cfg.Hidden),
		loss.BinaryCrossentropyLogits, opt, train.FlatAndTargets)
	loop := train.Loop{
		Data:      &data.Dataset{Name: d.Name, X: x, Shape: []int{p}, Targets: y, TargetShape: []int{k}},
		BatchSize: cfg.BatchSize, Shuffle: true, Seed: cfg.Seed, Steps: cfg.Steps,
	}
	if progress != nil {
		loop.Hooks = []train.Hooks{{Step: func(s, _ int, l float64) { progress(s, l) }}}
	}
	if cp.Look != nil && cp.Every > 0 {
		stop := false
		loop.EvalEvery = cp.Every
		loop.Evaluate = func(s int) (train.Score, error) {
			t0 := time.Now()
			defer func() { looking += time.Since(t0) }()
			n, err := FromStore(store, cfg.Hidden)
			if err != nil {
				return train.NoScore, err
			}
			stop = cp.Look(s, n)
			return train.NoScore, nil
		}
		loop.Stop = func(train.Eval) bool { return stop }
	}
	h, err := loop.Run(step.Step)
	if err != nil {
		return Trained{}, err
	}
	result.Loss, result.Warnings = h.Loss, h.Warnings
	result.Net, err = FromStore(store, cfg.Hidden)
	if err != nil {
		return Trained{}, err
	}
	result.Seconds = (time.Since(start) - looking).Seconds()
	return result, nil
}

// arrays checks cfg against d and returns the examples, flattened, and the
// targets, one row of cfg.Sizes[last] values per example.
func arrays(cfg Config, d *data.Dataset) (x, y []float32, err error) {
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	if len(cfg.Sizes) < 2 {
		return nil, nil, fmt.Errorf("a network needs at least 2 layers (input and output), got sizes %v", cfg.Sizes)
	}
	for l, s := range cfg.Sizes {
		if s < 1 {
			return nil, nil, fmt.Errorf("layer %d has %d units: every layer needs at least 1", l+1, s)
		}
	}
	if _, err := cfg.Hidden.Func(); err != nil {
		return nil, nil, err
	}
	n, p, k := d.Len(), d.Dim(), cfg.Sizes[len(cfg.Sizes)-1]
	if n == 0 {
		return nil, nil, fmt.Errorf("%s has no examples", d.Name)
	}
	if cfg.Sizes[0] != p {
		return nil, nil, fmt.Errorf("the first layer has %d units but each example of %s has %d values: make them equal", cfg.Sizes[0], d.Name, p)
	}
	switch {
	case d.Targets != nil && d.TargetDim() == k:
		return d.X, d.Targets, nil
	case d.Labels == nil:
		return nil, nil, fmt.Errorf("%s has neither labels nor %d targets per example for the %d output neurons", d.Name, k, k)
	case k == 1:
		y = make([]float32, n)
		for i, l := range d.Labels {
			if l > 1 {
				return nil, nil, fmt.Errorf("example %d has label %d, but one output neuron only tells class 0 from class 1: give the network one output per class", i, l)
			}
			y[i] = float32(l)
		}
		return d.X, y, nil
	}
	if c := d.NumClasses(); c > k {
		return nil, nil, fmt.Errorf("%s has %d classes but the network has %d output neurons: give it one per class", d.Name, c, k)
	}
	y, err = data.OneHot(d.Labels, k)
	return d.X, y, err
}

// Accuracy is the fraction of d's examples whose label the network
// predicts (see Net.Classify), computed in plain Go.
func Accuracy(n Net, d *data.Dataset) (float64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	if d.Labels == nil || d.Len() == 0 {
		return 0, fmt.Errorf("accuracy needs labelled examples")
	}
	if err := n.Validate(); err != nil {
		return 0, err
	}
	if sizes := n.Sizes(); sizes[0] != d.Dim() {
		return 0, fmt.Errorf("the network takes %d inputs but the examples of %s have %d values", sizes[0], d.Name, d.Dim())
	}
	right := 0
	x := make([]float64, d.Dim())
	for i := range d.Len() {
		for j, v := range d.Row(i) {
			x[j] = float64(v)
		}
		if n.Classify(x) == d.Labels[i] {
			right++
		}
	}
	return float64(right) / float64(d.Len()), nil
}
