package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Blues goes from white (t=0) to dark blue (t=1), for counts and shares
// where 0 should disappear into the page, such as a confusion matrix.
var Blues = interpolate([3]float64{255, 255, 255}, [3]float64{158, 202, 225}, [3]float64{49, 130, 189}, [3]float64{8, 48, 107})

// Confusion counts a classifier's answers: counts[i][j] is the number of
// examples of true class i that it predicted as class j, so the diagonal
// holds the right answers and each row sums to the examples of its class.
func Confusion(labels, predictions []int, classes int) ([][]int, error) {
	if len(labels) != len(predictions) {
		return nil, fmt.Errorf("plots: %d labels and %d predictions: give one prediction per example", len(labels), len(predictions))
	}
	counts := make([][]int, classes)
	for i := range counts {
		counts[i] = make([]int, classes)
	}
	for k, y := range labels {
		p := predictions[k]
		if y < 0 || y >= classes || p < 0 || p >= classes {
			return nil, fmt.Errorf("plots: example %d has label %d and prediction %d; both must be in 0…%d", k, y, p, classes-1)
		}
		counts[y][p]++
	}
	return counts, nil
}

// ConfusionMatrix returns the figure of a confusion matrix (see Confusion):
// true classes down, predicted classes across, each cell's count written in
// it and coloured by its share of its true class (its row), with a colour
// bar, so that the confusions off the diagonal stand out however many
// examples each class has. names label the classes; keep them short.
func ConfusionMatrix(title string, counts [][]int, names []string) (*plot.Plot, error) {
	k := len(counts)
	if k == 0 || len(names) != k {
		return nil, fmt.Errorf("plots: a confusion matrix of %d classes needs as many names, got %d", k, len(names))
	}
	share, err := rowShares(counts)
	if err != nil {
		return nil, err
	}
	p := New(title, "predicted class", "true class")
	p.Add(confusionCells{counts: counts, share: share})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(k), 0, float64(k)
	var xt, yt []plot.Tick
	for i, name := range names {
		xt = append(xt, plot.Tick{Value: float64(i) + 0.5, Label: name})
		yt = append(yt, plot.Tick{Value: float64(k-i) - 0.5, Label: name})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	EqualAspect(p)
	return ColorBar(p, &HeatMap{Colormap: Blues, Min: 0, Max: 1}, "share of the true class")
}

// rowShares divides each row of a k×k matrix of counts by its sum (NaN for
// an empty row).
func rowShares(counts [][]int) ([][]float64, error) {
	k := len(counts)
	share := make([][]float64, k)
	for i, row := range counts {
		if len(row) != k {
			return nil, fmt.Errorf("plots: row %d of the confusion matrix has %d counts, want %d", i, len(row), k)
		}
		total := 0
		for _, n := range row {
			total += n
		}
		share[i] = make([]float64, k)
		for j, n := range row {
			share[i][j] = math.NaN()
			if total > 0 {
				share[i][j] = float64(n) / float64(total)
			}
		}
	}
	return share, nil
}

// confusionCells draws the cells of a confusion matrix, row 0 at the top,
// in data coordinates [0, k]×[0, k].
type confusionCells struct {
	counts [][]int
	share  [][]float64
}

// Plot implements plot.Plotter.
func (cc confusionCells) Plot(c draw.Canvas, p *plot.Plot) {
	k := len(cc.counts)
	tx, ty := p.Transforms(&c)
	cell := tx(1) - tx(0)
	sty := textStyle(min(NoteSize, cell*0.36), plot.DefaultTextHandler)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for i, row := range cc.counts {
		for j, n := range row {
			x0, x1 := tx(float64(j)), tx(float64(j+1))
			y0, y1 := ty(float64(k-i-1)), ty(float64(k-i))
			fill := Blues(0)
			if s := cc.share[i][j]; !math.IsNaN(s) {
				fill = Blues(s)
			}
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			if n > 0 {
				sty.Color = contrastText(fill)
				c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, fmt.Sprint(n))
			}
		}
	}
}

// DataRange implements plot.DataRanger.
func (cc confusionCells) DataRange() (xMin, xMax, yMin, yMax float64) {
	k := float64(len(cc.counts))
	return 0, k, 0, k
}
