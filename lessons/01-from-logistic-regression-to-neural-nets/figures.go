package neuralnets

import (
	"fmt"
	"math"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib/mlp"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// NeuronLines returns, for each neuron of a network's first hidden layer on
// 2-D inputs, the line where its z = w₀ + w₁x₁ + w₂x₂ is 0: where that
// neuron, a logistic regression of its own, is undecided. The lines are
// sampled across [xMin, xMax] and cut (NaN) outside [yMin, yMax], ready for
// plots.AddLines over a decision boundary.
func NeuronLines(net mlp.Net, xMin, xMax, yMin, yMax float64) ([]plots.Series, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if sizes := net.Sizes(); sizes[0] != 2 || len(sizes) < 3 {
		return nil, fmt.Errorf("NeuronLines needs a network with 2 inputs and a hidden layer, not sizes %v", sizes)
	}
	const n = 400
	var series []plots.Series
	for i, w := range net.W[0] {
		s := plots.Series{Name: fmt.Sprintf("neuron %d", i+1), X: make([]float64, n), Y: make([]float64, n), Dashed: true, Color: plots.ClassColor(i + 2)}
		for k := range n {
			x1 := xMin + (xMax-xMin)*float64(k)/float64(n-1)
			x2 := math.NaN()
			if w[2] != 0 {
				x2 = -(w[0] + w[1]*x1) / w[2]
			}
			if x2 < yMin || x2 > yMax {
				x2 = math.NaN()
			}
			s.X[k], s.Y[k] = x1, x2
		}
		series = append(series, s)
	}
	return series, nil
}

// FormatVector writes a vector with 4 decimals, as (0.1234, -2.0000).
func FormatVector(v []float64) string { return formatVector(v) }

// FormatMatrix writes a matrix one row a line, with 2 decimals, indented by
// indent spaces after the first line.
func FormatMatrix(w [][]float64, indent int) string {
	rows := make([]string, len(w))
	for i, row := range w {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = fmt.Sprintf("%6.2f", v)
		}
		rows[i] = "[" + strings.Join(cells, " ") + " ]"
	}
	return strings.Join(rows, "\n"+strings.Repeat(" ", indent))
}
