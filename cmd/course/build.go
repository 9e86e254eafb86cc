package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx-course/dlcourse/internal/notebook"
	"github.com/gomlx-course/dlcourse/nnlib"
)

// build renders each lesson's two notebooks from lessons/<name>/lesson.md,
// executes them headless and saves them with their outputs: the notebooks
// students open show the figures of a full run. A notebook whose run has
// problems is not saved. The lessons run in full, never in their quick mode.
//
// With --text, nothing runs: the notebooks are rendered again and keep their
// saved outputs, which is enough when only the lessons' Markdown changed; a
// lesson whose code changed is refused.
func (c *course) build(args []string) error {
	var only []string
	text := false
	for _, a := range args {
		if a == "--text" || a == "-text" {
			text = true
		} else {
			only = append(only, a)
		}
	}
	if text {
		return c.buildText(only)
	}
	os.Unsetenv(nnlib.QuickEnv)
	j, err := c.setupJupyter(setupOptions{data: true})
	if err != nil {
		return err
	}
	lvs, err := c.lessonVariants(only)
	if err != nil {
		return err
	}
	for _, lv := range lvs {
		path := filepath.Join(c.root, lv.path())
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		rendered := lv.lesson.Render(lv.variant)
		// Execute the rendered notebook from its final folder, so that its
		// paths resolve as they will for students.
		previous, _ := os.ReadFile(path)
		if err := rendered.Write(path); err != nil {
			return err
		}
		say("executing %s", lv.path())
		ex, err := c.execute(j, lv.path(), false)
		if err == nil {
			if problems := notebook.Problems(ex.nb, lv.variant, lv.lesson.Exercises); len(problems) > 0 {
				err = fmt.Errorf("%s", report(lv.path(), problems))
			}
		}
		if err != nil {
			if previous != nil {
				_ = os.WriteFile(path, previous, 0o644)
			}
			return fmt.Errorf("%v\nthe notebook was not saved", err)
		}
		// Keep the sources exactly as rendered, with the run's outputs.
		for i := range rendered.Cells {
			if rendered.Cells[i].CellType == "code" {
				rendered.Cells[i].Outputs = ex.nb.Cells[i].Outputs
				rendered.Cells[i].ExecutionCount = ex.nb.Cells[i].ExecutionCount
			}
		}
		if err := rendered.Write(path); err != nil {
			return err
		}
		fmt.Printf("  saved %s (%.1fs)\n", lv.path(), ex.elapsed.Seconds())
	}
	return nil
}

// buildText renders the lessons' notebooks again with their saved outputs
// (see build).
func (c *course) buildText(only []string) error {
	lvs, err := c.lessonVariants(only)
	if err != nil {
		return err
	}
	for _, lv := range lvs {
		path := filepath.Join(c.root, lv.path())
		previous, err := notebook.Read(path)
		if err != nil {
			return fmt.Errorf("%s: %v: run build without --text", lv.path(), err)
		}
		rendered := lv.lesson.Render(lv.variant)
		if err := notebook.KeepOutputs(rendered, previous); err != nil {
			return fmt.Errorf("%s: %v: its outputs must be computed again, run build without --text", lv.path(), err)
		}
		rendered.Metadata = previous.Metadata
		if err := rendered.Write(path); err != nil {
			return err
		}
		fmt.Printf("  saved %s (text only, outputs kept)\n", lv.path())
	}
	return nil
}
