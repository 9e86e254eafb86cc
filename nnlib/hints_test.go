package nnlib

import (
	"math"
	"slices"
	"testing"
)

func TestDiagnose(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	mistakes := []Mistake[float64]{
		{"doubled", 4, "twice the answer"},
		{"also doubled", 4, "never reached: the first match wins"},
		{"sign", -2, "the sign"},
	}
	for _, tc := range []struct {
		got  float64
		want string
	}{{4, "twice the answer"}, {-2 + 1e-12, "the sign"}, {7, "something else"}} {
		if got := Diagnose(tc.got, near, mistakes, "something else"); got != tc.want {
			t.Errorf("Diagnose(%g) = %q, want %q", tc.got, got, tc.want)
		}
	}
	// Answers that are functions are compared by running them.
	formulas := []Mistake[func(n int) int]{{"n²", func(n int) int { return n * n }, "count each pair once"}}
	sameOn := func(got, wrong func(int) int) bool {
		return slices.Equal([]int{got(2), got(5)}, []int{wrong(2), wrong(5)})
	}
	if got := Diagnose(func(n int) int { return n * n }, sameOn, formulas, ""); got != "count each pair once" {
		t.Errorf("a wrong formula: %q", got)
	}
	if got := Diagnose(func(n int) int { return n }, sameOn, formulas, ""); got != "" {
		t.Errorf("an unknown formula: %q", got)
	}
}
