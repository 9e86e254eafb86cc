package plots

import (
	"math"

	"gonum.org/v1/plot/plotter"
)

// Isolines returns the lines where the grid's interpolated value equals
// level (marching squares), as polylines in data coordinates. Closed lines
// end where they start. The result is the same on every run: no map order.
func Isolines(g *Grid, level float64) ([]plotter.XYs, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	nx, ny := g.Dims()
	// Edge points: horizontal edge (i,j)-(i+1,j) has id j*nx+i, vertical edge
	// (i,j)-(i,j+1) has id nx*ny + j*nx+i.
	nEdges := 2 * nx * ny
	point := func(id int) plotter.XY {
		vertical := id >= nx*ny
		if vertical {
			id -= nx * ny
		}
		i, j := id%nx, id/nx
		i2, j2 := i+1, j
		if vertical {
			i2, j2 = i, j+1
		}
		a, b := g.Values[j][i], g.Values[j2][i2]
		t := 0.5
		if a != b {
			t = (level - a) / (b - a)
		}
		return plotter.XY{
			X: g.Xs[i] + t*(g.Xs[i2]-g.Xs[i]),
			Y: g.Ys[j] + t*(g.Ys[j2]-g.Ys[j]),
		}
	}
	above := func(v float64) bool { return v >= level }

	var segs [][2]int
	for j := 0; j+1 < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			z00, z10 := g.Values[j][i], g.Values[j][i+1]
			z01, z11 := g.Values[j+1][i], g.Values[j+1][i+1]
			if math.IsNaN(z00) || math.IsNaN(z10) || math.IsNaN(z01) || math.IsNaN(z11) {
				continue
			}
			bottom, top := j*nx+i, (j+1)*nx+i
			left, right := nx*ny+j*nx+i, nx*ny+j*nx+i+1
			// Crossed edges, counter-clockwise from the bottom.
			var crossed []int
			if above(z00) != above(z10) {
				crossed = append(crossed, bottom)
			}
			if above(z10) != above(z11) {
				crossed = append(crossed, right)
			}
			if above(z11) != above(z01) {
				crossed = append(crossed, top)
			}
			if above(z01) != above(z00) {
				crossed = append(crossed, left)
			}
			switch len(crossed) {
			case 2:
				segs = append(segs, [2]int{crossed[0], crossed[1]})
			case 4:
				// Saddle: the centre's value decides which corners connect.
				if above((z00+z10+z01+z11)/4) == above(z00) {
					segs = append(segs, [2]int{bottom, right}, [2]int{top, left})
				} else {
					segs = append(segs, [2]int{bottom, left}, [2]int{right, top})
				}
			}
		}
	}
	return chain(segs, nEdges, point), nil
}

// chain joins segments sharing an edge point into polylines: open lines
// first (from their lower-numbered free end), then closed loops.
func chain(segs [][2]int, nEdges int, point func(int) plotter.XY) []plotter.XYs {
	// at[e] lists up to two segments touching edge point e.
	at := make([][2]int, nEdges)
	deg := make([]int, nEdges)
	for s, seg := range segs {
		for _, e := range seg {
			if deg[e] < 2 {
				at[e][deg[e]] = s
			}
			deg[e]++
		}
	}
	used := make([]bool, len(segs))
	walk := func(s, from int) plotter.XYs {
		line := plotter.XYs{point(from)}
		for !used[s] {
			used[s] = true
			to := segs[s][0]
			if to == from {
				to = segs[s][1]
			}
			line = append(line, point(to))
			from = to
			if deg[to] < 2 {
				break
			}
			next := at[to][0]
			if next == s {
				next = at[to][1]
			}
			s = next
		}
		return line
	}
	var lines []plotter.XYs
	for s, seg := range segs {
		for _, e := range seg {
			if !used[s] && deg[e] == 1 {
				lines = append(lines, walk(s, e))
			}
		}
	}
	for s, seg := range segs {
		if !used[s] {
			lines = append(lines, walk(s, seg[0]))
		}
	}
	return lines
}

// smooth rounds the corners of a polyline by Chaikin's corner cutting,
// repeated n times: the staircase of a boundary traced on a grid becomes a
// curve. Open lines keep their ends; closed ones stay closed.
func smooth(line plotter.XYs, n int) plotter.XYs {
	for range n {
		if len(line) < 3 {
			return line
		}
		closed := line[0] == line[len(line)-1]
		out := make(plotter.XYs, 0, 2*len(line))
		if !closed {
			out = append(out, line[0])
		}
		for i := 0; i+1 < len(line); i++ {
			a, b := line[i], line[i+1]
			out = append(out,
				plotter.XY{X: 0.75*a.X + 0.25*b.X, Y: 0.75*a.Y + 0.25*b.Y},
				plotter.XY{X: 0.25*a.X + 0.75*b.X, Y: 0.25*a.Y + 0.75*b.Y})
		}
		if closed {
			out = append(out, out[0])
		} else {
			out = append(out, line[len(line)-1])
		}
		line = out
	}
	return line
}
