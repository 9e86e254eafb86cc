package imaging

import "math"

// The reference values below were computed once with Debian's Python 3.11,
// NumPy, scikit-image 0.19.3 and SciPy 1.10.1; Python is not needed to run
// the tests. The inputs are float32 values, as the Go code sees them, handed
// to Python as float64 arrays:
//
//	import numpy as np
//	from skimage.metrics import peak_signal_noise_ratio
//	from skimage.filters import gaussian
//	from skimage.color import rgb2gray
//	from scipy.ndimage import median_filter
//	f32 = lambda a: np.asarray(a, dtype=np.float32).astype(np.float64)
//
//	i = np.arange(1000)
//	ref = f32(0.5 + 0.4*np.sin(0.3*i))
//	# for each case of psnrReference: test as in psnrTest, n values, data_range
//	peak_signal_noise_ratio(ref[:n], test[:n], data_range=data_range)
//
//	H, W = 9, 11
//	k = np.arange(H*W)
//	img = f32(0.5 + 0.3*np.sin(0.3*k) + 0.2*np.cos(1.9*k)).reshape(H, W)
//	wt = np.cos(0.1*k).reshape(H, W)
//	o = gaussian(img, sigma=s, mode='reflect', truncate=4.0, preserve_range=True)
//	o = median_filter(img, size=s, mode='reflect')
//	o.sum(), (o*o).sum(), (o*wt).sum(), o[0,0], o[0,W-1], o[H-1,0], o[H-1,W-1], o[4,5], o[1,2]
//
//	rgb = f32(0.5 + 0.5*np.sin(0.7*np.arange(2*3*3))).reshape(2, 3, 3)
//	rgb2gray(rgb).ravel()

// psnrReference is skimage's PSNR of psnrTest(name) against psnrRef, on the
// first n values.
var psnrReference = []struct {
	name      string
	n         int
	dataRange float64
	want      float64
}{
	// test = f32(0.5 + 0.4*np.sin(0.3*i) + 0.05*np.cos(0.7*i))
	{"noisy", 99, 1, 29.02001438066071},
	// test = f32(0.5 + 0.4*np.sin(0.3*i) + 1e-3*np.sin(1.3*i))
	{"close", 1000, 1, 63.01118269112975},
	// test = f32(0.5 + 0.5*np.cos(0.11*i))
	{"different", 1000, 1, 6.910241850495461},
	{"noisy", 99, 2, 35.04061429394034},
	{"noisy", 1, 1, 26.020597842402402},
}

func psnrRef(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.5 + 0.4*math.Sin(0.3*float64(i)))
	}
	return x
}

func psnrTest(name string, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		f := float64(i)
		switch name {
		case "noisy":
			x[i] = float32(0.5 + 0.4*math.Sin(0.3*f) + 0.05*math.Cos(0.7*f))
		case "close":
			x[i] = float32(0.5 + 0.4*math.Sin(0.3*f) + 1e-3*math.Sin(1.3*f))
		case "different":
			x[i] = float32(0.5 + 0.5*math.Cos(0.11*f))
		}
	}
	return x
}

// filterImage is the 9×11 image the filters are checked on.
func filterImage() Grey {
	g := Grey{Height: 9, Width: 11, Pix: make([]float32, 99)}
	for k := range g.Pix {
		f := float64(k)
		g.Pix[k] = float32(0.5 + 0.3*math.Sin(0.3*f) + 0.2*math.Cos(1.9*f))
	}
	return g
}

// filterSummary is what the references record of a filtered 9×11 image: its
// sum, its sum of squares, its sum weighted by cos(0.1·k) at flat index k
// (which sees pixels that moved), and six pixels, four of them corners,
// where the border convention matters most.
type filterSummary struct {
	sum, sumSq, weighted float64
	samples              [6]float64 // (0,0), (0,10), (8,0), (8,10), (4,5), (1,2)
}

var samplePlaces = [6][2]int{{0, 0}, {0, 10}, {8, 0}, {8, 10}, {4, 5}, {1, 2}}

func summarize(g Grey) filterSummary {
	var s filterSummary
	for k, v := range g.Pix {
		f := float64(v)
		s.sum += f
		s.sumSq += f * f
		s.weighted += f * math.Cos(0.1*float64(k))
	}
	for i, p := range samplePlaces {
		s.samples[i] = float64(g.At(p[0], p[1]))
	}
	return s
}

// gaussianReference is skimage's gaussian for each σ. σ = 2.5 has radius 10,
// wider than the image's 9 rows: its window reflects more than once. The
// sums all equal the input's, 50.7646…: with the 'reflect' border a blur
// moves brightness around without losing any, so the sum alone cannot tell
// borders apart; the weighted sum and the corners can.
var gaussianReference = []struct {
	sigma float64
	want  filterSummary
}{
	{0.5, filterSummary{50.76461349148304, 28.35695033717054, -0.981497814238455,
		[6]float64{0.6454022587686095, 0.6907245406929381, 0.6159329121666929, 0.1689981991058498, 0.6854724920795576, 0.47178672733768456}}},
	{1, filterSummary{50.76461349148304, 26.19264768531539, -1.1866662130576018,
		[6]float64{0.5434218263008416, 0.5976695244065535, 0.5739980043189989, 0.3377555665148525, 0.5055340055682555, 0.5135006890391268}}},
	{2.5, filterSummary{50.764613491483026, 26.059072961914975, -1.7241817871837284,
		[6]float64{0.5187455760717659, 0.5343861804477983, 0.5368802900668265, 0.46306703217200296, 0.5088820719915814, 0.5216546226265852}}},
}

// medianReference is SciPy's median_filter for each size; size 11 is wider
// than the image's 9 rows.
var medianReference = []struct {
	size int
	want filterSummary
}{
	{1, filterSummary{50.76461349148303, 32.44613382006154, -0.9327352088911198,
		[6]float64{0.699999988079071, 0.7400768995285034, 0.6327502727508545, 0.09664202481508255, 0.8358266949653625, 0.4752340614795685}}},
	{3, filterSummary{49.300101324915886, 25.574489801111493, -0.8953762879506869,
		[6]float64{0.5239981412887573, 0.6071900725364685, 0.6327502727508545, 0.18067482113838196, 0.3347337543964386, 0.5239981412887573}}},
	{5, filterSummary{51.26439896225929, 26.97114933723178, -1.7880258941661629,
		[6]float64{0.5111991763114929, 0.5926521420478821, 0.6327502727508545, 0.4816701114177704, 0.5606523752212524, 0.5239981412887573}}},
	{11, filterSummary{51.20630985498428, 26.53685851003292, -1.8035963599273137,
		[6]float64{0.5239981412887573, 0.5038943886756897, 0.5610032081604004, 0.48216700553894043, 0.5459531545639038, 0.5111991763114929}}},
}

// greyReference is skimage's rgb2gray of greyPhoto.
var greyReference = []float64{0.7659621425330638, 0.6988955093502999, 0.03321461291350424,
	0.7724140439212321, 0.691731038326025, 0.03399660905823111}
