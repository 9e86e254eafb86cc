// Package plots draws the course's figures with gonum/plot, shows them inline
// in a GoNB notebook and writes the same figures to files (PNG and SVG) for
// slides.
//
// The same call works outside a notebook (a test, a command): there it
// renders the figure without displaying it, so lesson code runs anywhere.
//
// Figures are built from small functions that return a *plot.Plot (Lines,
// Scatter, DecisionBoundary, ContourPlot, HeatMapPlot, SurfacePlot,
// ImageGrid, KernelGrid, FeatureMaps, NetworkDiagram, VennDiagram, ...) or
// plotters to add to one (AddLines, AddClasses, NewRegions, NewContours,
// NewHeatMap, AddTrajectory, ...). Several plots combine into one figure
// with Panels or SideBySide. Display shows what a figure function returns
// in a notebook cell, or stops the cell with its error in one line;
// ShowImages shows a grid of images at a height that fits its rows.
// ShowAndSave shows a figure in the notebook and writes it as PNG and SVG in
// one call. TrainingView shows loss and accuracy curves that update in place
// while a model trains.
//
// Bad input (wrong shapes, empty data) gives an error that says what was
// expected; nothing here panics on it.
package plots

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default size of a figure: readable inline and on a 16:9 slide.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
)

// DPI is the resolution of PNG images: a Width×Height figure is 907×567
// pixels, sharp on a slide and in the notebook.
const DPI = 144

// PixelSize returns the size in pixels of a PNG of w×h.
func PixelSize(w, h vg.Length) (width, height int) {
	return int(w.Dots(DPI) + 0.5), int(h.Dots(DPI) + 0.5)
}

// InNotebook reports whether the program runs as a GoNB cell, where figures
// can be displayed.
func InNotebook() bool { return gonbui.IsNotebook }

// PNG renders p as a PNG image of the given size.
func PNG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return render(p, w, h, "png")
}

// SVG renders p as an SVG document of the given size.
func SVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return render(p, w, h, "svg")
}

func render(p *plot.Plot, w, h vg.Length, format string) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("plots: nil plot: build one with plot.New() first")
	}
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("plots: a figure needs a positive size, got %v×%v", w, h)
	}
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))}
	case "svg":
		c = vgsvg.New(w, h)
	default:
		return nil, fmt.Errorf("plots: unknown format %q: use \"png\" or \"svg\"", format)
	}
	dc := draw.New(c)
	if err := drawSafely(withLegendBackdrop(withEqualAspect(p, dc), dc), dc); err != nil {
		return nil, errorIn(err, "rendering %s", format)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, errorIn(err, "rendering %s", format)
	}
	if format == "svg" {
		return []byte(svgFixes.Replace(buf.String())), nil
	}
	return buf.Bytes(), nil
}

// svgFixes mends gonum's SVG output: text gets fonts with the same metrics
// as the Liberation fonts the figure was laid out with (Arial, Times New
// Roman, Courier New), for viewers that lack them (the fonts are not
// embedded, to keep files small); embedded images, which are PNG, say so
// and fill their rectangle as in the PNG output instead of keeping their
// aspect ratio (the SVG default).
var svgFixes = strings.NewReplacer(
	"font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;",
	"font-family:Liberation Serif;", "font-family:'Liberation Serif','Times New Roman',Times,serif;",
	"font-family:Liberation Mono;", "font-family:'Liberation Mono','Courier New',Courier,monospace;",
	"<image ", `<image preserveAspectRatio="none" `,
	"data:image/jpg;base64,", "data:image/png;base64,",
)

// drawSafely draws p, turning a panic inside gonum/plot (say an axis range it
// cannot handle) into an error.
func drawSafely(p *plot.Plot, c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	p.Draw(c)
	return nil
}

// Show displays p inline in the notebook at the default size. Outside a
// notebook it only checks that the figure renders.
func Show(p *plot.Plot) error {
	return ShowSized(p, Width, Height)
}

// ShowSized is Show with an explicit size.
func ShowSized(p *plot.Plot, w, h vg.Length) error {
	img, err := PNG(p, w, h)
	if err != nil {
		return err
	}
	display(img)
	return nil
}

// display shows a PNG in the notebook and waits until GoNB has it: a cell's
// program may exit right after, and GoNB drops what is still in its pipe
// then (seen as a figure missing once in several browser runs).
func display(img []byte) {
	if InNotebook() {
		gonbui.DisplayPng(img)
		gonbui.Sync()
	}
}

// Save writes p as base.png and base.svg (base may include a folder, which is
// created) at the default size and returns the two paths.
func Save(p *plot.Plot, base string) (pngPath, svgPath string, err error) {
	return SaveSized(p, base, Width, Height)
}

// SaveSized is Save with an explicit size.
func SaveSized(p *plot.Plot, base string, w, h vg.Length) (pngPath, svgPath string, err error) {
	_, pngPath, svgPath, err = save(p, base, w, h)
	return pngPath, svgPath, err
}

// ShowAndSave shows p in the notebook and writes it as base.png and base.svg,
// in one call: the notebook and the slides get the same figure.
func ShowAndSave(p *plot.Plot, base string) (pngPath, svgPath string, err error) {
	img, pngPath, svgPath, err := save(p, base, Width, Height)
	if err != nil {
		return "", "", err
	}
	display(img)
	return pngPath, svgPath, nil
}

// save renders p in both formats, writes the files and returns the PNG.
func save(p *plot.Plot, base string, w, h vg.Length) (img []byte, pngPath, svgPath string, err error) {
	if base == "" {
		return nil, "", "", fmt.Errorf("plots: empty file name: give a base name such as \"figures/cost\"")
	}
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return nil, "", "", fmt.Errorf("plots: %w", err)
	}
	for _, format := range []string{"png", "svg"} {
		data, err := render(p, w, h, format)
		if err != nil {
			return nil, "", "", err
		}
		path := base + "." + format
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, "", "", fmt.Errorf("plots: %w", err)
		}
		if format == "png" {
			img, pngPath = data, path
		} else {
			svgPath = path
		}
	}
	return img, pngPath, svgPath, nil
}

// CheckRenders renders p as a PNG at the default size and decodes it back,
// returning an error unless it is a valid image of the expected pixel size:
// the tests of the lessons' figure functions call it.
func CheckRenders(p *plot.Plot) error {
	img, err := PNG(p, Width, Height)
	if err != nil {
		return err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return fmt.Errorf("plots: the figure is not a valid PNG: %w", err)
	}
	if w, h := PixelSize(Width, Height); cfg.Width != w || cfg.Height != h {
		return fmt.Errorf("plots: the figure is %d×%d pixels, want %d×%d", cfg.Width, cfg.Height, w, h)
	}
	return nil
}
