package autoenc

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"

	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/imaging"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

var sharedGo = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

func goBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := sharedGo()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPSNRCheck runs the PSNR check on the right answer, on each usual
// mistake (each must get its own hint) and on a function that panics.
func TestPSNRCheck(t *testing.T) {
	if err := PSNRError(psnrReference); err != nil {
		t.Fatalf("the reference is refused: %v", err)
	}
	mse := func(c, x []float32) float64 { return meanSq(c, x) }
	for _, c := range []struct {
		name string
		f    PSNRFunc
		hint string
	}{
		{"the MSE", func(c, x []float32) float64 { return mse(c, x) }, "that is the mean squared error"},
		{"log of the MSE", func(c, x []float32) float64 { return 10 * math.Log10(mse(c, x)) }, "the sign is flipped"},
		{"20 log", func(c, x []float32) float64 { return 20 * math.Log10(1/mse(c, x)) }, "20·log₁₀ goes with the root"},
		{"root", func(c, x []float32) float64 { return 10 * math.Log10(1/math.Sqrt(mse(c, x))) }, "root mean squared error with 10"},
		{"sum", func(c, x []float32) float64 { return 10 * math.Log10(1/(mse(c, x)*float64(len(c)))) }, "the MSE is a mean"},
		{"ln", func(c, x []float32) float64 { return 10 * math.Log(1/mse(c, x)) }, "log₁₀"},
		{"absolute", func(c, x []float32) float64 {
			var s float64
			for i := range c {
				s += math.Abs(float64(c[i]) - float64(x[i]))
			}
			return 10 * math.Log10(float64(len(c))/s)
		}, "square the differences"},
		{"blank", func(c, x []float32) float64 { return 0 }, "then 10·log₁₀(1/MSE)"},
		{"changes input", func(c, x []float32) float64 { p := psnrReference(c, x); c[0] = 7; return p }, "changes the images"},
		{"finite for identical", func(c, x []float32) float64 {
			if meanSq(c, x) == 0 {
				return 99
			}
			return psnrReference(c, x)
		}, "infinite PSNR"},
		{"panics", func(c, x []float32) float64 { return float64(c[len(c)+1]) }, "your function stopped"},
	} {
		err := PSNRError(c.f)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: hint %q, want one with %q", c.name, err, c.hint)
		}
	}
}

// TestMaskCheck runs the masking check on the right answer and on the usual
// mistakes.
func TestMaskCheck(t *testing.T) {
	right := func(x []float32, f float64, rng *rand.Rand) []float32 {
		out, err := imaging.MaskPixels(x, f, rng)
		if err != nil {
			panic(err)
		}
		return out
	}
	if err := MaskError(right); err != nil {
		t.Fatalf("imaging.MaskPixels is refused: %v", err)
	}
	for _, c := range []struct {
		name string
		f    MaskFunc
		hint string
	}{
		{"blank", func(x []float32, f float64, rng *rand.Rand) []float32 { return make([]float32, len(x)) }, "want 25%"},
		{"in place", func(x []float32, f float64, rng *rand.Rand) []float32 {
			for i := range x {
				if rng.Float64() < f {
					x[i] = 0
				}
			}
			return x
		}, "changes its input"},
		{"inverted", func(x []float32, f float64, rng *rand.Rand) []float32 {
			out := make([]float32, len(x))
			for i, v := range x {
				if rng.Float64() < f {
					out[i] = v
				}
			}
			return out
		}, "you mask the ones you should keep"},
		{"ones", func(x []float32, f float64, rng *rand.Rand) []float32 {
			out := append([]float32(nil), x...)
			for i := range out {
				if rng.Float64() < f {
					out[i] = 1
				}
			}
			return out
		}, "not 1"},
		{"scaled", func(x []float32, f float64, rng *rand.Rand) []float32 {
			out := append([]float32(nil), x...)
			for i := range out {
				out[i] *= float32(1 - f)
			}
			return out
		}, "neither kept nor 0"},
		{"short", func(x []float32, f float64, rng *rand.Rand) []float32 { return x[:10] }, "same length"},
		{"panics", func(x []float32, f float64, rng *rand.Rand) []float32 { return []float32{x[len(x)]} }, "your function stopped"},
	} {
		err := MaskError(c.f)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: hint %q, want one with %q", c.name, err, c.hint)
		}
	}
}

// TestTransposedExample checks the lesson's 4×4 example against the sums
// worked out by hand from the definition: the 1 at (0, 0) leaves the
// kernel's bottom-right 2×2, the 2 at (1, 1) twice the kernel centred on
// (2, 2).
func TestTransposedExample(t *testing.T) {
	out, err := TransposedExample(goBackend(t), [][]float64{{1, 0}, {0, 2}}, [][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{5, 6, 0, 0},
		{8, 9 + 2, 2 * 2, 2 * 3},
		{0, 2 * 4, 2 * 5, 2 * 6},
		{0, 2 * 7, 2 * 8, 2 * 9},
	}
	for r := range want {
		for c := range want[r] {
			if math.Abs(out[r][c]-want[r][c]) > 1e-12 {
				t.Fatalf("output %v, want %v", out, want)
			}
		}
	}
}

func TestFewLabelsAndFirstOfEach(t *testing.T) {
	d := &data.Dataset{Name: "toy", X: make([]float32, 9), Shape: []int{1}, Labels: []int{2, 0, 0, 1, 2, 0, 1, 2, 1}}
	idx, err := FewLabels(d, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 1, 2, 3, 4, 6}
	if len(idx) != len(want) {
		t.Fatalf("indexes %v, want %v", idx, want)
	}
	for i := range want {
		if idx[i] != want[i] {
			t.Fatalf("indexes %v, want %v", idx, want)
		}
	}
	if _, err := FewLabels(d, 4); err == nil {
		t.Error("4 labels per class accepted from 3")
	}
	if got := FirstOfEachClass(d); got[0] != 1 || got[1] != 3 || got[2] != 0 {
		t.Errorf("first of each class %v, want [1 3 0]", got)
	}
}

func TestBlendAndGrid(t *testing.T) {
	b := Blend([]float32{0, 10}, []float32{4, 2}, 3)
	want := []float32{0, 10, 2, 6, 4, 2}
	for i := range want {
		if math.Abs(float64(b[i]-want[i])) > 1e-6 {
			t.Fatalf("blend %v, want %v", b, want)
		}
	}
	g := CodeGrid(3, -1, 1)
	// Row by row from the top: y = 1, 0, −1; x = −1, 0, 1.
	if g[0] != -1 || g[1] != 1 || g[4] != 1 || g[5] != 1 || g[16] != 1 || g[17] != -1 {
		t.Errorf("grid %v", g)
	}
	lo, hi := Percentiles([]float32{5, 1, 3, 2, 4}, 0.25)
	if lo != 2 || hi != 4 {
		t.Errorf("quartiles %g, %g, want 2, 4", lo, hi)
	}
}

// TestLatentFigure checks the scatter's data: one scatter per class with its
// points, a label per class at its median, and equal ranges on both axes.
func TestLatentFigure(t *testing.T) {
	codes := []float32{0, 0, 1, 1, 10, 0, 11, 2, 12, 1}
	labels := []int{0, 0, 1, 1, 1}
	p, err := LatentFigure("codes", codes, labels, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Max-p.X.Min != p.Y.Max-p.Y.Min {
		t.Errorf("x spans %g, y %g: want equal", p.X.Max-p.X.Min, p.Y.Max-p.Y.Min)
	}
	if p.X.Min > 0 || p.X.Max < 12 {
		t.Errorf("x from %g to %g leaves points out", p.X.Min, p.X.Max)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Fatal(err)
	}
	if _, err := LatentFigure("bad", codes[:3], labels, nil); err == nil {
		t.Error("odd number of code values accepted")
	}
}

func TestQualityFigure(t *testing.T) {
	p, err := QualityFigure("q", []Point{{"a", 4, 20}, {"a", 392, 14}, {"b", 4, 18}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min > 14 || p.Y.Max < 20 {
		t.Errorf("y from %g to %g leaves points out", p.Y.Min, p.Y.Max)
	}
	ticks := p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
	if len(ticks) != 2 || ticks[0].Label != "4×" || ticks[1].Label != "392×" {
		t.Errorf("ticks %+v, want 4× and 392×", ticks)
	}
	if _, err := QualityFigure("q", []Point{{"a", 0, 20}}); err == nil {
		t.Error("a compression of 0 accepted on a log axis")
	}
}

func TestImageRows(t *testing.T) {
	images, cols, err := ImageRows([]Row{{"one", make([]float32, 8)}, {"two", make([]float32, 8)}}, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if cols != 2 || len(images) != 4 || images[0].Label != "one" || images[1].Label != "" || images[2].Label != "two" {
		t.Errorf("%d columns, labels %q %q %q", cols, images[0].Label, images[1].Label, images[2].Label)
	}
	if _, _, err := ImageRows([]Row{{"one", make([]float32, 8)}, {"two", make([]float32, 4)}}, 2, 2); err == nil {
		t.Error("rows of different lengths accepted")
	}
}

// TestClassicalFilters checks ApplyFilter image by image and that the blur
// chosen is the best of BlurSigmas.
func TestClassicalFilters(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	clean := make([]float32, 3*28*28)
	for i := range clean {
		if (i/28)%28 > 8 && (i/28)%28 < 20 {
			clean[i] = 0.8
		}
	}
	noisy, err := imaging.AddGaussianNoise(clean, 0.3, rng)
	if err != nil {
		t.Fatal(err)
	}
	best, bestPSNR, err := BestBlur(clean, noisy, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range BlurSigmas {
		out, err := ApplyFilter(Blur(s), noisy, 28, 28)
		if err != nil {
			t.Fatal(err)
		}
		if q := QualityOf(clean, out); q.PSNR > bestPSNR+1e-9 {
			t.Errorf("σ = %g gives %.2f dB, more than the chosen %s's %.2f", s, q.PSNR, best.Name, bestPSNR)
		}
	}
	one, err := imaging.GaussianBlur(imaging.Grey{Height: 28, Width: 28, Pix: noisy[784:1568]}, 1)
	if err != nil {
		t.Fatal(err)
	}
	all, err := ApplyFilter(Blur(1), noisy, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range one.Pix {
		if all[784+i] != v {
			t.Fatal("ApplyFilter's second image differs from filtering it alone")
		}
	}
	if _, err := ApplyFilter(Median3(), noisy[:100], 28, 28); err == nil {
		t.Error("a partial image accepted")
	}
}

// TestDenoiseImage runs a small convolutional autoencoder on an image of
// another size and refuses one with a dense decoder.
func TestDenoiseImage(t *testing.T) {
	cfg := PhotoConfig()
	cfg.Steps = 2
	cfg.Arch.Hidden, cfg.Arch.Code = []int{2}, 2
	g := imaging.Grey{Height: 28, Width: 28, Pix: make([]float32, 784)}
	train := &data.Dataset{Name: "blank", X: make([]float32, 64*784), Shape: []int{28, 28, 1}}
	res, err := ae.Fit(goBackend(t), cfg, train, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := imaging.Grey{Height: 36, Width: 44, Pix: make([]float32, 36*44)}
	out, err := DenoiseImage(goBackend(t), res.Net, big)
	if err != nil {
		t.Fatal(err)
	}
	if out.Height != 36 || out.Width != 44 || len(out.Pix) != 36*44 {
		t.Errorf("output %d×%d (%d values)", out.Height, out.Width, len(out.Pix))
	}
	if _, err := DenoiseImage(goBackend(t), res.Net, imaging.Grey{Height: 30, Width: 30, Pix: make([]float32, 900)}); err == nil {
		t.Error("a 30×30 image accepted by two poolings")
	}
	res.Net.Arch.Decoder = ae.OneDense
	if _, err := DenoiseImage(goBackend(t), res.Net, g); err == nil {
		t.Error("a dense decoder accepted")
	}
}

// TestLoadData checks the split: sizes, no overlap between training and
// validation images.
func TestLoadData(t *testing.T) {
	d, err := LoadData()
	if err != nil {
		t.Skip(err)
	}
	if d.Train.Len() == 0 || d.Val.Len() == 0 || d.Test.Len() == 0 {
		t.Fatalf("sizes %d %d %d", d.Train.Len(), d.Val.Len(), d.Test.Len())
	}
	if d.Train.Len() > 50000 {
		t.Errorf("%d training images reach into the validation range", d.Train.Len())
	}
	ph, err := LoadPhoto()
	if err != nil {
		t.Fatal(err)
	}
	if ph.Left.Width != ph.Right.Width || ph.Left.Width%4 != 0 || ph.Right.Height%4 != 0 {
		t.Errorf("halves %d×%d and %d×%d", ph.Left.Height, ph.Left.Width, ph.Right.Height, ph.Right.Width)
	}
}
