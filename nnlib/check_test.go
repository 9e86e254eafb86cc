package nnlib

import (
	"errors"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	var b strings.Builder
	if !report(&b, "derivative", nil) || b.String() != Correct+": derivative\n" {
		t.Errorf("correct: %q", b.String())
	}
	b.Reset()
	if report(&b, "derivative", errors.New("at x=2 you gave 4, want 12:\ndid you forget a factor?")) {
		t.Error("a wrong answer must report false")
	}
	want := NotYet + ": derivative\n   Hint: at x=2 you gave 4, want 12:\n   did you forget a factor?\n"
	if b.String() != want {
		t.Errorf("got %q want %q", b.String(), want)
	}
}

// stopping is a check whose candidate panics.
func stopping(candidate func([]int) int, hint string) (err error) {
	defer Stopped(&err, hint)
	candidate(nil)
	return nil
}

func TestStopped(t *testing.T) {
	err := stopping(func(x []int) int { return x[3] }, "x may be empty")
	want := `your function stopped with "runtime error: index out of range [3] with length 0": x may be empty`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if err := stopping(func([]int) int { panic("boom") }, ""); err == nil || err.Error() != `your function stopped with "boom"` {
		t.Errorf("without a hint: %v", err)
	}
	if err := stopping(func([]int) int { return 0 }, "unused"); err != nil {
		t.Errorf("no panic: %v", err)
	}
}

// failing is a function whose GoMLX call panics.
func failing(panics bool) (err error) {
	defer Failed(&err, "GoMLX failed")
	if panics {
		panic("shapes [2 3] and [4] do not match")
	}
	return nil
}

func TestFailed(t *testing.T) {
	if err := failing(true); err == nil || err.Error() != "GoMLX failed: shapes [2 3] and [4] do not match" {
		t.Errorf("got %v", err)
	}
	if err := failing(false); err != nil {
		t.Errorf("no panic: %v", err)
	}
}
