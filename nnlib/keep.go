package nnlib

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// CacheDirEnv names the environment variable that overrides where Keep stores
// results; by default it is ".nnlib-cache" in the working directory, which
// under GoNB is the notebook's folder.
const CacheDirEnv = "NNLIB_CACHE_DIR"

// RecomputeEnv, when set to a non-empty value, makes Keep recompute every
// result instead of reading it back.
const RecomputeEnv = "NNLIB_RECOMPUTE"

// CacheDir is the folder where Keep stores results.
func CacheDir() string {
	if dir := os.Getenv(CacheDirEnv); dir != "" {
		return dir
	}
	return ".nnlib-cache"
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// Keep returns the result of compute, computing it only once for a given name
// and config: the result is saved (with encoding/gob) in CacheDir and read back
// by later calls, in later cells or later sessions.
//
// Under GoNB every cell is a new process, so this is how a lesson trains a
// model in one cell and plots it in the next. config is anything that
// determines the result (hyper-parameters, data size, seed): it is hashed into
// the file name, so changing it recomputes. Call Forget, or set
// NNLIB_RECOMPUTE=1, to recompute with the same config.
//
// T must be gob-encodable: exported fields, slices, maps, numbers, strings.
func Keep[T any](name string, config any, compute func() (T, error)) (T, error) {
	var zero T
	path, err := KeepPath(name, config)
	if err != nil {
		return zero, err
	}
	if os.Getenv(RecomputeEnv) == "" {
		// Missing or unreadable (e.g. the type changed): recompute.
		if v, err := readKept[T](path); err == nil {
			if announce(path) {
				fmt.Fprintf(keepOut, "(%s: read back from %s, kept by an earlier run; nnlib.Forget(%q) recomputes it)\n", name, filepath.Base(path), name)
			}
			return v, nil
		}
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return zero, fmt.Errorf("nnlib.Keep(%q): the result cannot be saved (%v): keep only exported fields, slices, maps and numbers", name, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return zero, fmt.Errorf("nnlib.Keep(%q): %w", name, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return zero, fmt.Errorf("nnlib.Keep(%q): %w", name, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return zero, fmt.Errorf("nnlib.Keep(%q): %w", name, err)
	}
	announce(path) // Computed by this kernel: reading it back later says nothing.
	return v, nil
}

// keepOut receives Keep's line about a result read back.
var keepOut io.Writer = os.Stdout

// announce reports whether Keep should say that the result at path was read
// back, and records that it has been said. Outside a notebook it always
// should. In a GoNB kernel, where every cell is a process of its own and a
// lesson reads one kept model in many cells, it says so once per kernel, and
// not at all for a result this kernel computed itself: the line is for
// results left by an earlier session, which may be stale. The record is a
// file in the kernel's own folder, GONB_TMP_DIR.
func announce(path string) bool {
	dir := os.Getenv("GONB_TMP_DIR")
	if dir == "" {
		return true
	}
	marker := filepath.Join(dir, "nnlib-kept-"+filepath.Base(path))
	if _, err := os.Stat(marker); err == nil {
		return false
	}
	_ = os.WriteFile(marker, nil, 0o644) // At worst the line is printed again.
	return true
}

// Forget deletes every kept result of that name, whatever its config (and the
// models train.KeepStore kept under it), so that the next Keep recomputes it.
func Forget(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("nnlib.Forget: name %q must use only letters, digits, '.', '_' and '-'", name)
	}
	matches, err := filepath.Glob(filepath.Join(CacheDir(), name+"-*.gob"))
	if err != nil {
		return err
	}
	folders, err := filepath.Glob(filepath.Join(CacheDir(), name+"-*.checkpoint"))
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range append(matches, folders...) {
		if err := os.RemoveAll(m); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// KeepPath is the file where Keep keeps the result of that name and config:
// CacheDir/<name>-<hash of config>.gob. Other ways of keeping results
// (train.KeepStore keeps a trained model as a checkpoint folder) name their
// files after it, so that Forget finds them.
func KeepPath(name string, config any) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("nnlib.Keep: name %q must use only letters, digits, '.', '_' and '-'", name)
	}
	key, err := json.Marshal(config)
	if err != nil {
		return "", fmt.Errorf("nnlib.Keep(%q): the config cannot be hashed (%v): use a struct of plain values", name, err)
	}
	sum := sha256.Sum256(key)
	return filepath.Join(CacheDir(), name+"-"+hex.EncodeToString(sum[:6])+".gob"), nil
}

// Recall returns the result that Keep kept under name for config, without
// computing anything: a later cell reads what an earlier one trained. When
// there is none (the earlier cell has not run, or ran with another config)
// the error says to run it first.
func Recall[T any](name string, config any) (T, error) {
	path, err := KeepPath(name, config)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := readKept[T](path)
	var missing *fs.PathError
	switch {
	case errors.As(err, &missing):
		return v, fmt.Errorf("nothing is kept as %q for this configuration: run the cell that computes it first", name)
	case err != nil:
		return v, fmt.Errorf("the result kept as %q cannot be read back (%v): run the cell that computes it again", name, err)
	}
	return v, nil
}

// readKept decodes the result kept at path. The error is the file's (an
// *fs.PathError when nothing is kept there) or gob's.
func readKept[T any](path string) (T, error) {
	var v T
	data, err := os.ReadFile(path)
	if err != nil {
		return v, err
	}
	return v, gob.NewDecoder(bytes.NewReader(data)).Decode(&v)
}
