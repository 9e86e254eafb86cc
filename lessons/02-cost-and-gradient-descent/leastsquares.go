package gradientdescent

import (
	"errors"
	"fmt"
	"math"
)

// LeastSquares returns the weights w (bias first) minimising the squared
// error of h(x) = w0 + w1·x1 + … + wp·xp on the rows of X, in closed form:
// the solution of the normal equations (AᵀA) w = Aᵀy, where A is X with a
// column of ones in front. It is the answer gradient descent approaches.
func LeastSquares(X [][]float64, y []float64) ([]float64, error) {
	if len(X) == 0 || len(X) != len(y) {
		return nil, fmt.Errorf("least squares needs one target per row, and at least one row: got %d rows and %d targets", len(X), len(y))
	}
	p := len(X[0]) + 1
	ata := make([][]float64, p)
	aty := make([]float64, p)
	for i := range ata {
		ata[i] = make([]float64, p)
	}
	for r, row := range X {
		if len(row) != p-1 {
			return nil, fmt.Errorf("row %d has %d features, row 0 has %d", r, len(row), p-1)
		}
		a := append([]float64{1}, row...)
		for i := range p {
			aty[i] += a[i] * y[r]
			for j := range p {
				ata[i][j] += a[i] * a[j]
			}
		}
	}
	return solve(ata, aty)
}

// solve solves the square system M w = b by Gaussian elimination with
// partial pivoting.
func solve(m [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	for col := range n {
		pivot := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[pivot][col]) {
				pivot = r
			}
		}
		if math.Abs(m[pivot][col]) < 1e-12 {
			return nil, errors.New("the normal equations are singular: some features are linear combinations of others, or there are fewer rows than weights")
		}
		m[col], m[pivot] = m[pivot], m[col]
		b[col], b[pivot] = b[pivot], b[col]
		for r := col + 1; r < n; r++ {
			f := m[r][col] / m[col][col]
			for c := col; c < n; c++ {
				m[r][c] -= f * m[col][c]
			}
			b[r] -= f * b[col]
		}
	}
	w := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for c := r + 1; c < n; c++ {
			s -= m[r][c] * w[c]
		}
		w[r] = s / m[r][r]
	}
	return w, nil
}

// MSEGradient is the gradient of the MSE cost of the linear model
// h(x) = w0 + w·x on the rows of X: ∂J/∂wⱼ = 1/m Σᵢ (h(xᵢ) − yᵢ)·xᵢⱼ, with
// xᵢ₀ = 1 for the bias.
func MSEGradient(X [][]float64, y []float64) func(w []float64) []float64 {
	return func(w []float64) []float64 {
		grad := make([]float64, len(w))
		for i, row := range X {
			r := w[0] - y[i]
			for j, x := range row {
				r += w[j+1] * x
			}
			grad[0] += r
			for j, x := range row {
				grad[j+1] += r * x
			}
		}
		for j := range grad {
			grad[j] /= float64(len(X))
		}
		return grad
	}
}
