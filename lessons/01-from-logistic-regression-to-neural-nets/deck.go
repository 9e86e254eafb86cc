package neuralnets

import "github.com/gomlx-course/dlcourse/nnlib/mlp"

// DeckNet is the deck's 3-3-1 multilayer perceptron with weights chosen for
// the lesson (round numbers, so the forward pass can be followed by hand):
// W⁽¹⁾ is 3×4 and W⁽²⁾ is 1×4, column 0 of each multiplying the bias unit.
// All neurons use the sigmoid g.
func DeckNet() mlp.Net {
	return mlp.Net{
		W: [][][]float64{
			{ // W⁽¹⁾: row i holds neuron i's weights w_{i,0} (bias), w_{i,1}, w_{i,2}, w_{i,3}.
				{-1.0, 0.5, 1.0, -0.5},
				{0.5, -1.0, 0.5, 1.0},
				{0.0, 1.0, -1.0, 0.5},
			},
			{ // W⁽²⁾: the output neuron's weights, bias first.
				{-0.5, 1.0, -1.5, 2.0},
			},
		},
		Hidden: mlp.Sigmoid,
	}
}

// DeckInput is the input x = (x1, x2, x3) the lesson follows through
// DeckNet.
func DeckInput() []float64 { return []float64{1.0, 2.0, -1.0} }
