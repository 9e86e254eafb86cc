// Package gettingstarted is what lesson 00, "Getting started", is built from:
// the checks of its exercise and the small model it keeps between cells.
//
// The lesson itself is lesson.md in this folder; `go run ./cmd/course build`
// renders it into notebooks/00-getting-started.ipynb (with the exercise's
// blank) and notebooks/solutions/00-getting-started.ipynb.
package gettingstarted
