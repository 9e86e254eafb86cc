package cnn

import (
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// This file is the MatMul formulation: convolution as gathered patches times
// one matrix product, with max-pooling fused and a hand-written backward pass.
//
// Why by hand: GoMLX's automatic gradient of a matrix product P·W computes
// ∂W as a product that contracts the leading axis of both operands, which the
// Go backend's matrix kernels cannot read in place, so it transposes both,
// P included (the largest tensor of the layer). Written by hand, the only
// transposition is of the (much smaller) output gradient. The forward pass is
// built on graph.StopGradient inputs, and the gradients reach x and the kernel
// through identity nodes with custom gradients (see customGradients).

// positions lists the convolution outputs that one matrix product computes:
// all of them, or, when a 2×2 max-pool follows, those at one of the four
// offsets (pr, pc) of the pooling window: rows 2R+pr and columns 2C+pc.
type positions struct {
	rows, cols       int // Of this set, per image.
	rowStep, colStep int // 1, or 2 when pooling.
	row0, col0       int // Offset of the set.
}

// convMatMul computes Conv2D(x, kernel, stride, padding) plus bias (nil for
// none), max-pooled 2×2 when pool is set, in the MatMul formulation.
func convMatMul(x, kernel, bias *graph.Node, stride, padding int, pool bool) *graph.Node {
	xd, kd := x.Shape().Dimensions, kernel.Shape().Dimensions
	b, h, w, cin := xd[0], xd[1], xd[2], xd[3]
	kh, kw, cout := kd[0], kd[1], kd[3]
	taps := kh * kw
	oh, ow := OutputSize(h, kh, stride, padding), OutputSize(w, kw, stride, padding)

	var sets []positions
	if pool {
		for pr := range 2 {
			for pc := range 2 {
				sets = append(sets, positions{rows: oh / 2, cols: ow / 2, rowStep: 2, colStep: 2, row0: pr, col0: pc})
			}
		}
	} else {
		sets = []positions{{rows: oh, cols: ow, rowStep: 1, colStep: 1}}
	}
	outH, outW := sets[0].rows, sets[0].cols // Of the output; each matrix product has b·outH·outW rows.

	// The forward pass: no automatic gradient through it.
	xs, ks := graph.StopGradient(x), graph.StopGradient(kernel)
	var im *im2col
	if cin == 1 && stride == 1 {
		im = newTapMajor(xs, b, h, w, padding, kh, kw, sets, pool)
	} else {
		im = newRows(xs, b, h, w, cin, padding, kh, kw, stride, sets)
	}
	wr := graph.Reshape(ks, taps*cin, cout) // The kernel as a matrix.
	ys := make([]*graph.Node, len(sets))
	for k, p := range im.patches {
		if im.tapMajor { // p is [taps, m]: contract its first axis.
			ys[k] = graph.Dot(p, wr).General([]int{0}, nil, []int{0}, nil)
		} else { // p is [m, taps·cin].
			ys[k] = graph.Dot(p, wr).Product()
		}
	}
	y := ys[0]
	if pool {
		y = graph.Max(graph.Max(ys[0], ys[1]), graph.Max(ys[2], ys[3]))
	}

	// The backward pass, by hand.
	var dy *graph.Node    // ∂loss/∂y, [m, cout], captured from the output's gradient.
	var dys []*graph.Node // ∂loss/∂ys[k]: dy routed to the maximum of each window.
	routed := func() []*graph.Node {
		if dys != nil {
			return dys
		}
		if !pool {
			dys = []*graph.Node{dy}
			return dys
		}
		// First maximum wins, as graph.Max's gradient does: the rest of the
		// gradient goes on to the next position of the window.
		zero := graph.ZerosLike(dy)
		rest := dy
		for k := range 3 {
			isMax := graph.Equal(ys[k], y)
			dys = append(dys, graph.Where(isMax, rest, zero))
			rest = graph.Where(isMax, zero, rest)
		}
		dys = append(dys, rest)
		return dys
	}
	kernelGrad := func() *graph.Node {
		var sum *graph.Node
		for k, p := range im.patches {
			var gk *graph.Node
			if im.tapMajor { // [taps, m]·[m, cout]: both read in place.
				gk = graph.Dot(p, routed()[k]).General([]int{1}, nil, []int{0}, nil)
			} else { // (dyᵀ [cout, m] · P [m, taps·cin])ᵀ: only dy is transposed.
				gk = graph.Transpose(graph.Dot(graph.Transpose(routed()[k], 0, 1), p).Product(), 0, 1)
			}
			if sum == nil {
				sum = gk
			} else {
				sum = graph.Add(sum, gk)
			}
		}
		return graph.Reshape(sum, kd...)
	}
	inputGrad := func() *graph.Node {
		wrT := graph.Transpose(wr, 0, 1)
		var dps []*graph.Node
		for k := range im.patches {
			if im.tapMajor { // Wr [taps, cout] · dyᵀ: [taps, m].
				dps = append(dps, graph.Dot(wr, routed()[k]).General([]int{1}, nil, []int{1}, nil))
			} else { // dy [m, cout] · Wrᵀ: [m, taps·cin]. (The small Wr transposed first reads faster.)
				dps = append(dps, graph.Dot(routed()[k], wrT).Product())
			}
		}
		return im.scatter(dps, x.Shape())
	}
	out := customGradients(y, x, kernel, bias, cout, func(v *graph.Node) { dy = v }, inputGrad, kernelGrad)
	return graph.Reshape(out, b, outH, outW, cout)
}

// customGradients returns y + bias (broadcast over rows; bias may be nil),
// arranged so that automatic differentiation gives x the gradient
// inputGrad() and kernel the gradient kernelGrad(), both computed from the
// gradient of the result, which capture receives first.
//
// GoMLX's IdentityWithCustomGradient sets the gradient of one node. The
// result's identity captures its incoming gradient; x and the kernel pass
// through identities whose custom gradients ignore theirs and return the
// hand-written ones. Those identities feed the result through a scalar
// multiplied by 0, so that they lie on the path to the loss (GoMLX
// differentiates only along it) and are reached after the result: reverse
// differentiation visits nodes from the newest, and the result is newer.
// The scalar costs two one-element slices in the forward pass.
func customGradients(y, x, kernel, bias *graph.Node, cout int, capture func(v *graph.Node), inputGrad, kernelGrad func() *graph.Node) *graph.Node {
	g := y.Graph()
	zero := graph.ScalarZero(g, y.DType())
	xc := graph.IdentityWithCustomGradient(x, func(_, _ *graph.Node) *graph.Node { return inputGrad() })
	kc := graph.IdentityWithCustomGradient(kernel, func(_, _ *graph.Node) *graph.Node { return kernelGrad() })
	dep := graph.Mul(graph.Add(firstValue(xc), firstValue(kc)), zero) // 0, depending on x and the kernel.
	var out *graph.Node
	if bias != nil {
		out = graph.Add(y, graph.Reshape(graph.Add(bias, dep), 1, cout))
	} else {
		out = graph.Add(y, dep)
	}
	return graph.IdentityWithCustomGradient(out, func(_, v *graph.Node) *graph.Node {
		capture(v)
		return v
	})
}

// firstValue returns x's first element as a scalar.
func firstValue(x *graph.Node) *graph.Node {
	specs := make([]graph.SliceAxisSpec, x.Rank())
	for i := range specs {
		specs[i] = graph.AxisRange(0, 1)
	}
	return graph.Reshape(graph.Slice(x, specs...))
}

// im2col holds the gathered patches of each set of positions, and what is
// needed to scatter their gradients back onto the input.
type im2col struct {
	tapMajor bool
	patches  []*graph.Node // Rows: [m, taps·cin]. Tap-major: [taps, m].
	// scatter adds the patches' gradients (shaped like patches) back into
	// a gradient of the input, of shape xShape.
	scatter func(dps []*graph.Node, xShape shapes.Shape) *graph.Node
}

// newRows gathers, for each output position, the kh·kw·cin values under
// the kernel, shaped [m, taps·cin]. One GatherSlices copies, for each output
// position and kernel row, the kw·cin contiguous values of that row of the
// window (the image is channels-last, so they are neighbours in memory).
// Padding rows cost no copy of the image: windows rows that fall in them
// read a block of zeros appended to the image; padding columns are added
// with one Pad.
func newRows(xs *graph.Node, b, h, w, cin, padding, kh, kw, stride int, sets []positions) *im2col {
	g := xs.Graph()
	wp := w + 2*padding
	if padding > 0 {
		xs = graph.Pad(xs, graph.ScalarZero(g, xs.DType()), graph.PadAxis{}, graph.PadAxis{},
			graph.PadAxis{Start: padding, End: padding}, graph.PadAxis{})
	}
	n := b * h * wp // Pixels of the image; pixels n to n+kw-1 are zeros.
	flat := graph.Reshape(xs, n, cin)
	if padding > 0 {
		flat = graph.Concatenate([]*graph.Node{flat, graph.Zeros(g, shapes.Make(xs.DType(), kw, cin))}, 0)
	}
	im := &im2col{}
	var starts []*graph.Node
	for _, s := range sets {
		m := b * s.rows * s.cols
		idx := make([]int32, 0, m*kh)
		for bb := range b {
			for r := range s.rows {
				for c := range s.cols {
					r0 := (s.row0+r*s.rowStep)*stride - padding
					c0 := (s.col0 + c*s.colStep) * stride // In padded columns.
					for i := range kh {
						if y := r0 + i; y < 0 || y >= h {
							idx = append(idx, int32(n))
						} else {
							idx = append(idx, int32((bb*h+y)*wp+c0))
						}
					}
				}
			}
		}
		start := graph.Const(g, tensors.FromFlatDataAndDimensions(idx, m, kh, 1))
		starts = append(starts, start)
		im.patches = append(im.patches, graph.Reshape(graph.GatherSlices(flat, []int{0}, start, []int{kw}, false), m, kh*kw*cin))
	}
	im.scatter = func(dps []*graph.Node, xShape shapes.Shape) *graph.Node {
		acc := graph.ZerosLike(flat)
		for k, dp := range dps {
			updates := graph.Reshape(dp, dp.Shape().Dimensions[0], kh, kw, cin)
			// The gradient of GatherSlices, as GoMLX writes it.
			acc = graph.BackendScatterSum(acc, starts[k], updates, 2, []int{2, 3}, nil, []int{0}, false, false)
		}
		if padding == 0 {
			return graph.Reshape(acc, xShape.Dimensions...)
		}
		acc = graph.Reshape(leadingRows(acc, n), b*h, wp, cin) // Without the zeros.
		return graph.Reshape(columns(acc, padding, w), xShape.Dimensions...)
	}
	return im
}

// columns returns columns from to from+count of x [rows, columns, c], as
// one block copy per row.
func columns(x *graph.Node, from, count int) *graph.Node {
	start := graph.Const(x.Graph(), tensors.FromFlatDataAndDimensions([]int32{int32(from)}, 1, 1))
	d := x.Shape().Dimensions
	return graph.Reshape(graph.GatherSlices(x, []int{1}, start, []int{count}, false), d[0], count, d[2])
}

// leadingRows returns the first n rows of x, shaped [rows, ...]: one
// GatherSlices, which copies them as one block (graph.Slice would copy them
// value by value on the Go backend).
func leadingRows(x *graph.Node, n int) *graph.Node {
	sizes := append([]int{n}, x.Shape().Dimensions[1:]...)
	start := graph.Const(x.Graph(), tensors.FromFlatDataAndDimensions([]int32{0}, 1, 1))
	return graph.Reshape(graph.GatherSlices(x, []int{0}, start, sizes[:1], false), sizes...)
}

// newTapMajor gathers the patches of a one-channel input, stride 1, tap by
// tap: for each of the kh·kw kernel taps, the image shifted under it, rows of
// pixels at a time, shaped [taps, m]. Without pooling the shifted images are
// slices of x; with pooling, of x's space-to-depth rearrangement S[pr][pc][b]
// = x[b][2·R+pr][2·C+pc], so that the positions of each set are contiguous.
func newTapMajor(xs *graph.Node, b, h, w, padding, kh, kw int, sets []positions, pool bool) *im2col {
	g := xs.Graph()
	taps := kh * kw
	hp, wp := h+2*padding, w+2*padding
	extraH, extraW := 0, 0
	if pool { // Space-to-depth needs even sizes.
		extraH, extraW = hp%2, wp%2
	}
	xs = graph.Reshape(xs, b, h, w)
	if padding > 0 || extraH > 0 || extraW > 0 {
		xs = graph.Pad(xs, graph.ScalarZero(g, xs.DType()), graph.PadAxis{},
			graph.PadAxis{Start: padding, End: padding + extraH}, graph.PadAxis{Start: padding, End: padding + extraW})
	}
	hp, wp = hp+extraH, wp+extraW
	source := xs // [b, hp, wp]
	if pool {
		source = graph.TransposeAllAxes(graph.Reshape(xs, b, hp/2, 2, wp/2, 2), 2, 4, 0, 1, 3) // [2, 2, b, hp/2, wp/2]
	}
	axes := make([]int, source.Rank())
	for i := range axes {
		axes[i] = i
	}
	im := &im2col{tapMajor: true}
	var starts []*graph.Node
	var sizes []int
	for _, s := range sets {
		var idx []int32
		for i := range kh {
			for j := range kw {
				if pool {
					u, v := s.row0+i, s.col0+j
					idx = append(idx, int32(u%2), int32(v%2), 0, int32(u/2), int32(v/2))
				} else {
					idx = append(idx, 0, int32(i), int32(j))
				}
			}
		}
		start := graph.Const(g, tensors.FromFlatDataAndDimensions(idx, taps, source.Rank()))
		sizes = []int{b, s.rows, s.cols}
		if pool {
			sizes = []int{1, 1, b, s.rows, s.cols}
		}
		starts = append(starts, start)
		im.patches = append(im.patches, graph.Reshape(graph.GatherSlices(source, axes, start, sizes, false), taps, b*s.rows*s.cols))
	}
	im.scatter = func(dps []*graph.Node, xShape shapes.Shape) *graph.Node {
		acc := graph.ZerosLike(source)
		window := make([]int, source.Rank())
		for i := range window {
			window[i] = i + 1
		}
		for k, dp := range dps {
			updates := graph.Reshape(dp, append([]int{taps}, sizes...)...)
			// The gradient of graph.GatherSlices, as GoMLX writes it.
			acc = graph.BackendScatterSum(acc, starts[k], updates, 1, window, nil, axes, false, false)
		}
		if pool {
			acc = graph.Reshape(graph.TransposeAllAxes(acc, 2, 3, 0, 4, 1), b, hp, wp) // Back from space-to-depth.
		}
		return cropHW(graph.Reshape(acc, b, hp, wp, 1), padding, h, w)
	}
	return im
}

// cropHW returns x [b, H, W, c] without its first padding rows and columns,
// cut to h×w.
func cropHW(x *graph.Node, padding, h, w int) *graph.Node {
	d := x.Shape().Dimensions
	if padding == 0 && d[1] == h && d[2] == w {
		return x
	}
	return graph.Slice(x, graph.AxisRange(), graph.AxisRange(padding, padding+h), graph.AxisRange(padding, padding+w), graph.AxisRange())
}

// maxPoolGather is MaxPool2D in the MatMul formulation: the window×window
// shifted views of x are gathered (contiguous rows of channels) and combined
// with graph.Max, whose gradient goes to the first maximum.
func maxPoolGather(x *graph.Node, window, stride int) *graph.Node {
	g := x.Graph()
	d := x.Shape().Dimensions
	b, h, w, c := d[0], d[1], d[2], d[3]
	oh, ow := OutputSize(h, window, stride, 0), OutputSize(w, window, stride, 0)
	flat := graph.Reshape(x, b*h*w, c)
	var out *graph.Node
	for i := range window {
		for j := range window {
			idx := make([]int32, 0, b*oh*ow)
			for bb := range b {
				for r := range oh {
					for cc := range ow {
						idx = append(idx, int32((bb*h+r*stride+i)*w+cc*stride+j))
					}
				}
			}
			view := graph.Gather(flat, graph.Const(g, tensors.FromFlatDataAndDimensions(idx, b*oh*ow, 1)))
			if out == nil {
				out = view
			} else {
				out = graph.Max(out, view)
			}
		}
	}
	return graph.Reshape(out, b, oh, ow, c)
}
