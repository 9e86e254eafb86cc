package transferlearn

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// BudgetPanel is one task's study: validation accuracy against the labels
// per class (log axis), a line per plan; unadapted, if not NaN, is drawn as
// a dotted level (the pretrained network as it is, for a task with the
// source's classes).
func BudgetPanel(title string, results []Result, unadapted float64) (*plot.Plot, error) {
	var plans []string
	var budgets []float64
	for _, r := range results {
		if !slices.Contains(plans, r.Plan) {
			plans = append(plans, r.Plan)
		}
		if !slices.Contains(budgets, float64(r.PerClass)) {
			budgets = append(budgets, float64(r.PerClass))
		}
	}
	if len(budgets) < 2 {
		return nil, errors.New("BudgetPanel needs results at two budgets or more")
	}
	slices.Sort(budgets)
	var series []plots.Series
	for k, p := range plans {
		s := plots.Series{Name: p, Points: true, Dashed: k == 0}
		for _, r := range results {
			if r.Plan == p {
				s.X, s.Y = append(s.X, float64(r.PerClass)), append(s.Y, 100*r.Accuracy)
			}
		}
		series = append(series, s)
	}
	if !math.IsNaN(unadapted) {
		series = append(series, plots.Series{Name: "pretrained, not adapted", X: []float64{budgets[0], budgets[len(budgets)-1]},
			Y: []float64{100 * unadapted, 100 * unadapted}, Dashed: true})
	}
	p, err := plots.Lines(title, "labelled images per class", "validation accuracy (%)", series...)
	if err != nil {
		return nil, err
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plots.ValueTicks(budgets)
	p.X.Min, p.X.Max = budgets[0]/1.3, budgets[len(budgets)-1]*1.3
	p.Legend.Top = false
	return p, nil
}

// BudgetFigure is the lesson's study figure: one panel per task, both on
// one y range, from StudyFloor to 100%; unadapted is the digit network's
// accuracy on printed digits before any adaptation, drawn dashed.
func BudgetFigure(fashion, digits []Result, unadapted float64) (*plot.Plot, error) {
	lo := StudyFloor(unadapted, fashion, digits)
	a, err := BudgetPanel("Same domain, different task\n(Fashion-MNIST 5–9)", fashion, math.NaN())
	if err != nil {
		return nil, err
	}
	b, err := BudgetPanel("Different domain, same task\n(printed digits)", digits, unadapted)
	if err != nil {
		return nil, err
	}
	for _, p := range []*plot.Plot{a, b} {
		p.Y.Min, p.Y.Max = lo, 100
	}
	return plots.SideBySide("Transfer against training from scratch (the panels share their y axis)", a, b)
}

// FigureBudgetStudy is the lesson's study figure for the gallery: both
// studies of the full run, read back from the notebook's cells when they
// ran (nnlib.Keep), else trained (about two minutes on 2 cores).
func FigureBudgetStudy() (*plot.Plot, error) {
	r := FullRun()
	var studies [2][]Result
	for i, name := range []string{"05e-fashion-study", "05e-digits-study"} {
		t, plans, err := lessonStudy(name, r)
		if err != nil {
			return nil, err
		}
		if studies[i], err = r.KeepStudy(name, t, plans); err != nil {
			return nil, err
		}
	}
	digits, err := DigitsTask(r)
	if err != nil {
		return nil, err
	}
	gap, err := KeepGap("05e-gap", r, digits)
	if err != nil {
		return nil, err
	}
	return BudgetFigure(studies[0], studies[1], gap.Target)
}

// StudyFloor is the bottom of the study figure's shared y axis: the lowest
// accuracy drawn (the studies' and the unadapted network's), rounded down
// to a multiple of 10%.
func StudyFloor(unadapted float64, studies ...[]Result) float64 {
	lo := 100 * unadapted
	for _, res := range studies {
		for _, x := range res {
			lo = math.Min(lo, 100*x.Accuracy)
		}
	}
	return math.Floor(lo/10) * 10
}

// Projection is PCA of rows (features, one row per image) to their first
// two principal components.
func Projection(rows [][]float32) ([][]float64, error) {
	if len(rows) < 3 {
		return nil, errors.New("Projection needs at least three rows")
	}
	dim := len(rows[0])
	flat := make([]float32, 0, len(rows)*dim)
	for _, r := range rows {
		if len(r) != dim {
			return nil, fmt.Errorf("Projection: rows of %d and %d values", dim, len(r))
		}
		flat = append(flat, r...)
	}
	pca, err := ae.FitPCA(flat, dim, 2)
	if err != nil {
		return nil, err
	}
	codes, err := pca.Encode(flat, 2)
	if err != nil {
		return nil, err
	}
	points := make([][]float64, len(rows))
	for i := range points {
		points[i] = []float64{float64(codes[2*i]), float64(codes[2*i+1])}
	}
	return points, nil
}

// ProjectionFigure draws the features of the same images before and after
// adaptation, each projected to its two principal components, a colour per
// class.
func ProjectionFigure(title string, before, after [][]float32, labels []int, names []string) (*plot.Plot, error) {
	var panels []*plot.Plot
	for k, rows := range [][][]float32{before, after} {
		pts, err := Projection(rows)
		if err != nil {
			return nil, err
		}
		name := []string{"Before adaptation", "After fine-tuning"}[k]
		p, err := plots.Scatter(name, "first principal component", "second principal component",
			plots.Classes{Points: pts, Labels: labels, Names: names})
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	return plots.SideBySide(title, panels...)
}

// Separation measures how far apart the classes are in 2-D points: the
// spread of the class means over the mean spread within a class (Fisher's
// ratio). It is larger when the classes form separate clusters.
func Separation(points [][]float64, labels []int) float64 {
	classes := slices.Max(labels) + 1
	mean := make([][2]float64, classes)
	count := make([]float64, classes)
	var all [2]float64
	for i, p := range points {
		c := labels[i]
		mean[c][0] += p[0]
		mean[c][1] += p[1]
		count[c]++
		all[0] += p[0] / float64(len(points))
		all[1] += p[1] / float64(len(points))
	}
	for c := range mean {
		if count[c] > 0 {
			mean[c][0] /= count[c]
			mean[c][1] /= count[c]
		}
	}
	var between, within float64
	for c := range mean {
		between += count[c] * (sq(mean[c][0]-all[0]) + sq(mean[c][1]-all[1]))
	}
	for i, p := range points {
		c := labels[i]
		within += sq(p[0]-mean[c][0]) + sq(p[1]-mean[c][1])
	}
	return between / within
}

func sq(x float64) float64 { return x * x }

// Samples draws the first perClass images of each class of set, a column
// per class, labelled by class name.
func Samples(title string, set *data.Dataset, perClass int) (*plot.Plot, error) {
	if set == nil || set.Labels == nil || len(set.Shape) != 3 {
		return nil, errors.New("Samples needs labelled images of shape [height width channels]")
	}
	classes := set.NumClasses()
	seen := make([]int, classes)
	images := make([]plots.Image, perClass*classes) // Row k holds each class's k-th image, in class order.
	for i, c := range set.Labels {
		if seen[c] >= perClass {
			continue
		}
		px := make([]float64, set.Dim())
		for j, v := range set.Row(i) {
			px[j] = float64(v)
		}
		name := strconv.Itoa(c)
		if c < len(set.ClassNames) {
			name = set.ClassNames[c]
		}
		images[seen[c]*classes+c] = plots.Image{Pixels: px, Height: set.Shape[0], Width: set.Shape[1], Channels: set.Shape[2], Label: name}
		seen[c]++
	}
	if slices.Min(seen) < perClass {
		return nil, fmt.Errorf("Samples: %s has fewer than %d images of some class", set.Name, perClass)
	}
	return plots.ImageGrid(title, images, classes)
}
