package data

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// isolate points the search at a fresh $DLCOURSE_DATA folder and an empty
// user cache, and returns the data folder.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(DataEnv, dir)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	return dir
}

// fakeSource is a data set of one file with the given content.
func fakeSource(content []byte) Source {
	sum := sha256.Sum256(content)
	return Source{
		Name:       "fake",
		Command:    "sudo apt-get install fake-data",
		AptPackage: "fake-data",
		Files:      []File{{Name: "fake/values.bin", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content))}},
	}
}

func write(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMissingFileNamesTheCommands(t *testing.T) {
	isolate(t)
	s := fakeSource([]byte("hello"))
	err := s.Check()
	if !errors.Is(err, ErrMissing) {
		t.Fatalf("Check of a missing file = %v, want ErrMissing", err)
	}
	msg := err.Error()
	for _, want := range []string{`"go run ./cmd/course setup"`, `"sudo apt-get install fake-data"`, "fake"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not name %s", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message %q is more than one line", msg)
	}
	var me *MissingError
	if !errors.As(err, &me) || len(me.Looked) == 0 {
		t.Error("the error does not list where it looked")
	}
}

func TestPlainAndGzipFilesVerify(t *testing.T) {
	dir := isolate(t)
	content := []byte("some data set content")
	s := fakeSource(content)
	write(t, filepath.Join(dir, "fake", "values.bin.gz"), gz(content))
	got, err := s.read(s.Files[0])
	if err != nil || string(got) != string(content) {
		t.Fatalf("read gzip copy = %q, %v", got, err)
	}
	// A plain copy is found before the gzip one.
	write(t, filepath.Join(dir, "fake", "values.bin"), content)
	if p := s.Files[0].Locate(); !strings.HasSuffix(p, "values.bin") {
		t.Errorf("Locate = %s, want the plain copy", p)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func TestCorruptAndTruncatedFilesFailTheirChecksum(t *testing.T) {
	content := []byte(strings.Repeat("fashion ", 1000))
	for name, bad := range map[string][]byte{
		"changed":        append([]byte("X"), content[1:]...),
		"truncated":      content[:len(content)/2],
		"truncated gzip": gz(content)[:40],
		"empty":          {},
	} {
		dir := isolate(t)
		s := fakeSource(content)
		ext := ""
		if strings.Contains(name, "gzip") {
			ext = ".gz"
		}
		write(t, filepath.Join(dir, "fake", "values.bin"+ext), bad)
		err := s.Check()
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Check = %v, want ErrCorrupt", name, err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "corrupt or truncated") || !strings.Contains(msg, "values.bin") || strings.Contains(msg, "\n") {
			t.Errorf("%s: message %q should name the file in one line", name, msg)
		}
		if !strings.Contains(msg, "SHA-256") && !strings.Contains(msg, "gzip") {
			t.Errorf("%s: message %q should say what is wrong", name, msg)
		}
		if !strings.Contains(msg, DataEnv) {
			t.Errorf("%s: message %q should say what to do about a file in $%s", name, msg, DataEnv)
		}
	}
}

func TestCorruptRemedyDependsOnPlace(t *testing.T) {
	s := fakeSource(nil)
	s.Shipped = true
	s.Files[0].Name = "mnist-10k/images-idx3-ubyte"
	for p, want := range map[place]string{
		placeRepo:   "git checkout -- data/mnist-10k",
		placeCache:  SetupCommand,
		placeSystem: "apt-get install --reinstall fake-data",
	} {
		if got := s.corruptRemedy(candidate{place: p}, s.Files[0]); !strings.Contains(got, want) {
			t.Errorf("remedy for place %d = %q, want it to contain %q", p, got, want)
		}
	}
}

func TestSearchOrder(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	cache := t.TempDir()
	t.Setenv(DataEnv, first+string(os.PathListSeparator)+second)
	t.Setenv("XDG_CACHE_HOME", cache)
	dirs := SearchDirs()
	repo, err := RepoDataDir()
	if err != nil {
		t.Fatalf("the tests run inside the repository, but RepoDataDir says: %v", err)
	}
	want := []string{first, second, repo, filepath.Join(cache, "dlcourse", "data")}
	if len(dirs) != len(want) {
		t.Fatalf("SearchDirs = %v, want %v", dirs, want)
	}
	for i := range want {
		if dirs[i] != want[i] {
			t.Errorf("SearchDirs[%d] = %s, want %s", i, dirs[i], want[i])
		}
	}
	// A file in the first folder wins over one in the second.
	content := []byte("x")
	s := fakeSource(content)
	write(t, filepath.Join(second, "fake", "values.bin"), content)
	write(t, filepath.Join(first, "fake", "values.bin"), content)
	if p := s.Files[0].Locate(); !strings.HasPrefix(p, first) {
		t.Errorf("Locate = %s, want the copy in %s", p, first)
	}
}

func TestRepoDataDirFromSubfolder(t *testing.T) {
	repo, err := RepoDataDir()
	if err != nil {
		t.Fatal(err)
	}
	if moduleOf(filepath.Join(filepath.Dir(repo), "go.mod")) != ModulePath {
		t.Errorf("RepoDataDir = %s, which is not beside the course's go.mod", repo)
	}
	if m := moduleDataDir(); m != "" && m != repo { // "" when built with -trimpath
		t.Errorf("moduleDataDir = %s, want %s", moduleDataDir(), repo)
	}
	// Outside the repository there is none, and the error says what to do.
	t.Chdir(t.TempDir())
	if _, err := RepoDataDir(); err == nil || !strings.Contains(err.Error(), DataEnv) {
		t.Errorf("RepoDataDir outside the repository = %v, want an error naming %s", err, DataEnv)
	}
}

func TestModuleOfParsesGoMod(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), []byte("// comment\nmodule \"github.com/gomlx-course/dlcourse\"\n\ngo 1.27\n"))
	if got := moduleOf(filepath.Join(dir, "go.mod")); got != ModulePath {
		t.Errorf("moduleOf = %q", got)
	}
	if got := moduleOf(filepath.Join(dir, "absent")); got != "" {
		t.Errorf("moduleOf of no file = %q", got)
	}
}

func TestSourcesRegistry(t *testing.T) {
	names := map[string]bool{}
	for _, s := range Sources() {
		if names[s.Name] {
			t.Errorf("two data sets are called %s", s.Name)
		}
		names[s.Name] = true
		if s.Description == "" || s.Origin == "" || s.License == "" || len(s.Files) == 0 {
			t.Errorf("%s lacks a description, origin, license or files", s.Name)
		}
		for _, f := range s.Files {
			if len(f.SHA256) != 64 || f.Size <= 0 {
				t.Errorf("%s: %s has no proper SHA-256 and size", s.Name, f.Name)
			}
		}
		if !s.Shipped && s.Command == "" && !s.hasURLs() {
			t.Errorf("%s cannot be installed in any way", s.Name)
		}
	}
	for _, want := range []string{"fashion-mnist", "mnist", "mnist-10k", "photos", "more-photos", "devils-dictionary", "us-births"} {
		if !names[want] {
			t.Errorf("no data set %s", want)
		}
	}
	if _, err := LookupSource("cifar"); err == nil || !strings.Contains(err.Error(), "fashion-mnist") {
		t.Errorf("LookupSource of an unknown name = %v, want the list of names", err)
	}
}

// The data sets committed in data/ must be present and intact: they need no
// installation.
func TestShippedDataSetsVerify(t *testing.T) {
	for _, s := range Sources() {
		if !s.Shipped {
			continue
		}
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}
