package nnlib

import "fmt"

// Failed turns a panic of GoMLX (which reports bad shapes and failed
// compilations by panicking) into the error of the function that defers it,
// "<what>: <the panic>", so that a notebook shows one line instead of a
// stack trace:
//
//	func Train(...) (result Trained, err error) {
//		defer nnlib.Failed(&err, "GoMLX failed while training")
//		...
func Failed(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %v", what, r)
	}
}
