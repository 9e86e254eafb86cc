package neuralnets

import (
	"errors"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
)

// The reference fits were computed once with scikit-learn 1.2.1 (Debian's
// python3-sklearn), on the very points of Circles (make_circles, stored as
// float32 by nnlib/data):
//
//	import numpy as np
//	from sklearn.datasets import make_circles
//	from sklearn.linear_model import LogisticRegression
//	X, y = make_circles(n_samples=200, noise=0.1, factor=0.5, random_state=1)
//	X = X.astype(np.float32).astype(np.float64)
//	F = np.c_[X, X[:, 0]*X[:, 1], X[:, 0]**2, X[:, 1]**2]
//	for A in (X, F):
//	    m = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-14).fit(A, y)
//	    print(repr(m.intercept_[0]), [repr(c) for c in m.coef_[0]], m.score(A, y))
//
// The solver "newton-cholesky" is Newton's method, like FitLogistic, and
// reaches the minimum (gradient below 1e-13). The default solver, "lbfgs",
// gives the same model but stops earlier: its crossed weights differ from
// these by up to 4e-5 (its gradient there is still 2e-4).
var sklearnFits = []struct {
	name      string
	f         Featurizer
	intercept float64
	weights   []float64
	accuracy  float64
}{
	{"linear", Linear, 0.000567114161508511, []float64{-0.06943474886509528, -0.01599357470836103}, 0.525},
	{"crossed", Crossed, 3.0199210930908285, []float64{0.16346995827485095, 0.10449774729856365, -0.06959734509134143, -4.793656437455878, -4.84576963072077}, 1.0},
}

func TestLogisticMatchesScikitLearn(t *testing.T) {
	d := Circles()
	for _, ref := range sklearnFits {
		x, err := Features(d, ref.f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := FitLogistic(x, d.Labels, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.Intercept-ref.intercept) > 1e-9 {
			t.Errorf("%s: intercept %.9f, scikit-learn %.9f", ref.name, m.Intercept, ref.intercept)
		}
		for j := range ref.weights {
			if math.Abs(m.Weights[j]-ref.weights[j]) > 1e-9 {
				t.Errorf("%s: weight %d is %.9f, scikit-learn %.9f", ref.name, j, m.Weights[j], ref.weights[j])
			}
		}
		if acc := m.Accuracy(x, d.Labels); acc != ref.accuracy {
			t.Errorf("%s: accuracy %.3f, scikit-learn %.3f", ref.name, acc, ref.accuracy)
		}
	}
}

// Without crosses the model is a coin toss; with them it is right
// everywhere, and its boundary is the circle b + w4·x1² + w5·x2² ≈ 0 of
// radius about 0.79, between the two circles (radii 0.5 and 1).
func TestCrossedBoundaryIsACircle(t *testing.T) {
	d := Circles()
	x, _ := Features(d, Crossed)
	m, err := FitLogistic(x, d.Labels, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := math.Sqrt(-m.Intercept / ((m.Weights[3] + m.Weights[4]) / 2))
	if r < 0.7 || r > 0.85 {
		t.Errorf("radius %.3f, want between the circles", r)
	}
	classify := m.Classifier(Crossed)
	if classify(0, 0) != 1 || classify(1.2, 0) != 0 || classify(0, -1.2) != 0 {
		t.Error("the centre should be inner (1), far points outer (0)")
	}
}

func TestFitLogisticErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		x    [][]float64
		y    []int
		c    float64
		hint string
	}{
		"lengths": {[][]float64{{1}}, []int{0, 1}, 1, "one label per row"},
		"C":       {[][]float64{{1}}, []int{0}, 0, "C must be positive"},
		"label":   {[][]float64{{1}, {2}}, []int{0, 2}, 1, "labels 0 or 1"},
		"ragged":  {[][]float64{{1}, {2, 3}}, []int{0, 1}, 1, "row 1 has 2 features"},
	} {
		_, err := FitLogistic(tc.x, tc.y, tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("%s: %v, want a hint with %q", name, err, tc.hint)
		}
	}
}

func TestCountCrossed(t *testing.T) {
	for n := 0; n <= 12; n++ {
		if got, names := CountCrossed(n), CrossedNames(n); got != len(names) || got != n*(n+3)/2 {
			t.Errorf("n = %d: count %d, %d names, n(n+3)/2 = %d", n, got, len(names), n*(n+3)/2)
		}
	}
	if got := CrossedNames(2); !slices.Equal(got, []string{"x1", "x2", "x1·x2", "x1²", "x2²"}) {
		t.Errorf("the deck's cross of 2 features: %v", got)
	}
	for n, want := range map[int]int{2: 5, 50: 1325, 784: 308504} {
		if got := CountCrossed(n); got != want {
			t.Errorf("CountCrossed(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestCrossFeaturesCheck(t *testing.T) {
	if err := CrossFeaturesError(Crossed); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	pow := func(x1, x2 float64) []float64 { return []float64{x1, x2, x1 * x2, math.Pow(x1, 2), math.Pow(x2, 2)} }
	if err := CrossFeaturesError(pow); err != nil {
		t.Fatalf("an equivalent answer is refused: %v", err)
	}
	checktest.Hints(t, CrossFeaturesError, []checktest.Wrong[func(x1, x2 float64) []float64]{
		{Name: "blank", Answer: Linear, Hint: "add the three crossed features"},
		{Name: "order", Answer: func(a, b float64) []float64 { return []float64{a, b, a * a, b * b, a * b} }, Hint: "another order"},
		{Name: "double", Answer: func(a, b float64) []float64 { return []float64{a, b, a * b, 2 * a, 2 * b} }, Hint: "not 2·x"},
		{Name: "sum", Answer: func(a, b float64) []float64 { return []float64{a, b, a + b, a * a, b * b} }, Hint: "not the sum"},
		{Name: "missing", Answer: func(a, b float64) []float64 { return []float64{a, b, a * a, b * b} }, Hint: "x1·x2 is missing"},
		{Name: "extra", Answer: func(a, b float64) []float64 { return []float64{1, a, b, a * b, a * a, b * b} }, Hint: "return exactly"},
		{Name: "other", Answer: func(a, b float64) []float64 { return []float64{a, b, a * b, a * a * a, b * b} }, Hint: "x1² is missing"},
		{Name: "nan", Answer: func(a, b float64) []float64 { return []float64{math.NaN(), b} }, Hint: "finite"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

func TestCrossCountCheck(t *testing.T) {
	for _, right := range []func(int) int{
		func(n int) int { return n + n*(n+1)/2 },
		func(n int) int { return n * (n + 3) / 2 },
		func(n int) int { return 2*n + n*(n-1)/2 },
		CountCrossed,
	} {
		if err := CrossCountError(right); err != nil {
			t.Fatalf("a right answer is refused: %v", err)
		}
	}
	checktest.Hints(t, CrossCountError, []checktest.Wrong[func(int) int]{
		{Name: "blank", Answer: func(int) int { return 0 }, Hint: "replace the blank"},
		{Name: "originals", Answer: func(n int) int { return n * (n + 1) / 2 }, Hint: "n original features"},
		{Name: "n+1", Answer: func(n int) int { return (n + 1) * (n + 2) / 2 }, Hint: "constant"},
		{Name: "squares", Answer: func(n int) int { return n + n*(n-1)/2 }, Hint: "n squares"},
		{Name: "twice", Answer: func(n int) int { return n + n*n }, Hint: "same"},
		{Name: "n²", Answer: func(n int) int { return n * n }, Hint: "x2·x1"},
		{Name: "pairs", Answer: func(n int) int { return n * (n - 1) / 2 }, Hint: "only the products of two different"},
		{Name: "constant", Answer: func(int) int { return 5 }, Hint: "whatever n is"},
		{Name: "other", Answer: func(n int) int { return 1 << min(n, 30) }, Hint: "n squares"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

// g is the sigmoid.
func g(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// rightLayer is the exercise's answer: g(W·(1, a)).
func rightLayer(W [][]float64, a []float64) []float64 {
	a1 := append([]float64{1}, a...)
	out := make([]float64, len(W))
	for i, row := range W {
		var z float64
		for j, w := range row {
			z += w * a1[j]
		}
		out[i] = g(z)
	}
	return out
}

func TestLayerCheck(t *testing.T) {
	if err := LayerError(rightLayer); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	// The same, written with explicit bias and inputs.
	explicit := func(W [][]float64, a []float64) []float64 {
		out := make([]float64, len(W))
		for i := range W {
			z := W[i][0]
			for j := range a {
				z += W[i][j+1] * a[j]
			}
			out[i] = g(z)
		}
		return out
	}
	if err := LayerError(explicit); err != nil {
		t.Fatalf("an equivalent answer is refused: %v", err)
	}
	checktest.Hints(t, LayerError, []checktest.Wrong[func(W [][]float64, a []float64) []float64]{
		{Name: "blank", Answer: func(W [][]float64, a []float64) []float64 { return make([]float64, len(W)) }, Hint: "zeros"},
		{Name: "no g", Answer: func(W [][]float64, a []float64) []float64 {
			a1 := append([]float64{1}, a...)
			out := make([]float64, len(W))
			for i := range W {
				for j := range a1 {
					out[i] += W[i][j] * a1[j]
				}
			}
			return out
		}, Hint: "apply the activation g"},
		{Name: "skip bias", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				var z float64
				for j := range a {
					z += W[i][j+1] * a[j]
				}
				out[i] = g(z)
			}
			return out
		}, Hint: "you skip the bias"},
		{Name: "no bias unit", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				var z float64
				for j := range a {
					z += W[i][j] * a[j]
				}
				out[i] = g(z)
			}
			return out
		}, Hint: "Put 1 in front of a"},
		{Name: "out of range", Answer: func(W [][]float64, a []float64) []float64 {
			out := make([]float64, len(W))
			for i := range W {
				var z float64
				for j := range W[i] {
					z += W[i][j] * a[j]
				}
				out[i] = g(z)
			}
			return out
		}, Hint: "one more column"},
		{Name: "transposed", Answer: func(W [][]float64, a []float64) []float64 {
			a1 := append([]float64{1}, a...)
			out := make([]float64, len(W))
			for i := range W {
				var z float64
				for j := range a1 {
					z += W[j][i] * a1[j]
				}
				out[i] = g(z)
			}
			return out
		}, Hint: "W transposed"},
		{Name: "bias in output", Answer: func(W [][]float64, a []float64) []float64 {
			return append([]float64{1}, rightLayer(W, a)...)
		}, Hint: "in front of the output"},
		{Name: "short", Answer: func(W [][]float64, a []float64) []float64 { return rightLayer(W, a)[:1] }, Hint: "one activation per neuron"},
		{Name: "changes a", Answer: func(W [][]float64, a []float64) []float64 {
			out := rightLayer(W, a)
			a[0] = 1
			return out
		}, Hint: "changes W or a"},
		{Name: "nan", Answer: func(W [][]float64, a []float64) []float64 {
			return []float64{math.NaN(), 0, 0, 0}
		}, Hint: "finite"},
		{Name: "other", Answer: func(W [][]float64, a []float64) []float64 {
			out := rightLayer(W, a)
			for i := range out {
				out[i] = math.Tanh(out[i])
			}
			return out
		}, Hint: "but g(W·(1, a)) is"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

// The deck's 3-3-1 network on the lesson's input, by hand: every number the
// lesson shows.
func TestDeckForwardByHand(t *testing.T) {
	tr, err := DeckNet().Trace(DeckInput())
	if err != nil {
		t.Fatal(err)
	}
	// z⁽²⁾ = W⁽¹⁾·(1, 1, 2, −1):
	//   −1 + 0.5 + 2 + 0.5 = 2;  0.5 − 1 + 1 − 1 = −0.5;  0 + 1 − 2 − 0.5 = −1.5.
	if !slices.Equal(tr.Z[1], []float64{2, -0.5, -1.5}) {
		t.Errorf("z⁽²⁾ = %v, want (2, −0.5, −1.5)", tr.Z[1])
	}
	a2 := []float64{1, g(2), g(-0.5), g(-1.5)}
	if !slices.Equal(tr.A[1], a2) {
		t.Errorf("a⁽²⁾ = %v, want %v", tr.A[1], a2)
	}
	z3 := -0.5 + 1*a2[1] - 1.5*a2[2] + 2*a2[3]
	if math.Abs(tr.Z[2][0]-z3) > 1e-15 || math.Abs(tr.Output()[0]-g(z3)) > 1e-15 {
		t.Errorf("z⁽³⁾ = %v, h = %v; by hand %v, %v", tr.Z[2], tr.Output(), z3, g(z3))
	}
	// Rounded, as the lesson prints them.
	if math.Abs(z3-0.1793) > 5e-5 || math.Abs(g(z3)-0.5447) > 5e-5 {
		t.Errorf("z⁽³⁾ ≈ %.4f and h ≈ %.4f: update the lesson's text", z3, g(z3))
	}
	// The exercise's layer, applied twice, is the same forward pass.
	net := DeckNet()
	if h := rightLayer(net.W[1], rightLayer(net.W[0], DeckInput())); h[0] != tr.Output()[0] {
		t.Errorf("two layers by hand %v, Trace %v", h, tr.Output())
	}
}

// The plain-Go forward pass equals the same network in GoMLX
// (layers.DenseWithBias loaded with the same weights) to 1e-12 in float64.
func TestDeckForwardEqualsGoMLX(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	net := DeckNet()
	xs := [][]float64{DeckInput(), {0, 0, 0}, {-2, 0.5, 3}}
	got, err := net.Predict(backend, xs)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		want, _ := net.Forward(x)
		if math.Abs(got[i][0]-want[0]) > 1e-12 {
			t.Errorf("x = %v: GoMLX %.17g, plain Go %.17g", x, got[i][0], want[0])
		}
	}
}

// The lesson's MLP learns the circles with its 3 hidden neurons; the text
// says "99% right".
func TestCirclesMLP(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	d := Circles()
	tr, err := mlp.Fit(backend, CirclesConfig, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := mlp.Accuracy(tr.Net, d)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.985 {
		t.Errorf("accuracy %.3f, the lesson says 99%%", acc)
	}
	if tr.Seconds > 20 {
		t.Errorf("training took %.1f s: the lesson promises well under a second", tr.Seconds)
	}
}

func TestFashion4(t *testing.T) {
	train, err := Fashion4(data.Train, 0)
	if errors.Is(err, data.ErrMissing) {
		t.Skipf("skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	test, err := Fashion4(data.Test, 0)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 24000 || test.Len() != 4000 || train.Dim() != 784 {
		t.Fatalf("got %d training and %d test images of %d pixels", train.Len(), test.Len(), train.Dim())
	}
	if counts := test.ClassCounts(); !slices.Equal(counts, []int{1000, 1000, 1000, 1000}) {
		t.Errorf("test class counts %v", counts)
	}
	for k, c := range FashionClasses { // The short names are those of the right classes.
		if !strings.Contains(strings.ToLower(data.FashionClasses[c]), strings.ToLower(FashionNames[k])) {
			t.Errorf("class %d is %q, named %q", c, data.FashionClasses[c], FashionNames[k])
		}
	}
	if !slices.Equal(train.ClassNames, []string{"T-shirt", "Trouser", "Sneaker", "Boot"}) {
		t.Errorf("class names %v", train.ClassNames)
	}
	small, err := Fashion4(data.Test, 5)
	if err != nil || small.Len() != 20 {
		t.Fatalf("5 per class: %v images, %v", small.Len(), err)
	}

	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.Fit(backend, FashionConfig, train, nil)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := mlp.Accuracy(tr.Net, test)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.96 {
		t.Errorf("test accuracy %.4f, the lesson says about 98%%", acc)
	}
	images, err := Gallery(test, tr.Net, []int{0, 1, 2})
	if err != nil || len(images) != 3 || images[1].Label != test.ClassNames[test.Labels[1]] || len(images[0].Pixels) != 784 {
		t.Errorf("gallery: %d images, %v", len(images), err)
	}
	mistakes := Mistakes(test, tr.Net, 8)
	if len(mistakes) != 8 {
		t.Fatalf("%d mistakes found, want 8 (the accuracy is %.4f)", len(mistakes), acc)
	}
	images, err = Gallery(test, tr.Net, mistakes)
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range images {
		if !im.Mistake() {
			t.Errorf("image %q predicted %q is not a mistake", im.Label, im.Prediction)
		}
	}
	if _, err := Gallery(test, tr.Net, []int{4000}); err == nil {
		t.Error("an index out of range must be an error")
	}
}

func TestCountUpToDegree(t *testing.T) {
	for n := 0; n <= 30; n++ {
		if got, want := CountUpToDegree(n, 2), CountCrossed(n); got != want {
			t.Errorf("degree 2, n = %d: %d, CountCrossed %d", n, got, want)
		}
		if got := CountUpToDegree(n, 1); got != n {
			t.Errorf("degree 1, n = %d: %d", n, got)
		}
	}
	// Degree 3 of 784 pixels: C(787, 3) − 1, the lesson's "about 81 million".
	if got := CountUpToDegree(784, 3); got != 787*786*785/6-1 || got < 80_500_000 || got > 81_500_000 {
		t.Errorf("degree 3 of 784: %d", got)
	}
	// By enumeration for a small case: monomials of degree 1 to 3 in 3 variables.
	count := 0
	for a := 0; a <= 3; a++ {
		for b := 0; a+b <= 3; b++ {
			for c := 0; a+b+c <= 3; c++ {
				if a+b+c > 0 {
					count++
				}
			}
		}
	}
	if got := CountUpToDegree(3, 3); got != count {
		t.Errorf("degree 3 of 3: %d, enumeration %d", got, count)
	}
}

func TestNeuronLines(t *testing.T) {
	// Neuron 1: z = −1 + x1 (the line x1 = 1 is vertical: no x2 solves it
	// unless w₂ ≠ 0, so it is all NaN); neuron 2: z = x1 + 2·x2, the line
	// x2 = −x1/2.
	net := mlp.Net{W: [][][]float64{{{-1, 1, 0}, {0, 1, 2}}, {{0, 1, 1}}}}
	lines, err := NeuronLines(net, -2, 2, -0.5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per hidden neuron", len(lines))
	}
	for k := range lines[0].Y {
		if !math.IsNaN(lines[0].Y[k]) {
			t.Fatalf("a neuron with w₂ = 0 has no line x2(x1): got %v", lines[0].Y[k])
		}
	}
	inside := 0
	for k, x1 := range lines[1].X {
		y := lines[1].Y[k]
		if math.IsNaN(y) {
			if math.Abs(-x1/2) <= 0.5 {
				t.Errorf("x1 = %g: cut, but x2 = %g is inside", x1, -x1/2)
			}
			continue
		}
		inside++
		if math.Abs(y+x1/2) > 1e-12 {
			t.Errorf("x1 = %g: x2 = %g, want %g", x1, y, -x1/2)
		}
	}
	if inside == 0 || !lines[1].Dashed || !strings.Contains(lines[1].Name, "neuron 2") {
		t.Errorf("line 2: %d points inside, dashed %v, name %q", inside, lines[1].Dashed, lines[1].Name)
	}
	if _, err := NeuronLines(DeckNet(), -1, 1, -1, 1); err == nil {
		t.Error("a network with 3 inputs has no lines in the plane")
	}
}

func TestFormat(t *testing.T) {
	if got := FormatVector([]float64{1, -0.5}); got != "(1.0000, -0.5000)" {
		t.Errorf("FormatVector: %q", got)
	}
	want := "[  1.00  -0.50 ]\n  [  0.25   2.00 ]"
	if got := FormatMatrix([][]float64{{1, -0.5}, {0.25, 2}}, 2); got != want {
		t.Errorf("FormatMatrix:\n%s\nwant\n%s", got, want)
	}
}

// The notebook declares its configs in plain sight, for students to change;
// they must be the ones the tests above train.
func TestLessonConfigs(t *testing.T) {
	src, err := os.ReadFile("lesson.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		decl   string
		source mlp.Config // The declaration, as Go.
		tested mlp.Config
	}{
		{
			"var circlesConfig = mlp.Config{Sizes: []int{2, 3, 1}, Hidden: mlp.Sigmoid, Steps: 1000, LearningRate: 0.05, Seed: 1}",
			mlp.Config{Sizes: []int{2, 3, 1}, Hidden: mlp.Sigmoid, Steps: 1000, LearningRate: 0.05, Seed: 1},
			CirclesConfig,
		},
		{
			"var fashionConfig = mlp.Config{Sizes: []int{784, 32, 4}, Hidden: mlp.Sigmoid, Steps: 1500, BatchSize: 64, LearningRate: 0.005, Seed: 1}",
			mlp.Config{Sizes: []int{784, 32, 4}, Hidden: mlp.Sigmoid, Steps: 1500, BatchSize: 64, LearningRate: 0.005, Seed: 1},
			FashionConfig,
		},
	} {
		if !strings.Contains(string(src), tc.decl) {
			t.Errorf("lesson.md lacks the declaration\n\t%s", tc.decl)
		}
		if !reflect.DeepEqual(tc.source, tc.tested) {
			t.Errorf("the lesson's %+v is not the tested %+v", tc.source, tc.tested)
		}
	}
}
