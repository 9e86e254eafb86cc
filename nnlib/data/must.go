package data

import (
	"fmt"
	"os"
)

// Must returns v, or, when err is not nil, prints err as one line and ends
// the cell's program with exit status 1: notebooks wrap a loader in it, as in
// data.Must(data.FashionMNIST()), to show the remedy instead of a stack trace.
func Must[T any](v T, err error) T {
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	return v
}
