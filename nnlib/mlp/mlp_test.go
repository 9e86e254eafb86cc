package mlp

import (
	"bytes"
	"encoding/gob"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/compute/dtypes"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// tiny is a 2-2-1 network whose forward pass is worked out by hand below.
var tiny = Net{W: [][][]float64{
	{{0, 1, 0}, {1, -1, 2}},
	{{-1, 2, 0.5}},
}}

func TestTraceByHand(t *testing.T) {
	x := []float64{2, -1}
	tr, err := tiny.Trace(x)
	if err != nil {
		t.Fatal(err)
	}
	// z⁽²⁾ = W⁽¹⁾·(1, 2, −1) = (0 + 2 + 0, 1 − 2 − 2) = (2, −3).
	z2 := []float64{2, -3}
	g := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	a2 := []float64{1, g(2), g(-3)}
	z3 := -1 + 2*a2[1] + 0.5*a2[2]
	want := Trace{
		A: [][]float64{{1, 2, -1}, a2, {g(z3)}},
		Z: [][]float64{nil, z2, {z3}},
	}
	for l := range want.A {
		if !near(tr.A[l], want.A[l], 1e-15) || (want.Z[l] != nil && !near(tr.Z[l], want.Z[l], 1e-15)) {
			t.Fatalf("layer %d: got a=%v z=%v, want a=%v z=%v", l+1, tr.A[l], tr.Z[l], want.A[l], want.Z[l])
		}
	}
	if tr.Z[0] != nil {
		t.Errorf("the input layer computes nothing: Z[0] = %v", tr.Z[0])
	}
	h, err := tiny.Forward(x)
	if err != nil || len(h) != 1 || h[0] != tr.Output()[0] {
		t.Errorf("Forward = %v, %v; Trace's output %v", h, err, tr.Output())
	}
	if got := tiny.Sizes(); len(got) != 3 || got[0] != 2 || got[1] != 2 || got[2] != 1 {
		t.Errorf("Sizes = %v", got)
	}
	if c := tiny.Classify(x); c != ClassOf(h) {
		t.Errorf("Classify = %d, ClassOf(h) = %d", c, ClassOf(h))
	}
}

func TestActivations(t *testing.T) {
	for _, tc := range []struct {
		a    Activation
		z, g float64
	}{{"", 0, 0.5}, {Sigmoid, 0, 0.5}, {Tanh, 0.5, math.Tanh(0.5)}, {ReLU, -2, 0}, {ReLU, 1.5, 1.5}} {
		f, err := tc.a.Func()
		if err != nil || f(tc.z) != tc.g {
			t.Errorf("%q(%g) = %v (err %v), want %g", tc.a, tc.z, f(tc.z), err, tc.g)
		}
	}
	if _, err := Activation("swish").Func(); err == nil || !strings.Contains(err.Error(), "mlp.ReLU") {
		t.Errorf("an unknown activation must name the known ones: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		net  Net
		hint string
	}{
		"empty":     {Net{}, "no weight matrices"},
		"no rows":   {Net{W: [][][]float64{{}}}, "no rows"},
		"no inputs": {Net{W: [][][]float64{{{1}}}}, "bias column"},
		"ragged":    {Net{W: [][][]float64{{{1, 2}, {1}}}}, "different lengths"},
		"mismatch":  {Net{W: [][][]float64{{{1, 2}, {3, 4}}, {{1, 2}}}}, "needs 3"},
		"act":       {Net{W: tiny.W, Hidden: "step"}, "unknown activation"},
	} {
		err := tc.net.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("%s: %v, want a hint with %q", name, err, tc.hint)
		}
	}
	if _, err := tiny.Forward([]float64{1, 2, 3}); err == nil || !strings.Contains(err.Error(), "has 2 units") {
		t.Errorf("wrong input size: %v", err)
	}
	if tiny.Classify([]float64{1}) != -1 {
		t.Error("Classify of an input that does not fit must be -1")
	}
}

func TestClassOf(t *testing.T) {
	for _, tc := range []struct {
		h    []float64
		want int
	}{{[]float64{0.5}, 1}, {[]float64{0.49}, 0}, {[]float64{0.1, 0.7, 0.3}, 1}, {[]float64{0.9, 0.2}, 0}} {
		if got := ClassOf(tc.h); got != tc.want {
			t.Errorf("ClassOf(%v) = %d, want %d", tc.h, got, tc.want)
		}
	}
}

// randomNet is a network of the given sizes with weights uniform in [-2, 2).
func randomNet(r *rand.Rand, hidden Activation, sizes ...int) Net {
	n := Net{Hidden: hidden}
	for l := 1; l < len(sizes); l++ {
		w := make([][]float64, sizes[l])
		for i := range w {
			w[i] = make([]float64, sizes[l-1]+1)
			for j := range w[i] {
				w[i][j] = 4*r.Float64() - 2
			}
		}
		n.W = append(n.W, w)
	}
	return n
}

// The GoMLX model (layers.DenseWithBias per layer, loaded from the Net's
// weights) computes the plain-Go forward pass, to rounding, in float64.
func TestPredictEqualsForward(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		hidden Activation
		sizes  []int
	}{
		{Sigmoid, []int{3, 3, 1}},
		{Tanh, []int{2, 5, 3}},
		{ReLU, []int{4, 6, 5, 2}},
		{Sigmoid, []int{3, 2}}, // No hidden layer: a logistic regression per output.
	} {
		net := randomNet(r, tc.hidden, tc.sizes...)
		xs := make([][]float64, 7)
		for i := range xs {
			xs[i] = make([]float64, tc.sizes[0])
			for j := range xs[i] {
				xs[i][j] = 6*r.Float64() - 3
			}
		}
		got, err := net.Predict(backend, xs)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range xs {
			want, err := net.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got[i], want, 1e-12) {
				t.Errorf("%s %v, input %d: GoMLX %v, plain Go %v", tc.hidden, tc.sizes, i, got[i], want)
			}
		}
	}
	if _, err := tiny.Predict(backend, [][]float64{{1, 2, 3}}); err == nil {
		t.Error("an input of the wrong size must be an error")
	}
}

func TestStoreRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	net := randomNet(r, Tanh, 3, 4, 2)
	store, err := net.Store(dtypes.Float64)
	if err != nil {
		t.Fatal(err)
	}
	// W⁽¹⁾[i][j] (j ≥ 1) is weights[j−1][i]; its column 0 is the biases.
	w, err := float64s(store.GetVariable("/layer1/dense/weights"))
	if err != nil {
		t.Fatal(err)
	}
	if w[1*4+2] != net.W[0][2][2] {
		t.Errorf("weights[1][2] = %v, want W⁽¹⁾[2][2] = %v", w[1*4+2], net.W[0][2][2])
	}
	back, err := FromStore(store, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	for l := range net.W {
		for i := range net.W[l] {
			if !near(back.W[l][i], net.W[l][i], 0) {
				t.Fatalf("W⁽%d⁾ row %d: %v back from the store, was %v", l+1, i, back.W[l][i], net.W[l][i])
			}
		}
	}
	if _, err := net.Store(dtypes.Int32); err == nil {
		t.Error("an integer store must be refused")
	}
}

func TestFitCircles(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Circles(200, 0.1, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Sizes: []int{2, 4, 1}, Steps: 400, LearningRate: 0.05, Seed: 3}
	steps := 0
	tr, err := Fit(backend, cfg, d, func(step int, loss float64) { steps = step })
	if err != nil {
		t.Fatal(err)
	}
	if steps != cfg.Steps || len(tr.Loss) != cfg.Steps {
		t.Errorf("progress saw %d steps, %d losses, want %d", steps, len(tr.Loss), cfg.Steps)
	}
	if first, last := tr.Loss[0], tr.Loss[len(tr.Loss)-1]; !(last < first/5) {
		t.Errorf("the loss should fall: %.4f → %.4f", first, last)
	}
	acc, err := Accuracy(tr.Net, d)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.97 {
		t.Errorf("accuracy %.3f on the circles, want ≥ 0.97", acc)
	}
	// The last loss is the cross-entropy of the weights before the last step;
	// the plain-Go network's own cross-entropy must be close to it.
	var ce float64
	for i := range d.Len() {
		h, _ := tr.Net.Forward([]float64{float64(d.Row(i)[0]), float64(d.Row(i)[1])})
		y := float64(d.Labels[i])
		ce -= (y*math.Log(h[0]) + (1-y)*math.Log(1-h[0])) / float64(d.Len())
	}
	if last := tr.Loss[len(tr.Loss)-1]; math.Abs(ce-last) > 0.01 {
		t.Errorf("plain-Go cross-entropy %.4f, GoMLX's last loss %.4f", ce, last)
	}
	// A Trained survives gob, as nnlib.Keep needs.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(tr); err != nil {
		t.Fatal(err)
	}
	var back Trained
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil || back.Net.W[1][0][2] != tr.Net.W[1][0][2] {
		t.Errorf("gob round trip: %v", err)
	}
	// Same config, same result.
	again, err := Fit(backend, cfg, d, nil)
	if err != nil || again.Loss[cfg.Steps-1] != tr.Loss[cfg.Steps-1] {
		t.Errorf("the same seed should train the same network: %v", err)
	}
}

func TestFitMulticlassMinibatches(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	d := data.CourseBlobs()
	tr, err := Fit(backend, Config{Sizes: []int{2, 8, 3}, Hidden: Tanh, Steps: 300, BatchSize: 50, LearningRate: 0.02, Seed: 1}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := Accuracy(tr.Net, d)
	if err != nil {
		t.Fatal(err)
	}
	// The blobs overlap: scikit-learn's LogisticRegression() gets 0.834 of
	// them right, which no classifier can much improve on.
	if acc < 0.82 {
		t.Errorf("accuracy %.3f on the blobs, want ≥ 0.82", acc)
	}
	if tr.Net.Hidden != Tanh || len(tr.Net.W[1]) != 3 {
		t.Errorf("trained network: hidden %q, %d outputs", tr.Net.Hidden, len(tr.Net.W[1]))
	}
}

func TestFitErrors(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	blobs := data.CourseBlobs()
	for name, tc := range map[string]struct {
		cfg  Config
		hint string
	}{
		"one layer":   {Config{Sizes: []int{2}, Steps: 1}, "at least 2 layers"},
		"input size":  {Config{Sizes: []int{3, 1}, Steps: 1}, "make them equal"},
		"one output":  {Config{Sizes: []int{2, 1}, Steps: 1}, "one output per class"},
		"few outputs": {Config{Sizes: []int{2, 2}, Steps: 1}, "one per class"},
		"steps":       {Config{Sizes: []int{2, 3}}, "at least 1 step"},
		"activation":  {Config{Sizes: []int{2, 3}, Steps: 1, Hidden: "step"}, "unknown activation"},
		"rate":        {Config{Sizes: []int{2, 3}, Steps: 1, LearningRate: -1}, "learning rate"},
	} {
		_, err := Fit(backend, tc.cfg, blobs, nil)
		if err == nil || !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("%s: %v, want a hint with %q", name, err, tc.hint)
		}
	}
}

func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// Every optimizer trains the circles network (loss falls), and an unknown
// one is a plain error.
func TestFitOptimizers(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Circles(200, 0.1, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range append([]Optimizer{SGDDecay}, Optimizers...) {
		lr := 0.05
		if o == SGD || o == SGDDecay || o == MomentumSGD || o == NesterovSGD {
			lr = 0.5
		}
		tr, err := Fit(backend, Config{Sizes: []int{2, 8, 1}, Steps: 200, LearningRate: lr, Optimizer: o, Seed: 1}, d, nil)
		if err != nil {
			t.Fatalf("%s: %v", o, err)
		}
		first, last := tr.Loss[0], tr.Loss[len(tr.Loss)-1]
		if last >= first {
			t.Errorf("%s: loss %v → %v", o, first, last)
		}
	}
	if _, err := Fit(backend, Config{Sizes: []int{2, 8, 1}, Steps: 1, Optimizer: "lbfgs"}, d, nil); err == nil || !strings.Contains(err.Error(), "unknown optimizer") {
		t.Errorf("unknown optimizer: %v", err)
	}
}

// FitUntil stops when its checkpoint says so, and shows the network as
// trained so far.
func TestFitUntilStops(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Circles(200, 0.1, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	var looked []int
	tr, err := FitUntil(backend, Config{Sizes: []int{2, 8, 1}, Steps: 500, LearningRate: 0.05, Seed: 1}, d, nil,
		Checkpoint{Every: 50, Look: func(step int, n Net) bool {
			looked = append(looked, step)
			acc, err := Accuracy(n, d)
			return err == nil && acc >= 0.95
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Loss) == 500 || len(looked) == 0 || looked[len(looked)-1] != len(tr.Loss) {
		t.Fatalf("stopped after %d steps, looked at %v", len(tr.Loss), looked)
	}
	if acc, _ := Accuracy(tr.Net, d); acc < 0.95 {
		t.Errorf("stopped at accuracy %.3f", acc)
	}
}

// A learning rate far too large is told. With Adam (whose steps are at most
// η) the loss grows by orders of magnitude, and the training warns once
// instead of silently returning huge losses; with plain SGD it overflows,
// and the training stops with one line naming the step. Lesson 04b's η = 10
// bounces (the loss jumps a few hundredfold, then comes down): warned about,
// it still trains to the end, so the lesson can show the bounce; η = 1
// trains without a word.
func TestFitWarnsOfATooLargeLearningRate(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	blobs := data.CourseBlobs()
	cfg := Config{Sizes: []int{2, 16, 3}, Hidden: ReLU, Steps: 100, BatchSize: 32, LearningRate: 1e6, Seed: 1}
	tr, err := Fit(backend, cfg, blobs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0], "learning rate") || slices.Max(tr.Loss) < 100*tr.Loss[0] {
		t.Errorf("Adam, η = 10⁶: warnings %q, largest loss %g from %g; want one warning about the learning rate", tr.Warnings, slices.Max(tr.Loss), tr.Loss[0])
	}
	cfg.Optimizer = SGD
	if _, err := Fit(backend, cfg, blobs, nil); err == nil || !strings.Contains(err.Error(), "diverged at step") || !strings.Contains(err.Error(), "smaller learning rate") {
		t.Errorf("SGD, η = 10⁶: %v, want an error naming the step and a smaller learning rate", err)
	}
	cfg.LearningRate = 10
	if tr, err = Fit(backend, cfg, blobs, nil); err != nil || len(tr.Loss) != cfg.Steps || len(tr.Warnings) != 1 {
		t.Errorf("SGD, η = 10: %v, %d steps, warnings %q; want all %d steps and one warning", err, len(tr.Loss), tr.Warnings, cfg.Steps)
	}
	cfg.LearningRate = 1
	if tr, err = Fit(backend, cfg, blobs, nil); err != nil || len(tr.Warnings) != 0 {
		t.Errorf("SGD, η = 1: %v, warnings %q; want none", err, tr.Warnings)
	}
}
