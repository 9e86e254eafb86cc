package convolutions

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

var goBackend = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

func backend(t *testing.T) compute.Backend {
	t.Helper()
	b, err := goBackend()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The deck's slide: the kernel with a single 1 gives 42 at the centre, in
// plain Go and with nnlib/cnn's GoMLX convolution.
func TestDeck42(t *testing.T) {
	valid, err := Convolve2D(DeckImage, DeckKernel, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if valid[1][1] != 42 {
		t.Errorf("valid convolution, centre: %g, want 42", valid[1][1])
	}
	want := [][]float64{{40, 41, 45}, {40, 42, 46}, {46, 50, 55}}
	if MaxDiff(valid, want) != 0 {
		t.Errorf("valid convolution with the deck's kernel: %v, want %v", valid, want)
	}
	same, err := ApplyKernel(backend(t), Gray{Pixels: DeckImage}, DeckKernel)
	if err != nil {
		t.Fatal(err)
	}
	if same[2][2] != 42 || len(same) != 5 || len(same[0]) != 5 {
		t.Errorf("cnn.Conv2D with padding 1: %v, want 42 at the centre of a 5×5 output", same)
	}
}

// The deck's two kernels on the deck's 5×5 grid, computed by hand.
func TestDeckKernelsOnTheGrid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kernel [][]float64
		want   [][]float64
	}{
		// Centre: 42 + 46 + 55 + 56 − 4·50 = −1.
		{"edge detection", EdgeDetection, [][]float64{{8, 9, 10}, {0, -1, -11}, {2, 1, 9}}},
		// Centre: 50 − 46 = 4.
		{"edge enhance", EdgeEnhance, [][]float64{{0, 2, 4}, {4, 4, 5}, {4, 4, 2}}},
	} {
		got, err := Convolve2D(DeckImage, tc.kernel, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if MaxDiff(got, tc.want) != 0 {
			t.Errorf("%s, plain Go: %v, want %v", tc.name, got, tc.want)
		}
		same, err := ApplyKernel(backend(t), Gray{Pixels: DeckImage}, tc.kernel)
		if err != nil {
			t.Fatal(err)
		}
		inner := Grid(3, 3, func(r, c int) float64 { return same[r+1][c+1] })
		if MaxDiff(inner, tc.want) > 1e-4 {
			t.Errorf("%s, GoMLX: inner 3×3 %v, want %v", tc.name, inner, tc.want)
		}
	}
	// Stride 2 and padding 1, as in the figure.
	got, _ := Convolve2D(DeckImage, EdgeDetection, 2, 1)
	want := [][]float64{{-60, -37, -103}, {-34, -1, -53}, {-116, -74, -170}}
	if MaxDiff(got, want) != 0 {
		t.Errorf("edge detection, stride 2, padding 1: %v, want %v", got, want)
	}
}

// The photograph through the kernels: GoMLX agrees with plain Go.
func TestKernelsOnThePhoto(t *testing.T) {
	p, err := data.LoadPhoto(PhotoName)
	if err != nil {
		t.Fatal(err)
	}
	g := GrayOf(p)
	for _, k := range [][][]float64{EdgeDetection, EdgeEnhance} {
		got, err := ApplyKernel(backend(t), g, k)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Convolve2D(g.Pixels, k, 1, 1)
		if d := MaxDiff(got, want); d > 1e-5 {
			t.Errorf("GoMLX and plain Go differ by %g", d)
		}
	}
}

func TestMaxPoolAndOutputSize(t *testing.T) {
	got, _ := MaxPool(PoolGrid, 2, 2)
	if MaxDiff(got, [][]float64{{6, 5}, {9, 8}}) != 0 {
		t.Errorf("max-pool of the figure's grid: %v", got)
	}
	for _, tc := range [][5]int{{28, 3, 1, 0, 26}, {28, 3, 1, 1, 28}, {5, 3, 2, 1, 3}, {26, 2, 2, 0, 13}, {11, 2, 2, 0, 5}} {
		if got := cnn.OutputSize(tc[0], tc[1], tc[2], tc[3]); got != tc[4] {
			t.Errorf("cnn.OutputSize%v = %d, want %d", tc[:4], got, tc[4])
		}
	}
	if f := Flip([][]float64{{1, 2}, {3, 4}}); MaxDiff(f, [][]float64{{4, 3}, {2, 1}}) != 0 {
		t.Errorf("Flip: %v", f)
	}
}

func TestConvolutionCheck(t *testing.T) {
	solution := func(img, kernel [][]float64) [][]float64 {
		out, _ := Convolve2D(img, kernel, 1, 0)
		return out
	}
	if err := ConvolutionError(solution); err != nil {
		t.Errorf("the solution is refused: %v", err)
	}
	checktest.WantHint(t, "blank", ConvolutionError(func(img, kernel [][]float64) [][]float64 { return nil }), "fill in the blank")
	checktest.WantHint(t, "flipped", ConvolutionError(func(img, kernel [][]float64) [][]float64 {
		out, _ := Convolve2D(img, Flip(kernel), 1, 0)
		return out
	}), "flipped the kernel")
	checktest.WantHint(t, "same size", ConvolutionError(func(img, kernel [][]float64) [][]float64 {
		out, _ := Convolve2D(img, kernel, 1, 1)
		return out
	}), "as large as the image")
	checktest.WantHint(t, "off by one", ConvolutionError(func(img, kernel [][]float64) [][]float64 {
		out := solution(img, kernel)
		out = out[:len(out)-1]
		for r := range out {
			out[r] = out[r][:len(out[r])-1]
		}
		return out
	}), "off by one")
	checktest.WantHint(t, "index out of range", ConvolutionError(func(img, kernel [][]float64) [][]float64 {
		_ = img[len(img)]
		return nil
	}), "stopped with")
	checktest.WantHint(t, "wrong values", ConvolutionError(func(img, kernel [][]float64) [][]float64 {
		out := solution(img, kernel)
		out[0][0]++
		return out
	}), "at output (0, 0)")
}

func TestOutputSizeCheck(t *testing.T) {
	solution := func(n, k, s, p int) int { return (n+2*p-k)/s + 1 } // The notebook's.
	if err := OutputSizeError(solution); err != nil {
		t.Errorf("the solution is refused: %v", err)
	}
	checktest.Hints(t, OutputSizeError, []checktest.Wrong[func(n, k, s, p int) int]{
		{Name: "blank", Answer: func(n, k, s, p int) int { return 0 }, Hint: "fill in the blank"},
		{Name: "no padding", Answer: func(n, k, s, p int) int { return (n-k)/s + 1 }, Hint: "forget the padding"},
		{Name: "padding once", Answer: func(n, k, s, p int) int { return (n+p-k)/s + 1 }, Hint: "both sides"},
		{Name: "no +1", Answer: func(n, k, s, p int) int { return (n + 2*p - k) / s }, Hint: "off by one"},
		{Name: "ceil", Answer: func(n, k, s, p int) int { return int(math.Ceil(float64(n+2*p-k)/float64(s))) + 1 }, Hint: "round down"},
		{Name: "no stride", Answer: func(n, k, s, p int) int { return n + 2*p - k + 1 }, Hint: "ignore the stride"},
		{Name: "other", Answer: func(n, k, s, p int) int { return n }, Hint: "want ⌊(n + 2·padding − k)/stride⌋ + 1"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

func TestMaxPoolCheck(t *testing.T) {
	solution := func(img [][]float64) [][]float64 {
		out, _ := MaxPool(img, 2, 2)
		return out
	}
	if err := MaxPoolError(solution); err != nil {
		t.Errorf("the solution is refused: %v", err)
	}
	checktest.WantHint(t, "blank", MaxPoolError(func(img [][]float64) [][]float64 { return nil }), "fill in the blank")
	checktest.WantHint(t, "overlapping", MaxPoolError(func(img [][]float64) [][]float64 {
		out, _ := MaxPool(img, 2, 1)
		return out
	}), "overlap")
	checktest.WantHint(t, "mean", MaxPoolError(func(img [][]float64) [][]float64 {
		return Grid(len(img)/2, len(img[0])/2, func(r, c int) float64 {
			return (img[2*r][2*c] + img[2*r][2*c+1] + img[2*r+1][2*c] + img[2*r+1][2*c+1]) / 4
		})
	}), "average pooling")
	checktest.WantHint(t, "min", MaxPoolError(func(img [][]float64) [][]float64 {
		return Grid(len(img)/2, len(img[0])/2, func(r, c int) float64 {
			return min(img[2*r][2*c], img[2*r][2*c+1], img[2*r+1][2*c], img[2*r+1][2*c+1])
		})
	}), "smallest")
	checktest.WantHint(t, "top-left", MaxPoolError(func(img [][]float64) [][]float64 {
		return Grid(len(img)/2, len(img[0])/2, func(r, c int) float64 { return img[2*r][2*c] })
	}), "top-left")
	checktest.WantHint(t, "partial window", MaxPoolError(func(img [][]float64) [][]float64 {
		return Grid((len(img)+1)/2, (len(img[0])+1)/2, func(r, c int) float64 {
			m := img[2*r][2*c]
			for i := 2 * r; i < min(2*r+2, len(img)); i++ {
				for j := 2 * c; j < min(2*c+2, len(img[0])); j++ {
					m = max(m, img[i][j])
				}
			}
			return m
		})
	}), "incomplete")
}

func TestFiguresRender(t *testing.T) {
	for name, build := range map[string]func() (*plot.Plot, error){
		"convolution example": FigureConvolutionExample, "stride and padding": FigureStridePadding,
		"pooling": FigurePooling, "photo channels": FigurePhotoChannels, "edge kernels": FigureEdgeKernels,
	} {
		p, err := build()
		if err == nil {
			err = plots.CheckRenders(p)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if h := PhotoChannelsHeight(); h <= 0 || EdgeKernelsHeight() <= 0 {
		t.Errorf("figure heights: %v, %v", h, EdgeKernelsHeight())
	}
}

// TestQuickRun runs what the notebook does in quick mode: train the CNN and
// the MLP on 3,000 images, then look inside the CNN.
func TestQuickRun(t *testing.T) {
	t.Setenv(nnlib.QuickEnv, "1")
	run := TheRun()
	if !run.Quick || run.Train != 3000 || !strings.Contains(run.Describe(), "QUICK") {
		t.Fatalf("quick run: %+v", run)
	}
	if err := CheckTarget(run, 0.5); err != nil {
		t.Errorf("the quick run has no target: %v", err)
	}
	if err := CheckTarget(fullRun, 0.9); err == nil {
		t.Errorf("the full run must reach %g", Target)
	}
	train, validation, test, err := run.Fashion()
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 3000 || validation.Len() != 1000 || test.Len() != 2000 {
		t.Fatalf("parts of %d, %d, %d images", train.Len(), validation.Len(), test.Len())
	}
	b := backend(t)
	trained, err := run.TrainCNN(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acc := trained.TestAccuracy; acc < 0.6 || math.Abs(acc-trained.FinalAccuracy()) > 0.1 {
		t.Errorf("quick CNN: test accuracy %.3f, validation %.3f", acc, trained.FinalAccuracy())
	}
	if acc, err := trained.Net.Accuracy(b, test, run.CNN.Formulation); err != nil || acc != trained.TestAccuracy {
		t.Errorf("the test accuracy recorded is %.4f, the trained network's %.4f (%v)", trained.TestAccuracy, acc, err)
	}
	m, err := run.TrainMLP(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.Accuracy < 0.5 || MLPParams(run.MLP.Sizes) != 101770 {
		t.Errorf("quick MLP: accuracy %.3f, %d weights", m.Accuracy, MLPParams(run.MLP.Sizes))
	}
	if _, err := FiltersFigure(trained.Net); err != nil {
		t.Error(err)
	}
	acts, err := trained.Net.Activations(b, test, []int{0}, cnn.Auto)
	if err != nil || len(acts) != 1 || len(acts[0]) != 4 || len(acts[0][2].Maps) != 64 || len(acts[0][2].Maps[0]) != 14 {
		t.Fatalf("activations: %v", err)
	}
	patches, err := trained.Net.TopPatches(b, validation, "conv2", EvenlySpaced(8, 64), 9, cnn.Auto)
	if err != nil || len(patches) != 8 || len(patches[0]) != 9 || patches[0][0].Size != 8 {
		t.Fatalf("top patches: %v", err)
	}
	if images := PatchImages(patches); len(images) != 72 || images[0].Label != "map 1" {
		t.Errorf("patch images: %d, first %q", len(images), images[0].Label)
	}
	mistakes, err := Mistakes(b, trained.Net, test, 8)
	if err != nil || len(mistakes) != 8 || !mistakes[0].Mistake() {
		t.Errorf("mistakes: %d, %v", len(mistakes), err)
	}
}

func TestConvPoolShapeCheck(t *testing.T) {
	solution := func(h, w, c, filters, p int) (int, int, int) {
		return cnn.OutputSize(h, 3, 1, p) / 2, cnn.OutputSize(w, 3, 1, p) / 2, filters
	}
	if err := ConvPoolShapeError(solution); err != nil {
		t.Errorf("the solution is refused: %v", err)
	}
	checktest.Hints(t, ConvPoolShapeError, []checktest.Wrong[func(h, w, c, f, p int) (int, int, int)]{
		{Name: "blank", Answer: func(h, w, c, f, p int) (int, int, int) { return h, w, c }, Hint: "fill in the blank"},
		{Name: "depth kept", Answer: func(h, w, c, f, p int) (int, int, int) { return (h + 2*p - 2) / 2, (w + 2*p - 2) / 2, c }, Hint: "number of filters"},
		{Name: "depth pooled", Answer: func(h, w, c, f, p int) (int, int, int) { return (h + 2*p - 2) / 2, (w + 2*p - 2) / 2, f / 2 }, Hint: "not the depth"},
		{Name: "no pooling", Answer: func(h, w, c, f, p int) (int, int, int) { return h + 2*p - 2, w + 2*p - 2, f }, Hint: "after the convolution"},
		{Name: "rounded up", Answer: func(h, w, c, f, p int) (int, int, int) { return (h + 2*p - 1) / 2, (w + 2*p - 1) / 2, f }, Hint: "round down"},
		{Name: "padding ignored", Answer: func(h, w, c, f, p int) (int, int, int) { return (h - 2) / 2, (w - 2) / 2, f }, Hint: "ignore the padding"},
		{Name: "same size without padding", Answer: func(h, w, c, f, p int) (int, int, int) { return h / 2, w / 2, f }, Hint: "loses a pixel on each side"},
		{Name: "other", Answer: func(h, w, c, f, p int) (int, int, int) { return 1, 1, f }, Hint: "the convolution first"},
		{Name: "nil", Answer: nil, Hint: "nil"},
	})
}

func TestHardestClasses(t *testing.T) {
	counts := [][]int{
		{8, 2, 0}, // 80% right, confused with 1
		{0, 5, 5}, // 50% right, confused with 2
		{1, 0, 9}, // 90% right, confused with 0
	}
	got := HardestClasses(counts, 2)
	if len(got) != 2 || got[0].Class != 1 || got[0].Confused != 2 || got[0].Count != 5 || got[0].Accuracy != 0.5 ||
		got[1].Class != 0 || got[1].Confused != 1 || got[1].Accuracy != 0.8 {
		t.Errorf("HardestClasses = %+v, want class 1 (50%%, taken for 2 five times), then class 0 (80%%, taken for 1)", got)
	}
}

func TestMostActiveAndDim(t *testing.T) {
	fm := cnn.FeatureMaps{Maps: [][][]float64{
		{{0, 0}, {0, 0}},
		{{1, 1}, {1, 1}},
		{{0, 3}, {0, 0}},
	}}
	if got := MostActive(fm, 2); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("MostActive = %v, want [1 2] (means 1 and 0.75)", got)
	}
	if got := Dim(fm, 0.1); got != 1 {
		t.Errorf("Dim(0.1) = %d, want 1 (the map of zeros)", got)
	}
	if got := Dim(fm, 0.5); got != 2 {
		t.Errorf("Dim(0.5) = %d, want 2 (peaks 0 and 1 are below half of 3)", got)
	}
}
