package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
	"github.com/gomlx-course/dlcourse/nnlib"
)

// test is the course's whole test: go vet, go test, notebooks in sync with
// their lesson sources, committed notebooks clean, and every notebook executed
// headless through Jupyter with the GoNB kernel.
//
// The lessons run in their quick mode (nnlib.QuickEnv=1): long trainings
// train on a small part of their data, so that the whole test fits in CI.
func (c *course) test(only []string) error {
	os.Setenv(nnlib.QuickEnv, "1") // Inherited by go test, nbconvert, Jupyter and the kernels.
	j, err := c.setupJupyter(setupOptions{data: true})
	if err != nil {
		return err
	}
	say("go vet ./...")
	if err := run(c.goCmd("vet", "./...")); err != nil {
		return err
	}
	say("go test ./...")
	goTest := c.goCmd("test", "./...")
	// The browser test of the notebooks runs below, on every lesson; its
	// package's own test would run lesson 00 a second time.
	goTest.Env = append(goTest.Env, "COURSE_BROWSER_TESTS=off")
	if err := run(goTest); err != nil {
		return err
	}
	say("go test -tags noxla ./nnlib/... (how the kernel builds without an XLA plugin)")
	if err := run(c.goCmd("test", "-tags", "noxla", "./nnlib/...")); err != nil {
		return err
	}
	lvs, err := c.lessonVariants(only)
	if err != nil {
		return err
	}

	var failures []string
	say("notebooks in sync with lessons/*/lesson.md, committed with clean outputs")
	if len(only) == 0 {
		if orphans := c.orphanNotebooks(lvs); len(orphans) > 0 {
			failures = append(failures, fmt.Sprintf("notebooks without a lesson source (delete them, or add lessons/<name>/lesson.md): %s", strings.Join(orphans, ", ")))
		}
	}
	for _, lv := range lvs {
		if problems := c.committedProblems(lv); len(problems) > 0 {
			failures = append(failures, report(lv.path(), problems))
		}
	}

	say("executing %d notebooks headless (Jupyter protocol, GoNB kernel)", len(lvs))
	passed, failed := 0, 0
	var total time.Duration
	for _, lv := range lvs {
		ex, err := c.execute(j, lv.path(), false)
		if err != nil {
			failures = append(failures, err.Error())
			failed++
			fmt.Printf("  FAIL %-50s\n", lv.path())
			continue
		}
		total += ex.elapsed
		if problems := notebook.Problems(ex.nb, lv.variant, lv.lesson.Exercises); len(problems) > 0 {
			failures = append(failures, report(lv.path()+" (executed)", problems))
			failed++
			fmt.Printf("  FAIL %-50s %6.1fs\n", lv.path(), ex.elapsed.Seconds())
			continue
		}
		passed++
		fmt.Printf("  ok   %-50s %6.1fs\n", lv.path(), ex.elapsed.Seconds())
	}
	fmt.Printf("  all notebooks: %.1fs\n", total.Seconds())

	results, err := c.browserTest(j, lvs)
	if err != nil {
		failures = append(failures, "browser test: "+err.Error())
	}
	for _, r := range results {
		status := "ok  "
		if len(r.Problems) > 0 {
			status = "FAIL"
			failed++
		} else {
			passed++
		}
		fmt.Printf("  %s %-50s %6.1fs in Chromium, %d figures\n", status, "notebooks/"+r.Path, r.Duration.Seconds(), r.Figures)
	}
	if err != nil && len(results) == 0 {
		failed++
	}
	if len(failures) > 0 {
		fmt.Fprintf(os.Stderr, "\n%s\n", strings.Join(failures, "\n"))
	}
	fmt.Printf("notebooks: %d passed, %d failed\n", passed, failed)
	if len(failures) > 0 {
		return fmt.Errorf("%d problem(s) in the notebooks, listed above", len(failures))
	}
	return nil
}

// orphanNotebooks lists the notebooks in notebooks/ that no lesson renders:
// a student would open them, but nothing keeps them right.
func (c *course) orphanNotebooks(lvs []lessonVariant) []string {
	rendered := map[string]bool{}
	for _, lv := range lvs {
		rendered[filepath.ToSlash(lv.path())] = true
	}
	var orphans []string
	for _, pattern := range []string{"notebooks/*.ipynb", "notebooks/solutions/*.ipynb"} {
		matches, _ := filepath.Glob(filepath.Join(c.root, pattern))
		for _, m := range matches {
			rel, err := filepath.Rel(c.root, m)
			if err == nil && !rendered[filepath.ToSlash(rel)] && !strings.HasPrefix(filepath.Base(rel), ".") {
				orphans = append(orphans, rel)
			}
		}
	}
	return orphans
}

// committedProblems checks the notebook as committed: it exists, its cells are
// exactly what its lesson source renders (so student and solution cannot
// drift), and it carries the clean outputs of a full run.
func (c *course) committedProblems(lv lessonVariant) []string {
	path := filepath.Join(c.root, lv.path())
	nb, err := notebook.Read(path)
	if err != nil {
		return []string{fmt.Sprintf("cannot read it (%v): run `go run ./cmd/course build %s`", err, lv.lesson.Name)}
	}
	if msg := notebook.SameSources(lv.lesson.Render(lv.variant), nb); msg != "" {
		return []string{msg + fmt.Sprintf(": edit lessons/%s/lesson.md, not the notebook, then run `go run ./cmd/course build %s`", lv.lesson.Name, lv.lesson.Name)}
	}
	return notebook.Problems(nb, lv.variant, lv.lesson.Exercises)
}
