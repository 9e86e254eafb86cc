package rnn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
)

// Kind is a recurrent cell: how the new hidden state is computed from the
// input xₜ and the previous state.
type Kind string

const (
	// Simple is the plain recurrent cell ("vanilla RNN", Elman 1990):
	// hₜ = tanh(W·xₜ + U·hₜ₋₁ + b).
	Simple Kind = "rnn"
	// LSTM is the long short-term memory cell (Hochreiter and Schmidhuber
	// 1997, with the forget gate of Gers et al. 2000), in PyTorch's form:
	//
	//	iₜ = σ(Wᵢ·xₜ + Uᵢ·hₜ₋₁ + bᵢ)   input gate
	//	fₜ = σ(W_f·xₜ + U_f·hₜ₋₁ + b_f)   forget gate
	//	gₜ = tanh(W_g·xₜ + U_g·hₜ₋₁ + b_g)   candidate
	//	oₜ = σ(Wₒ·xₜ + Uₒ·hₜ₋₁ + bₒ)   output gate
	//	cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ,   hₜ = oₜ ⊙ tanh(cₜ)
	LSTM Kind = "lstm"
	// GRU is the gated recurrent unit (Cho et al. 2014), in PyTorch's form:
	//
	//	rₜ = σ(W_r·xₜ + U_r·hₜ₋₁ + b_r)   reset gate
	//	zₜ = σ(W_z·xₜ + U_z·hₜ₋₁ + b_z)   update gate
	//	nₜ = tanh(W_n·xₜ + b_n + rₜ ⊙ (U_n·hₜ₋₁ + b_hn))
	//	hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁
	GRU Kind = "gru"
)

// Kinds lists the cells, simplest first.
var Kinds = []Kind{Simple, GRU, LSTM}

// gateNames are the sub-scopes of each cell's weights, one per gate, in the
// order of the equations above.
var gateNames = map[Kind][]string{
	Simple: {"hidden"},
	LSTM:   {"input", "forget", "candidate", "output"},
	GRU:    {"reset", "update", "new"},
}

// Validate says whether k is a known cell.
func (k Kind) Validate() error {
	if _, ok := gateNames[k]; !ok {
		return fmt.Errorf("unknown recurrent cell %q: use rnn.Simple, rnn.GRU or rnn.LSTM", string(k))
	}
	return nil
}

// Gates is the number of weight sets the cell has: 1, 3 or 4.
func (k Kind) Gates() int { return len(gateNames[k]) }

// String is the cell's usual name: "RNN", "GRU" or "LSTM".
func (k Kind) String() string {
	switch k {
	case Simple:
		return "RNN"
	case GRU:
		return "GRU"
	case LSTM:
		return "LSTM"
	}
	return string(k)
}

// Params is the number of weights of one layer of cell k with in inputs and
// hidden units: per gate W (hidden×in), U (hidden×hidden) and b (hidden),
// plus the GRU's second bias b_hn.
func (k Kind) Params(in, hidden int) int {
	n := k.Gates() * (in*hidden + hidden*hidden + hidden)
	if k == GRU {
		n += hidden
	}
	return n
}

// ForgetBias is the LSTM forget gate's initial bias: σ(1) ≈ 0.73, so that
// at the start of training the cell keeps most of its state from step to
// step (Jozefowicz, Zaremba and Sutskever 2015 found it helps).
const ForgetBias = 1.0

// State is a recurrent layer's state between steps: H, [batch, hidden], and
// for an LSTM the cell state C, of the same shape (nil for other cells).
type State struct{ H, C *graph.Node }

// weights are one layer's variables as graph nodes: per gate wx
// [in, hidden], wh [hidden, hidden] and b [1, hidden]; bhn [1, hidden] is
// the GRU's b_hn.
type weights struct {
	kind      Kind
	hidden    int
	wx, wh, b []*graph.Node
	bhn       *graph.Node
	dtype     dtypes.DType
}

// newWeights creates (or reads back) a layer's variables in scope. Every
// weight and bias starts uniform in ±1/√hidden, as in PyTorch, except the
// LSTM forget gate's bias, which starts at ForgetBias.
func newWeights(scope *model.Scope, kind Kind, in, hidden int, g *graph.Graph, dtype dtypes.DType) weights {
	bound := 1 / math.Sqrt(float64(hidden))
	scope = scope.WithInitializer(initializer.RandomUniformFn(scope, -bound, bound))
	w := weights{kind: kind, hidden: hidden, dtype: dtype}
	for _, name := range gateNames[kind] {
		gs := scope.In("%s", name)
		w.wx = append(w.wx, gs.VariableWithShape("wx", shapes.Make(dtype, in, hidden)).NodeValue(g))
		w.wh = append(w.wh, gs.VariableWithShape("wh", shapes.Make(dtype, hidden, hidden)).NodeValue(g))
		if kind == LSTM && name == "forget" {
			b := tensors.FromShape(shapes.Make(dtype, 1, hidden))
			fill(b, ForgetBias)
			w.b = append(w.b, gs.VariableWithValue("b", b).NodeValue(g))
		} else {
			w.b = append(w.b, gs.VariableWithShape("b", shapes.Make(dtype, 1, hidden)).NodeValue(g))
		}
		if kind == GRU && name == "new" {
			w.bhn = gs.VariableWithShape("bhn", shapes.Make(dtype, 1, hidden)).NodeValue(g)
		}
	}
	return w
}

// fill sets every value of a float tensor to v.
func fill(t *tensors.Tensor, v float64) {
	switch t.DType() {
	case dtypes.Float32:
		tensors.MutableFlatData(t, func(f []float32) {
			for i := range f {
				f[i] = float32(v)
			}
		})
	case dtypes.Float64:
		tensors.MutableFlatData(t, func(f []float64) {
			for i := range f {
				f[i] = v
			}
		})
	}
}

// step computes the next state from the input projections p (one per gate,
// [batch, hidden], W·xₜ + b already added) and the state s.
func (w weights) step(p []*graph.Node, s State) State {
	rec := func(k int) *graph.Node { return graph.Dot(s.H, w.wh[k]).Product() }
	switch w.kind {
	case Simple:
		return State{H: graph.Tanh(graph.Add(p[0], rec(0)))}
	case LSTM:
		i := graph.Sigmoid(graph.Add(p[0], rec(0)))
		f := graph.Sigmoid(graph.Add(p[1], rec(1)))
		g := graph.Tanh(graph.Add(p[2], rec(2)))
		o := graph.Sigmoid(graph.Add(p[3], rec(3)))
		c := graph.Add(graph.Mul(f, s.C), graph.Mul(i, g))
		return State{H: graph.Mul(o, graph.Tanh(c)), C: c}
	default: // GRU
		r := graph.Sigmoid(graph.Add(p[0], rec(0)))
		z := graph.Sigmoid(graph.Add(p[1], rec(1)))
		n := graph.Tanh(graph.Add(p[2], graph.Mul(r, graph.Add(rec(2), w.bhn))))
		// (1 − z)⊙n + z⊙h, written with one product fewer.
		return State{H: graph.Add(n, graph.Mul(z, graph.Sub(s.H, n)))}
	}
}

// zeroState is the all-zeros state of a batch.
func (w weights) zeroState(g *graph.Graph, batch int) State {
	s := State{H: graph.Zeros(g, shapes.Make(w.dtype, batch, w.hidden))}
	if w.kind == LSTM {
		s.C = graph.Zeros(g, shapes.Make(w.dtype, batch, w.hidden))
	}
	return s
}

// Sequence runs a recurrent layer of kind cells with hidden units over the
// sequences x, [batch, steps, features], from the state init (nil for zeros),
// and returns the hidden state after every step (steps nodes of [batch,
// hidden]) and the last state. Its variables are in scope (one sub-scope per
// gate); Step reads the same ones.
//
// The layer is unrolled: the graph holds one copy of the cell per step, and
// GoMLX's automatic differentiation of it is backpropagation through time.
// What makes it fast on the Go backend (about 3× PyTorch 1.13's nn.LSTM on
// the course's char model, see the package documentation):
//
//   - each gate has its own [hidden, hidden] matrix, so a step is a few
//     [batch, hidden]·[hidden, hidden] products whose results need no
//     slicing along their last axis (the Go backend's Slice copies value by
//     value; along the first axis it copies contiguous rows);
//   - each step slices its input xₜ out of the (small) time-major inputs and
//     projects it then, rather than slicing the (large) projections W·x of
//     all steps computed at once: GoMLX's gradient of a Slice is a
//     zero-padded tensor of the whole input's size, so slicing the [steps,
//     batch, hidden] projections would cost steps² · batch · hidden in the
//     backward pass (half of the step's time at 64 steps of 256 units), and
//     slicing [steps, batch, features] costs features/hidden of that.
//
// GoMLX's own ml/layers/lstm computes the same cell about 2.5–3 times slower
// there, mostly from slicing its fused [4, …] gate tensors at every step.
func Sequence(scope *model.Scope, kind Kind, x *graph.Node, hidden int, init *State) (hs []*graph.Node, last State) {
	if err := kind.Validate(); err != nil {
		panic(err)
	}
	if x.Rank() != 3 {
		panic(fmt.Errorf("rnn.Sequence needs x shaped [batch, steps, features], not %s", x.Shape()))
	}
	g := x.Graph()
	b, t, f := x.Shape().Dim(0), x.Shape().Dim(1), x.Shape().Dim(2)
	w := newWeights(scope, kind, f, hidden, g, x.DType())
	steps := graph.Transpose(x, 0, 1) // Time-major: [steps, batch, features].
	s := w.zeroState(g, b)
	if init != nil {
		s = *init
	}
	p := make([]*graph.Node, kind.Gates())
	for step := range t {
		xt := graph.Reshape(graph.Slice(steps, graph.AxisElem(step)), b, f)
		for k := range p {
			p[k] = graph.Add(graph.Dot(xt, w.wx[k]).Product(), w.b[k])
		}
		s = w.step(p, s)
		hs = append(hs, s.H)
	}
	return hs, s
}

// Step runs one step of the layer whose variables Sequence created in scope:
// x is [batch, features], s the state (nil for zeros). It is what a sampler
// calls one character at a time.
func Step(scope *model.Scope, kind Kind, x *graph.Node, hidden int, s *State) State {
	if err := kind.Validate(); err != nil {
		panic(err)
	}
	g := x.Graph()
	w := newWeights(scope, kind, x.Shape().Dim(1), hidden, g, x.DType())
	p := make([]*graph.Node, kind.Gates())
	for k := range p {
		p[k] = graph.Add(graph.Dot(x, w.wx[k]).Product(), w.b[k])
	}
	st := w.zeroState(g, x.Shape().Dim(0))
	if s != nil {
		st = *s
	}
	return w.step(p, st)
}
