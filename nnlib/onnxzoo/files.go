package onnxzoo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// folder is where the model's files are, inside a data folder (the
// repository's data/, or one of $DLCOURSE_DATA).
const folder = "onnx-mnist"

// restore is the command that brings back the shipped files.
const restore = "git checkout -- data/" + folder

// modelFile is the ONNX model.
const modelFile = folder + "/mnist-8.onnx"

// files are the shipped files with their size and SHA-256 (see
// data/README.md): the model, and the model zoo's three reference
// input/output pairs.
var files = []data.File{
	{Name: modelFile, Size: 26454, SHA256: "0d715376572e89832685c56a65ef1391f5f0b7dd31d61050c91ff3ecab16c032"},
	{Name: folder + "/test_data_set_0/input_0.pb", Size: 3149, SHA256: "e934e1029a1d31f3471236dd366bd7a7e55c76e6b245a221d55ed9eec600b89e"},
	{Name: folder + "/test_data_set_0/output_0.pb", Size: 48, SHA256: "cb94055e8e7938cc2bbc245ba43b7529384cd45cb6846d0fe51f557e18372aac"},
	{Name: folder + "/test_data_set_1/input_0.pb", Size: 3149, SHA256: "2b1cf541630741657ec25ce91db1a94fafd7ef535b0855f868435bbbb7adff32"},
	{Name: folder + "/test_data_set_1/output_0.pb", Size: 48, SHA256: "2fe1d2cfada6c975fb441ea97fb1b38a2568b653d122b0ace0d44e2821ede160"},
	{Name: folder + "/test_data_set_2/input_0.pb", Size: 3149, SHA256: "e3aba83f9f764207403d222042f8cfe71aa7f1acbda7fe19db413448fff69765"},
	{Name: folder + "/test_data_set_2/output_0.pb", Size: 48, SHA256: "1970ba79f63e118da0fa4131907ecf0e7f85d30b8445fe40ee2cddd7ac21d604"},
}

// missingError says that a shipped file is nowhere; errors.Is(err,
// data.ErrMissing) is true for it, as for the data sets' loaders.
type missingError struct{ name string }

// Error is one line: which file, and how to bring it back.
func (e *missingError) Error() string {
	return fmt.Sprintf("%s is missing from the course's data folder: restore it with %q in the repository", e.name, restore)
}

// Is makes errors.Is(err, data.ErrMissing) true.
func (e *missingError) Is(target error) bool { return target == data.ErrMissing }

// readFile returns the content of the shipped file name (one of files),
// found where nnlib/data looks for the data sets (data.File.Locate), and
// checked against its SHA-256; a gzip-compressed copy is read too. A wrong
// file gives a *data.CorruptError, a missing one a *missingError: both one
// line that says what to do.
func readFile(name string) (path string, content []byte, err error) {
	var f data.File
	for _, g := range files {
		if g.Name == name {
			f = g
		}
	}
	if f.Name == "" {
		return "", nil, fmt.Errorf("onnxzoo: %s is not one of the shipped files", name)
	}
	path = f.Locate()
	if path == "" {
		return "", nil, &missingError{name: "data/" + name}
	}
	content, err = os.ReadFile(path)
	if err != nil {
		return path, nil, fmt.Errorf("cannot read %s: %v", path, err)
	}
	if bytes.HasPrefix(content, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(content))
		if err == nil {
			content, err = io.ReadAll(zr)
		}
		if err != nil {
			return path, nil, &data.CorruptError{Path: path, Reason: "damaged gzip: " + err.Error(), Remedy: remedy(path)}
		}
	}
	sum := sha256.Sum256(content)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		reason := fmt.Sprintf("SHA-256 %s…, expected %s…", got[:12], f.SHA256[:12])
		if int64(len(content)) != f.Size {
			reason = fmt.Sprintf("%d bytes, expected %d; ", len(content), f.Size) + reason
		}
		return path, nil, &data.CorruptError{Path: path, Reason: reason, Remedy: remedy(path)}
	}
	return path, content, nil
}

// remedy says what to do about a damaged file at path: restore the shipped
// copy, or, for a copy in a folder of $DLCOURSE_DATA, replace it.
func remedy(path string) string {
	for _, dir := range filepath.SplitList(os.Getenv(data.DataEnv)) {
		if abs, err := filepath.Abs(dir); err == nil && dir != "" && strings.HasPrefix(path, abs+string(filepath.Separator)) {
			return fmt.Sprintf("replace it with the course's data/%s, or unset %s to use the course's own", strings.TrimPrefix(filepath.ToSlash(path), filepath.ToSlash(abs)+"/"), data.DataEnv)
		}
	}
	return fmt.Sprintf("restore it with %q", restore)
}
