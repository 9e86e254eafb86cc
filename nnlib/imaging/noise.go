package imaging

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

var errNilRNG = errors.New("the random generator is nil: make one with rand.New(rand.NewPCG(seed, 0)) from math/rand/v2")

// AddGaussianNoise returns a copy of x with independent Gaussian noise of
// standard deviation sigma added to each value, clipped to [0, 1] so that
// the result is still an image. This is the corruption a denoising
// autoencoder learns to undo: trained to map AddGaussianNoise(x) back to x,
// it must learn what images look like rather than copy its input. sigma 0
// returns an unchanged copy, which makes noise levels easy to sweep.
//
// x itself is not changed. The same rng state gives the same noise: make one
// with rand.New(rand.NewPCG(seed, 0)) from math/rand/v2.
func AddGaussianNoise(x []float32, sigma float64, rng *rand.Rand) ([]float32, error) {
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("the noise's σ must be a number ≥ 0, such as 0.1, not %v", sigma)
	}
	if rng == nil {
		return nil, errNilRNG
	}
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = min(max(v+float32(sigma*rng.NormFloat64()), 0), 1)
	}
	return out, nil
}

// MaskPixels returns a copy of x in which each value, independently, is set
// to 0 with probability fraction: the "masking noise" of denoising
// autoencoders, which must fill the holes from the pixels around them.
// fraction 0 returns an unchanged copy, 1 an all-zero one.
//
// x itself is not changed. The same rng state gives the same mask.
func MaskPixels(x []float32, fraction float64, rng *rand.Rand) ([]float32, error) {
	if !(fraction >= 0 && fraction <= 1) {
		return nil, fmt.Errorf("the fraction of pixels to mask must be between 0 and 1, such as 0.25, not %v", fraction)
	}
	if rng == nil {
		return nil, errNilRNG
	}
	out := make([]float32, len(x))
	for i, v := range x {
		if rng.Float64() >= fraction {
			out[i] = v
		}
	}
	return out, nil
}
