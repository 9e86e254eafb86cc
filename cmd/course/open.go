package main

import (
	"os"
	"os/exec"
	"path/filepath"
)

// open installs whatever is missing and starts Jupyter on notebooks/,
// passing any extra arguments on to Jupyter (e.g. --no-browser --port 8899).
func (c *course) open(args []string) error {
	j, err := c.setupJupyter(setupOptions{xla: true, data: true})
	if err != nil {
		return err
	}
	app := "notebook"
	if j.lab {
		app = "lab"
	}
	dir := filepath.Join(c.root, "notebooks")
	say("starting Jupyter %s on %s (Ctrl+C twice to stop)", app, dir)
	jargs := []string{app, "--notebook-dir=" + dir}
	if os.Geteuid() == 0 {
		// Jupyter refuses to start as root (a workshop container, CI) without it.
		jargs = append(jargs, "--allow-root")
	}
	cmd := exec.Command(j.bin, append(jargs, args...)...)
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}
