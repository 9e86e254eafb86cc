package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panels lays plots out on a grid of Rows×Cols, drawn as one figure: side by
// side comparisons, image grids, kernel grids. Plots in one column share
// their data area's left and right edges, plots in one row their top and
// bottom, as gonum's plot.Align does.
type Panels struct {
	Rows, Cols int
	Plots      [][]*plot.Plot // Rows slices of Cols plots; nil leaves a cell empty.
	PadX, PadY vg.Length      // Space between columns and between rows.
}

// NewPanels places plots row by row on a rows×cols grid; there may be fewer
// plots than cells.
func NewPanels(rows, cols int, plots ...*plot.Plot) (*Panels, error) {
	if rows < 1 || cols < 1 {
		return nil, fmt.Errorf("plots: panels need at least 1 row and 1 column, got %d×%d", rows, cols)
	}
	if len(plots) > rows*cols {
		return nil, fmt.Errorf("plots: %d plots do not fit on %d×%d panels", len(plots), rows, cols)
	}
	g := &Panels{Rows: rows, Cols: cols, Plots: make([][]*plot.Plot, rows), PadX: vg.Points(10), PadY: vg.Points(8)}
	for r := range g.Plots {
		g.Plots[r] = make([]*plot.Plot, cols)
	}
	for i, p := range plots {
		g.Plots[i/cols][i%cols] = p
	}
	return g, nil
}

// Validate reports what is wrong with the layout, if anything.
func (g *Panels) Validate() error {
	if g == nil || g.Rows < 1 || g.Cols < 1 {
		return fmt.Errorf("plots: panels need at least 1 row and 1 column")
	}
	if len(g.Plots) != g.Rows {
		return fmt.Errorf("plots: panels have %d rows but %d rows of plots", g.Rows, len(g.Plots))
	}
	for r, row := range g.Plots {
		if len(row) != g.Cols {
			return fmt.Errorf("plots: panels row %d has %d plots, expected %d (nil for an empty cell)", r, len(row), g.Cols)
		}
	}
	return nil
}

// Plot draws every panel on the canvas; it implements plot.Plotter.
func (g *Panels) Plot(c draw.Canvas, _ *plot.Plot) {
	if g.Validate() != nil {
		return
	}
	edge := vg.Points(4) // Keep the outer panels off the figure's edges.
	tiles := draw.Tiles{Rows: g.Rows, Cols: g.Cols, PadX: g.PadX, PadY: g.PadY, PadLeft: edge, PadRight: edge, PadBottom: edge}
	canvases := plot.Align(g.Plots, tiles, c)
	for r, row := range g.Plots {
		for col, p := range row {
			if p != nil {
				withLegendBackdrop(withEqualAspect(p, canvases[r][col]), canvases[r][col]).Draw(canvases[r][col])
			}
		}
	}
}

// Figure returns a plot with the given title whose only content is the
// panels, ready for Show, Save and ShowAndSave.
func (g *Panels) Figure(title string) (*plot.Plot, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return Drawing(title, g), nil
}

// InGrid returns one figure with the plots row by row, at most cols to a row
// (GridShape's choice of rows and columns), such as one panel per run of a
// study.
func InGrid(title string, cols int, plots ...*plot.Plot) (*plot.Plot, error) {
	rows, columns, err := GridShape(len(plots), cols)
	if err != nil {
		return nil, err
	}
	g, err := NewPanels(rows, columns, plots...)
	if err != nil {
		return nil, err
	}
	return g.Figure(title)
}

// SideBySide returns one figure with the plots in a row, for comparisons
// such as a linear against a non-linear decision boundary.
func SideBySide(title string, plots ...*plot.Plot) (*plot.Plot, error) {
	for i, p := range plots {
		if p == nil {
			return nil, fmt.Errorf("plots: SideBySide: plot %d is nil", i)
		}
	}
	g, err := NewPanels(1, max(1, len(plots)), plots...)
	if err != nil {
		return nil, err
	}
	return g.Figure(title)
}
