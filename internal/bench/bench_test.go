package bench

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"

	_ "github.com/gomlx/compute/gobackend"

	convolutions "github.com/gomlx-course/dlcourse/lessons/05a-image-data-and-convolutions"
	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
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
