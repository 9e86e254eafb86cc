package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// File is one file of a data set, known by the SHA-256 of its content.
type File struct {
	Name   string   // Its path inside a data folder, e.g. "fashion-mnist/train-images-idx3-ubyte"; "Name.gz" is found too.
	SHA256 string   // The SHA-256 of its content, uncompressed, in hex.
	Size   int64    // The size of its content, uncompressed, in bytes.
	System []string // Where an OS package installs it (gzip-compressed or not), searched after the data folders.
	URLs   []string // Where to download it from (gzip-compressed or not); tried in order.
}

// candidate is a path where a File may be, and where that path comes from.
type candidate struct {
	path  string
	place place
}

// candidates lists where f may be, in search order.
func (f File) candidates() []candidate {
	var out []candidate
	for _, d := range searchDirs() {
		p := filepath.Join(d.path, filepath.FromSlash(f.Name))
		out = append(out, candidate{p, d.place}, candidate{p + ".gz", d.place})
	}
	for _, p := range f.System {
		out = append(out, candidate{p, placeSystem})
	}
	return out
}

// Locate returns the path where f is found first, without checking its
// content, or "" if it is nowhere.
func (f File) Locate() string {
	if c, ok := f.locate(); ok {
		return c.path
	}
	return ""
}

func (f File) locate() (candidate, bool) {
	for _, c := range f.candidates() {
		if st, err := os.Stat(c.path); err == nil && st.Mode().IsRegular() {
			return c, true
		}
	}
	return candidate{}, false
}

// load is read, or the uncompressed copy an earlier read kept (see
// unpacked.go) when f is still installed.
func (s Source) load(f File) ([]byte, error) {
	if _, ok := f.locate(); ok {
		if content, ok := readUnpacked(f); ok {
			return content, nil
		}
	}
	return s.read(f)
}

// read returns f's content, uncompressed and verified, from the first place
// it is found; s names the data set in errors. It keeps an uncompressed copy
// of a gzip file for load.
func (s Source) read(f File) ([]byte, error) {
	c, ok := f.locate()
	if !ok {
		var looked []string
		for _, c := range f.candidates() {
			looked = append(looked, c.path)
		}
		return nil, &MissingError{Source: s.Name, File: f.Name, Looked: looked, Remedy: s.Command, Online: s.hasURLs()}
	}
	content, compressed, err := readVerifiedFile(c.path, f)
	if err != nil {
		if ce, ok := err.(*CorruptError); ok {
			ce.Remedy = s.corruptRemedy(c, f)
		}
		return nil, err
	}
	if compressed {
		keepUnpacked(f, content)
	}
	return content, nil
}

// readVerified reads path, uncompressing it if it is gzip, and checks the
// content against f's SHA-256. A damaged file gives a *CorruptError (with no
// Remedy); a file that cannot be read gives the os error.
func readVerified(path string, f File) ([]byte, error) {
	content, _, err := readVerifiedFile(path, f)
	return content, err
}

// readVerifiedFile is readVerified that also says whether the file was
// gzip-compressed.
func readVerifiedFile(path string, f File) (content []byte, compressed bool, err error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("cannot read %s: %v", path, err)
	}
	compressed = isGzip(raw)
	content, err = uncompress(raw, f.Size)
	if err != nil {
		return nil, compressed, &CorruptError{Path: path, Reason: err.Error()}
	}
	if err := checkContent(content, f); err != nil {
		return nil, compressed, &CorruptError{Path: path, Reason: err.Error()}
	}
	return content, compressed, nil
}

// uncompress returns raw itself, or its gunzipped content if it is gzip;
// size, when known (> 0), is the content's expected size, so that the
// buffer is allocated once instead of grown.
func uncompress(raw []byte, size int64) ([]byte, error) {
	if !isGzip(raw) {
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("not valid gzip: %v", err)
	}
	var buf bytes.Buffer
	if size > 0 && size < maxIDXValues {
		buf.Grow(int(size) + bytes.MinRead) // ReadFrom wants MinRead spare bytes before it stops.
	}
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("the gzip stream is damaged: %v", shortErr(err))
	}
	return buf.Bytes(), nil
}

// checkContent compares content with f's size and SHA-256.
func checkContent(content []byte, f File) error {
	sum := sha256.Sum256(content)
	got := hex.EncodeToString(sum[:])
	if got == f.SHA256 {
		return nil
	}
	if f.Size > 0 && int64(len(content)) != f.Size {
		return fmt.Errorf("its content is %d bytes, expected %d; SHA-256 %s…, expected %s…", len(content), f.Size, got[:12], short(f.SHA256))
	}
	return fmt.Errorf("SHA-256 %s…, expected %s…", got[:12], short(f.SHA256))
}

func short(hexSum string) string { return hexSum[:min(12, len(hexSum))] }

// corruptRemedy says what to do about a damaged file, by where it was found.
func (s Source) corruptRemedy(c candidate, f File) string {
	switch c.place {
	case placeEnv:
		return fmt.Sprintf("replace it with a good copy, or unset %s to use the course's own", DataEnv)
	case placeRepo:
		if s.Shipped {
			dir, _, _ := strings.Cut(f.Name, "/")
			return fmt.Sprintf("restore it with \"git checkout -- data/%s\"", dir)
		}
		return fmt.Sprintf("delete it and run %q", SetupCommand)
	case placeCache:
		return fmt.Sprintf("delete it and run %q", SetupCommand)
	default:
		if s.AptPackage != "" {
			return fmt.Sprintf("reinstall it with \"sudo apt-get install --reinstall %s\"", s.AptPackage)
		}
		return fmt.Sprintf("delete it and run %q", SetupCommand)
	}
}
