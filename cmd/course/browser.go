package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/gomlx-course/dlcourse/internal/browser"
	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// browserPackages are what the browser test needs from Debian: the browser,
// and a font for the exercise verdicts' emoji in the screenshots.
var browserPackages = []string{"chromium", "fonts-noto-color-emoji"}

// ensureChromium finds Chromium, or installs it from the distribution.
func ensureChromium() (string, error) {
	if path, err := browser.FindChromium(); err == nil {
		say("Chromium: %s", path)
		return path, nil
	}
	say("Chromium: not found; installing Debian's %v", browserPackages)
	if err := aptInstall(browserPackages...); err != nil {
		return "", fmt.Errorf("the browser test needs Chromium (sudo apt-get install chromium): %v", err)
	}
	return browser.FindChromium()
}

// browserTest runs every notebook in headless Chromium on a local Jupyter
// server, as a student would, and checks what the page shows; screenshots go
// to out/browser/.
func (c *course) browserTest(j *jupyter, lvs []lessonVariant) ([]browser.Result, error) {
	if j.lab {
		say("browser test: skipped, only the classic Notebook has a driver yet (JupyterLab is installed)")
		return nil, nil
	}
	chromium, err := ensureChromium()
	if err != nil {
		return nil, err
	}
	var nbs []browser.Notebook
	for _, lv := range lvs {
		rel, err := filepath.Rel("notebooks", lv.path())
		if err != nil {
			return nil, err
		}
		nbs = append(nbs, browser.Notebook{Path: filepath.ToSlash(rel), Solution: lv.variant == notebook.Solution, Exercises: lv.lesson.Exercises})
	}
	shots := filepath.Join(c.root, "out", "browser")
	say("browser test: %d notebooks in headless Chromium, screenshots in %s", len(nbs), shots)
	return browser.Run(context.Background(), browser.Options{
		Jupyter: j.bin, NotebookDir: filepath.Join(c.root, "notebooks"), Chromium: chromium, ScreenshotDir: shots,
	}, nbs)
}
