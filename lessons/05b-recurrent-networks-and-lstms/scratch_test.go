package recurrent

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// scratchSequence makes a random sequence of T steps with n inputs and
// targets of k values; every step has a target unless onlyLast.
func scratchSequence(T, n, k int, onlyLast bool, seed uint64) (xs, targets [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for t := range T {
		x := make([]float64, n)
		for j := range x {
			x[j] = rng.NormFloat64()
		}
		var y []float64
		if !onlyLast || t == T-1 {
			y = make([]float64, k)
			for j := range y {
				y[j] = rng.NormFloat64()
			}
		}
		xs, targets = append(xs, x), append(targets, y)
	}
	return xs, targets
}

// scratchNets are the networks the gradient tests run on: sizes
// (input, hidden, output), sequence length, and whether only the last
// step has a target.
var scratchNets = []struct {
	in, hidden, out, T int
	onlyLast           bool
}{
	{1, 1, 1, 3, false},
	{2, 3, 2, 5, false},
	{3, 5, 2, 8, true},
	{4, 6, 3, 12, false},
}

// One step worked out by hand: h₀ = tanh(W·x₀ + b) (h₋₁ = 0), y₀ = V·h₀ + c,
// and the loss ½‖y − target‖².
func TestScratchForwardAndLoss(t *testing.T) {
	r := &RNN{
		W: [][]float64{{0.5, -1}, {2, 0.25}},
		U: [][]float64{{0.3, 0.1}, {-0.2, 0.4}},
		B: []float64{0.1, -0.3},
		V: [][]float64{{1, -2}},
		C: []float64{0.5},
	}
	x := [][]float64{{1, 2}, {-1, 0.5}}
	tr, err := r.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	h0 := []float64{math.Tanh(0.5 - 2 + 0.1), math.Tanh(2 + 0.5 - 0.3)}
	h1 := []float64{
		math.Tanh(-0.5 - 0.5 + 0.3*h0[0] + 0.1*h0[1] + 0.1),
		math.Tanh(-2 + 0.125 - 0.2*h0[0] + 0.4*h0[1] - 0.3),
	}
	y1 := h1[0] - 2*h1[1] + 0.5
	if !vecClose(tr.H[0], h0, 1e-15) || !vecClose(tr.H[1], h1, 1e-15) || math.Abs(tr.Y[1][0]-y1) > 1e-15 {
		t.Errorf("states %v, outputs %v; want h₀ = %v, h₁ = %v, y₁ = %v", tr.H, tr.Y, h0, h1, y1)
	}
	if tr.Prev(0)[0] != 0 || tr.Prev(1)[1] != h0[1] {
		t.Errorf("Prev(0) = %v, Prev(1) = %v", tr.Prev(0), tr.Prev(1))
	}
	L, err := r.Loss(x, [][]float64{nil, {2}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (y1 - 2) * (y1 - 2) / 2; math.Abs(L-want) > 1e-15 {
		t.Errorf("loss %v, want ½(y₁ − 2)² = %v (no loss at the step without a target)", L, want)
	}
}

func TestScratchBadInput(t *testing.T) {
	for _, sizes := range [][3]int{{0, 3, 1}, {2, 0, 1}, {2, 3, 0}, {-1, 3, 1}} {
		if _, err := NewRNN(sizes[0], sizes[1], sizes[2], 1); err == nil {
			t.Errorf("NewRNN%v must be refused", sizes)
		}
	}
	r, err := NewRNN(2, 3, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if in, h, out := r.Sizes(); in != 2 || h != 3 || out != 1 {
		t.Errorf("Sizes() = %d, %d, %d", in, h, out)
	}
	for _, c := range []struct {
		name    string
		err     func() error
		mention string
	}{
		{"empty sequence", func() error { _, err := r.Forward(nil); return err }, "empty"},
		{"a step of the wrong length", func() error { _, err := r.Forward([][]float64{{1, 2}, {1}}); return err }, "step 1"},
		{"a bad initial state", func() error { _, err := r.ForwardFrom([]float64{0}, [][]float64{{1, 2}}); return err }, "initial state"},
		{"too few targets", func() error { _, err := r.Loss([][]float64{{1, 2}, {3, 4}}, [][]float64{{1}}); return err }, "one target per step"},
		{"a target of the wrong length", func() error { _, err := r.BPTT([][]float64{{1, 2}}, [][]float64{{1, 2}}); return err }, "targets[0]"},
		{"a nil step", func() error { _, err := r.BPTTWith(nil, [][]float64{{1, 2}}, [][]float64{{1}}); return err }, "nil"},
		{"a step returning the wrong lengths", func() error {
			_, err := r.BPTTWith(func(o, f, h []float64, U [][]float64) ([]float64, []float64) { return h[:1], h }, [][]float64{{1, 2}}, [][]float64{{1}})
			return err
		}, "one value per hidden unit"},
		{"bad input to the Jacobians", func() error { _, err := StateJacobianNorms(r, nil); return err }, "empty"},
	} {
		if err := c.err(); err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("%s: error %v, want one that mentions %q", c.name, err, c.mention)
		}
	}
}

// BPTT agrees with GoMLX's autodiff of the same network to 1e-9 (in
// practice to rounding), and the two losses agree.
func TestBPTTMatchesAutodiff(t *testing.T) {
	backend := nnlib.MustBackend()
	for _, n := range scratchNets {
		r, err := NewRNN(n.in, n.hidden, n.out, uint64(n.T))
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.B { // Nonzero biases, so that their gradients are tested at a general point.
			r.B[i] = 0.1 * float64(i+1)
		}
		r.C[0] = -0.2
		xs, targets := scratchSequence(n.T, n.in, n.out, n.onlyLast, uint64(n.hidden))
		bptt, err := r.BPTT(xs, targets)
		if err != nil {
			t.Fatal(err)
		}
		auto, loss, err := autodiff(backend, r, xs, targets)
		if err != nil {
			t.Fatal(err)
		}
		if L, _ := r.Loss(xs, targets); math.Abs(L-loss) > 1e-12*L {
			t.Errorf("%+v: loss %v, GoMLX's %v", n, L, loss)
		}
		e := RelativeError(bptt, auto)
		t.Logf("%d-%d-%d, T = %d: BPTT vs autodiff, relative error %.2g", n.in, n.hidden, n.out, n.T, e)
		if !(e <= 1e-9) {
			t.Errorf("%+v: BPTT and GoMLX's autodiff differ by %.3g", n, e)
		}
		if g, _ := AutodiffGrads(backend, r, xs, targets); RelativeError(g, auto) != 0 {
			t.Error("AutodiffGrads differs from autodiff")
		}
	}
}

// BPTT agrees with central differences of the loss to ~1e-7 relative.
func TestBPTTGradCheck(t *testing.T) {
	for _, n := range scratchNets {
		r, err := NewRNN(n.in, n.hidden, n.out, uint64(n.T)+10)
		if err != nil {
			t.Fatal(err)
		}
		xs, targets := scratchSequence(n.T, n.in, n.out, n.onlyLast, uint64(n.hidden)+10)
		e, err := GradCheck(r, xs, targets)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d-%d-%d, T = %d: BPTT vs central differences, relative error %.2g", n.in, n.hidden, n.out, n.T, e)
		if !(e < 1e-7) {
			t.Errorf("%+v: BPTT and central differences differ by %.3g", n, e)
		}
	}
}

// Without the gradient from the future, BPTT is plainly wrong: the checks
// above mean something.
func TestBPTTWithoutTheFutureFails(t *testing.T) {
	noFuture := func(dhOutput, dhFuture, h []float64, U [][]float64) ([]float64, []float64) {
		return BackStep(dhOutput, make([]float64, len(h)), h, U)
	}
	r, _ := NewRNN(2, 3, 2, 5)
	xs, targets := scratchSequence(6, 2, 2, false, 1)
	wrong, err := r.BPTTWith(noFuture, xs, targets)
	if err != nil {
		t.Fatal(err)
	}
	auto, err := AutodiffGrads(nnlib.MustBackend(), r, xs, targets)
	if err != nil {
		t.Fatal(err)
	}
	if e := RelativeError(wrong, auto); e < 1e-3 {
		t.Errorf("BPTT without the future is off autodiff by only %.3g", e)
	}
	// Only the last step's output matters here (h_T does not exist), so
	// V's and c's gradients, which never go through time, are still right.
	if !vecClose(wrong.C, auto.C, 1e-12) {
		t.Errorf("∂L/∂c does not depend on the future term: %v vs %v", wrong.C, auto.C)
	}
}

// ∂hₜ/∂h₋₁ by the chain of Jacobians agrees with central differences of hₜ
// with respect to the initial state, and so do the norms.
func TestScratchStateJacobian(t *testing.T) {
	r, _ := NewRNN(2, 4, 1, 3)
	xs, _ := scratchSequence(10, 2, 1, false, 2)
	for _, init := range [][]float64{make([]float64, 4), {0.3, -0.5, 0.1, 0.8}} {
		jacobians, err := stateJacobians(r, init, xs)
		if err != nil {
			t.Fatal(err)
		}
		for tt, J := range jacobians {
			for i := range J {
				hi := func(h0 []float64) float64 {
					tr, err := r.ForwardFrom(h0, xs)
					if err != nil {
						t.Fatal(err)
					}
					return tr.H[tt][i]
				}
				num := nnlib.NumericalGradient(hi, init, 1e-6) // Row i of ∂hₜ/∂h₋₁.
				if !vecClose(J[i], num, 1e-8) {
					t.Errorf("init %v, step %d: row %d of ∂hₜ/∂h₋₁ is %v, central differences %v", init, tt, i, J[i], num)
				}
			}
		}
	}
	norms, err := StateJacobianNorms(r, xs)
	if err != nil {
		t.Fatal(err)
	}
	jacobians, _ := stateJacobians(r, make([]float64, 4), xs)
	for tt, J := range jacobians {
		// The spectral norm lies between the Frobenius norm / √n and the Frobenius norm.
		var f float64
		for _, row := range J {
			for _, v := range row {
				f += v * v
			}
		}
		f = math.Sqrt(f)
		if !(norms[tt] <= f*(1+1e-12) && norms[tt] >= f/2*(1-1e-12)) {
			t.Errorf("step %d: spectral norm %v, Frobenius %v", tt, norms[tt], f)
		}
	}
	// The spectral norm of a known matrix: diag(3, 1) rotated has norm 3.
	c, s := math.Cos(0.4), math.Sin(0.4)
	if n := spectralNorm([][]float64{{3 * c, -s}, {3 * s, c}}); math.Abs(n-3) > 1e-12 {
		t.Errorf("spectral norm %v, want 3", n)
	}
}

// A plain RNN forgets: over 60 steps of random input, ‖∂hₜ/∂h₋₁‖ falls by
// orders of magnitude.
func TestScratchForgets(t *testing.T) {
	r, _ := NewRNN(3, 16, 1, 1)
	xs, _ := scratchSequence(60, 3, 1, false, 4)
	norms, err := StateJacobianNorms(r, xs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("‖∂hₜ/∂h₋₁‖₂ at t = 0, 10, 30, 59: %.3g %.3g %.3g %.3g", norms[0], norms[10], norms[30], norms[59])
	if !(norms[59] < 1e-4*norms[0]) {
		t.Errorf("the norm falls only from %.3g to %.3g in 60 steps", norms[0], norms[59])
	}
}

// The exercise: the reference passes; each typical mistake, written as a
// student would, is refused with exactly its own hint (the words of no
// other).
func TestBPTTBackStepCheck(t *testing.T) {
	if err := BackStepError(BackStep); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	if BackStepError(nil) == nil {
		t.Error("a nil function must be refused")
	}
	// step builds a student's step from how they compute δᵢ and pass back.
	step := func(deltaI func(o, f, h float64) float64, back func(U [][]float64, delta, dh []float64) []float64) BackStepFunc {
		return func(dhOutput, dhFuture, h []float64, U [][]float64) ([]float64, []float64) {
			delta := make([]float64, len(h))
			dh := make([]float64, len(h))
			for i := range h {
				delta[i] = deltaI(dhOutput[i], dhFuture[i], h[i])
				dh[i] = dhOutput[i] + dhFuture[i]
			}
			return delta, back(U, delta, dh)
		}
	}
	right := func(o, f, h float64) float64 { return (o + f) * (1 - h*h) }
	uT := func(U [][]float64, delta, _ []float64) []float64 { // Uᵀ·δ
		out := make([]float64, len(delta))
		for i := range U {
			for j := range U[i] {
				out[j] += U[i][j] * delta[i]
			}
		}
		return out
	}
	withDelta := func(d func(o, f, h float64) float64) BackStepFunc { return step(d, uT) }
	withBack := func(b func(U [][]float64, delta, dh []float64) []float64) BackStepFunc { return step(right, b) }
	stateful := 0
	cases := []struct {
		name   string
		answer BackStepFunc
		key    string
	}{
		{"blank", func(o, f, h []float64, U [][]float64) ([]float64, []float64) {
			return make([]float64, len(h)), make([]float64, len(h))
		}, "zeros for δ"},
		{"no future", withDelta(func(o, f, h float64) float64 { return o * (1 - h*h) }), "you leave out dhFuture"},
		{"no output", withDelta(func(o, f, h float64) float64 { return f * (1 - h*h) }), "you leave out dhOutput"},
		{"no tanh′", withDelta(func(o, f, h float64) float64 { return o + f }), "you forget the derivative of tanh"},
		{"1 − h", withDelta(func(o, f, h float64) float64 { return (o + f) * (1 - h) }), "you multiply by 1 − hₜ:"},
		{"sigmoid's a(1 − a)", withDelta(func(o, f, h float64) float64 { return (o + f) * h * (1 - h) }), "h(1 − h), the sigmoid's"},
		{"σ′(h)", withDelta(func(o, f, h float64) float64 {
			s := 1 / (1 + math.Exp(-h))
			return (o + f) * s * (1 - s)
		}), "σ′(hₜ)"},
		{"tanh twice", withDelta(func(o, f, h float64) float64 { return (o + f) * (1 - math.Pow(math.Tanh(h), 2)) }), "apply tanh again"},
		{"derivative on dhOutput only", withDelta(func(o, f, h float64) float64 { return o*(1-h*h) + f }), "only dhOutput"},
		{"derivative on dhFuture only", withDelta(func(o, f, h float64) float64 { return o + f*(1-h*h) }), "only dhFuture"},
		{"δ's sign", withDelta(func(o, f, h float64) float64 { return (o + f) * (h*h - 1) }), "your δ has the wrong sign"},
		{"no pass back", withBack(func(U [][]float64, delta, _ []float64) []float64 { return make([]float64, len(delta)) }), "zeros for dhPrev"},
		{"U, not Uᵀ", withBack(func(U [][]float64, delta, _ []float64) []float64 {
			out := make([]float64, len(delta))
			for i := range U {
				for j := range U[i] {
					out[i] += U[i][j] * delta[j]
				}
			}
			return out
		}), "you multiply δₜ by U:"},
		{"before the derivative", withBack(func(U [][]float64, _, dh []float64) []float64 { return uT(U, dh, nil) }), "you pass back Uᵀ·(dhOutput + dhFuture)"},
		{"δ itself", withBack(func(U [][]float64, delta, _ []float64) []float64 { return append([]float64(nil), delta...) }), "you pass back δₜ itself"},
		{"dhPrev's sign", withBack(func(U [][]float64, delta, _ []float64) []float64 {
			out := uT(U, delta, nil)
			for j := range out {
				out[j] = -out[j]
			}
			return out
		}), "dhPrev has the wrong sign"},
		{"wrong lengths", func(o, f, h []float64, U [][]float64) ([]float64, []float64) {
			d, p := BackStep(o, f, h, U)
			return append(d, 0), p
		}, "both have one value per hidden unit"},
		{"a panic", func(o, f, h []float64, U [][]float64) ([]float64, []float64) {
			d, _ := BackStep(o, f, h, U)
			return d, uT(U[:1], d, nil)[:len(h)+1]
		}, "your function stopped"},
		{"changes U", func(o, f, h []float64, U [][]float64) ([]float64, []float64) {
			d, p := BackStep(o, f, h, U)
			U[0][0] *= 0.5 // Harmless on a copy, wrong inside BPTT.
			return d, p
		}, "right on its own"},
		{"remembers between calls", func(o, f, h []float64, U [][]float64) ([]float64, []float64) {
			stateful++
			d, p := BackStep(o, f, h, U)
			if stateful > len(backStepCases) {
				p[0] += 0.01
			}
			return d, p
		}, "right on its own"},
	}
	keys := map[string]bool{}
	for _, c := range cases {
		keys[c.key] = true
	}
	for _, c := range cases {
		err := BackStepError(c.answer)
		if err == nil {
			t.Errorf("%s: a wrong answer passed", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.key) {
			t.Errorf("%s: hint %q does not say %q", c.name, err, c.key)
		}
		for k := range keys {
			if k != c.key && strings.Contains(err.Error(), k) {
				t.Errorf("%s: hint %q also says %q, another mistake's", c.name, err, k)
			}
		}
	}
}

// A student's step, once right, is what BPTT runs: BPTTWith(BackStep) is
// BPTT, and Clone copies without sharing.
func TestScratchBPTTWithIsBPTT(t *testing.T) {
	r, _ := NewRNN(2, 3, 2, 9)
	xs, targets := scratchSequence(5, 2, 2, false, 9)
	a, _ := r.BPTT(xs, targets)
	b, _ := r.BPTTWith(BackStep, xs, targets)
	if RelativeError(a, b) != 0 {
		t.Error("BPTT is not BPTTWith(BackStep)")
	}
	c := r.Clone()
	c.U[0][0] += 1
	if r.U[0][0] == c.U[0][0] || RelativeError(Grads(*r.Clone()), Grads(*r)) != 0 {
		t.Error("Clone shares or changes weights")
	}
}
