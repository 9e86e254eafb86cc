package cnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// goBackend returns the tests' Go backend (one for all: tensors keep the
// backend they were used on).
func goBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := sharedGo()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var sharedGo = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

// randTensor returns a float64 tensor of normal values, seeded.
func randTensor(rng *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return tensors.FromFlatDataAndDimensions(v, dims...)
}

// maxAbsDiff returns the largest absolute difference of two float64 tensors
// of the same shape, or an error.
func maxAbsDiff(a, b *tensors.Tensor) (float64, error) {
	if !a.Shape().Equal(b.Shape()) {
		return 0, fmt.Errorf("shapes %s and %s differ", a.Shape(), b.Shape())
	}
	va, vb := tensors.MustCopyFlatData[float64](a), tensors.MustCopyFlatData[float64](b)
	var worst float64
	for i := range va {
		worst = math.Max(worst, math.Abs(va[i]-vb[i]))
	}
	return worst, nil
}

// compareFormulations runs build (which returns the layer's output) with the
// MatMul formulation and with the reference (Native, unless a test gives
// another) on the Go backend, in float64, and compares the outputs and the
// gradients of Σ output·weights with respect to every input, to 1e-12.
func compareFormulations(t *testing.T, name string, inputs []*tensors.Tensor, build func(f Formulation, in []*graph.Node) *graph.Node) {
	t.Helper()
	compareWith(t, name, "native", inputs, func(in []*graph.Node) *graph.Node { return build(Native, in) },
		func(in []*graph.Node) *graph.Node { return build(MatMul, in) })
}

// compareWith compares layer (the MatMul formulation) with reference, values
// and gradients; see compareFormulations.
func compareWith(t *testing.T, name, refName string, inputs []*tensors.Tensor, reference, layer func(in []*graph.Node) *graph.Node) {
	t.Helper()
	backend := goBackend(t)
	probe := graph.MustExecOnce(backend, func(in []*graph.Node) *graph.Node { return reference(in) }, anySlice(inputs)...)
	weights := randTensor(rand.New(rand.NewPCG(7, 7)), probe.Shape().Dimensions...)
	args := append(anySlice(inputs), weights)
	run := func(build func(in []*graph.Node) *graph.Node) []*tensors.Tensor {
		return graph.MustExecOnceN(backend, func(all []*graph.Node) []*graph.Node {
			in, wts := all[:len(all)-1], all[len(all)-1]
			y := build(in)
			grads := graph.Gradient(graph.ReduceAllSum(graph.Mul(y, wts)), in...)
			return append([]*graph.Node{y}, grads...)
		}, args...)
	}
	want, got := run(reference), run(layer)
	for i := range want {
		diff, err := maxAbsDiff(got[i], want[i])
		what := "output"
		if i > 0 {
			what = fmt.Sprintf("gradient wrt input %d", i-1)
		}
		if err != nil {
			t.Errorf("%s, %s: %v", name, what, err)
		} else if diff > 1e-12 {
			t.Errorf("%s, %s: matmul and %s differ by %.2e", name, what, refName, diff)
		}
	}
}

// convBySlices is a third, independent convolution: Σ over the kernel's taps
// of the strided slice of the padded input under the tap times the tap's
// [cin, cout] matrix, differentiated by GoMLX (slices and pads).
func convBySlices(x, kernel *graph.Node, stride, padding int) *graph.Node {
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	oh, ow := OutputSize(xd[1], kd[0], stride, padding), OutputSize(xd[2], kd[1], stride, padding)
	xp := padHW(x, padding, padding, padding, padding)
	var out *graph.Node
	for i := range kd[0] {
		for j := range kd[1] {
			view := graph.Slice(xp, graph.AxisRange(), graph.AxisRange(i, i+(oh-1)*stride+1).Stride(stride),
				graph.AxisRange(j, j+(ow-1)*stride+1).Stride(stride), graph.AxisRange())
			tap := graph.Reshape(graph.Slice(kernel, graph.AxisRange(i, i+1), graph.AxisRange(j, j+1)), kd[2], kd[3])
			term := graph.Dot(view, tap).General([]int{3}, nil, []int{0}, nil)
			if out == nil {
				out = term
			} else {
				out = graph.Add(out, term)
			}
		}
	}
	return out
}

func anySlice(ts []*tensors.Tensor) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		out[i] = t
	}
	return out
}

func TestConv2DMatchesNative(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ b, h, w, cin, kh, kw, cout, stride, padding int }{
		{2, 7, 6, 1, 3, 3, 4, 1, 0}, // One channel: tap-major patches.
		{2, 7, 6, 1, 3, 3, 4, 1, 1},
		{2, 7, 6, 1, 3, 2, 4, 2, 1}, // Stride 2: rows of channels.
		{2, 8, 9, 3, 3, 3, 5, 1, 0},
		{1, 9, 8, 3, 5, 3, 2, 2, 2},
		{3, 5, 5, 2, 1, 1, 3, 1, 0},
	} {
		name := fmt.Sprintf("Conv2D %+v", tc)
		inputs := []*tensors.Tensor{randTensor(rng, tc.b, tc.h, tc.w, tc.cin), randTensor(rng, tc.kh, tc.kw, tc.cin, tc.cout)}
		layer := func(in []*graph.Node) *graph.Node { return Conv2D(in[0], in[1], tc.stride, tc.padding, MatMul) }
		compareWith(t, name, "slices", inputs, func(in []*graph.Node) *graph.Node {
			return convBySlices(in[0], in[1], tc.stride, tc.padding)
		}, layer)
		if tc.stride == 1 { // GoMLX v0.28.16 cannot differentiate graph.Convolve with some strides and paddings.
			compareFormulations(t, name, inputs, func(f Formulation, in []*graph.Node) *graph.Node {
				return Conv2D(in[0], in[1], tc.stride, tc.padding, f)
			})
		} else {
			values := func(f Formulation) *tensors.Tensor {
				return graph.MustExecOnce(goBackend(t), func(x, k *graph.Node) *graph.Node { return Conv2D(x, k, tc.stride, tc.padding, f) }, inputs[0], inputs[1])
			}
			if d, err := maxAbsDiff(values(MatMul), values(Native)); err != nil || d > 1e-12 {
				t.Errorf("%s: output differs from native's by %v (%v)", name, d, err)
			}
		}
	}
}

func TestConvPoolMatchesNative(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ b, h, w, cin, k, cout, padding int }{
		{2, 8, 8, 1, 3, 4, 0}, // 6×6 → 3×3, one channel.
		{2, 9, 8, 1, 3, 4, 0}, // 7×6 → 3×3: odd, a row dropped.
		{2, 7, 7, 1, 3, 2, 1},
		{2, 9, 10, 3, 3, 5, 0},
		{1, 13, 13, 4, 3, 3, 0}, // Like the CNN's second layer: 11×11 → 5×5.
		{2, 6, 7, 2, 3, 3, 1},
	} {
		name := fmt.Sprintf("ConvPool %+v", tc)
		inputs := []*tensors.Tensor{randTensor(rng, tc.b, tc.h, tc.w, tc.cin), randTensor(rng, tc.k, tc.k, tc.cin, tc.cout), randTensor(rng, tc.cout)}
		compareFormulations(t, name, inputs, func(f Formulation, in []*graph.Node) *graph.Node {
			return ConvPool(in[0], in[1], in[2], tc.padding, f)
		})
		compareFormulations(t, name+" no bias", inputs[:2], func(f Formulation, in []*graph.Node) *graph.Node {
			return ConvPool(in[0], in[1], nil, tc.padding, f)
		})
	}
}

func TestMaxPool2DMatchesNative(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct{ b, h, w, c, window, stride int }{
		{2, 6, 6, 3, 2, 2}, {2, 7, 5, 2, 2, 2}, {1, 7, 7, 2, 3, 2}, {2, 5, 6, 1, 2, 1},
	} {
		name := fmt.Sprintf("MaxPool2D %+v", tc)
		inputs := []*tensors.Tensor{randTensor(rng, tc.b, tc.h, tc.w, tc.c)}
		compareFormulations(t, name, inputs, func(f Formulation, in []*graph.Node) *graph.Node {
			return MaxPool2D(in[0], tc.window, tc.stride, f)
		})
	}
}

// TestConvPoolTies checks where the gradient goes when a pooling window holds
// its maximum more than once (flat image regions do): to exactly one
// position, so the kernel's gradient is the same as with graph.MaxPool after a
// ReLU-free convolution of a constant image, and no gradient is counted twice.
func TestConvPoolTies(t *testing.T) {
	backend := goBackend(t)
	x := tensors.FromFlatDataAndDimensions(make([]float64, 2*6*6*2), 2, 6, 6, 2) // All zeros...
	flat := tensors.MustCopyFlatData[float64](x)
	for i := range flat {
		flat[i] = 0.5 // ...then constant: every window is a tie.
	}
	x = tensors.FromFlatDataAndDimensions(flat, 2, 6, 6, 2)
	k := randTensor(rand.New(rand.NewPCG(9, 9)), 3, 3, 2, 3)
	grads := func(f Formulation) []*tensors.Tensor {
		return graph.MustExecOnceN(backend, func(x, k *graph.Node) []*graph.Node {
			y := ConvPool(x, k, nil, 0, f)
			return graph.Gradient(graph.ReduceAllSum(y), x, k)
		}, x, k)
	}
	mm, nat := grads(MatMul), grads(Native)
	for i := range mm {
		// The sums of the gradients are what counts: each output's gradient
		// goes to one position only.
		if d, err := maxAbsDiff(sumAll(mm[i]), sumAll(nat[i])); err != nil || d > 1e-9 {
			t.Errorf("gradient %d: total %v (matmul) vs %v (native)", i, sumAll(mm[i]).Value(), sumAll(nat[i]).Value())
		}
	}
}

func sumAll(t *tensors.Tensor) *tensors.Tensor {
	var s float64
	for _, v := range tensors.MustCopyFlatData[float64](t) {
		s += v
	}
	return tensors.FromValue(s)
}

func TestOutputSize(t *testing.T) {
	for _, tc := range []struct{ n, k, s, p, want int }{
		{28, 3, 1, 0, 26}, {28, 3, 1, 1, 28}, {7, 3, 2, 1, 4}, {5, 3, 2, 0, 2}, {4, 5, 1, 0, 0}, {26, 2, 2, 0, 13}, {11, 2, 2, 0, 5},
	} {
		if got := OutputSize(tc.n, tc.k, tc.s, tc.p); got != tc.want {
			t.Errorf("OutputSize(%d, %d, %d, %d) = %d, want %d", tc.n, tc.k, tc.s, tc.p, got, tc.want)
		}
	}
}

func TestFormulationFor(t *testing.T) {
	if f := For(goBackend(t)); f != MatMul {
		t.Errorf("Go backend: %s, want matmul", f)
	}
	if f := Auto.On(goBackend(t)); f != MatMul {
		t.Errorf("Auto on the Go backend: %s", f)
	}
	if f := Native.On(goBackend(t)); f != Native {
		t.Errorf("Native stays native: %s", f)
	}
}

// padHW pads the height and width axes of x [b, h, w, c] with zeros. (Every
// axis gets a PadAxis: GoMLX's gradient of graph.Pad mishandles missing ones.)
func padHW(x *graph.Node, top, bottom, left, right int) *graph.Node {
	return graph.Pad(x, graph.ScalarZero(x.Graph(), x.DType()), graph.PadAxis{}, graph.PadAxis{Start: top, End: bottom},
		graph.PadAxis{Start: left, End: right}, graph.PadAxis{})
}
