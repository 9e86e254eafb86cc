package backprop

import "github.com/gomlx-course/dlcourse/nnlib"

// The same algorithm on the whole batch at once. Rows are examples: A⁽ˡ⁾ is
// m × (units), and the per-example loops of Backprop become matrix products:
//
//	Z⁽ˡ⁺¹⁾ = [1 A⁽ˡ⁾] W⁽ˡ⁾ᵀ         A⁽ˡ⁺¹⁾ = g(Z⁽ˡ⁺¹⁾)
//	Δ⁽ᴸ⁾ = A⁽ᴸ⁾ − Y
//	Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁾)[:, 1:] ⊙ A⁽ˡ⁾ ⊙ (1 − A⁽ˡ⁾)
//	D⁽ˡ⁾ = Δ⁽ˡ⁺¹⁾ᵀ [1 A⁽ˡ⁾] / m
//
// Matrices are flat row-major slices; this is what frameworks do, on faster
// matrix products.

// matrix is a row-major matrix.
type matrix struct {
	rows, cols int
	v          []float64
}

func newMatrix(rows, cols int) matrix { return matrix{rows, cols, make([]float64, rows*cols)} }

func (m matrix) at(i, j int) float64 { return m.v[i*m.cols+j] }

// BackpropBatch returns the same gradient as Backprop, computed with matrix
// operations over the whole batch.
func (w Weights) BackpropBatch(X, Y [][]float64) Weights {
	m := len(X)
	// Forward: keep every layer's activations, with the bias column.
	acts := []matrix{withBias(X)}
	for l, W := range w {
		prev := acts[l]
		out := newMatrix(m, len(W))
		for r := range m {
			row := prev.v[r*prev.cols : (r+1)*prev.cols]
			for i, wi := range W {
				var z float64
				for j, v := range row {
					z += wi[j] * v
				}
				out.v[r*out.cols+i] = nnlib.Sigmoid(z)
			}
		}
		if l < len(w)-1 {
			out = withBiasMatrix(out)
		}
		acts = append(acts, out)
	}
	// Backward.
	L := len(w)
	delta := acts[L]
	d := newMatrix(m, delta.cols)
	for r := range m {
		for k := range delta.cols {
			d.v[r*d.cols+k] = delta.at(r, k) - Y[r][k]
		}
	}
	D := zerosLike(w)
	for l := L - 1; l >= 0; l-- {
		a := acts[l] // m × (units+1), bias column first.
		for i := range d.cols {
			for j := range a.cols {
				var s float64
				for r := range m {
					s += d.at(r, i) * a.at(r, j)
				}
				D[l][i][j] = s / float64(m)
			}
		}
		if l == 0 {
			break
		}
		next := newMatrix(m, a.cols-1)
		for r := range m {
			for j := 1; j < a.cols; j++ {
				var back float64
				for i := range d.cols {
					back += d.at(r, i) * w[l][i][j]
				}
				aj := a.at(r, j)
				next.v[r*next.cols+j-1] = back * aj * (1 - aj)
			}
		}
		d = next
	}
	return D
}

// withBias turns examples into a matrix with a first column of ones.
func withBias(X [][]float64) matrix {
	out := newMatrix(len(X), len(X[0])+1)
	for r, x := range X {
		out.v[r*out.cols] = 1
		copy(out.v[r*out.cols+1:], x)
	}
	return out
}

func withBiasMatrix(a matrix) matrix {
	out := newMatrix(a.rows, a.cols+1)
	for r := range a.rows {
		out.v[r*out.cols] = 1
		copy(out.v[r*out.cols+1:(r+1)*out.cols], a.v[r*a.cols:(r+1)*a.cols])
	}
	return out
}

// Step applies one step of gradient descent, W ← W − η D, in place.
func (w Weights) Step(D Weights, eta float64) {
	for l := range w {
		for i := range w[l] {
			for j := range w[l][i] {
				w[l][i][j] -= eta * D[l][i][j]
			}
		}
	}
}

// TrainScratch trains w in place by full-batch gradient descent with
// BackpropBatch for the given number of steps, returning the cost before
// each step.
func (w Weights) TrainScratch(X, Y [][]float64, eta float64, steps int) []float64 {
	costs := make([]float64, 0, steps)
	for range steps {
		costs = append(costs, w.Cost(X, Y))
		w.Step(w.BackpropBatch(X, Y), eta)
	}
	return costs
}
