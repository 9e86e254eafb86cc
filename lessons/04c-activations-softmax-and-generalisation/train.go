package generalisation

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/optim"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Config is one training run of the lesson: the network, the optimizer,
// and how long. It has plain fields only, so it can be nnlib.Keep's config.
type Config struct {
	Net
	// Optimizer is "adam" (the default) or "sgd": gradient descent with
	// Momentum β (0 for none) and the learning rate η/(1 + Decay·t) at
	// step t (from 0): the schedule of the original course's Keras SGD.
	Optimizer    string
	LearningRate float64
	Momentum     float64
	Decay        float64
	BatchSize    int
	Epochs       int
	// Patience, when not 0, stops the training after that many epochs
	// without a lower validation loss, and restores the weights of the
	// best epoch (early stopping).
	Patience int
	// Augment trains on shifted and mirrored variants of the images
	// (Augment).
	Augment bool
	Seed    uint32
}

// Run is what a training did: its Config and the training loop's History,
// with an evaluation after every epoch of the loss and accuracy on the
// training images and on the validation split. History.Best is the epoch
// of the lowest validation loss.
type Run struct {
	Config  Config
	History train.History
}

// Curve is one of the run's per-epoch curves: "train accuracy",
// "validation accuracy", "train loss" or "validation loss".
func (r Run) Curve(name string) (epochs, values []float64) {
	for _, e := range r.History.Evals {
		epochs = append(epochs, float64(e.Epoch))
		switch name {
		case "train accuracy":
			values = append(values, e.Train.Metric)
		case "validation accuracy":
			values = append(values, e.Validation.Metric)
		case "train loss":
			values = append(values, e.Train.Loss)
		default:
			values = append(values, e.Validation.Loss)
		}
	}
	return epochs, values
}

// Final is the last evaluation (after early stopping, the best one, whose
// weights the model has).
func (r Run) Final() train.Eval {
	if e, ok := r.History.BestEval(); ok && r.Config.Patience > 0 {
		return e
	}
	if len(r.History.Evals) == 0 {
		return train.Eval{Train: train.NoScore, Validation: train.NoScore}
	}
	return r.History.Evals[len(r.History.Evals)-1]
}

// Model is a trained network: its variables, ready to evaluate.
type Model struct {
	Net     Net
	backend compute.Backend
	store   *model.Store
}

// Train trains cfg on trainSet, measuring it on validation after every
// epoch, and returns the run and the trained model.
func Train(backend compute.Backend, cfg Config, trainSet, validation *data.Dataset) (Run, *Model, error) {
	if err := cfg.Validate(); err != nil {
		return Run{}, nil, err
	}
	if trainSet == nil || validation == nil {
		return Run{}, nil, errors.New("Train needs a training set and a validation set: load them with LoadSplits")
	}
	if trainSet.Dim() != cfg.Sizes[0] {
		return Run{}, nil, fmt.Errorf("the images have %d values and the network %d inputs: make Sizes[0] %d", trainSet.Dim(), cfg.Sizes[0], trainSet.Dim())
	}
	if cfg.Epochs < 1 || cfg.BatchSize < 1 || cfg.LearningRate <= 0 {
		return Run{}, nil, fmt.Errorf("a run needs Epochs ≥ 1, BatchSize ≥ 1 and LearningRate > 0, not %d, %d and %g", cfg.Epochs, cfg.BatchSize, cfg.LearningRate)
	}
	opt, err := cfg.optimizer()
	if err != nil {
		return Run{}, nil, err
	}
	m, err := newModel(backend, cfg.Net, cfg.Seed)
	if err != nil {
		return Run{}, nil, err
	}
	step, err := train.NewGraphStep(backend, m.store, func(scope *model.Scope, x, labels *graph.Node) *graph.Node {
		loss := cfg.DataLoss(cfg.Logits(scope, x), labels)
		objective := loss
		if p := cfg.Penalty(scope, x.Graph()); p != nil {
			objective = graph.Add(loss, p)
		}
		opt.UpdateGraph(scope, x.Graph(), objective)
		return objective
	}, flatAndLabels)
	if err != nil {
		return Run{}, nil, err
	}
	loop := train.Loop{
		Data: trainSet, BatchSize: cfg.BatchSize, Shuffle: true, Seed: cfg.Seed, Epochs: cfg.Epochs,
		Evaluate:      func(int) (train.Score, error) { return m.Score(validation) },
		EvaluateTrain: func(int) (train.Score, error) { return m.Score(trainSet) },
	}
	// The best evaluation is the lowest validation loss, with or without
	// early stopping.
	loop.EarlyStopping = train.EarlyStopping{OnLoss: true}
	if cfg.Patience > 0 {
		loop.EarlyStopping = train.EarlyStopping{Patience: cfg.Patience, OnLoss: true, Restore: m.store}
	}
	if cfg.Augment {
		rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x04c))
		loop.Prepare = Augment(rng.Uint64)
	}
	// EvaluateTrain measures the training images as they are (not
	// augmented), with every unit (no dropout) and without the penalty:
	// the same loss as the validation's, so the two curves compare.
	h, err := loop.Run(step)
	if err != nil {
		return Run{}, nil, err
	}
	return Run{Config: cfg, History: h}, m, nil
}

// optimizer builds cfg's update rule.
func (cfg Config) optimizer() (optimizer.Interface, error) {
	switch cfg.Optimizer {
	case "", "adam":
		return optimizer.Adam().LearningRate(cfg.LearningRate).Done(), nil
	case "sgd":
		return optim.Momentum{LearningRate: cfg.LearningRate, Beta: cfg.Momentum, Decay: cfg.Decay}.Done()
	}
	return nil, fmt.Errorf("unknown optimizer %q: use \"adam\" or \"sgd\"", cfg.Optimizer)
}

// newModel makes the store of a network whose initial weights are fixed by
// seed (they are drawn at the first training step).
func newModel(backend compute.Backend, n Net, seed uint32) (*Model, error) {
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(seed)); err != nil {
		return nil, err
	}
	return &Model{Net: n, backend: backend, store: store}, nil
}

// logitsExec compiles the graph of the network's logits, not training (no
// dropout). It is made anew for every evaluation: a model.Exec that is
// called again after another Exec (the training step) changed the store's
// variables computes with their old values (GoMLX v0.28.16).
func (m *Model) logitsExec() (*model.Exec, error) {
	return model.NewExec(m.backend, m.store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		scope.SetTraining(x.Graph(), false)
		return m.Net.Logits(scope, x)
	})
}

// flatAndLabels gives a minibatch as [batch, 784] float32 images and
// [batch, 1] int32 labels.
func flatAndLabels(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
	if b.Labels == nil {
		return nil, nil, errors.New("the images have no labels")
	}
	l := make([]int32, len(b.Labels))
	for i, v := range b.Labels {
		l[i] = int32(v)
	}
	n := b.Len()
	return tensors.FromFlatDataAndDimensions(b.X, n, len(b.X)/n), tensors.FromFlatDataAndDimensions(l, n, 1), nil
}

// evalChunk is how many images the model evaluates at a time.
const evalChunk = 1000

// Logits computes the network's outputs z for every example of d, one row
// per example.
func (m *Model) Logits(d *data.Dataset) (z [][]float64, err error) {
	if m == nil {
		return nil, errors.New("no model: train one first")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if d.Dim() != m.Net.Sizes[0] {
		return nil, fmt.Errorf("the images have %d values and the network %d inputs", d.Dim(), m.Net.Sizes[0])
	}
	defer nnlib.Failed(&err, "GoMLX failed while evaluating")
	exec, err := m.logitsExec()
	if err != nil {
		return nil, err
	}
	dim, k := d.Dim(), m.Net.Classes()
	for from := 0; from < d.Len(); from += evalChunk {
		n := min(evalChunk, d.Len()-from)
		x := tensors.FromFlatDataAndDimensions(d.X[from*dim:(from+n)*dim], n, dim)
		out, err := exec.Call(x)
		if err != nil {
			return nil, err
		}
		flat := tensors.MustCopyFlatData[float32](out[0])
		for i := range n {
			row := make([]float64, k)
			for j := range k {
				row[j] = float64(flat[i*k+j])
			}
			z = append(z, row)
		}
	}
	return z, nil
}

// Probabilities are the network's outputs as it reads them: softmax(z) for
// Softmax, g(z_k) for each of Sigmoids (which need not sum to 1).
func (m *Model) Probabilities(d *data.Dataset) ([][]float64, error) {
	z, err := m.Logits(d)
	if err != nil {
		return nil, err
	}
	for i, row := range z {
		if m.Net.Output == Sigmoids {
			for j, v := range row {
				row[j] = nnlib.Sigmoid(v)
			}
		} else {
			z[i] = SoftmaxRef(row)
		}
	}
	return z, nil
}

// Score is the mean loss (Net.DataLoss, without the penalty) and the
// accuracy of the model on d.
func (m *Model) Score(d *data.Dataset) (train.Score, error) {
	z, err := m.Logits(d)
	if err != nil {
		return train.NoScore, err
	}
	var loss float64
	correct := 0
	for i, row := range z {
		y := d.Labels[i]
		loss += exampleLoss(m.Net.Output, row, y)
		if argmax(row) == y {
			correct++
		}
	}
	n := float64(len(z))
	return train.Score{Loss: loss / n, Metric: float64(correct) / n}, nil
}

// exampleLoss is one example's DataLoss, in float64.
func exampleLoss(output string, z []float64, y int) float64 {
	if output == Sigmoids {
		var s float64
		for k, v := range z {
			if k == y {
				s += softplus(-v)
			} else {
				s += softplus(v)
			}
		}
		return s
	}
	return logSumExp(z) - z[y]
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

func logSumExp(z []float64) float64 {
	hi := z[argmax(z)]
	var s float64
	for _, v := range z {
		s += math.Exp(v - hi)
	}
	return hi + math.Log(s)
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}

// String says what sets the configuration apart from a plain training:
// its optimizer and the regularisers it uses.
func (cfg Config) String() string {
	s := fmt.Sprintf("Adam η = %g", cfg.LearningRate)
	if cfg.Optimizer == "sgd" {
		s = fmt.Sprintf("SGD η = %g, momentum %g", cfg.LearningRate, cfg.Momentum)
		if cfg.Decay > 0 {
			s += fmt.Sprintf(", decay %g", cfg.Decay)
		}
	}
	if cfg.L2 > 0 {
		s += fmt.Sprintf(", weight decay λ = %g", cfg.L2)
	}
	if cfg.Dropout > 0 {
		s += fmt.Sprintf(", dropout %g", cfg.Dropout)
	}
	if cfg.Patience > 0 {
		s += fmt.Sprintf(", early stopping (patience %d)", cfg.Patience)
	}
	if cfg.Augment {
		s += ", augmented images"
	}
	return s
}
