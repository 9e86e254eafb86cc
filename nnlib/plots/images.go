package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Image is one picture of a data set with its label and, optionally, a
// model's prediction.
type Image struct {
	// Pixels holds Height×Width×Channels values row by row from the top,
	// channels last (HWC, as image tensors are stored).
	Pixels                  []float64
	Height, Width, Channels int // Channels is 1 (grayscale) or 3 (RGB).
	// Min and Max are the values shown as black and white; both 0 means
	// [0, 1]. Use 0 and 255 for byte pixels. Values outside are clamped.
	Min, Max   float64
	Label      string // Shown above the image; may be empty.
	Prediction string // A model's answer; when it differs from Label the image is marked as a mistake.
}

// Mistake reports whether the image has a prediction that differs from its
// label.
func (im Image) Mistake() bool { return im.Prediction != "" && im.Prediction != im.Label }

// Validate reports what is wrong with the image's shape, if anything.
func (im Image) Validate() error {
	if im.Channels != 1 && im.Channels != 3 {
		return fmt.Errorf("plots: image %q has %d channels: expected 1 (grayscale) or 3 (RGB)", im.Label, im.Channels)
	}
	if im.Height < 1 || im.Width < 1 {
		return fmt.Errorf("plots: image %q is %d×%d: expected a positive height and width", im.Label, im.Height, im.Width)
	}
	if n := im.Height * im.Width * im.Channels; len(im.Pixels) != n {
		return fmt.Errorf("plots: image %q has %d pixel values: expected Height×Width×Channels = %d×%d×%d = %d", im.Label, len(im.Pixels), im.Height, im.Width, im.Channels, n)
	}
	if im.Min != 0 || im.Max != 0 {
		if !(im.Min < im.Max) {
			return fmt.Errorf("plots: image %q has Min %g and Max %g: expected Min < Max", im.Label, im.Min, im.Max)
		}
	}
	return nil
}

// ToImage converts the pixels to a Go image.
func (im Image) ToImage() (image.Image, error) {
	if err := im.Validate(); err != nil {
		return nil, err
	}
	lo, hi := im.Min, im.Max
	if lo == 0 && hi == 0 {
		hi = 1
	}
	level := func(v float64) uint8 {
		t := (v - lo) / (hi - lo)
		if math.IsNaN(t) {
			t = 0
		}
		return uint8(math.Round(255 * math.Max(0, math.Min(1, t))))
	}
	if im.Channels == 1 {
		img := image.NewGray(image.Rect(0, 0, im.Width, im.Height))
		for i, v := range im.Pixels {
			img.Pix[i] = level(v)
		}
		return img, nil
	}
	img := image.NewRGBA(image.Rect(0, 0, im.Width, im.Height))
	for p := range im.Height * im.Width {
		img.Pix[4*p] = level(im.Pixels[3*p])
		img.Pix[4*p+1] = level(im.Pixels[3*p+1])
		img.Pix[4*p+2] = level(im.Pixels[3*p+2])
		img.Pix[4*p+3] = 255
	}
	return img, nil
}

// GridShape returns the rows and columns of a grid of n cells with at most
// cols columns (0 to suit a 16:10 figure of square cells).
func GridShape(n, cols int) (rows, columns int, err error) {
	if n < 1 {
		return 0, 0, fmt.Errorf("plots: a grid needs at least one cell")
	}
	if cols < 0 {
		return 0, 0, fmt.Errorf("plots: %d columns: expected a positive number, or 0 for a square-ish grid", cols)
	}
	if cols == 0 { // As many columns as fit a 16:10 figure of square cells.
		cols = int(math.Ceil(math.Sqrt(float64(n) * 1.6)))
	}
	cols = min(cols, n)
	return (n + cols - 1) / cols, cols, nil
}

// ImagePanels lays the images out on a grid of cols columns (0 to suit a
// 16:10 figure), each titled with its label; mistakes get a red frame and
// the title "label → prediction" in red.
func ImagePanels(images []Image, cols int) (*Panels, error) {
	rows, cols, err := GridShape(len(images), cols)
	if err != nil {
		return nil, errorIn(err, "no images to show")
	}
	cells := make([]*plot.Plot, len(images))
	for i, im := range images {
		img, err := im.ToImage()
		if err != nil {
			return nil, errorIn(err, "image %d", i)
		}
		title, titleColor := im.Label, color.Color(color.Black)
		cell := &pixelImage{img: upsample(img)}
		if im.Mistake() {
			title, titleColor = im.Label+" → "+im.Prediction, MistakeColor
			cell.frame = MistakeColor
		}
		cells[i] = cellPlot(title, titleColor, cell)
	}
	g, err := NewPanels(rows, cols, cells...)
	if err != nil {
		return nil, err
	}
	g.PadX, g.PadY = vg.Points(4), vg.Points(4)
	return g, nil
}

// ImageGrid returns a figure of the images on a grid of cols columns (0 to
// suit a 16:10 figure); see ImagePanels.
func ImageGrid(title string, images []Image, cols int) (*plot.Plot, error) {
	g, err := ImagePanels(images, cols)
	if err != nil {
		return nil, err
	}
	return g.Figure(title)
}

// cellPlot returns a plot without axes whose data area holds content, with a
// small title: one cell of a grid.
func cellPlot(title string, titleColor color.Color, content plot.Plotter) *plot.Plot {
	p := Drawing(title, content)
	p.Title.TextStyle.Font = font.From(Font, LegendSize)
	p.Title.TextStyle.Color = titleColor
	p.Title.Padding = vg.Points(2)
	return p
}

// pixelImage draws an image as large as fits its canvas, keeping its aspect
// ratio, optionally framed.
type pixelImage struct {
	img   image.Image
	frame color.Color
}

// Plot draws the image; it implements plot.Plotter.
func (pi *pixelImage) Plot(c draw.Canvas, _ *plot.Plot) {
	b := pi.img.Bounds()
	r := topAligned(fitRect(c.Rectangle, float64(b.Dx())/float64(b.Dy())), c.Rectangle)
	c.DrawImage(r, pi.img)
	if pi.frame != nil {
		strokeRect(c, r, draw.LineStyle{Color: pi.frame, Width: vg.Points(2.5)})
	}
}

// upsample enlarges small images by repeating pixels, so that they stay
// sharp (not blurred) when the PNG renderer or an SVG viewer scales them.
func upsample(img image.Image) image.Image {
	b := img.Bounds()
	k := max(1, min(16, 192/max(b.Dx(), b.Dy())))
	if k == 1 {
		return img
	}
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range b.Dy() * k {
		for x := range b.Dx() * k {
			out.Set(x, y, img.At(b.Min.X+x/k, b.Min.Y+y/k))
		}
	}
	return out
}

// GridHeight is the height of a figure of n images on cols columns (0: as
// GridShape chooses) at the default width, Width: images of the given aspect
// ratio (height / width: 1 for square ones) under their titles, below the
// figure's title. ImageGrid's figures need it because the default height,
// Height, fits only some grids: with fewer rows it leaves an empty band, with
// more it shrinks the images.
func GridHeight(n, cols int, aspect float64) (vg.Length, error) {
	rows, cols, err := GridShape(n, cols)
	if err != nil {
		return 0, err
	}
	if !(aspect > 0) {
		return 0, fmt.Errorf("plots: aspect ratio %g: expected the images' height / width, a positive number", aspect)
	}
	cell := Width / vg.Length(cols)
	return vg.Length(rows)*(cell*vg.Length(aspect)+0.75*vg.Centimeter) + 1.2*vg.Centimeter, nil
}

// ShowImages shows ImageGrid's figure of the images on cols columns (0 to
// suit a 16:10 figure) at the default width and the height that fits their
// rows (GridHeight, with the first image's aspect ratio).
func ShowImages(title string, images []Image, cols int) error {
	p, err := ImageGrid(title, images, cols)
	if err != nil {
		return err
	}
	h, err := GridHeight(len(images), cols, float64(images[0].Height)/float64(images[0].Width))
	if err != nil {
		return err
	}
	return ShowSized(p, Width, h)
}
