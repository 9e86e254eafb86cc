package generalisation

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/graph"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// LeakySlope is the slope of leaky ReLU for z < 0 (PyTorch's default).
const LeakySlope = 0.01

// Activation is a hidden unit's function g, its derivative g′, and g in a
// GoMLX graph.
type Activation struct {
	Name  string
	G     func(z float64) float64
	Prime func(z float64) float64
	graph func(z *graph.Node) *graph.Node
}

// Activations are the four hidden activations of the lesson.
var Activations = []Activation{
	{"sigmoid", nnlib.Sigmoid, func(z float64) float64 { g := nnlib.Sigmoid(z); return g * (1 - g) }, graph.Sigmoid},
	{"tanh", math.Tanh, func(z float64) float64 { t := math.Tanh(z); return 1 - t*t }, graph.Tanh},
	{"relu", func(z float64) float64 { return math.Max(0, z) }, step(0), func(z *graph.Node) *graph.Node {
		return graph.Max(z, graph.ZerosLike(z))
	}},
	{"leaky-relu", func(z float64) float64 { return math.Max(LeakySlope*z, z) }, step(LeakySlope), func(z *graph.Node) *graph.Node {
		return graph.Max(z, graph.MulScalar(z, LeakySlope))
	}},
}

// step is the derivative of a (leaky) ReLU: 1 for z > 0, slope below. At
// z = 0, where it has none, it takes the slope below, as PyTorch does.
func step(slope float64) func(float64) float64 {
	return func(z float64) float64 {
		if z > 0 {
			return 1
		}
		return slope
	}
}

// activationNamed finds an activation of Activations; "" is ReLU.
func activationNamed(name string) (Activation, error) {
	if name == "" {
		name = "relu"
	}
	var names []string
	for _, a := range Activations {
		if a.Name == name {
			return a, nil
		}
		names = append(names, a.Name)
	}
	return Activation{}, fmt.Errorf("unknown activation %q: use one of %v", name, names)
}
