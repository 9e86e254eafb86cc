package plots

import (
	"math"
	"strconv"
	"strings"
)

// FormatValue writes v with 3 significant digits and no exponent for
// everyday magnitudes: 0.05, 1.25, 120.
func FormatValue(v float64) string {
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e-3 && a < 1e5 {
		return trimFloat(v)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// trimFloat rounds v to 3 significant digits and writes it without trailing
// zeros.
func trimFloat(v float64) string {
	k := 2 - int(math.Floor(math.Log10(math.Abs(v))))
	scale := math.Pow(10, float64(k))
	r := math.Round(v*scale) / scale
	if k < 0 {
		r = math.Round(v/math.Pow(10, float64(-k))) * math.Pow(10, float64(-k))
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// formatTick writes v with as many decimals as a range of span needs for
// about 3 significant digits.
func formatTick(v, span float64) string {
	decimals := 0
	if span > 0 {
		decimals = max(0, 2-int(math.Floor(math.Log10(span))))
	}
	out := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if out == "-0" {
		out = "0"
	}
	return out
}
