package main

import (
	"path/filepath"

	"github.com/gomlx-course/dlcourse/internal/gallery"
)

// gallery rewrites figures/, the deck's figures that the course reproduces,
// with their index; the same inputs always give the same bytes, and
// `go test ./internal/gallery` fails when the committed folder is stale.
func (c *course) gallery() error {
	dir := filepath.Join(c.root, "figures")
	if err := gallery.Generate(dir); err != nil {
		return err
	}
	say("figure gallery written to %s (%d figures, index in README.md)", dir, len(gallery.Figures()))
	return nil
}
