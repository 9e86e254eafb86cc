package data

import (
	"os"
	"path/filepath"
)

// The data sets are installed gzip-compressed (Debian's Fashion-MNIST,
// 30 MB), and every cell of a notebook is a new process that loads them
// again: gunzipping the training images takes a third of a second, several
// seconds over a lesson. So the first load keeps the uncompressed content
// in the user's cache (CacheDir()/unpacked, named by its SHA-256) and later
// loads read that copy, checked against the same SHA-256. Only loading uses
// it: Check verifies the installed files themselves. Any failure to read or
// write the copy falls back to the installed file, silently: the copy is a
// speed-up, never a source of truth.

// unpackedPath is where f's uncompressed content is kept, or "" if there is
// no cache folder.
func unpackedPath(f File) string {
	dir, err := CacheDir()
	if err != nil || len(f.SHA256) != 64 {
		return ""
	}
	return filepath.Join(dir, "unpacked", f.SHA256)
}

// readUnpacked returns f's kept uncompressed content if there is a copy
// whose SHA-256 is right; a damaged copy is removed.
func readUnpacked(f File) ([]byte, bool) {
	path := unpackedPath(f)
	if path == "" {
		return nil, false
	}
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	if checkContent(content, f) != nil {
		os.Remove(path)
		return nil, false
	}
	return content, true
}

// keepUnpacked writes f's verified uncompressed content to the cache,
// atomically (a temporary file renamed), so that two cells loading at once
// never see half a copy.
func keepUnpacked(f File, content []byte) {
	path := unpackedPath(f)
	if path == "" || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".unpacking-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(content)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}
