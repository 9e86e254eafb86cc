//go:build !linux

package browser

import (
	"errors"
	"os/exec"
)

func checkPlatform() error {
	return errors.New("the browser test runs on Linux only")
}

func newMarker() string                   { return "DLCOURSE_BROWSER_TEST=1" }
func newProcessGroup(cmd *exec.Cmd)       {}
func signalGroup(pid int, kill bool)      {}
func marked(marker string) map[int]string { return nil }
func sweep(marker string) []string        { return nil }
func orphans() []string                   { return nil }
