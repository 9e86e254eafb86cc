package data

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTools replaces apt-get, sudo and npm for a test: root says whether the
// test runs as root, and install is what "apt-get install" does.
func fakeTools(t *testing.T, root bool, install func() error) *[]string {
	t.Helper()
	var ran []string
	oldLook, oldEuid, oldRun := lookPath, geteuid, runCmd
	t.Cleanup(func() { lookPath, geteuid, runCmd = oldLook, oldEuid, oldRun })
	lookPath = func(name string) (string, error) {
		if name == "apt-get" {
			return "/usr/bin/apt-get", nil
		}
		return "", errors.New("not found")
	}
	geteuid = func() int {
		if root {
			return 0
		}
		return 1000
	}
	runCmd = func(w io.Writer, name string, args ...string) error {
		line := name + " " + strings.Join(args, " ")
		ran = append(ran, line)
		if strings.Contains(line, "apt-get install") {
			return install()
		}
		return nil
	}
	return &ran
}

func TestInstallPresentDoesNothing(t *testing.T) {
	dir := isolate(t)
	s := fakeSource([]byte("ok"))
	write(t, filepath.Join(dir, "fake", "values.bin"), []byte("ok"))
	ran := fakeTools(t, true, nil)
	var out bytes.Buffer
	if err := s.Install(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "present, SHA-256 verified") || len(*ran) != 0 {
		t.Errorf("output %q, commands %v", out.String(), *ran)
	}
}

func TestInstallWithApt(t *testing.T) {
	isolate(t)
	content := []byte("packaged data")
	s := fakeSource(content)
	system := filepath.Join(t.TempDir(), "usr", "share", "values.bin.gz")
	s.Files[0].System = []string{system}
	ran := fakeTools(t, true, func() error { write(t, system, gz(content)); return nil })
	var out bytes.Buffer
	if err := s.Install(&out); err != nil {
		t.Fatal(err)
	}
	if len(*ran) != 1 || (*ran)[0] != "apt-get install -y -q --no-install-recommends fake-data" {
		t.Errorf("commands %v", *ran)
	}
	if !strings.Contains(out.String(), "installed, SHA-256 verified") {
		t.Errorf("output %q", out.String())
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func TestInstallNotRootSaysWhatToRun(t *testing.T) {
	isolate(t)
	s := fakeSource([]byte("x"))
	ran := fakeTools(t, false, nil)
	runCmd = func(w io.Writer, name string, args ...string) error { // sudo asks for a password
		*ran = append(*ran, name)
		return errors.New("a password is required")
	}
	err := s.Install(io.Discard)
	if err == nil {
		t.Fatal("Install as non-root without sudo succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "sudo apt-get install fake-data") || strings.Contains(msg, "\n") {
		t.Errorf("error %q should name the command in one line", msg)
	}
}

func TestInstallDownloadsAndVerifies(t *testing.T) {
	isolate(t)
	content := []byte(strings.Repeat("0123456789", 500))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good/values.bin.gz":
			w.Write(gz(content))
		case "/wrong/values.bin.gz":
			w.Write(gz([]byte("something else")))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fakeTools(t, false, nil)
	s := fakeSource(content)
	s.AptPackage, s.Command = "", ""
	s.Files[0].URLs = []string{srv.URL + "/gone/values.bin.gz", srv.URL + "/wrong/values.bin.gz", srv.URL + "/good/values.bin.gz"}
	var out bytes.Buffer
	if err := s.Install(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	log := out.String()
	for _, want := range []string{"404", "different file", "SHA-256 verified"} {
		if !strings.Contains(log, want) {
			t.Errorf("output lacks %q:\n%s", want, log)
		}
	}
	cache, _ := CacheDir()
	if _, err := os.Stat(filepath.Join(cache, "fake", "values.bin.gz")); err != nil {
		t.Errorf("the download is not in the cache: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(cache, "fake"))
	if len(entries) != 1 {
		t.Errorf("the cache holds %d files, want only the verified one", len(entries))
	}
}

func TestDownloadWithoutNetwork(t *testing.T) {
	isolate(t)
	// A port on the loopback that nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := fakeSource([]byte("x"))
	s.Files[0].URLs = []string{"http://" + addr + "/values.bin"}
	fakeTools(t, false, nil)
	err = s.Install(io.Discard)
	if err == nil || !strings.Contains(err.Error(), "internet connection") || !strings.Contains(err.Error(), "sudo apt-get install fake-data") {
		t.Errorf("Install without network = %v, want it to mention the connection and the command", err)
	}
}
