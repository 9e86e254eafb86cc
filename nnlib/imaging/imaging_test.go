package imaging

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// TestPSNRMatchesSkimage checks PSNR against scikit-image's
// peak_signal_noise_ratio (see reference_test.go) to 1e-9 relative.
func TestPSNRMatchesSkimage(t *testing.T) {
	for _, c := range psnrReference {
		got, err := PSNR(psnrRef(c.n), psnrTest(c.name, c.n), c.dataRange)
		if err != nil {
			t.Fatalf("%s (n=%d, range %g): %v", c.name, c.n, c.dataRange, err)
		}
		if math.Abs(got-c.want) > 1e-9*math.Abs(c.want) {
			t.Errorf("PSNR %s (n=%d, range %g) = %.15g dB, skimage says %.15g", c.name, c.n, c.dataRange, got, c.want)
		}
	}
}

func TestPSNRIdenticalAndErrors(t *testing.T) {
	x := psnrRef(10)
	if got, err := PSNR(x, slices.Clone(x), 1); err != nil || !math.IsInf(got, 1) {
		t.Errorf("PSNR of identical images = %v, %v; want +Inf, nil", got, err)
	}
	bad := []struct {
		what      string
		ref, test []float32
		dataRange float64
	}{
		{"lengths differ", x, x[:9], 1},
		{"empty", nil, nil, 1},
		{"zero range", x, x, 0},
		{"negative range", x, x, -1},
		{"NaN range", x, x, math.NaN()},
		{"infinite range", x, x, math.Inf(1)},
	}
	for _, b := range bad {
		_, err := PSNR(b.ref, b.test, b.dataRange)
		checkSentence(t, "PSNR, "+b.what, err)
	}
}

// checkSentence fails unless err is a one-line message.
func checkSentence(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("%s: error %q is not one line", what, msg)
	}
}

// compareSummary fails where got differs from want by more than tolSum in
// the sums or tolPix in a sampled pixel.
func compareSummary(t *testing.T, what string, got, want filterSummary, tolSum, tolPix float64) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"sum", got.sum, want.sum}, {"sum of squares", got.sumSq, want.sumSq}, {"weighted sum", got.weighted, want.weighted}} {
		if math.Abs(c.got-c.want) > tolSum {
			t.Errorf("%s: %s %.12g, Python says %.12g", what, c.name, c.got, c.want)
		}
	}
	for i, p := range samplePlaces {
		if math.Abs(got.samples[i]-want.samples[i]) > tolPix {
			t.Errorf("%s: pixel (%d, %d) %.9g, Python says %.9g", what, p[0], p[1], got.samples[i], want.samples[i])
		}
	}
}

// TestGaussianBlurMatchesSkimage checks GaussianBlur against skimage's
// filters.gaussian(mode='reflect'): pixels to 1e-7 (float32 rounding of
// values near 0.5 is 3e-8), sums of 99 pixels to 2e-6. With SciPy's
// 'mirror' border instead pixel (0, 0) is off by 0.02 to 0.08.
func TestGaussianBlurMatchesSkimage(t *testing.T) {
	img := filterImage()
	orig := slices.Clone(img.Pix)
	for _, c := range gaussianReference {
		out, err := GaussianBlur(img, c.sigma)
		if err != nil {
			t.Fatal(err)
		}
		compareSummary(t, "GaussianBlur σ="+ftoa(c.sigma), summarize(out), c.want, 2e-6, 1e-7)
	}
	if !slices.Equal(img.Pix, orig) {
		t.Error("GaussianBlur changed its input")
	}
}

// TestMedianMatchesSciPy checks Median against SciPy's
// median_filter(mode='reflect'): every pixel is one of the input's float32
// values, so the sampled pixels must be equal, and the sums equal up to the
// order of summation.
func TestMedianMatchesSciPy(t *testing.T) {
	img := filterImage()
	orig := slices.Clone(img.Pix)
	for _, c := range medianReference {
		out, err := Median(img, c.size)
		if err != nil {
			t.Fatal(err)
		}
		compareSummary(t, "Median size "+ftoa(float64(c.size)), summarize(out), c.want, 1e-12, 0)
	}
	if !slices.Equal(img.Pix, orig) {
		t.Error("Median changed its input")
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// TestReflect checks the border convention directly: for a b c d (n = 4),
// SciPy's 'reflect' reads … b a | a b c d | d c b a | a b ….
func TestReflect(t *testing.T) {
	want := map[int]int{-9: 0, -8: 0, -5: 3, -4: 3, -3: 2, -2: 1, -1: 0, 0: 0, 3: 3, 4: 3, 5: 2, 7: 0, 8: 0, 9: 1, 12: 3}
	for i, w := range want {
		if got := reflect(i, 4); got != w {
			t.Errorf("reflect(%d, 4) = %d, want %d", i, got, w)
		}
	}
	for i := -3; i <= 3; i++ {
		if got := reflect(i, 1); got != 0 {
			t.Errorf("reflect(%d, 1) = %d, want 0", i, got)
		}
	}
}

func TestGaussianKernel(t *testing.T) {
	for _, c := range []struct {
		sigma  float64
		radius int
	}{{0.1, 0}, {0.5, 2}, {1, 4}, {1.1, 4}, {1.2, 5}, {2.5, 10}} {
		k, err := GaussianKernel(c.sigma)
		if err != nil {
			t.Fatal(err)
		}
		if len(k) != 2*c.radius+1 {
			t.Errorf("σ=%g: %d weights, want %d (radius ⌊4σ+0.5⌋ = %d)", c.sigma, len(k), 2*c.radius+1, c.radius)
		}
		var sum float64
		for i, v := range k {
			sum += v
			if v != k[len(k)-1-i] {
				t.Errorf("σ=%g: kernel not symmetric at %d", c.sigma, i)
			}
		}
		if math.Abs(sum-1) > 1e-15 {
			t.Errorf("σ=%g: weights sum to %.17g, want 1", c.sigma, sum)
		}
	}
}

func TestFilterErrors(t *testing.T) {
	img := filterImage()
	for _, s := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := GaussianBlur(img, s)
		checkSentence(t, "GaussianBlur σ="+ftoa(s), err)
	}
	for _, s := range []int{0, -1, 2, 4} {
		_, err := Median(img, s)
		checkSentence(t, "Median size "+ftoa(float64(s)), err)
	}
	for _, g := range []Grey{{}, {Height: 2, Width: 3, Pix: make([]float32, 5)}, {Height: 0, Width: 3}} {
		_, err := GaussianBlur(g, 1)
		checkSentence(t, "GaussianBlur of a bad image", err)
		_, err = Median(g, 3)
		checkSentence(t, "Median of a bad image", err)
	}
}

// TestMedianRemovesSpeck checks the property lessons rely on: one black pixel
// in a flat image disappears under a 3×3 median, while a blur spreads it.
func TestMedianRemovesSpeck(t *testing.T) {
	g, _ := NewGrey(7, 7)
	for i := range g.Pix {
		g.Pix[i] = 0.8
	}
	g.Pix[3*7+3] = 0
	m, err := Median(g, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range m.Pix {
		if v != 0.8 {
			t.Fatalf("median pixel %d = %v, want 0.8", i, v)
		}
	}
	b, _ := GaussianBlur(g, 1)
	if b.At(3, 3) >= 0.8 || b.At(3, 4) >= 0.8 {
		t.Errorf("blur left the speck's neighbourhood at %v, %v, want below 0.8", b.At(3, 3), b.At(3, 4))
	}
}

// greyPhoto is the 2×3 photo of greyReference.
func greyPhoto() *data.Photo {
	p := &data.Photo{Height: 2, Width: 3, Pix: make([]float32, 18)}
	for i := range p.Pix {
		p.Pix[i] = float32(0.5 + 0.5*math.Sin(0.7*float64(i)))
	}
	return p
}

// TestGreyFromPhotoMatchesSkimage checks the BT.709 weights against
// skimage's rgb2gray, to float32 rounding.
func TestGreyFromPhotoMatchesSkimage(t *testing.T) {
	g, err := GreyFromPhoto(greyPhoto())
	if err != nil {
		t.Fatal(err)
	}
	if g.Height != 2 || g.Width != 3 || len(g.Pix) != 6 {
		t.Fatalf("GreyFromPhoto gave %d×%d with %d values, want 2×3", g.Height, g.Width, len(g.Pix))
	}
	for i, v := range g.Pix {
		if math.Abs(float64(v)-greyReference[i]) > 1e-7 {
			t.Errorf("grey pixel %d = %.9g, skimage says %.9g", i, v, greyReference[i])
		}
	}
	_, err = GreyFromPhoto(nil)
	checkSentence(t, "GreyFromPhoto(nil)", err)
	_, err = GreyFromPhoto(&data.Photo{Height: 2, Width: 3, Pix: make([]float32, 17)})
	checkSentence(t, "GreyFromPhoto of a short photo", err)
}

// indexImage is h×w with pixel k = k/100, so that a patch tells where it
// was cut.
func indexImage(h, w int) Grey {
	g, _ := NewGrey(h, w)
	for k := range g.Pix {
		g.Pix[k] = float32(k) / 100
	}
	return g
}

// origin returns the top-left (y, x) a size×size patch of indexImage(_, w)
// was cut at, failing unless the patch is that block.
func origin(t *testing.T, p Grey, w, size int) (int, int) {
	t.Helper()
	k0 := int(math.Round(float64(p.Pix[0]) * 100))
	y, x := k0/w, k0%w
	if p.Height != size || p.Width != size {
		t.Fatalf("patch is %d×%d, want %d×%d", p.Height, p.Width, size, size)
	}
	for r := range size {
		for c := range size {
			if want := float32((y+r)*w+x+c) / 100; p.At(r, c) != want {
				t.Fatalf("patch at (%d, %d): pixel (%d, %d) = %v, want %v", y, x, r, c, p.At(r, c), want)
			}
		}
	}
	return y, x
}

func TestCrop(t *testing.T) {
	g := indexImage(4, 5)
	c, err := Crop(g, 1, 2, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0.07, 0.08, 0.12, 0.13, 0.17, 0.18}
	if c.Height != 3 || c.Width != 2 || !slices.Equal(c.Pix, want) {
		t.Errorf("Crop = %d×%d %v, want 3×2 %v", c.Height, c.Width, c.Pix, want)
	}
	c.Pix[0] = 9
	if g.At(1, 2) != 0.07 {
		t.Error("changing the crop changed the image: Crop must copy")
	}
	for _, b := range [][4]int{{-1, 0, 2, 2}, {0, -1, 2, 2}, {3, 0, 2, 2}, {0, 4, 2, 2}, {0, 0, 0, 2}, {0, 0, 5, 5}} {
		_, err := Crop(g, b[0], b[1], b[2], b[3])
		checkSentence(t, "Crop out of bounds", err)
	}
}

func TestPatches(t *testing.T) {
	g := indexImage(5, 7)
	for _, c := range []struct {
		size, stride int
		origins      [][2]int
	}{
		{2, 2, [][2]int{{0, 0}, {0, 2}, {0, 4}, {2, 0}, {2, 2}, {2, 4}}},
		{3, 2, [][2]int{{0, 0}, {0, 2}, {0, 4}, {2, 0}, {2, 2}, {2, 4}}},
		{4, 3, [][2]int{{0, 0}, {0, 3}}},
		{5, 1, [][2]int{{0, 0}, {0, 1}, {0, 2}}},
	} {
		ps, err := Patches(g, c.size, c.stride)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != len(c.origins) {
			t.Fatalf("Patches(size %d, stride %d): %d patches, want %d", c.size, c.stride, len(ps), len(c.origins))
		}
		for i, p := range ps {
			if y, x := origin(t, p, 7, c.size); y != c.origins[i][0] || x != c.origins[i][1] {
				t.Errorf("Patches(size %d, stride %d): patch %d at (%d, %d), want %v", c.size, c.stride, i, y, x, c.origins[i])
			}
		}
	}
	for _, b := range [][2]int{{0, 1}, {6, 1}, {2, 0}} {
		_, err := Patches(g, b[0], b[1])
		checkSentence(t, "Patches with bad size or stride", err)
	}
}

// TestRandomPatches checks that the patches are whole blocks, that every
// place where one fits is drawn (4·5 places, 2,000 draws: each expected 100
// times, and absent with probability about e⁻¹⁰⁰), and that a seed repeats.
func TestRandomPatches(t *testing.T) {
	g := indexImage(6, 8)
	ps, err := RandomPatches(g, 3, 2000, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]int]int{}
	for _, p := range ps {
		y, x := origin(t, p, 8, 3)
		seen[[2]int{y, x}]++
	}
	if len(seen) != 4*6 {
		t.Errorf("2,000 random 3×3 patches of a 6×8 image came from %d places, want all %d", len(seen), 4*6)
	}
	again, _ := RandomPatches(g, 3, 2000, rand.New(rand.NewPCG(1, 0)))
	for i := range ps {
		if !slices.Equal(ps[i].Pix, again[i].Pix) {
			t.Fatal("the same seed gave other patches")
		}
	}
	_, err = RandomPatches(g, 3, 5, nil)
	checkSentence(t, "RandomPatches with a nil rng", err)
	_, err = RandomPatches(g, 7, 5, rand.New(rand.NewPCG(1, 0)))
	checkSentence(t, "RandomPatches too big", err)
	_, err = RandomPatches(g, 3, -1, rand.New(rand.NewPCG(1, 0)))
	checkSentence(t, "RandomPatches negative count", err)
}

func TestStackAndImage(t *testing.T) {
	g := indexImage(2, 2)
	x, err := Stack([]Grey{g, g})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{0, 0.01, 0.02, 0.03, 0, 0.01, 0.02, 0.03}; !slices.Equal(x, want) {
		t.Errorf("Stack = %v, want %v", x, want)
	}
	_, err = Stack(nil)
	checkSentence(t, "Stack of nothing", err)
	_, err = Stack([]Grey{g, indexImage(2, 3)})
	checkSentence(t, "Stack of two sizes", err)

	img := Grey{Height: 1, Width: 4, Pix: []float32{-0.5, 0, 0.5, 1.5}}.Image()
	if want := []uint8{0, 0, 128, 255}; !slices.Equal(img.Pix, want) || img.Bounds().Dx() != 4 || img.Bounds().Dy() != 1 {
		t.Errorf("Image = %v (%v), want %v", img.Pix, img.Bounds(), want)
	}
	if _, err := NewGrey(0, 3); err == nil {
		t.Error("NewGrey(0, 3): no error")
	}
}

// TestAddGaussianNoiseStatistics checks the added noise on 200,000 values of
// 0.5 with σ = 0.1 (clipping at 5σ is negligible): its mean within 1e-3 of 0
// (4 standard errors) and its standard deviation within 7e-4 of 0.1 (about
// 4 standard errors), and its share beyond 2σ within 0.002 of a Gaussian's
// 0.0455 (4 standard errors; uniform noise of the same σ has none).
func TestAddGaussianNoiseStatistics(t *testing.T) {
	const n, sigma = 200_000, 0.1
	x := make([]float32, n)
	for i := range x {
		x[i] = 0.5
	}
	out, err := AddGaussianNoise(x, sigma, rand.New(rand.NewPCG(7, 0)))
	if err != nil {
		t.Fatal(err)
	}
	var sum, sumSq float64
	tail := 0
	for i, v := range out {
		if x[i] != 0.5 {
			t.Fatal("AddGaussianNoise changed its input")
		}
		d := float64(v) - 0.5
		sum += d
		sumSq += d * d
		if math.Abs(d) > 2*sigma {
			tail++
		}
	}
	mean := sum / n
	std := math.Sqrt(sumSq/n - mean*mean)
	if math.Abs(mean) > 1e-3 {
		t.Errorf("mean of the noise %.5f, want 0 ± 0.001", mean)
	}
	if math.Abs(std-sigma) > 7e-4 {
		t.Errorf("standard deviation of the noise %.5f, want %g ± 0.0007", std, sigma)
	}
	if f := float64(tail) / n; math.Abs(f-0.0455) > 0.002 {
		t.Errorf("%.4f of the noise beyond 2σ, want a Gaussian's 0.0455 ± 0.002", f)
	}
}

// TestAddGaussianNoiseClips checks that values stay in [0, 1] and that, at
// 0 and 1, half the noise is clipped away (0.5 ± 0.01, 4.5 standard errors).
func TestAddGaussianNoiseClips(t *testing.T) {
	const n = 40_000
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i % 2) // 0, 1, 0, 1, …
	}
	out, err := AddGaussianNoise(x, 0.3, rand.New(rand.NewPCG(8, 0)))
	if err != nil {
		t.Fatal(err)
	}
	atEdge := 0
	for i, v := range out {
		if v < 0 || v > 1 {
			t.Fatalf("value %d is %v, outside [0, 1]", i, v)
		}
		if v == x[i] {
			atEdge++
		}
	}
	if f := float64(atEdge) / n; math.Abs(f-0.5) > 0.01 {
		t.Errorf("%.4f of the values at 0 or 1 were clipped back there, want 0.5 ± 0.01", f)
	}
	same, _ := AddGaussianNoise(x, 0, rand.New(rand.NewPCG(8, 0)))
	if !slices.Equal(same, x) {
		t.Error("σ = 0 changed the values")
	}
	for _, s := range []float64{-0.1, math.NaN(), math.Inf(1)} {
		_, err := AddGaussianNoise(x, s, rand.New(rand.NewPCG(8, 0)))
		checkSentence(t, "AddGaussianNoise σ="+ftoa(s), err)
	}
	_, err = AddGaussianNoise(x, 0.1, nil)
	checkSentence(t, "AddGaussianNoise with a nil rng", err)
}

// TestMaskPixels checks, on 100,000 values, that the masked fraction is
// within 0.006 of the asked one (about 4 standard errors), that the other
// values are untouched, and the input too.
func TestMaskPixels(t *testing.T) {
	const n = 100_000
	x := make([]float32, n)
	for i := range x {
		x[i] = 0.25 + 0.5*float32(i%3)/2 // never 0
	}
	orig := slices.Clone(x)
	for _, fraction := range []float64{0, 0.1, 0.3, 0.75, 1} {
		out, err := MaskPixels(x, fraction, rand.New(rand.NewPCG(9, 0)))
		if err != nil {
			t.Fatal(err)
		}
		masked := 0
		for i, v := range out {
			switch v {
			case 0:
				masked++
			case x[i]:
			default:
				t.Fatalf("fraction %g: value %d became %v, neither 0 nor %v", fraction, i, v, x[i])
			}
		}
		if f := float64(masked) / n; math.Abs(f-fraction) > 0.006 {
			t.Errorf("fraction %g: %.4f of the values masked", fraction, f)
		}
	}
	if !slices.Equal(x, orig) {
		t.Error("MaskPixels changed its input")
	}
	for _, f := range []float64{-0.1, 1.1, math.NaN()} {
		_, err := MaskPixels(x, f, rand.New(rand.NewPCG(9, 0)))
		checkSentence(t, "MaskPixels fraction "+ftoa(f), err)
	}
	_, err := MaskPixels(x, 0.5, nil)
	checkSentence(t, "MaskPixels with a nil rng", err)
}
