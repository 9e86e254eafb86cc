package cnn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
)

// torchReference is what Debian's PyTorch 1.13 computes, in float64, for
// y = max_pool2d(relu(conv2d(x, k, b, padding)), 2) and loss = Σ y·w, on
// the inputs of torchInputs (torch's layouts permuted from ours:
// x.permute(0, 3, 1, 2), k.permute(3, 2, 0, 1)):
//
//	B, H, W, C, F = 2, 6, 7, 3, 4
//	x = tensor([sin(0.1*i + 0.3) for i in range(B*H*W*C)]).reshape(B, H, W, C)
//	k = tensor([cos(0.07*i) * 0.5 for i in range(3*3*C*F)]).reshape(3, 3, C, F)
//	b = tensor([0.1 * (i - 1.5) for i in range(F)])
//	w = tensor([sin(0.37*i) for i in range(y.numel())]).reshape(y.shape)  # y as [B, h, w, F]
//
// It is the independent computation nnlib's layers are checked against,
// beyond GoMLX's own ops.
var torchReference = []struct {
	padding             int
	loss, ySum, ySq     float64
	gxSum, gxSq, gx17   float64
	gkSum, gkSq, gk1203 float64
	gb                  [4]float64
}{
	{padding: 0, loss: 48.9339661885593, ySum: 102.304979990295, ySq: 571.186855941645,
		gxSum: 3.95303163657182, gxSq: 171.123234017526, gx17: 0,
		gkSum: 0.258664765412288, gkSq: 557.609153464028, gk1203: -0.792815854411846,
		gb: [4]float64{-0.228526459475559, 0.365999133479282, 0.910988460697257, 1.33267977339992}},
	{padding: 1, loss: -16.1366284485934, ySum: 238.013142265315, ySq: 1082.44293377054,
		gxSum: 22.7075758023988, gxSq: 282.495339992759, gx17: 0.0134576899871162,
		gkSum: 96.0153594854823, gkSq: 652.820083265045, gk1203: 2.87256056860118,
		gb: [4]float64{-1.77030178533646, -1.0938227611792, -0.269299957650879, 0.591671331802285}},
}

// torchInputs builds the reference's x, k and b.
func torchInputs() (x, k, b *tensors.Tensor) {
	const bs, h, w, c, f = 2, 6, 7, 3, 4
	xv := make([]float64, bs*h*w*c)
	for i := range xv {
		xv[i] = math.Sin(0.1*float64(i) + 0.3)
	}
	kv := make([]float64, 3*3*c*f)
	for i := range kv {
		kv[i] = math.Cos(0.07*float64(i)) * 0.5
	}
	bv := make([]float64, f)
	for i := range bv {
		bv[i] = 0.1 * (float64(i) - 1.5)
	}
	return tensors.FromFlatDataAndDimensions(xv, bs, h, w, c), tensors.FromFlatDataAndDimensions(kv, 3, 3, c, f), tensors.FromFlatDataAndDimensions(bv, f)
}

// TestConvPoolMatchesPyTorch checks Relu(ConvPool(...)), in both
// formulations, values and gradients, against PyTorch's numbers.
func TestConvPoolMatchesPyTorch(t *testing.T) {
	x, k, b := torchInputs()
	for _, ref := range torchReference {
		for _, f := range []Formulation{MatMul, Native} {
			out := graph.MustExecOnceN(goBackend(t), func(x, k, b *graph.Node) []*graph.Node {
				y := activation.Relu(ConvPool(x, k, b, ref.padding, f))
				n := y.Shape().Size()
				w := graph.Reshape(graph.Sin(graph.MulScalar(graph.ConvertDType(graph.Iota(x.Graph(), graph.Reshape(y, n).Shape(), 0), y.DType()), 0.37)), y.Shape().Dimensions...)
				loss := graph.ReduceAllSum(graph.Mul(y, w))
				grads := graph.Gradient(loss, x, k, b)
				return []*graph.Node{loss, graph.ReduceAllSum(y), graph.ReduceAllSum(graph.Square(y)),
					graph.ReduceAllSum(grads[0]), graph.ReduceAllSum(graph.Square(grads[0])), graph.Reshape(graph.Slice(graph.Reshape(grads[0], -1), graph.AxisElem(17))),
					graph.ReduceAllSum(grads[1]), graph.ReduceAllSum(graph.Square(grads[1])), graph.Reshape(graph.Slice(grads[1], graph.AxisElem(1), graph.AxisElem(2), graph.AxisElem(0), graph.AxisElem(3))),
					grads[2]}
			}, x, k, b)
			got := make([]float64, 9)
			for i := range got {
				got[i] = out[i].Value().(float64)
			}
			want := []float64{ref.loss, ref.ySum, ref.ySq, ref.gxSum, ref.gxSq, ref.gx17, ref.gkSum, ref.gkSq, ref.gk1203}
			names := []string{"loss", "Σy", "Σy²", "Σ∂x", "Σ∂x²", "∂x[17]", "Σ∂k", "Σ∂k²", "∂k[1,2,0,3]"}
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-10*math.Max(1, math.Abs(want[i])) {
					t.Errorf("padding %d, %s: %s = %.15g, PyTorch %.15g", ref.padding, f, names[i], got[i], want[i])
				}
			}
			gb := out[9].Value().([]float64)
			for i := range gb {
				if math.Abs(gb[i]-ref.gb[i]) > 1e-10 {
					t.Errorf("padding %d, %s: ∂b[%d] = %.15g, PyTorch %.15g", ref.padding, f, i, gb[i], ref.gb[i])
				}
			}
		}
	}
}
