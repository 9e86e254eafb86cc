package autoenc

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/imaging"
)

// BlurSigmas are the widths of the Gaussian blur among which the classical
// baseline chooses, on validation images.
var BlurSigmas = []float64{0.5, 0.75, 1, 1.5, 2}

// Filter is a classical denoiser of one grey image.
type Filter struct {
	Name  string
	Apply func(g imaging.Grey) (imaging.Grey, error)
}

// Blur is the Gaussian blur of standard deviation sigma pixels.
func Blur(sigma float64) Filter {
	return Filter{Name: fmt.Sprintf("Gaussian blur σ = %g", sigma), Apply: func(g imaging.Grey) (imaging.Grey, error) {
		return imaging.GaussianBlur(g, sigma)
	}}
}

// Median3 is the median of each 3×3 neighbourhood.
func Median3() Filter {
	return Filter{Name: "median 3×3", Apply: func(g imaging.Grey) (imaging.Grey, error) { return imaging.Median(g, 3) }}
}

// ApplyFilter runs f on every h×w image of x (flat pixels).
func ApplyFilter(f Filter, x []float32, h, w int) ([]float32, error) {
	if len(x) == 0 || len(x)%(h*w) != 0 {
		return nil, fmt.Errorf("%d values are not a whole number of %d×%d images", len(x), h, w)
	}
	out := make([]float32, 0, len(x))
	for i := 0; i < len(x); i += h * w {
		g, err := f.Apply(imaging.Grey{Height: h, Width: w, Pix: x[i : i+h*w]})
		if err != nil {
			return nil, err
		}
		out = append(out, g.Pix...)
	}
	return out, nil
}

// BestBlur returns the Gaussian blur of BlurSigmas that restores the noisy
// images best (highest PSNR against clean): the classical baseline, chosen
// on validation images as the autoencoder's settings are.
func BestBlur(clean, noisy []float32, h, w int) (Filter, float64, error) {
	best, bestPSNR := Filter{}, math.Inf(-1)
	for _, s := range BlurSigmas {
		f := Blur(s)
		out, err := ApplyFilter(f, noisy, h, w)
		if err != nil {
			return Filter{}, 0, err
		}
		if q := QualityOf(clean, out); q.PSNR > bestPSNR {
			best, bestPSNR = f, q.PSNR
		}
	}
	return best, bestPSNR, nil
}

// Photo is the photograph of the denoising section: Chelsea the cat
// (scikit-image's sample, shipped with the course) in grey, its left half
// to train on, its right half to test on.
type Photo struct {
	Left, Right imaging.Grey
}

// PhotoNoise is the standard deviation of the noise added to the
// photograph.
const PhotoNoise = 0.1

// LoadPhoto loads Chelsea in grey (BT.709 luma, as scikit-image) and cuts it
// into a left part and a right part of 224 columns each (the right part
// cropped to 296 rows, multiples of 4 for the autoencoder's two poolings).
func LoadPhoto() (Photo, error) {
	p, err := data.LoadPhoto("chelsea")
	if err != nil {
		return Photo{}, err
	}
	g, err := imaging.GreyFromPhoto(p)
	if err != nil {
		return Photo{}, err
	}
	h := g.Height / 4 * 4
	w := g.Width / 2 / 4 * 4
	var ph Photo
	if ph.Left, err = imaging.Crop(g, 0, 0, h, w); err != nil {
		return Photo{}, err
	}
	if ph.Right, err = imaging.Crop(g, 0, g.Width-w, h, w); err != nil {
		return Photo{}, err
	}
	return ph, nil
}

// PatchSize is the side of the photo denoiser's training patches.
const PatchSize = 28

// Patches returns n random 28×28 patches of g as a data set (no labels).
func Patches(g imaging.Grey, n int, seed uint64) (*data.Dataset, error) {
	ps, err := imaging.RandomPatches(g, PatchSize, n, rand.New(rand.NewPCG(seed, 7)))
	if err != nil {
		return nil, err
	}
	x, err := imaging.Stack(ps)
	if err != nil {
		return nil, err
	}
	return &data.Dataset{Name: "patches of the photograph", X: x, Shape: []int{PatchSize, PatchSize, 1}}, nil
}

// PhotoConfig is the photo denoiser's training: a convolutional
// autoencoder with 32 filters at both stages (7×7×32 code for a 28×28
// patch), the mirrored decoder, on patches with Gaussian noise of 0.1.
func PhotoConfig() ae.Config {
	a := ae.Arch{Height: PatchSize, Width: PatchSize, Channels: 1, Kind: ae.Conv, Hidden: []int{32}, Code: 32, Decoder: ae.Mirror}
	return ae.Config{Arch: a, Steps: steps(600, 30), BatchSize: 64, LearningRate: 0.002, Seed: 6, Noise: PhotoNoise}
}

// KeepPhotoDenoiser trains the photo denoiser on 12,000 patches of the
// photograph's left half (1,000 in quick mode), validated on 500 patches
// of the same half, or reads it back.
func KeepPhotoDenoiser(backend compute.Backend, ph Photo) (ae.Trained, error) {
	n := 12000
	if nnlib.Quick() {
		n = 1000
	}
	cfg := PhotoConfig()
	return nnlib.Keep("photo-denoiser", keyed{cfg, n, 500}, func() (ae.Trained, error) {
		tr, err := Patches(ph.Left, n, 1)
		if err != nil {
			return ae.Trained{}, err
		}
		val, err := Patches(ph.Left, 500, 2)
		if err != nil {
			return ae.Trained{}, err
		}
		return ae.Fit(backend, cfg, tr, val)
	})
}

// DenoiseImage runs a convolutional autoencoder on a whole grey image, of
// any size whose sides are multiples of 4: it has only convolutions, so the
// weights learned on 28×28 patches apply to any image.
func DenoiseImage(backend compute.Backend, net ae.Net, g imaging.Grey) (imaging.Grey, error) {
	if net.Arch.Kind != ae.Conv || net.Arch.Decoder == ae.OneDense {
		return imaging.Grey{}, errors.New("DenoiseImage needs a convolutional autoencoder without dense layers")
	}
	whole := net
	whole.Arch.Height, whole.Arch.Width = g.Height, g.Width
	if err := whole.Arch.Validate(); err != nil {
		return imaging.Grey{}, err
	}
	out, err := whole.Reconstruct(backend, g.Pix, cnn.Auto)
	if err != nil {
		return imaging.Grey{}, err
	}
	return imaging.Grey{Height: g.Height, Width: g.Width, Pix: out}, nil
}
