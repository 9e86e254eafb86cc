package neuralnets

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// near reports whether two numbers agree to 1e-9, relative to their size.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(b)) }

// allClose reports whether two vectors have the same length and values.
func allClose(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !near(a[i], b[i]) {
			return false
		}
	}
	return true
}

// crossPoints are where the student's feature cross is compared with the
// deck's. Their coordinates are chosen so that x1, x2, x1·x2, x1², x2², 2x1,
// x1+x2, ... all differ.
var crossPoints = [][2]float64{{3, -0.5}, {-1.5, 2.5}, {0.7, 1.9}}

// CrossFeaturesError says what is wrong with a candidate for the deck's
// feature cross, which must return x1, x2, x1·x2, x1², x2² in this order, or
// returns nil if it is right.
func CrossFeaturesError(candidate func(x1, x2 float64) []float64) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil: write func(x1, x2 float64) []float64 { ... }")
	}
	names := []string{"x1", "x2", "x1·x2", "x1²", "x2²"}
	for _, pt := range crossPoints {
		x1, x2 := pt[0], pt[1]
		want := Crossed(x1, x2)
		got := candidate(x1, x2)
		if allClose(got, want) {
			continue
		}
		for _, v := range got {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("at (%g, %g) you return %v: every feature must be a finite number", x1, x2, got)
			}
		}
		if hint := nnlib.Diagnose(got, allClose, []nnlib.Mistake[[]float64]{
			{Name: "no crosses", Wrong: []float64{x1, x2}, Hint: "you return only x1 and x2, the features a linear model already has: add the three crossed features x1·x2, x1², x2²"},
		}, ""); hint != "" {
			return errors.New(hint)
		}
		// Which of the five are there, in any position?
		var missing []string
		for k, w := range want {
			if !slices.ContainsFunc(got, func(v float64) bool { return near(v, w) }) {
				missing = append(missing, names[k])
			}
		}
		if len(missing) == 0 && len(got) == len(want) {
			return fmt.Errorf("the right five features, in another order: return them as the deck lists them, x1, x2, x1·x2, x1², x2², so that the weights line up with their names")
		}
		if len(missing) == 0 {
			return fmt.Errorf("you return %d values, but the five features appear among them: return exactly x1, x2, x1·x2, x1², x2²", len(got))
		}
		// Features computed by a wrong formula, one value at a time.
		const square, product = "a square is x·x (or math.Pow(x, 2)), not 2·x", "the cross term is the product x1·x2, not the sum"
		wrongFeatures := []nnlib.Mistake[float64]{
			{Name: "2·x1 for x1²", Wrong: 2 * x1, Hint: square},
			{Name: "2·x2 for x2²", Wrong: 2 * x2, Hint: square},
			{Name: "x1 + x2 for x1·x2", Wrong: x1 + x2, Hint: product},
		}
		var hints []string
		for _, v := range got {
			if hint := nnlib.Diagnose(v, near, wrongFeatures, ""); hint != "" {
				hints = append(hints, hint)
			}
		}
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		msg := fmt.Sprintf("at (x1, x2) = (%g, %g) you return %s; %s %s missing", x1, x2, formatVector(got), strings.Join(missing, ", "), verb)
		if len(hints) > 0 {
			msg += ": " + hints[0]
		} else {
			msg += fmt.Sprintf(": the answer there is %s", formatVector(want))
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// countNs are the n at which a formula for the number of crossed features
// is checked.
var countNs = []int{1, 2, 3, 4, 5, 7, 10, 50, 100, 784, 3000}

// countMistakes are the usual wrong formulas, each with its hint.
var countMistakes = []nnlib.Mistake[func(n int) int]{
	// n(n+1)/2 is also n + n(n−1)/2: either group of n is missing.
	{Name: "a group of n left out", Wrong: func(n int) int { return n * (n + 1) / 2 }, Hint: "n(n+1)/2 leaves out a group of n features: either the n original features (the model keeps x1, ..., xn) or the n squares x1², ..., xn² (the deck's x1², x2²). Count the originals, the squares and the products of two different features"},
	{Name: "the constant counted", Wrong: func(n int) int { return (n + 1) * (n + 2) / 2 }, Hint: "your formula also counts the constant 1 (the product of no features): the model has its intercept for that, leave it out"},
	{Name: "pairs counted twice", Wrong: func(n int) int { return n + n*n }, Hint: "your formula counts x1·x2 and x2·x1 as two features, but they are the same: count each pair once (i ≤ j)"},
	{Name: "n²", Wrong: func(n int) int { return n * n }, Hint: "n² counts x1·x2 and x2·x1 as two features (they are the same: count each pair once, i ≤ j) and leaves out the n original features"},
	{Name: "products only", Wrong: func(n int) int { return n * (n - 1) / 2 }, Hint: "your formula counts only the products of two different features: add the n squares and the n original features"},
}

// sameCounts reports whether two formulas for the count agree at every n of
// countNs.
func sameCounts(f, g func(n int) int) bool {
	for _, n := range countNs {
		if f(n) != g(n) {
			return false
		}
	}
	return true
}

// CrossCountError says what is wrong with a candidate formula for the
// number of features of a degree-2 feature cross of n features (CountCrossed
// counts them one by one), or returns nil if it is right.
func CrossCountError(candidate func(n int) int) error {
	if candidate == nil {
		return fmt.Errorf("the function is nil: write func(n int) int { ... }")
	}
	got := make([]int, len(countNs))
	for i, n := range countNs {
		got[i] = candidate(n)
	}
	right := true
	for i, n := range countNs {
		right = right && got[i] == CountCrossed(n)
	}
	if right {
		return nil
	}
	if got[0] == 0 && got[1] == 0 && got[2] == 0 {
		return fmt.Errorf("you return 0: replace the blank with a formula in n")
	}
	if hint := nnlib.Diagnose(candidate, sameCounts, countMistakes, ""); hint != "" {
		return fmt.Errorf("for n = 50 you return %d, but there are %d: %s", got[7], CountCrossed(50), hint)
	}
	if got[0] == got[1] && got[1] == got[2] {
		return fmt.Errorf("you return %d whatever n is: write the count as a formula in n (for n = 3 there are 9: x1, x2, x3, x1·x2, x1·x3, x2·x3, x1², x2², x3²)", got[0])
	}
	for i, n := range countNs {
		if want := CountCrossed(n); got[i] != want {
			return fmt.Errorf("for n = %d you return %d, but there are %d: n originals, plus n squares, plus one product xi·xj for each pair i < j", n, got[i], want)
		}
	}
	return nil
}

// layerCase is a layer on which a student's forward pass is checked.
type layerCase struct {
	w [][]float64
	a []float64
}

// layerCases cover a square W (4 neurons, 3 inputs: 4×4 with the bias
// column, where a transposed W goes unnoticed by the shapes, so it comes
// first), a layer like the deck's (3 neurons, 3 inputs), more neurons than
// inputs, and fewer neurons than inputs.
var layerCases = []layerCase{
	{[][]float64{{0.1, 0.7, -0.2, 0.4}, {-0.5, 0.3, 0.9, -0.1}, {0.6, -0.8, 0.2, 0.5}, {-0.3, 0.4, -0.6, 1.2}}, []float64{1.5, -0.5, 0.8}},
	{DeckNet().W[0], DeckInput()},
	{[][]float64{{0.3, -1.2}, {-0.4, 0.8}, {1.1, 0.5}, {0.2, -0.7}}, []float64{0.9}},
	{[][]float64{{0.2, 0.4, -0.6, 1.0, -0.3}}, []float64{0.5, -1.5, 2.0, 0.25}},
}

// LayerError says what is wrong with a candidate for one layer's forward
// pass, a = g(W·(1, a_prev)) with g the sigmoid and W's column 0 the bias
// unit's weights, or returns nil if it is right. It runs the candidate on
// several layers and names the usual mistakes: the forgotten bias unit, W
// transposed, g not applied, the bias unit put in the output.
func LayerError(candidate func(W [][]float64, a []float64) []float64) (err error) {
	if candidate == nil {
		return fmt.Errorf("the function is nil: write func(W [][]float64, a []float64) []float64 { ... }")
	}
	for _, c := range layerCases {
		w, a := cloneMatrix(c.w), slices.Clone(c.a)
		got, panicked := callLayer(candidate, w, a)
		shape := fmt.Sprintf("W of %d×%d and a of %d values", len(c.w), len(c.w[0]), len(c.a))
		if panicked != "" {
			hint := "W[i][j] is the weight from unit j of the previous layer to neuron i, with j = 0 the bias unit: loop over the rows of W and over the entries of (1, a)"
			if strings.Contains(panicked, "index out of range") {
				hint = "W has one more column than a has values, for the bias unit: multiply row i of W by (1, a1, ..., an), not by a. " + hint
			}
			return fmt.Errorf("with %s your function panics (%s). %s", shape, panicked, hint)
		}
		if !matrixEqual(w, c.w) || !slices.Equal(a, c.a) {
			return fmt.Errorf("your function changes W or a (the caller's data): build (1, a) as a new slice, e.g. append([]float64{1}, a...)")
		}
		want := sigmoidAll(matVec(c.w, withBias(c.a)))
		if allClose(got, want) {
			continue
		}
		for _, v := range got {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("with %s you return %v: the activations must be finite numbers", shape, got)
			}
		}
		// Every wrong answer but the bias unit in front has one value per
		// neuron, so a wrong count of values is told after them.
		otherwise := fmt.Sprintf("with %s you return %s, but g(W·(1, a)) is %s", shape, formatVector(got), formatVector(want))
		if len(got) != len(want) {
			otherwise = fmt.Sprintf("with %s you return %d values: a layer gives one activation per neuron, that is per row of W (%d)", shape, len(got), len(want))
		}
		mistakes := []nnlib.Mistake[[]float64]{
			{Name: "the blank", Wrong: make([]float64, len(want)), Hint: "you return zeros: replace the blank with g(W·(1, a))"},
			{Name: "the bias unit in the output", Wrong: withBias(want), Hint: "right values, but you put the bias unit 1 in front of the output: return only g(z), one value per neuron; the next layer adds its own bias unit"},
			{Name: "no activation", Wrong: matVec(c.w, withBias(c.a)), Hint: "you return z = W·(1, a) itself: apply the activation g (the sigmoid) to each z_i"},
			{Name: "no bias", Wrong: sigmoidAll(matVec(dropColumn0(c.w), c.a)), Hint: "you skip the bias: W's column 0 holds each neuron's bias weight w_{i,0}, which multiplies the bias unit 1. Compute W·(1, a1, ..., an)"},
			{Name: "no bias unit", Wrong: sigmoidAll(matVec(dropLastColumn(c.w), c.a)), Hint: "you multiply W by a without the bias unit, so each weight meets the wrong input (w_{i,0} meets a1). Put 1 in front of a: (1, a1, ..., an)"},
		}
		if isTransposed(c.w) { // Only a square W can be used transposed.
			mistakes = append(mistakes, nnlib.Mistake[[]float64]{Name: "W transposed", Wrong: sigmoidAll(matVec(transpose(c.w), withBias(c.a))), Hint: "you use W transposed: row i of W (W[i]) holds the weights of neuron i, so z_i = Σ_j W[i][j]·(1, a)_j"})
		}
		return errors.New(nnlib.Diagnose(got, allClose, mistakes, otherwise))
	}
	return nil
}

// callLayer runs the candidate, turning a panic into its message.
func callLayer(f func([][]float64, []float64) []float64, w [][]float64, a []float64) (out []float64, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			if i := strings.Index(msg, "runtime error: "); i >= 0 {
				msg = msg[i+len("runtime error: "):]
			}
			panicked = msg
		}
	}()
	return f(w, a), ""
}

// sigmoidAll applies the sigmoid to every entry of z.
func sigmoidAll(z []float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = nnlib.Sigmoid(v)
	}
	return out
}

func withBias(a []float64) []float64 { return append([]float64{1}, a...) }

func matVec(w [][]float64, a []float64) []float64 {
	out := make([]float64, len(w))
	for i, row := range w {
		out[i] = dot(row, a)
	}
	return out
}

func cloneMatrix(w [][]float64) [][]float64 {
	out := make([][]float64, len(w))
	for i := range w {
		out[i] = slices.Clone(w[i])
	}
	return out
}

func matrixEqual(a, b [][]float64) bool {
	return slices.EqualFunc(a, b, func(x, y []float64) bool { return slices.Equal(x, y) })
}

func dropColumn0(w [][]float64) [][]float64 {
	out := make([][]float64, len(w))
	for i := range w {
		out[i] = w[i][1:]
	}
	return out
}

func dropLastColumn(w [][]float64) [][]float64 {
	out := make([][]float64, len(w))
	for i := range w {
		out[i] = w[i][:len(w[i])-1]
	}
	return out
}

func isTransposed(w [][]float64) bool { return len(w) == len(w[0]) }

func transpose(w [][]float64) [][]float64 {
	out := make([][]float64, len(w[0]))
	for j := range out {
		out[j] = make([]float64, len(w))
		for i := range w {
			out[j][i] = w[i][j]
		}
	}
	return out
}

// formatVector writes a vector with 4 decimals: (0.1234, -2.0000).
func formatVector(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.4f", x)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
