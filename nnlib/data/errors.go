package data

import (
	"errors"
	"fmt"
)

// ErrMissing is what errors.Is finds in the error of a loader whose data set
// is not installed.
var ErrMissing = errors.New("data set not installed")

// IsMissing reports whether err says that a data set is not installed:
// errors.Is(err, ErrMissing), so it sees through wrapping (fmt.Errorf's %w,
// errors.Join). It is false for nil and for every other error, a corrupt file
// included. Tests use it to skip when a data set is absent and fail on
// anything else:
//
//	d, err := data.FashionMNIST(data.Train)
//	if data.IsMissing(err) {
//		t.Skip(err)
//	}
//	if err != nil {
//		t.Fatal(err)
//	}
func IsMissing(err error) bool { return errors.Is(err, ErrMissing) }

// ErrCorrupt is what errors.Is finds in the error of a loader whose file is
// damaged: truncated, not valid gzip, or with the wrong SHA-256.
var ErrCorrupt = errors.New("data file corrupt")

// SetupCommand is the course's set-up command, which installs every data set
// it can.
const SetupCommand = "go run ./cmd/course setup"

// MissingError says that a data set's file was found nowhere, and which
// commands install it.
type MissingError struct {
	Source string   // The data set's Name.
	File   string   // The file looked for, inside a data folder.
	Looked []string // The folders and paths looked in, in order.
	Remedy string   // The package-level command that installs it, if any.
	Online bool     // The set-up command can download it.
}

// Error is one line: what is missing and the commands that install it (the
// folders looked in are in Looked, not in the message).
func (e *MissingError) Error() string {
	msg := fmt.Sprintf("data set %q is not installed: run %q", e.Source, SetupCommand)
	switch {
	case e.Remedy != "":
		msg += fmt.Sprintf(", or %q", e.Remedy)
	case e.Online:
		msg += " while online: it downloads it from the original source"
	}
	return msg
}

// Is makes errors.Is(err, ErrMissing) true.
func (e *MissingError) Is(target error) bool { return target == ErrMissing }

// CorruptError says that a data file exists but is damaged.
type CorruptError struct {
	Path   string // The damaged file.
	Reason string // What is wrong, e.g. the SHA-256 found and the one expected.
	Remedy string // What to do about it.
}

// Error is one line: which file, what is wrong, and what to do.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is corrupt or truncated (%s): %s", e.Path, e.Reason, e.Remedy)
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }
