package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// ValueTicks marks exactly the values given, each labelled as written
// ("1", "10", "0.5"): for an axis whose points are a few chosen settings
// (the depths or label budgets a study trained), where ticks between them
// would name settings that never ran. Use it as p.X.Tick.Marker =
// plots.ValueTicks{1, 10, 100}.
type ValueTicks []float64

// Ticks returns one labelled tick per value, whatever the axis' range.
func (v ValueTicks) Ticks(_, _ float64) []plot.Tick {
	ticks := make([]plot.Tick, 0, len(v))
	for _, x := range v {
		ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'f', -1, 64)})
	}
	return ticks
}

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

// CleanTicks marks a linear axis at multiples of 1, 2 or 5 × 10ᵏ, three to
// six of them labelled, with no more decimals than the step needs: "0",
// "2.5", "0.25", never "0.00" or "2.50" as gonum's default ticks write them.
// The course style (New, ApplyStyle) uses it on both axes.
type CleanTicks struct{}

// Ticks returns the labelled ticks and unlabelled minor ticks between them;
// it implements plot.Ticker.
func (CleanTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		if finite(min) {
			return []plot.Tick{{Value: min, Label: FormatValue(min)}}
		}
		return nil
	}
	step, minor := cleanStep(max - min)
	k0, k1 := math.Ceil(min/step-1e-9), math.Floor(max/step+1e-9)
	decimals := max0(-int(math.Floor(math.Log10(step) + 1e-9)))
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		ticks = append(ticks, plot.Tick{Value: k * step, Label: tickLabel(k*step, step, decimals)})
	}
	for k := math.Ceil(min / minor); k*minor <= max; k++ {
		v := k * minor
		if r := math.Mod(math.Abs(v)+step/2, step) - step/2; math.Abs(r) < minor/2 {
			continue // A labelled tick.
		}
		ticks = append(ticks, plot.Tick{Value: v})
	}
	return ticks
}

// cleanStep returns the step between labelled ticks for a range of span: the
// smallest of 1, 2, 5 × 10ᵏ that gives at most 6 labels, and the minor step.
func cleanStep(span float64) (step, minor float64) {
	mag := math.Pow(10, math.Floor(math.Log10(span/6)))
	for _, m := range []float64{1, 2, 5, 10, 20} {
		step = m * mag
		if span/step < 6 {
			break
		}
	}
	minor = step / 5
	if lead := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); math.Abs(lead-2) < 1e-6 {
		minor = step / 2
	}
	return step, minor
}

// tickLabel writes a tick's value with the given decimals, in exponent
// notation for very large or small magnitudes.
func tickLabel(v, step float64, decimals int) string {
	if math.Abs(v) < step/2 {
		return "0"
	}
	if a := math.Max(math.Abs(v), step); a >= 1e6 || step < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	out := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out
}

func max0(n int) int { return max(n, 0) }

// LogTicks marks a logarithmic axis with at least three labelled ticks:
// every power of ten, labelled 0.01, 0.1, 1, 10, 100 (10⁻⁵ beyond); when the
// range holds fewer than three powers, also 2 and 5 times them, and on a
// range under a factor of 5 every multiple of 1 to 9. Unlabelled ticks mark
// the other multiples. Use it as p.Y.Tick.Marker with p.Y.Scale =
// plot.LogScale{}, instead of gonum's plot.LogTicks, which labels 1e+01 and
// may label a single tick.
type LogTicks struct{}

// Ticks implements plot.Ticker for min > 0.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) || math.IsInf(max, 0) {
		return plot.LogTicks{}.Ticks(math.Max(min, 1e-300), math.Max(max, 2*math.Max(min, 1e-300)))
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	in := func(v float64) bool { return v >= min*(1-1e-9) && v <= max*(1+1e-9) }
	count := func(mults []float64) int {
		n := 0
		for e := lo; e <= hi; e++ {
			for _, m := range mults {
				if in(m * math.Pow(10, float64(e))) {
					n++
				}
			}
		}
		return n
	}
	labelled := []float64{1}
	if count(labelled) < 3 {
		labelled = []float64{1, 2, 5}
	}
	if count(labelled) < 3 {
		labelled = []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	}
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, float64(e))
			if !in(v) {
				continue
			}
			t := plot.Tick{Value: v}
			for _, l := range labelled {
				if float64(m) == l {
					t.Label = logLabel(m, e)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// logLabel writes m × 10ᵉ: as a plain number from 0.0001 to 100,000, else
// as 10⁻⁵ or 2·10⁻⁵.
func logLabel(m, e int) string {
	if e >= -4 && e <= 5 {
		return strconv.FormatFloat(float64(m)*math.Pow(10, float64(e)), 'f', max0(-e), 64)
	}
	s := "10" + superscript(strconv.Itoa(e))
	if m != 1 {
		s = strconv.Itoa(m) + "·" + s
	}
	return s
}

// superscript writes the digits and minus sign of s as superscripts.
func superscript(s string) string {
	r := strings.NewReplacer("-", "⁻", "0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹")
	return r.Replace(s)
}
