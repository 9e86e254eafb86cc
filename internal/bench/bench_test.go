package bench

import (
	"strings"
	"testing"
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
	for _, field := range []string{"Sizes", "Batch", "LR", "Target", "MaxEpochs", "Warmup", "Measure", "Threads", "Seed", "Files"} {
		if !strings.Contains(torchMLP, `spec["`+field+`"]`) {
			t.Errorf("torch_mlp.py ignores Spec.%s", field)
		}
	}
	cmd, err := TorchCommand(MLP)
	if err != nil || len(cmd.Args) != 4 || !strings.Contains(cmd.Args[3], `"Batch":128`) {
		t.Errorf("TorchCommand = %v, %v", cmd.Args, err)
	}
}
