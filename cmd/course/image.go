package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// The images `course image` builds and checks.
const (
	baseImage   = "localhost/dlcourse-base:bookworm"
	courseImage = "localhost/dlcourse:check"
	imageLesson = "00-getting-started"
	// hostCABundle is Debian's bundle of certificate authorities.
	hostCABundle = "/etc/ssl/certs/ca-certificates.crt"
)

// image builds docker/Dockerfile with podman and checks the image as a
// student would meet it, without a Docker engine or an image registry: the
// base image is Debian bookworm made by mmdebstrap, the course image is
// built on it, and then, in containers of that image, lesson 00 executes
// headless with no problems (notebook.Problems), the user is not root, and
// `jupyter notebook` answers on port 8888. Everything it made is removed
// at the end, the base image too unless --keep-base (it takes minutes to make).
//
// It needs root (rootful podman) and Debian's podman and mmdebstrap, which
// it installs when missing. It is its own command, not part of `course test`:
// building the image compiles GoMLX in it, some 10 minutes on 2 cores.
func (c *course) image(args []string) error {
	keepBase := false
	for _, a := range args {
		switch a {
		case "--keep-base", "-keep-base":
			keepBase = true
		default:
			return fmt.Errorf("course image: unknown argument %q (it takes only --keep-base)", a)
		}
	}
	if os.Geteuid() != 0 {
		return errors.New("course image needs root: podman builds rootful here (run it with sudo)")
	}
	for _, tool := range []string{"podman", "mmdebstrap"} {
		if _, err := exec.LookPath(tool); err != nil {
			say("%s: not found; installing Debian's podman and mmdebstrap", tool)
			if err := aptInstall("podman", "mmdebstrap", "uidmap", "fuse-overlayfs", "crun"); err != nil {
				return err
			}
			break
		}
	}
	start := time.Now()
	if exec.Command("podman", "image", "exists", baseImage).Run() != nil {
		say("base image %s: making Debian bookworm with mmdebstrap", baseImage)
		mk := exec.Command("bash", "-c", "set -o pipefail; mmdebstrap --quiet --variant=apt --include=ca-certificates bookworm - | podman import - "+baseImage)
		if err := run(mk); err != nil {
			return err
		}
	}
	if !keepBase {
		defer exec.Command("podman", "rmi", "-f", baseImage).Run()
	}
	flags, err := containerFlags()
	if err != nil {
		return err
	}
	say("building %s from docker/Dockerfile", courseImage)
	buildFlags := flags
	if fileExists(hostCABundle) {
		// Lent to the build's RUN steps, not kept in the image: behind a
		// proxy that inspects TLS, as here, only the host's bundle has
		// the proxy's certificate authority.
		buildFlags = append(slices.Clone(flags), "--volume", hostCABundle+":"+hostCABundle+":ro")
	}
	build := exec.Command("podman", append(append([]string{"build"}, buildFlags...), "--file", filepath.Join(c.root, "docker", "Dockerfile"),
		"--build-arg", "BASE="+baseImage, "--tag", courseImage, c.root)...)
	if err := run(build); err != nil {
		return err
	}
	defer exec.Command("podman", "rmi", "-f", courseImage).Run()
	built := time.Since(start)
	size, _ := exec.Command("podman", "image", "inspect", "--format", "{{.Size}}", courseImage).Output()

	podmanRun := func(args ...string) *exec.Cmd {
		return exec.Command("podman", append(append([]string{"run"}, flags...), args...)...)
	}
	user, err := podmanRun("--rm", courseImage, "id", "-un").Output()
	if err != nil || strings.TrimSpace(string(user)) == "root" {
		return fmt.Errorf("the image runs as %q (%v): it must run as a user who is not root", strings.TrimSpace(string(user)), err)
	}

	problems, elapsed, err := c.imageLesson(podmanRun)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", report(imageLesson+" in the image", problems))
	}
	if err := imageServes(podmanRun); err != nil {
		return err
	}
	mb := 0.0
	if n, err := strconv.ParseFloat(strings.TrimSpace(string(size)), 64); err == nil {
		mb = n / 1e6
	}
	say("image checked: built in %s, %.0f MB; runs as %s; lesson %s executed in it in %.0f s with no problems; Jupyter answers on port 8888",
		built.Round(time.Second), mb, strings.TrimSpace(string(user)), imageLesson, elapsed.Seconds())
	return nil
}

// imageLesson executes lesson 00's student notebook in a container of the
// course image and returns the problems notebook.Problems finds in it.
func (c *course) imageLesson(podmanRun func(args ...string) *exec.Cmd) ([]string, time.Duration, error) {
	l, err := notebook.ReadLesson(filepath.Join(c.root, "lessons", imageLesson, "lesson.md"))
	if err != nil {
		return nil, 0, err
	}
	out, err := os.MkdirTemp("", "course-image-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(out)
	if err := os.Chmod(out, 0o777); err != nil { // The container's user writes there.
		return nil, 0, err
	}
	say("executing %s in a container", imageLesson)
	start := time.Now()
	script := "NNLIB_CACHE_DIR=/tmp/keep jupyter nbconvert --to notebook --execute --allow-errors " +
		"--ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout=600 " +
		"--output-dir /out --output executed.ipynb " + imageLesson + ".ipynb"
	cmd := podmanRun("--rm", "--volume", out+":/out", courseImage, "bash", "-c", script)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, 0, fmt.Errorf("lesson %s in the image: %v\n%s", imageLesson, err, lastLines(b, 20))
	}
	elapsed := time.Since(start)
	nb, err := notebook.Read(filepath.Join(out, "executed.ipynb"))
	if err != nil {
		return nil, 0, err
	}
	return notebook.Problems(nb, notebook.Student, l.Exercises), elapsed, nil
}

// imageServes starts the image as `docker run -p 8888:8888` would and waits
// for Jupyter's /api to answer.
func imageServes(podmanRun func(args ...string) *exec.Cmd) error {
	const port = "18888"
	id, err := podmanRun("--detach", "--rm", "--publish", "127.0.0.1:"+port+":8888", courseImage).Output()
	if err != nil {
		return fmt.Errorf("podman run of the image: %v", err)
	}
	container := strings.TrimSpace(string(id))
	defer exec.Command("podman", "rm", "-f", container).Run()
	client := http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
		resp, err := client.Get("http://127.0.0.1:" + port + "/api")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	logs, _ := exec.Command("podman", "logs", container).CombinedOutput()
	return fmt.Errorf("the image's Jupyter did not answer on port 8888 within 60 s:\n%s", lastLines(logs, 15))
}

// containerFlags are the podman flags containers need on this machine. By
// default none; where the default runtime or its resource limits are refused
// (a sandboxed VM: crun without cgroup v2, setrlimit to podman's defaults not
// permitted), runc with limits this machine allows.
func containerFlags() ([]string, error) {
	try := func(flags ...string) bool {
		args := append(append([]string{"run", "--rm"}, flags...), baseImage, "true")
		return exec.Command("podman", args...).Run() == nil
	}
	if try() {
		return nil, nil
	}
	var nofile syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &nofile); err != nil {
		return nil, err
	}
	flags := []string{"--runtime", "runc",
		"--ulimit", fmt.Sprintf("nofile=%d:%d", nofile.Cur, nofile.Cur), "--ulimit", "nproc=4096:4096"}
	if _, err := exec.LookPath("runc"); err != nil {
		if err := aptInstall("runc"); err != nil {
			return nil, err
		}
	}
	if !try(flags...) {
		return nil, fmt.Errorf("podman cannot start a container here, neither by default nor with %s: see `podman run --rm %s true`", strings.Join(flags, " "), baseImage)
	}
	say("containers: podman's defaults are refused here; using %s", strings.Join(flags, " "))
	return flags, nil
}
