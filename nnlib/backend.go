package nnlib

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // The pure-Go backend, always available.

	"github.com/gomlx-course/dlcourse/nnlib/oneline"
)

// BackendEnv is the environment variable that chooses the backend, as in GoMLX:
// "go" for the pure-Go backend, "xla:cpu" or "xla:cuda" for XLA.
const BackendEnv = compute.ConfigEnvVar

// BackendChoice says which backend Backend picked and why.
type BackendChoice struct {
	Config string // The configuration passed to GoMLX, e.g. "go" or "xla:cpu".
	Reason string // One sentence: why this backend.
}

// String is the line Backend prints.
func (c BackendChoice) String() string {
	return fmt.Sprintf("Backend: %s — %s", describeConfig(c.Config), c.Reason)
}

func describeConfig(config string) string {
	switch {
	case config == "go":
		if SIMDBuild {
			return "pure Go, SIMD kernels on"
		}
		return "pure Go, SIMD kernels OFF (build with GOEXPERIMENT=simd for ~10x speed)"
	case strings.HasPrefix(config, "xla:cuda"):
		return "XLA on the GPU"
	case strings.HasPrefix(config, "xla"):
		return "XLA on the CPU"
	}
	return config
}

// ChooseBackend decides which backend to use without creating it:
//
//  1. $GOMLX_BACKEND, when set, wins.
//  2. Otherwise XLA, when a PJRT plugin is installed: "cuda" if there is one, else "cpu".
//  3. Otherwise the pure-Go backend.
//
// It never downloads anything: the course's set-up command installs the XLA
// plugin where the network allows.
func ChooseBackend() BackendChoice {
	if config, ok := os.LookupEnv(BackendEnv); ok && config != "" {
		return BackendChoice{Config: config, Reason: "set by " + BackendEnv + "=" + config}
	}
	if !XLALinked {
		return BackendChoice{Config: "go", Reason: "no XLA plugin (cells built with tag noxla)"}
	}
	plugins := xlaPlugins()
	switch {
	case containsPrefix(plugins, "cuda"):
		return BackendChoice{Config: "xla:cuda", Reason: "XLA's CUDA plugin is installed"}
	case containsPrefix(plugins, "cpu"):
		return BackendChoice{Config: "xla:cpu", Reason: "XLA's CPU plugin is installed"}
	}
	return BackendChoice{Config: "go", Reason: "no XLA plugin; " + BackendEnv + " chooses"}
}

func containsPrefix(list []string, prefix string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.HasPrefix(s, prefix) })
}

var (
	backendOnce   sync.Once
	backendShared compute.Backend
	backendErr    error
)

// Backend returns the process's GoMLX backend, creating it on the first call
// and printing one line that says which backend runs and why. In a notebook
// that line is printed once per kernel, not in every cell (each cell is a new
// process): again only when it changes, say after %env GOMLX_BACKEND.
//
// If the chosen backend fails to start (say an XLA plugin that does not load),
// it falls back to the pure-Go backend and says so. It returns an error only
// if no backend at all can start; use MustBackend in notebooks.
func Backend() (compute.Backend, error) {
	backendOnce.Do(func() {
		backendShared, backendErr = newBackend(ChooseBackend(), bannerWriter{os.Stdout, bannerMarker()})
	})
	return backendShared, backendErr
}

// MustBackend is Backend for notebook cells: on failure it prints the reason
// and exits the cell's program, instead of showing a panic trace.
func MustBackend() compute.Backend {
	b, err := Backend()
	if err != nil {
		Fatal(err)
	}
	return b
}

// newBackend creates the chosen backend, falling back to the pure-Go one.
func newBackend(choice BackendChoice, w io.Writer) (compute.Backend, error) {
	b, err := tryNew(choice.Config)
	if err == nil {
		fmt.Fprintln(w, choice)
		return b, nil
	}
	if choice.Config == "go" {
		return nil, fmt.Errorf("the pure-Go backend failed to start: %w", err)
	}
	fallback := BackendChoice{Config: "go", Reason: fmt.Sprintf("%q failed to start: %s", choice.Config, whyFailed(choice.Config, err))}
	b, err2 := tryNew("go")
	if err2 != nil {
		return nil, fmt.Errorf("backend %q failed (%v) and so did the pure-Go backend (%v)", choice.Config, err, err2)
	}
	fmt.Fprintln(w, fallback)
	return b, nil
}

// bannerMarker is the file that remembers the backend line already printed
// by this GoNB kernel: GONB_TMP_DIR is the kernel's own folder, kept for its
// life. Outside a notebook it is "", and the line is always printed.
func bannerMarker() string {
	dir := os.Getenv("GONB_TMP_DIR")
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "nnlib-backend-line")
}

// bannerWriter writes the backend's line to w unless marker (a file) holds
// the same line, printed by an earlier cell; then it records the line.
type bannerWriter struct {
	w      io.Writer
	marker string
}

func (b bannerWriter) Write(line []byte) (int, error) {
	if b.marker != "" {
		if old, err := os.ReadFile(b.marker); err == nil && bytes.Equal(old, line) {
			return len(line), nil
		}
		_ = os.WriteFile(b.marker, line, 0o644) // At worst the line is printed again.
	}
	return b.w.Write(line)
}

// tryNew creates a backend, turning GoMLX's panics (unknown backend name,
// missing plugin) into errors.
func tryNew(config string) (b compute.Backend, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return compute.NewWithConfig(config)
}

// whyFailed shortens GoMLX's errors for the usual failures to what a student
// can act on.
func whyFailed(config string, err error) string {
	msg := err.Error()
	name, _, _ := strings.Cut(config, ":")
	switch {
	case strings.Contains(msg, "no plugins found"), strings.Contains(msg, "not found: available plugins"):
		return "no XLA plugin is installed (the course's setup command installs it when online)"
	case name == "xla" && !XLALinked:
		return "this program is built without XLA (tag noxla)"
	case !slices.Contains(compute.List(), name):
		built := compute.List()
		slices.Sort(built)
		return fmt.Sprintf("unknown backend; the ones built in are %s", strings.Join(built, ", "))
	}
	return oneline.First(msg, 0)
}
