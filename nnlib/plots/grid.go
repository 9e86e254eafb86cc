package plots

import (
	"fmt"
	"math"
)

// Grid holds the values of a function of two variables on a rectangular
// grid, such as a cost J(w0, w1): Values[j][i] is the value at (Xs[i], Ys[j]).
// It implements gonum's plotter.GridXYZ, so gonum's own HeatMap and Contour
// plotters take it too.
type Grid struct {
	Xs     []float64   // Column coordinates, increasing.
	Ys     []float64   // Row coordinates, increasing.
	Values [][]float64 // len(Ys) rows of len(Xs) values; NaN for no value.
}

// SampleGrid evaluates f on nx×ny evenly spaced points of
// [xMin, xMax]×[yMin, yMax].
func SampleGrid(f func(x, y float64) float64, xMin, xMax, yMin, yMax float64, nx, ny int) (*Grid, error) {
	if f == nil {
		return nil, fmt.Errorf("plots: SampleGrid needs a function f(x, y)")
	}
	if !(xMin < xMax) || !(yMin < yMax) {
		return nil, fmt.Errorf("plots: SampleGrid needs xMin < xMax and yMin < yMax, got [%g, %g]×[%g, %g]", xMin, xMax, yMin, yMax)
	}
	if nx < 2 || ny < 2 {
		return nil, fmt.Errorf("plots: SampleGrid needs at least 2×2 points, got %d×%d", nx, ny)
	}
	g := &Grid{Xs: linspace(xMin, xMax, nx), Ys: linspace(yMin, yMax, ny), Values: make([][]float64, ny)}
	for j, y := range g.Ys {
		g.Values[j] = make([]float64, nx)
		for i, x := range g.Xs {
			g.Values[j][i] = f(x, y)
		}
	}
	return g, nil
}

func linspace(lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return v
}

// Validate reports what is wrong with the grid's shape, if anything.
func (g *Grid) Validate() error {
	if g == nil {
		return fmt.Errorf("plots: nil grid: make one with plots.SampleGrid")
	}
	if len(g.Xs) < 2 || len(g.Ys) < 2 {
		return fmt.Errorf("plots: a grid needs at least 2 Xs and 2 Ys, got %d and %d", len(g.Xs), len(g.Ys))
	}
	if len(g.Values) != len(g.Ys) {
		return fmt.Errorf("plots: grid has %d Ys but %d rows of Values: expected one row per Y", len(g.Ys), len(g.Values))
	}
	for j, row := range g.Values {
		if len(row) != len(g.Xs) {
			return fmt.Errorf("plots: grid row %d has %d values but there are %d Xs: expected one value per X", j, len(row), len(g.Xs))
		}
	}
	for _, axis := range [][]float64{g.Xs, g.Ys} {
		for i := 1; i < len(axis); i++ {
			if !(axis[i] > axis[i-1]) {
				return fmt.Errorf("plots: grid coordinates must increase, got %g then %g", axis[i-1], axis[i])
			}
		}
	}
	lo, hi := g.MinMax()
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmt.Errorf("plots: grid values must be finite (NaN for a missing one) and not all missing")
	}
	return nil
}

// Dims returns the number of columns and rows.
func (g *Grid) Dims() (c, r int) { return len(g.Xs), len(g.Ys) }

// Z returns the value at column c, row r.
func (g *Grid) Z(c, r int) float64 { return g.Values[r][c] }

// X returns the coordinate of column c.
func (g *Grid) X(c int) float64 { return g.Xs[c] }

// Y returns the coordinate of row r.
func (g *Grid) Y(r int) float64 { return g.Ys[r] }

// MinMax returns the smallest and largest values, skipping NaN; both are NaN
// if every value is.
func (g *Grid) MinMax() (lo, hi float64) { return valueRange(g.Values) }

// valueRange returns the smallest and largest values of rows, skipping NaN;
// both are NaN if every value is.
func valueRange(rows [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range rows {
		for _, v := range row {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

// DataRange returns the rectangle the grid covers.
func (g *Grid) DataRange() (xMin, xMax, yMin, yMax float64) {
	return g.Xs[0], g.Xs[len(g.Xs)-1], g.Ys[0], g.Ys[len(g.Ys)-1]
}

// cellArea returns the rectangle covered by cells centred on the evenly
// spaced points xs×ys: half a cell beyond the outer points.
func cellArea(xs, ys []float64) (xMin, xMax, yMin, yMax float64) {
	nx, ny := len(xs), len(ys)
	dx := (xs[nx-1] - xs[0]) / float64(nx-1) / 2
	dy := (ys[ny-1] - ys[0]) / float64(ny-1) / 2
	return xs[0] - dx, xs[nx-1] + dx, ys[0] - dy, ys[ny-1] + dy
}
