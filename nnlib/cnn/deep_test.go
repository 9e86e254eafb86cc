package cnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// bnReference is batch normalisation computed directly, in float64, for x
// [n, c] flattened (channels last) with γ = 1 + 0.1·k and β = 0.2·k.
func bnReference(x []float64, c int) []float64 {
	n := len(x) / c
	y := make([]float64, len(x))
	for k := range c {
		var mean, v float64
		for i := range n {
			mean += x[i*c+k]
		}
		mean /= float64(n)
		for i := range n {
			v += (x[i*c+k] - mean) * (x[i*c+k] - mean)
		}
		v /= float64(n)
		for i := range n {
			y[i*c+k] = (1+0.1*float64(k))*(x[i*c+k]-mean)/math.Sqrt(v+batchNormEpsilon) + 0.2*float64(k)
		}
	}
	return y
}

// TestBatchNorm checks BatchNorm in training mode against the direct
// computation, its gradient against central differences of that
// computation (the gradient goes through the batch's mean and variance: a
// version that treats them as constants fails), the running averages after
// one step, and inference with them.
func TestBatchNorm(t *testing.T) {
	backend := goBackend(t)
	rng := rand.New(rand.NewPCG(3, 4))
	const c = 3
	dims := []int{4, 2, 3, c}
	xt := randTensor(rng, dims...)
	x := tensors.MustCopyFlatData[float64](xt)
	for i := range x {
		x[i] = 2*x[i] + float64(i%c) // Channels of different means.
	}
	xt = tensors.FromFlatDataAndDimensions(x, dims...)
	weights := make([]float64, len(x))
	for i := range weights {
		weights[i] = math.Sin(0.37 * float64(i))
	}
	loss := func(x []float64) float64 {
		s := 0.0
		for i, v := range bnReference(x, c) {
			s += v * weights[i]
		}
		return s
	}

	store := model.NewStore()
	scale, offset := make([]float64, c), make([]float64, c)
	for k := range c {
		scale[k], offset[k] = 1+0.1*float64(k), 0.2*float64(k)
	}
	for path, v := range map[string][]float64{"/bn/scale": scale, "/bn/offset": offset} {
		if _, err := store.CreateVariable(path, tensors.FromFlatDataAndDimensions(v, c)); err != nil {
			t.Fatal(err)
		}
	}
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, x *graph.Node) []*graph.Node {
		store.SetTraining(x.Graph(), true)
		y := BatchNorm(scope.In("bn"), x)
		w := graph.Const(x.Graph(), tensors.FromFlatDataAndDimensions(weights, dims...))
		return []*graph.Node{y, graph.Gradient(graph.ReduceAllSum(graph.Mul(y, w)), x)[0]}
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(xt)
	if err != nil {
		t.Fatal(err)
	}
	y, grad := tensors.MustCopyFlatData[float64](out[0]), tensors.MustCopyFlatData[float64](out[1])
	for i, want := range bnReference(x, c) {
		if math.Abs(y[i]-want) > 1e-12 {
			t.Fatalf("y[%d] = %.15g, direct computation %.15g", i, y[i], want)
		}
	}
	numeric := nnlib.NumericalGradient(loss, x, 1e-6)
	for i := range numeric {
		if math.Abs(grad[i]-numeric[i]) > 1e-6 {
			t.Fatalf("∂J/∂x[%d] = %.9g, central differences %.9g: is the gradient stopped at the batch statistics?", i, grad[i], numeric[i])
		}
	}

	// After one step the running averages are the batch's statistics.
	n := len(x) / c
	for k := range c {
		var mean, v float64
		for i := range n {
			mean += x[i*c+k] / float64(n)
		}
		for i := range n {
			v += (x[i*c+k] - mean) * (x[i*c+k] - mean) / float64(n)
		}
		for name, want := range map[string]float64{"mean": mean, "variance": v} {
			got := tensors.MustCopyFlatData[float64](must(store.GetVariable("/bn/" + name).Value()))[k]
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("running %s of channel %d: %g, want the batch's %g", name, k, got, want)
			}
		}
	}

	// Inference normalises with the running averages: the same batch
	// gives the same output.
	infer, err := model.NewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return BatchNorm(scope.In("bn"), x)
	})
	if err != nil {
		t.Fatal(err)
	}
	yi := tensors.MustCopyFlatData[float64](must(infer.Call1(xt)))
	for i := range yi {
		if math.Abs(yi[i]-y[i]) > 1e-9 {
			t.Fatalf("inference y[%d] = %g, training %g: not the running averages?", i, yi[i], y[i])
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDeepParams checks Depth and the number of trained values of small
// plain, residual and dense networks against counts by hand, and the
// output's shape.
func TestDeepParams(t *testing.T) {
	small := Deep{Height: 6, Width: 6, Channels: 1, Widths: []int{2, 4}, Blocks: 1, Classes: 3}
	for _, tc := range []struct {
		join   Join
		bn     bool
		growth int
		depth  int
		params int
	}{
		// conv01 18 + BN 4; conv02, conv03 36 + 4 each; conv04 72 + 8,
		// conv05 144 + 8; the shortcut of stage 2 8 + 8; output 12 + 3.
		{Residual, true, 0, 6, 365},
		{Plain, true, 0, 6, 349},
		// Biases instead of batch norm: 20, 38, 38, 76, 148, 12, 15.
		{Residual, false, 0, 6, 347},
		// conv01 20 (2 channels); 57 (5) and 138 (8); transition 36 (4);
		// 111 (7) and 192 (10); output 33.
		{Dense, false, 3, 7, 587},
		// The same with batch norm before each convolution but the first
		// (2·2, 2·5, 2·8 on the transition's input, 2·4, 2·7) and at the
		// end (2·10): 72 more.
		{Dense, true, 3, 7, 659},
	} {
		d := small
		d.Join, d.BatchNorm, d.Growth = tc.join, tc.bn, tc.growth
		if d.Depth() != tc.depth {
			t.Errorf("%s: depth %d, want %d", d.Name(), d.Depth(), tc.depth)
		}
		store := model.NewStore()
		exec, err := model.NewExec(goBackend(t), store, d.Model(MatMul))
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Call1(tensors.FromFlatDataAndDimensions(make([]float32, 5*36), 5, 6, 6, 1))
		if err != nil {
			t.Fatalf("%s: %v", d.Name(), err)
		}
		if dims := out.Shape().Dimensions; len(dims) != 2 || dims[0] != 5 || dims[1] != 3 {
			t.Errorf("%s: output shape %v, want [5 3]", d.Name(), dims)
		}
		net, err := DeepNetFromStore(d, store)
		if err != nil {
			t.Fatal(err)
		}
		if got := net.NumParams(); got != tc.params {
			t.Errorf("%s: %d trained values, want %d", d.Name(), got, tc.params)
		}
		if got := d.Params(); got != tc.params {
			t.Errorf("%s: Params() = %d, want %d", d.Name(), got, tc.params)
		}
	}
	if err := (Deep{Height: 6, Width: 6, Channels: 1, Join: Dense, Widths: []int{2}, Blocks: 1, Classes: 3}).Validate(); err == nil {
		t.Error("a dense network without a growth rate validated")
	}
}

// TestFitNetLearns trains a small residual network with batch
// normalisation on half-size Fashion-MNIST: the loss falls and the
// validation accuracy is far above chance; the gradient norms at
// initialisation are one per main-path convolution, all positive.
func TestFitNetLearns(t *testing.T) {
	tr, val := fashion(t, 3000, 500)
	half := func(d *data.Dataset) *data.Dataset {
		h, err := data.HalfSize(d)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	tr, val = half(tr), half(val)
	d := Deep{Height: 14, Width: 14, Channels: 1, Join: Residual, Widths: []int{8, 16}, Blocks: 1, BatchNorm: true, Classes: 10}
	norms, err := d.GradientNorms(goBackend(t), val, 64, 1, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if len(norms) != 5 {
		t.Errorf("%d gradient norms, want 5 (conv01 to conv05)", len(norms))
	}
	for i, g := range norms {
		if !(g > 0) || math.IsInf(g, 0) {
			t.Errorf("gradient norm of conv%02d: %g", i+1, g)
		}
	}
	r, err := FitNet(goBackend(t), d, FitConfig{Steps: 160, BatchSize: 64, EvalEvery: 80, Seed: 1}, tr, val)
	if err != nil {
		t.Fatal(err)
	}
	first := r.History.Loss[0]
	if last := r.TrainLoss(20); !(last < 0.6*first) {
		t.Errorf("training loss from %.3f to %.3f: it should fall", first, last)
	}
	if len(r.History.Evals) != 2 {
		t.Errorf("%d evaluations, want 2 (every 80 of 160 steps)", len(r.History.Evals))
	}
	if acc := r.FinalAccuracy(); acc < 0.6 {
		t.Errorf("validation accuracy %.3f after 160 steps, want > 0.6", acc)
	}
	if got := r.NumParams(); got != d.Params() {
		t.Errorf("the trained network keeps %d trained values, want %d (the optimizer's state left out)", got, d.Params())
	}
	// The kept network predicts as the trained one evaluated.
	acc, err := r.Accuracy(goBackend(t), d, val, Auto)
	if err != nil || acc != r.FinalAccuracy() {
		t.Errorf("kept network: accuracy %v (%v), the training's last evaluation %v", acc, err, r.FinalAccuracy())
	}
}
