package data

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// httpClient downloads data sets; a variable so that tests can shorten its
// time-outs.
var httpClient = &http.Client{Timeout: 10 * time.Minute}

// maxDownload bounds a download, so that a wrong URL cannot fill the disk.
const maxDownload = 256 << 20

// Download fetches each of s's files that is not already present and
// verified, from its URLs in turn, into CacheDir. A file is kept only if the
// SHA-256 of its content is the one s lists. Tests never call it.
func (s Source) Download(w io.Writer) error {
	dir, err := CacheDir()
	if err != nil {
		return err
	}
	for _, f := range s.Files {
		if _, err := s.read(f); err == nil {
			continue
		}
		if len(f.URLs) == 0 {
			return fmt.Errorf("%s has no download address", f.Name)
		}
		var errs []string
		done := false
		for _, url := range f.URLs {
			fmt.Fprintf(w, "downloading %s\n", url)
			path, err := downloadFile(url, dir, f)
			if err != nil {
				errs = append(errs, err.Error())
				fmt.Fprintf(w, "  failed: %v\n", err)
				continue
			}
			fmt.Fprintf(w, "  saved %s (SHA-256 verified)\n", path)
			done = true
			break
		}
		if !done {
			return fmt.Errorf("could not download %s: %s", f.Name, strings.Join(errs, "; "))
		}
	}
	return nil
}

// downloadFile fetches url into dir/f.Name (adding ".gz" when the URL has
// it), through a temporary file that is renamed only once verified.
func downloadFile(url, dir string, f File) (string, error) {
	dest := filepath.Join(dir, filepath.FromSlash(f.Name))
	if strings.HasSuffix(url, ".gz") {
		dest += ".gz"
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return "", err
	}
	resp, err := httpClient.Get(url)
	if err != nil {
		return "", fmt.Errorf("no answer (%v): check the internet connection", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("the server answered %s", resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".download-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, maxDownload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("the download broke off after %d bytes (%v)", n, err)
	}
	if n > maxDownload {
		return "", errors.New("the server sent more than 256 MB: wrong address?")
	}
	if _, err := readVerified(tmp.Name(), f); err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) {
			return "", fmt.Errorf("the server sent a different file (%s)", ce.Reason)
		}
		return "", err
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", err
	}
	return dest, nil
}
