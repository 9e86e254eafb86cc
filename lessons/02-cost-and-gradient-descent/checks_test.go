package gradientdescent

import (
	"math"
	"strings"
	"testing"
)

func wantHint(t *testing.T, name string, err error, hint string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: a wrong answer passed", name)
		return
	}
	if !strings.Contains(err.Error(), hint) {
		t.Errorf("%s: hint %q does not mention %q", name, err, hint)
	}
}

func TestMSECheck(t *testing.T) {
	if err := MSEError(MSE); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	sumSq := func(p, y []float64) float64 {
		var s float64
		for i := range y {
			s += (p[i] - y[i]) * (p[i] - y[i])
		}
		return s
	}
	for name, tc := range map[string]struct {
		f    func(p, y []float64) float64
		hint string
	}{
		"blank":    {func(p, y []float64) float64 { return 0 }, "fill in the blank"},
		"no half":  {func(p, y []float64) float64 { return 2 * MSE(p, y) }, "forgot the ½"},
		"no m":     {func(p, y []float64) float64 { return sumSq(p, y) / 2 }, "divide by 2m"},
		"sum only": {sumSq, "plain sum"},
		"abs": {func(p, y []float64) float64 {
			var s float64
			for i := range y {
				s += math.Abs(p[i] - y[i])
			}
			return s / float64(len(y))
		}, "absolute"},
		"nil": {nil, "nil"},
	} {
		wantHint(t, name, MSEError(tc.f), tc.hint)
	}
}

func TestDeckGradientCheck(t *testing.T) {
	if err := DeckGradientError(DeckGradient); err != nil {
		t.Fatalf("the slide's gradient is refused: %v", err)
	}
	for name, tc := range map[string]struct {
		f    func(w [3]float64) [3]float64
		hint string
	}{
		"blank": {func([3]float64) [3]float64 { return [3]float64{} }, "fill in"},
		"double": {func(w [3]float64) [3]float64 {
			g := DeckGradient(w)
			return [3]float64{2 * g[0], 2 * g[1], 2 * g[2]}
		}, "twice"},
		"sign": {func(w [3]float64) [3]float64 {
			g := DeckGradient(w)
			return [3]float64{-g[0], -g[1], -g[2]}
		}, "signs"},
		"no x": {func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0], g[0], g[0]} }, "multiply each residual"},
		"swap": {func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0], g[2], g[1]} }, "swapped"},
		"off":  {func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0] + 1, g[1], g[2]} }, "slopes of J"},
	} {
		wantHint(t, name, DeckGradientError(tc.f), tc.hint)
	}
}

func TestOneStepRateCheck(t *testing.T) {
	if err := OneStepRateError(func(a float64) float64 { return 1 / (2 * a) }); err != nil {
		t.Fatalf("η = 1/(2a) is refused: %v", err)
	}
	// And it really does land on the minimum: from w = 5, c = 2, a = 3.
	a, c, w := 3.0, 2.0, 5.0
	if w1 := w - 1/(2*a)*2*a*(w-c); w1 != c {
		t.Fatalf("one step lands at %v, not %v", w1, c)
	}
	for name, tc := range map[string]struct {
		f    func(a float64) float64
		hint string
	}{
		"blank":   {func(float64) float64 { return 0 }, "positive"},
		"1/a":     {func(a float64) float64 { return 1 / a }, "mirror image"},
		"2/a":     {func(a float64) float64 { return 2 / a }, "beyond"},
		"quarter": {func(a float64) float64 { return 1 / (4 * a) }, "lands at"},
		"other":   {func(a float64) float64 { return 0.1 }, "instead of 0"},
	} {
		wantHint(t, name, OneStepRateError(tc.f), tc.hint)
	}
}
