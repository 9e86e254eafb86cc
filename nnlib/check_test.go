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
