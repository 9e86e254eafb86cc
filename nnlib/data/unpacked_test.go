package data

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestLoadKeepsAnUncompressedCopy checks that loading a gzip file keeps its
// content uncompressed in the user's cache, that later loads use that copy
// (they still succeed when the installed file is damaged), that Check
// still reads the installed file, and that a damaged copy is dropped.
func TestLoadKeepsAnUncompressedCopy(t *testing.T) {
	dir := isolate(t)
	content := bytes.Repeat([]byte("pixels "), 1000)
	s := fakeSource(content)
	installed := filepath.Join(dir, "fake", "values.bin.gz")
	write(t, installed, gz(content))
	if got, err := s.load(s.Files[0]); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("first load = %d bytes, %v", len(got), err)
	}
	copyPath := unpackedPath(s.Files[0])
	if kept, err := os.ReadFile(copyPath); err != nil || !bytes.Equal(kept, content) {
		t.Fatalf("the first load kept no uncompressed copy at %s (%v)", copyPath, err)
	}

	write(t, installed, gz(content)[:30]) // Damaged: only the copy can give the content.
	if got, err := s.load(s.Files[0]); err != nil || !bytes.Equal(got, content) {
		t.Errorf("load with a good copy and a damaged installed file = %d bytes, %v; want the copy", len(got), err)
	}
	if err := s.Check(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check of a damaged installed file = %v, want ErrCorrupt (Check must not trust the copy)", err)
	}

	write(t, installed, gz(content))
	write(t, copyPath, []byte("not the content"))
	if got, err := s.load(s.Files[0]); err != nil || !bytes.Equal(got, content) {
		t.Errorf("load with a damaged copy = %d bytes, %v; want the installed file's content", len(got), err)
	}
	if kept, _ := os.ReadFile(copyPath); !bytes.Equal(kept, content) {
		t.Error("a damaged copy was not replaced by a good one")
	}
	os.Remove(installed)
	if _, err := s.load(s.Files[0]); !errors.Is(err, ErrMissing) {
		t.Errorf("load of an uninstalled file = %v, want ErrMissing even with a copy in the cache", err)
	}
}

// TestUncompressedFilesAreNotCopied checks that a plain installed file is
// read where it is, not copied.
func TestUncompressedFilesAreNotCopied(t *testing.T) {
	dir := isolate(t)
	content := []byte("plain content")
	s := fakeSource(content)
	write(t, filepath.Join(dir, "fake", "values.bin"), content)
	if _, err := s.load(s.Files[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(unpackedPath(s.Files[0])); err == nil {
		t.Error("a plain file was copied to the cache")
	}
}
