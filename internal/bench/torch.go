package bench

import (
	_ "embed"
	"encoding/json"
	"os/exec"
)

//go:embed torch_train.py
var torchTrain string

//go:embed torch_lstm.py
var torchLSTM string

//go:embed torch_convae.py
var torchConvAE string

// TorchCommand returns the command that runs the spec in PyTorch, with the
// Debian Python that has torch; extra arguments go to the script (the LSTM
// and ConvAE scripts' "data" prints the data they would train on, and trains
// nothing).
func TorchCommand(spec Spec, extra ...string) (*exec.Cmd, error) {
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	script := torchTrain
	switch spec.Name {
	case LSTM.Name:
		script = torchLSTM
	case ConvAE.Name:
		script = torchConvAE
	}
	return exec.Command("/usr/bin/python3", append([]string{"-c", script, string(js)}, extra...)...), nil
}
