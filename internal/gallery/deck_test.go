package gallery

import (
	"testing"
)

// The figures reproduce the deck's numbers: these tests check them.

func TestConvolutionExampleGives42(t *testing.T) {
	if got := convolveAt(convImage, convKernel, 2, 2); got != 42 {
		t.Errorf("the deck's example gives %g at the centre, want 42", got)
	}
	// Edge detection on a flat patch is 0.
	flat := [][]float64{{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}
	if got := convolveAt(flat, edgeDetection, 1, 1); got != 0 {
		t.Errorf("edge detection on a flat patch gives %g", got)
	}
}
