package main

import (
	"path/filepath"

	"github.com/gomlx-course/dlcourse/internal/gallery"
)

// gallery rewrites figures/, the deck's figures that the course reproduces,
// with their index; the same inputs always give the same bytes, and
// `go test ./internal/gallery` fails when the committed folder is stale.
//
// Some figures come from trainings, whose last bits depend on how the
// backend was built: the figures are drawn by a build with the course's Go
// settings (GOEXPERIMENT=simd), the same as the tests', whatever this
// command was started with.
func (c *course) gallery() error {
	return run(c.goCmd("run", "./cmd/course", "gallery-write"))
}

// galleryWrite draws the gallery in this process.
func (c *course) galleryWrite() error {
	dir := filepath.Join(c.root, "figures")
	if err := gallery.Generate(dir, true); err != nil {
		return err
	}
	say("figure gallery written to %s (%d figures, index in README.md)", dir, len(gallery.Figures()))
	return nil
}
