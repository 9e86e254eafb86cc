package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/oneline"
	"github.com/gomlx/go-xla/compute/xla"
	"github.com/gomlx/go-xla/installer"
)

// setupOptions chooses the optional steps of setup.
type setupOptions struct {
	xla  bool // Try to install XLA's CPU plugin (needs the internet).
	data bool // Install the data sets.
}

// jupyter is the Jupyter installation the course uses.
type jupyter struct {
	bin string // The `jupyter` launcher.
	lab bool   // JupyterLab is there (else the classic Notebook).
}

// setup installs whatever is missing, saying what it does; it is idempotent.
func (c *course) setup(opts setupOptions) error {
	if _, err := c.setupJupyter(opts); err != nil {
		return err
	}
	return nil
}

// setupJupyter is setup returning the Jupyter it found or installed.
func (c *course) setupJupyter(opts setupOptions) (*jupyter, error) {
	if err := c.ensureTools(); err != nil {
		return nil, err
	}
	j, err := ensureJupyter()
	if err != nil {
		return nil, err
	}
	if opts.xla {
		c.tryXLA()
	}
	if err := c.ensureKernel(j); err != nil {
		return nil, err
	}
	if opts.data {
		if err := ensureData(); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// kernelTools are the binaries the GoNB kernel needs, pinned as tools in go.mod.
var kernelTools = []string{"gonb", "goimports", "gopls"}

// ensureTools downloads the course's modules and builds the tools pinned in
// go.mod (GoNB, goimports, gopls) into GOBIN.
func (c *course) ensureTools() error {
	// The kernel works offline (kernelEnv): every module the lessons build
	// with must be in the module cache.
	if out, err := c.goCmd("mod", "download").CombinedOutput(); err != nil {
		return fmt.Errorf("could not download the course's Go modules with `go mod download`: %v\n%s", err, out)
	}
	cmd := c.goCmd("install", "tool")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("could not build the Go tools (gonb, goimports, gopls) with `go install tool`: %v\n%s", err, out)
	}
	for _, t := range kernelTools {
		if _, err := os.Stat(filepath.Join(c.gobin, t)); err != nil {
			return fmt.Errorf("`go install tool` did not leave %s in %s", t, c.gobin)
		}
	}
	say("Go tools %s: up to date in %s", strings.Join(kernelTools, ", "), c.gobin)
	return nil
}

// venvDir is where setup installs JupyterLab with pip, when an index is reachable.
func venvDir() string {
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".local", "share", "dlcourse", "jupyter-venv")
}

// findJupyter returns an installed Jupyter that can also execute notebooks
// headless (nbconvert), preferring JupyterLab.
func findJupyter() *jupyter {
	var candidates []string
	if venv := filepath.Join(venvDir(), "bin", "jupyter"); fileExists(venv) {
		candidates = append(candidates, venv)
	}
	if p, err := exec.LookPath("jupyter"); err == nil {
		candidates = append(candidates, p)
	}
	var best *jupyter
	for _, bin := range candidates {
		if !works(bin, "nbconvert", "--version") {
			continue
		}
		if works(bin, "lab", "--version") {
			return &jupyter{bin: bin, lab: true}
		}
		if best == nil && works(bin, "notebook", "--version") {
			best = &jupyter{bin: bin}
		}
	}
	return best
}

// ensureJupyter finds Jupyter, or installs it: JupyterLab with pip where a
// package index answers, otherwise the distribution's classic Notebook.
func ensureJupyter() (*jupyter, error) {
	if j := findJupyter(); j != nil {
		say("Jupyter: %s (%s)", j.frontEnd(), j.bin)
		return j, nil
	}
	if pipReachable() {
		say("Jupyter: not found; installing JupyterLab with pip into %s", venvDir())
		if err := installLab(); err != nil {
			return nil, err
		}
	} else {
		pkgs := []string{"jupyter-notebook", "jupyter-nbconvert", "python3-nbclient"}
		if _, err := exec.LookPath("apt-get"); err != nil {
			return nil, errors.New("no Jupyter found and pip cannot reach a package index: install JupyterLab (pip install jupyterlab) or your system's jupyter-notebook, then run this again")
		}
		say("Jupyter: not found and pip cannot reach a package index; installing Debian's %s", strings.Join(pkgs, " "))
		if err := aptInstall(pkgs...); err != nil {
			return nil, fmt.Errorf("no Jupyter found and pip cannot reach a package index: install jupyter-notebook (sudo apt-get install %s): %v", strings.Join(pkgs, " "), err)
		}
	}
	j := findJupyter()
	if j == nil {
		return nil, errors.New("the install of Jupyter finished but `jupyter nbconvert --version` still fails: check your Python installation")
	}
	say("Jupyter: %s (%s)", j.frontEnd(), j.bin)
	return j, nil
}

func (j *jupyter) frontEnd() string {
	if j.lab {
		return "JupyterLab"
	}
	return "classic Notebook"
}

// pipReachable reports whether pip can reach a package index, within seconds.
func pipReachable() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "python3", "-m", "pip", "index", "versions", "jupyterlab")
	cmd.Env = append(os.Environ(), "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_RETRIES=0", "PIP_TIMEOUT=10")
	return cmd.Run() == nil
}

// installLab installs JupyterLab and nbclient in a virtual environment, which
// distributions that forbid `pip install --user` (PEP 668) still allow.
func installLab() error {
	venv := venvDir()
	if err := run(exec.Command("python3", "-m", "venv", venv)); err != nil {
		return fmt.Errorf("cannot create a Python virtual environment (on Debian/Ubuntu: sudo apt-get install python3-venv): %v", err)
	}
	pip := filepath.Join(venv, "bin", "pip")
	if err := run(exec.Command(pip, "install", "--quiet", "jupyterlab", "nbconvert", "nbclient")); err != nil {
		return fmt.Errorf("pip could not install JupyterLab: %v", err)
	}
	return nil
}

// aptInstall installs Debian packages, as root or through sudo without a
// password prompt; it refreshes the package lists once if the first try fails.
func aptInstall(pkgs ...string) error {
	prefix := []string{}
	if os.Geteuid() != 0 {
		if exec.Command("sudo", "-n", "true").Run() != nil {
			return errors.New("installing system packages needs root: run the apt-get command yourself")
		}
		prefix = []string{"sudo", "-n"}
	}
	aptCmd := func(args ...string) *exec.Cmd {
		all := append(slices.Clone(prefix), append([]string{"apt-get"}, args...)...)
		cmd := exec.Command(all[0], all[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd
	}
	install := append([]string{"install", "-y", "-q", "--no-install-recommends"}, pkgs...)
	if out, err := aptCmd(install...).CombinedOutput(); err == nil {
		return nil
	} else if out2, err2 := aptCmd("update", "-q").CombinedOutput(); err2 != nil {
		return fmt.Errorf("apt-get update failed: %v\n%s\n(after apt-get install failed: %s)", err2, lastLines(out2, 5), lastLines(out, 5))
	}
	if out, err := aptCmd(install...).CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get install %s failed: %v\n%s", strings.Join(pkgs, " "), err, lastLines(out, 5))
	}
	return nil
}

// kernelSpec is the part of a Jupyter kernel.json the course sets.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env"`
}

// kernelEnv is the environment the GoNB kernel must run with: go, goimports
// and gopls on its PATH, the toolchain GoMLX needs, the SIMD kernels, no
// network for go get and no debug tables in the links.
func (c *course) kernelEnv() map[string]string {
	path := []string{c.gobin}
	toolchain, tcErr := c.toolchainBin()
	if tcErr == nil {
		path = append(path, toolchain)
	}
	if goBin, err := exec.LookPath("go"); err == nil {
		path = append(path, filepath.Dir(goBin))
	}
	for _, p := range filepath.SplitList(os.Getenv("PATH")) {
		if p != "" && !slices.Contains(path, p) {
			path = append(path, p)
		}
	}
	env := map[string]string{"PATH": strings.Join(path, string(os.PathListSeparator))}
	for _, kv := range c.goEnv() {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	// GoNB runs `go get` before every cell, and go get asks the module
	// proxy about every module of the course (some sixty requests, most of
	// a second, and more on a slow network) although the module cache has
	// them all (ensureTools downloads them). Offline the cell waits as long
	// and then goes on. So the kernel does not use the network: a student
	// who imports a module the course does not have gets go's "module lookup
	// disabled by GOPROXY=off" and fetches it with
	// `!GOPROXY=https://proxy.golang.org GOSUMDB=sum.golang.org go get <module>`.
	env["GOPROXY"] = "off"
	if tcErr == nil {
		// go get also checks every module that the cell's fresh go.sum
		// lacks against the checksum database, which offline it cannot
		// reach. The module cache holds only what ensureTools downloaded,
		// checked against the course's go.sum, so the kernel does not ask
		// (GOSUMDB=off). The course's own toolchain comes first on PATH:
		// the go command refuses to switch toolchains unverified.
		env["GOSUMDB"] = "off"
	}
	// Every cell is linked anew: leaving out the DWARF debug tables (which
	// only a debugger reads; panics still name files and lines) takes a
	// third off each link.
	env["GOFLAGS"] = "-ldflags=-w"
	if len(xlaPlugins()) == 0 {
		// Without a plugin XLA cannot run: leave its C code out, which
		// halves the time to link every cell (no external linker).
		env["GOFLAGS"] += " -tags=noxla"
	}
	return env
}

// toolchainBin is the bin folder of the course's Go toolchain (GOTOOLCHAIN
// names a version; the go command downloads it into the module cache).
func (c *course) toolchainBin() (string, error) {
	out, err := c.goCmd("env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "bin"), nil
}

// xlaPlugins lists the installed XLA PJRT plugins, downloading nothing.
func xlaPlugins() []string {
	xla.EnableAutoInstall(false)
	return xla.GetAvailablePlugins()
}

// kernelDir is where Jupyter looks for the "gonb" kernel.
func kernelDir(j *jupyter) (string, error) {
	out, err := exec.Command(j.bin, "--data-dir").Output()
	if err != nil {
		return "", fmt.Errorf("`jupyter --data-dir` failed: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "kernels", "gonb"), nil
}

// ensureKernel registers GoNB as the "gonb" kernel with the course's
// environment, unless it already is.
func (c *course) ensureKernel(j *jupyter) error {
	dir, err := kernelDir(j)
	if err != nil {
		return err
	}
	specPath := filepath.Join(dir, "kernel.json")
	gonb := filepath.Join(c.gobin, "gonb")
	want := c.kernelEnv()
	if spec, err := readKernelSpec(specPath); err == nil && len(spec.Argv) > 0 && spec.Argv[0] == gonb && mapsEqual(spec.Env, want) {
		say("GoNB kernel \"Go (gonb)\": registered in %s", dir)
		return nil
	}
	say("GoNB kernel \"Go (gonb)\": registering in %s", dir)
	cmd := exec.Command(gonb, "--install", "--logtostderr")
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+filepath.Dir(filepath.Dir(dir)))
	for k, v := range want {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("`gonb --install` failed: %v\n%s", err, lastLines(out, 5))
	}
	spec, err := readKernelSpec(specPath)
	if err != nil {
		return fmt.Errorf("gonb --install wrote no readable %s: %v", specPath, err)
	}
	spec.Env = want
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(specPath, append(data, '\n'), 0o644)
}

func readKernelSpec(path string) (*kernelSpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec kernelSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, err
	}
	return &spec, nil
}

// tryXLA installs XLA's CPU PJRT plugin when the internet allows; without it
// the lessons run on the pure-Go backend, so failing here is not an error.
func (c *course) tryXLA() {
	if len(xlaPlugins()) > 0 {
		say("XLA plugin: installed (%s)", strings.Join(xlaPlugins(), ", "))
		return
	}
	if v := os.Getenv("GOMLX_BACKEND"); v != "" {
		say("XLA plugin: not needed, GOMLX_BACKEND=%s", v)
		return
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		say("XLA plugin: not available on %s; the lessons use the pure-Go backend", runtime.GOOS)
		return
	}
	done := make(chan error, 1)
	go func() { done <- installer.AutoInstallPlugin("cpu", "", true, installer.Quiet) }()
	select {
	case err := <-done:
		if err != nil {
			why := oneline.First(err.Error(), 0)
			if strings.Contains(why, "dial tcp") || strings.Contains(why, "no such host") {
				why = "its download site cannot be reached"
			}
			say("XLA plugin: could not be installed (%s); the lessons use the pure-Go backend", why)
			return
		}
		say("XLA plugin: installed; the lessons use XLA on the CPU")
	case <-time.After(90 * time.Second):
		say("XLA plugin: no answer from its download site in 90 s; the lessons use the pure-Go backend")
	}
}

// ensureData installs the data sets the lessons need (data/README.md tables
// them), verifying each by its SHA-256; optional ones are left to the user.
func ensureData() error {
	var names []string
	for _, src := range data.Sources() {
		if src.Optional {
			continue
		}
		if src.Check() != nil {
			say("data set %s: installing", src.Name)
			if err := src.Install(os.Stdout); err != nil {
				return err
			}
			if err := src.Check(); err != nil {
				return err
			}
		}
		names = append(names, src.Name)
	}
	say("data sets %s: present, checksums verified", strings.Join(names, ", "))
	return nil
}

func works(bin string, args ...string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, bin, args...).Run() == nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
