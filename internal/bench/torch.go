package bench

import (
	_ "embed"
	"encoding/json"
	"os/exec"
)

// torchCommon is what the PyTorch scripts share: TorchCommand runs it
// before each of them.
//
//go:embed torch_common.py
var torchCommon string

//go:embed torch_train.py
var torchTrain string

//go:embed torch_lstm.py
var torchLSTM string

//go:embed torch_convae.py
var torchConvAE string

//go:embed torch_resnet.py
var torchResNet string

// torchScript is the Python program that runs the spec in PyTorch.
func torchScript(spec Spec) string {
	switch spec.Name {
	case LSTM.Name:
		return torchCommon + torchLSTM
	case ConvAE.Name:
		return torchCommon + torchConvAE
	case ResNet.Name:
		return torchCommon + torchResNet
	}
	return torchCommon + torchTrain
}

// TorchCommand returns the command that runs the spec in PyTorch, with the
// Debian Python that has torch; extra arguments go to the script (the LSTM,
// ConvAE and ResNet scripts' "data" prints the data they would train on,
// and trains nothing; the ResNet script's "check" followed by a file's
// name computes what the tests compare with nnlib).
func TorchCommand(spec Spec, extra ...string) (*exec.Cmd, error) {
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	return exec.Command("/usr/bin/python3", append([]string{"-c", torchScript(spec), string(js)}, extra...)...), nil
}
