package data

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMustPrintsOneLine runs Must on a missing data set in a child process,
// as a notebook cell would: the cell must end with the one-line remedy and
// exit status 1, not a panic trace.
func TestMustPrintsOneLine(t *testing.T) {
	if os.Getenv("DATA_MUST_CHILD") == "1" {
		Must(0, &MissingError{Source: "fashion-mnist", Remedy: "sudo apt-get install dataset-fashion-mnist"})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMustPrintsOneLine$")
	cmd.Env = append(os.Environ(), "DATA_MUST_CHILD=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the child should exit with status 1, got %v", err)
	}
	got := stderr.String()
	want := "Error: data set \"fashion-mnist\" is not installed: run \"go run ./cmd/course setup\", or \"sudo apt-get install dataset-fashion-mnist\"\n"
	if got != want {
		t.Errorf("stderr:\n%q\nwant:\n%q", got, want)
	}
	if v := Must(42, nil); v != 42 {
		t.Errorf("Must(42, nil) = %d", v)
	}
}
