package gallery

import (
	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// mlpNetwork is the deck's multilayer perceptron: 3 inputs, 3 hidden
// neurons, 1 output, with bias units.
var mlpNetwork = plots.Network{
	Layers:  []int{3, 3, 1},
	Bias:    true,
	Weights: true,
	Output:  plots.Symbol{Base: "h", Sub: "w", Tail: "(x)"},
}

// mlp331 draws the deck's 3-3-1 network.
func mlp331() (*plot.Plot, error) {
	return plots.NetworkDiagram("Multilayer perceptron (3-3-1)", mlpNetwork)
}
