package gallery

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// committed is the gallery as committed, at the course's root.
const committed = "../../figures"

// TestGenerate writes the gallery twice and checks that the files are
// byte-identical, complete, valid images of the expected size, and (its
// subtest "committed", in a GOEXPERIMENT=simd build only) the same as the
// committed figures/ folder.
func TestGenerate(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	for _, dir := range []string{first, second} {
		if err := Generate(dir, false); err != nil {
			t.Fatal(err)
		}
	}
	readme, err := os.ReadFile(filepath.Join(first, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Figures() {
		if !strings.Contains(string(readme), "| ["+f.File+".png]("+f.File+".png) ([svg]("+f.File+".svg)) | "+f.Slide+" | "+f.Lesson+" |") {
			t.Errorf("README.md has no row for %s", f.File)
		}
		if f.Trained {
			continue // Not drawn: see the committed subtest.
		}
		for _, ext := range []string{".png", ".svg"} {
			a, err := os.ReadFile(filepath.Join(first, f.File+ext))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(second, f.File+ext))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s%s differs from one run to the next", f.File, ext)
			}
			if ext == ".png" {
				img, err := png.Decode(bytes.NewReader(a))
				if err != nil {
					t.Fatalf("%s.png: %v", f.File, err)
				}
				w, h := plots.PixelSize(f.size())
				if got := img.Bounds(); got.Dx() != w || got.Dy() != h {
					t.Errorf("%s.png is %d×%d, want %d×%d", f.File, got.Dx(), got.Dy(), w, h)
				}
			} else if !bytes.Contains(a, []byte("<svg")) {
				t.Errorf("%s.svg has no <svg> element", f.File)
			}
		}
	}
	r2, err := os.ReadFile(filepath.Join(second, "README.md"))
	if err != nil || !bytes.Equal(readme, r2) {
		t.Errorf("README.md differs from one run to the next")
	}

	t.Run("committed", func(t *testing.T) {
		if !nnlib.SIMDBuild {
			// Trained figures differ in their last bits without the SIMD
			// kernels, so there is nothing to compare them with.
			t.Skipf("NOT COMPARED: figures/ is drawn by a GOEXPERIMENT=simd build and this test binary is not one, so none of its %d files was checked against the gallery; run with GOEXPERIMENT=simd (go run ./cmd/course test sets it)", 2*len(Figures())+1)
		}
		compared := 0
		for _, f := range Figures() {
			if f.Trained {
				// Drawn only by `course gallery`: the committed files must
				// be there, a PNG of the figure's size and an SVG.
				c, err := os.ReadFile(filepath.Join(committed, f.File+".png"))
				if err != nil {
					t.Errorf("figures/%s.png is missing: run `go run ./cmd/course gallery`", f.File)
					continue
				}
				img, err := png.Decode(bytes.NewReader(c))
				if w, h := plots.PixelSize(f.size()); err != nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
					t.Errorf("figures/%s.png is not a %d×%d PNG (%v): run `go run ./cmd/course gallery`", f.File, w, h, err)
				}
				if svg, err := os.ReadFile(filepath.Join(committed, f.File+".svg")); err != nil || !bytes.Contains(svg, []byte("<svg")) {
					t.Errorf("figures/%s.svg is missing or not an SVG: run `go run ./cmd/course gallery`", f.File)
				}
				compared += 2
				continue
			}
			for _, ext := range []string{".png", ".svg"} {
				a, err := os.ReadFile(filepath.Join(first, f.File+ext))
				if err != nil {
					t.Fatal(err)
				}
				if c, err := os.ReadFile(filepath.Join(committed, f.File+ext)); err != nil || !bytes.Equal(a, c) {
					t.Errorf("figures/%s%s is missing or out of date: run `go run ./cmd/course gallery`", f.File, ext)
				}
				compared++
			}
		}
		if c, err := os.ReadFile(filepath.Join(committed, "README.md")); err != nil || !bytes.Equal(readme, c) {
			t.Errorf("figures/README.md is missing or out of date: run `go run ./cmd/course gallery`")
		}
		compared++
		t.Logf("compared %d files with the committed figures/", compared)
	})
}

func TestFiguresAreDescribed(t *testing.T) {
	seen := map[string]bool{}
	lessons := map[string]bool{lesson01: true, lesson02: true, lesson04: true, lesson04b: true, lesson04c: true, lesson05: true, lesson05b: true, lesson05c: true, lesson05d: true, lesson05e: true}
	for _, f := range Figures() {
		if seen[f.File] {
			t.Errorf("two figures named %s", f.File)
		}
		seen[f.File] = true
		if f.Slide == "" || f.About == "" || f.Build == nil || !lessons[f.Lesson] {
			t.Errorf("figure %s: slide %q, lesson %q, about %q", f.File, f.Slide, f.Lesson, f.About)
		}
		if !strings.HasPrefix(f.File, f.Lesson[:2]+"-") {
			t.Errorf("figure %s: its file name should start with its lesson's number %s", f.File, f.Lesson[:2])
		}
	}
}
