package cnn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestStages(t *testing.T) {
	for _, tc := range []struct {
		padding int
		want    []Stage
	}{
		{0, []Stage{
			{Name: "conv1", Height: 26, Width: 26, Channels: 32, Field: 3, Step: 1},
			{Name: "pool1", Height: 13, Width: 13, Channels: 32, Field: 4, Step: 2},
			{Name: "conv2", Height: 11, Width: 11, Channels: 64, Field: 8, Step: 2},
			{Name: "pool2", Height: 5, Width: 5, Channels: 64, Field: 10, Step: 4},
		}},
		{1, []Stage{
			{Name: "conv1", Height: 28, Width: 28, Channels: 32, Field: 3, Step: 1, Offset: 1},
			{Name: "pool1", Height: 14, Width: 14, Channels: 32, Field: 4, Step: 2, Offset: 1},
			{Name: "conv2", Height: 14, Width: 14, Channels: 64, Field: 8, Step: 2, Offset: 3},
			{Name: "pool2", Height: 7, Width: 7, Channels: 64, Field: 10, Step: 4, Offset: 3},
		}},
	} {
		a := Small()
		a.Padding = tc.padding
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		if got := a.Stages(); !slices.Equal(got, tc.want) {
			t.Errorf("padding %d: stages %+v\nwant %+v", tc.padding, got, tc.want)
		}
	}
	a := Small()
	a.Padding = 3
	if a.Validate() == nil {
		t.Error("padding 3 with 3×3 kernels must be refused")
	}
	if _, err := Small().Stage("conv3"); err == nil {
		t.Error("Stage(conv3) of a two-layer network")
	}
}

func TestAugmenter(t *testing.T) {
	a := Arch{Height: 3, Width: 4, Channels: 2}
	img := make([]float32, 3*4*2)
	for i := range img {
		img[i] = float32(i + 1)
	}
	at := func(x []float32, r, c, ch int) float32 { return x[(r*4+c)*2+ch] }
	g := newAugmenter(a, 1, true, 1)
	g.rng = rand.New(rand.NewPCG(3, 3))
	seenFlip, seenShift := false, false
	for range 50 {
		x := slices.Clone(img)
		g.apply(x)
		// Every output pixel is 0 or one of the input's pixels (both channels together).
		for r := range 3 {
			for c := range 4 {
				v0, v1 := at(x, r, c, 0), at(x, r, c, 1)
				if v0 == 0 && v1 == 0 {
					seenShift = true
					continue
				}
				if v1 != v0+1 || int(v0)%2 != 1 {
					t.Fatalf("pixel (%d, %d) is (%v, %v): not an input pixel", r, c, v0, v1)
				}
				sr, sc := (int(v0)-1)/2/4, (int(v0)-1)/2%4
				if sc != c && sc != c-1 && sc != c+1 && sc != 3-c && sc != 3-c-1 && sc != 3-c+1 {
					t.Fatalf("pixel (%d, %d) comes from column %d", r, c, sc)
				}
				if sr < r-1 || sr > r+1 {
					t.Fatalf("pixel (%d, %d) comes from row %d", r, c, sr)
				}
				if sc == 3-c && sr == r && c != 3-c {
					seenFlip = true
				}
			}
		}
	}
	if !seenFlip || !seenShift {
		t.Errorf("in 50 draws: a flip %v, a shift %v", seenFlip, seenShift)
	}
	none := newAugmenter(a, 0, false, 1)
	x := slices.Clone(img)
	none.apply(x)
	if !slices.Equal(x, img) {
		t.Error("no shift and no flip must leave the images alone")
	}
}
