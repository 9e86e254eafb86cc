package recurrent

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
)

// MemoryFigure draws the memory study: test accuracy against the delay k for
// each cell, with the accuracy of a guess.
func MemoryFigure(results []MemoryResult) (*plot.Plot, error) {
	if len(results) == 0 {
		return nil, errors.New("no results to draw: run the memory study first")
	}
	var series []plots.Series
	for i, kind := range rnn.Kinds {
		s := plots.Series{Points: true, Color: plots.ClassColor(i)}
		for _, r := range results {
			if r.Net.Kind == kind {
				s.Name = fmt.Sprintf("%s (%d units, %d weights)", kind, r.Net.Hidden, r.Net.Params())
				s.X = append(s.X, float64(r.Delay))
				s.Y = append(s.Y, 100*r.Accuracy)
			}
		}
		if len(s.X) > 0 {
			series = append(series, s)
		}
	}
	lo, hi := series[0].X[0], series[0].X[len(series[0].X)-1]
	series = append(series, plots.Series{Name: "guessing (1/8)", X: []float64{lo, hi}, Y: []float64{100.0 / Symbols, 100.0 / Symbols}, Dashed: true, Color: grey})
	p, err := plots.Lines("Recall the symbol seen k steps before", "delay k (steps)", "test accuracy (%)", series...)
	if err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, 105
	p.X.Tick.Marker = plots.IntegerTicks{}
	plots.LegendAt(p, false, true)
	return p, nil
}

// ForecastFigure draws the last two months of the test year: the births,
// and the day-ahead forecasts of the given methods.
func ForecastFigure(b *Births, forecasts ...Forecast) (*plot.Plot, error) {
	from := time.Date(2014, 11, 1, 0, 0, 0, 0, time.UTC)
	var days []float64
	var actual []float64
	first := -1
	for i, d := range b.Days {
		if !d.Before(from) {
			if first < 0 {
				first = i
			}
			days = append(days, float64(i-first+1))
			actual = append(actual, b.Counts[i])
		}
	}
	if first < 0 {
		return nil, errors.New("the series does not reach November 2014")
	}
	series := []plots.Series{{Name: "births", X: days, Y: actual, Color: color.Black}}
	for k, f := range forecasts {
		if f.Horizon != 1 {
			return nil, fmt.Errorf("%s forecasts %d days ahead: the figure shows day-ahead forecasts", f.Method, f.Horizon)
		}
		s := plots.Series{Name: f.Method, Color: plots.ClassColor(k), Dashed: k > 0}
		for i, t := range f.Starts {
			if t >= first {
				s.X = append(s.X, float64(t-first+1))
				s.Y = append(s.Y, f.Values[i][0])
			}
		}
		series = append(series, s)
	}
	p, err := plots.Lines("Day-ahead forecasts, November–December 2014 (test year)", "day (1 = 1 November 2014)", "births per day", series...)
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plot.ConstantTicks(monthTicks(b, first))
	p.Y.Min, p.Y.Max = 5000, 16000 // Room above the peaks for the legend.
	plots.LegendAt(p, true, true)
	return p, nil
}

// monthTicks labels the days of November and December from first: the 1st
// of each month and the 25th of December, with a tick on every Monday.
func monthTicks(b *Births, first int) []plot.Tick {
	var ticks []plot.Tick
	for i := first; i < len(b.Days); i++ {
		d := b.Days[i]
		v := float64(i - first + 1)
		switch {
		case d.Day() == 1 || (d.Month() == 12 && d.Day() == 25):
			ticks = append(ticks, plot.Tick{Value: v, Label: d.Format("2 Jan")})
		case d.Weekday() == time.Monday:
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// ForecastTable is the test year's errors of every method, one line each.
func ForecastTable(b *Births, forecasts ...Forecast) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%-26s %9s %12s %8s\n", "method", "horizon", "MAE (births)", "MAPE")
	for _, f := range forecasts {
		mae, mape := f.Errors(b)
		h := "1 day"
		if f.Horizon > 1 {
			h = fmt.Sprintf("%d days", f.Horizon)
		}
		fmt.Fprintf(&s, "%-26s %9s %12.0f %7.2f%%\n", f.Method, h, mae, mape)
	}
	return s.String()
}

// WriterFigure draws the character model's validation cross-entropy in
// bits per character after each evaluation, against the n-gram baseline's.
func WriterFigure(run rnn.CharRun, ngramBits float64, ngramOrder int) (*plot.Plot, error) {
	if len(run.Snapshots) == 0 {
		return nil, errors.New("the run has no evaluations to draw")
	}
	var steps, bits []float64
	for _, s := range run.Snapshots {
		steps = append(steps, float64(s.Step))
		bits = append(bits, s.ValidNats/math.Ln2)
	}
	lo, hi := steps[0], steps[len(steps)-1]
	p, err := plots.Lines("The character model on text it never saw", "training step", "validation cross-entropy (bits per character)",
		plots.Series{Name: run.Config.Model.Kind.String(), X: steps, Y: bits, Points: true},
		plots.Series{Name: fmt.Sprintf("%d-gram (Witten–Bell)", ngramOrder), X: []float64{lo, hi}, Y: []float64{ngramBits, ngramBits}, Dashed: true, Color: grey})
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker = plots.IntegerTicks{}
	p.Y.Min = 2 // The interesting range: a uniform guess over 84 characters is 6.4 bits.
	plots.LegendAt(p, true, false)
	return p, nil
}

// grey draws reference lines: chance, baselines.
var grey color.Color = color.Gray{Y: 120}

// ForgettingFigure draws ‖∂hₜ/∂h₋₁‖ against t on a log axis, one line per
// scale of U.
func ForgettingFigure(curves []ForgettingCurve) (*plot.Plot, error) {
	if len(curves) == 0 {
		return nil, errors.New("no curves to draw: run the measurement first")
	}
	var series []plots.Series
	for i, c := range curves {
		s := plots.Series{Name: fmt.Sprintf("‖U‖ = %g", c.Scale), Color: plots.ClassColor(i)}
		for t, n := range c.Norms {
			if n > 0 {
				s.X = append(s.X, float64(t))
				s.Y = append(s.Y, n)
			}
		}
		series = append(series, s)
	}
	p, err := plots.Lines("How much h(t) depends on the state before the sequence", "step t", "‖∂h(t)/∂h₋₁‖ (spectral norm)", series...)
	if err != nil {
		return nil, err
	}
	lo, hi := math.Inf(1), 0.0
	for _, s := range series {
		for _, v := range s.Y {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	// Whole decades around the data (the linear padding of plots.Lines
	// would reach below 0).
	p.Y.Min, p.Y.Max = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, decadeTicks{}
	p.X.Tick.Marker = plots.IntegerTicks{}
	plots.LegendAt(p, false, true)
	return p, nil
}

// decadeTicks marks a log axis that spans many decades at powers of ten,
// labelled 10ⁿ every few decades so that at most about six labels show
// (gonum's LogTicks labels every decade, in full decimals).
type decadeTicks struct{}

// Ticks returns the ticks between min and max.
func (decadeTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := int(math.Ceil(math.Log10(min))), int(math.Floor(math.Log10(max)))
	step := 1
	for (hi-lo)/step > 6 {
		step = map[int]int{1: 2, 2: 5, 5: 10, 10: 20}[step]
		if step == 0 {
			step = 50
			break
		}
	}
	var ticks []plot.Tick
	for k := lo; k <= hi; k++ {
		t := plot.Tick{Value: math.Pow(10, float64(k))}
		if k%step == 0 {
			t.Label = decade(k)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// decade labels 10ᵏ: 1, 10 and 100 as such, others as 1e-30 (the course's
// font has no superscript minus).
func decade(k int) string {
	switch k {
	case 0:
		return "1"
	case 1:
		return "10"
	case 2:
		return "100"
	}
	return fmt.Sprintf("1e%d", k)
}
