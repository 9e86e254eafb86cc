package gallery

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// The deck's J has three parameters; to draw it in 2-D the gallery fixes
// w₂ = 0 (the model h = w₀ + w₁x₁), leaving J(w₀, w₁), smallest (0) at
// w₀ = 0.4, w₁ = 0.7.
const surfaceAbout = "The deck's 2-sample regression cost J(w₀, w₁, w₂) with w₂ fixed at 0: J(w₀, w₁), minimum 0 at (0.4, 0.7); gradient descent from (−1, 1.3) with η = 0.16, 400 steps."

// The drawn area, the start and the learning rate of gradient descent.
const (
	w0Min, w0Max     = -1.5, 2.5
	w1Min, w1Max     = -0.5, 1.5
	startW0, startW1 = -1.0, 1.3
	surfaceEta       = 0.16
	surfaceSteps     = 400
)

// cost2 is the deck's J with w₂ = 0.
func cost2(w0, w1 float64) float64 { return cost(w0, w1, 0) }

// descent2 runs gradient descent on cost2 and returns (w₀, w₁) at each step,
// the start included.
func descent2() plotter.XYs {
	path := plotter.XYs{{X: startW0, Y: startW1}}
	w0, w1 := startW0, startW1
	for range surfaceSteps {
		g0, g1, _ := gradient(w0, w1, 0)
		w0, w1 = w0-surfaceEta*g0, w1-surfaceEta*g1
		path = append(path, plotter.XY{X: w0, Y: w1})
	}
	return path
}

// flatGrid samples J(w₀, w₁) finely for the contour and heat map views.
func flatGrid() (*plots.Grid, error) {
	return plots.SampleGrid(cost2, w0Min, w0Max, w1Min, w1Max, 161, 161)
}

// surfaceLevels are the contour levels: dense near the minimum.
func surfaceLevels() []float64 { return plots.NiceLevels(0.01, 10) }

// surfaceTitle names the function and the fixed parameter.
const surfaceTitle = "Cost J(w₀, w₁) with w₂ fixed at 0"

// costContours draws the contours of J(w₀, w₁) with gradient descent's path.
func costContours() (*plot.Plot, error) {
	g, err := flatGrid()
	if err != nil {
		return nil, err
	}
	c, err := plots.NewContours(g, surfaceLevels())
	if err != nil {
		return nil, err
	}
	path := descent2()
	c.Avoid = path
	p := plots.New(surfaceTitle, "w₀", "w₁")
	p.Add(c)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.DataRange()
	if err := plots.AddTrajectory(p, path, fmt.Sprintf("gradient descent, η = %g", surfaceEta)); err != nil {
		return nil, err
	}
	return p, nil
}

// costHeatMap draws J(w₀, w₁) as a heat map with contours and the path.
func costHeatMap() (*plot.Plot, error) {
	g, err := flatGrid()
	if err != nil {
		return nil, err
	}
	h, err := plots.NewHeatMap(g)
	if err != nil {
		return nil, err
	}
	h.Log = true
	c, err := plots.NewContours(g, surfaceLevels())
	if err != nil {
		return nil, err
	}
	path := descent2()
	c.Colormap, c.Color, c.Avoid = nil, color.NRGBA{R: 255, G: 255, B: 255, A: 190}, path
	p := plots.New(surfaceTitle+" (heat map)", "w₀", "w₁")
	p.Add(h, c)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.DataRange()
	if err := plots.AddTrajectory(p, path, fmt.Sprintf("gradient descent, η = %g", surfaceEta)); err != nil {
		return nil, err
	}
	return p, nil
}

// costSurface3D draws J(w₀, w₁) in 3-D with the path on the surface.
func costSurface3D() (*plot.Plot, error) {
	// A narrower band of w₁ than the flat views: J stays under 10, no cut.
	g, err := plots.SampleGrid(cost2, w0Min, w0Max, 0, 1.4, 33, 29)
	if err != nil {
		return nil, err
	}
	var path plotter.XYZs
	for _, w := range descent2() {
		path = append(path, plotter.XYZ{X: w.X, Y: w.Y, Z: cost2(w.X, w.Y)})
	}
	return plots.SurfacePlot(surfaceTitle, g, [3]string{"w₀", "w₁", "J"}, plots.View{Azimuth: 150, Elevation: 35}, 0, path)
}
