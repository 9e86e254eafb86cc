package nnlib

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
)

func withPlugins(t *testing.T, plugins ...string) {
	t.Helper()
	old := xlaPlugins
	xlaPlugins = func() []string { return plugins }
	t.Cleanup(func() { xlaPlugins = old })
}

func TestChooseBackend(t *testing.T) {
	if !XLALinked {
		t.Setenv(BackendEnv, "")
		if got := ChooseBackend(); got.Config != "go" || !strings.Contains(got.Reason, "noxla") {
			t.Errorf("built with noxla: chose %+v", got)
		}
		return
	}
	for _, tc := range []struct {
		env     string
		plugins []string
		want    string
	}{
		{"", nil, "go"},
		{"", []string{"cpu"}, "xla:cpu"},
		{"", []string{"cpu_v0.83.1", "cuda"}, "xla:cuda"},
		{"go", []string{"cuda"}, "go"},
		{"xla:cpu", nil, "xla:cpu"},
	} {
		t.Setenv(BackendEnv, tc.env)
		withPlugins(t, tc.plugins...)
		got := ChooseBackend()
		if got.Config != tc.want {
			t.Errorf("env=%q plugins=%v: chose %q, want %q", tc.env, tc.plugins, got.Config, tc.want)
		}
		if got.Reason == "" {
			t.Errorf("env=%q plugins=%v: no reason given", tc.env, tc.plugins)
		}
	}
}

// TestOfflineFallback is the situation of a machine without network: no XLA
// plugin is installed, GOMLX_BACKEND is unset. The course must run on the
// pure-Go backend, say so in one line, and compute correctly: no panic, no
// download.
func TestOfflineFallback(t *testing.T) {
	t.Setenv(BackendEnv, "")
	t.Setenv("PJRT_PLUGIN_LIBRARY_PATH", t.TempDir()) // Nothing installed there.
	withPlugins(t)
	var out strings.Builder
	b, err := newBackend(ChooseBackend(), &out)
	if err != nil {
		t.Fatal(err)
	}
	line := out.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, "pure Go") || !strings.Contains(line, "no XLA plugin") {
		t.Errorf("the backend line should say pure Go and why, in one line: %q", line)
	}
	if got := graph.MustExecOnce(b, func(x *graph.Node) *graph.Node { return graph.Mul(x, x) }, float32(3)).Value().(float32); got != 9 {
		t.Errorf("3² on the chosen backend = %v", got)
	}
}

// A backend that fails to start (here: an XLA plugin that is not there) falls
// back to the pure-Go one instead of panicking.
func TestBrokenChoiceFallsBack(t *testing.T) {
	var out strings.Builder
	b, err := newBackend(BackendChoice{Config: "xla:/nonexistent/pjrt_plugin.so", Reason: "test"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if b.Name() == "" || !strings.Contains(out.String(), "pure Go") || !strings.Contains(out.String(), "failed to start") {
		t.Errorf("fallback line: %q (backend %q)", out.String(), b.Name())
	}
	out.Reset()
	if _, err := newBackend(BackendChoice{Config: "xla:cpu"}, &out); err != nil {
		t.Fatal(err)
	}
	if XLALinked && !strings.Contains(out.String(), "no XLA plugin is installed") {
		t.Errorf("xla:cpu without a plugin should say so plainly: %q", out.String())
	}
	out.Reset()
	if _, err := newBackend(BackendChoice{Config: "nosuchbackend"}, &out); err != nil {
		t.Errorf("unknown backend name should fall back too: %v", err)
	}
	if !strings.Contains(out.String(), "unknown backend") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("unknown backend line: %q", out.String())
	}
}

// simdExperiment says whether the go command built this test binary with the
// simd experiment, as it recorded in the binary's build information: the
// GOEXPERIMENT setting lists the experiments that differ from the
// toolchain's defaults ("simd" on, "nosimd" off; the last one wins), and simd
// is off by default in the course's toolchain. It is independent of the build
// tags of simd_on.go and simd_off.go, which it checks.
func simdExperiment(t *testing.T) (on bool, setting string) {
	t.Helper()
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("the test binary has no build information")
	}
	for _, s := range info.Settings {
		if s.Key != "GOEXPERIMENT" {
			continue
		}
		setting = s.Value
		for _, e := range strings.Split(s.Value, ",") {
			switch strings.TrimSpace(e) {
			case "simd":
				on = true
			case "nosimd":
				on = false
			}
		}
	}
	return on, setting
}

// SIMDBuild and the backend's line agree with how the binary was really
// built: on with GOEXPERIMENT=simd, off (and saying how to turn it on)
// without. Run with and without it:
//
//	GOEXPERIMENT=simd go test -run TestSIMDBuild ./nnlib/
//	GOEXPERIMENT= go test -run TestSIMDBuild ./nnlib/
func TestSIMDBuild(t *testing.T) {
	want, setting := simdExperiment(t)
	if SIMDBuild != want {
		t.Errorf("SIMDBuild = %v, but this binary was built with GOEXPERIMENT=%q: check the build tags of simd_on.go and simd_off.go", SIMDBuild, setting)
	}
	if !want {
		t.Log("built without GOEXPERIMENT=simd: the course's test command sets it")
	}
	say, deny := "SIMD kernels on", "SIMD kernels OFF (build with GOEXPERIMENT=simd"
	if !want {
		say, deny = deny, say
	}
	if s := (BackendChoice{Config: "go"}).String(); !strings.Contains(s, say) || strings.Contains(s, deny) {
		t.Errorf("built with GOEXPERIMENT=%q, the Go backend's line should say %q: %q", setting, say, s)
	}
	// The line the backend really prints when it starts.
	var out strings.Builder
	if _, err := newBackend(BackendChoice{Config: "go", Reason: "test"}, &out); err != nil {
		t.Fatal(err)
	}
	if line := out.String(); !strings.Contains(line, say) || strings.Contains(line, deny) {
		t.Errorf("built with GOEXPERIMENT=%q, the backend printed %q, which should say %q", setting, line, say)
	}
	// The XLA backends use their own kernels: no SIMD claim on their line.
	if s := (BackendChoice{Config: "xla:cpu"}).String(); strings.Contains(s, "SIMD") {
		t.Errorf("XLA's line speaks of the Go backend's SIMD kernels: %q", s)
	}
}

// TestBannerOncePerKernel: in a notebook every cell is a new process, and
// each used to print the backend's line; now a kernel prints it once, and
// again only when it changes.
func TestBannerOncePerKernel(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	var out strings.Builder
	for range 3 { // Three cells.
		w := bannerWriter{&out, bannerMarker()}
		if _, err := newBackend(BackendChoice{Config: "go", Reason: "test"}, w); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(out.String(), "Backend: "); n != 1 {
		t.Errorf("three cells of one kernel printed the backend's line %d times, want once:\n%s", n, out.String())
	}
	w := bannerWriter{&out, bannerMarker()}
	if _, err := newBackend(BackendChoice{Config: "go", Reason: "another reason"}, w); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "another reason") {
		t.Errorf("a changed backend line was not printed:\n%s", out.String())
	}
	// Outside a notebook, every process prints it.
	t.Setenv("GONB_TMP_DIR", "")
	out.Reset()
	if _, err := newBackend(BackendChoice{Config: "go", Reason: "test"}, bannerWriter{&out, bannerMarker()}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Backend: ") {
		t.Errorf("outside a notebook the backend's line was not printed")
	}
	for _, line := range []string{ChooseBackend().String(), (BackendChoice{Config: "go", Reason: "no XLA plugin (cells built with tag noxla)"}).String()} {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("the backend's line has %d characters, keep it under 80: %q", n, line)
		}
	}
}
