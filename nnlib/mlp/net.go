// Package mlp is the course's multilayer perceptron, written in the deck's
// notation: a network is its weight matrices W⁽¹⁾, W⁽²⁾, ..., each with a
// first column for the bias unit, and every neuron computes
// g(wᵀa) for the activations a of the layer before, led by the bias unit 1.
//
// The same network exists twice:
//
//   - in plain Go (Net.Forward, Net.Trace), to see every number of a forward
//     pass and to predict without a backend;
//   - in GoMLX (Model, Net.Predict, Fit), built from layers.DenseWithBias, to
//     train it with GoMLX's trainer and Adam optimizer.
//
// Net.Store and FromStore convert between the two, so a network trained by
// GoMLX can be read, kept between notebook cells (a Net is gob-encodable,
// see nnlib.Keep) and evaluated by hand. Lesson 01 introduces it; later
// lessons reuse Fit.
//
// The output layer always applies the sigmoid: each output neuron is a
// logistic regression, and K outputs classify K classes one-vs-all, as in
// the deck.
package mlp

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// Activation names the function g that hidden neurons apply to z = wᵀa.
type Activation string

// The hidden activations a Net can use.
const (
	Sigmoid Activation = "sigmoid" // g(z) = 1 / (1 + e^(−z)), the deck's g; the default.
	Tanh    Activation = "tanh"    // g(z) = tanh(z).
	ReLU    Activation = "relu"    // g(z) = max(0, z).
)

// Func returns g as a Go function; the empty Activation is Sigmoid.
func (a Activation) Func() (func(float64) float64, error) {
	switch a {
	case "", Sigmoid:
		return nnlib.Sigmoid, nil
	case Tanh:
		return math.Tanh, nil
	case ReLU:
		return func(z float64) float64 { return math.Max(0, z) }, nil
	}
	return nil, fmt.Errorf("unknown activation %q: use mlp.Sigmoid, mlp.Tanh or mlp.ReLU", string(a))
}

// Net is a fully connected network in the deck's notation.
//
// W[l] is the matrix W⁽ˡ⁺¹⁾ that takes layer l+1's activations to layer
// l+2's: it has one row per neuron of layer l+2 and one column per unit of
// layer l+1 plus one, column 0 being the weight of the bias unit. So
// W[l][i][0] is neuron i's bias (w_{i,0}) and W[l][i][j] multiplies unit j
// (a_j, or x_j in the input layer).
type Net struct {
	W      [][][]float64
	Hidden Activation // g of the hidden layers; "" is Sigmoid. The output layer is always a sigmoid.
}

// Sizes returns the number of units per layer, input first, without bias
// units: {3, 3, 1} for the deck's network.
func (n Net) Sizes() []int {
	if len(n.W) == 0 {
		return nil
	}
	sizes := []int{len(n.W[0][0]) - 1}
	for _, w := range n.W {
		sizes = append(sizes, len(w))
	}
	return sizes
}

// Validate says what is wrong with the shapes of the weights, if anything.
func (n Net) Validate() error {
	if len(n.W) == 0 {
		return errors.New("the network has no weight matrices: give at least W⁽¹⁾")
	}
	if _, err := n.Hidden.Func(); err != nil {
		return err
	}
	prev := -1
	for l, w := range n.W {
		if len(w) == 0 {
			return fmt.Errorf("the weight matrix W⁽%d⁾ has no rows: give one row per neuron of layer %d", l+1, l+2)
		}
		cols := len(w[0])
		if cols < 2 {
			return fmt.Errorf("the weight matrix W⁽%d⁾ has %d column(s): it needs the bias column and one per unit of layer %d", l+1, cols, l+1)
		}
		for i, row := range w {
			if len(row) != cols {
				return fmt.Errorf("the weight matrix W⁽%d⁾ has rows of different lengths (%d and %d, row %d): it must be a matrix", l+1, cols, len(row), i)
			}
		}
		if prev >= 0 && cols != prev+1 {
			return fmt.Errorf("the weight matrix W⁽%d⁾ has %d columns but layer %d has %d neurons: it needs %d (one more, for the bias unit)", l+1, cols, l+1, prev, prev+1)
		}
		prev = len(w)
	}
	return nil
}

// Trace is every number of one forward pass, indexed as in the deck with
// layer j at index j−1: A[0] is a⁽¹⁾ = (1, x), Z[1] is z⁽²⁾ = W⁽¹⁾a⁽¹⁾,
// A[1] is a⁽²⁾ = (1, g(z⁽²⁾)), ..., and the last A is the output h(x) =
// g(z⁽ᴸ⁾), which has no bias unit. Z[0] is nil: the input layer computes
// nothing.
type Trace struct {
	A [][]float64
	Z [][]float64
}

// Output returns h(x), the last layer's activations.
func (t Trace) Output() []float64 { return t.A[len(t.A)-1] }

// Trace runs the forward pass on one input x and returns all its numbers.
func (n Net) Trace(x []float64) (Trace, error) {
	if err := n.Validate(); err != nil {
		return Trace{}, err
	}
	if want := len(n.W[0][0]) - 1; len(x) != want {
		return Trace{}, fmt.Errorf("the input has %d values but the network's first layer has %d units", len(x), want)
	}
	g, _ := n.Hidden.Func()
	t := Trace{A: [][]float64{append([]float64{1}, x...)}, Z: [][]float64{nil}}
	last := len(n.W) - 1
	for l, w := range n.W {
		z := MatVec(w, t.A[l])
		act := g
		if l == last {
			act = nnlib.Sigmoid
		}
		a := make([]float64, 0, len(z)+1)
		if l < last {
			a = append(a, 1) // The bias unit of the next layer.
		}
		for _, v := range z {
			a = append(a, act(v))
		}
		t.Z = append(t.Z, z)
		t.A = append(t.A, a)
	}
	return t, nil
}

// Forward returns h(x), the network's output for one input x.
func (n Net) Forward(x []float64) ([]float64, error) {
	t, err := n.Trace(x)
	if err != nil {
		return nil, err
	}
	return t.Output(), nil
}

// Classify returns the class the network predicts for x: with one output,
// 1 when h(x) ≥ 0.5 and 0 otherwise; with K outputs (one-vs-all), the
// output neuron with the highest value. It returns -1 if x does not fit.
func (n Net) Classify(x []float64) int {
	h, err := n.Forward(x)
	if err != nil {
		return -1
	}
	return ClassOf(h)
}

// ClassOf turns a network's outputs into a class, as Classify does.
func ClassOf(h []float64) int {
	if len(h) == 1 {
		if h[0] >= 0.5 {
			return 1
		}
		return 0
	}
	best := 0
	for k, v := range h {
		if v > h[best] {
			best = k
		}
	}
	return best
}

// MatVec returns the product of the matrix w (a slice of rows) and the
// vector a; len(a) must equal the rows' length.
func MatVec(w [][]float64, a []float64) []float64 {
	out := make([]float64, len(w))
	for i, row := range w {
		var s float64
		for j, v := range row {
			s += v * a[j]
		}
		out[i] = s
	}
	return out
}
