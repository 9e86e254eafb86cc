package onnxzoo

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// TestImportGeneral imports the shipped file with Import, the general path
// of the online ImageNet cell (no batch edit: one image), and compares its
// outputs with the zoo's reference outputs.
func TestImportGeneral(t *testing.T) {
	_, raw, err := readFile(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Import(raw)
	if err != nil {
		t.Fatal(err)
	}
	if g.Nodes != 12 {
		t.Errorf("Import counts %d nodes, the file has 12", g.Nodes)
	}
	for i := range 3 {
		in, out := reference(t, i)
		got, err := g.Run(goBackend(t), in.floats, 1, 1, side, side)
		if err != nil {
			t.Fatal(err)
		}
		if err := closeTo(got, out.floats, 1e-4); err != nil {
			t.Errorf("test_data_set_%d through Import: %v", i, err)
		}
	}
	if _, err := Import([]byte("not a model")); err == nil {
		t.Error("Import accepted bytes that are not an ONNX model")
	}
}

// TestDropoutAsIdentity rewrites a Dropout node of opset 7 (one input, two
// outputs: the values and the mask, and a ratio attribute) and reads it
// back.
func TestDropoutAsIdentity(t *testing.T) {
	attr := message{stringField(attrName, "ratio")}
	n := message{stringField(nodeInput, "x"), stringField(nodeOutput, "y"), stringField(nodeOutput, "mask"),
		stringField(nodeName, "drop9"), stringField(nodeOpType, "Dropout"), {num: nodeAttribute, typ: 2, b: attr.encode()}}
	back, err := decode(dropoutAsIdentity(n).encode())
	if err != nil {
		t.Fatal(err)
	}
	if op := back.str(nodeOpType); op != "Identity" {
		t.Errorf("op %q, want Identity", op)
	}
	if in, out := back.strs(nodeInput), back.strs(nodeOutput); !slices.Equal(in, []string{"x"}) || !slices.Equal(out, []string{"y"}) {
		t.Errorf("inputs %q outputs %q, want [x] [y]", in, out)
	}
	if back.str(nodeName) != "drop9" {
		t.Errorf("the node's name is lost: %q", back.str(nodeName))
	}
	if attrs, _ := back.subs(nodeAttribute); len(attrs) != 0 {
		t.Errorf("Identity kept %d attributes; it takes none", len(attrs))
	}
}

// TestImageNetInput checks the preprocessing on a photo of one colour, where
// every value is (v/255 - mean)/std exactly, and on the course's cat, whose
// crop must be 3×224×224 with each channel's mean what the normalization of
// the photo's centre gives.
func TestImageNetInput(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			img.SetNRGBA(x, y, color.NRGBA{R: 200, G: 100, B: 50, A: 255})
		}
	}
	in, err := ImageNetInput(data.PhotoFromImage(img))
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 3*224*224 {
		t.Fatalf("%d values, want 3×224×224", len(in))
	}
	for c, v := range []float64{200, 100, 50} {
		want := (v/255 - float64(imageNetMean[c])) / float64(imageNetStd[c])
		for _, got := range in[c*224*224 : (c+1)*224*224] {
			if math.Abs(float64(got)-want) > 1e-5 {
				t.Fatalf("channel %d holds %g, want %g", c, got, want)
			}
		}
	}
	cat, err := data.LoadPhoto("chelsea")
	if err != nil {
		t.Fatal(err)
	}
	in, err = ImageNetInput(cat)
	if err != nil {
		t.Fatal(err)
	}
	// The crop is the photo's centre square scaled by 256/height: its
	// channel means are close to the photo's centre region's.
	side := int(224 * float64(cat.Height) / 256)
	x0, y0 := (cat.Width-side)/2, (cat.Height-side)/2
	for c := range 3 {
		var photo, crop float64
		for y := y0; y < y0+side; y++ {
			for x := x0; x < x0+side; x++ {
				photo += float64(cat.At(y, x, c))
			}
		}
		photo = (photo/float64(side*side) - float64(imageNetMean[c])) / float64(imageNetStd[c])
		for _, v := range in[c*224*224 : (c+1)*224*224] {
			crop += float64(v)
		}
		crop /= 224 * 224
		if math.Abs(crop-photo) > 0.02 {
			t.Errorf("channel %d: the crop's mean is %.3f, the photo's centre %.3f", c, crop, photo)
		}
	}
	if _, err := ImageNetInput(nil); err == nil {
		t.Error("ImageNetInput accepted no photo")
	}
}

// TestTopClasses checks that logits get a softmax and probabilities do not.
func TestTopClasses(t *testing.T) {
	logits := make([]float32, 1000)
	logits[281], logits[7] = 2, 1
	top, err := TopClasses(logits, 2)
	if err != nil {
		t.Fatal(err)
	}
	z := math.E*math.E + math.E + 998
	if top[0].Class != 281 || top[0].Name != "tabby cat" || math.Abs(top[0].Probability-math.E*math.E/z) > 1e-9 || top[1].Class != 7 || math.Abs(top[1].Probability-math.E/z) > 1e-9 {
		t.Errorf("softmax of the logits: %+v", top)
	}
	probs := make([]float32, 1000)
	probs[3], probs[285] = 0.25, 0.75
	top, err = TopClasses(probs, 2)
	if err != nil {
		t.Fatal(err)
	}
	if top[0].Class != 285 || math.Abs(top[0].Probability-0.75) > 1e-6 || top[1].Class != 3 {
		t.Errorf("probabilities taken as they are: %+v", top)
	}
	if _, err := TopClasses(probs[:10], 5); err == nil {
		t.Error("TopClasses accepted 10 values")
	}
}
