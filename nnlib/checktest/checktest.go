// Package checktest is for the lessons' tests of their exercise checks (see
// nnlib.Check and nnlib.Diagnose): that a check refuses each wrong answer a
// student is likely to write, with the hint written for that mistake.
//
// A test lists the wrong answers as a table, each written the way a student
// would get it wrong, independently of the check's own table of mistakes:
//
//	checktest.Hints(t, gd.MSEError, []checktest.Wrong[func(pred, y []float64) float64]{
//		{Name: "blank", Answer: func(p, y []float64) float64 { return 0 }, Hint: "fill in the blank"},
//		{Name: "no ½", Answer: func(p, y []float64) float64 { return 2 * gd.MSE(p, y) }, Hint: "forgot the ½"},
//	})
package checktest

import (
	"strings"
	"testing"
)

// A Wrong is a wrong answer to an exercise and words the hint of its check
// must contain.
type Wrong[F any] struct {
	Name   string // The mistake, to name a failure.
	Answer F      // The wrong answer, usually a function as the student would write it.
	Hint   string // Words the check's hint must contain.
}

// Hints runs check on every wrong answer and fails t for each one that it
// accepts or whose hint does not contain the words expected.
func Hints[F any](t testing.TB, check func(F) error, wrong []Wrong[F]) {
	t.Helper()
	for _, w := range wrong {
		WantHint(t, w.Name, check(w.Answer), w.Hint)
	}
}

// WantHint fails t unless err, a check's verdict on the wrong answer name,
// is a hint containing the words hint.
func WantHint(t testing.TB, name string, err error, hint string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: a wrong answer passed", name)
	case !strings.Contains(err.Error(), hint):
		t.Errorf("%s: hint %q does not mention %q", name, err, hint)
	}
}
