package nnlib

import "github.com/gomlx-course/dlcourse/nnlib/oneline"

// Fatal prints err as one line a student can act on and ends the cell's
// program with exit status 1. Notebook code calls it instead of panicking, so
// the notebook shows the remedy, not a stack trace.
func Fatal(err error) { oneline.Fatal(err) }
