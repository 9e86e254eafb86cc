package autoenc

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Row is one row of an image figure: a name and its images' pixels (flat,
// h×w each).
type Row struct {
	Name   string
	Pixels []float32
}

// ImageRows lays rows of h×w grey images out for plots.ShowImages, the first
// image of each row titled with the row's name; every row must hold the
// same number of images, which is the number of columns returned.
func ImageRows(rows []Row, h, w int) ([]plots.Image, int, error) {
	if len(rows) == 0 {
		return nil, 0, errors.New("no rows of images")
	}
	cols := len(rows[0].Pixels) / (h * w)
	var out []plots.Image
	for _, r := range rows {
		if len(r.Pixels) != cols*h*w {
			return nil, 0, fmt.Errorf("row %q has %d values, want %d images of %d×%d", r.Name, len(r.Pixels), cols, h, w)
		}
		for c := range cols {
			px := make([]float64, h*w)
			for i, v := range r.Pixels[c*h*w : (c+1)*h*w] {
				px[i] = float64(v)
			}
			im := plots.Image{Pixels: px, Height: h, Width: w, Channels: 1}
			if c == 0 {
				im.Label = r.Name
			}
			out = append(out, im)
		}
	}
	return out, cols, nil
}

// ShowRows shows ImageRows' figure.
func ShowRows(title string, rows []Row, h, w int) error {
	images, cols, err := ImageRows(rows, h, w)
	if err != nil {
		return err
	}
	return plots.ShowImages(title, images, cols)
}

// Point is one model on the quality figure: its code's compression (pixels
// per code value) and the PSNR of its reconstructions.
type Point struct {
	Name        string
	Compression float64
	PSNR        float64
}

// QualityFigure plots PSNR against compression, on a log axis marked at the
// compressions measured: one line per family (points of the same name
// joined, in order of compression), so dense autoencoders, PCA and the
// others can be read off at the same code size.
func QualityFigure(title string, points []Point) (*plot.Plot, error) {
	if len(points) == 0 {
		return nil, errors.New("no points to plot")
	}
	p := plots.New(title, "compression: pixels per number of the code (log scale)", "PSNR of the reconstructions (dB)")
	p.X.Scale = plot.LogScale{}
	var names []string
	byName := map[string][]Point{}
	marks := map[float64]bool{}
	for _, pt := range points {
		if !(pt.Compression > 0) || math.IsNaN(pt.PSNR) {
			return nil, fmt.Errorf("point %+v: want a positive compression and a PSNR", pt)
		}
		if _, ok := byName[pt.Name]; !ok {
			names = append(names, pt.Name)
		}
		byName[pt.Name] = append(byName[pt.Name], pt)
		marks[math.Round(pt.Compression*10)/10] = true
	}
	var series []plots.Series
	for k, n := range names {
		ps := byName[n]
		sort.Slice(ps, func(i, j int) bool { return ps[i].Compression < ps[j].Compression })
		s := plots.Series{Name: n, Points: true, Color: plots.ClassColor(k), Dashed: k == 1}
		for _, pt := range ps {
			s.X, s.Y = append(s.X, pt.Compression), append(s.Y, pt.PSNR)
		}
		series = append(series, s)
	}
	if err := plots.AddLines(p, series...); err != nil {
		return nil, err
	}
	var ticks []plot.Tick
	for c := range marks {
		ticks = append(ticks, plot.Tick{Value: c, Label: fmt.Sprintf("%.3g×", c)})
	}
	sort.Slice(ticks, func(i, j int) bool { return ticks[i].Value < ticks[j].Value })
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	lo, hi := ticks[0].Value, ticks[len(ticks)-1].Value
	p.X.Min, p.X.Max = lo/1.3, hi*1.3
	// The legend goes in the top right corner, where PSNR is lowest: the
	// curves fall from left to right, so that corner is empty.
	p.Legend.Top, p.Legend.Left = true, false
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, pt := range points {
		ymin, ymax = math.Min(ymin, pt.PSNR), math.Max(ymax, pt.PSNR)
	}
	p.Y.Min, p.Y.Max = math.Floor(ymin-1), math.Ceil(ymax+0.35*(ymax-ymin)+1)
	return p, nil
}

// classPalette holds ten colours told apart by most readers (Tableau's),
// one per Fashion-MNIST class.
var classPalette = []color.Color{
	color.RGBA{31, 119, 180, 255}, color.RGBA{255, 127, 14, 255}, color.RGBA{44, 160, 44, 255},
	color.RGBA{214, 39, 40, 255}, color.RGBA{148, 103, 189, 255}, color.RGBA{140, 86, 75, 255},
	color.RGBA{227, 119, 194, 255}, color.RGBA{127, 127, 127, 255}, color.RGBA{188, 189, 34, 255},
	color.RGBA{23, 190, 207, 255},
}

// LatentFigure draws two-number codes as points coloured by class, with the
// class names written at the median of their points (no legend over the
// data). Both axes are code units, so they span the same range: drawn in a
// square (LatentSize), the figure keeps distances as they are.
func LatentFigure(title string, codes []float32, labels []int, names []string) (*plot.Plot, error) {
	if len(codes) != 2*len(labels) || len(labels) == 0 {
		return nil, fmt.Errorf("%d code values for %d labels: want two per image", len(codes), len(labels))
	}
	p := plots.New(title, "code value 1", "code value 2")
	classes := len(names)
	xs := make([][]float64, classes)
	ys := make([][]float64, classes)
	for i, l := range labels {
		if l < 0 || l >= classes {
			return nil, fmt.Errorf("label %d outside the %d classes", l, classes)
		}
		xs[l] = append(xs[l], float64(codes[2*i]))
		ys[l] = append(ys[l], float64(codes[2*i+1]))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range classes {
		xys := make(plotter.XYs, len(xs[c]))
		for i := range xs[c] {
			xys[i] = plotter.XY{X: xs[c][i], Y: ys[c][i]}
			lo = math.Min(lo, math.Min(xs[c][i], ys[c][i]))
			hi = math.Max(hi, math.Max(xs[c][i], ys[c][i]))
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: classPalette[c%len(classPalette)], Radius: vg.Points(1.3), Shape: draw.CircleGlyph{}}
		p.Add(s)
	}
	var at plotter.XYs
	var texts []string
	for c := range classes {
		if len(xs[c]) == 0 {
			continue
		}
		at = append(at, plotter.XY{X: median(xs[c]), Y: median(ys[c])})
		texts = append(texts, names[c])
	}
	separate(at, texts, hi-lo)
	// Each name is drawn in black over a white halo (the same text in white,
	// moved a point in eight directions), so that it reads over the points.
	for _, off := range [][2]float64{{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}, {0, 0}} {
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: texts})
		if err != nil {
			return nil, err
		}
		for i := range l.TextStyle {
			l.TextStyle[i].Color = color.White
			if off == [2]float64{0, 0} {
				l.TextStyle[i].Color = color.Black
			}
			l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			l.TextStyle[i].Font = font.From(plots.Font, plots.LegendSize)
		}
		l.Offset = vg.Point{X: vg.Length(off[0]) * vg.Points(1.2), Y: vg.Length(off[1]) * vg.Points(1.2)}
		p.Add(l)
	}
	pad := 0.04 * (hi - lo)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo-pad, hi+pad, lo-pad, hi+pad
	return p, nil
}

// separate moves the labels at (their centres) apart vertically until no
// two of their boxes overlap, the boxes estimated from the number of
// letters for a square figure spanning span data units.
func separate(at plotter.XYs, texts []string, span float64) {
	h := 0.045 * span
	width := func(i int) float64 { return 0.017 * span * float64(len([]rune(texts[i]))) }
	for range 200 {
		moved := false
		for i := range at {
			for j := i + 1; j < len(at); j++ {
				dx := math.Abs(at[i].X - at[j].X)
				dy := at[i].Y - at[j].Y
				if dx >= (width(i)+width(j))/2 || math.Abs(dy) >= h {
					continue
				}
				push := (h - math.Abs(dy)) / 2 * 1.01
				if dy < 0 || (dy == 0 && i < j) {
					push = -push
				}
				at[i].Y += push
				at[j].Y -= push
				moved = true
			}
		}
		if !moved {
			return
		}
	}
}

// LatentSize is the side of LatentFigure's square figure.
const LatentSize = 15 * vg.Centimeter

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// CodeGrid returns an n×n grid of two-number codes spanning [lo, hi] on both
// axes, row by row from the top (the second value decreasing down the rows,
// as the scatter's y axis does), for a decoder to draw.
func CodeGrid(n int, lo, hi float64) []float32 {
	out := make([]float32, 0, 2*n*n)
	for r := range n {
		y := hi - (hi-lo)*float64(r)/float64(n-1)
		for c := range n {
			x := lo + (hi-lo)*float64(c)/float64(n-1)
			out = append(out, float32(x), float32(y))
		}
	}
	return out
}

// Percentiles returns the q-th and (1−q)-th quantiles of all the values.
func Percentiles(values []float32, q float64) (lo, hi float64) {
	s := make([]float64, len(values))
	for i, v := range values {
		s[i] = float64(v)
	}
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1))], s[int((1-q)*float64(len(s)-1))]
}

// Blend returns the steps images (or codes) (1−t)·a + t·b for t from 0 to
// 1: a straight line from a to b.
func Blend(a, b []float32, steps int) []float32 {
	var out []float32
	for s := range steps {
		t := float32(s) / float32(steps-1)
		for i := range a {
			out = append(out, (1-t)*a[i]+t*b[i])
		}
	}
	return out
}
