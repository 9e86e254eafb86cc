package cnn

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// smallVGG is a VGG-style network small enough to run in a test: 16×16
// grey images, a block of one convolution of 4 filters and one of two of 8,
// a dense layer of 16 and 10 classes. Block 2's first convolution is not
// followed by a pooling, its second is: Model computes both ways.
func smallVGG(t *testing.T) Spec {
	t.Helper()
	s, err := VGGStyle(16, 16, 1, [][]int{{4}, {8, 8}}, []int{16}, 10)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// runSpec runs the model function fn of s on images with the variables of
// store (created, seeded, the first time), and returns the output.
func runSpec(t *testing.T, store *model.Store, fn func(*model.Scope, *graph.Node) *graph.Node, images *tensors.Tensor) *tensors.Tensor {
	t.Helper()
	exec, err := model.NewExec(goBackend(t), store, fn)
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Finalize()
	out, err := exec.Call1(images)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seededStore is an empty store whose random generator is seeded.
func seededStore(t *testing.T, seed int64) *model.Store {
	t.Helper()
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(seed); err != nil {
		t.Fatal(err)
	}
	return store
}

// TestSpecModelVariables checks that the model of a small VGG creates, in
// one scope per layer named as the layer, exactly the weights its LayerSpec
// counts, Params in all; that kernels start He-normal and biases at zero;
// and that it gives one row of logits per image.
func TestSpecModelVariables(t *testing.T) {
	s := smallVGG(t)
	store := seededStore(t, 3)
	images := randTensor(rand.New(rand.NewPCG(1, 1)), 2, 16, 16, 1)
	out := runSpec(t, store, s.Model(MatMul), images)
	if !slices.Equal(out.Shape().Dimensions, []int{2, 10}) {
		t.Errorf("logits of shape %s, want [2 10]", out.Shape())
	}
	perLayer := map[string]int{}
	total := 0
	values := map[string][]float64{}
	for v := range store.IterVariables() {
		if !v.Trainable {
			continue // The random generator's state.
		}
		path := strings.TrimPrefix(v.Path(), "/")
		layer, _, _ := strings.Cut(path, "/")
		perLayer[layer] += v.Shape().Size()
		total += v.Shape().Size()
		val, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		values[path] = tensors.MustCopyFlatData[float64](val)
	}
	for _, l := range s.Layers {
		if got := perLayer[l.Name]; got != l.Params {
			t.Errorf("layer %s: %d values in its scope, its spec counts %d", l.Name, got, l.Params)
		}
		delete(perLayer, l.Name)
	}
	if len(perLayer) > 0 {
		t.Errorf("scopes that are no layer of the spec: %v", perLayer)
	}
	if total != s.Params() {
		t.Errorf("the store holds %d trained values, the spec %d", total, s.Params())
	}
	// He-normal: standard deviation √(2/fan-in), mean 0; biases zero.
	for path, fanIn := range map[string]int{"block2_conv2/kernel": 3 * 3 * 8, "fc1/dense/weights": 4 * 4 * 8, "predictions/dense/weights": 16} {
		v := values[path]
		if len(v) == 0 {
			t.Errorf("no variable %s", path)
			continue
		}
		var sum, sq float64
		for _, x := range v {
			sum += x
			sq += x * x
		}
		mean := sum / float64(len(v))
		std := math.Sqrt(sq/float64(len(v)) - mean*mean)
		want := math.Sqrt(2 / float64(fanIn))
		if math.Abs(std-want) > 0.15*want || math.Abs(mean) > 0.15*want {
			t.Errorf("%s (%d values): mean %.3f, standard deviation %.3f; He-normal is 0 and %.3f", path, len(v), mean, std, want)
		}
	}
	for _, path := range []string{"block1_conv1/bias", "block2_conv1/bias", "fc1/dense/biases", "predictions/dense/biases"} {
		v, ok := values[path]
		if !ok || slices.ContainsFunc(v, func(x float64) bool { return x != 0 }) {
			t.Errorf("%s: %v, want zeros", path, v)
		}
	}
}

// TestSpecModelFusion checks that fusing each convolution with the pooling
// after it (ConvPool, then ReLU) gives what the layers give one after the
// other (Conv2D, bias, ReLU, MaxPool2D), on the same weights, in float64,
// with both formulations; and that the two formulations agree.
func TestSpecModelFusion(t *testing.T) {
	s := smallVGG(t)
	store := seededStore(t, 5)
	images := randTensor(rand.New(rand.NewPCG(2, 2)), 3, 16, 16, 1)
	// Create the weights, then give the biases random values: zero biases
	// would hide one left out.
	runSpec(t, store, s.Model(Native), images)
	rng := rand.New(rand.NewPCG(4, 4))
	biases := 0
	for v := range store.IterVariables() {
		if strings.HasSuffix(v.Path(), "/bias") || strings.HasSuffix(v.Path(), "/biases") {
			if err := v.SetValue(randTensor(rng, v.Shape().Dimensions...)); err != nil {
				t.Fatal(err)
			}
			biases++
		}
	}
	if biases != 5 {
		t.Fatalf("%d biases in the store, want 5", biases)
	}
	fused := map[Formulation]*tensors.Tensor{}
	for _, f := range []Formulation{Native, MatMul} {
		fused[f] = runSpec(t, store, s.model(f, true), images)
		apart := runSpec(t, store, s.model(f, false), images)
		diff, err := maxAbsDiff(fused[f], apart)
		if err != nil {
			t.Fatal(err)
		}
		if diff > 1e-12 {
			t.Errorf("%s: fused and separate layers differ by %.2e", f, diff)
		}
	}
	diff, err := maxAbsDiff(fused[Native], fused[MatMul])
	if err != nil {
		t.Fatal(err)
	}
	if diff > 1e-10 {
		t.Errorf("native and matmul differ by %.2e", diff)
	}
	// The logits are not all equal (the weights are not zero).
	v := tensors.MustCopyFlatData[float64](fused[MatMul])
	if slices.Min(v) == slices.Max(v) {
		t.Errorf("all logits are %g", v[0])
	}
}

// TestSpecModelShapes checks that images of the wrong shape, and a spec
// whose layers do not follow from one another, are refused with a sentence.
func TestSpecModelShapes(t *testing.T) {
	s := smallVGG(t)
	call := func(s Spec, dims ...int) error {
		exec, err := model.NewExec(goBackend(t), seededStore(t, 1), s.Model(MatMul))
		if err != nil {
			return err
		}
		defer exec.Finalize()
		_, err = exec.Call1(randTensor(rand.New(rand.NewPCG(3, 3)), dims...))
		return err
	}
	for _, dims := range [][]int{{2, 16, 16, 3}, {2, 15, 16, 1}, {16, 16, 1}} {
		if err := call(s, dims...); err == nil || !strings.Contains(err.Error(), "takes images of 16×16×1") {
			t.Errorf("images %v: error %v, want one saying the spec takes 16×16×1 images", dims, err)
		}
	}
	bad := s.clone()
	bad.Layers[1].Shape = []int{7, 7, 4} // block1_pool says 7×7, but a 2×2 pooling halves 16×16.
	if err := call(bad, 1, 16, 16, 1); err == nil || !strings.Contains(err.Error(), "block1_pool gives [8 8 4] per image, but its spec says [7 7 4]") {
		t.Errorf("a pooling of the wrong shape: error %v", err)
	}
	bad = s.clone()
	bad.Layers[0].Params++
	if err := call(bad, 1, 16, 16, 1); err == nil || !strings.Contains(err.Error(), "block1_conv1 of 3×3 kernels from 1 to 4 channels has 40 parameters, but its spec counts 41") {
		t.Errorf("a convolution of the wrong parameters: error %v", err)
	}
	bad = s.clone()
	bad.Layers[len(bad.Layers)-1].Params = 0
	if err := call(bad, 1, 16, 16, 1); err == nil || !strings.Contains(err.Error(), "predictions from 16 to 10 units has 170 parameters, but its spec counts 0") {
		t.Errorf("a dense layer of the wrong parameters: error %v", err)
	}
}

// TestSpecTimeForwardSmall checks TimeForward's counts on the small VGG.
func TestSpecTimeForwardSmall(t *testing.T) {
	s := smallVGG(t)
	r, err := s.TimeForward(goBackend(t), 4, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if r.Params != s.Params() || r.Bytes != s.Bytes() || !slices.Equal(r.Output, []int{4, 10}) || r.Batch != 4 || r.Seconds <= 0 || r.FirstSeconds <= 0 {
		t.Errorf("%+v: want %d parameters, %d bytes, output [4 10]", r, s.Params(), s.Bytes())
	}
	if !strings.Contains(r.String(), "3,154 parameters") {
		t.Errorf("String: %s", r)
	}
	if _, err := s.TimeForward(goBackend(t), 0, Auto); err == nil {
		t.Error("a batch of 0 images accepted")
	}
	if _, err := (Spec{Name: "empty"}).TimeForward(goBackend(t), 1, Auto); err == nil {
		t.Error("a spec without input accepted")
	}
}

// TestVGG16Forward builds VGG16 with random weights (528 MiB), counts
// them, and times one forward pass of one image on the Go backend.
func TestVGG16Forward(t *testing.T) {
	if os.Getenv("NNLIB_LONG") == "" {
		t.Skip("set NNLIB_LONG=1 to build VGG16 and time it (528 MiB of weights, some 25 s; lesson 05d's full run does it too)")
	}
	s := VGG16()
	r, err := s.TimeForward(goBackend(t), 1, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if r.Params != 138_357_544 || !slices.Equal(r.Output, []int{1, 1000}) {
		t.Errorf("%+v: want 138,357,544 parameters and logits [1 1000]", r)
	}
	t.Logf("VGG16, %s", r)
	t.Logf("%.1f G multiply–adds/s", float64(s.MACs())/r.Seconds/1e9)
}

// TestSpecArchLayers checks what VGG16 hands to plots.Architecture: the
// input, then each layer but the flatten, with its shape and kind, and that
// the figure lays out.
func TestSpecArchLayers(t *testing.T) {
	s := VGG16()
	layers := s.ArchLayers()
	if len(layers) != len(s.Layers) {
		t.Fatalf("%d layers for %d in the spec (less the flatten, plus the input)", len(layers), len(s.Layers))
	}
	if layers[0] != (plots.ArchLayer{Name: "input", Kind: plots.ArchInput, Height: 224, Width: 224, Channels: 3}) {
		t.Errorf("input %+v", layers[0])
	}
	for name, want := range map[string]plots.ArchLayer{
		"block1_conv1": {Name: "block1_conv1", Kind: plots.ArchConv, Height: 224, Width: 224, Channels: 64, Kernel: 3},
		"block3_pool":  {Name: "block3_pool", Kind: plots.ArchPool, Height: 28, Width: 28, Channels: 256, Kernel: 2},
		"fc2":          {Name: "fc2", Kind: plots.ArchDense, Height: 1, Width: 1, Channels: 4096},
		"predictions":  {Name: "predictions", Kind: plots.ArchSoftmax, Height: 1, Width: 1, Channels: 1000},
	} {
		i := slices.IndexFunc(layers, func(l plots.ArchLayer) bool { return l.Name == name })
		if i < 0 || layers[i] != want {
			t.Errorf("%s: %+v, want %+v", name, layers[min(max(i, 0), len(layers)-1)], want)
		}
	}
	if slices.ContainsFunc(layers, func(l plots.ArchLayer) bool { return l.Name == "flatten" }) {
		t.Error("the flatten layer is drawn")
	}
	if _, err := plots.NewArchitectureLayout(layers); err != nil {
		t.Fatal(err)
	}
}
