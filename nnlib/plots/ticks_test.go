package plots

import (
	"math"
	"testing"
)

func TestIntegerTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max  float64
		wantFirst float64
		wantStep  float64
	}{
		{1, 2, 1, 1}, {0.6, 9.2, 1, 1}, {1, 40, 5, 5}, {0, 100, 0, 20}, {1, 1500, 200, 200}, {0, 16, 0, 2},
	} {
		ticks := IntegerTicks{}.Ticks(tc.min, tc.max)
		if len(ticks) < 2 || len(ticks) > 9 {
			t.Errorf("[%g, %g]: %d ticks, want 2 to 9", tc.min, tc.max, len(ticks))
			continue
		}
		if ticks[0].Value != tc.wantFirst || ticks[1].Value-ticks[0].Value != tc.wantStep {
			t.Errorf("[%g, %g]: ticks from %g every %g, want from %g every %g", tc.min, tc.max, ticks[0].Value, ticks[1].Value-ticks[0].Value, tc.wantFirst, tc.wantStep)
		}
		for _, tk := range ticks {
			if tk.Value != math.Trunc(tk.Value) || tk.Value < tc.min || tk.Value > tc.max || tk.Label == "" {
				t.Errorf("[%g, %g]: tick %+v is not a labelled whole number inside the range", tc.min, tc.max, tk)
			}
		}
	}
}
