package cnn

import (
	"fmt"
	"slices"
	"sort"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// stagesModel returns a model function that outputs every stage of the
// feature extraction (Arch.Stages), computed one layer at a time:
// Relu(Conv2D + bias), then MaxPool2D, in formulation f.
func (a Arch) stagesModel(f Formulation) func(scope *model.Scope, x *graph.Node) []*graph.Node {
	a = a.clone()
	return func(scope *model.Scope, x *graph.Node) []*graph.Node {
		g := x.Graph()
		var outs []*graph.Node
		for l, filters := range a.Filters {
			s := scope.In("%s", ConvScope(l+1))
			cin := x.Shape().Dimensions[3]
			kernel := s.VariableWithShape("kernel", shapesOf(x, a.Kernel, a.Kernel, cin, filters)).NodeValue(g)
			bias := s.VariableWithShape("bias", shapesOf(x, filters)).NodeValue(g)
			x = Conv2D(x, kernel, 1, a.Padding, f)
			x = activation.Relu(graph.Add(x, graph.Reshape(bias, 1, 1, 1, filters)))
			outs = append(outs, x)
			x = MaxPool2D(x, 2, 2, f)
			outs = append(outs, x)
		}
		return outs
	}
}

// FeatureMaps holds the output of one stage for one image: Maps[c][r][col]
// is channel c at row r, column col.
type FeatureMaps struct {
	Stage Stage
	Maps  [][][]float64
}

// Activations runs the network's feature extraction on d's images at the
// given indexes and returns, for each image, the feature maps of every stage
// (Arch.Stages): conv1 (after ReLU), pool1, conv2, pool2, ...
func (n Net) Activations(backend compute.Backend, d *data.Dataset, indexes []int, f Formulation) ([][]FeatureMaps, error) {
	if err := checkImages(n.Arch, d, false); err != nil {
		return nil, err
	}
	var out [][]FeatureMaps
	err := n.eachBatch(backend, d, indexes, f, func(first int, stages []*tensors.Tensor) error {
		values := make([][]float32, len(stages))
		for s, t := range stages {
			v, err := tensors.CopyFlatData[float32](t)
			if err != nil {
				return err
			}
			values[s] = v
		}
		batch := stages[0].Shape().Dimensions[0]
		for i := range min(batch, len(indexes)-first) {
			var maps []FeatureMaps
			for s, st := range n.Arch.Stages() {
				fm := FeatureMaps{Stage: st, Maps: make([][][]float64, st.Channels)}
				size := st.Height * st.Width * st.Channels
				img := values[s][i*size : (i+1)*size]
				for c := range st.Channels {
					fm.Maps[c] = make([][]float64, st.Height)
					for r := range st.Height {
						fm.Maps[c][r] = make([]float64, st.Width)
						for col := range st.Width {
							fm.Maps[c][r][col] = float64(img[(r*st.Width+col)*st.Channels+c])
						}
					}
				}
				maps = append(maps, fm)
			}
			out = append(out, maps)
		}
		return nil
	})
	return out, err
}

// eachBatch runs the stages model on the images at indexes (all of d's if
// nil), evalBatch at a time, and calls fn with the index (in indexes) of the
// batch's first image and the stages' outputs (the last batch is padded
// with zero images).
func (n Net) eachBatch(backend compute.Backend, d *data.Dataset, indexes []int, f Formulation, fn func(first int, stages []*tensors.Tensor) error) (err error) {
	if indexes == nil {
		indexes = make([]int, d.Len())
		for i := range indexes {
			indexes[i] = i
		}
	}
	for _, i := range indexes {
		if i < 0 || i >= d.Len() {
			return fmt.Errorf("cnn: image %d is out of range: %s has %d", i, d.Name, d.Len())
		}
	}
	store, err := n.Store()
	if err != nil {
		return err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	exec, err := model.NewExec(backend, store, n.Arch.stagesModel(f))
	if err != nil {
		return err
	}
	a, dim := n.Arch, d.Dim()
	batch := min(evalBatch, len(indexes))
	for first := 0; first < len(indexes); first += batch {
		images := make([]float32, batch*dim)
		for k := range min(batch, len(indexes)-first) {
			copy(images[k*dim:(k+1)*dim], d.Row(indexes[first+k]))
		}
		outs, err := exec.Exec(tensors.FromFlatDataAndDimensions(images, batch, a.Height, a.Width, a.Channels))
		if err != nil {
			return err
		}
		if err := fn(first, outs); err != nil {
			return err
		}
	}
	return nil
}

// Patch is a square of an input image: the receptive field of one value of a
// feature map, with that value.
type Patch struct {
	Map        int       // The feature map (channel).
	Image      int       // Index of the image in the data set.
	Row, Col   int       // Position of the value in the feature map.
	Activation float64   // The value.
	Top, Left  int       // Where the field starts in the image (may be negative or overflow at the borders: those pixels are 0).
	Size       int       // Side of the square.
	Pixels     []float64 // Size×Size×Channels values, channels last.
}

// TopPatches finds, for each of the feature maps maps of stage, the k image
// patches of d that excite it most (Zeiler and Fergus' "top 9"): the
// receptive fields of its k largest values over all of d's images, at most
// one per image. They are returned map by map, strongest first.
func (n Net) TopPatches(backend compute.Backend, d *data.Dataset, stage string, maps []int, k int, f Formulation) ([][]Patch, error) {
	if err := checkImages(n.Arch, d, false); err != nil {
		return nil, err
	}
	stages := n.Arch.Stages()
	si := slices.IndexFunc(stages, func(s Stage) bool { return s.Name == stage })
	if si < 0 {
		_, err := n.Arch.Stage(stage)
		return nil, err
	}
	st := stages[si]
	for _, m := range maps {
		if m < 0 || m >= st.Channels {
			return nil, fmt.Errorf("cnn: %s has %d feature maps (0 to %d), not %d", stage, st.Channels, st.Channels-1, m)
		}
	}
	if k < 1 {
		return nil, fmt.Errorf("cnn: asked for %d patches per map", k)
	}
	best := make([][]Patch, len(maps)) // Per map: the best value of each image seen, kept to the k largest.
	err := n.eachBatch(backend, d, nil, f, func(first int, outs []*tensors.Tensor) error {
		values, err := tensors.CopyFlatData[float32](outs[si])
		if err != nil {
			return err
		}
		size := st.Height * st.Width * st.Channels
		for i := range min(outs[si].Shape().Dimensions[0], d.Len()-first) {
			img := values[i*size : (i+1)*size]
			for mi, m := range maps {
				p := Patch{Map: m, Image: first + i, Activation: -1}
				for r := range st.Height {
					for c := range st.Width {
						if v := float64(img[(r*st.Width+c)*st.Channels+m]); v > p.Activation {
							p.Activation, p.Row, p.Col = v, r, c
						}
					}
				}
				best[mi] = keepTop(best[mi], p, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a := n.Arch
	for _, ps := range best {
		for j := range ps {
			p := &ps[j]
			p.Size, p.Top, p.Left = st.Field, p.Row*st.Step-st.Offset, p.Col*st.Step-st.Offset
			p.Pixels = make([]float64, p.Size*p.Size*a.Channels)
			row := d.Row(p.Image)
			for r := range p.Size {
				for c := range p.Size {
					y, x := p.Top+r, p.Left+c
					if y < 0 || y >= a.Height || x < 0 || x >= a.Width {
						continue
					}
					for ch := range a.Channels {
						p.Pixels[(r*p.Size+c)*a.Channels+ch] = float64(row[(y*a.Width+x)*a.Channels+ch])
					}
				}
			}
		}
	}
	return best, nil
}

// keepTop adds p to ps and keeps the k patches of highest activation,
// strongest first.
func keepTop(ps []Patch, p Patch, k int) []Patch {
	if len(ps) == k && p.Activation <= ps[k-1].Activation {
		return ps
	}
	ps = append(ps, p)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Activation > ps[j].Activation })
	if len(ps) > k {
		ps = ps[:k]
	}
	return ps
}
