package nnlib

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// The two verdicts an exercise's check prints, at the start of a line. The
// course's notebook runner looks for them: every check must answer Correct in
// the solution notebooks and NotYet in the student notebooks with blanks.
const (
	Correct = "✅ Correct"
	NotYet  = "❌ Not yet"
)

// Check prints the verdict of an exercise: "✅ Correct: <exercise>" when err is
// nil, otherwise "❌ Not yet: <exercise>" and err's message as the hint. It
// returns whether the answer was correct.
//
// Lesson packages write checks as functions returning an error that says what
// is wrong and how to fix it, and call Check to report.
func Check(exercise string, err error) bool {
	return report(os.Stdout, exercise, err)
}

func report(w io.Writer, exercise string, err error) bool {
	if err == nil {
		fmt.Fprintf(w, "%s: %s\n", Correct, exercise)
		return true
	}
	hint := strings.TrimSpace(err.Error())
	fmt.Fprintf(w, "%s: %s\n   Hint: %s\n", NotYet, exercise, strings.ReplaceAll(hint, "\n", "\n   "))
	return false
}

// Stopped turns a panic of the student's function that a check calls into
// the check's error, "your function stopped with "<the panic>": <hint>", so
// that the student sees a hint instead of a stack trace. Defer it at the top
// of a check with a named error result:
//
//	func StepError(candidate func(...)) (err error) {
//		defer nnlib.Stopped(&err, "w and g have one entry per parameter")
//		...
func Stopped(err *error, hint string) {
	if r := recover(); r != nil {
		msg := fmt.Sprintf("your function stopped with %q", fmt.Sprint(r))
		if hint != "" {
			msg += ": " + hint
		}
		*err = errors.New(msg)
	}
}
