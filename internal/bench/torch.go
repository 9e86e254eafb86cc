package bench

import (
	_ "embed"
	"encoding/json"
	"os/exec"
)

//go:embed torch_train.py
var torchTrain string

// TorchCommand returns the command that runs the spec in PyTorch, with the
// Debian Python that has torch.
func TorchCommand(spec Spec) (*exec.Cmd, error) {
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	return exec.Command("/usr/bin/python3", "-c", torchTrain, string(js)), nil
}
