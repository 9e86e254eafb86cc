package data

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomediumitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
)

// PrintedFonts names the typefaces PrintedDigits draws with: the ten Go
// fonts (Bigelow & Holmes, BSD licence) that come with the Go module
// golang.org/x/image, so the digits are the same on every machine and need
// no font package.
var PrintedFonts = []string{"Go Regular", "Go Italic", "Go Medium", "Go Medium Italic", "Go Bold",
	"Go Bold Italic", "Go Mono", "Go Mono Italic", "Go Mono Bold", "Go Mono Bold Italic"}

var printedTTFs = [][]byte{goregular.TTF, goitalic.TTF, gomedium.TTF, gomediumitalic.TTF, gobold.TTF,
	gobolditalic.TTF, gomono.TTF, gomonoitalic.TTF, gomonobold.TTF, gomonobolditalic.TTF}

// PrintedDigits renders perClass images of each digit 0–9 in printed type,
// shaped and prepared as MNIST's handwritten digits are (LeCun et al.): a
// 28×28 grey image, white digit on black in [0, 1], the digit scaled to fit
// a 20×20 box and centred by its centre of mass. Each image takes one of
// PrintedFonts at random, and a random slant of up to ±8° and stroke width
// (through the scale), so that no two are alike; the same seed gives the
// same images. It is the "different domain, same task" of lesson 05e: the
// same ten classes as MNIST, drawn by a machine rather than a hand.
//
// The classes come in order of seed's shuffle (not grouped by digit);
// ClassNames are DigitClasses.
func PrintedDigits(perClass int, seed uint32) (*Dataset, error) {
	if perClass < 1 || perClass > 100000 {
		return nil, fmt.Errorf("PrintedDigits needs 1 ≤ perClass ≤ 100000, got %d", perClass)
	}
	faces := make([]*opentype.Font, len(printedTTFs))
	for i, ttf := range printedTTFs {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("PrintedDigits: the font %s: %w", PrintedFonts[i], err)
		}
		faces[i] = f
	}
	const size = 64 // Points at 72 dpi: pixels of the first, large rendering.
	drawn := make([]font.Face, len(faces))
	for i, f := range faces {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("PrintedDigits: the font %s: %w", PrintedFonts[i], err)
		}
		drawn[i] = face
	}
	n := 10 * perClass
	d := &Dataset{Name: "printed digits (Go fonts)", X: make([]float32, n*28*28), Shape: []int{28, 28, 1},
		Labels: make([]int, n), ClassNames: DigitClasses}
	r := newNumpyRand(seed)
	order := r.permutation(n)
	for k := range n {
		digit := k % 10
		face := int(r.interval(uint32(len(drawn) - 1)))
		angle := r.uniform(-8, 8) * math.Pi / 180
		fill := r.uniform(16, 20) // Side of the box the digit's longer side is scaled to, ≤ 20 as MNIST's.
		i := order[k]
		d.Labels[i] = digit
		renderDigit(d.X[i*784:(i+1)*784], drawn[face], digit, angle, fill)
	}
	return d, nil
}

// renderDigit draws digit with face, turned by angle (radians), its longer
// side scaled to fill pixels, into the 28×28 image out, MNIST's way.
func renderDigit(out []float32, face font.Face, digit int, angle, fill float64) {
	const canvas = 128
	src := image.NewGray(image.Rect(0, 0, canvas, canvas))
	dr := &font.Drawer{Dst: src, Src: image.NewUniform(color.Gray{Y: 255}), Face: face}
	s := fmt.Sprint(digit)
	w := dr.MeasureString(s)
	dr.Dot = fixed.Point26_6{X: fixed.I(canvas/2) - w/2, Y: fixed.I(canvas/2 + 22)}
	dr.DrawString(s)

	// Turn about the canvas's centre.
	c, sn := math.Cos(angle), math.Sin(angle)
	turned := image.NewGray(src.Bounds())
	m := f64.Aff3{c, -sn, canvas / 2 * (1 - c + sn), sn, c, canvas / 2 * (1 - c - sn)}
	draw.BiLinear.Transform(turned, m, src, src.Bounds(), draw.Src, nil)

	// The digit's bounding box, scaled so that its longer side is fill.
	box := image.Rectangle{}
	for y := range canvas {
		for x := range canvas {
			if turned.GrayAt(x, y).Y > 0 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Empty() {
		return
	}
	scale := fill / float64(max(box.Dx(), box.Dy()))
	bw, bh := max(1, int(math.Round(float64(box.Dx())*scale))), max(1, int(math.Round(float64(box.Dy())*scale)))
	small := image.NewGray(image.Rect(0, 0, bw, bh))
	draw.CatmullRom.Scale(small, small.Bounds(), turned, box, draw.Src, nil)

	// Centre of mass of the small image, put at the 28×28 image's centre.
	var mass, mx, my float64
	for y := range bh {
		for x := range bw {
			v := float64(small.GrayAt(x, y).Y)
			mass += v
			mx += v * (float64(x) + 0.5)
			my += v * (float64(y) + 0.5)
		}
	}
	if mass == 0 {
		return
	}
	ox := int(math.Round(14 - mx/mass))
	oy := int(math.Round(14 - my/mass))
	for y := range bh {
		for x := range bw {
			tx, ty := x+ox, y+oy
			if tx >= 0 && tx < 28 && ty >= 0 && ty < 28 {
				out[ty*28+tx] = float32(small.GrayAt(x, y).Y) / 255
			}
		}
	}
}
