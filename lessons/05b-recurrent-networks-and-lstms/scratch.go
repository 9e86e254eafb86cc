package recurrent

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"gonum.org/v1/gonum/mat"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// A plain recurrent network, written from scratch in float64 as lesson 03
// wrote backpropagation: the forward pass, the loss, backpropagation through
// time (BPTT) and the checks that prove it right. Steps are counted
// t = 0 … T−1; at every step
//
//	zₜ = W·xₜ + U·hₜ₋₁ + b      hₜ = tanh(zₜ)      yₜ = V·hₜ + c
//
// with h₋₁ = 0 (Forward) or a given initial state (ForwardFrom). The same
// W, U, b, V, c serve at every step: that sharing is what makes it recurrent,
// and why each weight's gradient is a sum over the steps.

// RNN is a plain (Elman) recurrent network: rows are the units a matrix
// feeds, columns the units it reads.
type RNN struct {
	W [][]float64 // Input to hidden, hidden × input: W[i][j] from input j to hidden unit i.
	U [][]float64 // Hidden to hidden, hidden × hidden: U[i][j] from hₜ₋₁ⱼ to hₜᵢ.
	B []float64   // The hidden units' biases, b.
	V [][]float64 // Hidden to output, output × hidden.
	C []float64   // The outputs' biases, c.
}

// Grads are the gradients of the loss, with the shape of the RNN:
// Grads.W[i][j] = ∂L/∂W[i][j], and so on.
type Grads RNN

// NewRNN returns a network with the given numbers of inputs, hidden units
// and outputs: each matrix uniform in [−ε, ε] with ε = √6 / √(fan-in +
// fan-out), as lesson 03's weights, and zero biases; seeded.
func NewRNN(input, hidden, output int, seed uint64) (*RNN, error) {
	if input < 1 || hidden < 1 || output < 1 {
		return nil, fmt.Errorf("an RNN needs at least one input, one hidden unit and one output, got input %d, hidden %d, output %d", input, hidden, output)
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	random := func(rows, cols int) [][]float64 {
		eps := math.Sqrt(6) / math.Sqrt(float64(rows+cols))
		m := zeroMatrix(rows, cols)
		for i := range m {
			for j := range m[i] {
				m[i][j] = (2*rng.Float64() - 1) * eps
			}
		}
		return m
	}
	return &RNN{
		W: random(hidden, input),
		U: random(hidden, hidden),
		B: make([]float64, hidden),
		V: random(output, hidden),
		C: make([]float64, output),
	}, nil
}

// Sizes returns the numbers of inputs, hidden units and outputs.
func (r *RNN) Sizes() (input, hidden, output int) { return len(r.W[0]), len(r.U), len(r.V) }

// Clone returns a deep copy.
func (r *RNN) Clone() *RNN {
	c := zeroGrads(r)
	r.copyTo((*RNN)(&c))
	return (*RNN)(&c)
}

// A Trace is what Forward keeps of one pass over a sequence: all that BPTT
// needs.
type Trace struct {
	X    [][]float64 // The inputs x₀ … x_{T−1}.
	Init []float64   // The initial state h₋₁.
	H    [][]float64 // The states h₀ … h_{T−1}.
	Y    [][]float64 // The outputs y₀ … y_{T−1}.
}

// Prev returns hₜ₋₁, the state step t starts from (Init for t = 0).
func (tr *Trace) Prev(t int) []float64 {
	if t == 0 {
		return tr.Init
	}
	return tr.H[t-1]
}

// Forward runs the network over the sequence xs (xs[t] is the input at step
// t) from the state h₋₁ = 0.
func (r *RNN) Forward(xs [][]float64) (*Trace, error) {
	_, hidden, _ := r.Sizes()
	return r.ForwardFrom(make([]float64, hidden), xs)
}

// ForwardFrom runs the network over xs from the initial state h₋₁ = init:
//
//	hₜ = tanh(W·xₜ + U·hₜ₋₁ + b),   yₜ = V·hₜ + c.
func (r *RNN) ForwardFrom(init []float64, xs [][]float64) (*Trace, error) {
	if err := r.checkInputs(xs); err != nil {
		return nil, err
	}
	_, hidden, _ := r.Sizes()
	if len(init) != hidden {
		return nil, fmt.Errorf("the initial state has %d values, the network has %d hidden units: give one per hidden unit", len(init), hidden)
	}
	tr := &Trace{X: xs, Init: init}
	for t, x := range xs {
		z := addVec(mulVec(r.W, x), mulVec(r.U, tr.Prev(t)), r.B) // zₜ = W·xₜ + U·hₜ₋₁ + b
		h := make([]float64, hidden)
		for i := range z {
			h[i] = math.Tanh(z[i]) // hₜ = tanh(zₜ)
		}
		tr.H = append(tr.H, h)
		tr.Y = append(tr.Y, addVec(mulVec(r.V, h), r.C)) // yₜ = V·hₜ + c
	}
	return tr, nil
}

// Loss is the squared error summed over the steps and the outputs,
//
//	L = ½ Σₜ ‖yₜ − targetₜ‖²,
//
// so that ∂L/∂yₜ = yₜ − targetₜ. targets has one target per step; a nil
// target means no loss at that step (a task that is only judged at its end
// gives a target at the last step only).
func (r *RNN) Loss(xs, targets [][]float64) (float64, error) {
	tr, err := r.Forward(xs)
	if err != nil {
		return 0, err
	}
	if err := r.checkTargets(xs, targets); err != nil {
		return 0, err
	}
	var L float64
	for t, y := range tr.Y {
		for k := range targets[t] { // Nothing for a nil target.
			e := y[k] - targets[t][k]
			L += e * e / 2
		}
	}
	return L, nil
}

// BackStepFunc is one step of backpropagation through time, the exercise:
// given the gradient arriving at hₜ from the output yₜ (dhOutput = Vᵀ(yₜ −
// targetₜ)) and from the future (dhFuture = ∂L/∂hₜ through hₜ₊₁, what the
// step t+1 passed back; zero at the last step), the state hₜ and U, it
// returns δₜ = ∂L/∂zₜ and the gradient it passes back to hₜ₋₁. BackStep is
// the lesson's; BPTTWith runs backpropagation through time with any.
type BackStepFunc func(dhOutput, dhFuture, h []float64, U [][]float64) (delta, dhPrev []float64)

// BackStep is one step of backpropagation through time:
//
//	δₜ = (dhOutput + dhFuture) ⊙ (1 − hₜ²)      dhPrev = Uᵀ·δₜ
//
// hₜ feeds both yₜ and hₜ₊₁, so its gradient is the sum of the two; tanh′(z)
// = 1 − tanh²(z) = 1 − hₜ² carries it to zₜ; and since zₜ = … + U·hₜ₋₁,
// hₜ₋₁ⱼ receives Σᵢ Uᵢⱼ δₜᵢ, which is Uᵀδₜ.
func BackStep(dhOutput, dhFuture, h []float64, U [][]float64) (delta, dhPrev []float64) {
	delta = make([]float64, len(h))
	for i := range h {
		delta[i] = (dhOutput[i] + dhFuture[i]) * (1 - h[i]*h[i]) // δₜ = ∂L/∂hₜ ⊙ (1 − hₜ²)
	}
	dhPrev = make([]float64, len(h))
	for i, d := range delta {
		for j := range dhPrev {
			dhPrev[j] += U[i][j] * d // ∂L/∂hₜ₋₁ = Uᵀ·δₜ
		}
	}
	return delta, dhPrev
}

// BPTT returns the gradient of Loss with respect to every weight, by
// backpropagation through time with BackStep.
func (r *RNN) BPTT(xs, targets [][]float64) (Grads, error) {
	return r.BPTTWith(BackStep, xs, targets)
}

// BPTTWith is backpropagation through time with the one-step function step
// (BackStep or a student's): a forward pass that keeps every state, then
// the steps backwards from the last, each weight's gradient summed over the
// steps, since the same weights serve at every step.
func (r *RNN) BPTTWith(step BackStepFunc, xs, targets [][]float64) (Grads, error) {
	if step == nil {
		return Grads{}, errors.New("the step function is nil")
	}
	tr, err := r.Forward(xs)
	if err != nil {
		return Grads{}, err
	}
	if err := r.checkTargets(xs, targets); err != nil {
		return Grads{}, err
	}
	_, hidden, output := r.Sizes()
	g := zeroGrads(r)
	dhFuture := make([]float64, hidden) // ∂L/∂h_{T−1} through h_T: there is no h_T.
	for t := len(xs) - 1; t >= 0; t-- {
		dy := make([]float64, output) // δʸₜ = ∂L/∂yₜ = yₜ − targetₜ (0 without a target)
		for k := range targets[t] {
			dy[k] = tr.Y[t][k] - targets[t][k]
		}
		for k, d := range dy {
			g.C[k] += d // ∂L/∂c += δʸₜ
			for j, h := range tr.H[t] {
				g.V[k][j] += d * h // ∂L/∂V += δʸₜ·hₜᵀ
			}
		}
		dhOutput := mulTVec(r.V, dy)                            // ∂L/∂hₜ from yₜ = Vᵀ·δʸₜ
		delta, dhPrev := step(dhOutput, dhFuture, tr.H[t], r.U) // δₜ = ∂L/∂zₜ, and Uᵀ·δₜ for hₜ₋₁
		if len(delta) != hidden || len(dhPrev) != hidden {
			return Grads{}, fmt.Errorf("at step %d the step function returns δ of length %d and ∂L/∂hₜ₋₁ of length %d: both have one value per hidden unit, %d", t, len(delta), len(dhPrev), hidden)
		}
		for i, d := range delta {
			g.B[i] += d // ∂L/∂b += δₜ
			for j, x := range xs[t] {
				g.W[i][j] += d * x // ∂L/∂W += δₜ·xₜᵀ
			}
			for j, h := range tr.Prev(t) {
				g.U[i][j] += d * h // ∂L/∂U += δₜ·hₜ₋₁ᵀ
			}
		}
		dhFuture = dhPrev // What step t−1 receives from its future.
	}
	return g, nil
}

// checkInputs returns the error that says what is wrong with a sequence.
func (r *RNN) checkInputs(xs [][]float64) error {
	input, _, _ := r.Sizes()
	if len(xs) == 0 {
		return errors.New("the sequence is empty: give at least one step, xs[0]")
	}
	for t, x := range xs {
		if len(x) != input {
			return fmt.Errorf("step %d of the sequence has %d inputs, the network takes %d: every xs[t] must have %d values", t, len(x), input, input)
		}
	}
	return nil
}

// checkTargets returns the error that says what is wrong with targets.
func (r *RNN) checkTargets(xs, targets [][]float64) error {
	_, _, output := r.Sizes()
	if len(targets) != len(xs) {
		return fmt.Errorf("the sequence has %d steps and %d targets: give one target per step (nil for a step without a loss)", len(xs), len(targets))
	}
	for t, y := range targets {
		if y != nil && len(y) != output {
			return fmt.Errorf("targets[%d] has %d values, the network has %d outputs", t, len(y), output)
		}
	}
	return nil
}

// The checks: central differences, GoMLX's autodiff, the state Jacobians.

// NumericalGrads estimates the gradient of Loss by central differences
// (nnlib.NumericalGradient) over all the weights, one at a time: slow but
// impossible to get wrong.
func NumericalGrads(r *RNN, xs, targets [][]float64, eps float64) (Grads, error) {
	if _, err := r.Loss(xs, targets); err != nil {
		return Grads{}, err
	}
	c := r.Clone()
	loss := func(v []float64) float64 {
		c.unflatten(v)
		L, _ := c.Loss(xs, targets)
		return L
	}
	g := zeroGrads(r)
	(*RNN)(&g).unflatten(nnlib.NumericalGradient(loss, r.flatten(), eps))
	return g, nil
}

// GradCheck returns the relative error between BPTT and central differences
// (h = 1e-5) over all the weights: below 1e-7 in float64 means BPTT is
// right.
func GradCheck(r *RNN, xs, targets [][]float64) (float64, error) {
	bptt, err := r.BPTT(xs, targets)
	if err != nil {
		return 0, err
	}
	num, err := NumericalGrads(r, xs, targets, 1e-5)
	if err != nil {
		return 0, err
	}
	return RelativeError(bptt, num), nil
}

// RelativeError is ‖a − b‖ / (‖a‖ + ‖b‖) over all the gradients, lesson 03's
// measure.
func RelativeError(a, b Grads) float64 {
	va, vb := (*RNN)(&a).flatten(), (*RNN)(&b).flatten()
	var diff, na, nb float64
	for i := range va {
		diff += (va[i] - vb[i]) * (va[i] - vb[i])
		na += va[i] * va[i]
		nb += vb[i] * vb[i]
	}
	if na+nb == 0 {
		return 0
	}
	return math.Sqrt(diff) / (math.Sqrt(na) + math.Sqrt(nb))
}

// AutodiffGrads builds the same network and loss as a GoMLX graph in
// float64 (the weights as constants, the steps unrolled, tanh and dot
// products) and returns graph.Gradient's gradients of the loss: what a
// framework computes, to compare with BPTT.
func AutodiffGrads(backend compute.Backend, r *RNN, xs, targets [][]float64) (Grads, error) {
	g, _, err := autodiff(backend, r, xs, targets)
	return g, err
}

// autodiff is AutodiffGrads, with the graph's loss.
func autodiff(backend compute.Backend, r *RNN, xs, targets [][]float64) (grads Grads, loss float64, err error) {
	if _, err := r.Loss(xs, targets); err != nil {
		return Grads{}, 0, err
	}
	defer nnlib.Failed(&err, "GoMLX failed to differentiate the RNN")
	out, err := graph.CallOnceN(backend, func(gr *graph.Graph) []*graph.Node {
		W, U, B := graph.Const(gr, r.W), graph.Const(gr, r.U), graph.Const(gr, r.B)
		V, C := graph.Const(gr, r.V), graph.Const(gr, r.C)
		_, hidden, _ := r.Sizes()
		h := graph.Zeros(gr, shapes.Make(dtypes.Float64, hidden)) // h₋₁ = 0
		L := graph.ScalarZero(gr, dtypes.Float64)
		for t, x := range xs {
			z := graph.Add(graph.Add(graph.DotProduct(W, graph.Const(gr, x)), graph.DotProduct(U, h)), B)
			h = graph.Tanh(z)
			y := graph.Add(graph.DotProduct(V, h), C)
			if targets[t] != nil {
				e := graph.Sub(y, graph.Const(gr, targets[t]))
				L = graph.Add(L, graph.MulScalar(graph.ReduceAllSum(graph.Square(e)), 0.5))
			}
		}
		return append([]*graph.Node{L}, graph.Gradient(L, W, U, B, V, C)...)
	})
	if err != nil {
		return Grads{}, 0, fmt.Errorf("GoMLX gradient of the RNN: %w", err)
	}
	return Grads{
		W: out[1].Value().([][]float64),
		U: out[2].Value().([][]float64),
		B: out[3].Value().([]float64),
		V: out[4].Value().([][]float64),
		C: out[5].Value().([]float64),
	}, out[0].Value().(float64), nil
}

// StateJacobianNorms returns, for t = 0 … T−1, the spectral norm (the largest
// singular value) of ∂hₜ/∂h₋₁, how much the state at step t still depends on
// the state before the sequence, from h₋₁ = 0. It is the product of one
// Jacobian per step,
//
//	∂hₜ/∂h₋₁ = diag(1 − hₜ²)·U · diag(1 − hₜ₋₁²)·U ⋯ diag(1 − h₀²)·U,
//
// and the spectral norm is the most a small change of h₋₁ can be amplified
// by step t. The gradient that reaches an early step from a loss at step t
// goes back through the transpose of the same product: when these norms
// fall exponentially (‖U‖ times tanh′ ≤ 1 below 1), a plain RNN cannot learn
// from what it saw long ago.
func StateJacobianNorms(r *RNN, xs [][]float64) ([]float64, error) {
	_, hidden, _ := r.Sizes()
	jacobians, err := stateJacobians(r, make([]float64, hidden), xs)
	if err != nil {
		return nil, err
	}
	norms := make([]float64, len(jacobians))
	for t, J := range jacobians {
		norms[t] = spectralNorm(J)
	}
	return norms, nil
}

// stateJacobians returns ∂hₜ/∂h₋₁ for every step t, from h₋₁ = init.
func stateJacobians(r *RNN, init []float64, xs [][]float64) ([][][]float64, error) {
	tr, err := r.ForwardFrom(init, xs)
	if err != nil {
		return nil, err
	}
	n := len(init)
	J := zeroMatrix(n, n) // ∂h₋₁/∂h₋₁ = I
	for i := range J {
		J[i][i] = 1
	}
	var out [][][]float64
	for _, h := range tr.H {
		next := zeroMatrix(n, n)
		for i := range next {
			for k, u := range r.U[i] {
				for j := range next[i] {
					next[i][j] += (1 - h[i]*h[i]) * u * J[k][j] // ∂hₜ/∂h₋₁ = diag(1 − hₜ²)·U·∂hₜ₋₁/∂h₋₁
				}
			}
		}
		J = next
		out = append(out, J)
	}
	return out, nil
}

// spectralNorm is the largest singular value of a matrix.
func spectralNorm(m [][]float64) float64 {
	var flat []float64
	for _, row := range m {
		flat = append(flat, row...)
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(len(m), len(m[0]), flat), mat.SVDNone) {
		return math.NaN()
	}
	return svd.Values(nil)[0]
}

// The exercise's check.

// backStepCase is one situation a student's BackStep is tried on: three
// hidden units and a U that is not symmetric, so that U and Uᵀ differ.
type backStepCase struct {
	dhOutput, dhFuture, h []float64
	U                     [][]float64
}

var backStepCases = []backStepCase{
	{
		dhOutput: []float64{0.3, -0.7, 0.2},
		dhFuture: []float64{-0.4, 0.1, 0.5},
		h:        []float64{0.2, -0.6, 0.9},
		U:        [][]float64{{0.1, -0.4, 0.3}, {0.8, -0.2, 0.5}, {-0.6, 0.7, 0.25}},
	},
	{
		dhOutput: []float64{-0.05, 0.4, 1.1},
		dhFuture: []float64{0.6, 0.35, -0.2},
		h:        []float64{-0.3, 0.45, 0.7},
		U:        [][]float64{{1.2, 0.3, -0.5}, {-0.9, 0.4, 0.6}, {0.2, -1.1, 0.8}},
	},
}

// BackStepError checks a student's one-step function (see BackStep for its
// contract): on a few cases against BackStep, then through BPTTWith against
// central differences of the whole loss. Its hints name the usual mistakes:
// the gradient from the future (or from the output) left out, tanh′ left
// out or replaced by 1 − h, the sigmoid's h(1 − h) or tanh applied twice,
// the derivative applied to one of the two incoming gradients only, and U
// instead of Uᵀ for the gradient passed back.
func BackStepError(step BackStepFunc) (err error) {
	if step == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "dhOutput, dhFuture, h and dhPrev have one value per hidden unit, len(h); U is len(h) × len(h)")
	same := func(a, b []float64) bool { return vecClose(a, b, 1e-9) }
	for _, c := range backStepCases {
		want, wantPrev := BackStep(c.dhOutput, c.dhFuture, c.h, c.U)
		delta, dhPrev := step(clone(c.dhOutput), clone(c.dhFuture), clone(c.h), cloneMatrix(c.U))
		if len(delta) != len(c.h) || len(dhPrev) != len(c.h) {
			return fmt.Errorf("you return δ of length %d and dhPrev of length %d for %d hidden units: both have one value per hidden unit", len(delta), len(dhPrev), len(c.h))
		}
		in := fmt.Sprintf("for dhOutput = %v, dhFuture = %v, h = %v, U = %v", c.dhOutput, c.dhFuture, c.h, c.U)
		if !same(delta, want) {
			return errors.New(nnlib.Diagnose(delta, same, deltaMistakes(c), fmt.Sprintf("%s you return δ = %v, want %v", in, roundVec(delta), roundVec(want))))
		}
		if !same(dhPrev, wantPrev) {
			return errors.New(nnlib.Diagnose(dhPrev, same, dhPrevMistakes(c, want), fmt.Sprintf("%s your δ is right, but you pass back %v, want Uᵀδ = %v", in, roundVec(dhPrev), roundVec(wantPrev))))
		}
	}
	// The whole loss: the student's step inside BPTT, against central
	// differences, on a network of 2 inputs, 3 hidden units and 2 outputs.
	r, err := NewRNN(2, 3, 2, 7)
	if err != nil {
		return err
	}
	xs := [][]float64{{0.5, -1}, {1.5, 0.2}, {-0.7, 0.9}, {0.3, 0.4}}
	targets := [][]float64{{0.1, -0.2}, nil, {0.5, 0.3}, {-0.4, 0.6}}
	got, err := r.BPTTWith(step, xs, targets)
	if err != nil {
		return err
	}
	num, err := NumericalGrads(r, xs, targets, 1e-5)
	if err != nil {
		return err
	}
	if e := RelativeError(got, num); !(e < 1e-6) {
		return fmt.Errorf("your step is right on its own, but BPTT with it is off central differences by a relative error of %.2g: does it change its arguments (h or U) or remember something between calls?", e)
	}
	return nil
}

// deltaMistakes are the wrong δ of a case, each by the wrong formula it
// stands for.
func deltaMistakes(c backStepCase) []nnlib.Mistake[[]float64] {
	n := len(c.h)
	wrong := func(f func(i int) float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f(i)
		}
		return v
	}
	sum := func(i int) float64 { return c.dhOutput[i] + c.dhFuture[i] }
	tanhPrime := func(i int) float64 { return 1 - c.h[i]*c.h[i] }
	return []nnlib.Mistake[[]float64]{
		{Name: "the blank", Wrong: make([]float64, n), Hint: "you return zeros for δ: fill in the blank"},
		{Name: "no future", Wrong: wrong(func(i int) float64 { return c.dhOutput[i] * tanhPrime(i) }),
			Hint: "you leave out dhFuture: hₜ feeds hₜ₊₁ as well as yₜ, so ∂L/∂hₜ = dhOutput + dhFuture"},
		{Name: "no output", Wrong: wrong(func(i int) float64 { return c.dhFuture[i] * tanhPrime(i) }),
			Hint: "you leave out dhOutput: hₜ feeds the output yₜ as well as hₜ₊₁, so ∂L/∂hₜ = dhOutput + dhFuture"},
		{Name: "no tanh′", Wrong: wrong(sum),
			Hint: "you forget the derivative of tanh: δₜ = ∂L/∂zₜ = (dhOutput + dhFuture) ⊙ (1 − hₜ²)"},
		{Name: "1 − h", Wrong: wrong(func(i int) float64 { return sum(i) * (1 - c.h[i]) }),
			Hint: "you multiply by 1 − hₜ: tanh′(z) = 1 − tanh²(z), so the factor is 1 − hₜ², squared"},
		{Name: "sigmoid's a(1 − a)", Wrong: wrong(func(i int) float64 { return sum(i) * c.h[i] * (1 - c.h[i]) }),
			Hint: "you multiply by h(1 − h), the sigmoid's derivative of lesson 03: for tanh it is 1 − h²"},
		{Name: "σ′(h)", Wrong: wrong(func(i int) float64 { s := nnlib.Sigmoid(c.h[i]); return sum(i) * s * (1 - s) }),
			Hint: "you multiply by σ′(hₜ), a sigmoid's derivative: this cell's activation is tanh, whose derivative is 1 − hₜ²"},
		{Name: "tanh twice", Wrong: wrong(func(i int) float64 { t := math.Tanh(c.h[i]); return sum(i) * (1 - t*t) }),
			Hint: "you apply tanh again to h: hₜ is already tanh(zₜ), so tanh′(zₜ) = 1 − hₜ²"},
		{Name: "derivative on the output's gradient only", Wrong: wrong(func(i int) float64 { return c.dhOutput[i]*tanhPrime(i) + c.dhFuture[i] }),
			Hint: "you multiply only dhOutput by 1 − hₜ²: both gradients reach zₜ through the same tanh, so multiply their sum"},
		{Name: "derivative on the future's gradient only", Wrong: wrong(func(i int) float64 { return c.dhOutput[i] + c.dhFuture[i]*tanhPrime(i) }),
			Hint: "you multiply only dhFuture by 1 − hₜ²: both gradients reach zₜ through the same tanh, so multiply their sum"},
		{Name: "the sign", Wrong: wrong(func(i int) float64 { return -sum(i) * tanhPrime(i) }),
			Hint: "your δ has the wrong sign: δₜ = (dhOutput + dhFuture) ⊙ (1 − hₜ²), no minus"},
	}
}

// dhPrevMistakes are the wrong gradients passed back to hₜ₋₁ of a case whose
// δ the student got right.
func dhPrevMistakes(c backStepCase, delta []float64) []nnlib.Mistake[[]float64] {
	n := len(c.h)
	notTransposed := make([]float64, n)
	beforeDerivative := make([]float64, n)
	negated := make([]float64, n)
	for i := range n {
		for j := range n {
			notTransposed[i] += c.U[i][j] * delta[j]                           // U·δ
			beforeDerivative[j] += c.U[i][j] * (c.dhOutput[i] + c.dhFuture[i]) // Uᵀ·(dhOutput + dhFuture)
			negated[j] -= c.U[i][j] * delta[i]                                 // −Uᵀ·δ
		}
	}
	return []nnlib.Mistake[[]float64]{
		{Name: "the blank", Wrong: make([]float64, n), Hint: "you return zeros for dhPrev: pass the error back to hₜ₋₁, Uᵀ·δₜ"},
		{Name: "U, not Uᵀ", Wrong: notTransposed, Hint: "you multiply δₜ by U: the gradient goes back through the transpose, dhPrevⱼ = Σᵢ Uᵢⱼ δᵢ (Uᵀ·δₜ)"},
		{Name: "before the derivative", Wrong: beforeDerivative, Hint: "you pass back Uᵀ·(dhOutput + dhFuture): hₜ₋₁ reaches the loss through zₜ, so pass back Uᵀ·δₜ, after the factor 1 − hₜ²"},
		{Name: "δ itself", Wrong: clone(delta), Hint: "you pass back δₜ itself: hₜ₋₁ enters zₜ through U, so pass back Uᵀ·δₜ"},
		{Name: "the sign", Wrong: negated, Hint: "dhPrev has the wrong sign: it is Uᵀ·δₜ, no minus"},
	}
}

// Small helpers, written out.

// mulVec returns M·x.
func mulVec(M [][]float64, x []float64) []float64 {
	out := make([]float64, len(M))
	for i, row := range M {
		for j, v := range x {
			out[i] += row[j] * v
		}
	}
	return out
}

// mulTVec returns Mᵀ·x.
func mulTVec(M [][]float64, x []float64) []float64 {
	out := make([]float64, len(M[0]))
	for i, row := range M {
		for j, m := range row {
			out[j] += m * x[i]
		}
	}
	return out
}

// addVec returns the sum of vectors of the same length.
func addVec(vs ...[]float64) []float64 {
	out := make([]float64, len(vs[0]))
	for _, v := range vs {
		for i := range v {
			out[i] += v[i]
		}
	}
	return out
}

func zeroMatrix(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}

// zeroGrads returns zeros with the shape of r.
func zeroGrads(r *RNN) Grads {
	input, hidden, output := r.Sizes()
	return Grads{
		W: zeroMatrix(hidden, input), U: zeroMatrix(hidden, hidden), B: make([]float64, hidden),
		V: zeroMatrix(output, hidden), C: make([]float64, output),
	}
}

// rows lists every row of r's weights, W, U, b, V, c in this order: the
// slices themselves, to read or write.
func (r *RNN) rows() [][]float64 {
	var rows [][]float64
	rows = append(rows, r.W...)
	rows = append(rows, r.U...)
	rows = append(rows, r.B)
	rows = append(rows, r.V...)
	return append(rows, r.C)
}

// flatten lists all the weights, in the order of rows.
func (r *RNN) flatten() []float64 {
	var v []float64
	for _, row := range r.rows() {
		v = append(v, row...)
	}
	return v
}

// unflatten puts back weights listed by flatten.
func (r *RNN) unflatten(v []float64) {
	for _, row := range r.rows() {
		v = v[copy(row, v):]
	}
}

// copyTo copies r's weights into dst, of the same shape.
func (r *RNN) copyTo(dst *RNN) { dst.unflatten(r.flatten()) }

func clone(v []float64) []float64 { return append([]float64(nil), v...) }

func cloneMatrix(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i := range m {
		out[i] = clone(m[i])
	}
	return out
}

// vecClose reports whether a and b have the same length and agree to tol,
// relative to 1 + |b|.
func vecClose(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(math.Abs(a[i]-b[i]) <= tol*(1+math.Abs(b[i]))) {
			return false
		}
	}
	return true
}

func roundVec(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Round(x*1e4) / 1e4
	}
	return out
}
