package bench

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	_ "github.com/gomlx/compute/gobackend"

	convolutions "github.com/gomlx-course/dlcourse/lessons/05a-image-data-and-convolutions"
	"github.com/gomlx-course/dlcourse/nnlib"
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
		if !strings.Contains(torchTrain, `spec["`+field+`"]`) {
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
	if exec.Command("/usr/bin/python3", "-c", "import torch").Run() != nil {
		t.Skip("no PyTorch (python3-torch): the benchmark command installs it")
	}
	src, _ := data.LookupSource("fashion-mnist")
	for i, w := range []string{"train-images", "train-labels", "t10k-images", "t10k-labels"} {
		for _, f := range src.Files {
			if strings.Contains(f.Name, w) {
				spec.Files[i] = f.Locate()
			}
		}
	}
	cmd, err := TorchCommand(spec)
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	r, err = Decode(out)
	if err != nil || r.ExamplesPerSec <= 0 || r.Epochs != 1 || r.Accuracy < 0.3 || !strings.Contains(r.Detail, "oneDNN") {
		t.Errorf("PyTorch: %+v, %v", r, err)
	}
}

// The LSTM benchmark's spec is the one bench-worker runs, survives the JSON
// the PyTorch side reads, and sizes the model as nnlib/rnn and the text do.
func TestLSTMSpecDecodes(t *testing.T) {
	spec, ok := Specs["lstm"]
	if !ok || spec.Name != LSTM.Name {
		t.Fatalf("Specs has no lstm: %v", Specs)
	}
	js, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	var back Spec
	if err := json.Unmarshal(js, &back); err != nil || !reflect.DeepEqual(back, spec) {
		t.Errorf("the spec does not survive JSON: %+v, %v", back, err)
	}
	m := CharModel(spec)
	if err := m.Validate(); err != nil || m.Kind != rnn.LSTM || m.Hidden != 256 || m.Embed != 32 || m.Vocab != 84 {
		t.Errorf("CharModel = %+v, %v", m, err)
	}
	if spec.ForgetBias != rnn.ForgetBias {
		t.Errorf("the spec starts the forget gates at %g, nnlib/rnn at %g", spec.ForgetBias, rnn.ForgetBias)
	}
	for _, field := range []string{"Vocab", "Embed", "Hidden", "ForgetBias", "SeqLen", "Batch", "LR", "TargetNats", "EvalEvery", "Streams", "ValidPercent", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Text"} {
		if !strings.Contains(torchLSTM, `spec["`+field+`"]`) {
			t.Errorf("torch_lstm.py ignores Spec.%s", field)
		}
	}
	cmd, err := TorchCommand(spec, "data")
	if err != nil || len(cmd.Args) != 5 || cmd.Args[2] != torchLSTM || cmd.Args[4] != "data" {
		t.Errorf("TorchCommand(LSTM) = %v, %v", cmd.Args, err)
	}
	r := Result{Framework: "x", ExamplesPerSec: 120.5, ForwardPerSec: 1100, ValidNats: 1.99, Epochs: 2.5, SecondsToTarget: 90}
	if back, err := Decode([]byte("step 25: validation 2.7\n" + r.Encode() + "\n")); err != nil || back != r {
		t.Errorf("an LSTM result does not survive Encode and Decode: %+v, %v", back, err)
	}
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
	if exec.Command("/usr/bin/python3", "-c", "import numpy").Run() != nil {
		t.Skip("no NumPy (python3-numpy): the benchmark command installs it")
	}
	if spec.Text, err = WriteLSTMText(); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(spec.Text)
	cmd, err := TorchCommand(spec, "data")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var py struct {
		Vocab, Train, Valid, Windows, EvalChunks  int
		FirstWindow, FirstBatch, SecondEpochBatch []int
		LastChunkStream1                          []int
	}
	if err := json.Unmarshal(out, &py); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	window := make([]int, spec.SeqLen+1)
	for i := range window {
		window[i] = int(d.Windows.X[i])
	}
	batcher, err := data.NewBatcher(d.Windows, spec.Batch, true, spec.Seed)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := batcher.Next()
	batcher.Reset()
	second, _ := batcher.Next()
	// rnn.Evaluator.CrossEntropy's chunks: stream s of chunk k reads
	// valid[s·part + k·SeqLen …].
	per := (len(d.Valid) - 1) / spec.Streams / spec.SeqLen * spec.SeqLen
	part := len(d.Valid) / spec.Streams
	start := part + per - spec.SeqLen
	last := d.Valid[start : start+spec.SeqLen]

	for _, c := range []struct {
		what         string
		ours, theirs any
	}{
		{"vocabulary size", d.Vocab.Size(), py.Vocab},
		{"training characters", len(d.Train), py.Train},
		{"validation characters", len(d.Valid), py.Valid},
		{"windows", d.Windows.Len(), py.Windows},
		{"first window's ids", window, py.FirstWindow},
		{"first minibatch's windows", first.Indexes, py.FirstBatch},
		{"second epoch's first minibatch", second.Indexes, py.SecondEpochBatch},
		{"validation chunks", per / spec.SeqLen, py.EvalChunks},
		{"last validation chunk of stream 1", last, py.LastChunkStream1},
	} {
		if !reflect.DeepEqual(c.ours, c.theirs) {
			t.Errorf("%s: nnlib %v, PyTorch %v", c.what, c.ours, c.theirs)
		}
	}
	if py.Vocab != spec.Vocab || py.Windows != d.Windows.Len() || len(first.Labels) != spec.Batch {
		t.Errorf("the spec's %d characters, %d windows", spec.Vocab, py.Windows)
	}
}
