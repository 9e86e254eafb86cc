package plots

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// displayChild is set in the child process of TestDisplayStopsOnError.
const displayChild = "PLOTS_TEST_DISPLAY_ERROR"

func TestDisplay(t *testing.T) {
	if os.Getenv(displayChild) != "" {
		Display(nil, errors.New("the series has 3 x and 2 y values"))
		return // Not reached: Display ends the program.
	}
	// A figure is shown (outside a notebook: rendered), at either height.
	Display(Lines("Loss", "step", "loss", Series{Name: "train", Y: []float64{3, 2, 1.5}}))
	DisplayHeight(6 * Width / 16)(Lines("Loss", "step", "loss", Series{Name: "train", Y: []float64{3, 2, 1.5}}))

	// An error stops the cell's program with one line.
	cmd := exec.Command(os.Args[0], "-test.run=^TestDisplay$")
	cmd.Env = append(os.Environ(), displayChild+"=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the program with an error ended with %v, want exit status 1", err)
	}
	if got := strings.TrimSpace(string(out)); got != "Error: the series has 3 x and 2 y values" {
		t.Errorf("it printed %q", got)
	}
}
