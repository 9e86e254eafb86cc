package convolutions

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Heights of the lesson's figures (their width is plots.Width), for the
// gallery and the notebook.
const (
	ConvolutionExampleHeight = 7 * vg.Centimeter
	StridePaddingHeight      = 7 * vg.Centimeter
	PoolingHeight            = 6 * vg.Centimeter
)

// PoolGrid is the 4×4 grid of the pooling figure.
var PoolGrid = [][]float64{
	{1, 3, 2, 0},
	{4, 6, 5, 1},
	{7, 2, 0, 8},
	{3, 9, 4, 2},
}

// matrixFigure returns a figure of values under title, framing the window
// (an empty rectangle frames nothing), in the colours given by lo and hi
// (both 0 to fit the values).
func matrixFigure(title string, values [][]float64, window image.Rectangle, lo, hi float64) (*plot.Plot, error) {
	m, err := plots.NewMatrix(values)
	if err != nil {
		return nil, err
	}
	if lo != 0 || hi != 0 {
		m.Min, m.Max = lo, hi
	}
	m.Highlight = window
	return m.Figure(title)
}

// kernelFigure returns a figure of a kernel on the blue–white–red scale of
// plots.KernelGrid.
func kernelFigure(title string, kernel [][]float64) (*plot.Plot, error) {
	m, err := plots.NewMatrix(kernel)
	if err != nil {
		return nil, err
	}
	peak := 0.0
	for _, row := range kernel {
		for _, v := range row {
			peak = math.Max(peak, math.Abs(v))
		}
	}
	if peak == 0 {
		peak = 1
	}
	m.Colormap, m.Min, m.Max = plots.Diverging, -peak, peak
	return m.Figure(title)
}

// blank returns an h×w grid of NaN (blank cells) with the given values set.
func blank(h, w int, set map[[2]int]float64) [][]float64 {
	g := Grid(h, w, func(int, int) float64 { return math.NaN() })
	for rc, v := range set {
		g[rc[0]][rc[1]] = v
	}
	return g
}

// FigureConvolutionExample is the deck's CONVOLUTION EXAMPLES slide: the
// 5×5 image with the window of the centre pixel framed, the kernel with a
// single 1, and the output, 42 at the centre.
func FigureConvolutionExample() (*plot.Plot, error) {
	out, err := Convolve2D(DeckImage, DeckKernel, 1, 1) // Padding 1: an output the image's size.
	if err != nil {
		return nil, err
	}
	in, err := matrixFigure("image, window framed", DeckImage, image.Rect(1, 1, 4, 4), 0, 0)
	if err != nil {
		return nil, err
	}
	k, err := kernelFigure("× kernel", DeckKernel)
	if err != nil {
		return nil, err
	}
	shown := blank(5, 5, map[[2]int]float64{{2, 2}: out[2][2]})
	o, err := matrixFigure(fmt.Sprintf("= output (%g at the centre)", out[2][2]), shown, image.Rect(2, 2, 3, 3), DeckImage[0][0], DeckImage[4][4])
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Convolution example", in, k, o)
}

// FigureStridePadding shows a convolution with padding 1 and stride 2: the
// deck's 5×5 image padded with zeros to 7×7, the edge-detection kernel, and
// the 3×3 output, ⌊(5 + 2 − 3)/2⌋ + 1 = 3; the window of the output's
// centre is framed.
func FigureStridePadding() (*plot.Plot, error) {
	out, err := Convolve2D(DeckImage, EdgeDetection, 2, 1)
	if err != nil {
		return nil, err
	}
	in, err := matrixFigure("padded image (padding 1)", Pad(DeckImage, 1), image.Rect(2, 2, 5, 5), 0, 0)
	if err != nil {
		return nil, err
	}
	k, err := kernelFigure("× kernel, stride 2", EdgeDetection)
	if err != nil {
		return nil, err
	}
	o, err := matrixFigure("= 3×3 output", out, image.Rect(1, 1, 2, 2), 0, 0)
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Padding 1, stride 2: a 5×5 image gives a 3×3 output", in, k, o)
}

// FigurePooling shows 2×2 max-pooling with stride 2 of a 4×4 grid, the
// window of the output's top-right value framed.
func FigurePooling() (*plot.Plot, error) {
	out, err := MaxPool(PoolGrid, 2, 2)
	if err != nil {
		return nil, err
	}
	in, err := matrixFigure("4×4 input", PoolGrid, image.Rect(2, 0, 4, 2), 0, 9)
	if err != nil {
		return nil, err
	}
	o, err := matrixFigure("→ 2×2 max-pooled", out, image.Rect(1, 0, 2, 1), 0, 9)
	if err != nil {
		return nil, err
	}
	return plots.SideBySide("Max-pooling 2×2, stride 2", in, o)
}

// FigurePhotoChannels shows the lesson's photograph and its three colour
// channels apart, each in its own colour.
func FigurePhotoChannels() (*plot.Plot, error) {
	p, err := data.LoadPhoto(PhotoName)
	if err != nil {
		return nil, err
	}
	return plots.ImageGrid("A colour image is three matrices: red, green, blue", []plots.Image{
		PhotoImage(p, "the photograph"), Tinted(p, 0, "red channel"), Tinted(p, 1, "green channel"), Tinted(p, 2, "blue channel"),
	}, 2)
}

// PhotoChannelsHeight is the height of FigurePhotoChannels.
func PhotoChannelsHeight() vg.Length {
	h, _ := plots.GridHeight(4, 2, photoAspect)
	return h
}

// EdgeImages returns the photograph in grey and its convolutions with the
// deck's two kernels (edges and enhance, the same size as the photograph),
// whole on the first row, and a detail of each at full resolution (Detail)
// on the second, where the thin edges a whole image shrinks away show.
func EdgeImages(g Gray, edges, enhance [][]float64) []plots.Image {
	return []plots.Image{
		g.Image("grey", 0, 0), SignedImage(edges, "edge detection"), SignedImage(enhance, "edge enhance (right)"),
		Gray{Pixels: Detail(g.Pixels)}.Image("detail", 0, 0), SignedImage(Detail(edges), "detail"), SignedImage(Detail(enhance), "detail"),
	}
}

// The detail of the photograph EdgeImages enlarges: 270×180 pixels around
// the left eye, the photograph's aspect ratio.
const (
	detailTop, detailLeft     = 70, 45
	detailHeight, detailWidth = 180, 270
)

// Detail returns the block of g (an image the photograph's size) around the
// cat's left eye that EdgeImages shows enlarged.
func Detail(g [][]float64) [][]float64 {
	out := make([][]float64, 0, detailHeight)
	for r := detailTop; r < detailTop+detailHeight && r < len(g); r++ {
		out = append(out, g[r][detailLeft:min(detailLeft+detailWidth, len(g[r]))])
	}
	return out
}

// ShowEdges shows EdgeImages in the notebook.
func ShowEdges(g Gray, edges, enhance [][]float64) error {
	p, err := plots.ImageGrid("The deck's kernels on a photograph", EdgeImages(g, edges, enhance), 3)
	if err != nil {
		return err
	}
	return plots.ShowSized(p, plots.Width, EdgeKernelsHeight())
}

// FigureEdgeKernels shows the deck's edge-detection and edge-enhance kernels
// applied to the lesson's photograph (mid-grey is 0), computed in plain Go
// with padding 1.
func FigureEdgeKernels() (*plot.Plot, error) {
	p, err := data.LoadPhoto(PhotoName)
	if err != nil {
		return nil, err
	}
	g := GrayOf(p)
	edges, err := Convolve2D(g.Pixels, EdgeDetection, 1, 1)
	if err != nil {
		return nil, err
	}
	enhance, err := Convolve2D(g.Pixels, EdgeEnhance, 1, 1)
	if err != nil {
		return nil, err
	}
	return plots.ImageGrid("The deck's kernels on a photograph", EdgeImages(g, edges, enhance), 3)
}

// EdgeKernelsHeight is the height of FigureEdgeKernels.
func EdgeKernelsHeight() vg.Length {
	h, _ := plots.GridHeight(6, 3, photoAspect)
	return h
}
