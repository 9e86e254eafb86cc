package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gomlx-course/dlcourse/internal/browser"
)

// hubConfig is the hub's jupyterhub_config.py: PAM logins for the class's
// accounts only, the teacher as admin, each student's server started by
// LocalProcessSpawner as that student through the workshop's limits
// (singleuserScript), in the student's home, opening on the notebooks.
func (w *workshop) hubConfig(hubPort, apiPort int) string {
	var names []string
	for _, a := range w.everyone() {
		names = append(names, strconv.Quote(a.name))
	}
	slices.Sort(names)
	lines := []string{
		"# Written by `go run ./cmd/course workshop`; it is rewritten at every start.",
		fmt.Sprintf("c.JupyterHub.bind_url = 'http://:%d'", w.port),
		"c.JupyterHub.hub_ip = '127.0.0.1'",
		fmt.Sprintf("c.JupyterHub.hub_port = %d", hubPort),
		fmt.Sprintf("c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:%d'", apiPort),
		fmt.Sprintf("c.ConfigurableHTTPProxy.pid_file = %q", w.path("hub", "proxy.pid")),
		fmt.Sprintf("c.JupyterHub.db_url = 'sqlite:///%s'", w.path("hub", "jupyterhub.sqlite")),
		fmt.Sprintf("c.JupyterHub.cookie_secret_file = %q", w.path("hub", "jupyterhub_cookie_secret")),
		"c.JupyterHub.authenticator_class = 'jupyterhub.auth.PAMAuthenticator'",
		"c.PAMAuthenticator.open_sessions = False",
		fmt.Sprintf("c.Authenticator.allowed_users = {%s}", strings.Join(names, ", ")),
		fmt.Sprintf("c.Authenticator.admin_users = {%q}", w.teacher),
		"c.JupyterHub.spawner_class = 'jupyterhub.spawner.LocalProcessSpawner'",
		fmt.Sprintf("c.Spawner.cmd = [%q]", w.path("bin", "singleuser")),
		"c.Spawner.notebook_dir = '~'",
		"c.Spawner.default_url = '/tree/dlcourse/notebooks'",
		fmt.Sprintf("c.Spawner.environment = {'JUPYTER_PATH': %q, 'PATH': '/usr/local/bin:/usr/bin:/bin'}", w.path("jupyter")),
		"c.Spawner.start_timeout = 180",
		"c.Spawner.http_timeout = 180",
	}
	return strings.Join(lines, "\n") + "\n"
}

// singleuserScript starts one student's Jupyter server with the workshop's
// limits, which every process it starts inherits: CPU time per process
// (each GoNB cell is a process of its own, so a cell that runs forever is
// stopped, and the kernel goes on), a number of processes, a lower priority
// than the hub's, a share of the cores for GoMLX and the go command
// (GOMAXPROCS), and a temporary folder on the student's own disk, where
// GoNB compiles (a shared /tmp would let one student fill it for all).
func (w *workshop) singleuserScript() string {
	return fmt.Sprintf(`#!/bin/bash
# Written by go run ./cmd/course workshop: one student's Jupyter server,
# with the limits that every process it starts inherits.
ulimit -t %d   # CPU seconds per process: a cell that runs forever is stopped
ulimit -u %d   # processes per student
export TMPDIR="$HOME/.tmp" GOMAXPROCS=%d
mkdir -p "$TMPDIR"
exec nice -n 5 /usr/bin/jupyterhub-singleuser "$@"
`, int(w.cellCPU.Seconds()), w.nproc, w.cpus)
}

// writeSingleuserScript writes the script students' servers start with
// (bin/, readable by all); startHub writes the hub's configuration.
func (w *workshop) writeSingleuserScript() error {
	if err := os.MkdirAll(w.path("bin"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(w.path("bin", "singleuser"), []byte(w.singleuserScript()), 0o755)
}

// startHub starts JupyterHub (as root: PAM and the spawner need it) with a
// fresh configuration, and waits until it answers on the public port.
func (w *workshop) startHub(log io.Writer) (*exec.Cmd, error) {
	hubPort, err := browser.FreePort()
	if err != nil {
		return nil, err
	}
	apiPort, err := browser.FreePort()
	if err != nil {
		return nil, err
	}
	config := w.path("hub", "jupyterhub_config.py")
	if err := os.WriteFile(config, []byte(w.hubConfig(hubPort, apiPort)), 0o600); err != nil {
		return nil, err
	}
	if busy(w.port) {
		return nil, fmt.Errorf("port %d is in use: stop what listens there, or give --port another", w.port)
	}
	cmd := exec.Command("/usr/bin/jupyterhub", "-f", config)
	cmd.Dir = w.path("hub")
	// NODE_PATH: Debian's configurable-http-proxy finds its modules in
	// /usr/share/nodejs, where Debian's node looks by itself but a node
	// from elsewhere (NodeSource's, as on this course's CI machine) does not.
	cmd.Env = append(os.Environ(), "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting jupyterhub: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d/hub/api", w.port)
	for {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd, nil
			}
		}
		select {
		case <-ctx.Done():
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Wait()
			return nil, fmt.Errorf("jupyterhub did not answer on %s within 90 s (its log is above)", url)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// stopHub stops the hub, which stops the students' servers, and waits.
func stopHub(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

// busy reports whether something listens on the port.
func busy(port int) bool {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
