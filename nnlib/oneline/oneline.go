// Package oneline puts a message on one line, for the two places the course
// reports to a person: nnlib (and its plots), for the student in a
// notebook, and the course's own tools (cmd/course and internal/, which
// nnlib must not import). It imports nothing but the standard library, so
// that every one of them can use it.
package oneline

import (
	"fmt"
	"os"
	"strings"
)

// First returns the first line of s that is not blank, without the spaces
// around it, cut to max characters (runes) followed by "…" when it is
// longer; max ≤ 0 keeps it whole. It names a notebook cell by its first line
// of code and shortens a tool's error to the line that says what failed.
func First(s string, max int) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			if r := []rune(line); max > 0 && len(r) > max {
				line = string(r[:max]) + "…"
			}
			return line
		}
	}
	return ""
}

// Fatal prints err as "Error: <err>" on standard error and ends the program
// with exit status 1. In a notebook, where every cell is a program of its
// own, that stops the cell with the remedy instead of a stack trace; see
// nnlib.Fatal and plots.Display, which call it.
func Fatal(err error) {
	fmt.Fprintf(os.Stderr, "Error: %v\n", err)
	os.Exit(1)
}
