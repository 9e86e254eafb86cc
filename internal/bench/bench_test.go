package bench

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	_ "github.com/gomlx/compute/gobackend"

	convolutions "github.com/gomlx-course/dlcourse/lessons/05a-image-data-and-convolutions"
	autoenc "github.com/gomlx-course/dlcourse/lessons/05c-autoencoders"
	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/ae"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
)

func TestDecodeReadsTheLastJSONLine(t *testing.T) {
	out := []byte("Backend: pure Go\n{\"Framework\":\"x\",\"ExamplesPerSec\":12.5}\n")
	r, err := Decode(out)
	if err != nil || r.Framework != "x" || r.ExamplesPerSec != 12.5 {
		t.Fatalf("Decode = %+v, %v", r, err)
	}
	back, err := Decode([]byte(r.Encode()))
	if err != nil || back != r {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	if _, err := Decode([]byte("Traceback: boom\n")); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("no result: %v", err)
	}
}

// The PyTorch script reads the same spec fields the Go side uses.
func TestTorchScriptUsesTheSpec(t *testing.T) {
	for _, field := range []string{"Name", "Sizes", "Conv", "Padding", "Dense", "Dropout", "Cosine", "Train", "Batch", "LR", "Target", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Files"} {
		if !strings.Contains(torchScript(MLP), `spec["`+field+`"]`) {
			t.Errorf("torch_train.py ignores Spec.%s", field)
		}
	}
	cmd, err := TorchCommand(MLP)
	if err != nil || len(cmd.Args) != 4 || !strings.Contains(cmd.Args[3], `"Batch":128`) {
		t.Errorf("TorchCommand = %v, %v", cmd.Args, err)
	}
}

// The CNN benchmark trains what lesson 05a's full run trains.
func TestCNNSpecIsTheLessonsRun(t *testing.T) {
	t.Setenv(nnlib.QuickEnv, "")
	run := convolutions.TheRun()
	if got := CNNConfig(CNN); !reflect.DeepEqual(got, run.CNN) {
		t.Errorf("the benchmark trains\n%+v\nthe lesson trains\n%+v", got, run.CNN)
	}
	if CNN.Train != run.Train || CNN.Target != convolutions.Target {
		t.Errorf("the benchmark trains on %d images to %g; the lesson on %d to %g", CNN.Train, CNN.Target, run.Train, convolutions.Target)
	}
}

// tinyCNN is the CNN benchmark cut to one epoch of 10 steps.
func tinyCNN(t *testing.T) Spec {
	spec := CNN
	spec.Train, spec.MaxEpochs, spec.Warmup, spec.Measure = 640, 1, 2, 5
	files, err := data.LookupSource("fashion-mnist")
	if err != nil {
		t.Fatal(err)
	}
	if err := files.Check(); data.IsMissing(err) {
		t.Skipf("Fashion-MNIST is not installed: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	return spec
}

// Both sides of the CNN benchmark run and report a result.
func TestCNNBothSidesRun(t *testing.T) {
	spec := tinyCNN(t)
	r, err := RunCNN(spec)
	if err != nil {
		t.Fatal(err)
	}
	if r.ExamplesPerSec <= 0 || r.Epochs != 1 || r.Accuracy < 0.3 || r.SecondsToTarget != 0 {
		t.Errorf("nnlib: %+v", r)
	}
	fashionFiles(t, &spec)
	r = torchRun(t, spec)
	if r.ExamplesPerSec <= 0 || r.Epochs != 1 || r.Accuracy < 0.3 || !strings.Contains(r.Detail, "oneDNN") {
		t.Errorf("PyTorch: %+v", r)
	}
}

// The LSTM benchmark's spec is the one bench-worker runs, survives the JSON
// the PyTorch side reads, and sizes the model as nnlib/rnn and the text do.
func TestLSTMSpecDecodes(t *testing.T) {
	spec := checkSpec(t, "lstm", []string{"Vocab", "Embed", "Hidden", "ForgetBias", "SeqLen", "Batch", "LR", "TargetNats", "EvalEvery", "Streams", "ValidPercent", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Text"},
		Result{Framework: "x", ExamplesPerSec: 120.5, ForwardPerSec: 1100, ValidNats: 1.99, Epochs: 2.5, SecondsToTarget: 90}, "step 25: validation 2.7")
	m := CharModel(spec)
	if err := m.Validate(); err != nil || m.Kind != rnn.LSTM || m.Hidden != 256 || m.Embed != 32 || m.Vocab != 84 {
		t.Errorf("CharModel = %+v, %v", m, err)
	}
	if spec.ForgetBias != rnn.ForgetBias {
		t.Errorf("the spec starts the forget gates at %g, nnlib/rnn at %g", spec.ForgetBias, rnn.ForgetBias)
	}
}

// checkSpec returns the spec Specs has under name, after checking that it
// survives the JSON the PyTorch side reads, that its script reads each of
// fields, that TorchCommand passes it the spec and the mode, and that a
// result like r survives a worker's output (log lines, then r's).
func checkSpec(t *testing.T, name string, fields []string, r Result, log string) Spec {
	t.Helper()
	spec, ok := Specs[name]
	if !ok || spec.Name != name {
		t.Fatalf("Specs has no %s: %v", name, Specs)
	}
	js, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	var back Spec
	if err := json.Unmarshal(js, &back); err != nil || !reflect.DeepEqual(back, spec) {
		t.Errorf("the spec does not survive JSON: %+v, %v", back, err)
	}
	for _, field := range fields {
		if !strings.Contains(torchScript(spec), `spec["`+field+`"]`) {
			t.Errorf("the %s script ignores Spec.%s", name, field)
		}
	}
	cmd, err := TorchCommand(spec, "data")
	if err != nil || len(cmd.Args) != 5 || cmd.Args[2] != torchScript(spec) || cmd.Args[3] != string(js) || cmd.Args[4] != "data" {
		t.Errorf("TorchCommand(%s) = %v, %v", name, cmd.Args, err)
	}
	if back, err := Decode([]byte(log + "\n" + r.Encode() + "\n")); err != nil || back != r {
		t.Errorf("a %s result does not survive Encode and Decode: %+v, %v", name, back, err)
	}
	return spec
}

// Both sides of the LSTM benchmark train on the same data: the same
// vocabulary and split, the same windows, in the same order (train.Loop's
// Batcher and the script's NumPy RandomState), and evaluate on the same
// chunks as rnn.Evaluator. Cheap: the script's "data" mode imports no torch.
func TestLSTMBothSidesShareTheData(t *testing.T) {
	spec := LSTM
	d, err := LSTMData(spec)
	if data.IsMissing(err) {
		t.Skipf("The Devil's Dictionary is not installed: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	if spec.Text, err = WriteLSTMText(); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(spec.Text)
	var py struct {
		Vocab, Train, Valid, Windows, EvalChunks  int
		FirstWindow, FirstBatch, SecondEpochBatch []int
		LastChunkStream1                          []int
	}
	torchData(t, spec, &py)

	window := make([]int, spec.SeqLen+1)
	for i := range window {
		window[i] = int(d.Windows.X[i])
	}
	first, second := epochBatches(t, d.Windows, spec)
	// rnn.Evaluator.CrossEntropy's chunks: stream s of chunk k reads
	// valid[s·part + k·SeqLen …].
	per := (len(d.Valid) - 1) / spec.Streams / spec.SeqLen * spec.SeqLen
	part := len(d.Valid) / spec.Streams
	start := part + per - spec.SeqLen
	last := d.Valid[start : start+spec.SeqLen]

	sameData(t, []sameAs{
		{"vocabulary size", d.Vocab.Size(), py.Vocab},
		{"training characters", len(d.Train), py.Train},
		{"validation characters", len(d.Valid), py.Valid},
		{"windows", d.Windows.Len(), py.Windows},
		{"first window's ids", window, py.FirstWindow},
		{"first minibatch's windows", first.Indexes, py.FirstBatch},
		{"second epoch's first minibatch", second.Indexes, py.SecondEpochBatch},
		{"validation chunks", per / spec.SeqLen, py.EvalChunks},
		{"last validation chunk of stream 1", last, py.LastChunkStream1},
	})
	if py.Vocab != spec.Vocab || py.Windows != d.Windows.Len() || len(first.Labels) != spec.Batch {
		t.Errorf("the spec's %d characters, %d windows", spec.Vocab, py.Windows)
	}
}

// nnlib's side of the LSTM benchmark runs, cut to a smoke run (Quick), and
// reports a result: the training loop it shares with the other rows
// (timedRun) and the forward pass alone. (PyTorch's side, the same loop in
// torch_common.py, takes a minute or more on 2 cores even cut so: `course
// bench --models --quick lstm` runs both.)
func TestLSTMRuns(t *testing.T) {
	spec := Quick(LSTM)
	if _, err := LSTMData(spec); data.IsMissing(err) {
		t.Skipf("The Devil's Dictionary is not installed: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	r, err := RunLSTM(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("nnlib: %+v", r)
	if r.ExamplesPerSec <= 0 || r.ForwardPerSec <= 0 || r.Epochs <= 0 || r.ValidNats < 1 || r.ValidNats > 6 || r.SecondsToTarget <= 0 {
		t.Errorf("nnlib: %+v", r)
	}
}

// The autoencoder benchmark trains lesson 05c's convolutional autoencoder
// with the mirrored decoder as the lesson configures it, its spec survives
// the JSON the PyTorch side reads, and the script reads every field the Go
// side uses.
func TestConvAESpecIsTheLessons(t *testing.T) {
	spec := checkSpec(t, "convae", []string{"Conv", "Padding", "Train", "ValidStart", "ValidImages", "Batch", "LR", "TargetPSNR", "EvalEvery", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Files"},
		Result{Framework: "x", ExamplesPerSec: 5000.5, PSNR: 17.61, Epochs: 1.49, SecondsToTarget: 12}, "step 50: validation PSNR 13.2 dB")
	a, err := ConvAEArch(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(nnlib.QuickEnv, "")
	lesson := autoenc.ConvConfig(ae.Mirror)
	if !reflect.DeepEqual(a, ae.ConvArch(4, ae.Mirror)) || !reflect.DeepEqual(a, lesson.Arch) {
		t.Errorf("the benchmark trains\n%+v\nthe lesson trains\n%+v", a, lesson.Arch)
	}
	if got := a.CodeShape(); !reflect.DeepEqual(got, []int{7, 7, 4}) {
		t.Errorf("the code is %v, want 7×7×4", got)
	}
	batch := lesson.BatchSize
	if batch == 0 {
		batch = 128 // ae.Fit's default.
	}
	if spec.LR != lesson.LearningRate || spec.Batch != batch || spec.Seed != lesson.Seed || lesson.Noise != 0 || lesson.Mask != 0 {
		t.Errorf("the benchmark trains at %g in batches of %d from seed %d; the lesson at %g in batches of %d from seed %d",
			spec.LR, spec.Batch, spec.Seed, lesson.LearningRate, batch, lesson.Seed)
	}
	if spec.ValidStart != 50000 || spec.ValidImages != autoenc.FullVal || spec.Train > spec.ValidStart {
		t.Errorf("the benchmark validates on %d images from %d and trains on %d; the lesson validates on %d from 50000",
			spec.ValidImages, spec.ValidStart, spec.Train, autoenc.FullVal)
	}
	if stepsPerEpoch := spec.Train / spec.Batch; spec.Warmup+spec.Measure > spec.MaxEpochs*stepsPerEpoch || spec.EvalEvery < 1 {
		t.Errorf("%d warm-up and %d timed steps do not fit in %d epochs of %d steps (evaluations every %d)", spec.Warmup, spec.Measure, spec.MaxEpochs, stepsPerEpoch, spec.EvalEvery)
	}
	bad := spec
	bad.Padding = 0
	if _, err := ConvAEArch(bad); err == nil {
		t.Error("nnlib/ae's convolutions have padding 1: a spec of padding 0 must be refused")
	}
}

// fashionFiles fills in spec.Files, Fashion-MNIST's four files, for the
// PyTorch side, or skips the test when they are not installed.
func fashionFiles(t *testing.T, spec *Spec) {
	src, err := data.LookupSource("fashion-mnist")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Check(); data.IsMissing(err) {
		t.Skipf("Fashion-MNIST is not installed: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{"train-images", "train-labels", "t10k-images", "t10k-labels"} {
		for _, f := range src.Files {
			if strings.Contains(f.Name, w) {
				spec.Files[i] = f.Locate()
			}
		}
	}
}

// Both sides of the autoencoder benchmark train on the same images, in the
// same order (train.Loop's Batcher and the script's NumPy RandomState), and
// validate on the same images. Cheap: the script's "data" mode imports no
// torch.
func TestConvAEBothSidesShareTheData(t *testing.T) {
	spec := ConvAE
	fashionFiles(t, &spec)
	trainSet, valid, err := TrainAndValid(spec)
	if err != nil {
		t.Fatal(err)
	}
	var py struct {
		Train, Valid                 int
		TrainSum, ValidSum           float64
		FirstValid                   []float32
		FirstBatch, SecondEpochBatch []int
	}
	torchData(t, spec, &py)
	first, second := epochBatches(t, trainSet, spec)
	sameData(t, []sameAs{
		{"training images", trainSet.Len(), py.Train},
		{"validation images", valid.Len(), py.Valid},
		{"first validation image", valid.Row(0), py.FirstValid},
		{"first minibatch's images", first.Indexes, py.FirstBatch},
		{"second epoch's first minibatch", second.Indexes, py.SecondEpochBatch},
		{"training pixels' sum", pixelSum(trainSet.X), near(py.TrainSum)},
		{"validation pixels' sum", pixelSum(valid.X), near(py.ValidSum)},
	})
}

// tinyConvAE is the autoencoder benchmark cut to two epochs of 2 steps (256
// images), measured on 500 images after each, with a target of 0 dB, reached
// at the first; it stops after the second, the first after the 3 steps of
// warm-up and timing. (PyTorch's CPU ConvTranspose2d backward is slow: a
// step takes it about half a second.)
func tinyConvAE(t *testing.T) Spec {
	spec := ConvAE
	spec.Train, spec.ValidImages, spec.MaxEpochs, spec.Warmup, spec.Measure, spec.EvalEvery, spec.TargetPSNR = 256, 500, 2, 1, 2, 2, 0
	fashionFiles(t, &spec)
	return spec
}

// Both sides of the autoencoder benchmark run and report a result: a
// validation PSNR near that of the untrained network (a sigmoid's 0.5 for
// every pixel gives about 7.7 dB).
func TestConvAEBothSidesRun(t *testing.T) {
	spec := tinyConvAE(t)
	r, err := RunConvAE(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("nnlib: %+v", r)
	if r.ExamplesPerSec <= 0 || r.Epochs != 2 || r.PSNR < 6 || r.PSNR > 30 || r.SecondsToTarget <= 0 {
		t.Errorf("nnlib: %+v", r)
	}
	r = torchRun(t, spec)
	if r.ExamplesPerSec <= 0 || r.Epochs != 2 || r.PSNR < 6 || r.PSNR > 30 || r.SecondsToTarget <= 0 || !strings.Contains(r.Detail, "oneDNN") {
		t.Errorf("PyTorch: %+v", r)
	}
}

// torchData runs spec's PyTorch script in its "data" mode, which imports
// no torch, and decodes what it prints into py; it skips the test without
// NumPy.
func torchData(t *testing.T, spec Spec, py any) {
	t.Helper()
	if exec.Command("/usr/bin/python3", "-c", "import numpy").Run() != nil {
		t.Skip("no NumPy (python3-numpy): the benchmark command installs it")
	}
	cmd, err := TorchCommand(spec, "data")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if err := json.Unmarshal(out, py); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// torchRun runs spec in PyTorch and returns its result; it skips the test
// without PyTorch.
func torchRun(t *testing.T, spec Spec) Result {
	t.Helper()
	if exec.Command("/usr/bin/python3", "-c", "import torch").Run() != nil {
		t.Skip("no PyTorch (python3-torch): the benchmark command installs it (sudo apt-get install python3-torch)")
	}
	cmd, err := TorchCommand(spec)
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	r, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PyTorch: %+v\n%s", r, out)
	return r
}

// epochBatches returns the first minibatch of the first and of the second
// epoch of set, as train.Loop draws them for spec.
func epochBatches(t *testing.T, set *data.Dataset, spec Spec) (first, second data.Batch) {
	t.Helper()
	batcher, err := data.NewBatcher(set, spec.Batch, true, spec.Seed)
	if err != nil {
		t.Fatal(err)
	}
	first, _ = batcher.Next()
	batcher.Reset()
	second, _ = batcher.Next()
	return first, second
}

// sameAs is something both sides of a benchmark must see alike: nnlib's
// and PyTorch's.
type sameAs struct {
	what         string
	ours, theirs any
}

// near marks a sum of many pixels, which the two sides add in different
// orders: it must agree to 1e-6 of its size, not to the last bit.
type near float64

// pixelSum is the sum of x, in float64.
func pixelSum(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	return s
}

// sameData reports each of the pairs in which nnlib and PyTorch differ.
func sameData(t *testing.T, pairs []sameAs) {
	t.Helper()
	for _, c := range pairs {
		if n, ok := c.theirs.(near); ok {
			ours := c.ours.(float64)
			if math.Abs(ours-float64(n)) > 1e-6*math.Abs(ours) {
				t.Errorf("%s: nnlib %v, PyTorch %v", c.what, ours, float64(n))
			}
			continue
		}
		if !reflect.DeepEqual(c.ours, c.theirs) {
			t.Errorf("%s: nnlib %v, PyTorch %v", c.what, c.ours, c.theirs)
		}
	}
}
