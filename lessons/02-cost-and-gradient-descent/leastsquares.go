package gradientdescent

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// LeastSquares returns the weights w (bias first) minimising the squared
// error of h(x) = w0 + w1·x1 + … + wp·xp on the rows of X, in closed form:
// the solution of the normal equations (AᵀA) w = Aᵀy, where A is X with a
// column of ones in front. It is the answer gradient descent approaches.
//
// gonum's mat solves them, by a QR factorisation of A rather than by forming
// AᵀA, which gives the same w with fewer rounding errors.
func LeastSquares(X [][]float64, y []float64) ([]float64, error) {
	if len(X) == 0 || len(X) != len(y) {
		return nil, fmt.Errorf("least squares needs one target per row, and at least one row: got %d rows and %d targets", len(X), len(y))
	}
	p := len(X[0]) + 1
	A := mat.NewDense(len(X), p, nil)
	for r, row := range X {
		if len(row) != p-1 {
			return nil, fmt.Errorf("row %d has %d features, row 0 has %d", r, len(row), p-1)
		}
		A.Set(r, 0, 1)
		for j, v := range row {
			A.Set(r, j+1, v)
		}
	}
	var w mat.VecDense
	if len(X) < p || w.SolveVec(A, mat.NewVecDense(len(y), y)) != nil {
		return nil, errors.New("the normal equations are singular: some features are linear combinations of others, or there are fewer rows than weights")
	}
	return w.RawVector().Data, nil
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
