package cnn

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Network is an image classifier that FitNet can train: a GoMLX model
// function from images [batch, height, width, channels] to logits [batch,
// classes], and its shape. Arch, Deep and Spec are Networks.
type Network interface {
	Model(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node
	InputShape() (height, width, channels int)
	NumClasses() int
	Check() error  // What is wrong with the network's shape, if anything.
	Label() string // A short name for tables and legends.
}

// InputShape is the shape of one input image.
func (a Arch) InputShape() (height, width, channels int) { return a.Height, a.Width, a.Channels }

// NumClasses is the number of logits.
func (a Arch) NumClasses() int { return a.Classes }

// Check is Validate.
func (a Arch) Check() error { return a.Validate() }

// Label describes the network: "CNN conv 32 → pool → conv 64 → pool → dense 128".
func (a Arch) Label() string {
	s := "CNN"
	for i, f := range a.Filters {
		if i > 0 {
			s += " → pool →"
		}
		s += fmt.Sprintf(" conv %d", f)
	}
	return s + fmt.Sprintf(" → pool → dense %d", a.Dense)
}

// InputShape is the shape of one input image.
func (d Deep) InputShape() (height, width, channels int) { return d.Height, d.Width, d.Channels }

// NumClasses is the number of logits.
func (d Deep) NumClasses() int { return d.Classes }

// Check is Validate.
func (d Deep) Check() error { return d.Validate() }

// Label is Name.
func (d Deep) Label() string { return d.Name() }

// InputShape is the shape of one input image.
func (s Spec) InputShape() (height, width, channels int) {
	if len(s.Input) != 3 {
		return 0, 0, 0
	}
	return s.Input[0], s.Input[1], s.Input[2]
}

// NumClasses is the number of units of the last layer.
func (s Spec) NumClasses() int {
	if len(s.Layers) == 0 || len(s.Layers[len(s.Layers)-1].Shape) != 1 {
		return 0
	}
	return s.Layers[len(s.Layers)-1].Shape[0]
}

// Check reports whether the spec describes an image classifier: an input of
// height, width and channels, and a last layer of at least 2 units.
func (s Spec) Check() error {
	if h, w, c := s.InputShape(); h < 1 || w < 1 || c < 1 {
		return fmt.Errorf("cnn: %s takes inputs of shape %v: want height, width and channels", s.Name, s.Input)
	}
	if s.NumClasses() < 2 {
		return fmt.Errorf("cnn: %s does not end in a dense layer of at least 2 classes", s.Name)
	}
	return nil
}

// Label is the spec's name.
func (s Spec) Label() string { return s.Name }

// FitConfig is how FitNet trains: a fixed budget of Steps minibatches, the
// same for every network compared. It has only plain fields, so it can be
// part of nnlib.Keep's config.
type FitConfig struct {
	Steps        int     // Minibatches to train on.
	BatchSize    int     // Examples per step; 0 for 128.
	LearningRate float64 // Adam's; 0 for 0.001.
	EvalEvery    int     // Steps between measures of the validation accuracy; 0 for once, at the end.
	Seed         uint32  // Fixes the initial weights and the order of the minibatches.
	Formulation  Formulation
}

// Fitted is the result of FitNet: the network's variables as plain Go values
// and how the training went. It is gob-encodable, for nnlib.Keep.
type Fitted struct {
	Params  []Param
	History train.History // Loss of every step, validation accuracy (Metric) at each evaluation.
	Backend string
}

// TrainLoss is the mean minibatch loss of the last n steps (all if fewer):
// how well the network fits its training data at the end of the budget.
func (t Fitted) TrainLoss(n int) float64 { return trainLoss(t.History, n) }

// FinalAccuracy is the validation accuracy of the last evaluation (NaN
// without one).
func (t Fitted) FinalAccuracy() float64 { return finalAccuracy(t.History) }

// NumParams is the number of trained values (batch normalisation's running
// averages are not counted).
func (t Fitted) NumParams() int { return countTrained(t.Params) }

// Accuracy is the fraction of set's images whose label the trained net
// predicts; net must be the Network that was trained.
func (t Fitted) Accuracy(backend compute.Backend, net Network, set *data.Dataset, f Formulation) (float64, error) {
	return accuracy(backend, net, t.Params, set, f)
}

func trainLoss(h train.History, n int) float64 {
	l := h.Loss
	if len(l) == 0 {
		return math.NaN()
	}
	l = l[max(0, len(l)-n):]
	sum := 0.0
	for _, v := range l {
		sum += v
	}
	return sum / float64(len(l))
}

func finalAccuracy(h train.History) float64 {
	if len(h.Evals) == 0 {
		return math.NaN()
	}
	return h.Evals[len(h.Evals)-1].Validation.Metric
}

// FitNet trains net on the labelled images of trainSet: softmax
// cross-entropy minimised by Adam on shuffled minibatches, for cfg.Steps
// steps, measuring the accuracy on evalSet (if not nil) every cfg.EvalEvery
// steps and at the end. hooks (e.g. train.Live) see every step and
// evaluation.
func FitNet(backend compute.Backend, net Network, cfg FitConfig, trainSet, evalSet *data.Dataset, hooks ...train.Hooks) (result Fitted, err error) {
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return Fitted{}, err
	}
	return FitFrom(backend, net, cfg, store, nil, trainSet, evalSet, hooks...)
}

// FitFrom is FitNet starting from the variables already in store — the
// layers of a pretrained network, loaded with train.LoadScope; the others
// start as in FitNet, from store's random generator — and updating them
// with opt: nil for Adam at cfg.LearningRate, or e.g. optim.PerLayer, which
// gives each layer its own rate and freezes some. It is how lesson 05e
// adapts a pretrained network to a new task.
func FitFrom(backend compute.Backend, net Network, cfg FitConfig, store *model.Store, opt optimizer.Interface,
	trainSet, evalSet *data.Dataset, hooks ...train.Hooks) (result Fitted, err error) {
	if err := net.Check(); err != nil {
		return Fitted{}, err
	}
	if trainSet == nil {
		return Fitted{}, errors.New("cnn: FitNet needs a training set")
	}
	for _, set := range []*data.Dataset{trainSet, evalSet} {
		if set != nil {
			if err := checkNetImages(net, set, true); err != nil {
				return Fitted{}, err
			}
		}
	}
	if cfg.Steps < 1 {
		return Fitted{}, fmt.Errorf("cnn: FitNet needs at least 1 step, not %d", cfg.Steps)
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

	if store == nil {
		return Fitted{}, errors.New("cnn: FitFrom needs a store (model.NewStore(), then the pretrained layers loaded)")
	}
	if opt == nil {
		opt = optimizer.Adam().LearningRate(lr).Done()
	}
	defer nnlib.Failed(&err, "GoMLX failed while training")
	step := train.NewSupervised(backend, store, net.Model(cfg.Formulation), loss.SparseCategoricalCrossEntropyLogits,
		opt, train.ImagesAndLabels)
	loop := train.Loop{Data: trainSet, BatchSize: batch, Shuffle: true, Seed: cfg.Seed, Steps: cfg.Steps,
		EvalEvery: cfg.EvalEvery, Hooks: hooks}
	if loop.EvalEvery == 0 {
		loop.EvalEvery = cfg.Steps
	}
	if evalSet != nil {
		loop.Evaluate = func(int) (train.Score, error) {
			params, err := paramsFromStore(net, store)
			if err != nil {
				return train.NoScore, err
			}
			acc, err := accuracy(backend, net, params, evalSet, cfg.Formulation)
			return train.Score{Loss: math.NaN(), Metric: acc}, err
		}
	}
	h, err := loop.Run(step.Step)
	if err != nil {
		return Fitted{}, fmt.Errorf("cnn: %s: %w", net.Label(), err)
	}
	params, err := paramsFromStore(net, store)
	if err != nil {
		return Fitted{}, err
	}
	return Fitted{Params: params, History: h,
		Backend: fmt.Sprintf("%s, %s", backend.String(), cfg.Formulation.Describe(backend))}, nil
}

// checkNetImages reports whether set holds images of net's input shape (and,
// when labelled, labels below its number of classes).
func checkNetImages(net Network, set *data.Dataset, labelled bool) error {
	h, w, c := net.InputShape()
	return checkShape(h, w, c, net.NumClasses(), set, labelled)
}

// paramsFromStore reads the network's variables out of a GoMLX store: the
// trained ones and batch normalisation's running averages (not the
// optimizer's, the step count or the random generator's), sorted by path.
func paramsFromStore(net Network, store *model.Store) ([]Param, error) {
	var params []Param
	for v := range store.IterVariables() {
		path := v.Path()
		if notNetwork(path) {
			continue
		}
		t, err := v.Value()
		if err != nil {
			return nil, err
		}
		values, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return nil, fmt.Errorf("cnn: %s: %w", path, err)
		}
		params = append(params, Param{Path: path, Dims: slices.Clone(t.Shape().Dimensions), Values: values})
	}
	if len(params) == 0 {
		return nil, fmt.Errorf("cnn: the store has no variables of %s: was it trained with its Model?", net.Label())
	}
	slices.SortFunc(params, func(a, b Param) int { return strings.Compare(a.Path, b.Path) })
	return params, nil
}

// notNetwork tells the variables a training adds to the store (the
// optimizer's moments and learning rate, the step count, the random
// generator's state, the trainer's moving average of the loss) from the
// network's own. GoMLX marks the optimizer's moments trainable, so
// Variable.Trainable does not tell them apart.
func notNetwork(path string) bool {
	top, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return strings.HasPrefix(top, "#") || strings.HasSuffix(top, "Optimizer") || top == "optimizers" || top == "global_step" || top == "metrics"
}

// paramsStore returns a GoMLX store holding params, batch normalisation's
// running averages not trainable.
func paramsStore(params []Param) (*model.Store, error) {
	store := model.NewStore()
	for _, p := range params {
		v, err := store.CreateVariable(p.Path, tensors.FromFlatDataAndDimensions(slices.Clone(p.Values), p.Dims...))
		if err != nil {
			return nil, err
		}
		if isStatistic(p.Path) {
			v.SetTrainable(false)
		}
	}
	return store, nil
}

// countTrained is the number of trained values among params.
func countTrained(params []Param) int {
	total := 0
	for _, p := range params {
		if !isStatistic(p.Path) {
			total += p.Size()
		}
	}
	return total
}

// accuracy is the fraction of set's images whose label net, with params,
// predicts.
func accuracy(backend compute.Backend, net Network, params []Param, set *data.Dataset, f Formulation) (acc float64, err error) {
	if err := checkNetImages(net, set, true); err != nil {
		return 0, err
	}
	store, err := paramsStore(params)
	if err != nil {
		return 0, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	exec, err := model.NewExec(backend, store, net.Model(f))
	if err != nil {
		return 0, err
	}
	h, w, c := net.InputShape()
	classes := net.NumClasses()
	dim, right := set.Dim(), 0
	for start := 0; start < set.Len(); start += evalBatch {
		size := min(evalBatch, set.Len()-start)
		images := make([]float32, evalBatch*dim) // Always a full batch: one compiled graph.
		copy(images, set.X[start*dim:(start+size)*dim])
		out, err := exec.Call1(tensors.FromFlatDataAndDimensions(images, evalBatch, h, w, c))
		if err != nil {
			return 0, err
		}
		logits, err := tensors.CopyFlatData[float32](out)
		if err != nil {
			return 0, err
		}
		for i := range size {
			row := logits[i*classes : (i+1)*classes]
			if slices.Index(row, slices.Max(row)) == set.Labels[start+i] {
				right++
			}
		}
	}
	return float64(right) / float64(set.Len()), nil
}

// Backbone is a Network whose output layer can be taken off: Features is
// the network up to the activations its last layer reads, HeadLayer the
// scope of that last layer. Arch and Deep are Backbones.
type Backbone interface {
	Network
	Features(f Formulation) func(scope *model.Scope, x *graph.Node) *graph.Node
	HeadLayer() string
}

// Features returns what the trained network's last layer sees for each of
// set's images: a row of features per image (Dense values for an Arch, the
// last width for a Deep). net must be the Backbone that was trained. Lesson
// 05e projects them to 2-D to see what a pretrained network has learnt.
func (t Fitted) Features(backend compute.Backend, net Backbone, set *data.Dataset, f Formulation) (rows [][]float32, err error) {
	if err := checkNetImages(net, set, false); err != nil {
		return nil, err
	}
	store, err := paramsStore(t.Params)
	if err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	exec, err := model.NewExec(backend, store, net.Features(f))
	if err != nil {
		return nil, err
	}
	h, w, c := net.InputShape()
	dim := set.Dim()
	for start := 0; start < set.Len(); start += evalBatch {
		size := min(evalBatch, set.Len()-start)
		images := make([]float32, evalBatch*dim) // Always a full batch: one compiled graph.
		copy(images, set.X[start*dim:(start+size)*dim])
		out, err := exec.Call1(tensors.FromFlatDataAndDimensions(images, evalBatch, h, w, c))
		if err != nil {
			return nil, err
		}
		values, err := tensors.CopyFlatData[float32](out)
		if err != nil {
			return nil, err
		}
		k := len(values) / evalBatch
		for i := range size {
			rows = append(rows, values[i*k:(i+1)*k])
		}
	}
	return rows, nil
}

// FittedFromStore reads net's variables out of a GoMLX store (a checkpoint
// loaded with train.Load) into a Fitted without a history: a network
// trained elsewhere, to measure or to take features from.
func FittedFromStore(net Network, store *model.Store) (Fitted, error) {
	params, err := paramsFromStore(net, store)
	if err != nil {
		return Fitted{}, err
	}
	return Fitted{Params: params}, nil
}

// Store returns a GoMLX store holding the trained network's variables (not
// the optimizer's), where net.Model computes what it learnt: what
// train.Save writes as a checkpoint.
func (t Fitted) Store() (*model.Store, error) { return paramsStore(t.Params) }

var (
	_ Backbone = Arch{}
	_ Backbone = Deep{}
)
