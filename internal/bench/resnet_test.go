package bench

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// The residual network benchmark trains lesson 05d's residual-20 with batch
// normalisation on 14×14 images, its spec survives the JSON the PyTorch
// side reads, the script reads every field the Go side uses, and its quick
// cut fits in its data.
func TestResNetSpec(t *testing.T) {
	spec := checkSpec(t, "resnet", []string{"Widths", "Blocks", "Train", "ValidStart", "ValidImages", "Batch", "LR", "Target", "EvalEvery", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Files"},
		Result{Framework: "x", ExamplesPerSec: 900.5, Accuracy: 0.8112, Epochs: 0.51, SecondsToTarget: 30}, "step 50: validation accuracy 71.30%")
	d, err := ResNetNet(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := cnn.Deep{Height: 14, Width: 14, Channels: 1, Join: cnn.Residual, Widths: []int{8, 16, 32}, Blocks: 3, BatchNorm: true, Classes: 10}
	if !reflect.DeepEqual(d, want) || d.Name() != "residual-20 + BN" {
		t.Errorf("the benchmark trains %s\n%+v\nlesson 05d's residual-20 + BN is\n%+v", d.Name(), d, want)
	}
	if spec.LR != 0.001 || spec.Batch != 128 || spec.Target != 0.8 || spec.ValidImages != 5000 || spec.Train > spec.ValidStart {
		t.Errorf("the benchmark trains at %g in batches of %d on %d images, to %g on %d validation images from %d", spec.LR, spec.Batch, spec.Train, spec.Target, spec.ValidImages, spec.ValidStart)
	}
	for _, s := range []Spec{spec, Quick(spec)} {
		if stepsPerEpoch := s.Train / s.Batch; s.Warmup+s.Measure > s.MaxEpochs*stepsPerEpoch || s.EvalEvery < 1 || s.EvalEvery > s.Warmup+s.Measure {
			t.Errorf("%d warm-up and %d timed steps do not fit in %d epochs of %d steps (evaluations every %d)", s.Warmup, s.Measure, s.MaxEpochs, stepsPerEpoch, s.EvalEvery)
		}
	}
}

// Both sides of the residual network benchmark train on the same images,
// halved to the same numbers (data.HalfSize; the script's NumPy, in
// float32, in the same order), with the same labels, in the same order
// (train.Loop's Batcher and the script's NumPy RandomState), and validate
// on the same images. Cheap: the script's "data" mode imports no torch.
func TestResNetBothSidesShareTheData(t *testing.T) {
	spec := ResNet
	fashionFiles(t, &spec)
	trainSet, valid, err := ResNetData(spec)
	if err != nil {
		t.Fatal(err)
	}
	var py struct {
		Train, Valid                 int
		Shape                        []int
		TrainSum, ValidSum           float64
		FirstValid, LastTrain        []float32
		TrainLabels, ValidLabels     []int
		FirstBatch, SecondEpochBatch []int
	}
	torchData(t, spec, &py)
	if len(py.Shape) != 3 {
		t.Fatalf("PyTorch's images are %v, want [channels, height, width]", py.Shape)
	}
	first, second := epochBatches(t, trainSet, spec)
	sameData(t, []sameAs{
		{"an image's shape", trainSet.Shape, []int{14, 14, 1}},
		{"training images", trainSet.Len(), py.Train},
		{"validation images", valid.Len(), py.Valid},
		{"an image's shape (channels last; PyTorch's first)", trainSet.Shape, []int{py.Shape[1], py.Shape[2], py.Shape[0]}},
		{"first validation image", valid.Row(0), py.FirstValid},
		{"last training image", trainSet.Row(trainSet.Len() - 1), py.LastTrain},
		{"first 1000 training labels", trainSet.Labels[:1000], py.TrainLabels},
		{"first 1000 validation labels", valid.Labels[:1000], py.ValidLabels},
		{"first minibatch's images", first.Indexes, py.FirstBatch},
		{"second epoch's first minibatch", second.Indexes, py.SecondEpochBatch},
		{"training pixels' sum", pixelSum(trainSet.X), near(py.TrainSum)},
		{"validation pixels' sum", pixelSum(valid.X), near(py.ValidSum)},
	})
}

// resNetCheck is what torch_resnet.py's "check" mode reads: nnlib's
// weights, and a minibatch of images (channels last) and labels.
type resNetCheck struct {
	Params []cnn.Param
	Images []float32
	Labels []int
}

// TestResNetMatchesPyTorch is the proof that both sides train the same
// model: the PyTorch script's network, given the weights of nnlib's (read
// out of its GoMLX store at initialisation, matched by scope), computes on
// a minibatch, in training mode (batch normalisation with the minibatch's
// statistics), the same logits and the same loss as nnlib's; its running
// averages of batch normalisation after that step are nnlib's; and one
// step of Adam from there (nnlib's train.NewSupervised step, as the
// benchmark trains, against torch.optim.Adam) gives the same loss on the
// minibatch. A different stride, padding, shortcut, momentum, ε,
// initial scale, or optimizer setting on either side fails it.
func TestResNetMatchesPyTorch(t *testing.T) {
	spec := ResNet
	fashionFiles(t, &spec)
	if exec.Command("/usr/bin/python3", "-c", "import torch").Run() != nil {
		t.Skip("no PyTorch (python3-torch): the benchmark command installs it (sudo apt-get install python3-torch)")
	}
	const n = 64
	small := spec
	small.Train, small.ValidImages = n, 1
	set, _, err := ResNetData(small)
	if err != nil {
		t.Fatal(err)
	}
	batcher, err := data.NewBatcher(set, n, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := batcher.Next()
	x, labels, err := train.ImagesAndLabels(b)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ResNetNet(spec)
	if err != nil {
		t.Fatal(err)
	}
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(spec.Seed)); err != nil {
		t.Fatal(err)
	}
	modelFn := d.Model(cnn.Auto)
	// In inference mode first: every variable created and initialised,
	// the running averages untouched.
	infer, err := model.NewExec(backend, store, modelFn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := infer.Call1(x); err != nil {
		t.Fatal(err)
	}
	initial, err := cnn.DeepNetFromStore(d, store)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := initial.NumParams(), ResNetParams(spec); got != want {
		t.Errorf("nnlib's network has %d trained values, ResNetParams counts %d", got, want)
	}
	exec1, err := model.NewExec(backend, store, func(scope *model.Scope, x, labels *graph.Node) []*graph.Node {
		scope.SetTraining(x.Graph(), true)
		logits := modelFn(scope, x)
		l := graph.ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits([]*graph.Node{labels}, []*graph.Node{logits}))
		return []*graph.Node{logits, l}
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec1.Call(x, labels)
	if err != nil {
		t.Fatal(err)
	}
	logits := tensors.MustCopyFlatData[float32](out[0])
	lossValue := float64(tensors.ToScalar[float32](out[1]))
	afterForward, err := cnn.DeepNetFromStore(d, store)
	if err != nil {
		t.Fatal(err)
	}
	adamStore, err := initial.Store()
	if err != nil {
		t.Fatal(err)
	}
	step := train.NewSupervised(backend, adamStore, d.Model(cnn.Auto), loss.SparseCategoricalCrossEntropyLogits,
		optimizer.Adam().LearningRate(spec.LR).Done(), train.ImagesAndLabels)
	before, err := step.Step(1, b)
	if err != nil {
		t.Fatal(err)
	}
	after, err := step.Step(2, b)
	if err != nil {
		t.Fatal(err)
	}

	js, err := json.Marshal(resNetCheck{Params: initial.Params, Images: b.X, Labels: b.Labels})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "check.json")
	if err := os.WriteFile(file, js, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, err := TorchCommand(spec, "check", file)
	if err != nil {
		t.Fatal(err)
	}
	pyOut, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, pyOut)
	}
	var py struct {
		Logits              []float64
		Loss, LossAfterStep float64
		Running             map[string][]float64
	}
	if err := json.Unmarshal(pyOut, &py); err != nil {
		t.Fatalf("%v\n%s", err, pyOut)
	}

	// Both sides compute in float32: through 20 layers each is about 1e-5
	// of the values' size from the exact result (PyTorch in float64 on the
	// same weights: logits up to 11, 7e-5 from PyTorch's float32 ones), so
	// the differences are measured against that size; a different network
	// differs by 1e-2 or more.
	const tol = 1e-4
	if len(py.Logits) != len(logits) {
		t.Fatalf("PyTorch's logits: %d values, nnlib's %d", len(py.Logits), len(logits))
	}
	worst, size := 0.0, 1.0
	for i, v := range logits {
		worst, size = max(worst, math.Abs(float64(v)-py.Logits[i])), max(size, math.Abs(py.Logits[i]))
	}
	t.Logf("logits of %d images (up to %.1f): largest difference %.2g; loss nnlib %.7f, PyTorch %.7f; after one step of Adam nnlib %.7f, PyTorch %.7f",
		n, size, worst, lossValue, py.Loss, after, py.LossAfterStep)
	if worst > tol*size {
		t.Errorf("the logits (up to %.3g) differ by up to %.3g, want ≤ %.3g: the two networks are not the same", size, worst, tol*size)
	}
	for _, c := range []struct {
		what         string
		ours, theirs float64
	}{
		{"loss in training mode", lossValue, py.Loss},
		{"loss of nnlib's training step", before, py.Loss},
		{"loss after one step of Adam", after, py.LossAfterStep},
	} {
		if math.Abs(c.ours-c.theirs) > tol*max(1, math.Abs(c.theirs)) {
			t.Errorf("%s: nnlib %.7f, PyTorch %.7f", c.what, c.ours, c.theirs)
		}
	}
	if !(after < before) {
		t.Errorf("one step of Adam took the loss from %.5f to %.5f: it should fall", before, after)
	}
	stats := 0
	for _, p := range afterForward.Params {
		if !strings.HasSuffix(p.Path, "/mean") && !strings.HasSuffix(p.Path, "/variance") {
			continue
		}
		stats++
		theirs, ok := py.Running[p.Path]
		if !ok || len(theirs) != len(p.Values) {
			t.Errorf("%s: PyTorch has %v", p.Path, theirs)
			continue
		}
		for i, v := range p.Values {
			if math.Abs(float64(v)-theirs[i]) > tol*max(1, math.Abs(float64(v))) {
				t.Errorf("%s[%d] after one step: nnlib %.6g, PyTorch %.6g", p.Path, i, v, theirs[i])
				break
			}
		}
	}
	if stats != 2*(1+2*len(spec.Widths)*spec.Blocks+len(spec.Widths)-1) || stats != len(py.Running) {
		t.Errorf("%d running averages compared, PyTorch has %d", stats, len(py.Running))
	}
}

// Both sides of the residual network benchmark run, cut to a smoke run
// (Quick), and report a result.
func TestResNetBothSidesRun(t *testing.T) {
	spec := Quick(ResNet)
	fashionFiles(t, &spec)
	epochs := float64(spec.Warmup+spec.Measure) / float64(spec.Train/spec.Batch)
	check := func(who string, r Result) {
		if r.ExamplesPerSec <= 0 || math.Abs(r.Epochs-epochs) > 1e-9 || r.Accuracy <= 0 || r.Accuracy > 1 || r.SecondsToTarget <= 0 {
			t.Errorf("%s: %+v, want %.4f epochs and an accuracy", who, r, epochs)
		}
	}
	r, err := RunResNet(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("nnlib: %+v", r)
	check("nnlib", r)
	r = torchRun(t, spec)
	if !strings.Contains(r.Detail, "oneDNN") {
		t.Errorf("PyTorch: %+v", r)
	}
	check("PyTorch", r)
}
