package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseAccounts(t *testing.T) {
	got, err := parseAccounts(strings.NewReader("# class of 2026\namy\n\nbob  s3cret # his own\n  carl-2\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []account{{"amy", ""}, {"bob", "s3cret"}, {"carl-2", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("account %d: got %v, want %v", i, got[i], want[i])
		}
	}
	for list, wantErr := range map[string]string{
		"amy\namy\n":                             "listed twice",
		"Amy\n":                                  "not a login name",
		"root;rm\n":                              "not a login name",
		"amy pw extra\n":                         "at most a password",
		"# nobody\n\n":                           "no students",
		"1st\n":                                  "not a login name",
		"a-very-long-name-that-goes-on-and-on\n": "at most 31",
	} {
		if _, err := parseAccounts(strings.NewReader(list)); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: got %v, want an error saying %q", list, err, wantErr)
		}
	}
}

func TestNewPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p := newPassword()
		if len(p) != 12 || strings.ContainsAny(p, "0O1lI \t") {
			t.Fatalf("password %q: want 12 letters and digits that do not look alike", p)
		}
		if seen[p] {
			t.Fatalf("password %q came twice in 100", p)
		}
		seen[p] = true
	}
}

func TestHubConfig(t *testing.T) {
	w := &workshop{dir: "/srv/x", port: 8123, teacher: "tina", students: []account{{name: "bob"}, {name: "amy"}},
		cpus: 3, cellCPU: 90 * time.Second, nproc: 77}
	cfg := w.hubConfig(9001, 9002)
	for _, want := range []string{
		"c.JupyterHub.bind_url = 'http://:8123'",
		"c.JupyterHub.hub_port = 9001",
		"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:9002'",
		`c.Authenticator.allowed_users = {"amy", "bob", "tina"}`,
		`c.Authenticator.admin_users = {"tina"}`,
		"jupyterhub.auth.PAMAuthenticator",
		`c.Spawner.cmd = ["/srv/x/bin/singleuser"]`,
		"c.Spawner.default_url = '/tree/dlcourse/notebooks'",
		`'JUPYTER_PATH': "/srv/x/jupyter"`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the hub's config lacks %q:\n%s", want, cfg)
		}
	}
	script := w.singleuserScript()
	for _, want := range []string{"ulimit -t 90 ", "ulimit -u 77 ", "GOMAXPROCS=3", `TMPDIR="$HOME/.tmp"`, "exec nice -n 5 /usr/bin/jupyterhub-singleuser \"$@\""} {
		if !strings.Contains(script, want) {
			t.Errorf("the single-user script lacks %q:\n%s", want, script)
		}
	}
	// The script must be valid bash, and its limits must hold in what it starts.
	dir := t.TempDir()
	fake := strings.Replace(script, "/usr/bin/jupyterhub-singleuser", "bash -c 'ulimit -t; ulimit -u; echo $GOMAXPROCS $TMPDIR'", 1)
	path := filepath.Join(dir, "singleuser")
	if err := os.WriteFile(path, []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the script fails: %v\n%s", err, out)
	}
	if got, want := strings.Fields(string(out)), []string{"90", "77", "3", dir + "/.tmp"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("inside the script: got %q, want %q", got, want)
	}
}

// TestLinkCourseTree: a student's copy has its own notebooks and links to
// the rest; a second run keeps the student's edits, adds what a new course
// brings and leaves alone what the student made.
func TestLinkCourseTree(t *testing.T) {
	shared, home := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(shared, "go.mod"), "module x\n")
	write(filepath.Join(shared, "nnlib", "a.go"), "package nnlib\n")
	write(filepath.Join(shared, "notebooks", "00.ipynb"), "original")
	write(filepath.Join(shared, "notebooks", "solutions", "00.ipynb"), "solution")
	uid, gid := os.Getuid(), os.Getgid()
	dst := filepath.Join(home, "dlcourse")
	if err := linkCourseTree(shared, dst, uid, gid); err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(filepath.Join(dst, "nnlib")); err != nil || target != filepath.Join(shared, "nnlib") {
		t.Errorf("nnlib: got a link to %q (%v), want one to the shared course", target, err)
	}
	if fi, err := os.Lstat(filepath.Join(dst, "notebooks", "00.ipynb")); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("the notebook must be the student's own file: %v %v", fi, err)
	}
	write(filepath.Join(dst, "notebooks", "00.ipynb"), "the student's work")
	write(filepath.Join(dst, "notes.txt"), "mine")
	write(filepath.Join(shared, "notebooks", "01.ipynb"), "a new lesson")
	write(filepath.Join(shared, "figures", "f.png"), "png")
	if err := linkCourseTree(shared, dst, uid, gid); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"notebooks/00.ipynb":           "the student's work",
		"notebooks/01.ipynb":           "a new lesson",
		"notebooks/solutions/00.ipynb": "solution",
		"notes.txt":                    "mine",
		"figures/f.png":                "png",
	} {
		got, err := os.ReadFile(filepath.Join(dst, path))
		if err != nil || string(got) != want {
			t.Errorf("%s: got %q (%v), want %q", path, got, err, want)
		}
	}
}

func TestWorkshopSection(t *testing.T) {
	report := "# Benchmarks\n\n## Training\n\nrows\n\n" + workshopHeading + "old figures\n"
	if got := workshopSection(report); got != workshopHeading+"old figures\n" {
		t.Errorf("at the end: got %q", got)
	}
	report = "# Benchmarks\n\n" + workshopHeading + "old figures\n\n## Training\n\nrows\n"
	if got := workshopSection(report); got != workshopHeading+"old figures\n\n" {
		t.Errorf("in the middle: got %q", got)
	}
	if got := workshopSection("# Benchmarks\n\n## Training\n"); got != "" {
		t.Errorf("none: got %q", got)
	}
}

func TestUnescapeMount(t *testing.T) {
	if got := unescapeMount(`/srv/dl\040course/home`); got != "/srv/dl course/home" {
		t.Errorf("got %q", got)
	}
}
