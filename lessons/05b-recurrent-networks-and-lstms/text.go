package recurrent

import (
	"errors"
	"math/rand/v2"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Corpus is the text the character model learns from, The Devil's
// Dictionary, cut by position: the first 90% to train on, the last 10%
// (entries from late in the alphabet it never saw) to measure it.
type Corpus struct {
	Vocab        *data.CharVocab
	Train, Valid []int // Character ids.
}

// LoadCorpus loads and splits the Devil's Dictionary.
func LoadCorpus() (*Corpus, error) {
	text, err := data.DevilsDictionary()
	if err != nil {
		return nil, err
	}
	return NewCorpus(text, 0.9)
}

// NewCorpus splits any text for the character model: the first share of
// its characters to train on, the rest to validate.
func NewCorpus(text string, share float64) (*Corpus, error) {
	if len(text) < 1000 {
		return nil, errors.New("the text is too short for a character model: give it at least 1,000 characters")
	}
	if share <= 0 || share >= 1 {
		return nil, errors.New("the training share must lie between 0 and 1, such as 0.9")
	}
	v := data.NewCharVocab(text)
	ids, err := v.Encode(text)
	if err != nil {
		return nil, err
	}
	cut := int(float64(len(ids)) * share)
	return &Corpus{Vocab: v, Train: ids[:cut], Valid: ids[cut:]}, nil
}

// Writer is the lesson's character model and its training: an LSTM of 256
// units over 32-number embeddings, Adam at 2·10⁻³ on minibatches of 32
// windows of 64 characters, 3,200 steps (about 3½ minutes here), measured
// and sampled every 400.
func Writer(vocab int) rnn.CharTraining {
	c := rnn.CharTraining{
		Model:  rnn.CharModel{Kind: rnn.LSTM, Vocab: vocab, Embed: 32, Hidden: 256},
		SeqLen: 64, Batch: 32, LearningRate: 2e-3, Steps: 3200, EvalEvery: 400,
		SampleLen: 160, SampleTemperature: 0.7, Prime: "LOVE, n.", Seed: 1,
	}
	if nnlib.Quick() {
		c.Model.Hidden, c.Steps, c.EvalEvery, c.SampleLen = 64, 40, 20, 60
	}
	return c
}

// KeepWriter trains cfg's character model on the corpus, or reads it back:
// its variables are kept as a checkpoint (train.KeepStore) and its run
// (losses, snapshots, samples) by nnlib.Keep, both under cfg, so that the
// sampling cells after it start at once.
func KeepWriter(backend compute.Backend, c *Corpus, cfg rnn.CharTraining, hooks ...train.Hooks) (*model.Store, rnn.CharRun, error) {
	if c == nil {
		return nil, rnn.CharRun{}, errors.New("KeepWriter needs the corpus: load it with LoadCorpus")
	}
	var run rnn.CharRun
	trained := false
	store, err := train.KeepStore("writer", cfg, func(s *model.Store) error {
		r, err := rnn.TrainChars(backend, s, cfg, c.Vocab, c.Train, c.Valid, hooks...)
		run, trained = r, true
		return err
	})
	if err != nil {
		return nil, run, err
	}
	if trained {
		if err := nnlib.Forget("writer-run"); err != nil {
			return nil, run, err
		}
	}
	run, err = nnlib.Keep("writer-run", cfg, func() (rnn.CharRun, error) {
		if !trained {
			return rnn.CharRun{}, errors.New("the writer's checkpoint is kept but not its run: call nnlib.Forget(\"writer\") and train it again")
		}
		return run, nil
	})
	return store, run, err
}

// NGramChoice is the n-gram baseline chosen on the validation text: the
// best order, every order's validation cross-entropy (nats per character),
// and what the best one writes from a prime.
type NGramChoice struct {
	Orders     []int
	PerOrder   []float64
	Best       int
	Bits       float64 // Of the best order on the validation text, bits per character.
	Perplexity float64
	Sample     string
}

// ChooseNGram fits n-gram models of each order on the corpus's training
// text, keeps the one with the lowest validation cross-entropy, and lets it
// write n characters after prime.
func ChooseNGram(c *Corpus, orders []int, prime string, n int, seed uint64) (NGramChoice, error) {
	best, per, err := ChooseOrder(c.Train, c.Valid, c.Vocab.Size(), orders)
	if err != nil {
		return NGramChoice{}, err
	}
	m, err := NewNGram(best, c.Vocab.Size(), c.Train)
	if err != nil {
		return NGramChoice{}, err
	}
	p, err := c.Vocab.Encode(prime)
	if err != nil {
		return NGramChoice{}, err
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	return NGramChoice{
		Orders: orders, PerOrder: per, Best: best,
		Bits: m.BitsPerChar(c.Valid), Perplexity: m.Perplexity(c.Valid),
		Sample: prime + c.Vocab.Decode(m.Sample(p, n, rng)),
	}, nil
}
