package rnn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// CharTraining is how a CharModel is trained: Adam on minibatches of Batch
// windows of SeqLen+1 characters cut from the text every SeqLen characters
// (the model reads the first SeqLen and predicts the last SeqLen, each
// window from a zero state), for Steps steps. Every EvalEvery steps the
// model is measured on the validation text and writes SampleLen characters
// at SampleTemperature, so that a student can watch the text become
// language. It has plain fields only, so it can be nnlib.Keep's config.
type CharTraining struct {
	Model             CharModel
	SeqLen, Batch     int
	LearningRate      float64
	Steps, EvalEvery  int
	SampleLen         int
	SampleTemperature float64
	Prime             string // The text each sample starts from.
	Seed              uint32
}

// Validate says what is wrong with the training, if anything.
func (c CharTraining) Validate() error {
	if err := c.Model.Validate(); err != nil {
		return err
	}
	if c.SeqLen < 1 || c.Batch < 1 || c.Steps < 1 || c.EvalEvery < 1 || c.LearningRate <= 0 {
		return fmt.Errorf("a character model's training needs SeqLen, Batch, Steps and EvalEvery ≥ 1 and LearningRate > 0, not %d, %d, %d, %d and %g",
			c.SeqLen, c.Batch, c.Steps, c.EvalEvery, c.LearningRate)
	}
	if c.Prime == "" {
		return errors.New("a character model's training needs a Prime: the text its samples start from")
	}
	return nil
}

// Snapshot is the model at one point of its training: its validation
// cross-entropy (nats per character) and a sample of its writing.
type Snapshot struct {
	Step      int
	Seconds   float64 // Training time so far.
	ValidNats float64
	Sample    string
}

// Perplexity is e^(cross-entropy): the number of equally likely characters
// the model is, on average, choosing between.
func (s Snapshot) Perplexity() float64 { return math.Exp(s.ValidNats) }

// CharRun is a character model's training.
type CharRun struct {
	Config    CharTraining
	History   train.History
	Snapshots []Snapshot
}

// CharsPerSecond is the training's speed in characters read per second.
func (r CharRun) CharsPerSecond() float64 {
	return r.History.ExamplesPerSecond() * float64(r.Config.SeqLen)
}

// TrainChars trains cfg's model, whose variables go in store, on the
// character ids trainIDs (ids of vocab), measuring it on validIDs.
func TrainChars(backend compute.Backend, store *model.Store, cfg CharTraining, vocab *data.CharVocab, trainIDs, validIDs []int, hooks ...train.Hooks) (run CharRun, err error) {
	run.Config = cfg
	if err := cfg.Validate(); err != nil {
		return run, err
	}
	if vocab == nil || vocab.Size() != cfg.Model.Vocab {
		return run, errors.New("TrainChars needs the vocabulary the model was sized for (Model.Vocab = vocab.Size())")
	}
	windows, err := vocab.Windows(trainIDs, cfg.SeqLen+1, cfg.SeqLen)
	if err != nil {
		return run, err
	}
	if _, err := vocab.Encode(cfg.Prime); err != nil {
		return run, fmt.Errorf("the Prime: %w", err)
	}
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return run, err
	}
	opt := optimizer.Adam().LearningRate(cfg.LearningRate).Done()
	step, err := train.NewGraphStep(backend, store, func(scope *model.Scope, ids, targets *graph.Node) *graph.Node {
		l, _ := cfg.Model.Loss(scope, ids, targets, nil)
		opt.UpdateGraph(scope, ids.Graph(), l)
		return l
	}, WindowTensors(cfg.SeqLen))
	if err != nil {
		return run, err
	}
	eval, err := NewEvaluator(backend, store, cfg.Model, 16, cfg.SeqLen)
	if err != nil {
		return run, err
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x05b))
	var elapsed time.Duration
	loop := train.Loop{
		Data: windows, BatchSize: cfg.Batch, Shuffle: true, Seed: cfg.Seed, Steps: cfg.Steps,
		EvalEvery: cfg.EvalEvery, Hooks: hooks, EarlyStopping: train.EarlyStopping{OnLoss: true},
		Evaluate: func(s int) (train.Score, error) {
			nats, err := eval.CrossEntropy(validIDs)
			if err != nil {
				return train.NoScore, err
			}
			sampler, err := NewSampler(backend, store, cfg.Model, vocab)
			if err != nil {
				return train.NoScore, err
			}
			text, err := sampler.Generate(cfg.Prime, cfg.SampleLen, func(logits []float64) int {
				return Pick(logits, cfg.SampleTemperature, rng.Float64())
			})
			if err != nil {
				return train.NoScore, err
			}
			run.Snapshots = append(run.Snapshots, Snapshot{Step: s, ValidNats: nats, Sample: text, Seconds: elapsed.Seconds()})
			return train.Score{Loss: nats, Metric: math.Exp(nats)}, nil
		},
	}
	h, err := loop.Run(func(i int, b data.Batch) (float64, error) {
		t := time.Now()
		l, err := step(i, b)
		elapsed += time.Since(t)
		return l, err
	})
	run.History = h
	return run, err
}

// WindowTensors turns a batch of windows of seqLen+1 ids (as
// CharVocab.Windows cuts them) into the ids the model reads, [batch,
// seqLen] int32, and the ids it must predict, the same shifted by one: the
// train.Tensors of a character model's training step.
func WindowTensors(seqLen int) train.Tensors {
	return func(b data.Batch) (inputs, targets *tensors.Tensor, err error) {
		n := b.Len()
		in := make([]int32, n*seqLen)
		tg := make([]int32, n*seqLen)
		for i := range n {
			row := b.X[i*(seqLen+1) : (i+1)*(seqLen+1)]
			for k := range seqLen {
				in[i*seqLen+k] = int32(row[k])
				tg[i*seqLen+k] = int32(row[k+1])
			}
		}
		return tensors.FromFlatDataAndDimensions(in, n, seqLen), tensors.FromFlatDataAndDimensions(tg, n, seqLen), nil
	}
}

// Pick draws a character from the logits at a temperature: from the
// probabilities softmax(logits/temperature), by inverting their cumulative
// sum at u, a number drawn uniformly in [0, 1). A temperature below 1
// sharpens the distribution (more likely characters, more repetitive text),
// above 1 flattens it (more surprising, more mistakes); 0 always picks the
// most likely character.
func Pick(logits []float64, temperature, u float64) int {
	best := 0
	for i, v := range logits {
		if v > logits[best] {
			best = i
		}
	}
	if temperature <= 0 {
		return best
	}
	p := make([]float64, len(logits))
	var sum float64
	for i, v := range logits {
		p[i] = math.Exp((v - logits[best]) / temperature)
		sum += p[i]
	}
	target := u * sum
	var acc float64
	for i, v := range p {
		acc += v
		if target < acc {
			return i
		}
	}
	return len(p) - 1
}

// Sampler makes a trained character model write, one character at a time.
type Sampler struct {
	m     CharModel
	vocab *data.CharVocab
	exec  *model.Exec
}

// NewSampler compiles the one-step graph of m, whose variables are in store
// (made anew for each use: see Evaluator.CrossEntropy).
func NewSampler(backend compute.Backend, store *model.Store, m CharModel, vocab *data.CharVocab) (*Sampler, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if vocab == nil || vocab.Size() != m.Vocab {
		return nil, errors.New("a sampler needs the vocabulary the model was trained with")
	}
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		scope.SetTraining(in[0].Graph(), false)
		logits, next := m.StepLogits(scope, in[0], m.stateNodes(in[1], in[2]))
		return []*graph.Node{logits, next.H, cOrH(next)}
	})
	if err != nil {
		return nil, err
	}
	return &Sampler{m: m, vocab: vocab, exec: exec}, nil
}

// Generate reads prime, then writes n characters, each chosen by pick from
// the logits of the next character, and returns prime followed by them.
func (s *Sampler) Generate(prime string, n int, pick func(logits []float64) int) (text string, err error) {
	defer nnlib.Failed(&err, "GoMLX failed sampling the character model")
	ids, err := s.vocab.Encode(prime)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", errors.New("give the sampler a prime of at least one character to start from")
	}
	h := tensors.FromShape(shapes.Make(dtypes.Float32, 1, s.m.Hidden))
	c := tensors.FromShape(shapes.Make(dtypes.Float32, 1, s.m.Hidden))
	out := append([]int(nil), ids...)
	var logits []float64
	feed := func(id int) error {
		r, err := s.exec.Call(tensors.FromFlatDataAndDimensions([]int32{int32(id)}, 1), h, c)
		if err != nil {
			return err
		}
		h, c = r[1], r[2]
		logits = logits[:0]
		for _, v := range tensors.MustCopyFlatData[float32](r[0]) {
			logits = append(logits, float64(v))
		}
		return nil
	}
	for _, id := range ids {
		if err := feed(id); err != nil {
			return "", err
		}
	}
	for range n {
		id := pick(logits)
		if id < 0 || id >= s.m.Vocab {
			return "", fmt.Errorf("the pick function returned %d: return an index of the logits, 0 to %d", id, s.m.Vocab-1)
		}
		out = append(out, id)
		if err := feed(id); err != nil {
			return "", err
		}
	}
	return s.vocab.Decode(out), nil
}
