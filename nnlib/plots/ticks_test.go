package plots

import (
	"math"
	"strings"
	"testing"
)

func TestValueTicks(t *testing.T) {
	ticks := ValueTicks{1, 10, 1000, 0.5}.Ticks(0, 2)
	want := []string{"1", "10", "1000", "0.5"}
	if len(ticks) != len(want) {
		t.Fatalf("%d ticks, want %d", len(ticks), len(want))
	}
	for i, tk := range ticks {
		if tk.Label != want[i] || tk.Value != []float64{1, 10, 1000, 0.5}[i] {
			t.Errorf("tick %d is %+v, want %s at its value", i, tk, want[i])
		}
	}
}

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

// TestCleanTicks: labels without useless decimals ("0", "2.5", not "0.00",
// "2.50" as gonum's default writes them), 3 to 6 of them, at round values.
func TestCleanTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		{0, 5, []string{"0", "1", "2", "3", "4", "5"}},
		{0, 0.52, []string{"0", "0.1", "0.2", "0.3", "0.4", "0.5"}},
		{-3.5, 10, []string{"0", "5", "10"}},
		{0, 300, []string{"0", "100", "200", "300"}},
		{-1.3, 1.3, []string{"-1", "-0.5", "0", "0.5", "1"}},
		{0.25, 0.75, []string{"0.3", "0.4", "0.5", "0.6", "0.7"}},
		{0, 1e7, []string{"0", "2e+06", "4e+06", "6e+06", "8e+06", "1e+07"}},
	} {
		var got []string
		for _, tk := range (CleanTicks{}).Ticks(tc.min, tc.max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			if tk.Value < tc.min-1e-9 || tk.Value > tc.max+1e-9 {
				t.Errorf("[%g, %g]: tick %g outside the range", tc.min, tc.max, tk.Value)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("[%g, %g]: labels %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
	// The course style uses them: gonum's default writes 0.00, 2.50, 5.00 here.
	p := New("", "", "")
	var got []string
	for _, tk := range p.X.Tick.Marker.Ticks(0, 5) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	for _, l := range got {
		if strings.HasSuffix(l, "0") && strings.Contains(l, ".") {
			t.Errorf("the course style labels %q on [0, 5]", got)
		}
	}
}

// TestLogTicks: at least three labelled ticks on every log axis, written
// as numbers (0.1, 1, 10), not 1e+01.
func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{0.09, 35, "0.1 1 10"},
		{0.06, 0.3, "0.06 0.07 0.08 0.09 0.1 0.2 0.3"},
		{0.1, 0.8, "0.1 0.2 0.5"},
		{1e-8, 10, "10⁻⁸ 10⁻⁷ 10⁻⁶ 10⁻⁵ 0.0001 0.001 0.01 0.1 1 10"},
		{1, 5000, "1 10 100 1000"},
	} {
		var got []string
		for _, tk := range (LogTicks{}).Ticks(tc.min, tc.max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("[%g, %g]: labels %q, want %q", tc.min, tc.max, strings.Join(got, " "), tc.want)
		}
		if len(got) < 3 {
			t.Errorf("[%g, %g]: %d labelled ticks, want at least 3", tc.min, tc.max, len(got))
		}
	}
}
