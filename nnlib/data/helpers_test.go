package data

import (
	"math"
	"testing"
)

// closeTo reports whether got is within tol of want, relative to want's size
// when it is larger than 1.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// wantRows checks a Dataset's X against rows of expected values, with the
// tolerance of float32 rounding.
func wantRows(t *testing.T, d *Dataset, want [][]float64) {
	t.Helper()
	if d.Len() != len(want) {
		t.Fatalf("%s has %d examples, want %d", d.Name, d.Len(), len(want))
	}
	for i, row := range want {
		got := d.Row(i)
		for j, w := range row {
			if !closeTo(float64(got[j]), w, 1e-6) {
				t.Errorf("%s example %d feature %d = %.9g, want %.9g", d.Name, i, j, got[j], w)
			}
		}
	}
}

func wantInts(t *testing.T, what string, got, want []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s has %d values, want %d: %v", what, len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}

func wantFloats(t *testing.T, what string, got []float32, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s has %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !closeTo(float64(got[i]), want[i], 1e-6) {
			t.Errorf("%s[%d] = %.9g, want %.9g", what, i, got[i], want[i])
		}
	}
}
