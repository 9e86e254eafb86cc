package imaging

import (
	"fmt"
	"image"
	"math/rand/v2"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Grey is a grey-level image: Height×Width values, 0 black and 1 white,
// stored row by row, so that pixel (y, x) is Pix[y*Width+x]. Its Pix can go
// straight into a data.Dataset's X, or into a tensor with
// tensors.FromFlatDataAndDimensions(g.Pix, g.Height, g.Width, 1).
type Grey struct {
	Height, Width int
	Pix           []float32 // Height*Width values.
}

// NewGrey returns a black image of height×width pixels.
func NewGrey(height, width int) (Grey, error) {
	if height < 1 || width < 1 {
		return Grey{}, fmt.Errorf("an image needs at least one pixel each way, not %d×%d", height, width)
	}
	return Grey{Height: height, Width: width, Pix: make([]float32, height*width)}, nil
}

// At returns pixel (y, x).
func (g Grey) At(y, x int) float32 { return g.Pix[y*g.Width+x] }

// check says what is wrong with g, if anything: no pixels, or a Pix whose
// length is not Height*Width.
func (g Grey) check() error {
	if g.Height < 1 || g.Width < 1 {
		return fmt.Errorf("the image is empty (%d×%d pixels)", g.Height, g.Width)
	}
	if len(g.Pix) != g.Height*g.Width {
		return fmt.Errorf("the image says it is %d×%d but holds %d values instead of %d", g.Height, g.Width, len(g.Pix), g.Height*g.Width)
	}
	return nil
}

// Image converts g to an image.Gray, e.g. to show it or to save it with
// image/png; values outside [0, 1] are clipped.
func (g Grey) Image() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, g.Width, g.Height))
	for i, v := range g.Pix {
		img.Pix[i] = uint8(min(max(v*255+0.5, 0), 255))
	}
	return img
}

// GreyFromPhoto converts a colour photograph to grey levels with the
// ITU-R BT.709 luma, 0.2125 R + 0.7154 G + 0.0721 B, the weights of
// scikit-image's color.rgb2gray, so that a lesson's grey photograph is the
// one Python tutorials show. (data.Photo.Gray uses the BT.601 weights of
// older television, 0.299 R + 0.587 G + 0.114 B, and gives other numbers.)
func GreyFromPhoto(p *data.Photo) (Grey, error) {
	if p == nil || p.Height < 1 || p.Width < 1 {
		return Grey{}, fmt.Errorf("the photo is empty: load one with data.LoadPhoto")
	}
	if len(p.Pix) != p.Height*p.Width*3 {
		return Grey{}, fmt.Errorf("the photo says it is %d×%d but holds %d values instead of %d", p.Height, p.Width, len(p.Pix), p.Height*p.Width*3)
	}
	g := Grey{Height: p.Height, Width: p.Width, Pix: make([]float32, p.Height*p.Width)}
	for i := range g.Pix {
		r, gr, b := float64(p.Pix[3*i]), float64(p.Pix[3*i+1]), float64(p.Pix[3*i+2])
		g.Pix[i] = float32(0.2125*r + 0.7154*gr + 0.0721*b)
	}
	return g, nil
}

// Crop returns a copy of the height×width rectangle of g whose top-left
// pixel is (y, x).
func Crop(g Grey, y, x, height, width int) (Grey, error) {
	if err := g.check(); err != nil {
		return Grey{}, err
	}
	if height < 1 || width < 1 {
		return Grey{}, fmt.Errorf("a crop needs at least one pixel each way, not %d×%d", height, width)
	}
	if y < 0 || x < 0 || y+height > g.Height || x+width > g.Width {
		return Grey{}, fmt.Errorf("a %d×%d crop at (%d, %d) does not fit in a %d×%d image", height, width, y, x, g.Height, g.Width)
	}
	c := Grey{Height: height, Width: width, Pix: make([]float32, 0, height*width)}
	for r := y; r < y+height; r++ {
		c.Pix = append(c.Pix, g.Pix[r*g.Width+x:r*g.Width+x+width]...)
	}
	return c, nil
}

// Patches cuts g into size×size squares whose top-left corners are stride
// pixels apart, row by row: with stride = size they tile the image, with a
// smaller stride they overlap. Pixels right of or below the last whole
// square are left out.
func Patches(g Grey, size, stride int) ([]Grey, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	if err := checkPatchSize(g, size); err != nil {
		return nil, err
	}
	if stride < 1 {
		return nil, fmt.Errorf("the stride between patches must be at least 1 pixel, not %d", stride)
	}
	var ps []Grey
	for y := 0; y+size <= g.Height; y += stride {
		for x := 0; x+size <= g.Width; x += stride {
			p, _ := Crop(g, y, x, size, size)
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// RandomPatches draws n size×size squares of g, each at a place chosen
// uniformly among those where it fits whole; squares may overlap. The same
// rng state gives the same patches: make one with
// rand.New(rand.NewPCG(seed, 0)) from math/rand/v2.
func RandomPatches(g Grey, size, n int, rng *rand.Rand) ([]Grey, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	if err := checkPatchSize(g, size); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("the number of patches cannot be negative (%d)", n)
	}
	if rng == nil {
		return nil, errNilRNG
	}
	ps := make([]Grey, n)
	for i := range ps {
		y, x := rng.IntN(g.Height-size+1), rng.IntN(g.Width-size+1)
		ps[i], _ = Crop(g, y, x, size, size)
	}
	return ps, nil
}

func checkPatchSize(g Grey, size int) error {
	if size < 1 {
		return fmt.Errorf("a patch needs at least 1 pixel each way, not %d", size)
	}
	if size > g.Height || size > g.Width {
		return fmt.Errorf("a %d×%d patch does not fit in a %d×%d image", size, size, g.Height, g.Width)
	}
	return nil
}

// Stack lays the images end to end in one slice, the X of a data.Dataset
// whose Shape is []int{height, width} (or {height, width, 1} for a CNN). The
// images must all have the same size.
func Stack(images []Grey) ([]float32, error) {
	if len(images) == 0 {
		return nil, fmt.Errorf("there are no images to stack")
	}
	h, w := images[0].Height, images[0].Width
	x := make([]float32, 0, len(images)*h*w)
	for i, g := range images {
		if err := g.check(); err != nil {
			return nil, fmt.Errorf("image %d: %w", i, err)
		}
		if g.Height != h || g.Width != w {
			return nil, fmt.Errorf("image %d is %d×%d but image 0 is %d×%d: stacked images must all have one size", i, g.Height, g.Width, h, w)
		}
		x = append(x, g.Pix...)
	}
	return x, nil
}
