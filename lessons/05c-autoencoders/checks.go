package autoenc

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// PSNRFunc is the function the first exercise asks for: the peak
// signal-to-noise ratio, in dB, of an image test against the clean one,
// pixels in [0, 1].
type PSNRFunc func(clean, test []float32) float64

// psnrCases are the image pairs the PSNR check tries: (clean, test).
func psnrCases() [][2][]float32 {
	rng := rand.New(rand.NewPCG(11, 12))
	var cases [][2][]float32
	for _, c := range []struct {
		n     int
		noise float64
	}{{784, 0.1}, {784, 0.3}, {100, 0.02}, {9, 0.5}} {
		clean, test := make([]float32, c.n), make([]float32, c.n)
		for i := range clean {
			clean[i] = float32(rng.Float64())
			test[i] = float32(math.Min(1, math.Max(0, float64(clean[i])+c.noise*rng.NormFloat64())))
		}
		cases = append(cases, [2][]float32{clean, test})
	}
	return cases
}

// psnrReference is 10·log₁₀(1/MSE), computed here in float64.
func psnrReference(clean, test []float32) float64 {
	return 10 * math.Log10(1/meanSq(clean, test))
}

func meanSq(a, b []float32) float64 {
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		s += d * d
	}
	return s / float64(len(a))
}

// psnrMistakes are the usual wrong PSNRs, each computed from the case by
// its wrong formula.
func psnrMistakes(clean, test []float32) []nnlib.Mistake[float64] {
	mse := meanSq(clean, test)
	n := float64(len(clean))
	var mae float64
	for i := range clean {
		mae += math.Abs(float64(clean[i])-float64(test[i])) / n
	}
	return []nnlib.Mistake[float64]{
		{Name: "MSE itself", Wrong: mse, Hint: "that is the mean squared error: the PSNR is 10·log₁₀(1/MSE), in decibels"},
		{Name: "log of the MSE", Wrong: 10 * math.Log10(mse), Hint: "the sign is flipped: 10·log₁₀(1/MSE) = −10·log₁₀(MSE), which is positive for errors below 1"},
		{Name: "20·log", Wrong: 20 * math.Log10(1/mse), Hint: "20·log₁₀ goes with the root of the error (20·log₁₀(1/RMSE)); with the MSE itself it is 10·log₁₀"},
		{Name: "root, 10·log", Wrong: 10 * math.Log10(1/math.Sqrt(mse)), Hint: "you used the root mean squared error with 10·log₁₀: use the MSE with 10·log₁₀ (or the RMSE with 20·log₁₀)"},
		{Name: "sum of squares", Wrong: 10 * math.Log10(1/(mse*n)), Hint: "divide the sum of squared differences by the number of pixels: the MSE is a mean"},
		{Name: "natural log", Wrong: 10 * math.Log(1/mse), Hint: "decibels use log₁₀ (math.Log10), not the natural logarithm"},
		{Name: "absolute error", Wrong: 10 * math.Log10(1/mae), Hint: "square the differences: the PSNR is built on the mean squared error, not the mean absolute one"},
	}
}

// PSNRError checks the student's PSNR on a few image pairs against an
// independent computation, and says which usual mistake a wrong answer
// looks like.
func PSNRError(psnr PSNRFunc) (err error) {
	defer nnlib.Stopped(&err, "check that you compute the mean squared error over all the pixels, then 10·log₁₀(1/MSE)")
	if psnr == nil {
		return errors.New("give your psnr function")
	}
	for _, c := range psnrCases() {
		clean, test := append([]float32(nil), c[0]...), append([]float32(nil), c[1]...)
		got := psnr(clean, test)
		for i := range clean {
			if clean[i] != c[0][i] || test[i] != c[1][i] {
				return errors.New("your function changes the images it is given: only read them")
			}
		}
		want := psnrReference(c[0], c[1])
		if near(got, want) {
			continue
		}
		return fmt.Errorf("for %d pixels you return %.4f dB, want %.4f: %s", len(clean), got, want,
			nnlib.Diagnose(got, near, psnrMistakes(c[0], c[1]), "compute the mean of the squared differences, then 10·log₁₀(1/MSE)"))
	}
	same := []float32{0.2, 0.4, 0.9}
	if got := psnr(same, same); !math.IsInf(got, 1) {
		return fmt.Errorf("two identical images should have an infinite PSNR (no error at all), you return %v", got)
	}
	return nil
}

func near(got, want float64) bool { return math.Abs(got-want) <= 1e-6*math.Max(1, math.Abs(want)) }

// MaskFunc is the function the second exercise asks for: a copy of the
// pixels x with each one set to 0 with probability fraction, using rng.
type MaskFunc func(x []float32, fraction float64, rng *rand.Rand) []float32

// MaskError checks the student's masking on 200,000 pixels: a new slice, the
// input untouched, masked pixels exactly 0, the others unchanged, and the
// fraction masked within 0.5 percentage point of what was asked, for
// several fractions.
func MaskError(mask MaskFunc) (err error) {
	defer nnlib.Stopped(&err, "loop over the pixels and set each to 0 when rng.Float64() < fraction")
	if mask == nil {
		return errors.New("give your maskPixels function")
	}
	const n = 200000
	x := make([]float32, n)
	for i := range x {
		x[i] = 0.05 + 0.9*float32(i%97)/96 // Never 0: a masked pixel shows.
	}
	orig := append([]float32(nil), x...)
	for k, f := range []float64{0.25, 0.5, 0.1, 0} {
		out := mask(x, f, rand.New(rand.NewPCG(uint64(k), 99)))
		if len(out) != n {
			return fmt.Errorf("you return %d pixels for %d: return a copy of the same length", len(out), n)
		}
		for i := range x {
			if x[i] != orig[i] {
				return errors.New("your function changes its input: make a copy first (out := slices.Clone(x)) and mask the copy, since the clean image is the target")
			}
		}
		masked, other := 0, 0
		for i, v := range out {
			switch {
			case v == 0:
				masked++
			case v == x[i]:
			case v == 1:
				return errors.New("masked pixels must be 0 (black, missing), not 1")
			default:
				other++
			}
		}
		if other > 0 {
			return fmt.Errorf("%d pixels are neither kept nor 0: keep each pixel as it is, or set it to 0", other)
		}
		got := float64(masked) / n
		switch {
		case math.Abs(got-f) <= 0.005:
		case f > 0 && math.Abs(got-(1-f)) <= 0.005:
			return fmt.Errorf("with fraction %g you mask %.1f%% of the pixels: you mask the ones you should keep (mask when rng.Float64() < fraction)", f, 100*got)
		default:
			return fmt.Errorf("with fraction %g you mask %.1f%% of the pixels, want %.0f%%: draw one rng.Float64() per pixel and mask it when the draw is below fraction", f, 100*got, 100*f)
		}
	}
	return nil
}
