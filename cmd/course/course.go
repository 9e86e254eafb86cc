package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// course holds what every verb needs to know about this checkout.
type course struct {
	root      string // The folder with the course's go.mod.
	toolchain string // e.g. "go1.27.3", from go.mod's go line.
	gobin     string // Where `go install` puts the Go tools.
}

func newCourse() (*course, error) {
	root, err := findRoot()
	if err != nil {
		return nil, err
	}
	c := &course{root: root}
	if c.toolchain, err = goLine(filepath.Join(root, "go.mod")); err != nil {
		return nil, err
	}
	if tc := os.Getenv("GOTOOLCHAIN"); tc != "" && tc != c.toolchain && tc != "auto" {
		return nil, fmt.Errorf("GOTOOLCHAIN=%s, but the course needs %s: run with GOTOOLCHAIN=%s", tc, c.toolchain, c.toolchain)
	}
	out, err := c.goCmd("env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return nil, fmt.Errorf("cannot run `go env` with %s: %v", c.toolchain, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	c.gobin = strings.TrimSpace(lines[0])
	if c.gobin == "" && len(lines) > 1 {
		c.gobin = filepath.Join(strings.Split(strings.TrimSpace(lines[1]), string(os.PathListSeparator))[0], "bin")
	}
	return c, nil
}

// findRoot walks up from the working directory to the course's go.mod.
func findRoot() (string, error) {
	root, err := data.RepoRoot()
	if err == nil && root == "" {
		err = errors.New("run this from inside the course's folder (the one with its go.mod)")
	}
	return root, err
}

// goLine reads the toolchain the course needs from go.mod's "go" line.
func goLine(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go "); ok {
			return "go" + strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("%s has no go line", gomod)
}

// goEnv is the environment every Go build of the course needs: the toolchain
// GoMLX requires and the SIMD kernels of GoMLX's pure-Go backend.
func (c *course) goEnv() []string {
	return []string{"GOTOOLCHAIN=" + c.toolchain, "GOEXPERIMENT=simd"}
}

// goCmd prepares a go command run in the course's root with goEnv.
func (c *course) goCmd(args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = c.root
	cmd.Env = append(os.Environ(), c.goEnv()...)
	return cmd
}

// run runs cmd with its output going to the terminal.
func run(cmd *exec.Cmd) error {
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	return nil
}

// say prints one line of progress.
func say(format string, args ...any) {
	fmt.Printf("• "+format+"\n", args...)
}

// lessonNames lists lessons/*/lesson.md, or checks the names given.
func (c *course) lessonNames(only []string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(c.root, "lessons", "*", "lesson.md"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range matches {
		names = append(names, filepath.Base(filepath.Dir(m)))
	}
	if len(only) == 0 {
		return names, nil
	}
	var picked []string
	for _, o := range only {
		found := false
		for _, n := range names {
			if n == o || strings.HasPrefix(n, o+"-") {
				picked = append(picked, n)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no lesson %q: the lessons are %s", o, strings.Join(names, ", "))
		}
	}
	return picked, nil
}
