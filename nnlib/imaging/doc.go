// Package imaging holds the image utilities that the lessons on
// autoencoders and denoising (05c) and the later ones (super-resolution,
// segmentation) share: grey images, patches, the corruptions a denoising
// autoencoder learns to undo, the classical filters it is compared with, and
// the PSNR that scores them all.
//
// It has four parts:
//
//   - Grey images: Grey is Height×Width values in [0, 1], row by row.
//     GreyFromPhoto turns a data.Photo into one with the ITU-R BT.709 luma
//     of scikit-image's rgb2gray (0.2125 R + 0.7154 G + 0.0721 B; note that
//     data.Photo.Gray uses the older BT.601 weights and gives other numbers).
//     Crop cuts a rectangle, Patches cuts a grid of squares, RandomPatches
//     draws squares at random places, and Stack lays patches end to end as
//     the X of a data.Dataset.
//   - Corruptions, on flat []float32 so that they serve a whole image, a
//     patch or the rows of a data set alike: AddGaussianNoise adds
//     N(0, σ²) to every value and clips to [0, 1]; MaskPixels sets each value
//     to 0 with a given probability. Both return a new slice and never touch
//     their input, so the clean image stays available as the target.
//   - Classical filters, the baselines a denoiser must beat: GaussianBlur and
//     Median. They equal, to float32 rounding, scikit-image's
//     filters.gaussian(img, sigma, mode='reflect', truncate=4.0,
//     preserve_range=True) and SciPy's ndimage.median_filter(img, size,
//     mode='reflect').
//   - The score: PSNR, 10·log₁₀(range²/MSE) in decibels, as scikit-image's
//     metrics.peak_signal_noise_ratio.
//
// # Why the course writes its own
//
// The lessons compare their numbers with what students find in Python
// tutorials, so the filters and the score must give scikit-image's numbers,
// boundary handling included. No maintained pure-Go library does:
// golang.org/x/image has scaling and drawing but no Gaussian or median filter,
// and the other Go imaging libraries do not promise scikit-image's kernel,
// borders or PSNR. Each
// function here is a few dozen lines that a student can read, and the tests
// check it against values computed once with scikit-image and SciPy (the
// Python recipe is in each test's comment; Python is never needed to run
// anything).
//
// # Borders
//
// Near the border a filter's window leaves the image. Like SciPy's
// mode='reflect', the image is continued as its mirror image with the edge
// pixel repeated: for a row a b c d the values to the left are … d c b a |
// and to the right | d c b a …, over and over when the window is wider than
// the image. (SciPy's 'mirror' does not repeat the edge, … c b | a b c d |
// c b …, and gives other numbers near the border.)
//
// # Errors
//
// Errors are one plain sentence that says what was wrong, for a notebook to
// print: an empty image, a σ that is not positive, an even median size, a
// fraction outside [0, 1]. Nothing here panics on bad input; in a notebook,
// data.Must prints the sentence and stops.
package imaging
