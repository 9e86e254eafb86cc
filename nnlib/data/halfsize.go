package data

import "fmt"

// HalfSize returns a copy of d with every image halved in height and width:
// each output pixel is the mean of a 2×2 square of input pixels, channel by
// channel (an odd last row or column is dropped). d's examples must be
// images, of shape [height, width, channels]. Fashion-MNIST at 14×14 keeps
// its classes recognisable, and a convolutional network on it costs a
// quarter as much: lesson 05d trains a dozen deep networks that way.
func HalfSize(d *Dataset) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(d.Shape) != 3 || d.Shape[0] < 2 || d.Shape[1] < 2 {
		return nil, fmt.Errorf("HalfSize needs images of shape [height width channels], at least 2×2; %s has examples of shape %v: reshape it with d.Reshape(h, w, c)", d.describe(), d.Shape)
	}
	h, w, c := d.Shape[0], d.Shape[1], d.Shape[2]
	oh, ow := h/2, w/2
	out := d.emptyLike(0)
	out.Shape = []int{oh, ow, c}
	out.X = make([]float32, d.Len()*oh*ow*c)
	out.Labels = d.Labels
	if d.Labels != nil {
		out.Labels = append([]int(nil), d.Labels...)
	}
	out.Targets = append([]float32(nil), d.Targets...)
	dim, odim := h*w*c, oh*ow*c
	for i := range d.Len() {
		src, dst := d.X[i*dim:(i+1)*dim], out.X[i*odim:(i+1)*odim]
		for r := range oh {
			for col := range ow {
				for k := range c {
					at := func(dr, dc int) float32 { return src[((2*r+dr)*w+2*col+dc)*c+k] }
					dst[(r*ow+col)*c+k] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4
				}
			}
		}
	}
	return out, nil
}
