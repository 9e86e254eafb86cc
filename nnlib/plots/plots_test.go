package plots

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestPixelSize(t *testing.T) {
	if w, h := PixelSize(Width, Height); w != 907 || h != 567 {
		t.Errorf("PixelSize(16 cm, 10 cm) = %d×%d, want 907×567", w, h)
	}
}

func TestRenderSizes(t *testing.T) {
	p := mustPlot(t)(Lines("Cost", "iteration", "J", Series{Y: []float64{3, 2, 1}}))
	checkPNG(t, p, Width, Height)
	checkPNG(t, p, 8*vg.Centimeter, 5*vg.Centimeter)
	svg, err := SVG(p, Width, Height)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("Cost")) {
		t.Errorf("the SVG has no <svg> element or no title")
	}
	if !bytes.Contains(svg, []byte("font-family:'Liberation Sans',Arial,")) {
		t.Errorf("the SVG's text has no fallback font")
	}
	g := mustPlot(t)(HeatMapPlot("Heat", "x", "y", &Grid{Xs: []float64{0, 1}, Ys: []float64{0, 1}, Values: [][]float64{{0, 1}, {1, 2}}}, nil, false))
	svg, err = SVG(g, Width, Height)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`<image preserveAspectRatio="none" `)) || !bytes.Contains(svg, []byte("data:image/png;base64,")) {
		t.Errorf("the SVG's image keeps its aspect ratio or is not labelled PNG")
	}
}

func TestRenderErrors(t *testing.T) {
	_, err := PNG(nil, Width, Height)
	wantError(t, "nil plot", err)
	_, err = PNG(plot.New(), 0, Height)
	wantError(t, "zero width", err)
	_, err = render(plot.New(), Width, Height, "gif")
	wantError(t, "unknown format", err)
	_, _, err = Save(plot.New(), "")
	wantError(t, "empty file name", err)
}

func TestSaveWritesPNGAndSVG(t *testing.T) {
	base := filepath.Join(t.TempDir(), "sub", "cost")
	p := mustPlot(t)(Lines("Cost", "iteration", "J", Series{Y: []float64{3, 2, 1}}))
	pngPath, svgPath, err := ShowAndSave(p, base)
	if err != nil {
		t.Fatal(err)
	}
	if pngPath != base+".png" || svgPath != base+".svg" {
		t.Errorf("paths %q, %q", pngPath, svgPath)
	}
	data, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 907 || b.Dy() != 567 {
		t.Errorf("saved PNG is %v", b)
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil || !strings.Contains(string(svg), "<svg") {
		t.Errorf("saved SVG: %v", err)
	}
	// Show works outside a notebook too (it only renders).
	if err := Show(p); err != nil {
		t.Error(err)
	}
}

// TestRenderIsDeterministic renders figures with many contour lines, an
// embedded image and a legend twice: the bytes must match.
func TestRenderIsDeterministic(t *testing.T) {
	g, err := SampleGrid(func(x, y float64) float64 { return (x*x-1)*(x*x-1) + y*y }, -2, 2, -2, 2, 81, 81)
	if err != nil {
		t.Fatal(err)
	}
	for name, build := range map[string]func() (*plot.Plot, error){
		"contours": func() (*plot.Plot, error) { return ContourPlot("Two wells", "x", "y", g, Levels(0, 4, 8)) },
		"heat map": func() (*plot.Plot, error) { return HeatMapPlot("Two wells", "x", "y", g, Levels(0, 4, 8), false) },
	} {
		var first [2][]byte
		for run := range 2 {
			p := mustPlot(t)(build())
			svg, err := SVG(p, Width, Height)
			if err != nil {
				t.Fatal(err)
			}
			img, err := PNG(p, Width, Height)
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				first = [2][]byte{svg, img}
			} else if !bytes.Equal(first[0], svg) || !bytes.Equal(first[1], img) {
				t.Errorf("%s: two renderings differ", name)
			}
		}
	}
}

func TestLegendAvoidsData(t *testing.T) {
	// All points in the top right: the legend must go elsewhere.
	c := Classes{Points: [][]float64{{0, 0}, {9, 9}, {10, 10}, {9.5, 10}, {10, 9}}, Labels: []int{0, 1, 1, 1, 1}}
	p := mustPlot(t)(Scatter("Corner", "x", "y", c))
	if p.Legend.Top && !p.Legend.Left {
		t.Errorf("legend in the top right, over 4 points")
	}
	LegendAt(p, false, true)
	if p.Legend.Top || !p.Legend.Left || p.Legend.XOffs <= 0 || p.Legend.YOffs <= 0 {
		t.Errorf("LegendAt(bottom, left): %+v", p.Legend)
	}
}
