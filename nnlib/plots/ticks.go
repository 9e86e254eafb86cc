package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// IntegerTicks marks an axis whose quantity is a count (epochs, layers,
// steps) at whole numbers only, labelled without decimals: gonum's default
// ticks put "0.5" or "1.0" on a short axis. Use it as p.X.Tick.Marker.
type IntegerTicks struct{}

// Ticks returns ticks at whole numbers between min and max, about five
// labelled ones, every whole number when the range is short.
func (IntegerTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := math.Ceil(min), math.Floor(max)
	if hi < lo {
		return nil
	}
	// The step is the first of 1, 2, 5, 10, 20, 50, … that gives at most 8
	// intervals.
	step := 1.0
	for i := 0; (hi-lo)/step > 8; i++ {
		step = []float64{1, 2, 5}[(i+1)%3] * math.Pow(10, float64((i+1)/3))
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}
