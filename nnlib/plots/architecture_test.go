package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// vgg16Layers is VGG16 as cnn.VGG16().ArchLayers() gives it (the plots
// package cannot import cnn, which imports it): the input, 13
// convolutions in 5 blocks each ending with a pooling, and 3 dense layers.
func vgg16Layers() []ArchLayer {
	layers := []ArchLayer{{Name: "input", Kind: ArchInput, Height: 224, Width: 224, Channels: 3}}
	side := 224
	for b, block := range [][]int{{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}} {
		for c, filters := range block {
			layers = append(layers, ArchLayer{Name: fmt.Sprintf("block%d_conv%d", b+1, c+1), Kind: ArchConv, Height: side, Width: side, Channels: filters, Kernel: 3})
		}
		side /= 2
		layers = append(layers, ArchLayer{Name: fmt.Sprintf("block%d_pool", b+1), Kind: ArchPool, Height: side, Width: side, Channels: block[0], Kernel: 2})
	}
	return append(layers,
		ArchLayer{Name: "fc1", Kind: ArchDense, Height: 1, Width: 1, Channels: 4096},
		ArchLayer{Name: "fc2", Kind: ArchDense, Height: 1, Width: 1, Channels: 4096},
		ArchLayer{Name: "predictions", Kind: ArchSoftmax, Height: 1, Width: 1, Channels: 1000})
}

// checkArchitecture lays layers out and checks the figure by its data: one
// box per layer in order, left to right, coloured by kind; faces as tall as
// the square root of the image's height and as deep as that of its width,
// as thick as the logarithm of the channels; dense bars as tall as the
// logarithm of their units; everything inside the drawing, no caption on
// a box or another caption, the legend off everything else.
func checkArchitecture(t *testing.T, layers []ArchLayer) *ArchitectureLayout {
	t.Helper()
	lay, err := NewArchitectureLayout(layers)
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.Boxes) != len(layers) {
		t.Fatalf("%d boxes for %d layers", len(lay.Boxes), len(layers))
	}
	ref, bar := -1, -1 // The first image layer and the first dense bar, to compare with.
	for i, b := range lay.Boxes {
		l := layers[i]
		if b.Layer != i || b.Kind != l.Kind || b.Fill != ArchColor(l.Kind) {
			t.Errorf("box %d: layer %d, kind %q, fill %v; want layer %d, %q, %v", i, b.Layer, b.Kind, b.Fill, i, l.Kind, ArchColor(l.Kind))
		}
		if b.Y != lay.Boxes[0].Y {
			t.Errorf("box %d stands at %g, box 0 at %g: all stand on the floor", i, b.Y, lay.Boxes[0].Y)
		}
		if i > 0 && b.X <= lay.Boxes[i-1].Front().MaxX {
			t.Errorf("box %d (%s) starts at %g, before box %d ends at %g: the layers go left to right", i, l.Name, b.X, i-1, lay.Boxes[i-1].Front().MaxX)
		}
		if name, ok := lay.BoxOf(l.Name); !ok || name != b {
			t.Errorf("BoxOf(%q) = %+v, %v", l.Name, name, ok)
		}
		close := func(what string, got, want float64) {
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("box %d (%s): %s %g, want %g", i, l.Name, what, got, want)
			}
		}
		if l.Kind == ArchDense || l.Kind == ArchSoftmax {
			if bar < 0 {
				bar = i
				continue
			}
			r := lay.Boxes[bar]
			close("bar height ratio", b.H/r.H, math.Log2(float64(l.Channels)+1)/math.Log2(float64(layers[bar].Channels)+1))
			close("bar thickness", b.W, r.W)
			continue
		}
		if ref < 0 {
			ref = i
			continue
		}
		r, rl := lay.Boxes[ref], layers[ref]
		close("height ratio", b.H/r.H, math.Sqrt(float64(l.Height)/float64(rl.Height)))
		close("depth ratio", b.DY/r.DY, math.Sqrt(float64(l.Width)/float64(rl.Width)))
		close("thickness ratio", b.W/r.W, math.Log2(float64(l.Channels)+1)/math.Log2(float64(rl.Channels)+1))
	}
	// Boxes of different blocks stay apart, their depth included.
	for k, g := range lay.Groups {
		for _, h := range lay.Groups[k+1:] {
			for i := g.First; i <= g.Last; i++ {
				for j := h.First; j <= h.Last; j++ {
					if lay.Boxes[i].Extent().Overlaps(lay.Boxes[j].Extent()) {
						t.Errorf("boxes %d (%s) and %d (%s), of different blocks, overlap", i, layers[i].Name, j, layers[j].Name)
					}
				}
			}
		}
	}
	nodes, texts, _ := lay.Bounds(archArea())
	for i, b := range lay.Boxes {
		if !UnitSquare.Contains(b.Extent()) {
			t.Errorf("box %d (%s) leaves the drawing: %+v", i, layers[i].Name, b.Extent())
		}
		for k, r := range texts {
			if r.Overlaps(b.Extent()) {
				t.Errorf("text %q lies on box %d (%s)", lay.Texts[k], i, layers[i].Name)
			}
		}
		for k, r := range nodes {
			if r.Overlaps(b.Extent()) {
				t.Errorf("legend swatch %d lies on box %d (%s)", k, i, layers[i].Name)
			}
		}
	}
	for k, r := range texts {
		if !UnitSquare.Contains(r) {
			t.Errorf("text %q leaves the drawing: %+v", lay.Texts[k], r)
		}
		for j := k + 1; j < len(texts); j++ {
			if r.Overlaps(texts[j]) {
				t.Errorf("texts %q and %q overlap", lay.Texts[k], lay.Texts[j])
			}
		}
		for j, n := range nodes {
			if r.Overlaps(n) {
				t.Errorf("text %q lies on legend swatch %d", lay.Texts[k], j)
			}
		}
	}
	// The legend: one swatch of each kind drawn but the input, in
	// archKinds's order, each with its text on its right.
	var kinds []string
	for _, k := range archKinds {
		if slices.ContainsFunc(layers, func(l ArchLayer) bool { return l.Kind == k.kind }) {
			kinds = append(kinds, k.kind)
		}
	}
	swatches := lay.NodesOf("legend")
	if len(swatches) != len(kinds) || len(lay.TextsOf("legend")) != len(kinds) {
		t.Fatalf("legend of %d swatches and %d texts, want %d: %v", len(swatches), len(lay.TextsOf("legend")), len(kinds), kinds)
	}
	for e, n := range swatches {
		if lay.Nodes[n].Fill != ArchColor(kinds[e]) {
			t.Errorf("legend entry %d (%s) has fill %v, want %v", e, lay.TextsOf("legend")[e], lay.Nodes[n].Fill, ArchColor(kinds[e]))
		}
	}
	return lay
}

// TestArchitectureVGG16 checks VGG16's figure: its boxes as
// checkArchitecture wants them, a block per group of convolutions with its
// pooling, captioned with what it computes and the shape it gives, and a
// legend of the four kinds.
func TestArchitectureVGG16(t *testing.T) {
	layers := vgg16Layers()
	lay := checkArchitecture(t, layers)
	above := []string{"input", "conv 3×3, 64", "conv 3×3, 128", "conv 3×3, 256", "conv 3×3, 512", "conv 3×3, 512", "dense", "softmax"}
	under := []string{"224×224×3", "224×224×64", "112×112×128", "56×56×256", "28×28×512", "14×14×512", "4096", "1000"}
	if got := lay.TextsOf("above"); !slices.Equal(got, above) {
		t.Errorf("captions above %q, want %q", got, above)
	}
	if got := lay.TextsOf("under"); !slices.Equal(got, under) {
		t.Errorf("captions under %q, want %q", got, under)
	}
	// Blocks: the input; 2, 2, 3, 3, 3 convolutions and a pooling; fc1
	// and fc2; predictions.
	var sizes []int
	for _, g := range lay.Groups {
		sizes = append(sizes, g.Last-g.First+1)
	}
	if !slices.Equal(sizes, []int{1, 3, 3, 4, 4, 4, 2, 1}) {
		t.Errorf("blocks of %v layers", sizes)
	}
	if want := []string{"convolution + ReLU", "max pooling", "dense + ReLU", "dense + softmax"}; !slices.Equal(lay.TextsOf("legend"), want) {
		t.Errorf("legend %q, want %q", lay.TextsOf("legend"), want)
	}
	// The colours of the kinds differ.
	for i, a := range archKinds {
		for _, b := range archKinds[i+1:] {
			if ArchColor(a.kind) == ArchColor(b.kind) {
				t.Errorf("%s and %s share a colour", a.kind, b.kind)
			}
		}
	}
	// 224 is the tallest face; 7×7 is √(1/32) of it; 512 channels are
	// log₂ 513 / log₂ 65 ≈ 1.5 times as thick as 64.
	b11, _ := lay.BoxOf("block1_conv1")
	p5, _ := lay.BoxOf("block5_pool")
	c51, _ := lay.BoxOf("block5_conv1")
	if b11.H < 0.45 || math.Abs(p5.H/b11.H-math.Sqrt(1.0/32)) > 1e-9 || math.Abs(c51.W/b11.W-math.Log2(513)/math.Log2(65)) > 1e-9 {
		t.Errorf("block1_conv1 %+v, block5_pool %+v, block5_conv1 %+v", b11, p5, c51)
	}
	p := mustPlot(t)(Architecture("VGG16", layers))
	checkPNG(t, p, Width, Height)
}

// TestArchitectureSmall checks a small VGG-style network (16×16 grey
// images, blocks of 4 and 8+8 filters, a dense layer of 16, 10 classes),
// which leaves room: it is centred.
func TestArchitectureSmall(t *testing.T) {
	layers := []ArchLayer{
		{Name: "input", Kind: ArchInput, Height: 16, Width: 16, Channels: 1},
		{Name: "block1_conv1", Kind: ArchConv, Height: 16, Width: 16, Channels: 4, Kernel: 3},
		{Name: "block1_pool", Kind: ArchPool, Height: 8, Width: 8, Channels: 4, Kernel: 2},
		{Name: "block2_conv1", Kind: ArchConv, Height: 8, Width: 8, Channels: 8, Kernel: 3},
		{Name: "block2_conv2", Kind: ArchConv, Height: 8, Width: 8, Channels: 8, Kernel: 3},
		{Name: "block2_pool", Kind: ArchPool, Height: 4, Width: 4, Channels: 8, Kernel: 2},
		{Name: "fc1", Kind: ArchDense, Height: 1, Width: 1, Channels: 16},
		{Name: "predictions", Kind: ArchSoftmax, Height: 1, Width: 1, Channels: 10},
	}
	lay := checkArchitecture(t, layers)
	if got, want := lay.TextsOf("under"), []string{"16×16×1", "16×16×4", "8×8×8", "16", "10"}; !slices.Equal(got, want) {
		t.Errorf("captions under %q, want %q", got, want)
	}
	_, texts, _ := lay.Bounds(archArea())
	left, right := 1.0, 0.0
	for i, tx := range lay.Texts {
		if tx.Role != "legend" {
			left, right = min(left, texts[i].MinX), max(right, texts[i].MaxX)
		}
	}
	for _, b := range lay.Boxes {
		left, right = min(left, b.X), max(right, b.Extent().MaxX)
	}
	if math.Abs(left-archLeft-(archRight-right)) > 1e-6 {
		t.Errorf("the figure spans %g to %g: not centred", left, right)
	}
	// A non-square image: deeper than tall.
	wide := checkArchitecture(t, []ArchLayer{
		{Name: "input", Kind: ArchInput, Height: 8, Width: 32, Channels: 3},
		{Name: "conv", Kind: ArchConv, Height: 8, Width: 32, Channels: 16, Kernel: 5},
		{Name: "out", Kind: ArchSoftmax, Height: 1, Width: 1, Channels: 2},
	})
	if got := wide.TextsOf("above"); !slices.Equal(got, []string{"input", "conv 5×5, 16", "softmax"}) {
		t.Errorf("captions above %q", got)
	}
	checkPNG(t, mustPlot(t)(Architecture("A small VGG", layers)), Width, Height)
}

// TestArchitectureErrors checks that bad layers are refused with a
// sentence.
func TestArchitectureErrors(t *testing.T) {
	many := make([]ArchLayer, 61)
	for i := range many {
		many[i] = ArchLayer{Kind: ArchConv, Height: 8, Width: 8, Channels: 8}
	}
	for _, tc := range []struct {
		name   string
		layers []ArchLayer
		want   string
	}{
		{"none", nil, "at least one layer"},
		{"unknown kind", []ArchLayer{{Name: "x", Kind: "lstm", Height: 1, Width: 1, Channels: 1}}, `kind "lstm"`},
		{"zero channels", []ArchLayer{{Name: "x", Kind: ArchConv, Height: 8, Width: 8}}, "must be positive"},
		{"too many", many, "at most 60"},
	} {
		_, err := Architecture("bad", tc.layers)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
