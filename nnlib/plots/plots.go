// Package plots shows gonum/plot figures inline in a GoNB notebook and writes
// the same figures to files (PNG and SVG) for slides.
//
// The same call works outside a notebook (a test, a command): there it
// renders the figure without displaying it, so lesson code runs anywhere.
package plots

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Default size of a figure: readable inline and on a 16:9 slide.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
)

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
	wt, err := p.WriterTo(w, h, format)
	if err != nil {
		return nil, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
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
	if InNotebook() {
		gonbui.DisplayPNG(img)
	}
	return nil
}

// Save writes p as base.png and base.svg (base may include a folder, which is
// created) at the default size and returns the two paths.
func Save(p *plot.Plot, base string) (pngPath, svgPath string, err error) {
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return "", "", fmt.Errorf("plots: %w", err)
	}
	for _, format := range []string{"png", "svg"} {
		data, err := render(p, Width, Height, format)
		if err != nil {
			return "", "", err
		}
		path := base + "." + format
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return "", "", fmt.Errorf("plots: %w", err)
		}
		if format == "png" {
			pngPath = path
		} else {
			svgPath = path
		}
	}
	return pngPath, svgPath, nil
}
