package main

import (
	"bufio"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A workshop is a JupyterHub on one machine serving the course to a class,
// the way The Littlest JupyterHub serves Python courses: Debian's jupyterhub
// (3.0), a Unix account per student (PAM logins), and under one folder (dir,
// /srv/dlcourse by default) everything the students share, read-only:
//
//	course/      a pristine copy of the course (notebooks, nnlib, data, go.mod)
//	go/root      the Go toolchain the course needs; go/mod the module cache;
//	             go/bin GoNB, goimports and gopls
//	gocache/     a Go build cache warmed with the course compiled as the
//	             kernel compiles it, so nobody compiles GoMLX cold
//	jupyter/     the GoNB kernel, registered with the workshop's environment
//	hub/         the hub's configuration, database, secrets and accounts.txt
//	disks/       one file system image per student, mounted on home/NAME
//
// Each student's home is a file system of its own (a sparse ext4 image on a
// loop device): a student who fills it fills only it. In it, dlcourse/ is the
// student's own copy of notebooks/ beside links to the shared course (the
// notebooks find the course in the folder above them), and ~/.cache/go-build
// is an overlay whose lower layer is the shared warm cache and whose upper
// layer, on the student's disk, takes what the student's cells add. Homes are
// private (0700), so nobody reads another's work, and they survive restarts.
type workshop struct {
	dir             string        // Everything the workshop keeps.
	port            int           // The hub's public port.
	teacher         string        // The admin account.
	teacherPassword string        // Set by makeAccounts.
	students        []account     // The class, in the list's order.
	disk            string        // Each student's disk size, as truncate(1) reads it ("3G").
	cpus            int           // GOMAXPROCS in each student's server and kernel.
	cellCPU         time.Duration // CPU time one process may use (RLIMIT_CPU): a cell that runs forever stops.
	nproc           int           // Processes per student (RLIMIT_NPROC).
}

// account is one login of the workshop.
type account struct {
	name, password string
}

// workshopMark is the comment (GECOS) of the Unix accounts the workshop
// creates: only accounts carrying it are changed or removed.
const workshopMark = "dlcourse workshop"

// The workshop's defaults.
const (
	workshopDir     = "/srv/dlcourse"
	workshopPort    = 8000
	workshopDisk    = "3G"
	workshopCellCPU = 30 * time.Minute
	workshopNProc   = 512
)

// validAccount is what a student's name may be: a Unix login name.
var validAccount = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)

// workshopCmd is `course workshop`: prepare the workshop and serve it until
// interrupted, or (`course workshop check`) run its load and fault test.
func (c *course) workshopCmd(args []string) error {
	if len(args) > 0 && args[0] == "check" {
		return c.workshopCheck(args[1:])
	}
	w := &workshop{dir: workshopDir, port: workshopPort, disk: workshopDisk, cpus: defaultCPUs(), cellCPU: workshopCellCPU, nproc: workshopNProc}
	var list string
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("course workshop: %s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		switch a {
		case "--teacher", "--dir", "--port", "--disk", "--cpus", "--cell-cpu":
			if v, err = value(); err != nil {
				return err
			}
		}
		switch a {
		case "--teacher":
			w.teacher = v
		case "--dir":
			w.dir = v
		case "--port":
			if w.port, err = strconv.Atoi(v); err != nil || w.port <= 0 || w.port > 65535 {
				return fmt.Errorf("course workshop: --port %q is not a port number", v)
			}
		case "--disk":
			w.disk = v
		case "--cpus":
			if w.cpus, err = strconv.Atoi(v); err != nil || w.cpus < 1 {
				return fmt.Errorf("course workshop: --cpus %q is not a positive number", v)
			}
		case "--cell-cpu":
			if w.cellCPU, err = time.ParseDuration(v); err != nil || w.cellCPU < time.Second {
				return fmt.Errorf("course workshop: --cell-cpu %q is not a duration of a second or more (e.g. 30m)", v)
			}
		default:
			if strings.HasPrefix(a, "-") || list != "" {
				return fmt.Errorf("course workshop: unexpected %q (usage: course workshop --teacher NAME [--port 8000] [--dir /srv/dlcourse] [--disk 3G] [--cpus N] [--cell-cpu 30m] STUDENTS.txt)", a)
			}
			list = a
		}
	}
	if list == "" || w.teacher == "" {
		return errors.New("course workshop needs a list of students and a teacher: course workshop --teacher NAME students.txt (one name per line, optionally followed by a password)")
	}
	f, err := os.Open(list)
	if err != nil {
		return fmt.Errorf("course workshop: cannot read the list of students: %v", err)
	}
	w.students, err = parseAccounts(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %v", list, err)
	}
	if !validAccount.MatchString(w.teacher) {
		return fmt.Errorf("course workshop: the teacher's name %q is not a login name (lower-case letters, digits and -, starting with a letter)", w.teacher)
	}
	if slices.ContainsFunc(w.students, func(a account) bool { return a.name == w.teacher }) {
		return fmt.Errorf("course workshop: %s is both the teacher and a student", w.teacher)
	}
	if err := c.prepareWorkshop(w); err != nil {
		return err
	}
	w.printAccounts(os.Stdout)
	hub, err := w.startHub(os.Stdout)
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- hub.Wait() }()
	say("the workshop is open: students browse to http://%s:%d/ and log in with their name and password (Ctrl-C closes it)", hostName(), w.port)
	select {
	case <-stop:
		say("closing the workshop: stopping the hub and the students' servers")
		_ = hub.Process.Signal(syscall.SIGTERM)
		<-done
	case err = <-done:
		err = fmt.Errorf("the hub stopped: %v (its log is above)", err)
	}
	return errors.Join(err, w.unmountAll())
}

// defaultCPUs is each student's share of cores by default: up to 4, so that
// one student's training does not take the machine.
func defaultCPUs() int { return min(runtime.NumCPU(), 4) }

// parseAccounts reads a class list: one student per line, the login name
// and optionally a password after it; blank lines and # comments are skipped.
func parseAccounts(r io.Reader) ([]account, error) {
	var out []account
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) > 2 {
			return nil, fmt.Errorf("line %d: %q: write a name and at most a password (no spaces in either)", n, strings.TrimSpace(line))
		}
		a := account{name: fields[0]}
		if len(fields) == 2 {
			a.password = fields[1]
		}
		if !validAccount.MatchString(a.name) {
			return nil, fmt.Errorf("line %d: %q is not a login name: lower-case letters, digits and -, starting with a letter, at most 31", n, a.name)
		}
		if seen[a.name] {
			return nil, fmt.Errorf("line %d: %s is listed twice", n, a.name)
		}
		seen[a.name] = true
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no students in the list (one login name per line)")
	}
	return out, nil
}

// newPassword is a random password of 12 letters and digits, without the
// ones that look alike (0/O, 1/l/I), to be read aloud or from a slip.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on Linux.
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

// Paths in the workshop's folder.
func (w *workshop) path(parts ...string) string {
	return filepath.Join(append([]string{w.dir}, parts...)...)
}
func (w *workshop) home(name string) string { return w.path("home", name) }
func (w *workshop) goBin() string           { return w.path("go", "root", "bin", "go") }
func (w *workshop) everyone() []account {
	return append(slices.Clone(w.students), account{name: w.teacher})
}

// prepareWorkshop makes or refreshes everything the hub serves. It is
// idempotent: the students' work and passwords are kept, the shared course
// and caches are brought up to date.
func (c *course) prepareWorkshop(w *workshop) error {
	if os.Geteuid() != 0 {
		return errors.New("course workshop needs root: it creates the students' accounts and mounts their disks (run it with sudo)")
	}
	if !filepath.IsAbs(w.dir) {
		abs, err := filepath.Abs(w.dir)
		if err != nil {
			return err
		}
		w.dir = abs
	}
	for _, tool := range []string{"jupyterhub", "configurable-http-proxy", "jupyterhub-singleuser", "mkfs.ext4", "useradd"} {
		if _, err := exec.LookPath(tool); err != nil {
			say("%s: not found; installing Debian's jupyterhub", tool)
			if err := aptInstall("jupyterhub", "e2fsprogs", "passwd"); err != nil {
				return err
			}
			break
		}
	}
	// The host's own setup first: it checks the modules, tools and data that
	// the workshop copies.
	if _, err := c.setupJupyter(setupOptions{data: true}); err != nil {
		return err
	}
	if err := w.unmountAll(); err != nil { // The warm cache must not change under mounted overlays.
		return err
	}
	for _, d := range []string{"", "hub", "disks", "home", "jupyter"} {
		if err := os.MkdirAll(w.path(d), 0o755); err != nil {
			return err
		}
	}
	// The hub's secrets, and the students' disk images (readable, an image
	// would give away its student's files), are root's only.
	for _, d := range []string{"hub", "disks"} {
		if err := os.Chmod(w.path(d), 0o700); err != nil {
			return err
		}
	}
	start := time.Now()
	if err := c.shareCourse(w); err != nil {
		return err
	}
	if err := c.shareGo(w); err != nil {
		return err
	}
	if err := c.writeWorkshopKernel(w); err != nil {
		return err
	}
	if err := c.warmWorkshopCache(w); err != nil {
		return err
	}
	if err := w.writeSingleuserScript(); err != nil {
		return err
	}
	if err := w.makeAccounts(); err != nil {
		return err
	}
	say("workshop prepared in %s: %d students and the teacher %s, in %s", w.dir, len(w.students), w.teacher, time.Since(start).Round(time.Second))
	return nil
}

// shareCourse copies the course into course/, readable by all and writable
// by root only: in a git checkout the files git tracks or would track (not
// .git, not what .gitignore leaves out, such as Keep's caches and out/),
// elsewhere every file but those.
func (c *course) shareCourse(w *workshop) error {
	dst := w.path("course")
	tmp := dst + ".new"
	os.RemoveAll(tmp)
	files, err := c.courseFiles()
	if err != nil {
		return err
	}
	for _, rel := range files {
		src := filepath.Join(c.root, rel)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // Deleted but not yet committed, or a link: not part of the course.
		}
		target := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := copyFile(src, target, 0o644|info.Mode().Perm()&0o111); err != nil {
			return fmt.Errorf("copying the course into %s: %v", tmp, err)
		}
	}
	os.RemoveAll(dst)
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	say("course: %d files copied into %s (read-only for students)", len(files), dst)
	return nil
}

// courseFiles lists the course's files, relative to its root.
func (c *course) courseFiles() ([]string, error) {
	if fileExists(filepath.Join(c.root, ".git")) {
		out, err := exec.Command("git", "-C", c.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
		if err == nil {
			return strings.Split(strings.TrimRight(string(out), "\x00"), "\x00"), nil
		}
	}
	skip := map[string]bool{".git": true, "out": true, ".nnlib-cache": true, ".ipynb_checkpoints": true}
	var files []string
	err := filepath.WalkDir(c.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && skip[d.Name()] {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(c.root, path)
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// copyFile copies one file, creating it with perm.
func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// shareGo puts the toolchain, the module cache and the kernel's tools under
// go/. The toolchain and the tools are copied from this machine's setup; the
// modules are downloaded from this machine's module cache (a file:// proxy),
// so preparing a workshop needs no network once `course setup` has run.
func (c *course) shareGo(w *workshop) error {
	bin, err := c.toolchainBin()
	if err != nil {
		return err
	}
	goroot := filepath.Dir(bin)
	want, _ := os.ReadFile(filepath.Join(goroot, "VERSION"))
	have, _ := os.ReadFile(w.path("go", "root", "VERSION"))
	if len(want) == 0 || string(want) != string(have) {
		os.RemoveAll(w.path("go", "root"))
		if err := os.MkdirAll(w.path("go"), 0o755); err != nil {
			return err
		}
		if err := run(exec.Command("cp", "-a", goroot, w.path("go", "root"))); err != nil {
			return err
		}
	}
	hostEnv, err := c.goCmd("env", "GOMODCACHE", "GOPROXY").Output()
	if err != nil {
		return fmt.Errorf("go env GOMODCACHE GOPROXY: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(hostEnv)), "\n")
	proxy := "file://" + filepath.Join(lines[0], "cache", "download")
	if len(lines) > 1 && lines[1] != "" && lines[1] != "off" {
		proxy += "," + lines[1]
	}
	dl := w.goCmd(w.path("course"), "mod", "download")
	dl.Env = append(dl.Env, "GOPROXY="+proxy)
	if out, err := dl.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod download into %s: %v\n%s", w.path("go", "mod"), err, lastLines(out, 10))
	}
	if err := os.MkdirAll(w.path("go", "bin"), 0o755); err != nil {
		return err
	}
	for _, t := range kernelTools {
		// Through a new file and a rename: a student's gopls may be running
		// from the old one ("text file busy").
		dst := w.path("go", "bin", t)
		if err := copyFile(filepath.Join(c.gobin, t), dst+".new", 0o755); err != nil {
			return fmt.Errorf("copying %s: %v", t, err)
		}
		if err := os.Rename(dst+".new", dst); err != nil {
			return err
		}
	}
	say("Go: toolchain %s, modules and %s shared in %s", strings.SplitN(string(want), "\n", 2)[0], strings.Join(kernelTools, ", "), w.path("go"))
	return nil
}

// goCmd is a go command of the workshop's toolchain on its module cache and
// shared build cache, with nothing fetched unless the caller sets GOPROXY.
func (w *workshop) goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(w.goBin(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOEXPERIMENT=simd", "GOFLAGS=-mod=readonly",
		"GOMODCACHE="+w.path("go", "mod"), "GOCACHE="+w.path("gocache"), "GOPROXY=off", "GOSUMDB=off")
	return cmd
}

// kernelEnv is the GoNB kernel's environment in the workshop: the course's
// (kernelEnv) on the shared toolchain and module cache, and -trimpath, which
// keeps folder names out of the build cache's keys: every student's copy of
// the course lives in another folder, and without it each would compile the
// course's packages anew instead of finding them in the shared cache.
func (c *course) workshopKernelEnv(w *workshop) map[string]string {
	env := c.kernelEnv()
	env["PATH"] = strings.Join([]string{w.path("go", "bin"), w.path("go", "root", "bin"), "/usr/local/bin", "/usr/bin", "/bin"}, ":")
	env["GOTOOLCHAIN"] = "local"
	env["GOMODCACHE"] = w.path("go", "mod")
	env["GOFLAGS"] += " -trimpath"
	return env
}

// writeWorkshopKernel registers GoNB in jupyter/kernels/gonb, which the
// students' servers find through JUPYTER_PATH.
func (c *course) writeWorkshopKernel(w *workshop) error {
	j, err := ensureJupyter()
	if err != nil {
		return err
	}
	dir, err := kernelDir(j)
	if err != nil {
		return err
	}
	spec, err := readKernelSpec(filepath.Join(dir, "kernel.json"))
	if err != nil {
		return fmt.Errorf("the host's GoNB kernel is not registered (%v): run `go run ./cmd/course setup`", err)
	}
	spec.Argv[0] = w.path("go", "bin", "gonb")
	spec.Env = c.workshopKernelEnv(w)
	out := w.path("jupyter", "kernels", "gonb")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "kernel.json"), append(data, '\n'), 0o644)
}

// fnv64a is the FNV-1a hash of b.
func fnv64a(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// warmStamp names what the warm cache was built for; a new course, module
// set or toolchain warms it again.
func (c *course) warmStamp(w *workshop) string {
	sum, _ := os.ReadFile(filepath.Join(c.root, "go.sum"))
	head, _ := exec.Command("git", "-C", c.root, "rev-parse", "HEAD").Output()
	env := c.workshopKernelEnv(w)
	return fmt.Sprintf("%s %x %s %s", c.toolchain, fnv64a(sum), strings.TrimSpace(string(head)), env["GOFLAGS"])
}

// warmWorkshopCache fills gocache/ as root: the course's packages compiled
// with the kernel's flags, then lesson 00 executed once through the
// workshop's own kernel in a throwaway copy laid out like a student's, which
// also proves the kernel works before any student logs in.
//
// Afterwards the cache's files get a modification time far in the future.
// The go command refreshes the time of the entries it uses (when older than
// an hour) and trims those unused for days; through a student's overlay the
// first would copy every used file into the student's disk, and the second
// would hide it. A future time makes go do neither.
func (c *course) warmWorkshopCache(w *workshop) error {
	stampPath := w.path("gocache", "dlcourse-warm")
	stamp := c.warmStamp(w)
	if have, err := os.ReadFile(stampPath); err == nil && string(have) == stamp {
		say("build cache: warm (%s)", w.path("gocache"))
		return nil
	}
	start := time.Now()
	say("build cache: compiling the course with the kernel's flags into %s (minutes, once)", w.path("gocache"))
	env := c.workshopKernelEnv(w)
	build := w.goCmd(w.path("course"), "build", "./nnlib/...", "./lessons/...")
	build.Env = append(build.Env, "GOFLAGS="+env["GOFLAGS"])
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("compiling the course for the warm cache: %v\n%s", err, lastLines(out, 10))
	}
	warm := w.path("warm")
	os.RemoveAll(warm)
	defer os.RemoveAll(warm)
	if err := linkCourseTree(w.path("course"), filepath.Join(warm, "dlcourse"), 0, 0); err != nil {
		return err
	}
	j, err := ensureJupyter()
	if err != nil {
		return err
	}
	nbDir := filepath.Join(warm, "dlcourse", "notebooks")
	cmd := exec.Command(j.bin, "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=gonb", "--ExecutePreprocessor.timeout=1200",
		"--output-dir", warm, "--output", "warm.ipynb", imageLesson+".ipynb")
	cmd.Dir = nbDir
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+w.path("jupyter"), "GOCACHE="+w.path("gocache"),
		"NNLIB_CACHE_DIR="+filepath.Join(warm, "keep"), "HOME="+warm, "TMPDIR="+warm)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("executing lesson %s with the workshop's kernel: %v\n%s", imageLesson, err, lastLines(out, 15))
	}
	future := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	err = filepath.WalkDir(w.path("gocache"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if d.Name() == "trim.txt" { // Each student's go keeps its own.
				return os.Remove(path)
			}
			if err := os.Chmod(path, 0o644); err != nil {
				return err
			}
			return os.Chtimes(path, future, future)
		}
		if d.IsDir() {
			return os.Chmod(path, 0o755)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(stampPath, []byte(stamp), 0o644); err != nil {
		return err
	}
	say("build cache: warm in %s", time.Since(start).Round(time.Second))
	return nil
}

// linkCourseTree makes dst a student's course: a private copy of the
// notebooks (kept if already there: it is the student's work; notebooks the
// student lacks, such as a new lesson's, are added) beside links to
// everything else in the shared course. uid and gid own what it creates.
func linkCourseTree(shared, dst string, uid, gid int) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if err := os.Chown(dst, uid, gid); err != nil {
		return err
	}
	entries, err := os.ReadDir(shared)
	if err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(dst, e.Name())
		if e.Name() == "notebooks" {
			continue
		}
		if fi, err := os.Lstat(target); err == nil {
			if fi.Mode()&fs.ModeSymlink == 0 {
				continue // The student made something by that name: theirs.
			}
			os.Remove(target)
		}
		if err := os.Symlink(filepath.Join(shared, e.Name()), target); err != nil {
			return err
		}
		_ = os.Lchown(target, uid, gid)
	}
	src := filepath.Join(shared, "notebooks")
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, "notebooks", rel)
		if _, err := os.Lstat(target); err == nil {
			return nil
		}
		if d.IsDir() {
			if err := os.Mkdir(target, 0o755); err != nil {
				return err
			}
		} else if err := copyFile(path, target, 0o644); err != nil {
			return err
		}
		return os.Chown(target, uid, gid)
	})
}

// makeAccounts creates (or keeps) each account with its password, its disk,
// its private home and its overlay on the warm cache, and writes the list of
// logins to hub/accounts.txt (root only).
func (w *workshop) makeAccounts() error {
	known := w.readAccounts()
	var lines []string
	for i, a := range w.everyone() {
		if a.password == "" {
			a.password = known[a.name]
		}
		if a.password == "" {
			a.password = newPassword()
		}
		if i < len(w.students) {
			w.students[i].password = a.password
		} else {
			w.teacherPassword = a.password
		}
		if err := w.makeAccount(a); err != nil {
			return fmt.Errorf("account %s: %v", a.name, err)
		}
		lines = append(lines, a.name+" "+a.password)
	}
	return os.WriteFile(w.path("hub", "accounts.txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

// readAccounts reads hub/accounts.txt, so a second run keeps the passwords.
func (w *workshop) readAccounts() map[string]string {
	out := map[string]string{}
	f, err := os.Open(w.path("hub", "accounts.txt"))
	if err != nil {
		return out
	}
	defer f.Close()
	accounts, _ := parseAccounts(f)
	for _, a := range accounts {
		out[a.name] = a.password
	}
	return out
}

// makeAccount makes one login ready to serve.
func (w *workshop) makeAccount(a account) error {
	home := w.home(a.name)
	if gecos, exists := userComment(a.name); !exists {
		if out, err := exec.Command("useradd", "--home-dir", home, "--no-create-home", "--shell", "/bin/bash",
			"--comment", workshopMark, "--user-group", a.name).CombinedOutput(); err != nil {
			return fmt.Errorf("useradd: %v: %s", err, out)
		}
	} else if gecos != workshopMark {
		return fmt.Errorf("a user %s already exists on this machine and is not a workshop account: choose another name", a.name)
	}
	chpasswd := exec.Command("chpasswd")
	chpasswd.Stdin = strings.NewReader(a.name + ":" + a.password + "\n")
	if out, err := chpasswd.CombinedOutput(); err != nil {
		return fmt.Errorf("chpasswd: %v: %s", err, out)
	}
	uid, gid, err := userIDs(a.name)
	if err != nil {
		return err
	}
	img := w.path("disks", a.name+".img")
	if !fileExists(img) {
		if out, err := exec.Command("truncate", "-s", w.disk, img).CombinedOutput(); err != nil {
			return fmt.Errorf("making a %s disk: %v: %s", w.disk, err, out)
		}
		if out, err := exec.Command("mkfs.ext4", "-q", "-m", "0", "-E", "root_owner="+strconv.Itoa(uid)+":"+strconv.Itoa(gid), img).CombinedOutput(); err != nil {
			os.Remove(img)
			return fmt.Errorf("mkfs.ext4: %v: %s", err, out)
		}
	}
	if err := os.Chmod(img, 0o600); err != nil {
		return err
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	if !isMountPoint(home) {
		if out, err := exec.Command("mount", "-o", "loop,nosuid,nodev", img, home).CombinedOutput(); err != nil {
			return fmt.Errorf("mounting the disk on %s: %v: %s", home, err, out)
		}
	}
	os.RemoveAll(filepath.Join(home, "lost+found"))
	if err := os.Chown(home, uid, gid); err != nil {
		return err
	}
	if err := os.Chmod(home, 0o700); err != nil {
		return err
	}
	if err := linkCourseTree(w.path("course"), filepath.Join(home, "dlcourse"), uid, gid); err != nil {
		return err
	}
	return w.mountCache(home, uid, gid)
}

// mountCache mounts the student's ~/.cache/go-build: the shared warm cache
// below, the student's own layer (on the student's disk) above. The 256
// folders the go command writes in exist in the upper layer, owned by the
// student, so that new entries land there.
func (w *workshop) mountCache(home string, uid, gid int) error {
	upper := filepath.Join(home, ".gocache", "upper")
	work := filepath.Join(home, ".gocache", "work")
	merged := filepath.Join(home, ".cache", "go-build")
	for _, d := range []string{upper, work, merged, filepath.Dir(merged), filepath.Dir(upper), filepath.Join(home, ".tmp")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if err := os.Chown(d, uid, gid); err != nil {
			return err
		}
	}
	for i := range 256 {
		d := filepath.Join(upper, fmt.Sprintf("%02x", i))
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if err := os.Chown(d, uid, gid); err != nil {
			return err
		}
	}
	if isMountPoint(merged) {
		return nil
	}
	opts := "lowerdir=" + w.path("gocache") + ",upperdir=" + upper + ",workdir=" + work
	if out, err := exec.Command("mount", "-t", "overlay", "overlay", "-o", opts, merged).CombinedOutput(); err != nil {
		return fmt.Errorf("mounting the build cache overlay on %s: %v: %s", merged, err, out)
	}
	return nil
}

// unmountAll unmounts the students' caches and disks under the workshop's
// folder, deepest first.
func (w *workshop) unmountAll() error {
	mounts, err := mountPoints()
	if err != nil {
		return err
	}
	var ours []string
	for _, m := range mounts {
		if strings.HasPrefix(m, w.path("home")+"/") {
			ours = append(ours, m)
		}
	}
	slices.SortFunc(ours, func(a, b string) int { return len(b) - len(a) })
	var errs []error
	for _, m := range ours {
		if out, err := exec.Command("umount", m).CombinedOutput(); err != nil {
			if out2, err2 := exec.Command("umount", "--lazy", m).CombinedOutput(); err2 != nil {
				errs = append(errs, fmt.Errorf("umount %s: %v: %s %s", m, err, out, out2))
			}
		}
	}
	return errors.Join(errs...)
}

// mountPoints lists this machine's mount points (/proc/self/mountinfo).
func mountPoints() ([]string, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 4 {
			out = append(out, unescapeMount(f[4]))
		}
	}
	return out, nil
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isMountPoint(path string) bool {
	mounts, _ := mountPoints()
	return slices.Contains(mounts, filepath.Clean(path))
}

// passwd returns an account's fields in /etc/passwd (name, password, uid,
// gid, comment, home, shell), and false if there is no such account.
func passwd(name string) ([]string, bool) {
	out, err := exec.Command("getent", "passwd", name).Output()
	if err != nil {
		return nil, false
	}
	return strings.Split(strings.TrimSpace(string(out)), ":"), true
}

// userComment returns the comment (GECOS) of a Unix account, and whether
// the account exists.
func userComment(name string) (string, bool) {
	f, ok := passwd(name)
	if !ok || len(f) < 5 {
		return "", ok
	}
	return f[4], true
}

// userIDs returns an account's uid and gid.
func userIDs(name string) (int, int, error) {
	f, ok := passwd(name)
	if !ok || len(f) < 4 {
		return 0, 0, fmt.Errorf("no account %s", name)
	}
	uid, err1 := strconv.Atoi(f[2])
	gid, err2 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("getent passwd %s: %q", name, strings.Join(f, ":"))
	}
	return uid, gid, nil
}

// removeAccounts deletes the workshop's accounts, their disks and homes
// (used by the check; a teacher removes a class by hand).
func (w *workshop) removeAccounts() error {
	var errs []error
	if err := w.unmountAll(); err != nil {
		errs = append(errs, err)
	}
	for _, a := range w.everyone() {
		if gecos, ok := userComment(a.name); ok && gecos == workshopMark {
			exec.Command("pkill", "-KILL", "-u", a.name).Run()
			time.Sleep(200 * time.Millisecond)
			if out, err := exec.Command("userdel", a.name).CombinedOutput(); err != nil {
				errs = append(errs, fmt.Errorf("userdel %s: %v: %s", a.name, err, out))
			}
		}
	}
	return errors.Join(errs...)
}

func hostName() string {
	h, err := os.Hostname()
	if err != nil {
		return "localhost"
	}
	return h
}

// printAccounts prints the logins for the teacher to hand out.
func (w *workshop) printAccounts(out io.Writer) {
	fmt.Fprintf(out, "Logins (also in %s, readable by root only):\n", w.path("hub", "accounts.txt"))
	fmt.Fprintf(out, "  %-20s %s   (teacher, admin)\n", w.teacher, w.teacherPassword)
	for _, a := range w.students {
		fmt.Fprintf(out, "  %-20s %s\n", a.name, a.password)
	}
}
