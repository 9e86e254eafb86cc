package plots

import (
	"slices"
	"testing"
)

func TestSmooth(t *testing.T) {
	if got, want := Smooth([]float64{1, 3, 5, 7}, 2), []float64{1, 2, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("Smooth(·, 2) = %v, want %v", got, want)
	}
	if got, want := Smooth([]float64{2, 4, 9}, 5), []float64{2, 3, 5}; !slices.Equal(got, want) {
		t.Errorf("Smooth(·, 5) = %v, want %v", got, want)
	}
	if got := Smooth([]float64{1, 2}, 0); !slices.Equal(got, []float64{1, 2}) {
		t.Errorf("a window of 0 must leave the values as they are, got %v", got)
	}
}
