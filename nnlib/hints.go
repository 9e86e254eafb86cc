package nnlib

// A Mistake is a likely wrong answer to an exercise, with the hint for the
// student who gives it. An exercise's check tries the student's function on
// a few cases and, when an answer is wrong, looks it up in a table of
// mistakes to say what went wrong rather than only that it did:
//
//	hint := nnlib.Diagnose(got, near, []nnlib.Mistake[float64]{
//		{Name: "the ½ forgotten", Wrong: 2 * want, Hint: "you forgot the ½ in 1/(2m)"},
//		{Name: "a sum, not an average", Wrong: m * want, Hint: "divide by 2m, not by 2"},
//	}, fmt.Sprintf("you return %g, want %g", got, want))
//
// The check computes each Wrong answer itself, from the case's inputs by the
// wrong formula the mistake stands for, never from the student's code; and it
// compares the student's answer with the right one, computed independently,
// before it looks for a mistake.
type Mistake[T any] struct {
	Name  string // The mistake in a few words, for whoever reads the table.
	Wrong T      // The answer the mistake gives: a value, or a wrong function that same runs.
	Hint  string // What to tell the student whose answer it is.
}

// Diagnose returns the hint of the first of the mistakes whose Wrong answer
// is the student's answer got, as same decides (with the check's own
// tolerance), or otherwise when none is. The order of the table matters when
// two mistakes can give the same answer: the likelier one goes first.
func Diagnose[T any](got T, same func(got, wrong T) bool, mistakes []Mistake[T], otherwise string) string {
	for _, m := range mistakes {
		if same(got, m.Wrong) {
			return m.Hint
		}
	}
	return otherwise
}
