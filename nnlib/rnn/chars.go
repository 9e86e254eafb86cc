package rnn

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// CharModel is a character-level language model: each character id is
// embedded as Embed numbers, a recurrent layer of Hidden cells of Kind reads
// them one by one, and a dense layer turns each hidden state into the logits
// of the next character (Karpathy's char-rnn, 2015, with an embedding in
// place of the one-hot input).
type CharModel struct {
	Kind   Kind
	Vocab  int // Distinct characters.
	Embed  int // Size of a character's embedding.
	Hidden int // Units of the recurrent layer.
}

// Validate says what is wrong with the model's sizes, if anything.
func (m CharModel) Validate() error {
	if err := m.Kind.Validate(); err != nil {
		return err
	}
	if m.Vocab < 2 || m.Embed < 1 || m.Hidden < 1 {
		return fmt.Errorf("a character model needs Vocab ≥ 2, Embed ≥ 1 and Hidden ≥ 1, not %d, %d and %d", m.Vocab, m.Embed, m.Hidden)
	}
	return nil
}

// Params is the number of weights: the embedding table, the recurrent layer
// and the output layer.
func (m CharModel) Params() int {
	return m.Vocab*m.Embed + m.Kind.Params(m.Embed, m.Hidden) + m.Hidden*m.Vocab + m.Vocab
}

// String describes the model in one line.
func (m CharModel) String() string {
	return fmt.Sprintf("embedding %d → %s %d → dense %d (%d characters; %s weights)",
		m.Embed, m.Kind, m.Hidden, m.Vocab, m.Vocab, thousands(m.Params()))
}

// embed looks the ids (int32, any shape) up in the embedding table:
// the result has one more axis, of size Embed. The table starts N(0, 1), as
// PyTorch's nn.Embedding does.
func (m CharModel) embed(scope *model.Scope, ids *graph.Node) *graph.Node {
	g := ids.Graph()
	es := scope.In("embed")
	es = es.WithInitializer(initializer.RandomNormalFn(es, 1))
	table := es.VariableWithShape("table", shapes.Make(dtypes.Float32, m.Vocab, m.Embed)).NodeValue(g)
	return graph.Gather(table, graph.ExpandAxes(ids, -1))
}

// output is the dense layer from hidden states [n, Hidden] to logits
// [n, Vocab].
func (m CharModel) output(scope *model.Scope, h *graph.Node) *graph.Node {
	g := h.Graph()
	os := scope.In("output")
	bound := 1 / math.Sqrt(float64(m.Hidden))
	os = os.WithInitializer(initializer.RandomUniformFn(os, -bound, bound))
	w := os.VariableWithShape("w", shapes.Make(dtypes.Float32, m.Hidden, m.Vocab)).NodeValue(g)
	b := os.VariableWithShape("b", shapes.Make(dtypes.Float32, 1, m.Vocab)).NodeValue(g)
	return graph.Add(graph.Dot(h, w).Product(), b)
}

// Logits runs the model over ids, [batch, steps] int32, from the state init
// (nil for zeros), and returns the logits of the next character after each
// one, time-major: row t·batch + i is sequence i after step t, [steps·batch,
// Vocab]; and the last state.
func (m CharModel) Logits(scope *model.Scope, ids *graph.Node, init *State) (*graph.Node, State) {
	b, t := ids.Shape().Dim(0), ids.Shape().Dim(1)
	hs, last := Sequence(scope.In("recurrent"), m.Kind, m.embed(scope, ids), m.Hidden, init)
	all := graph.Reshape(graph.Stack(hs, 0), t*b, m.Hidden)
	return m.output(scope, all), last
}

// Loss is the mean cross-entropy, in nats per character, of the model
// predicting targets [batch, steps] (int32: the character after each of
// ids) from ids, from the state init (nil for zeros); and the last state.
func (m CharModel) Loss(scope *model.Scope, ids, targets *graph.Node, init *State) (*graph.Node, State) {
	logits, last := m.Logits(scope, ids, init)
	b, t := ids.Shape().Dim(0), ids.Shape().Dim(1)
	labels := graph.Reshape(graph.Transpose(targets, 0, 1), t*b, 1) // Time-major, as the logits.
	l := loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{labels}, []*graph.Node{logits})
	return graph.ReduceAllMean(l), last
}

// StepLogits runs one character per sequence, ids [batch] int32, from the
// state s, and returns the logits of the next character, [batch, Vocab], and
// the new state.
func (m CharModel) StepLogits(scope *model.Scope, ids *graph.Node, s State) (*graph.Node, State) {
	next := Step(scope.In("recurrent"), m.Kind, m.embed(scope, ids), m.Hidden, &s)
	return m.output(scope, next.H), next
}

// stateNodes makes a State from graph inputs h and c (c ignored unless the
// cell is an LSTM).
func (m CharModel) stateNodes(h, c *graph.Node) State {
	if m.Kind == LSTM {
		return State{H: h, C: c}
	}
	return State{H: h}
}

// cOrH returns s.C, or s.H for cells without a cell state (so that every
// graph has the same outputs).
func cOrH(s State) *graph.Node {
	if s.C != nil {
		return s.C
	}
	return s.H
}

// Evaluator measures a character model on a text, carrying the state from
// one chunk of the text to the next, as the model would read it.
type Evaluator struct {
	m       CharModel
	backend compute.Backend
	store   *model.Store
	streams int
	chunk   int
}

// NewEvaluator returns an Evaluator of m, whose variables are in store,
// that reads a text as streams parallel parts, chunk characters at a time.
func NewEvaluator(backend compute.Backend, store *model.Store, m CharModel, streams, chunk int) (*Evaluator, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if streams < 1 || chunk < 1 {
		return nil, fmt.Errorf("an evaluator needs streams ≥ 1 and chunk ≥ 1, not %d and %d", streams, chunk)
	}
	return &Evaluator{m: m, backend: backend, store: store, streams: streams, chunk: chunk}, nil
}

// CrossEntropy is the model's mean −ln P(next character) over ids, in nats
// per character: ids is cut into Evaluator.streams equal parts, each read
// from a zero state in chunks that carry the state on, so every character
// but the first of each part is predicted from everything before it in its
// part. Characters that do not fill the last chunk are left out. It builds
// a fresh GoMLX Exec, so it sees the variables as they are now.
func (e *Evaluator) CrossEntropy(ids []int) (nats float64, err error) {
	defer nnlib.Failed(&err, "GoMLX failed evaluating the character model")
	per := (len(ids) - 1) / e.streams / e.chunk * e.chunk // Characters predicted per stream.
	if per < 1 {
		return 0, fmt.Errorf("a text of %d characters is too short to read as %d parts of at least %d", len(ids), e.streams, e.chunk)
	}
	exec, err := model.NewExec(e.backend, e.store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		scope.SetTraining(in[0].Graph(), false)
		l, last := e.m.Loss(scope, in[0], in[1], ptr(e.m.stateNodes(in[2], in[3])))
		return []*graph.Node{l, last.H, cOrH(last)}
	})
	if err != nil {
		return 0, err
	}
	defer exec.Finalize()
	part := len(ids) / e.streams
	h := tensors.FromShape(shapes.Make(dtypes.Float32, e.streams, e.m.Hidden))
	c := tensors.FromShape(shapes.Make(dtypes.Float32, e.streams, e.m.Hidden))
	var sum float64
	for start := 0; start < per; start += e.chunk {
		in := make([]int32, e.streams*e.chunk)
		tg := make([]int32, e.streams*e.chunk)
		for s := range e.streams {
			for k := range e.chunk {
				i := s*part + start + k
				in[s*e.chunk+k] = int32(ids[i])
				tg[s*e.chunk+k] = int32(ids[i+1])
			}
		}
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(in, e.streams, e.chunk),
			tensors.FromFlatDataAndDimensions(tg, e.streams, e.chunk), h, c)
		if err != nil {
			return 0, err
		}
		sum += float64(tensors.ToScalar[float32](out[0]))
		h, c = out[1], out[2]
	}
	nats = sum / float64(per/e.chunk)
	if math.IsNaN(nats) {
		return 0, errors.New("the model's loss is NaN: lower the learning rate and train again")
	}
	return nats, nil
}

func ptr[T any](v T) *T { return &v }

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
