package browser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// kernelName is the course's kernel, registered by `course setup`.
const kernelName = "gonb"

// server is a Jupyter server started for the test.
type server struct {
	cmd    *exec.Cmd
	base   string // e.g. http://127.0.0.1:41234
	token  string
	log    *tail
	cache  string        // NNLIB_CACHE_DIR of the kernels.
	exited chan struct{} // Closed when the process has been waited for.
	client *http.Client
}

// startServer starts the front end's server on a free loopback port with a
// fresh token and an empty configuration, in its own process group, with the
// marker in its environment (which its kernels inherit), and waits until it
// answers and offers the GoNB kernel.
func startServer(ctx context.Context, opts Options, tmp string, marker string) (*server, error) {
	token, err := randomHex(24)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for range 3 { // Another program may take the free port first.
		port, err := FreePort()
		if err != nil {
			return nil, err
		}
		s := &server{
			base:   fmt.Sprintf("http://127.0.0.1:%d", port),
			token:  token,
			log:    &tail{max: 4 << 20},
			cache:  filepath.Join(tmp, "nnlib-cache"),
			exited: make(chan struct{}),
			client: &http.Client{Timeout: 10 * time.Second},
		}
		s.cmd = exec.Command(opts.Jupyter, opts.FrontEnd.ServerArgs(port, token, opts.NotebookDir, filepath.Join(tmp, "server"))...)
		s.cmd.Dir = opts.NotebookDir
		s.cmd.Env = append(os.Environ(),
			marker,
			// A configuration of our own: no password, extension or
			// setting of the user's changes what is tested.
			"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "jupyter-config"),
			"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "jupyter-runtime"),
			// Keep's cache starts empty and stays out of notebooks/, as in `course test`.
			"NNLIB_CACHE_DIR="+s.cache,
		)
		s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
		newProcessGroup(s.cmd)
		if err := s.cmd.Start(); err != nil {
			return nil, fmt.Errorf("cannot start %s: %v", opts.Jupyter, err)
		}
		go func() { s.cmd.Wait(); close(s.exited) }()
		lastErr = s.waitReady(ctx)
		if lastErr == nil {
			return s, nil
		}
		stopErr := s.stop()
		if !strings.Contains(s.log.String(), "already in use") {
			return nil, errors.Join(lastErr, stopErr)
		}
	}
	return nil, lastErr
}

// waitReady waits until the server answers its API and checks that it offers
// the GoNB kernel.
func (s *server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		var specs struct {
			Kernelspecs map[string]any `json:"kernelspecs"`
		}
		err := s.api(ctx, http.MethodGet, "/api/kernelspecs", &specs)
		if err == nil {
			if _, ok := specs.Kernelspecs[kernelName]; !ok {
				return fmt.Errorf("the Jupyter server has no %q kernel: run `go run ./cmd/course setup`", kernelName)
			}
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the Jupyter server stopped (%v):\n%s", s.cmd.ProcessState, lastLines(s.log.String(), 15))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the Jupyter server did not answer on %s within a minute (%v):\n%s", s.base, err, lastLines(s.log.String(), 15))
		}
	}
}

// api calls the server's REST API, decoding the JSON answer into out when
// not nil.
func (s *server) api(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token "+s.token)
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, strings.TrimSpace(string(body)))
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

// clearCache empties Keep's cache, so that the next notebook computes
// everything, as `course test` does.
func (s *server) clearCache() error {
	if err := os.RemoveAll(s.cache); err != nil {
		return err
	}
	return os.MkdirAll(s.cache, 0o755)
}

// session is a notebook's session as /api/sessions lists it.
type session struct {
	ID     string `json:"id"`
	Path   string `json:"path"`
	Kernel struct {
		ID string `json:"id"`
	} `json:"kernel"`
}

// shutdownSessions ends the sessions (and their kernels) of the notebook at
// path, or all sessions when path is empty, so that an idle GoNB kernel and
// its gopls do not take CPU from the next notebook.
func (s *server) shutdownSessions(ctx context.Context, path string) error {
	var sessions []session
	if err := s.api(ctx, http.MethodGet, "/api/sessions", &sessions); err != nil {
		return err
	}
	var errs []error
	for _, ss := range sessions {
		if path == "" || ss.Path == path {
			errs = append(errs, s.api(ctx, http.MethodDelete, "/api/sessions/"+url.PathEscape(ss.ID), nil))
		}
	}
	var kernels []struct {
		ID string `json:"id"`
	}
	if path == "" && s.api(ctx, http.MethodGet, "/api/kernels", &kernels) == nil {
		for _, k := range kernels {
			errs = append(errs, s.api(ctx, http.MethodDelete, "/api/kernels/"+url.PathEscape(k.ID), nil))
		}
	}
	return errors.Join(errs...)
}

// stop shuts the kernels down through the API, then the server with SIGTERM
// (Notebook shuts its kernels down on it too), and kills the server's
// process group if it is still there after 10 seconds. Processes that left
// the group (kernels start their own sessions) are left to the marker's sweep.
func (s *server) stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = s.shutdownSessions(ctx, "")
	signalGroup(s.cmd.Process.Pid, false)
	select {
	case <-s.exited:
		return nil
	case <-time.After(10 * time.Second):
	}
	signalGroup(s.cmd.Process.Pid, true)
	select {
	case <-s.exited:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("the Jupyter server (pid %d) did not stop", s.cmd.Process.Pid)
	}
}

// FreePort returns a loopback TCP port that nothing listens on.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
