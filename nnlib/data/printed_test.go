package data

import (
	"math"
	"slices"
	"testing"
)

// TestPrintedDigits checks the images are prepared as MNIST's: 28×28 in
// [0, 1], every class perClass times, the digit inside a 20×20 box with its
// centre of mass at the centre; the same seed gives the same images and
// another seed others.
func TestPrintedDigits(t *testing.T) {
	d, err := PrintedDigits(30, 7)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Len() != 300 || !slices.Equal(d.Shape, []int{28, 28, 1}) {
		t.Fatalf("%d images of shape %v, want 300 of [28 28 1]", d.Len(), d.Shape)
	}
	for c, n := range d.ClassCounts() {
		if n != 30 {
			t.Errorf("class %d has %d images, want 30", c, n)
		}
	}
	for i := range d.Len() {
		img := d.Row(i)
		var mass, mx, my float64
		x0, y0, x1, y1 := 28, 28, -1, -1
		for y := range 28 {
			for x := range 28 {
				v := float64(img[y*28+x])
				if v < 0 || v > 1 {
					t.Fatalf("image %d has a pixel %g outside [0, 1]", i, v)
				}
				if v > 0 {
					x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
				}
				mass += v
				mx += v * (float64(x) + 0.5)
				my += v * (float64(y) + 0.5)
			}
		}
		if mass < 10 {
			t.Fatalf("image %d (digit %d) is nearly empty: %g", i, d.Labels[i], mass)
		}
		if w, h := x1-x0+1, y1-y0+1; max(w, h) > 21 {
			t.Errorf("image %d: the digit is %d×%d, want it inside 20×20", i, w, h)
		}
		if math.Abs(mx/mass-14) > 1 || math.Abs(my/mass-14) > 1 {
			t.Errorf("image %d: centre of mass (%.1f, %.1f), want (14, 14) ± 1", i, mx/mass, my/mass)
		}
	}
	again, err := PrintedDigits(30, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.X, d.X) || !slices.Equal(again.Labels, d.Labels) {
		t.Error("the same seed gave other images")
	}
	other, err := PrintedDigits(30, 8)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(other.X, d.X) {
		t.Error("another seed gave the same images")
	}
	if _, err := PrintedDigits(0, 1); err == nil {
		t.Error("PrintedDigits(0) gave no error")
	}
}
