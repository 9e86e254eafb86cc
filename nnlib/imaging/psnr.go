package imaging

import (
	"fmt"
	"math"
)

// PSNR is the peak signal-to-noise ratio of test against reference, in
// decibels: 10·log₁₀(dataRange²/MSE), where MSE is the mean of the squared
// differences and dataRange the distance between the darkest and the
// brightest possible values, 1 for images in [0, 1] (255 for bytes). Higher
// is better; every halving of the error's root-mean-square adds about 6 dB.
// Identical inputs give +Inf.
//
// It equals scikit-image's metrics.peak_signal_noise_ratio(reference, test,
// data_range=dataRange) computed in float64. (Given float32 arrays,
// scikit-image squares the differences in float32, which moves the result
// in about the tenth digit.)
func PSNR(reference, test []float32, dataRange float64) (float64, error) {
	if len(reference) != len(test) {
		return 0, fmt.Errorf("the reference has %d values and the test image %d: PSNR compares images of the same size", len(reference), len(test))
	}
	if len(reference) == 0 {
		return 0, fmt.Errorf("the images are empty: PSNR needs at least one value")
	}
	if !(dataRange > 0) || math.IsInf(dataRange, 0) {
		return 0, fmt.Errorf("the data range must be a positive number, such as 1 for images in [0, 1], not %v", dataRange)
	}
	var sum float64
	for i, r := range reference {
		d := float64(r) - float64(test[i])
		sum += d * d
	}
	mse := sum / float64(len(reference))
	return 10 * math.Log10(dataRange*dataRange/mse), nil
}
