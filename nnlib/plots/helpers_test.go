package plots

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// checkPNG renders p at w×h and checks that it decodes as a PNG of the
// expected size in pixels.
func checkPNG(t *testing.T, p *plot.Plot, w, h vg.Length) {
	t.Helper()
	data, err := PNG(p, w, h)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	wantW, wantH := PixelSize(w, h)
	if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
		t.Errorf("PNG is %d×%d pixels, want %d×%d", b.Dx(), b.Dy(), wantW, wantH)
	}
}

// mustPlot returns a function that fails the test on err and returns p:
// p := mustPlot(t)(Lines(...)).
func mustPlot(t *testing.T) func(p *plot.Plot, err error) *plot.Plot {
	return func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			t.Fatal("nil plot without an error")
		}
		return p
	}
}

// wantError fails the test unless err is non-nil.
func wantError(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: want an error, got none", what)
	}
}

// renderImage renders p at w×h and decodes the PNG.
func renderImage(t *testing.T, p *plot.Plot, w, h vg.Length) image.Image {
	t.Helper()
	data, err := PNG(p, w, h)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
