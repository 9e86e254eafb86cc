package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Matrix is a plotter that draws a small matrix as a grid of coloured
// square cells, optionally with each value written in its cell: pixel
// patches, convolution kernels, weights.
type Matrix struct {
	Values     [][]float64 // Rows from top to bottom; NaN leaves a cell blank.
	Colormap   Colormap    // Colours values from Min (0) to Max (1).
	Min, Max   float64
	ShowValues bool
	// Highlight frames the cells with column in [Min.X, Max.X) and row in
	// [Min.Y, Max.Y), such as the window a kernel is applied to; an empty
	// rectangle frames nothing.
	Highlight image.Rectangle
}

// NewMatrix returns a Matrix plotter of values with a colour scale fit to
// them: Diverging centred on 0 when they have both signs, Gray otherwise.
// Values are written in the cells when the matrix is at most 12×12.
func NewMatrix(values [][]float64) (*Matrix, error) {
	rows, cols, err := matrixShape(values)
	if err != nil {
		return nil, err
	}
	lo, hi := valueRange(values)
	m := &Matrix{Values: values, Colormap: Gray, Min: lo, Max: hi, ShowValues: rows <= 12 && cols <= 12}
	switch {
	case math.IsNaN(lo): // All blank.
		m.Min, m.Max = 0, 1
	case lo < 0 && hi > 0:
		a := math.Max(-lo, hi)
		m.Colormap, m.Min, m.Max = Diverging, -a, a
	case lo == hi:
		m.Min, m.Max = lo-1, hi+1
	}
	return m, nil
}

// matrixShape checks that values is a non-empty rectangle of finite or NaN
// numbers.
func matrixShape(values [][]float64) (rows, cols int, err error) {
	if len(values) == 0 || len(values[0]) == 0 {
		return 0, 0, fmt.Errorf("plots: empty matrix: expected rows of values")
	}
	for r, row := range values {
		if len(row) != len(values[0]) {
			return 0, 0, fmt.Errorf("plots: matrix row %d has %d values but row 0 has %d: rows must be as long", r, len(row), len(values[0]))
		}
		for _, v := range row {
			if math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("plots: matrix row %d has an infinite value", r)
			}
		}
	}
	return len(values), len(values[0]), nil
}

// Plot draws the cells; it implements plot.Plotter.
func (m *Matrix) Plot(c draw.Canvas, _ *plot.Plot) {
	rows, cols, err := matrixShape(m.Values)
	if err != nil {
		return
	}
	r := topAligned(fitRect(c.Rectangle, float64(cols)/float64(rows)), c.Rectangle)
	cell := r.Size().X / vg.Length(cols)
	sty := textStyle(min(NoteSize*1.3, cell*0.38), plot.DefaultTextHandler)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	grid := draw.LineStyle{Color: color.Gray{Y: 150}, Width: vg.Points(0.75)}
	cellRect := func(row, col int) vg.Rectangle {
		x0 := r.Min.X + vg.Length(col)*cell
		y1 := r.Max.Y - vg.Length(row)*cell
		return vg.Rectangle{Min: vg.Point{X: x0, Y: y1 - cell}, Max: vg.Point{X: x0 + cell, Y: y1}}
	}
	for i, row := range m.Values {
		for j, v := range row {
			cr := cellRect(i, j)
			corners := []vg.Point{cr.Min, {X: cr.Max.X, Y: cr.Min.Y}, cr.Max, {X: cr.Min.X, Y: cr.Max.Y}}
			if math.IsNaN(v) {
				c.FillPolygon(color.White, corners)
			} else {
				fill := m.Colormap(m.fraction(v))
				c.FillPolygon(fill, corners)
				if m.ShowValues {
					sty.Color = contrastText(fill)
					c.FillText(sty, vg.Point{X: (cr.Min.X + cr.Max.X) / 2, Y: (cr.Min.Y + cr.Max.Y) / 2}, FormatValue(v))
				}
			}
			strokeRect(c, cr, grid)
		}
	}
	if h := m.Highlight; !h.Empty() {
		top, bottom := cellRect(h.Min.Y, h.Min.X), cellRect(h.Max.Y-1, h.Max.X-1)
		frame := vg.Rectangle{Min: vg.Point{X: top.Min.X, Y: bottom.Min.Y}, Max: vg.Point{X: bottom.Max.X, Y: top.Max.Y}}
		strokeRect(c, frame, draw.LineStyle{Color: TrajectoryColor, Width: vg.Points(3)})
	}
}

func (m *Matrix) fraction(v float64) float64 {
	if m.Max == m.Min {
		return 0.5
	}
	return (v - m.Min) / (m.Max - m.Min)
}

// contrastText returns black or white, whichever reads better on bg.
func contrastText(bg color.Color) color.Color {
	if luminance(bg) > 0.55 {
		return color.Black
	}
	return color.White
}

// MatrixPlot returns a figure of one matrix with its values; see NewMatrix.
func MatrixPlot(title string, values [][]float64) (*plot.Plot, error) {
	m, err := NewMatrix(values)
	if err != nil {
		return nil, err
	}
	return m.Figure(title)
}

// Figure returns a plot without axes that shows the matrix under title,
// for Show, Save or Panels.
func (m *Matrix) Figure(title string) (*plot.Plot, error) {
	if _, _, err := matrixShape(m.Values); err != nil {
		return nil, err
	}
	if m.Colormap == nil {
		return nil, fmt.Errorf("plots: matrix %q has no Colormap: build it with NewMatrix", title)
	}
	p := cellPlot(title, color.Black, m)
	p.Title.TextStyle.Font = font.From(Font, LabelSize)
	return p, nil
}

// KernelGrid returns a figure of convolution kernels on a grid of cols
// columns (0 to suit a 16:10 figure), named by names (nil for "kernel 1",
// ...). All kernels share one colour scale, blue for negative and red for
// positive weights, and small kernels show their values.
func KernelGrid(title string, kernels [][][]float64, names []string, cols int) (*plot.Plot, error) {
	rows, cols, err := GridShape(len(kernels), cols)
	if err != nil {
		return nil, errorIn(err, "no kernels to show")
	}
	if names != nil && len(names) != len(kernels) {
		return nil, fmt.Errorf("plots: %d kernels and %d names: give one name per kernel, or nil", len(kernels), len(names))
	}
	peak := 0.0
	matrices := make([]*Matrix, len(kernels))
	for i, k := range kernels {
		m, err := NewMatrix(k)
		if err != nil {
			return nil, errorIn(err, "kernel %d", i)
		}
		if lo, hi := valueRange(k); !math.IsNaN(lo) {
			peak = math.Max(peak, math.Max(-lo, hi))
		}
		matrices[i] = m
	}
	if peak == 0 {
		peak = 1
	}
	cells := make([]*plot.Plot, len(kernels))
	for i, m := range matrices {
		m.Colormap, m.Min, m.Max = Diverging, -peak, peak
		name := fmt.Sprintf("kernel %d", i+1)
		if names != nil {
			name = names[i]
		}
		cells[i], _ = m.Figure(name) // Cannot fail: the shape is checked and there is a colormap.
	}
	g, err := NewPanels(rows, cols, cells...)
	if err != nil {
		return nil, err
	}
	return g.Figure(title)
}
