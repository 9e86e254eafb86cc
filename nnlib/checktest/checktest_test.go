package checktest

import (
	"errors"
	"fmt"
	"testing"
)

// isEven is a check: it refuses odd numbers, with a hint.
func isEven(n int) error {
	if n%2 != 0 {
		return fmt.Errorf("%d is odd: add one", n)
	}
	return nil
}

// recorder is a testing.TB that keeps its errors.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestHints(t *testing.T) {
	r := &recorder{TB: t}
	Hints(r, isEven, []Wrong[int]{{"three", 3, "add one"}, {"five", 5, "odd"}})
	if len(r.errors) != 0 {
		t.Errorf("right hints reported: %v", r.errors)
	}
	Hints(r, isEven, []Wrong[int]{{"four", 4, "odd"}, {"seven", 7, "subtract"}})
	want := []string{`four: a wrong answer passed`, `seven: hint "7 is odd: add one" does not mention "subtract"`}
	if fmt.Sprint(r.errors) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", r.errors, want)
	}
	r.errors = nil
	WantHint(r, "direct", errors.New("the sign is flipped"), "sign")
	if len(r.errors) != 0 {
		t.Errorf("WantHint: %v", r.errors)
	}
}
