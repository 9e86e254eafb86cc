package deeparch

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// convCases are (kernel side, input channels, filters) the student's count
// is tried on: first one where every number differs, so that each mistake
// gives its own wrong count, then VGG16's first and last convolutions.
var convCases = [][3]int{{5, 2, 7}, {3, 3, 64}, {3, 512, 512}, {1, 16, 8}}

// ConvParamsError checks a student's count of a convolution layer's trained
// values (kernel·kernel·cin·cout weights and cout biases) and names the
// usual mistakes.
func ConvParamsError(candidate func(kernel, cin, cout int) int) (err error) {
	if candidate == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	for _, c := range convCases {
		k, cin, cout := c[0], c[1], c[2]
		got, want := candidate(k, cin, cout), k*k*cin*cout+cout
		if got == want {
			continue
		}
		return errors.New(nnlib.Diagnose(got, func(a, b int) bool { return a == b }, []nnlib.Mistake[int]{
			{Name: "no bias", Wrong: k * k * cin * cout, Hint: fmt.Sprintf("you counted the weights of the kernels but not the biases: each of the %d filters has one more", cout)},
			{Name: "a bias per input channel", Wrong: k*k*cin*cout + cin, Hint: "there is one bias per filter (output channel), not per input channel"},
			{Name: "kernel side not squared", Wrong: k*cin*cout + cout, Hint: fmt.Sprintf("a %d×%d kernel has %d weights per input channel, not %d", k, k, k*k, k)},
			{Name: "input channels forgotten", Wrong: k*k*cout + cout, Hint: fmt.Sprintf("each filter has a %d×%d kernel for every one of the %d input channels", k, k, cin)},
			{Name: "output channels forgotten", Wrong: k*k*cin + cout, Hint: fmt.Sprintf("each of the %d filters has its own kernels", cout)},
		}, fmt.Sprintf("a %d×%d convolution from %d to %d channels: you count %d, want %d", k, k, cin, cout, got, want)))
	}
	return nil
}

// denseCases are (inputs, units): VGG16's fc1, fc2 and predictions.
var denseCases = [][2]int{{25088, 4096}, {4096, 4096}, {4096, 1000}, {3, 5}}

// DenseParamsError checks a student's count of a dense layer's trained
// values (in·out weights and out biases).
func DenseParamsError(candidate func(in, out int) int) (err error) {
	if candidate == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	for _, c := range denseCases {
		in, out := c[0], c[1]
		got, want := candidate(in, out), in*out+out
		if got == want {
			continue
		}
		return errors.New(nnlib.Diagnose(got, func(a, b int) bool { return a == b }, []nnlib.Mistake[int]{
			{Name: "no bias", Wrong: in * out, Hint: fmt.Sprintf("you counted the weights but not the biases: each of the %d units has one more", out)},
			{Name: "a bias per input", Wrong: in*out + in, Hint: "there is one bias per unit (output), not per input"},
			{Name: "a bias per weight", Wrong: 2 * in * out, Hint: "there is one bias per unit, not one per weight"},
		}, fmt.Sprintf("a dense layer from %d inputs to %d units: you count %d, want %d", in, out, got, want)))
	}
	return nil
}

// relu is max(0, v) element by element.
func relu(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Max(0, x)
	}
	return out
}

// matVec is W·x.
func matVec(w [][]float64, x []float64) []float64 {
	out := make([]float64, len(w))
	for i, row := range w {
		for j, v := range row {
			out[i] += v * x[j]
		}
	}
	return out
}

// add is a + b.
func add(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

// ResidualBlock is the lesson's residual block on a vector, the dense layers
// standing for the two convolutions: ReLU(x + W2·ReLU(W1·x)).
func ResidualBlock(x []float64, w1, w2 [][]float64) []float64 {
	return relu(add(x, matVec(w2, relu(matVec(w1, x)))))
}

// PlainBlock is the same two layers without the shortcut:
// ReLU(W2·ReLU(W1·x)).
func PlainBlock(x []float64, w1, w2 [][]float64) []float64 {
	return relu(matVec(w2, relu(matVec(w1, x))))
}

// residualCase is an input and two weight matrices, with negative values
// so that every misplaced ReLU shows.
type residualCase struct {
	x      []float64
	w1, w2 [][]float64
}

var residualCases = []residualCase{
	{x: []float64{1, -2, 0.5}, w1: [][]float64{{0.5, -1, 2}, {1, 0, -1}, {-0.5, 0.25, 1}}, w2: [][]float64{{1, -2, 0}, {0.5, 1, -1}, {-1, 0, 2}}},
	{x: []float64{-1, 3}, w1: [][]float64{{2, 1}, {-1, -1}}, w2: [][]float64{{-3, 0.5}, {1, 2}}},
}

// ResidualBlockError checks a student's residual block, out = ReLU(x +
// W2·ReLU(W1·x)), and names the usual mistakes: the shortcut forgotten, the
// last ReLU before the sum or missing, the shortcut added inside.
func ResidualBlockError(candidate func(x []float64, w1, w2 [][]float64) []float64) (err error) {
	if candidate == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "W·x has one value per row of W: out[i] = Σⱼ W[i][j]·x[j]; every vector here has len(x) values")
	near := func(a, b []float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-9 {
				return false
			}
		}
		return true
	}
	for _, c := range residualCases {
		got, want := candidate(c.x, c.w1, c.w2), ResidualBlock(c.x, c.w1, c.w2)
		if len(got) != len(c.x) {
			return fmt.Errorf("your block returns %d values for an input of %d: a residual block keeps the size, so that x can be added", len(got), len(c.x))
		}
		if near(got, want) {
			continue
		}
		h := relu(matVec(c.w1, c.x))
		f := matVec(c.w2, h)
		return errors.New(nnlib.Diagnose(got, near, []nnlib.Mistake[[]float64]{
			{Name: "no shortcut", Wrong: PlainBlock(c.x, c.w1, c.w2), Hint: "that is the plain block, ReLU(W2·ReLU(W1·x)): add the block's input x before the last ReLU"},
			{Name: "ReLU before the sum", Wrong: add(c.x, relu(f)), Hint: "the last ReLU comes after the sum: ReLU(x + F(x)), not x + ReLU(F(x))"},
			{Name: "no last ReLU", Wrong: add(c.x, f), Hint: "x + F(x) is right, but the block then applies ReLU to the sum"},
			{Name: "shortcut inside", Wrong: relu(matVec(c.w2, add(h, c.x))), Hint: "the shortcut goes around both layers: add x to W2·ReLU(W1·x), not to the hidden values"},
			{Name: "no hidden ReLU", Wrong: relu(add(c.x, matVec(c.w2, matVec(c.w1, c.x)))), Hint: "the first layer has its ReLU too: F(x) = W2·ReLU(W1·x)"},
		}, fmt.Sprintf("for x = %v you return %v, want %v", c.x, got, want)))
	}
	return nil
}
