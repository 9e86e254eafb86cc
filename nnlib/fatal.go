package nnlib

import (
	"fmt"
	"os"
)

// Fatal prints err as one line a student can act on and ends the cell's
// program with exit status 1. Notebook code calls it instead of panicking, so
// the notebook shows the remedy, not a stack trace.
func Fatal(err error) {
	fmt.Fprintf(os.Stderr, "Error: %v\n", err)
	os.Exit(1)
}
