package data

import (
	"errors"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
)

// The expected values were computed once with scikit-image 0.19.3 (Debian's
// python3-skimage): c = skimage.data.chelsea(); c.shape, c[0, 0], c[150, 225],
// c.reshape(-1, 3).astype(np.int64).sum(0).
func TestChelsea(t *testing.T) {
	p, err := LoadPhoto("chelsea")
	if err != nil {
		t.Fatal(err)
	}
	if p.Height != 300 || p.Width != 451 || len(p.Pix) != 300*451*3 {
		t.Fatalf("chelsea is %d×%d with %d values, want 300×451×3", p.Height, p.Width, len(p.Pix))
	}
	for _, c := range []struct{ y, x, r, g, b int }{{0, 0, 143, 120, 104}, {150, 225, 190, 150, 124}} {
		got := [3]int{}
		for ch := range got {
			got[ch] = int(math.Round(float64(p.At(c.y, c.x, ch)) * 255))
		}
		if got != [3]int{c.r, c.g, c.b} {
			t.Errorf("pixel (%d, %d) = %v, want [%d %d %d]", c.y, c.x, got, c.r, c.g, c.b)
		}
	}
	var sums [3]int
	for i, v := range p.Pix {
		sums[i%3] += int(math.Round(float64(v) * 255))
	}
	if sums != [3]int{19980169, 15078438, 11743750} {
		t.Errorf("channel sums %v, want [19980169 15078438 11743750]", sums)
	}
	// Back to an image and to grey.
	img := p.Image()
	if c := img.NRGBAAt(225, 150); c != (color.NRGBA{190, 150, 124, 255}) {
		t.Errorf("Image() pixel (150, 225) = %v", c)
	}
	g := p.Gray()
	if want := (0.299*143 + 0.587*120 + 0.114*104) / 255; !closeTo(float64(g[0]), want, 1e-6) {
		t.Errorf("Gray()[0] = %g, want %g", g[0], want)
	}
}

// The other photographs come with python3-skimage; where it is not
// installed, this test skips.
func TestMorePhotos(t *testing.T) {
	for name, size := range map[string][2]int{"astronaut": {512, 512}, "coffee": {400, 600}, "rocket": {427, 640}} {
		p, err := LoadPhoto(name)
		if errors.Is(err, ErrMissing) {
			t.Skipf("skipped: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Height != size[0] || p.Width != size[1] {
			t.Errorf("%s is %d×%d, want %d×%d", name, p.Height, p.Width, size[0], size[1])
		}
	}
	// skimage.data.coffee()[0, 0] is [21, 13, 8] (a PNG, so exact).
	if p, err := LoadPhoto("coffee"); err == nil {
		if r := int(math.Round(float64(p.At(0, 0, 0)) * 255)); r != 21 {
			t.Errorf("coffee pixel (0, 0) red = %d, want 21", r)
		}
	}
}

func TestLoadPhotoUnknown(t *testing.T) {
	_, err := LoadPhoto("mona-lisa")
	if err == nil || !strings.Contains(err.Error(), "chelsea") {
		t.Errorf("LoadPhoto of an unknown name = %v, want the list of names", err)
	}
	names := strings.Join(PhotoNames(), " ")
	if names != "astronaut chelsea coffee rocket" {
		t.Errorf("PhotoNames = %s", names)
	}
}

func TestPhotoFromImage(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2, 1))
	img.Pix[1] = 255
	p := PhotoFromImage(img)
	wantFloats(t, "pix", p.Pix, []float64{0, 0, 0, 1, 1, 1})
}
