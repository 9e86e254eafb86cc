package generalisation

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

var goBackend = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

func backend(t *testing.T) compute.Backend {
	t.Helper()
	b, err := goBackend()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Each activation's Prime is its derivative (central differences), and its
// graph version computes the same g.
func TestActivations(t *testing.T) {
	zs := []float64{-4, -1.3, -0.2, 0.3, 1.7, 4.5}
	for _, a := range Activations {
		for _, z := range zs {
			num := nnlib.NumericalGradient(func(w []float64) float64 { return a.G(w[0]) }, []float64{z}, 1e-6)[0]
			if math.Abs(num-a.Prime(z)) > 1e-6 {
				t.Errorf("%s: g′(%g) = %g, central differences %g", a.Name, z, a.Prime(z), num)
			}
		}
		out, err := graph.CallOnce(backend(t), func(x *graph.Node) *graph.Node { return a.graph(x) }, zs)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range out.Value().([]float64) {
			if math.Abs(v-a.G(zs[i])) > 1e-12 {
				t.Errorf("%s in the graph: g(%g) = %g, in Go %g", a.Name, zs[i], v, a.G(zs[i]))
			}
		}
	}
	if _, err := activationNamed("swish"); err == nil {
		t.Error("an unknown activation must be refused")
	}
}

func TestSoftmaxAndCrossEntropy(t *testing.T) {
	for _, z := range softmaxCases {
		a := SoftmaxRef(z)
		var sum float64
		for _, v := range a {
			sum += v
			if !(v > 0) {
				t.Errorf("softmax(%v) has %g", z, v)
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("softmax(%v) sums to %g", z, sum)
		}
	}
	// Against the textbook formula where it does not overflow.
	z := []float64{0.5, -1, 2}
	var s float64
	for _, v := range z {
		s += math.Exp(v)
	}
	for k, v := range SoftmaxRef(z) {
		if math.Abs(v-math.Exp(z[k])/s) > 1e-15 {
			t.Errorf("softmax(%v)[%d] = %g, want %g", z, k, v, math.Exp(z[k])/s)
		}
	}
	if math.Abs(CrossEntropyRef(z, 2)+math.Log(math.Exp(2)/s)) > 1e-12 {
		t.Errorf("cross-entropy %g, want %g", CrossEntropyRef(z, 2), -math.Log(math.Exp(2)/s))
	}
	for _, c := range gradCases {
		num := nnlib.NumericalGradient(func(z []float64) float64 { return CrossEntropyRef(z, c.y) }, c.z, 1e-6)
		if !near(CrossEntropyGradRef(c.z, c.y), num, 1e-7) {
			t.Errorf("gradient at %v: %v, central differences %v", c.z, CrossEntropyGradRef(c.z, c.y), num)
		}
	}
}

// Net.DataLoss in the graph equals the lesson's Go losses and, for softmax,
// GoMLX's own sparse categorical cross-entropy.
func TestDataLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const m, k = 6, 5
	z := make([][]float32, m)
	labels := make([][]int32, m)
	for i := range z {
		z[i] = make([]float32, k)
		for j := range z[i] {
			z[i][j] = float32(rng.NormFloat64() * 3)
		}
		labels[i] = []int32{int32(rng.IntN(k))}
	}
	for _, o := range []string{Sigmoids, Softmax} {
		n := Net{Sizes: []int{3, k}, Output: o}
		out, err := graph.CallOnce(backend(t), func(z, y *graph.Node) *graph.Node { return n.DataLoss(z, y) }, z, labels)
		if err != nil {
			t.Fatal(err)
		}
		got := float64(out.Value().(float32))
		var want float64
		for i := range z {
			row := make([]float64, k)
			for j := range row {
				row[j] = float64(z[i][j])
			}
			want += exampleLoss(o, row, int(labels[i][0])) / m
		}
		if math.Abs(got-want) > 1e-5*want {
			t.Errorf("%s: the graph's loss %g, in Go %g", o, got, want)
		}
		if o == Softmax {
			ref, err := graph.CallOnce(backend(t), func(z, y *graph.Node) *graph.Node {
				return loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{y}, []*graph.Node{z})
			}, z, labels)
			if err != nil {
				t.Fatal(err)
			}
			if r := float64(ref.Value().(float32)); math.Abs(got-r) > 1e-5*r {
				t.Errorf("softmax: the graph's loss %g, GoMLX's sparse cross-entropy %g", got, r)
			}
		}
	}
}

// The penalty is (λ/2)·Σ w² over the layers' weights, biases left out.
func TestPenalty(t *testing.T) {
	n := Net{Sizes: []int{3, 4, 2}, L2: 0.3}
	store := model.NewStore()
	exec, err := model.NewExec(backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		_ = n.Logits(scope, x)
		return n.Penalty(scope, x.Graph())
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call([][]float32{{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	names := 0
	for v := range store.IterVariables() {
		if v.Name() != "weights" {
			continue
		}
		names++
		val, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range val.Value().([][]float32) {
			for _, x := range w {
				want += 0.3 / 2 * float64(x) * float64(x)
			}
		}
	}
	if names != 2 {
		t.Fatalf("%d weight matrices in the store, want 2", names)
	}
	if got := float64(out[0].Value().(float32)); math.Abs(got-want) > 1e-5*want {
		t.Errorf("penalty %g, want %g", got, want)
	}
}

func TestLossScales(t *testing.T) {
	scales, err := LossScales(backend(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(scales) != 3 {
		t.Fatalf("%d scales, want 3", len(scales))
	}
}

// The saturated neuron's gradients are its costs' derivatives; the
// cross-entropy gets it right in far fewer steps than the squared error.
func TestSaturated(t *testing.T) {
	s := DefaultSaturated
	for _, w := range []float64{-6, -1, 0.5} {
		mse, ce := s.Gradients(w)
		nm := nnlib.NumericalGradient(func(v []float64) float64 { m, _ := s.Costs(v[0]); return m }, []float64{w}, 1e-6)[0]
		nc := nnlib.NumericalGradient(func(v []float64) float64 { _, c := s.Costs(v[0]); return c }, []float64{w}, 1e-6)[0]
		if math.Abs(mse-nm) > 1e-7 || math.Abs(ce-nc) > 1e-7 {
			t.Errorf("w = %g: gradients %g, %g; central differences %g, %g", w, mse, ce, nm, nc)
		}
	}
	mse, ce := s.Descend()
	reach := func(a []float64) int { return slices.IndexFunc(a, func(v float64) bool { return v > 0.9 }) }
	if reach(ce) < 0 || reach(ce) > 20 {
		t.Errorf("the cross-entropy reaches a > 0.9 at step %d, want within 20", reach(ce))
	}
	if reach(mse) >= 0 {
		t.Errorf("the squared error reaches a > 0.9 at step %d of %d: the figure would not show it stall", reach(mse), s.Steps)
	}
}

// EarlyStopRef is the rule nnlib/train's loop applies: on made-up
// validation curves, the loop stops at the same epoch and keeps the same
// best one.
func TestEarlyStopRefIsTheLoopsRule(t *testing.T) {
	curves := append([]struct {
		losses   []float64
		patience int
	}{{[]float64{3, 2, 2, 2, 1}, 2}, {[]float64{1, 1, 1}, 1}}, earlyCases...)
	for _, c := range curves {
		d := &data.Dataset{X: make([]float32, 4), Shape: []int{1}, Labels: []int{0, 1, 0, 1}}
		h, err := train.Loop{
			Data: d, BatchSize: 4, Epochs: len(c.losses),
			Evaluate: func(step int) (train.Score, error) {
				return train.Score{Loss: c.losses[step-1], Metric: math.NaN()}, nil
			},
			EarlyStopping: train.EarlyStopping{Patience: c.patience, OnLoss: true},
		}.Run(func(int, data.Batch) (float64, error) { return 1, nil })
		if err != nil {
			t.Fatal(err)
		}
		best, stop := EarlyStopRef(c.losses, c.patience)
		be, _ := h.BestEval()
		if h.Epochs != stop || be.Epoch != best {
			t.Errorf("%v, patience %d: the loop stops at %d with best %d; EarlyStopRef says %d and %d", c.losses, c.patience, h.Epochs, be.Epoch, stop, best)
		}
	}
}

func TestReliability(t *testing.T) {
	probs := [][]float64{{0.95, 0.05}, {0.95, 0.05}, {0.55, 0.45}, {0.4, 0.6}}
	labels := []int{0, 1, 0, 1}
	bins, ece, acc := Reliability(probs, labels, 10)
	if acc != 0.75 {
		t.Errorf("accuracy %g, want 0.75", acc)
	}
	if b := bins[9]; b.Count != 2 || b.Accuracy != 0.5 || math.Abs(b.Confidence-0.95) > 1e-12 {
		t.Errorf("bin [0.9, 1): %+v, want 2 predictions, accuracy 0.5, confidence 0.95", b)
	}
	// |0.5 − 0.95|·2/4 + |1 − 0.55|/4 + |1 − 0.6|/4
	if want := 0.45*2/4 + 0.45/4 + 0.4/4; math.Abs(ece-want) > 1e-12 {
		t.Errorf("ECE %g, want %g", ece, want)
	}
}

func TestAugment(t *testing.T) {
	img := make([]float32, 28*28)
	img[10*28+5] = 1 // Row 10, column 5.
	for _, tc := range []struct {
		r        uint64
		row, col int
	}{
		{4 + 5*2, 10, 7},       // dx = +2, dy = 0, no flip.
		{2 + 5*0, 8, 5},        // dx = 0, dy = −2.
		{2 + 5*2 + 25, 10, 22}, // mirrored: column 27 − 5.
		{3 + 5*4 + 25, 12, 23}, // mirrored (column 22), then dx = +1, dy = +2.
	} {
		b := data.Batch{X: slices.Clone(img), Indexes: []int{0}}
		Augment(func() uint64 { return tc.r })(&b)
		if b.X[tc.row*28+tc.col] != 1 {
			i := slices.Index(b.X, 1)
			t.Errorf("r = %d: the pixel is at (%d, %d), want (%d, %d)", tc.r, i/28, i%28, tc.row, tc.col)
		}
	}
}

// A deep sigmoid network's first layer gets a far smaller gradient than its
// output layer; a ReLU network's does not shrink as much (random inputs).
func TestLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := &data.Dataset{Shape: []int{784}}
	for i := range 64 {
		for range 784 {
			d.X = append(d.X, float32(rng.Float64()))
		}
		d.Labels = append(d.Labels, i%10)
	}
	deep := Deep{Depth: 8, Width: 32}
	ratio := map[string]float64{}
	for _, a := range []string{"sigmoid", "relu"} {
		rms, err := LayerGradients(backend(t), deep.Net(a), 1, d, 64)
		if err != nil {
			t.Fatal(err)
		}
		if len(rms) != 9 || slices.Contains(rms, 0) {
			t.Fatalf("%s: %v, want 9 non-zero sizes", a, rms)
		}
		ratio[a] = rms[0] / rms[len(rms)-1]
	}
	if ratio["sigmoid"] > 1e-2 || ratio["relu"] < 100*ratio["sigmoid"] {
		t.Errorf("first/last layer gradient: sigmoid %.3g, relu %.3g", ratio["sigmoid"], ratio["relu"])
	}
}

// On real images: the baseline network memorises a few hundred images, its
// validation accuracy is far lower, and the figures draw.
func TestTrainMemorises(t *testing.T) {
	s, err := LoadSplits(SplitSizes{Small: 300, Large: 10, Validation: 500, Test: 100}, 1)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	cfg := Baseline
	cfg.Epochs = 60
	run, m, err := Train(backend(t), cfg, s.Small, s.Validation)
	if err != nil {
		t.Fatal(err)
	}
	f := run.Final()
	if f.Train.Metric < 0.98 || f.Validation.Metric > f.Train.Metric-0.1 || f.Validation.Metric < 0.6 {
		t.Errorf("after 60 epochs: training accuracy %.3f, validation %.3f", f.Train.Metric, f.Validation.Metric)
	}
	sc, err := m.Score(s.Validation)
	if err != nil {
		t.Fatal(err)
	}
	if sc != f.Validation {
		t.Errorf("the model scores %+v, the run's last evaluation %+v", sc, f.Validation)
	}
	if _, _, err := Train(backend(t), Config{Net: Net{Sizes: []int{10, 10}}, Epochs: 1, BatchSize: 1, LearningRate: 1}, s.Small, s.Validation); err == nil {
		t.Error("a network of 10 inputs for 784-value images must be refused")
	}
	p, err := OverfitFigure("t", run)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
}

func TestHints(t *testing.T) {
	checktest.Hints(t, SoftmaxError, []checktest.Wrong[func([]float64) []float64]{
		{Name: "blank", Answer: func(z []float64) []float64 { return z }, Hint: "want"},
		{Name: "naive", Answer: func(z []float64) []float64 {
			var s float64
			for _, v := range z {
				s += math.Exp(v)
			}
			out := make([]float64, len(z))
			for k, v := range z {
				out[k] = math.Exp(v) / s
			}
			return out
		}, Hint: "subtract max z"},
		{Name: "exp only", Answer: func(z []float64) []float64 {
			out := make([]float64, len(z))
			for k, v := range z {
				out[k] = math.Exp(v)
			}
			return out
		}, Hint: "divide each by the sum"},
	})
	checktest.Hints(t, CrossEntropyGradError, []checktest.Wrong[func([]float64, int) []float64]{
		{Name: "blank", Answer: func(z []float64, _ int) []float64 { return make([]float64, len(z)) }, Hint: "want"},
		{Name: "y − a", Answer: func(z []float64, y int) []float64 {
			a := SoftmaxRef(z)
			for k := range a {
				a[k] = -a[k]
			}
			a[y]++
			return a
		}, Hint: "uphill"},
		{Name: "a only", Answer: func(z []float64, _ int) []float64 { return SoftmaxRef(z) }, Hint: "subtract the one-hot"},
		{Name: "sigmoid factor", Answer: func(z []float64, y int) []float64 {
			a := SoftmaxRef(z)
			g := make([]float64, len(a))
			for k := range a {
				t := 0.0
				if k == y {
					t = 1
				}
				g[k] = (a[k] - t) * a[k] * (1 - a[k])
			}
			return g
		}, Hint: "a(1 − a)"},
	})
	checktest.Hints(t, L2GradError, []checktest.Wrong[func([]float64, float64) []float64]{
		{Name: "blank", Answer: func(w []float64, _ float64) []float64 { return make([]float64, len(w)) }, Hint: "want"},
		{Name: "2λw", Answer: func(w []float64, l float64) []float64 {
			g := slices.Clone(w)
			for i := range g {
				g[i] *= 2 * l
			}
			return g
		}, Hint: "cancels"},
		{Name: "λ", Answer: func(w []float64, l float64) []float64 {
			g := make([]float64, len(w))
			for i := range g {
				g[i] = l
			}
			return g
		}, Hint: "depends on w"},
	})
	checktest.Hints(t, EarlyStopError, []checktest.Wrong[func([]float64, int) (int, int)]{
		{Name: "blank", Answer: func(l []float64, _ int) (int, int) { return 0, len(l) }, Hint: "want best"},
		{Name: "first rise", Answer: func(l []float64, _ int) (int, int) {
			for i := 1; i < len(l); i++ {
				if l[i] > l[i-1] {
					return i, i + 1
				}
			}
			return len(l), len(l)
		}, Hint: "noisy"},
		{Name: "from 0", Answer: func(l []float64, p int) (int, int) { b, s := EarlyStopRef(l, p); return b - 1, s - 1 }, Hint: "from 0"},
		{Name: "since > patience", Answer: func(l []float64, p int) (int, int) {
			best, since := 0, 0
			for i, v := range l {
				if best == 0 || v < l[best-1] {
					best, since = i+1, 0
					continue
				}
				if since++; since > p {
					return best, i + 1
				}
			}
			return best, len(l)
		}, Hint: "one epoch late"},
	})
}
