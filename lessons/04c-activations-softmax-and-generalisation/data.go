package generalisation

import (
	"fmt"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// Splits are the lesson's Fashion-MNIST images, drawn once from a fixed
// shuffle of the 60,000 training images (so no image is in two of them),
// and the test set:
//
//   - Small, 1,000 images: few enough for a big network to memorise;
//   - Large, 20,000 images, for sections 1 and 2;
//   - Validation, 5,000 images, where every choice of the lesson is made;
//   - Test, Fashion-MNIST's own 10,000 test images, measured once, at the end.
type Splits struct {
	Small, Large, Validation, Test *data.Dataset
}

// SplitSizes is how many images each split has.
type SplitSizes struct {
	Small, Large, Validation, Test int
}

// FullSizes are the splits of the lesson; QuickSizes those of its quick run
// (COURSE_QUICK=1, what the tests execute).
var (
	FullSizes  = SplitSizes{Small: 1000, Large: 20000, Validation: 5000, Test: 10000}
	QuickSizes = SplitSizes{Small: 300, Large: 3000, Validation: 1000, Test: 2000}
)

// Sizes is FullSizes, or QuickSizes in the quick run.
func Sizes() SplitSizes {
	if nnlib.Quick() {
		return QuickSizes
	}
	return FullSizes
}

// LoadSplits loads Fashion-MNIST, flattened to 784 values per image, and
// cuts it into the splits, shuffled by seed.
func LoadSplits(s SplitSizes, seed uint32) (Splits, error) {
	all, err := data.FashionMNIST(data.Train)
	if err != nil {
		return Splits{}, err
	}
	test, err := data.FashionMNIST(data.Test)
	if err != nil {
		return Splits{}, err
	}
	if s.Small+s.Large+s.Validation > all.Len() || s.Test > test.Len() || s.Small < 1 || s.Validation < 1 || s.Test < 1 {
		return Splits{}, fmt.Errorf("splits of %+v images do not fit Fashion-MNIST's %d training and %d test images", s, all.Len(), test.Len())
	}
	order := data.Permutation(all.Len(), seed)
	take := func(from, n int) (*data.Dataset, error) {
		d, err := all.Subset(order[from : from+n])
		if err != nil {
			return nil, err
		}
		return flat(d), nil
	}
	var out Splits
	if out.Small, err = take(0, s.Small); err != nil {
		return Splits{}, err
	}
	if out.Validation, err = take(s.Small, s.Validation); err != nil {
		return Splits{}, err
	}
	if out.Large, err = take(s.Small+s.Validation, s.Large); err != nil {
		return Splits{}, err
	}
	t, err := test.Subset(data.Permutation(test.Len(), seed)[:s.Test])
	if err != nil {
		return Splits{}, err
	}
	out.Test = flat(t)
	out.Small.Name, out.Large.Name = "Fashion-MNIST, 1,000 training images", "Fashion-MNIST, 20,000 training images"
	out.Validation.Name, out.Test.Name = "Fashion-MNIST validation", "Fashion-MNIST test"
	return out, nil
}

// flat gives d's images the shape [784], as a dense layer takes them.
func flat(d *data.Dataset) *data.Dataset {
	d.Shape = []int{d.Dim()}
	return d
}

// Augment shifts each image of b by up to 2 pixels in each direction (the
// uncovered border black) and mirrors it left to right with probability ½,
// drawing from rng: a new variant of every training image at every epoch.
func Augment(rng func() uint64) func(b *data.Batch) {
	return func(b *data.Batch) {
		const side = 28
		img := make([]float32, side*side)
		for k := range b.Len() {
			x := b.X[k*side*side : (k+1)*side*side]
			r := rng()
			dx, dy, flip := int(r%5)-2, int(r/5%5)-2, r/25%2 == 1
			copy(img, x)
			for row := range side {
				for col := range side {
					c := col - dx
					if flip {
						c = side - 1 - c
					}
					rr := row - dy
					v := float32(0)
					if rr >= 0 && rr < side && c >= 0 && c < side {
						v = img[rr*side+c]
					}
					x[row*side+col] = v
				}
			}
		}
	}
}
