package plots

import (
	"fmt"
	"image"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestGridShape(t *testing.T) {
	for _, c := range []struct{ n, cols, wantRows, wantCols int }{
		{10, 5, 2, 5}, {7, 3, 3, 3}, {3, 5, 1, 3}, {1, 0, 1, 1}, {3, 0, 1, 3}, {10, 0, 3, 4}, {16, 0, 3, 6},
	} {
		rows, cols, err := GridShape(c.n, c.cols)
		if err != nil || rows != c.wantRows || cols != c.wantCols {
			t.Errorf("GridShape(%d, %d) = %d×%d, %v; want %d×%d", c.n, c.cols, rows, cols, err, c.wantRows, c.wantCols)
		}
	}
	_, _, err := GridShape(0, 3)
	wantError(t, "no cells", err)
	_, _, err = GridShape(3, -1)
	wantError(t, "negative columns", err)
}

// digit returns a 28×28 grayscale image with a bar in column i.
func digit(i int, label, prediction string) Image {
	px := make([]float64, 28*28)
	for r := 4; r < 24; r++ {
		px[r*28+4+2*i] = 1
	}
	return Image{Pixels: px, Height: 28, Width: 28, Channels: 1, Label: label, Prediction: prediction}
}

func TestImagePanelsLayout(t *testing.T) {
	var images []Image
	for i := range 7 {
		pred := fmt.Sprint(i)
		if i == 3 {
			pred = "8" // A mistake.
		}
		images = append(images, digit(i, fmt.Sprint(i), pred))
	}
	g, err := ImagePanels(images, 3)
	if err != nil {
		t.Fatal(err)
	}
	if g.Rows != 3 || g.Cols != 3 {
		t.Errorf("7 images on 3 columns: %d×%d, want 3×3", g.Rows, g.Cols)
	}
	if g.Plots[1][0].Title.Text != "3 → 8" || g.Plots[1][0].Title.TextStyle.Color != MistakeColor {
		t.Errorf("the mistake's title is %q", g.Plots[1][0].Title.Text)
	}
	if g.Plots[0][1].Title.Text != "1" || g.Plots[2][1] != nil || g.Plots[2][2] != nil {
		t.Errorf("cells are filled row by row, the last two empty")
	}
	p := mustPlot(t)(g.Figure("Digits, mistakes in red"))
	checkPNG(t, p, Width, Height)
}

func TestImageConversion(t *testing.T) {
	rgb := Image{Pixels: []float64{255, 0, 0, 0, 255, 0}, Height: 1, Width: 2, Channels: 3, Min: 0, Max: 255}
	img, err := rgb.ToImage()
	if err != nil {
		t.Fatal(err)
	}
	if r, g, _, _ := img.At(0, 0).RGBA(); r>>8 != 255 || g != 0 {
		t.Errorf("pixel (0, 0) is not red")
	}
	if _, g, _, _ := img.At(1, 0).RGBA(); g>>8 != 255 {
		t.Errorf("pixel (1, 0) is not green")
	}
	for name, im := range map[string]Image{
		"2 channels":     {Pixels: make([]float64, 8), Height: 2, Width: 2, Channels: 2},
		"too few pixels": {Pixels: make([]float64, 3), Height: 2, Width: 2, Channels: 1},
		"zero height":    {Height: 0, Width: 2, Channels: 1},
		"min not < max":  {Pixels: make([]float64, 4), Height: 2, Width: 2, Channels: 1, Min: 1, Max: 1},
	} {
		wantError(t, name, im.Validate())
		_, err := ImageGrid("bad", []Image{im}, 0)
		wantError(t, name+" (ImageGrid)", err)
	}
	_, err = ImageGrid("none", nil, 0)
	wantError(t, "no images", err)
	if !digit(0, "7", "1").Mistake() || digit(0, "7", "7").Mistake() || digit(0, "7", "").Mistake() {
		t.Errorf("Mistake: only a prediction that differs from the label is one")
	}
	if b := upsample(image.NewGray(image.Rect(0, 0, 28, 28))).Bounds(); b.Dx() != 28*6 {
		t.Errorf("28×28 upsampled to %v, want 168×168", b)
	}
}

func TestKernelsAndFeatureMaps(t *testing.T) {
	edge := [][]float64{{0, 1, 0}, {1, -4, 1}, {0, 1, 0}}
	m, err := NewMatrix(edge)
	if err != nil {
		t.Fatal(err)
	}
	if m.Min != -4 || m.Max != 4 || !m.ShowValues {
		t.Errorf("a kernel with both signs gets a symmetric scale: [%g, %g]", m.Min, m.Max)
	}
	p := mustPlot(t)(KernelGrid("Kernels", [][][]float64{edge, {{1, 0}, {0, -1}}}, []string{"edge", "diagonal"}, 0))
	checkPNG(t, p, Width, Height)
	_, err = KernelGrid("Kernels", [][][]float64{{{1, 2}, {3}}}, nil, 0)
	wantError(t, "ragged kernel", err)
	_, err = KernelGrid("Kernels", [][][]float64{edge}, []string{"a", "b"}, 0)
	wantError(t, "names ≠ kernels", err)
	_, err = MatrixPlot("empty", nil)
	wantError(t, "empty matrix", err)

	maps := make([][][]float64, 6)
	for k := range maps {
		maps[k] = make([][]float64, 12)
		for r := range maps[k] {
			maps[k][r] = make([]float64, 12)
			for c := range maps[k][r] {
				maps[k][r][c] = float64((r*k + c) % 7)
			}
		}
	}
	checkPNG(t, mustPlot(t)(FeatureMaps("Feature maps", maps, nil, 3)), Width, Height)
}

func TestPanels(t *testing.T) {
	a := mustPlot(t)(Lines("a", "x", "y", Series{Y: []float64{1, 2}}))
	b := mustPlot(t)(Lines("b", "x", "y", Series{Y: []float64{2, 1}}))
	g, err := NewPanels(2, 2, a, b, a)
	if err != nil {
		t.Fatal(err)
	}
	if g.Plots[1][0] != a || g.Plots[1][1] != nil {
		t.Errorf("panels are filled row by row")
	}
	checkPNG(t, mustPlot(t)(g.Figure("Two by two")), Width, Height)
	_, err = NewPanels(1, 1, a, b)
	wantError(t, "too many plots", err)
	_, err = SideBySide("nil", a, nil)
	wantError(t, "nil plot", err)
	g.Plots = g.Plots[:1]
	_, err = g.Figure("broken")
	wantError(t, "rows ≠ Rows", err)
}

func TestGridHeightAndShowImages(t *testing.T) {
	two, err := GridHeight(12, 6, 1)
	if err != nil {
		t.Fatal(err)
	}
	three, _ := GridHeight(18, 6, 1)
	if !(two < Height && three > two) {
		t.Errorf("2 rows: %v, 3 rows: %v (default height %v)", two, three, Height)
	}
	// Wide photographs (300×451) need less height than square images.
	if wide, _ := GridHeight(4, 2, 300.0/451); !(wide < func() vg.Length { h, _ := GridHeight(4, 2, 1); return h }()) {
		t.Errorf("wide images: %v", wide)
	}
	_, err = GridHeight(0, 6, 1)
	wantError(t, "no images", err)
	_, err = GridHeight(4, 2, 0)
	wantError(t, "no aspect ratio", err)

	im := digit(1, "Boot", "Sneaker")
	if err := ShowImages("test", []Image{im, im, im}, 4); err != nil {
		t.Errorf("ShowImages: %v", err)
	}
	wantError(t, "ShowImages of no images", ShowImages("test", nil, 4))
}
