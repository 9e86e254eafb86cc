package data

import (
	"strings"
	"testing"
)

func TestHalfSize(t *testing.T) {
	// Two 3×5 images of 2 channels: pixel (r, c, k) of image i is
	// 100i + 10r + c + k/2, so every 2×2 mean is known in closed form.
	d := &Dataset{Name: "grid", Shape: []int{3, 5, 2}, Labels: []int{4, 7}}
	for i := range 2 {
		for r := range 3 {
			for c := range 5 {
				for k := range 2 {
					d.X = append(d.X, float32(100*i+10*r+c)+float32(k)/2)
				}
			}
		}
	}
	h, err := HalfSize(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Shape; len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 2 {
		t.Fatalf("shape %v, want [1 2 2] (odd row and column dropped)", got)
	}
	for i := range 2 {
		for c := range 2 {
			for k := range 2 {
				// Mean of rows 0–1 and columns 2c, 2c+1: 100i + 5 + 2c + 0.5 + k/2.
				want := float32(100*i+5+2*c) + 0.5 + float32(k)/2
				if got := h.X[i*4+c*2+k]; got != want {
					t.Errorf("image %d, column %d, channel %d: %g, want %g", i, c, k, got, want)
				}
			}
		}
	}
	if h.Labels[0] != 4 || h.Labels[1] != 7 {
		t.Errorf("labels %v, want [4 7]", h.Labels)
	}
	h.Labels[0] = 9
	if d.Labels[0] != 4 {
		t.Error("HalfSize shares its labels with the original")
	}
	flat := &Dataset{Name: "flat", Shape: []int{784}, X: make([]float32, 784)}
	if _, err := HalfSize(flat); err == nil || !strings.Contains(err.Error(), "Reshape") {
		t.Errorf("flat examples: %v, want an error that says to reshape", err)
	}
}
