package plots

import (
	"fmt"
	"strings"
)

// errorIn says where err happened, keeping one "plots:" prefix:
// errorIn(err, "image %d", 3) reads "plots: image 3: <err's sentence>".
// errors.Is and errors.As still see err.
func errorIn(err error, format string, args ...any) error {
	return &contextError{where: fmt.Sprintf(format, args...), err: err}
}

type contextError struct {
	where string
	err   error
}

// Error returns the sentence with its context.
func (e *contextError) Error() string {
	return "plots: " + e.where + ": " + strings.TrimPrefix(e.err.Error(), "plots: ")
}

// Unwrap returns the error with no context.
func (e *contextError) Unwrap() error { return e.err }
