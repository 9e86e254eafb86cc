package data

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// DataEnv names the environment variable that points the loaders at a folder
// of data sets (or several, separated like PATH); it is searched first.
const DataEnv = "DLCOURSE_DATA"

// ModulePath is the course's Go module, whose data/ folder is searched.
const ModulePath = "github.com/gomlx-course/dlcourse"

// place says where a folder or file candidate comes from, which decides the
// remedy when its file is damaged.
type place int

const (
	placeEnv    place = iota // $DLCOURSE_DATA
	placeRepo                // the repository's data/ folder
	placeCache               // the user's cache, where Install downloads
	placeSystem              // where an OS or npm package installed it
)

type searchDir struct {
	path  string
	place place
}

// SearchDirs returns the folders the loaders search for a data set's files,
// in order (a file is also found gzip-compressed, with ".gz" added):
//
//  1. the folders in $DLCOURSE_DATA, if set;
//  2. the repository's data/ folder, found by walking up from the working
//     directory to the go.mod of module github.com/gomlx-course/dlcourse;
//  3. the data/ folder of the module this package was built from, if it is
//     another one (so notebooks run from elsewhere still find it);
//  4. the user's cache, CacheDir(), where Install downloads and converts.
//
// After these come the paths where each data set's OS package installs it
// (Source.Files[i].System), such as /usr/share/datasets/fashion-mnist.
// Folders that do not exist are listed too.
func SearchDirs() []string {
	var out []string
	for _, d := range searchDirs() {
		out = append(out, d.path)
	}
	return out
}

func searchDirs() []searchDir {
	var dirs []searchDir
	add := func(path string, p place) {
		if path == "" || slices.ContainsFunc(dirs, func(d searchDir) bool { return d.path == path }) {
			return
		}
		dirs = append(dirs, searchDir{path, p})
	}
	for _, p := range filepath.SplitList(os.Getenv(DataEnv)) {
		if abs, err := filepath.Abs(p); err == nil && p != "" {
			add(abs, placeEnv)
		}
	}
	if dir, err := RepoDataDir(); err == nil {
		add(dir, placeRepo)
	}
	if dir := moduleDataDir(); dir != "" {
		add(dir, placeRepo)
	}
	if dir, err := CacheDir(); err == nil {
		add(dir, placeCache)
	}
	return dirs
}

// RepoDataDir returns the data/ folder of the course's repository that holds
// the working directory, found by walking up to the go.mod of ModulePath.
func RepoDataDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	if root == "" {
		return "", errors.New("the working directory is not inside the course's repository (no go.mod of " + ModulePath + " above it): cd into it, or set " + DataEnv)
	}
	return filepath.Join(root, "data"), nil
}

// RepoRoot returns the root of the course's repository that holds the working
// directory: the nearest folder at or above it whose go.mod declares
// ModulePath. Outside the repository it returns "" and no error, so that
// each caller says what to do in its own words. The course's command
// (cmd/course) finds its root with it too.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if moduleOf(filepath.Join(dir, "go.mod")) == ModulePath {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", nil
		}
	}
}

// moduleDataDir is the data/ folder of the module whose source this package
// was compiled from, or "" when that source is not on this machine.
func moduleDataDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // .../nnlib/data/locate.go -> module root
	if moduleOf(filepath.Join(root, "go.mod")) != ModulePath {
		return ""
	}
	return filepath.Join(root, "data")
}

// moduleOf returns the module path declared in a go.mod file, or "".
func moduleOf(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`+"`")
		}
	}
	return ""
}

// CacheDir is the folder in the user's cache where Install puts downloaded
// and converted data sets: $XDG_CACHE_HOME/dlcourse/data on Linux (by default
// ~/.cache/dlcourse/data), ~/Library/Caches/dlcourse/data on macOS.
func CacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", errors.New("cannot find the user's cache folder (" + err.Error() + "): set " + DataEnv + " to a folder for the data sets")
	}
	return filepath.Join(base, "dlcourse", "data"), nil
}
