package gradientdescent

import (
	"math"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/checktest"
)

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
	checktest.Hints(t, MSEError, []checktest.Wrong[func(p, y []float64) float64]{
		{Name: "blank", Answer: func(p, y []float64) float64 { return 0 }, Hint: "fill in the blank"},
		{Name: "no half", Answer: func(p, y []float64) float64 { return 2 * MSE(p, y) }, Hint: "forgot the ½"},
		{Name: "no m", Answer: func(p, y []float64) float64 { return sumSq(p, y) / 2 }, Hint: "divide by 2m"},
		{Name: "sum only", Answer: sumSq, Hint: "plain sum"},
		{Name: "abs", Answer: func(p, y []float64) float64 {
			var s float64
			for i := range y {
				s += math.Abs(p[i] - y[i])
			}
			return s / float64(len(y))
		}, Hint: "absolute"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

func TestDeckGradientCheck(t *testing.T) {
	if err := DeckGradientError(DeckGradient); err != nil {
		t.Fatalf("the slide's gradient is refused: %v", err)
	}
	checktest.Hints(t, DeckGradientError, []checktest.Wrong[func(w [3]float64) [3]float64]{
		{Name: "blank", Answer: func([3]float64) [3]float64 { return [3]float64{} }, Hint: "fill in"},
		{Name: "double", Answer: func(w [3]float64) [3]float64 {
			g := DeckGradient(w)
			return [3]float64{2 * g[0], 2 * g[1], 2 * g[2]}
		}, Hint: "twice"},
		{Name: "sign", Answer: func(w [3]float64) [3]float64 {
			g := DeckGradient(w)
			return [3]float64{-g[0], -g[1], -g[2]}
		}, Hint: "signs"},
		{Name: "no x", Answer: func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0], g[0], g[0]} }, Hint: "multiply each residual"},
		{Name: "swap", Answer: func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0], g[2], g[1]} }, Hint: "swapped"},
		{Name: "off", Answer: func(w [3]float64) [3]float64 { g := DeckGradient(w); return [3]float64{g[0] + 1, g[1], g[2]} }, Hint: "slopes of J"},
	})
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
	checktest.Hints(t, OneStepRateError, []checktest.Wrong[func(a float64) float64]{
		{Name: "blank", Answer: func(float64) float64 { return 0 }, Hint: "positive"},
		{Name: "1/a", Answer: func(a float64) float64 { return 1 / a }, Hint: "mirror image"},
		{Name: "2/a", Answer: func(a float64) float64 { return 2 / a }, Hint: "beyond"},
		{Name: "quarter", Answer: func(a float64) float64 { return 1 / (4 * a) }, Hint: "lands at"},
		{Name: "other", Answer: func(a float64) float64 { return 0.1 }, Hint: "instead of 0"},
	})
}
