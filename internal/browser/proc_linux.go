package browser

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func checkPlatform() error { return nil }

// markerName is the environment variable of the marker.
const markerName = "DLCOURSE_BROWSER_TEST"

// newMarker returns an environment entry, unique to this run, that every
// process the run starts inherits: the Jupyter server, its kernels and what
// they start, Chromium and its helpers.
func newMarker() string {
	r, err := randomHex(8)
	if err != nil {
		r = strconv.FormatInt(time.Now().UnixNano(), 16)
	}
	return fmt.Sprintf("%s=%d-%s", markerName, os.Getpid(), r)
}

// newProcessGroup makes cmd lead a process group of its own, so that it and
// its children can be signalled together, and kills it if this process dies.
func newProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// signalGroup sends SIGTERM, or SIGKILL when kill is set, to the process group
// led by pid.
func signalGroup(pid int, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-pid, sig)
}

// marked lists the processes whose environment holds marker, with their
// command names.
func marked(marker string) map[int]string {
	return scan(func(kv []byte) bool { return string(kv) == marker })
}

// scan lists the processes with an environment entry that match accepts.
func scan(match func(kv []byte) bool) map[int]string {
	found := map[int]string{}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return found
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if match(kv) {
				comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
				found[pid] = strings.TrimSpace(string(comm))
				break
			}
		}
	}
	return found
}

// sweep ends every process that carries marker: SIGTERM, then SIGKILL for
// those still there after 3 seconds. It returns those that survive both.
func sweep(marker string) []string {
	procs := marked(marker)
	if len(procs) == 0 {
		return nil
	}
	for pid := range procs {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	for i := 0; i < 30 && len(procs) > 0; i++ {
		time.Sleep(100 * time.Millisecond)
		procs = marked(marker)
	}
	for pid := range procs {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	for i := 0; i < 30 && len(procs) > 0; i++ {
		time.Sleep(100 * time.Millisecond)
		procs = marked(marker)
	}
	var left []string
	for pid, name := range procs {
		left = append(left, fmt.Sprintf("%s (pid %d)", name, pid))
	}
	return left
}

// orphans lists the processes left by earlier runs whose own process is
// gone (killed before it could clean up), by their markers.
func orphans() []string {
	seen := map[string]bool{}
	var markers []string
	scan(func(kv []byte) bool {
		v, ok := bytes.CutPrefix(kv, []byte(markerName+"="))
		if !ok {
			return false
		}
		owner, _, _ := strings.Cut(string(v), "-")
		pid, err := strconv.Atoi(owner)
		if err != nil || pid == os.Getpid() || syscall.Kill(pid, 0) != syscall.ESRCH {
			return false
		}
		if !seen[string(kv)] {
			seen[string(kv)] = true
			markers = append(markers, string(kv))
		}
		return true
	})
	return markers
}
