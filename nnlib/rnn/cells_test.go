package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// The cells are checked against refSequence, a plain-Go float64 computation
// of the equations in the Kind constants' documentation, written with loops
// only, and (torch_test.go) against PyTorch. The weights are set into the
// store before the first graph build, under the gate names below: written
// out here, not read from the package, so that renaming or reordering a
// gate is caught.

// testGates are the sub-scopes of each cell's weights, in the order of the
// equations: the same order as PyTorch's gates.
var testGates = map[Kind][]string{
	Simple: {"hidden"},
	GRU:    {"reset", "update", "new"},
	LSTM:   {"input", "forget", "candidate", "output"},
}

// goBackend returns the tests' Go backend (one for all: tensors keep the
// backend they were used on).
func goBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := sharedGo()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var sharedGo = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

// cellParams are one layer's weights, flat and row-major, keyed by
// "gate/name": wx [in, hidden] (so W·x is Σᵢ xᵢ·wx[i, j]), wh [hidden,
// hidden], b [1, hidden], and the GRU's "new/bhn" [1, hidden].
type cellParams struct {
	kind       Kind
	in, hidden int
	v          map[string][]float64
}

// names lists the weights in a fixed order.
func (p cellParams) names() []string {
	var out []string
	for _, g := range testGates[p.kind] {
		out = append(out, g+"/wx", g+"/wh", g+"/b")
		if p.kind == GRU && g == "new" {
			out = append(out, g+"/bhn")
		}
	}
	return out
}

// dims is the shape of a weight in the store.
func (p cellParams) dims(name string) []int {
	switch name[len(name)-2:] {
	case "wx":
		return []int{p.in, p.hidden}
	case "wh":
		return []int{p.hidden, p.hidden}
	}
	return []int{1, p.hidden}
}

func randomParams(rng *rand.Rand, kind Kind, in, hidden int) cellParams {
	p := cellParams{kind: kind, in: in, hidden: hidden, v: map[string][]float64{}}
	for _, name := range p.names() {
		d := p.dims(name)
		p.v[name] = randSlice(rng, d[0]*d[1], 0.6)
	}
	return p
}

func randSlice(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * rng.NormFloat64()
	}
	return v
}

// clone copies p's values.
func (p cellParams) clone() cellParams {
	q := p
	q.v = map[string][]float64{}
	for k, v := range p.v {
		q.v[k] = append([]float64(nil), v...)
	}
	return q
}

// tensor is weight name as a tensor of dtype.
func (p cellParams) tensor(name string, dtype dtypes.DType) *tensors.Tensor {
	return toTensor(p.v[name], dtype, p.dims(name)...)
}

func toTensor(v []float64, dtype dtypes.DType, dims ...int) *tensors.Tensor {
	if dtype == dtypes.Float32 {
		f := make([]float32, len(v))
		for i, x := range v {
			f[i] = float32(x)
		}
		return tensors.FromFlatDataAndDimensions(f, dims...)
	}
	return tensors.FromFlatDataAndDimensions(append([]float64(nil), v...), dims...)
}

func flat64(t *tensors.Tensor) []float64 {
	if t.DType() == dtypes.Float32 {
		f := tensors.MustCopyFlatData[float32](t)
		out := make([]float64, len(f))
		for i, x := range f {
			out[i] = float64(x)
		}
		return out
	}
	return tensors.MustCopyFlatData[float64](t)
}

// storeWith returns a store holding p's weights under scope (e.g. "/cell").
func storeWith(t testing.TB, p cellParams, scope string, dtype dtypes.DType) *model.Store {
	t.Helper()
	store := model.NewStore()
	for _, name := range p.names() {
		if _, err := store.CreateVariable(scope+"/"+name, p.tensor(name, dtype)); err != nil {
			t.Fatal(err)
		}
	}
	return store
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// refStep is one step of the cell for one sequence: x [in], h and c
// [hidden] (c unused but by the LSTM).
func refStep(p cellParams, x, h, c []float64) (h2, c2 []float64) {
	H := p.hidden
	// lin returns W·x + b and U·h of gate g.
	lin := func(g string) (wx, uh []float64) {
		wx, uh = make([]float64, H), make([]float64, H)
		W, U, b := p.v[g+"/wx"], p.v[g+"/wh"], p.v[g+"/b"]
		for j := range H {
			s := b[j]
			for i := range p.in {
				s += x[i] * W[i*H+j]
			}
			wx[j] = s
			var r float64
			for l := range H {
				r += h[l] * U[l*H+j]
			}
			uh[j] = r
		}
		return wx, uh
	}
	h2 = make([]float64, H)
	switch p.kind {
	case Simple:
		a, u := lin("hidden")
		for j := range H {
			h2[j] = math.Tanh(a[j] + u[j])
		}
	case LSTM:
		ia, iu := lin("input")
		fa, fu := lin("forget")
		ga, gu := lin("candidate")
		oa, ou := lin("output")
		c2 = make([]float64, H)
		for j := range H {
			i, f, g, o := sigmoid(ia[j]+iu[j]), sigmoid(fa[j]+fu[j]), math.Tanh(ga[j]+gu[j]), sigmoid(oa[j]+ou[j])
			c2[j] = f*c[j] + i*g
			h2[j] = o * math.Tanh(c2[j])
		}
	case GRU:
		ra, ru := lin("reset")
		za, zu := lin("update")
		na, nu := lin("new")
		bhn := p.v["new/bhn"]
		for j := range H {
			r, z := sigmoid(ra[j]+ru[j]), sigmoid(za[j]+zu[j])
			n := math.Tanh(na[j] + r*(nu[j]+bhn[j]))
			h2[j] = (1-z)*n + z*h[j]
		}
	}
	return h2, c2
}

// refRun is refSequence's result: hs[b][t][j], the last H and C [b][j]
// (C nil but for the LSTM), and every step's C (cs[b][t][j]).
type refRun struct {
	hs, cs [][][]float64
	h, c   [][]float64
}

// refSequence runs the cell over x [batch][steps][in] from h0 and c0
// ([batch][hidden]; nil for zeros).
func refSequence(p cellParams, x [][][]float64, h0, c0 [][]float64) refRun {
	var r refRun
	for b := range x {
		h, c := make([]float64, p.hidden), make([]float64, p.hidden)
		if h0 != nil {
			copy(h, h0[b])
		}
		if c0 != nil {
			copy(c, c0[b])
		}
		var hs, cs [][]float64
		for t := range x[b] {
			h, c = refStep(p, x[b][t], h, c)
			hs, cs = append(hs, h), append(cs, c)
		}
		r.hs, r.cs = append(r.hs, hs), append(r.cs, cs)
		r.h = append(r.h, h)
		if p.kind == LSTM {
			r.c = append(r.c, c)
		}
	}
	return r
}

func randSeq(rng *rand.Rand, b, t, f int) [][][]float64 {
	x := make([][][]float64, b)
	for i := range x {
		x[i] = make([][]float64, t)
		for k := range x[i] {
			x[i][k] = randSlice(rng, f, 1)
		}
	}
	return x
}

func randMat(rng *rand.Rand, b, n int, scale float64) [][]float64 {
	m := make([][]float64, b)
	for i := range m {
		m[i] = randSlice(rng, n, scale)
	}
	return m
}

func flatten2(m [][]float64) []float64 {
	var out []float64
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

func flatten3(x [][][]float64) []float64 {
	var out []float64
	for _, m := range x {
		out = append(out, flatten2(m)...)
	}
	return out
}

// maxDiff is the largest |a−b|, or +Inf when the lengths differ.
func maxDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var worst float64
	for i := range a {
		d := math.Abs(a[i] - b[i])
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		worst = math.Max(worst, d)
	}
	return worst
}

func maxAbs(a []float64) float64 {
	var m float64
	for _, v := range a {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// The shapes of the reference tests: x [2, 5, 3], hidden 4.
const tb, tt, tf, th = 2, 5, 3, 4

// sequenceCase is one reference check: a cell's weights, an input and an
// initial state (nil for zeros).
type sequenceCase struct {
	p      cellParams
	x      [][][]float64
	h0, c0 [][]float64
}

func (c sequenceCase) name() string {
	if c.h0 == nil {
		return c.p.kind.String() + " from zeros"
	}
	return c.p.kind.String() + " from a state"
}

func sequenceCases() []sequenceCase {
	rng := rand.New(rand.NewPCG(5, 11))
	var cases []sequenceCase
	for _, k := range Kinds {
		p := randomParams(rng, k, tf, th)
		x := randSeq(rng, tb, tt, tf)
		cases = append(cases, sequenceCase{p: p, x: x})
		c := sequenceCase{p: p, x: x, h0: randMat(rng, tb, th, 0.8)}
		if k == LSTM {
			c.c0 = randMat(rng, tb, th, 0.8)
		}
		cases = append(cases, c)
	}
	return cases
}

// initState is the case's initial state as graph constants, or nil.
func (c sequenceCase) initState(g *graph.Graph, dtype dtypes.DType) *State {
	if c.h0 == nil {
		return nil
	}
	s := &State{H: graph.Const(g, toTensor(flatten2(c.h0), dtype, tb, th))}
	if c.c0 != nil {
		s.C = graph.Const(g, toTensor(flatten2(c.c0), dtype, tb, th))
	}
	return s
}

// TestSequenceMatchesReference checks Sequence's hidden states and last
// state, and Step at every step (from the reference's previous state),
// against refSequence, in float64: so Step equals the corresponding step of
// Sequence, both within 1e-12 of the reference.
func TestSequenceMatchesReference(t *testing.T) {
	backend := goBackend(t)
	var worst float64
	for _, c := range sequenceCases() {
		ref := refSequence(c.p, c.x, c.h0, c.c0)
		store := storeWith(t, c.p, "/cell", dtypes.Float64)
		xT := toTensor(flatten3(c.x), dtypes.Float64, tb, tt, tf)
		out, err := model.CallOnceN(backend, store, func(scope *model.Scope, x *graph.Node) []*graph.Node {
			g := x.Graph()
			hs, last := Sequence(scope.At("cell"), c.p.kind, x, th, c.initState(g, dtypes.Float64))
			if len(hs) != tt {
				panic(fmt.Sprintf("Sequence returned %d states for %d steps", len(hs), tt))
			}
			outs := []*graph.Node{graph.Stack(hs, 1), last.H, cOrH(last)}
			// Step t from the reference's state t−1 (the initial state at t = 0).
			for step := range tt {
				xt := graph.Reshape(graph.Slice(x, graph.AxisRange(), graph.AxisElem(step), graph.AxisRange()), tb, tf)
				var prev *State
				if step == 0 {
					prev = c.initState(g, dtypes.Float64)
				} else {
					prev = &State{H: graph.Const(g, toTensor(flatten2(column(ref.hs, step-1)), dtypes.Float64, tb, th))}
					if c.p.kind == LSTM {
						prev.C = graph.Const(g, toTensor(flatten2(column(ref.cs, step-1)), dtypes.Float64, tb, th))
					}
				}
				s := Step(scope.At("cell"), c.p.kind, xt, th, prev)
				outs = append(outs, s.H, cOrH(s))
			}
			return outs
		}, xT)
		if err != nil {
			t.Fatalf("%s: %v", c.name(), err)
		}
		if n := store.NumVariables(); n != len(c.p.names()) {
			t.Errorf("%s: the store has %d variables after the build, want the %d set", c.name(), n, len(c.p.names()))
		}
		check := func(what string, got *tensors.Tensor, want []float64) {
			t.Helper()
			d := maxDiff(flat64(got), want)
			worst = math.Max(worst, d)
			if d > 1e-12 {
				t.Errorf("%s, %s: differs from the reference by %.3g", c.name(), what, d)
			}
		}
		check("hidden states", out[0], flatten3(ref.hs))
		check("last H", out[1], flatten2(ref.h))
		if c.p.kind == LSTM {
			check("last C", out[2], flatten2(ref.c))
		}
		for step := range tt {
			check(fmt.Sprintf("Step %d H", step), out[3+2*step], flatten2(column(ref.hs, step)))
			if c.p.kind == LSTM {
				check(fmt.Sprintf("Step %d C", step), out[4+2*step], flatten2(column(ref.cs, step)))
			}
		}
	}
	t.Logf("largest difference from the reference: %.2g", worst)
}

// column is step t of every sequence: hs[b][t] for each b.
func column(hs [][][]float64, t int) [][]float64 {
	out := make([][]float64, len(hs))
	for b := range hs {
		out[b] = hs[b][t]
	}
	return out
}

// lossWeights are the fixed weights of the scalar loss the gradient tests
// differentiate: L = Σ hs·w.hs + Σ lastH·w.h + Σ lastC·w.c (no C but for
// the LSTM).
type lossWeights struct{ hs, h, c []float64 }

func newLossWeights(rng *rand.Rand) lossWeights {
	return lossWeights{randSlice(rng, tb*tt*th, 1), randSlice(rng, tb*th, 1), randSlice(rng, tb*th, 1)}
}

func (w lossWeights) of(r refRun) float64 {
	var l float64
	for i, v := range flatten3(r.hs) {
		l += v * w.hs[i]
	}
	for i, v := range flatten2(r.h) {
		l += v * w.h[i]
	}
	for i, v := range flatten2(r.c) {
		l += v * w.c[i]
	}
	return l
}

// TestSequenceGradients checks GoMLX's gradient of a loss of Sequence's
// outputs (backpropagation through the unrolled layer) with respect to x,
// every weight and the initial state, against central differences of the
// reference, in float64.
func TestSequenceGradients(t *testing.T) {
	backend := goBackend(t)
	rng := rand.New(rand.NewPCG(21, 3))
	const eps = 1e-5
	var worstGradient float64
	for _, c := range sequenceCases() {
		lw := newLossWeights(rng)
		store := storeWith(t, c.p, "/cell", dtypes.Float64)
		names := c.p.names()
		args := []any{toTensor(flatten3(c.x), dtypes.Float64, tb, tt, tf),
			toTensor(lw.hs, dtypes.Float64, tb, tt, th), toTensor(lw.h, dtypes.Float64, tb, th), toTensor(lw.c, dtypes.Float64, tb, th)}
		withInit := c.h0 != nil
		if withInit {
			c0 := c.c0
			if c0 == nil {
				c0 = make([][]float64, tb)
				for i := range c0 {
					c0[i] = make([]float64, th)
				}
			}
			args = append(args, toTensor(flatten2(c.h0), dtypes.Float64, tb, th), toTensor(flatten2(c0), dtypes.Float64, tb, th))
		}
		out, err := model.CallOnceN(backend, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			g := in[0].Graph()
			var init *State
			if withInit {
				init = &State{H: in[4]}
				if c.p.kind == LSTM {
					init.C = in[5]
				}
			}
			hs, last := Sequence(scope.At("cell"), c.p.kind, in[0], th, init)
			loss := graph.Add(graph.ReduceAllSum(graph.Mul(graph.Stack(hs, 1), in[1])), graph.ReduceAllSum(graph.Mul(last.H, in[2])))
			if last.C != nil {
				loss = graph.Add(loss, graph.ReduceAllSum(graph.Mul(last.C, in[3])))
			}
			wrt := []*graph.Node{in[0]}
			for _, name := range names {
				wrt = append(wrt, store.GetVariable("/cell/"+name).NodeValue(g))
			}
			if withInit {
				wrt = append(wrt, init.H)
				if init.C != nil {
					wrt = append(wrt, init.C)
				}
			}
			return append([]*graph.Node{loss}, graph.Gradient(loss, wrt...)...)
		}, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name(), err)
		}
		refLoss := func(cc sequenceCase) float64 { return lw.of(refSequence(cc.p, cc.x, cc.h0, cc.c0)) }
		if d := math.Abs(out[0].Value().(float64) - refLoss(c)); d > 1e-12 {
			t.Errorf("%s: loss differs from the reference's by %.3g", c.name(), d)
		}
		// numeric is the central difference of the reference's loss in each
		// value of v, which set changes in a copy of the case.
		numeric := func(n int, set func(cc *sequenceCase, i int, delta float64)) []float64 {
			g := make([]float64, n)
			for i := range n {
				plus, minus := c.deep(), c.deep()
				set(&plus, i, eps)
				set(&minus, i, -eps)
				g[i] = (refLoss(plus) - refLoss(minus)) / (2 * eps)
			}
			return g
		}
		compare := func(what string, got *tensors.Tensor, want []float64) {
			t.Helper()
			rel := maxDiff(flat64(got), want) / math.Max(maxAbs(want), 1e-3)
			if rel > 1e-6 {
				t.Errorf("%s: the gradient wrt %s differs from central differences by %.3g (relative)", c.name(), what, rel)
			}
			worstGradient = math.Max(worstGradient, rel)
		}
		compare("x", out[1], numeric(tb*tt*tf, func(cc *sequenceCase, i int, d float64) {
			cc.x[i/(tt*tf)][i/tf%tt][i%tf] += d
		}))
		for k, name := range names {
			compare(name, out[2+k], numeric(len(c.p.v[name]), func(cc *sequenceCase, i int, d float64) { cc.p.v[name][i] += d }))
		}
		if withInit {
			compare("the initial H", out[2+len(names)], numeric(tb*th, func(cc *sequenceCase, i int, d float64) { cc.h0[i/th][i%th] += d }))
			if c.p.kind == LSTM {
				compare("the initial C", out[3+len(names)], numeric(tb*th, func(cc *sequenceCase, i int, d float64) { cc.c0[i/th][i%th] += d }))
			}
		}
	}
	t.Logf("largest relative difference from central differences: %.2g", worstGradient)
}

// deep copies a case, so that a finite difference can change it.
func (c sequenceCase) deep() sequenceCase {
	d := sequenceCase{p: c.p.clone()}
	for _, m := range c.x {
		var mm [][]float64
		for _, r := range m {
			mm = append(mm, append([]float64(nil), r...))
		}
		d.x = append(d.x, mm)
	}
	cp := func(m [][]float64) [][]float64 {
		if m == nil {
			return nil
		}
		out := make([][]float64, len(m))
		for i, r := range m {
			out[i] = append([]float64(nil), r...)
		}
		return out
	}
	d.h0, d.c0 = cp(c.h0), cp(c.c0)
	return d
}

// TestInitialWeights checks the variables a layer creates: their number and
// total size (Kind.Params), their shapes, the LSTM forget gate's bias at
// ForgetBias and every other weight uniform in ±1/√hidden.
func TestInitialWeights(t *testing.T) {
	backend := goBackend(t)
	const in, hidden = 3, 16
	for _, k := range Kinds {
		store := model.NewStore()
		if err := store.SetRNGStateFromSeed(3); err != nil {
			t.Fatal(err)
		}
		x := toTensor(randSlice(rand.New(rand.NewPCG(1, 1)), 2*3*in, 1), dtypes.Float32, 2, 3, in)
		if _, err := model.CallOnce(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
			_, last := Sequence(scope.In("cell"), k, x, hidden, nil)
			return last.H
		}, x); err != nil {
			t.Fatal(err)
		}
		p := cellParams{kind: k, in: in, hidden: hidden}
		var size, count int
		bound := 1 / math.Sqrt(hidden)
		for _, name := range p.names() {
			v := store.GetVariable("/cell/" + name)
			if v == nil {
				t.Errorf("%s: no variable /cell/%s", k, name)
				continue
			}
			count++
			d := p.dims(name)
			if got := v.Shape().Dimensions; len(got) != 2 || got[0] != d[0] || got[1] != d[1] {
				t.Errorf("%s: %s is %v, want %v", k, name, got, d)
			}
			size += v.Shape().Size()
			values := flat64(v.MustValue())
			if k == LSTM && name == "forget/b" {
				for _, b := range values {
					if b != ForgetBias {
						t.Errorf("LSTM forget gate bias starts at %g, want ForgetBias = %g", b, ForgetBias)
						break
					}
				}
				continue
			}
			if m := maxAbs(values); m > bound || m < bound/2 {
				t.Errorf("%s: %s starts with |values| up to %.3g, want uniform in ±%.3g", k, name, m, bound)
			}
		}
		trainable := 0
		for v := range store.IterVariables() {
			if v.Trainable {
				trainable++
			}
		}
		if trainable != count {
			t.Errorf("%s: the layer made %d trainable variables, want %d", k, trainable, count)
		}
		if size != k.Params(in, hidden) {
			t.Errorf("%s: the variables hold %d values, Kind.Params says %d", k, size, k.Params(in, hidden))
		}
	}
}

// TestKindParams checks Kind.Params against PyTorch's parameter count:
// nn.RNN, nn.GRU and nn.LSTM have per gate W_ih (hidden×in), W_hh
// (hidden×hidden) and two biases b_ih and b_hh; the cells here have one bias
// per gate (b_ih) and drop b_hh, which only adds to it, except the GRU's
// b_hn, which sits inside r ⊙ (…) and is kept.
func TestKindParams(t *testing.T) {
	for _, tc := range []struct{ in, hidden int }{{3, 4}, {32, 128}, {1, 1}} {
		for _, k := range Kinds {
			gates := len(testGates[k])
			torch := gates * (tc.hidden*tc.in + tc.hidden*tc.hidden + 2*tc.hidden)
			want := torch - gates*tc.hidden // Without b_hh…
			if k == GRU {
				want += tc.hidden // …but the GRU's b_hn.
			}
			if got := k.Params(tc.in, tc.hidden); got != want {
				t.Errorf("%s.Params(%d, %d) = %d, want %d (PyTorch's %d less the b_hh biases)", k, tc.in, tc.hidden, got, want, torch)
			}
		}
	}
	if got := LSTM.Params(32, 128); got != 82432 {
		t.Errorf("LSTM.Params(32, 128) = %d, want 4·(32·128 + 128·128 + 128) = 82432", got)
	}
	for _, k := range Kinds {
		if err := k.Validate(); err != nil || k.Gates() != len(testGates[k]) {
			t.Errorf("%s: Validate %v, Gates %d", k, err, k.Gates())
		}
	}
	if err := Kind("transformer").Validate(); err == nil {
		t.Error("an unknown Kind must not validate")
	}
}
