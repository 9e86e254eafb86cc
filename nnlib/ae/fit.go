package ae

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/imaging"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Config is what determines a training run of Fit. It has only plain
// fields, so it can serve as nnlib.Keep's config.
type Config struct {
	Arch Arch
	// Epochs is the number of passes over the training images; Steps, when
	// not 0, the number of minibatches instead.
	Epochs, Steps int
	BatchSize     int     // Images per step; 0 for 128.
	LearningRate  float64 // Adam's; 0 for 0.001.
	Seed          uint32  // Fixes the initial weights, the minibatches' order and the corruption.
	// Noise and Mask corrupt the inputs (not the targets) of a denoising
	// autoencoder: Gaussian noise of standard deviation Noise added to each
	// pixel (the result clipped to [0, 1]), then each pixel set to 0 with
	// probability Mask. Drawn anew for every minibatch; 0 for none.
	Noise, Mask float64
	// Formulation of the convolution layers; Auto (0) picks the backend's
	// fastest.
	Formulation cnn.Formulation
}

// Trained is the result of Fit: the network and how its training went. It
// is gob-encodable, for nnlib.Keep.
type Trained struct {
	Net     Net
	History train.History // The loss of every step (mean squared error per pixel) and the evaluations.
	// ValMSE is the validation images' mean squared error per pixel after
	// each evaluation (of the corrupted images' reconstructions against
	// the clean ones, for a denoising autoencoder); empty without them.
	ValMSE []float64
}

// Fit trains an autoencoder of cfg.Arch to give back the images of
// trainSet (their labels are not used): the mean squared error per pixel
// between output and input, minimised by Adam on shuffled minibatches. If
// evalSet is not nil, its mean squared error is measured after every epoch
// (or every 200 steps with cfg.Steps). hooks (train.Live, train.Print) show
// the progress.
func Fit(backend compute.Backend, cfg Config, trainSet, evalSet *data.Dataset, hooks ...train.Hooks) (result Trained, err error) {
	a := cfg.Arch
	if err := a.Validate(); err != nil {
		return Trained{}, err
	}
	if err := checkImages(a, trainSet); err != nil {
		return Trained{}, err
	}
	if evalSet != nil {
		if err := checkImages(a, evalSet); err != nil {
			return Trained{}, err
		}
	}
	if cfg.Epochs < 1 && cfg.Steps < 1 {
		return Trained{}, errors.New("ae: Fit needs Epochs or Steps of at least 1")
	}
	if cfg.Noise < 0 || cfg.Mask < 0 || cfg.Mask >= 1 {
		return Trained{}, fmt.Errorf("ae: Noise %g and Mask %g: want Noise ≥ 0 and 0 ≤ Mask < 1", cfg.Noise, cfg.Mask)
	}
	batch := cfg.BatchSize
	if batch <= 0 {
		batch = 128
	}
	batch = min(batch, trainSet.Len())
	lr := cfg.LearningRate
	if lr <= 0 {
		lr = 0.001
	}

	defer nnlib.Failed(&err, "GoMLX failed while training the autoencoder")
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return Trained{}, err
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0xae))
	pixels := a.Pixels()
	tensorsOf := func(b data.Batch) (inputs, labels *tensors.Tensor, err error) {
		n := len(b.X) / pixels
		clean := tensors.FromFlatDataAndDimensions(b.X, n, a.Height, a.Width, a.Channels)
		if cfg.Noise == 0 && cfg.Mask == 0 {
			return clean, clean, nil
		}
		noisy, err := Corrupt(b.X, cfg.Noise, cfg.Mask, rng)
		if err != nil {
			return nil, nil, err
		}
		return tensors.FromFlatDataAndDimensions(noisy, n, a.Height, a.Width, a.Channels), clean, nil
	}
	step := train.NewSupervised(backend, store, a.Model(cfg.Formulation), loss.MeanSquaredError,
		optimizer.Adam().LearningRate(lr).Done(), tensorsOf)

	loop := train.Loop{Data: trainSet, BatchSize: batch, Shuffle: true, Seed: cfg.Seed, Epochs: cfg.Epochs, Steps: cfg.Steps, Hooks: hooks}
	if cfg.Steps > 0 {
		loop.EvalEvery = 200
	}
	if evalSet != nil {
		input := evalSet.X
		if cfg.Noise > 0 || cfg.Mask > 0 {
			if input, err = Corrupt(evalSet.X, cfg.Noise, cfg.Mask, rand.New(rand.NewPCG(uint64(cfg.Seed), 0xe5a1))); err != nil {
				return Trained{}, err
			}
		}
		loop.Evaluate = func(int) (train.Score, error) {
			net, err := NetFromStore(a, store)
			if err != nil {
				return train.NoScore, err
			}
			out, err := net.Reconstruct(backend, input, cfg.Formulation)
			if err != nil {
				return train.NoScore, err
			}
			mse := MSE(out, evalSet.X)
			return train.Score{Loss: mse, Metric: PSNR(mse)}, nil
		}
	}
	h, err := loop.Run(step.Step)
	if err != nil {
		return Trained{}, fmt.Errorf("ae: %w", err)
	}
	result = Trained{History: h}
	for _, e := range h.Evals {
		result.ValMSE = append(result.ValMSE, e.Validation.Loss)
	}
	result.Net, err = NetFromStore(a, store)
	return result, err
}

// Corrupt returns a corrupted copy of the pixels x (values in [0, 1]), the
// input of a denoising autoencoder: Gaussian noise of standard deviation
// noise added to each (clipped to [0, 1]), then each set to 0 with
// probability mask. x itself is not changed.
func Corrupt(x []float32, noise, mask float64, rng *rand.Rand) ([]float32, error) {
	if !(noise >= 0) || !(mask >= 0 && mask <= 1) {
		return nil, fmt.Errorf("ae: noise %g and mask %g: want noise ≥ 0 and mask from 0 to 1", noise, mask)
	}
	out := x
	var err error
	if noise > 0 {
		if out, err = imaging.AddGaussianNoise(out, noise, rng); err != nil {
			return nil, err
		}
	}
	if mask > 0 {
		if out, err = imaging.MaskPixels(out, mask, rng); err != nil {
			return nil, err
		}
	}
	if noise == 0 && mask == 0 {
		out = slices.Clone(x)
	}
	return out, nil
}

// MSE is the mean squared difference of two equally long slices of pixels.
func MSE(a, b []float32) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return math.NaN()
	}
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		s += d * d
	}
	return s / float64(len(a))
}

// PSNR is the peak signal-to-noise ratio, in decibels, of a mean squared
// error mse of pixels in [0, 1]: 10·log₁₀(1/mse). (imaging.PSNR computes it
// from the images.)
func PSNR(mse float64) float64 { return 10 * math.Log10(1/mse) }

// checkImages reports whether d holds images of the architecture's size.
func checkImages(a Arch, d *data.Dataset) error {
	if d == nil {
		return errors.New("ae: no data set")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Len() == 0 {
		return fmt.Errorf("ae: %s has no images", d.Name)
	}
	if d.Dim() != a.Pixels() {
		return fmt.Errorf("ae: %s has examples of shape %v but the autoencoder takes %d×%d×%d images", d.Name, d.Shape, a.Height, a.Width, a.Channels)
	}
	return nil
}

// Param is one array of weights of a Net, as plain Go values.
type Param struct {
	Path   string // The variable's path in the store, e.g. "/encoder/conv1/kernel".
	Dims   []int
	Values []float32
}

// Net is a trained autoencoder: its architecture and weights as plain Go
// values (gob-encodable, so nnlib.Keep can keep it between notebook cells).
type Net struct {
	Arch   Arch
	Params []Param
}

// NetFromStore reads an autoencoder's weights (the variables under
// /encoder and /decoder) out of a GoMLX store.
func NetFromStore(a Arch, store *model.Store) (Net, error) {
	n := Net{Arch: a.clone()}
	for v := range store.IterVariables() {
		p := v.Path()
		if !strings.HasPrefix(p, "/encoder/") && !strings.HasPrefix(p, "/decoder/") {
			continue
		}
		t, err := v.Value()
		if err != nil {
			return Net{}, err
		}
		values, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return Net{}, fmt.Errorf("ae: %s: %w", p, err)
		}
		n.Params = append(n.Params, Param{Path: p, Dims: slices.Clone(t.Shape().Dimensions), Values: values})
	}
	if len(n.Params) == 0 {
		return Net{}, errors.New("ae: the store has no /encoder or /decoder variables: was it trained with Arch.Model?")
	}
	sort.Slice(n.Params, func(i, j int) bool { return n.Params[i].Path < n.Params[j].Path })
	return n, nil
}

// Store returns a GoMLX store holding the network's weights, where the
// model functions find them.
func (n Net) Store() (*model.Store, error) {
	store := model.NewStore()
	for _, p := range n.Params {
		if _, err := store.CreateVariable(p.Path, tensors.FromFlatDataAndDimensions(slices.Clone(p.Values), p.Dims...)); err != nil {
			return nil, err
		}
	}
	return store, nil
}

// NumParams is the number of trained values, encoder and decoder.
func (n Net) NumParams() int {
	total := 0
	for _, p := range n.Params {
		total += len(p.Values)
	}
	return total
}

// checkSizes reports whether the network has every weight its architecture
// needs, and dense layers that fit its image size: a convolutional
// autoencoder runs on images of any size (set Arch.Height and Width), but a
// dense layer is tied to the size it was trained on.
func (n Net) checkSizes() error {
	a := n.Arch
	if err := a.Validate(); err != nil {
		return err
	}
	have := map[string][]int{}
	for _, p := range n.Params {
		have[p.Path] = p.Dims
	}
	for _, path := range a.ParamPaths() {
		if _, ok := have[path]; !ok {
			return fmt.Errorf("ae: the network has no weights %s: was it trained with another architecture than %s?", path, a.Kind)
		}
	}
	// The dense layers that touch the pixels: the encoder's first (of a
	// dense autoencoder) reads them along axis 0, the decoder's output
	// layer (dense, or a convolutional one's OneDense) writes them along 1.
	wrong := func(path string, axis int) error {
		if d, ok := have[path]; ok && d[axis] != a.Pixels() {
			return fmt.Errorf("ae: the dense layer %s has shape %v, trained for other images than %d×%d×%d: only convolutional autoencoders without dense layers change image size", path, d, a.Height, a.Width, a.Channels)
		}
		return nil
	}
	if a.Kind == Dense {
		in := "/encoder/code/dense/weights"
		if len(a.Hidden) > 0 {
			in = "/encoder/dense1/dense/weights"
		}
		if err := wrong(in, 0); err != nil {
			return err
		}
	}
	return wrong("/decoder/output/dense/weights", 1)
}

// evalBatch is the number of images the inference graphs take at once.
const evalBatch = 500

// Reconstruct returns the autoencoder's output for the images x (flat,
// Pixels() values each): its reconstructions, flat likewise.
func (n Net) Reconstruct(backend compute.Backend, x []float32, f cnn.Formulation) ([]float32, error) {
	a := n.Arch
	return n.run(backend, x, a.Pixels(), []int{a.Height, a.Width, a.Channels}, a.Pixels(), a.Model(f))
}

// Encode returns the codes of the images x (flat, Pixels() values each):
// CodeSize() values per image.
func (n Net) Encode(backend compute.Backend, x []float32, f cnn.Formulation) ([]float32, error) {
	a := n.Arch
	return n.run(backend, x, a.Pixels(), []int{a.Height, a.Width, a.Channels}, a.CodeSize(), a.EncoderFn(f))
}

// Decode returns the images that the decoder makes of codes (flat,
// CodeSize() values each): Pixels() values per image.
func (n Net) Decode(backend compute.Backend, codes []float32, f cnn.Formulation) ([]float32, error) {
	a := n.Arch
	return n.run(backend, codes, a.CodeSize(), a.CodeShape(), a.Pixels(), a.DecoderFn(f))
}

// run applies fn to the rows of in (inDim values each, shaped inShape) in
// batches of evalBatch and returns its outputs (outDim values each).
func (n Net) run(backend compute.Backend, in []float32, inDim int, inShape []int, outDim int, fn func(*model.Scope, *graph.Node) *graph.Node) (out []float32, err error) {
	if len(in) == 0 || len(in)%inDim != 0 {
		return nil, fmt.Errorf("ae: %d values are not a whole number of inputs of %d values", len(in), inDim)
	}
	if err := n.checkSizes(); err != nil {
		return nil, err
	}
	store, err := n.Store()
	if err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	exec, err := model.NewExec(backend, store, fn)
	if err != nil {
		return nil, err
	}
	rows := len(in) / inDim
	size := min(evalBatch, rows)
	out = make([]float32, 0, rows*outDim)
	for start := 0; start < rows; start += size {
		m := min(size, rows-start)
		batch := make([]float32, size*inDim) // Always a full batch: one compiled graph.
		copy(batch, in[start*inDim:(start+m)*inDim])
		res, err := exec.Call1(tensors.FromFlatDataAndDimensions(batch, append([]int{size}, inShape...)...))
		if err != nil {
			return nil, err
		}
		values, err := tensors.CopyFlatData[float32](res)
		if err != nil {
			return nil, err
		}
		out = append(out, values[:m*outDim]...)
	}
	return out, nil
}
