package autoenc

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Codes are the code sizes of the dense autoencoders compared with PCA.
var Codes = []int{2, 8, 32, 128}

// DenseConfig is the training of the lesson's dense autoencoder 784 → 256 →
// k → 256 → 784 (ReLU, a sigmoid output): three passes over the training
// images (one in quick mode), minibatches of 128, Adam at 0.001.
func DenseConfig(k int) ae.Config {
	return ae.Config{Arch: ae.DenseArch(k, 256), Epochs: epochs(3), LearningRate: 0.001, Seed: 1}
}

// LinearK is the code size of the linear autoencoder compared with PCA.
const LinearK = 16

// LinearConfig is the training of the linear autoencoder 784 → 16 → 784:
// no activation anywhere, the squared error, Adam at 0.003 for twelve
// passes (two in quick mode).
func LinearConfig() ae.Config {
	a := ae.DenseArch(LinearK)
	a.Linear = true
	e := 12
	if nnlib.Quick() {
		e = 2
	}
	return ae.Config{Arch: a, Epochs: e, LearningRate: 0.003, Seed: 2}
}

// ConvConfig is the training of a convolutional autoencoder with the given
// decoder: 3×3 convolutions of 16 and 4 filters, each with ReLU and 2×2
// pooling, to a 7×7×4 code (196 numbers, 4 times fewer than the pixels); 468
// minibatches of 128 (23 in quick mode), Adam at 0.002.
func ConvConfig(d ae.DecoderKind) ae.Config {
	return ae.Config{Arch: ae.ConvArch(4, d), Steps: steps(30000*2/128, 3000/128), LearningRate: 0.002, Seed: 3}
}

// DenoiseConfig is the training of a denoising convolutional autoencoder:
// the mirrored one with a 7×7×8 code, shown images corrupted by Gaussian
// noise of standard deviation noise and by masking a fraction mask of the
// pixels, and asked for the clean ones.
func DenoiseConfig(noise, mask float64) ae.Config {
	return ae.Config{Arch: ae.ConvArch(8, ae.Mirror), Steps: steps(400, 3000/128), LearningRate: 0.002, Seed: 4, Noise: noise, Mask: mask}
}

func epochs(full int) int {
	if nnlib.Quick() {
		return 1
	}
	return full
}

func steps(full, quick int) int {
	if nnlib.Quick() {
		return quick
	}
	return full
}

// keyed is what a kept training depends on: its configuration and the
// number of images it trains and is validated on.
type keyed struct {
	Config     ae.Config
	Train, Val int
}

// Keep trains an autoencoder by cfg on d's training images, measured on its
// validation images, or reads the result back if this very training ran
// before (nnlib.Keep under name). hooks show the progress of a training that
// runs.
func Keep(backend compute.Backend, name string, cfg ae.Config, d Data, hooks ...train.Hooks) (ae.Trained, error) {
	return nnlib.Keep(name, keyed{cfg, d.Train.Len(), d.Val.Len()}, func() (ae.Trained, error) {
		return ae.Fit(backend, cfg, d.Train, d.Val, hooks...)
	})
}

// KeepDense is Keep for the dense autoencoder with a code of k, kept as
// "dense-k".
func KeepDense(backend compute.Backend, k int, d Data, hooks ...train.Hooks) (ae.Trained, error) {
	return Keep(backend, fmt.Sprintf("dense-%d", k), DenseConfig(k), d, hooks...)
}

// PCAImages is how many training images PCA is fitted on.
const PCAImages = 20000

// KeepPCA fits PCA's first 128 components to the first 20,000 training
// images (all of the quick run's), or reads them back.
func KeepPCA(d Data) (*ae.PCA, error) {
	n := min(PCAImages, d.Train.Len())
	return nnlib.Keep("pca", n, func() (*ae.PCA, error) {
		return ae.FitPCA(d.Train.X[:n*d.Train.Dim()], d.Train.Dim(), Codes[len(Codes)-1])
	})
}

// Quality is how well images come back: the mean squared error per pixel
// and the PSNR it gives, in dB.
type Quality struct {
	MSE, PSNR float64
}

// QualityOf measures reconstructions against the originals (flat pixels).
func QualityOf(original, reconstructed []float32) Quality {
	mse := ae.MSE(original, reconstructed)
	return Quality{MSE: mse, PSNR: ae.PSNR(mse)}
}

// String is "MSE 0.0123, PSNR 19.10 dB".
func (q Quality) String() string {
	if math.IsNaN(q.MSE) {
		return "no images"
	}
	return fmt.Sprintf("MSE %.4f, PSNR %.2f dB", q.MSE, q.PSNR)
}
