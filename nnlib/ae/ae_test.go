package ae

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"gonum.org/v1/gonum/mat"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
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

// lowRank returns n images of dim values near a rank-r subspace: r random
// directions with decreasing scales, plus a little noise, around a mean.
func lowRank(n, dim, r int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	dirs := make([][]float64, r)
	for k := range dirs {
		dirs[k] = make([]float64, dim)
		for j := range dirs[k] {
			dirs[k][j] = rng.NormFloat64() / math.Sqrt(float64(dim))
		}
	}
	x := make([]float32, n*dim)
	for i := range n {
		for j := range dim {
			x[i*dim+j] = 0.5 + 0.01*float32(rng.NormFloat64())
		}
		for k := range r {
			c := rng.NormFloat64() / float64(k+1)
			for j := range dim {
				x[i*dim+j] += float32(c * dirs[k][j])
			}
		}
	}
	return x
}

// TestPCAMatchesSVD checks FitPCA's components and variances against the
// singular value decomposition of the centred data (gonum's SVD, not the
// eigendecomposition FitPCA uses), and the reconstruction error against the
// closed form: the variance left in the dropped components.
func TestPCAMatchesSVD(t *testing.T) {
	const n, dim, k = 400, 12, 4
	x := lowRank(n, dim, 6, 3)
	p, err := FitPCA(x, dim, dim)
	if err != nil {
		t.Fatal(err)
	}
	m := mat.NewDense(n, dim, nil)
	for i := range n {
		for j := range dim {
			m.Set(i, j, float64(x[i*dim+j])-p.Mean[j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	sv := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	for c := range dim {
		want := sv[c] * sv[c] / (n - 1)
		if math.Abs(p.Variances[c]-want) > 1e-9*math.Max(1, want) {
			t.Errorf("variance %d: %g, SVD gives %g", c, p.Variances[c], want)
		}
	}
	for c := range k { // Each component equals the SVD's right singular vector, up to sign.
		cos := math.Abs(dot(p.Components[c], mat.Col(nil, c, &v)))
		if math.Abs(cos-1) > 1e-6 {
			t.Errorf("component %d: |cos| with the SVD's vector is %.8f", c, cos)
		}
	}
	p4, err := FitPCA(x, dim, k)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := p4.Reconstruct(x, k)
	if err != nil {
		t.Fatal(err)
	}
	var dropped float64
	for c := k; c < dim; c++ {
		dropped += p.Variances[c]
	}
	want := dropped * (n - 1) / n / dim // Mean over images and values.
	if got := MSE(rec, x); math.Abs(got-want) > 1e-5*want {
		t.Errorf("reconstruction MSE %g, the dropped variance gives %g", got, want)
	}
	if _, err := FitPCA(x, dim, dim+1); err == nil {
		t.Error("more components than values accepted")
	}
	if _, err := p4.Encode(x, k+1); err == nil {
		t.Error("more components than fitted accepted")
	}
}

// TestSubspaceOverlap checks the overlap on known subspaces: the same span
// in another basis (1), orthogonal spans (0), and one shared direction of
// two (1/2).
func TestSubspaceOverlap(t *testing.T) {
	e := func(i int) []float64 { v := make([]float64, 5); v[i] = 1; return v }
	mixed := [][]float64{{1, 1, 0, 0, 0}, {2, -3, 0, 0, 0}}
	for _, c := range []struct {
		a, b [][]float64
		want float64
	}{
		{[][]float64{e(0), e(1)}, mixed, 1},
		{[][]float64{e(0), e(1)}, [][]float64{e(2), e(3)}, 0},
		{[][]float64{e(0), e(1)}, [][]float64{e(1), e(4)}, 0.5},
	} {
		got, err := SubspaceOverlap(c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("overlap %g, want %g", got, c.want)
		}
	}
}

// TestLinearAutoencoderFindsPCA trains a linear autoencoder d → 3 → d on
// data near a rank-3 subspace: its decoder must span PCA's first three
// components (Baldi and Hornik), and its error come close to PCA's, which
// no linear code of 3 can beat.
func TestLinearAutoencoderFindsPCA(t *testing.T) {
	const n, side, k = 2048, 4, 3
	dim := side * side
	x := lowRank(n, dim, k, 5)
	d := &data.Dataset{Name: "low rank", X: x, Shape: []int{side, side, 1}}
	a := Arch{Height: side, Width: side, Channels: 1, Kind: Dense, Code: k, Linear: true}
	res, err := Fit(goBackend(t), Config{Arch: a, Steps: 3000, BatchSize: 256, LearningRate: 0.01, Seed: 1}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := FitPCA(x, dim, k)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := res.Net.DecoderColumns()
	if err != nil {
		t.Fatal(err)
	}
	ov, err := SubspaceOverlap(cols, p.Components)
	if err != nil {
		t.Fatal(err)
	}
	if ov < 0.99 {
		t.Errorf("the decoder's span overlaps PCA's by %.4f, want ≥ 0.99", ov)
	}
	out, err := res.Net.Reconstruct(goBackend(t), x, cnn.Auto)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := p.Reconstruct(x, k)
	ae, best := MSE(out, x), MSE(rec, x)
	mean := make([]float32, len(x))
	for i := range mean {
		mean[i] = float32(p.Mean[i%dim])
	}
	total := MSE(mean, x) // The error of coding nothing: the variance per value.
	if ae < best*0.999 || ae-best > 0.01*total {
		t.Errorf("linear autoencoder MSE %g, PCA's %g, the variance %g: want at most 1%% of the variance above PCA's (and not below it)", ae, best, total)
	}
}

// TestConvAutoencoders trains each kind of convolutional autoencoder a
// little on Fashion-MNIST and checks that the loss falls, that decoding the
// codes gives the reconstructions, and that the shapes are right.
func TestConvAutoencoders(t *testing.T) {
	full, err := data.FashionMNIST(data.Train)
	if err != nil {
		t.Skip(err)
	}
	train, err := full.Head(1024)
	if err != nil {
		t.Fatal(err)
	}
	b := goBackend(t)
	for _, dk := range []DecoderKind{Mirror, Upsample, OneDense} {
		a := ConvArch(4, dk)
		res, err := Fit(b, Config{Arch: a, Steps: 60, LearningRate: 0.003, Seed: 1, Noise: 0.1, Mask: 0.1}, train, nil)
		if err != nil {
			t.Fatalf("%v: %v", dk, err)
		}
		l := res.History.Loss
		first, last := mean(l[:5]), mean(l[len(l)-5:])
		if !(last < 0.8*first) {
			t.Errorf("%v: loss %.4f → %.4f, want a fall of 20%% or more", dk, first, last)
		}
		x := train.X[:7*784]
		codes, err := res.Net.Encode(b, x, cnn.Auto)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 7*7*7*4 {
			t.Fatalf("%v: %d code values for 7 images, want 7·196", dk, len(codes))
		}
		dec, err := res.Net.Decode(b, codes, cnn.Auto)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := res.Net.Reconstruct(b, x, cnn.Auto)
		if err != nil {
			t.Fatal(err)
		}
		if diff := maxDiff(dec, rec); diff > 1e-6 {
			t.Errorf("%v: decoding the codes differs from the reconstruction by %g", dk, diff)
		}
		for _, v := range rec {
			if v < 0 || v > 1 {
				t.Fatalf("%v: output %g outside the sigmoid's [0, 1]", dk, v)
			}
		}
	}
}

// TestFullyConvolutional runs the weights of a convolutional autoencoder
// trained on 8×8 images on a 16×24 one (they have only convolutions), and
// checks that a decoder with a dense layer, tied to its image size, is
// refused.
func TestFullyConvolutional(t *testing.T) {
	a := Arch{Height: 8, Width: 8, Channels: 1, Kind: Conv, Hidden: []int{3}, Code: 2, Decoder: Mirror}
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 64*64)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	d := &data.Dataset{Name: "noise", X: x, Shape: []int{8, 8, 1}}
	res, err := Fit(goBackend(t), Config{Arch: a, Steps: 3, BatchSize: 16, Seed: 1}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := res.Net
	big.Arch.Height, big.Arch.Width = 16, 24
	out, err := big.Reconstruct(goBackend(t), x[:16*24], cnn.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 16*24 {
		t.Fatalf("%d output values for a 16×24 image", len(out))
	}
	big.Arch.Decoder = OneDense
	if _, err := big.Reconstruct(goBackend(t), x[:16*24], cnn.Auto); err == nil {
		t.Error("a decoder with a dense layer ran on another image size")
	}
}

func TestFitErrors(t *testing.T) {
	d := &data.Dataset{Name: "tiny", X: make([]float32, 4*784), Shape: []int{28, 28, 1}}
	b := goBackend(t)
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Arch: DenseArch(0, 16), Epochs: 1}, "code"},
		{Config{Arch: DenseArch(4), Epochs: 0}, "Epochs or Steps"},
		{Config{Arch: DenseArch(4), Epochs: 1, Mask: 1}, "Mask"},
		{Config{Arch: Arch{Height: 30, Width: 30, Channels: 1, Kind: Conv, Hidden: []int{4}, Code: 2}, Epochs: 1}, "multiples of 4"},
		{Config{Arch: ConvArch(4, Mirror), Epochs: 1}, ""},
	} {
		_, err := Fit(b, c.cfg, d, nil)
		if c.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.cfg.Arch, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one about %q", c.cfg.Arch, err, c.want)
		}
	}
	other := &data.Dataset{Name: "small images", X: make([]float32, 4*16), Shape: []int{4, 4, 1}}
	if _, err := Fit(b, Config{Arch: DenseArch(4), Epochs: 1}, other, nil); err == nil || !strings.Contains(err.Error(), "28×28×1") {
		t.Errorf("wrong image size: %v", err)
	}
}

func TestCorruptLeavesInput(t *testing.T) {
	x := []float32{0.1, 0.5, 0.9, 0.3}
	orig := append([]float32(nil), x...)
	out, err := Corrupt(x, 0.2, 0.5, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if maxDiff(x, orig) != 0 {
		t.Error("Corrupt changed its input")
	}
	if maxDiff(out, orig) == 0 {
		t.Error("Corrupt changed nothing")
	}
	if _, err := Corrupt(x, -1, 0, rand.New(rand.NewPCG(1, 2))); err == nil {
		t.Error("negative noise accepted")
	}
}

func TestPSNRAndMSE(t *testing.T) {
	if got := MSE([]float32{0, 1}, []float32{0.5, 0.5}); got != 0.25 {
		t.Errorf("MSE %g, want 0.25", got)
	}
	if got := PSNR(0.01); math.Abs(got-20) > 1e-12 {
		t.Errorf("PSNR(0.01) = %g, want 20 dB", got)
	}
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func maxDiff(a, b []float32) float64 {
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(float64(a[i])-float64(b[i])))
	}
	return m
}

func TestArchString(t *testing.T) {
	for _, c := range []struct {
		a    Arch
		want string
	}{
		{DenseArch(32, 256), "dense 784 → 256 → 32 → 256 → 784, ReLU, sigmoid output"},
		{Arch{Height: 28, Width: 28, Channels: 1, Kind: Dense, Code: 16, Linear: true}, "dense 784 → 16 → 784, linear (no activation)"},
		{ConvArch(4, Mirror), "conv 28×28×1 → 16 → 4 (code 7×7×4), decoder mirrored (transposed convolutions)"},
	} {
		if got := c.a.String(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

// TestDenseSizeRefused: a dense autoencoder's weights are tied to its image
// size; run on other images they are refused with a sentence.
func TestDenseSizeRefused(t *testing.T) {
	d := &data.Dataset{Name: "blank", X: make([]float32, 8*784), Shape: []int{28, 28, 1}}
	res, err := Fit(goBackend(t), Config{Arch: DenseArch(2, 8), Steps: 1, BatchSize: 8}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	small := res.Net
	small.Arch.Height = 14
	if _, err := small.Reconstruct(goBackend(t), make([]float32, 392), cnn.Auto); err == nil || !strings.Contains(err.Error(), "trained for other images") {
		t.Errorf("a 28×28 dense autoencoder on 14×28 images: %v", err)
	}
}
