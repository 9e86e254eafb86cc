package recurrent

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Symbols is the alphabet of the memory task: symbols 0 … Symbols−1, shown
// to the network one-hot.
const Symbols = 8

// RecallSequences makes n examples of the memory task with delay k: each is
// k+1 symbols drawn uniformly, and its label is the first one. The network
// reads all k+1 and must then name the symbol it saw k steps before the
// last: it has to carry it through k distractors. Guessing scores 1/Symbols.
func RecallSequences(n, k int, seed uint64) (*data.Dataset, error) {
	if n < 1 || k < 1 {
		return nil, fmt.Errorf("the memory task needs n ≥ 1 sequences and a delay k ≥ 1, not %d and %d", n, k)
	}
	r := rand.New(rand.NewPCG(seed, uint64(k)))
	d := &data.Dataset{Name: fmt.Sprintf("recall after %d steps", k), Shape: []int{k + 1}, X: make([]float32, 0, n*(k+1))}
	for range n {
		first := r.IntN(Symbols)
		d.X = append(d.X, float32(first))
		for range k {
			d.X = append(d.X, float32(r.IntN(Symbols)))
		}
		d.Labels = append(d.Labels, first)
	}
	for s := range Symbols {
		d.ClassNames = append(d.ClassNames, fmt.Sprint(s))
	}
	return d, nil
}

// oneHot turns a batch of symbol sequences into [batch, steps, Symbols]
// float32 inputs and [batch, 1] int32 labels.
func oneHot(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
	n := b.Shape[0]
	steps := len(b.X) / n
	x := make([]float32, n*steps*Symbols)
	for i, v := range b.X {
		x[i*Symbols+int(v)] = 1
	}
	l := make([]int32, n)
	for i, v := range b.Labels {
		l[i] = int32(v)
	}
	return tensors.FromFlatDataAndDimensions(x, n, steps, Symbols), tensors.FromFlatDataAndDimensions(l, n, 1), nil
}

// Memory is one network of the memory study: a recurrent layer of Hidden
// cells of Kind reading the one-hot symbols, and a dense layer from its last
// hidden state to the Symbols logits.
type Memory struct {
	Kind   rnn.Kind
	Hidden int
}

// Params is the number of weights of the network.
func (m Memory) Params() int { return m.Kind.Params(Symbols, m.Hidden) + m.Hidden*Symbols + Symbols }

// logits is the network's graph: x [batch, steps, Symbols] → [batch, Symbols].
func (m Memory) logits(scope *model.Scope, x *graph.Node) *graph.Node {
	_, last := rnn.Sequence(scope.In("recurrent"), m.Kind, x, m.Hidden, nil)
	os := scope.In("output")
	w := os.VariableWithShape("w", shapes.Make(dtypes.Float32, m.Hidden, Symbols)).NodeValue(x.Graph())
	b := os.VariableWithShape("b", shapes.Make(dtypes.Float32, 1, Symbols)).NodeValue(x.Graph())
	return graph.Add(graph.Dot(last.H, w).Product(), b)
}

// SameBudget are the three cells sized to about the same number of weights
// (5,800): a plain RNN of 72 units, a GRU of 40 and an LSTM of 34.
var SameBudget = []Memory{{rnn.Simple, 72}, {rnn.GRU, 40}, {rnn.LSTM, 34}}

// MemoryStudy is the memory experiment: every network of Nets trained on the
// task at every delay of Delays, with the same budget (Steps minibatches of
// Batch fresh sequences, Adam at LearningRate), then measured on Test new
// sequences.
type MemoryStudy struct {
	Nets         []Memory
	Delays       []int
	Steps, Batch int
	LearningRate float64
	Test         int
	Seed         uint64
}

// DefaultMemory is the lesson's study; quick runs use fewer steps.
var DefaultMemory = MemoryStudy{Nets: SameBudget, Delays: []int{5, 10, 20, 30}, Steps: 1800, Batch: 64, LearningRate: 1e-3, Test: 2000, Seed: 1}

// QuickMemory is DefaultMemory made short for COURSE_QUICK=1.
var QuickMemory = MemoryStudy{Nets: SameBudget, Delays: []int{5, 20}, Steps: 60, Batch: 64, LearningRate: 1e-3, Test: 500, Seed: 1}

// Memories returns the study of this run: DefaultMemory, or QuickMemory in
// quick mode.
func Memories() MemoryStudy {
	if nnlib.Quick() {
		return QuickMemory
	}
	return DefaultMemory
}

// MemoryResult is one network at one delay.
type MemoryResult struct {
	Net      Memory
	Delay    int
	Accuracy float64 // On the test sequences.
	Loss     []float64
	Seconds  float64
}

// Run trains every network at every delay and returns the results, delay by
// delay.
func (s MemoryStudy) Run(backend compute.Backend, progress func(r MemoryResult)) ([]MemoryResult, error) {
	if len(s.Nets) == 0 || len(s.Delays) == 0 || s.Steps < 1 || s.Batch < 1 || s.Test < 1 {
		return nil, errors.New("the memory study needs networks, delays, Steps, Batch and Test ≥ 1")
	}
	var out []MemoryResult
	for _, k := range s.Delays {
		trainSet, err := RecallSequences(s.Steps*s.Batch, k, s.Seed)
		if err != nil {
			return nil, err
		}
		testSet, err := RecallSequences(s.Test, k, s.Seed+1000)
		if err != nil {
			return nil, err
		}
		for _, m := range s.Nets {
			r, err := s.train(backend, m, k, trainSet, testSet)
			if err != nil {
				return nil, fmt.Errorf("%s at delay %d: %w", m.Kind, k, err)
			}
			if progress != nil {
				progress(r)
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// train trains one network on one delay's sequences, seen once each.
func (s MemoryStudy) train(backend compute.Backend, m Memory, k int, trainSet, testSet *data.Dataset) (MemoryResult, error) {
	if err := m.Kind.Validate(); err != nil {
		return MemoryResult{}, err
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(s.Seed)); err != nil {
		return MemoryResult{}, err
	}
	opt := optimizer.Adam().LearningRate(s.LearningRate).Done()
	step, err := train.NewGraphStep(backend, store, func(scope *model.Scope, x, y *graph.Node) *graph.Node {
		l := graph.ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{y}, []*graph.Node{m.logits(scope, x)}))
		opt.UpdateGraph(scope, x.Graph(), l)
		return l
	}, oneHot)
	if err != nil {
		return MemoryResult{}, err
	}
	h, err := train.Loop{Data: trainSet, BatchSize: s.Batch, Steps: s.Steps, Seed: uint32(s.Seed)}.Run(step)
	if err != nil {
		return MemoryResult{}, err
	}
	acc, err := m.accuracy(backend, store, testSet)
	if err != nil {
		return MemoryResult{}, err
	}
	return MemoryResult{Net: m, Delay: k, Accuracy: acc, Loss: h.Loss, Seconds: h.TrainSeconds}, nil
}

// accuracy is the share of testSet's sequences whose first symbol the
// network names, with a fresh Exec (see rnn.Evaluator.CrossEntropy).
func (m Memory) accuracy(backend compute.Backend, store *model.Store, testSet *data.Dataset) (acc float64, err error) {
	defer nnlib.Failed(&err, "GoMLX failed measuring the memory network")
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return graph.ArgMax(m.logits(scope, x), -1)
	})
	if err != nil {
		return 0, err
	}
	defer exec.Finalize()
	b := data.Batch{X: testSet.X, Labels: testSet.Labels, Shape: append([]int{testSet.Len()}, testSet.Shape...)}
	x, _, err := oneHot(b)
	if err != nil {
		return 0, err
	}
	out, err := exec.Call(x)
	if err != nil {
		return 0, err
	}
	right := 0
	for i, p := range tensors.MustCopyFlatData[int32](out[0]) {
		if int(p) == testSet.Labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(testSet.Labels)), nil
}
