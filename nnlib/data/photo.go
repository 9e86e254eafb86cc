package data

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // Decodes rocket.jpg.
	_ "image/png"  // Decodes the PNG photographs.
	"path"
	"sort"
	"strings"
)

// Photo is a colour photograph as numbers: Height×Width pixels of 3 channels
// (red, green, blue), each in [0, 1], stored row by row with the channels
// last (HWC), the layout of GoMLX's images.
type Photo struct {
	Name          string
	Height, Width int
	Pix           []float32 // Height*Width*3 values; pixel (y, x) channel c is Pix[(y*Width+x)*3+c].
}

// PhotoNames lists the photographs LoadPhoto knows: "chelsea" (shipped with
// the course) and, once installed, "astronaut", "coffee" and "rocket".
func PhotoNames() []string {
	var names []string
	for _, s := range []string{"photos", "more-photos"} {
		src, _ := LookupSource(s)
		for _, f := range src.Files {
			base := path.Base(f.Name)
			names = append(names, strings.TrimSuffix(base, path.Ext(base)))
		}
	}
	sort.Strings(names)
	return names
}

// LoadPhoto loads one of PhotoNames, checked by SHA-256.
func LoadPhoto(name string) (*Photo, error) {
	for _, s := range []string{"photos", "more-photos"} {
		src, err := LookupSource(s)
		if err != nil {
			return nil, err
		}
		for _, f := range src.Files {
			base := path.Base(f.Name)
			if strings.TrimSuffix(base, path.Ext(base)) != name {
				continue
			}
			raw, err := src.read(f)
			if err != nil {
				return nil, err
			}
			img, _, err := image.Decode(bytes.NewReader(raw))
			if err != nil {
				return nil, fmt.Errorf("photo %s cannot be decoded (%v)", name, err)
			}
			p := PhotoFromImage(img)
			p.Name = name
			return p, nil
		}
	}
	return nil, fmt.Errorf("there is no photo %q: choose one of %s", name, strings.Join(PhotoNames(), ", "))
}

// PhotoFromImage converts any image (e.g. one decoded from a file of your
// own) to a Photo, dropping the alpha channel.
func PhotoFromImage(img image.Image) *Photo {
	b := img.Bounds()
	p := &Photo{Height: b.Dy(), Width: b.Dx(), Pix: make([]float32, 0, b.Dx()*b.Dy()*3)}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			p.Pix = append(p.Pix, float32(c.R)/255, float32(c.G)/255, float32(c.B)/255)
		}
	}
	return p
}

// At returns channel c (0 red, 1 green, 2 blue) of pixel (y, x).
func (p *Photo) At(y, x, c int) float32 { return p.Pix[(y*p.Width+x)*3+c] }

// Gray returns the photograph in grey levels, Height×Width values in [0, 1],
// with the ITU-R BT.601 weights 0.299 R + 0.587 G + 0.114 B.
func (p *Photo) Gray() []float32 {
	g := make([]float32, p.Height*p.Width)
	for i := range g {
		r, gr, b := p.Pix[3*i], p.Pix[3*i+1], p.Pix[3*i+2]
		g[i] = 0.299*r + 0.587*gr + 0.114*b
	}
	return g
}

// Image converts the photograph back to an image.Image, e.g. to show it or
// to save it with image/png; values outside [0, 1] are clipped.
func (p *Photo) Image() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, p.Width, p.Height))
	for i := 0; i < p.Height*p.Width; i++ {
		img.Pix[4*i] = toByte(p.Pix[3*i])
		img.Pix[4*i+1] = toByte(p.Pix[3*i+1])
		img.Pix[4*i+2] = toByte(p.Pix[3*i+2])
		img.Pix[4*i+3] = 255
	}
	return img
}

func toByte(v float32) uint8 {
	return uint8(min(max(v*255+0.5, 0), 255))
}
