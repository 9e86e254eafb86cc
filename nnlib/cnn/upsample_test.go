package cnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// torchTransposed is what Debian's PyTorch 1.13 computes, in float64, for
// y = conv_transpose2d(x, k, stride, padding, output_padding) and
// loss = Σ y·w, in our layouts (torch's permuted: x.permute(0, 3, 1, 2),
// weight k.permute(2, 3, 0, 1), y.permute(0, 2, 3, 1)):
//
//	B, H, W, C, F = 2, 4, 5, 3, 4
//	x = tensor([sin(0.1*i + 0.3) for i in range(B*H*W*C)]).reshape(B, H, W, C)
//	k = tensor([cos(0.07*i) * 0.5 for i in range(K*K*C*F)]).reshape(K, K, C, F)
//	w = tensor([sin(0.37*i) for i in range(y.numel())]).reshape(y.shape)
//
// gx7 and gk5 are elements 7 and 5 of the flat gradients with respect to x
// and k (in our layouts).
var torchTransposed = []struct {
	k, stride, padding, outputPadding int
	shape                             [4]int
	loss, ySum, ySq                   float64
	gxSum, gxSq, gx7                  float64
	gkSum, gkSq, gk5                  float64
}{
	{k: 3, stride: 2, padding: 1, outputPadding: 1, shape: [4]int{2, 8, 10, 4}, loss: 45.2255968292287, ySum: -27.5897259204609, ySq: 783.970108935004, gxSum: -2.40717980693251, gxSq: 2176.70258909374, gx7: 2.57909584485109, gkSum: 13.9823536104207, gkSq: 269.883086858827, gk5: -0.0761404401870004},
	{k: 2, stride: 2, padding: 0, outputPadding: 0, shape: [4]int{2, 8, 10, 4}, loss: -31.1286331852297, ySum: 0.434724834690968, ySq: 379.989471837533, gxSum: 3.79771954433091, gxSq: 857.097987875931, gx7: 1.63352550739348, gkSum: 14.2682180433923, gkSq: 191.491314198327, gk5: -2.76994209070977},
	{k: 3, stride: 1, padding: 1, outputPadding: 0, shape: [4]int{2, 4, 5, 4}, loss: -27.6909002359402, ySum: 54.6368651700695, ySq: 679.630011850072, gxSum: 5.56134578941894, gxSq: 613.33057862005, gx7: -2.96276385155326, gkSum: 18.2618529594279, gkSq: 289.042854348887, gk5: 0.755635578525195},
	{k: 4, stride: 3, padding: 2, outputPadding: 2, shape: [4]int{2, 11, 14, 4}, loss: -8.92853598631254, ySum: -20.2491124619542, ySq: 495.203945959781, gxSum: -30.7235002422183, gxSq: 530.176525286851, gx7: -0.48388282132243, gkSum: -15.2546699727748, gkSq: 198.581637436672, gk5: -0.129996569755042},
}

// seqTensor returns a float64 tensor whose i-th value is fn(i).
func seqTensor(fn func(i int) float64, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = fn(i)
	}
	return tensors.FromFlatDataAndDimensions(v, dims...)
}

// stats returns the sum and the sum of squares of a float64 tensor's values.
func stats(t *tensors.Tensor) (sum, sq float64, v []float64) {
	v = tensors.MustCopyFlatData[float64](t)
	for _, x := range v {
		sum += x
		sq += x * x
	}
	return sum, sq, v
}

// TestConvTranspose2DMatchesPyTorch checks values and gradients of both
// formulations against PyTorch's conv_transpose2d.
func TestConvTranspose2DMatchesPyTorch(t *testing.T) {
	backend := goBackend(t)
	const b, h, w, c, fl = 2, 4, 5, 3, 4
	x := seqTensor(func(i int) float64 { return math.Sin(0.1*float64(i) + 0.3) }, b, h, w, c)
	for _, ref := range torchTransposed {
		k := seqTensor(func(i int) float64 { return math.Cos(0.07*float64(i)) * 0.5 }, ref.k, ref.k, c, fl)
		wts := seqTensor(func(i int) float64 { return math.Sin(0.37 * float64(i)) }, ref.shape[:]...)
		for _, f := range []Formulation{Native, MatMul} {
			name := fmt.Sprintf("k=%d stride=%d padding=%d outputPadding=%d, %s", ref.k, ref.stride, ref.padding, ref.outputPadding, f)
			out := graph.MustExecOnceN(backend, func(x, k, wts *graph.Node) []*graph.Node {
				y := ConvTranspose2D(x, k, ref.stride, ref.padding, ref.outputPadding, f)
				loss := graph.ReduceAllSum(graph.Mul(y, wts))
				g := graph.Gradient(loss, x, k)
				return []*graph.Node{y, loss, g[0], g[1]}
			}, x, k, wts)
			if got := out[0].Shape().Dimensions; fmt.Sprint(got) != fmt.Sprint(ref.shape[:]) {
				t.Errorf("%s: output shape %v, PyTorch %v", name, got, ref.shape)
				continue
			}
			ySum, ySq, _ := stats(out[0])
			gxSum, gxSq, gx := stats(out[2])
			gkSum, gkSq, gk := stats(out[3])
			loss := tensors.MustCopyFlatData[float64](out[1])[0]
			for _, q := range []struct {
				what      string
				got, want float64
			}{
				{"loss", loss, ref.loss}, {"Σy", ySum, ref.ySum}, {"Σy²", ySq, ref.ySq},
				{"Σ∂/∂x", gxSum, ref.gxSum}, {"Σ(∂/∂x)²", gxSq, ref.gxSq}, {"∂/∂x[7]", gx[7], ref.gx7},
				{"Σ∂/∂k", gkSum, ref.gkSum}, {"Σ(∂/∂k)²", gkSq, ref.gkSq}, {"∂/∂k[5]", gk[5], ref.gk5},
			} {
				if math.Abs(q.got-q.want) > 1e-9*math.Max(1, math.Abs(q.want)) {
					t.Errorf("%s: %s = %.12g, PyTorch %.12g", name, q.what, q.got, q.want)
				}
			}
		}
	}
}

// transposedByTaps is a third, independent transposed convolution: its
// definition read literally. Each kernel tap (i, j) multiplies x by its
// [channels, filters] matrix, and the product is placed at rows r·stride+i
// and columns c·stride+j of a zero output (one Pad with interior zeros);
// the taps are summed and the padding cropped.
func transposedByTaps(x, kernel *graph.Node, stride, padding, outputPadding int) *graph.Node {
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	fullH := (xd[1]-1)*stride + kd[0] + outputPadding
	fullW := (xd[2]-1)*stride + kd[1] + outputPadding
	var out *graph.Node
	for i := range kd[0] {
		for j := range kd[1] {
			tap := graph.Reshape(graph.Slice(kernel, graph.AxisRange(i, i+1), graph.AxisRange(j, j+1)), kd[2], kd[3])
			term := graph.Dot(x, tap).General([]int{3}, nil, []int{0}, nil)
			lastH, lastW := (xd[1]-1)*stride+i, (xd[2]-1)*stride+j
			term = graph.Pad(term, graph.ScalarZero(x.Graph(), x.DType()), graph.PadAxis{},
				graph.PadAxis{Start: i, End: fullH - 1 - lastH, Interior: stride - 1},
				graph.PadAxis{Start: j, End: fullW - 1 - lastW, Interior: stride - 1}, graph.PadAxis{})
			if out == nil {
				out = term
			} else {
				out = graph.Add(out, term)
			}
		}
	}
	oh, ow := TransposedSize(xd[1], kd[0], stride, padding, outputPadding), TransposedSize(xd[2], kd[1], stride, padding, outputPadding)
	return graph.Slice(out, graph.AxisRange(), graph.AxisRange(padding, padding+oh), graph.AxisRange(padding, padding+ow), graph.AxisRange())
}

// TestConvTranspose2DMatchesTaps compares both formulations with the literal
// definition, values and gradients, on random inputs and odd sizes.
func TestConvTranspose2DMatchesTaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ h, w, cin, cout, k, stride, padding, outputPadding int }{
		{7, 7, 8, 16, 3, 2, 1, 1}, {7, 6, 2, 3, 2, 2, 0, 0}, {3, 5, 4, 2, 3, 1, 0, 0},
		{5, 4, 3, 5, 5, 2, 2, 1}, {1, 1, 4, 3, 3, 2, 0, 0},
	} {
		x, k := randTensor(rng, 3, tc.h, tc.w, tc.cin), randTensor(rng, tc.k, tc.k, tc.cin, tc.cout)
		for _, f := range []Formulation{Native, MatMul} {
			name := fmt.Sprintf("%+v %s", tc, f)
			compareWith(t, name, "taps", []*tensors.Tensor{x, k},
				func(in []*graph.Node) *graph.Node {
					return transposedByTaps(in[0], in[1], tc.stride, tc.padding, tc.outputPadding)
				},
				func(in []*graph.Node) *graph.Node {
					return ConvTranspose2D(in[0], in[1], tc.stride, tc.padding, tc.outputPadding, f)
				})
		}
	}
}

// TestConvTransposeUndoesConvSize checks the size rule: a convolution of the
// transposed convolution's output gives back the input's size.
func TestConvTransposeUndoesConvSize(t *testing.T) {
	for n := 1; n < 12; n++ {
		for _, c := range []struct{ k, stride, padding int }{{3, 2, 1}, {2, 2, 0}, {3, 1, 1}, {5, 3, 2}} {
			for op := range c.stride {
				m := TransposedSize(n, c.k, c.stride, c.padding, op)
				if m < c.k-2*c.padding {
					continue
				}
				if back := OutputSize(m, c.k, c.stride, c.padding); back != n {
					t.Errorf("n=%d %+v outputPadding %d: transposed size %d, convolved back %d", n, c, op, m, back)
				}
			}
		}
	}
}

// TestUpsample2D checks both formulations against PyTorch's nearest
// interpolation (scale 2) and against each other for factor 3.
func TestUpsample2D(t *testing.T) {
	backend := goBackend(t)
	// PyTorch 1.13, float64: y = interpolate(x, scale_factor=2, mode='nearest')
	// on x of TestConvTranspose2DMatchesPyTorch, loss = Σ y·w (w as there).
	const loss, ySq, gxSq, gx7 = 3.96615891511031, 250.725697911926, 370.230074117895, -2.51786655479014
	x := seqTensor(func(i int) float64 { return math.Sin(0.1*float64(i) + 0.3) }, 2, 4, 5, 3)
	wts := seqTensor(func(i int) float64 { return math.Sin(0.37 * float64(i)) }, 2, 8, 10, 3)
	for _, f := range []Formulation{Native, MatMul} {
		out := graph.MustExecOnceN(backend, func(x, wts *graph.Node) []*graph.Node {
			y := Upsample2D(x, 2, f)
			l := graph.ReduceAllSum(graph.Mul(y, wts))
			return []*graph.Node{y, l, graph.Gradient(l, x)[0]}
		}, x, wts)
		_, gotYSq, _ := stats(out[0])
		_, gotGxSq, gx := stats(out[2])
		gotLoss := tensors.MustCopyFlatData[float64](out[1])[0]
		for _, q := range []struct {
			what      string
			got, want float64
		}{{"loss", gotLoss, loss}, {"Σy²", gotYSq, ySq}, {"Σ(∂/∂x)²", gotGxSq, gxSq}, {"∂/∂x[7]", gx[7], gx7}} {
			if math.Abs(q.got-q.want) > 1e-9*math.Max(1, math.Abs(q.want)) {
				t.Errorf("Upsample2D %s: %s = %.12g, PyTorch %.12g", f, q.what, q.got, q.want)
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	compareFormulations(t, "Upsample2D ×3", []*tensors.Tensor{randTensor(rng, 2, 3, 4, 5)},
		func(f Formulation, in []*graph.Node) *graph.Node { return Upsample2D(in[0], 3, f) })
}
