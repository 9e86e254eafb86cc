package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/palette"
)

// ClassColors are the colours of classes 0, 1, 2, ... in scatter plots and
// decision regions: the Okabe–Ito palette, told apart by colour-blind readers.
var ClassColors = []color.Color{
	color.RGBA{R: 0, G: 114, B: 178, A: 255},   // blue
	color.RGBA{R: 213, G: 94, B: 0, A: 255},    // vermillion
	color.RGBA{R: 0, G: 158, B: 115, A: 255},   // bluish green
	color.RGBA{R: 204, G: 121, B: 167, A: 255}, // reddish purple
	color.RGBA{R: 230, G: 159, B: 0, A: 255},   // orange
	color.RGBA{R: 86, G: 180, B: 233, A: 255},  // sky blue
	color.RGBA{R: 240, G: 228, B: 66, A: 255},  // yellow
	color.RGBA{R: 0, G: 0, B: 0, A: 255},       // black
}

// MistakeColor marks wrong predictions in image grids.
var MistakeColor color.Color = color.RGBA{R: 200, G: 0, B: 0, A: 255}

// ClassColor returns the colour of class i, cycling through ClassColors.
func ClassColor(i int) color.Color {
	n := len(ClassColors)
	return ClassColors[((i%n)+n)%n]
}

// Lighten mixes c with white: amount 0 keeps c, 1 gives white.
func Lighten(c color.Color, amount float64) color.Color { return mix(c, 255, amount) }

// shade mixes c with black: factor 1 keeps c, 0 gives black.
func shade(c color.Color, factor float64) color.Color { return mix(c, 0, 1-factor) }

// mix blends the opaque colour c with the gray level target (0 to 255).
func mix(c color.Color, target, amount float64) color.Color {
	r, g, b, _ := c.RGBA()
	ch := func(v uint32) uint8 {
		f := float64(v>>8)*(1-amount) + target*amount
		return uint8(math.Round(math.Max(0, math.Min(255, f))))
	}
	return color.RGBA{R: ch(r), G: ch(g), B: ch(b), A: 255}
}

// luminance is the perceived brightness of c, from 0 (black) to 1 (white).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 0xffff
}

// Colormap maps a value t in [0, 1] to a colour; values outside are clamped.
type Colormap func(t float64) color.Color

// Palette returns n colours evenly spread over the colormap, for plotters of
// gonum/plot that take a palette.Palette.
func (m Colormap) Palette(n int) palette.Palette {
	if n < 2 {
		n = 2
	}
	cs := make([]color.Color, n)
	for i := range cs {
		cs[i] = m(float64(i) / float64(n-1))
	}
	return fixedPalette(cs)
}

type fixedPalette []color.Color

// Colors returns the colours; it implements palette.Palette.
func (p fixedPalette) Colors() []color.Color { return p }

// interpolate builds a Colormap through evenly spaced anchor colours.
func interpolate(anchors ...[3]float64) Colormap {
	return func(t float64) color.Color {
		if math.IsNaN(t) {
			t = 0
		}
		t = math.Max(0, math.Min(1, t)) * float64(len(anchors)-1)
		i := int(math.Floor(t))
		if i >= len(anchors)-1 {
			i = len(anchors) - 2
		}
		f := t - float64(i)
		a, b := anchors[i], anchors[i+1]
		ch := func(k int) uint8 { return uint8(math.Round(a[k] + (b[k]-a[k])*f)) }
		return color.RGBA{R: ch(0), G: ch(1), B: ch(2), A: 255}
	}
}

// Viridis is the perceptually uniform dark-purple to yellow colormap of
// matplotlib, for heat maps and cost surfaces: low is dark, high is bright.
var Viridis = interpolate(
	[3]float64{68, 1, 84}, [3]float64{72, 40, 120}, [3]float64{62, 74, 137},
	[3]float64{49, 104, 142}, [3]float64{38, 130, 142}, [3]float64{31, 158, 137},
	[3]float64{53, 183, 121}, [3]float64{109, 205, 89}, [3]float64{180, 222, 44},
	[3]float64{253, 231, 37},
)

// Diverging goes from blue (t=0) through white (t=0.5) to red (t=1), for
// values with a sign, such as convolution kernels.
var Diverging = interpolate(
	[3]float64{33, 102, 172}, [3]float64{146, 197, 222}, [3]float64{247, 247, 247},
	[3]float64{244, 165, 130}, [3]float64{178, 24, 43},
)

// Gray goes from black (t=0) to white (t=1), for grayscale images.
var Gray = interpolate([3]float64{0, 0, 0}, [3]float64{255, 255, 255})

// Lighter mixes c with white: fraction 0 keeps c, 1 gives white. Faint
// copies of a series' colour draw raw values behind their trend.
func Lighter(c color.Color, fraction float64) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 {
		return uint8(math.Round(float64(v>>8) + (255-float64(v>>8))*fraction))
	}
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 255}
}
