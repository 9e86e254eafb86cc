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

// browserTest runs the student notebooks in headless Chromium on a local
// Jupyter server, as a student would, and checks what the page shows;
// screenshots go to out/browser/.
//
// Only the student versions: they are what students open, and their
// exercise cells take the paths a page must show (a check that answers "not
// yet", the fallback that trains the lesson's plan). The solution versions
// run the same cells through the same front end; they are executed headless
// (and checked) just before, and running them in Chromium too cost a quarter
// of CI's time for nothing the page could show differently.
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
		if lv.variant == notebook.Solution {
			continue
		}
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
