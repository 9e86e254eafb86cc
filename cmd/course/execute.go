package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// cellTimeout bounds one cell's run, in seconds, when executing headless.
const cellTimeout = 1800

// execution is one notebook executed headless.
type execution struct {
	nb      *notebook.Notebook
	elapsed time.Duration
	log     string // nbconvert's and the kernel's own messages, for failures.
}

// execute runs the notebook at path (relative to the course root) through
// the real Jupyter protocol with the GoNB kernel, as nbconvert does, and
// returns the executed copy; the file itself is not changed. The kernel starts
// in the notebook's folder, as in Jupyter, and Keep's cache starts empty, so
// everything is computed.
func (c *course) execute(j *jupyter, path string, timing bool) (*execution, error) {
	outDir, err := os.MkdirTemp("", "course-run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(outDir)
	cacheDir := filepath.Join(outDir, "cache")
	args := []string{"nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.kernel_name=gonb",
		fmt.Sprintf("--ExecutePreprocessor.timeout=%d", cellTimeout),
		fmt.Sprintf("--ExecutePreprocessor.record_timing=%v", timing),
		"--output-dir", outDir, "--output", "executed.ipynb",
		filepath.Join(c.root, path)}
	cmd := exec.Command(j.bin, args...)
	cmd.Dir = c.root
	cmd.Env = append(os.Environ(), "NNLIB_CACHE_DIR="+cacheDir)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s: jupyter nbconvert failed (%v):\n%s", path, err, lastLines(log.Bytes(), 20))
	}
	nb, err := notebook.Read(filepath.Join(outDir, "executed.ipynb"))
	if err != nil {
		return nil, err
	}
	return &execution{nb: nb, elapsed: elapsed, log: log.String()}, nil
}

// lessonVariant is one notebook of one lesson.
type lessonVariant struct {
	lesson  *notebook.Lesson
	variant notebook.Variant
}

func (lv lessonVariant) path() string { return notebook.NotebookPath(lv.lesson.Name, lv.variant) }

// lessonVariants reads the lessons chosen by only (all when empty, see
// lessonNames) and lists their two notebooks each.
func (c *course) lessonVariants(only []string) ([]lessonVariant, error) {
	names, err := c.lessonNames(only)
	if err != nil {
		return nil, err
	}
	return c.variants(names)
}

// variants reads the named lessons and lists their two notebooks each.
func (c *course) variants(names []string) ([]lessonVariant, error) {
	var out []lessonVariant
	for _, name := range names {
		l, err := notebook.ReadLesson(filepath.Join(c.root, "lessons", name, "lesson.md"))
		if err != nil {
			return nil, err
		}
		out = append(out, lessonVariant{l, notebook.Student}, lessonVariant{l, notebook.Solution})
	}
	return out, nil
}

// report formats the problems found in one notebook.
func report(path string, problems []string) string {
	return fmt.Sprintf("%s:\n  - %s", path, strings.Join(problems, "\n  - "))
}
