// Package bench measures the course's models against PyTorch on the same
// machine: the same network, data, batch size, optimizer and number of
// threads, in the same run, each side in a process of its own so that its
// peak memory can be read.
//
// PyTorch (Debian's python3-torch, with OpenBLAS) is a benchmark-only
// dependency: `go run ./cmd/course bench` installs it; lessons never need it.
package bench

import (
	"encoding/json"
	"fmt"
	"time"
)

// Spec is one model to measure, read the same way by both sides.
type Spec struct {
	Name      string  // "mlp", "cnn", "lstm", "convae" or "resnet".
	Sizes     []int   // MLP: units per layer, input first.
	Conv      []int   // CNN, ConvAE: filters of each 3×3 convolution (each followed by ReLU and 2×2 max-pooling; ConvAE: the last one's output is the code).
	Padding   int     // CNN, ConvAE: padding of the convolutions.
	Dense     int     // CNN: units of the hidden dense layer.
	Dropout   float64 // CNN: dropout of the dense layer's outputs (and half of it on its inputs).
	Cosine    bool    // Lower the learning rate along half a cosine, to 0 at the end of MaxEpochs.
	Train     int     // Training images: the first Train of Fashion-MNIST's 60,000 (0 for all; ConvAE, ResNet: at least 1).
	Batch     int     // Examples per step.
	LR        float64 // Adam's learning rate.
	Target    float64 // MLP, CNN: test accuracy that counts as "trained"; ResNet: validation accuracy.
	MaxEpochs int     // Give up after this many epochs.
	Warmup    int     // Steps before the throughput clock starts (compilation, caches).
	Measure   int     // Steps timed for the throughput.
	Threads   int     // CPU threads each side may use.
	Seed      uint32

	// Files of Fashion-MNIST: train images, train labels, test images, test labels.
	Files [4]string

	// LSTM: the character model, nnlib/rnn's CharModel of Kind with Vocab
	// characters, Embed numbers per character and Hidden units, its forget
	// gates' biases starting at ForgetBias (rnn.ForgetBias).
	Kind                 string
	Vocab, Embed, Hidden int
	ForgetBias           float64
	SeqLen               int     // LSTM: characters read per window (a window holds SeqLen+1, one every SeqLen).
	TargetNats           float64 // LSTM: validation cross-entropy, nats per character, that counts as "trained".
	EvalEvery            int     // LSTM, ConvAE, ResNet: steps between two measures of the validation cross-entropy (PSNR, accuracy).
	Streams              int     // LSTM: the validation text is read as Streams parallel parts, SeqLen characters at a time, the state carried on.
	ValidPercent         int     // LSTM: the last ValidPercent% of the text is the validation text, the rest the training text.
	Text                 string  // LSTM: the file holding the text (The Devil's Dictionary, as data.DevilsDictionary returns it), filled in by the caller.

	// ConvAE, ResNet: the validation images are ValidImages of
	// Fashion-MNIST's training part from ValidStart (after the Train
	// training images). ConvAE: a validation PSNR of TargetPSNR dB,
	// 10·log₁₀(1/MSE) of the reconstructions, counts as "trained".
	ValidStart, ValidImages int
	TargetPSNR              float64

	// ResNet: a residual network with batch normalisation (nnlib/cnn's
	// Deep, Join Residual) of Blocks blocks per stage, the stages Widths
	// channels wide, on Fashion-MNIST halved to 14×14 (data.HalfSize).
	Widths []int
	Blocks int
}

// MLP is the course's multilayer perceptron benchmark: the 784-256-128-10
// ReLU network of lesson 01's notation, sigmoid outputs and binary
// cross-entropy (one-vs-all), Adam at 1e-3, minibatches of 128.
var MLP = Spec{
	Name: "mlp", Sizes: []int{784, 256, 128, 10}, Batch: 128, LR: 1e-3,
	Target: 0.85, MaxEpochs: 10, Warmup: 20, Measure: 300, Threads: 2, Seed: 1,
}

// CNN is the course's convolutional network benchmark, trained exactly as
// lesson 05a's full run trains it: nnlib/cnn's Small network with padding 1
// and dropout 0.5, minibatches of 64 of the first 55,000 training images,
// Adam at 1e-3 decreasing along a cosine over 10 epochs, until 91% test
// accuracy (the lesson's target).
var CNN = Spec{
	Name: "cnn", Conv: []int{32, 64}, Padding: 1, Dense: 128, Dropout: 0.5, Cosine: true, Train: 55000,
	Batch: 64, LR: 1e-3, Target: 0.91, MaxEpochs: 10, Warmup: 20, Measure: 300, Threads: 2, Seed: 1,
}

// LSTM is the course's recurrent network benchmark: lesson 05b's
// character-level LSTM (nnlib/rnn's CharModel: embedding 32, LSTM 256, dense
// 84) trained on windows of 65 characters of The Devil's Dictionary (64 read,
// 64 predicted, each window from a zero state), minibatches of 32, Adam at
// 2e-3, until the validation cross-entropy is down to 2.0 nats per character
// (about 425 steps, 2.6 epochs, on both sides).
// An example is a window: characters per second are examples per second
// times SeqLen.
var LSTM = Spec{
	Name: "lstm", Kind: "lstm", Vocab: 84, Embed: 32, Hidden: 256, ForgetBias: 1, SeqLen: 64,
	Batch: 32, LR: 2e-3, TargetNats: 2.0, EvalEvery: 25, Streams: 16, ValidPercent: 10,
	MaxEpochs: 10, Warmup: 10, Measure: 100, Threads: 2, Seed: 1,
}

// ConvAE is the course's convolutional autoencoder benchmark: lesson 05c's
// autoencoder with the mirrored decoder (nnlib/ae's ConvArch(4, ae.Mirror),
// as the lesson's ConvConfig(ae.Mirror) trains it): 3×3 convolutions of 16
// then 4 filters (padding 1, ReLU, 2×2 max-pooling) to a 7×7×4 code, two 3×3
// transposed convolutions of stride 2 back up (ReLU, then a sigmoid), the
// mean squared error per pixel, Adam at 2e-3, minibatches of 128 of the
// first 50,000 training images (the lesson's), until the validation PSNR (images
// 50,000–51,999, every 50 steps) is 17.5 dB (the lesson's run, 468 steps on
// its first 50,000 training images, ends at about 17.8 dB).
var ConvAE = Spec{
	Name: "convae", Conv: []int{16, 4}, Padding: 1, Train: 50000, Batch: 128, LR: 2e-3,
	TargetPSNR: 17.5, EvalEvery: 50, ValidStart: 50000, ValidImages: 2000,
	MaxEpochs: 10, Warmup: 20, Measure: 300, Threads: 2, Seed: 3,
}

// ResNet is the course's residual network benchmark: lesson 05d's
// residual-20 with batch normalisation (nnlib/cnn's Deep: a 3×3
// convolution to 8 channels, then three stages of 8, 16 and 32 channels,
// each of 3 blocks of two 3×3 convolutions with a shortcut around them,
// global average pooling, dense 10) on Fashion-MNIST halved to 14×14
// (data.HalfSize, as the lesson trains it), softmax cross-entropy, Adam at
// 1e-3, minibatches of 128 (the lesson's, from its seed) of the first
// 50,000 training images, until the validation accuracy (the 5,000
// training images 50,000–54,999, every 50 steps; the lesson too validates
// on images from 50,000) is 80%.
var ResNet = Spec{
	Name: "resnet", Widths: []int{8, 16, 32}, Blocks: 3, Train: 50000, Batch: 128, LR: 1e-3,
	Target: 0.80, EvalEvery: 50, ValidStart: 50000, ValidImages: 5000,
	MaxEpochs: 5, Warmup: 20, Measure: 300, Threads: 2, Seed: 1,
}

// Specs lists the benchmarks, by name.
var Specs = map[string]Spec{MLP.Name: MLP, CNN.Name: CNN, LSTM.Name: LSTM, ConvAE.Name: ConvAE, ResNet.Name: ResNet}

// Quick returns spec cut to a smoke run, for `course bench --models
// --quick` and the tests: 2 warm-up and 10 timed steps on each side, then
// the first measure (every 6 steps; 500 validation images) stops the
// training, its target being reached at once; MLP and CNN: one epoch of 20
// minibatches, measured at its end. Its figures say that both sides run,
// not how fast they are.
func Quick(s Spec) Spec {
	s.Warmup, s.Measure = 2, 10
	switch s.Name {
	case MLP.Name, CNN.Name:
		s.Train, s.MaxEpochs, s.Target = 20*s.Batch, 1, 0
	case LSTM.Name:
		s.EvalEvery, s.TargetNats = 6, 1e9
	case ConvAE.Name:
		s.EvalEvery, s.ValidImages, s.TargetPSNR = 6, 500, 0
	case ResNet.Name:
		s.EvalEvery, s.ValidImages, s.Target = 6, 500, 0
	}
	return s
}

// ResNetParams is the number of trained values of a ResNet spec's network:
// its kernels (3×3, and 1×1 for the shortcuts that change the width),
// batch normalisation's scales and offsets (2 per channel, after every
// convolution) and the dense layer's weights and biases.
func ResNetParams(s Spec) int {
	if len(s.Widths) == 0 {
		return 0
	}
	convBN := func(k, cin, cout int) int { return k*k*cin*cout + 2*cout }
	n, cin := convBN(3, 1, s.Widths[0]), s.Widths[0]
	for _, w := range s.Widths {
		for range s.Blocks {
			n += convBN(3, cin, w) + convBN(3, w, w)
			if cin != w {
				n += convBN(1, cin, w)
			}
			cin = w
		}
	}
	return n + cin*10 + 10
}

// Result is what one side measured.
type Result struct {
	Framework       string  // "nnlib (GoMLX, backend)" or "PyTorch version".
	ExamplesPerSec  float64 // Training throughput after the warm-up.
	SecondsToTarget float64 // Training time until the test accuracy (LSTM: cross-entropy, ConvAE: PSNR, ResNet: validation accuracy) reached the spec's target; 0 if never.
	Accuracy        float64 // MLP, CNN: test accuracy when training stopped; ResNet: validation accuracy.
	Epochs          float64 // Epochs trained until then.
	ValidNats       float64 // LSTM: validation cross-entropy when training stopped, nats per character.
	ForwardPerSec   float64 // LSTM: examples per second of the forward pass alone (the loss, no gradients).
	PSNR            float64 // ConvAE: validation PSNR when training stopped, dB.
	PeakRSSMiB      float64 // Peak resident memory of the process, filled in by the caller.
	Detail          string  // Backend or BLAS in use, threads.
}

// Encode writes r as one JSON line, the workers' output.
func (r Result) Encode() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// Decode reads a worker's last JSON line.
func Decode(out []byte) (Result, error) {
	var r Result
	lines := splitLines(out)
	for i := len(lines) - 1; i >= 0; i-- {
		if err := json.Unmarshal([]byte(lines[i]), &r); err == nil {
			return r, nil
		}
	}
	return r, fmt.Errorf("no result in the worker's output:\n%s", out)
}

func splitLines(b []byte) []string {
	var lines []string
	start := 0
	for i, c := range b {
		if c == '\n' {
			lines = append(lines, string(b[start:i]))
			start = i + 1
		}
	}
	if start < len(b) {
		lines = append(lines, string(b[start:]))
	}
	return lines
}

// rate is examples per second for steps of batch examples in d.
func rate(steps, batch int, d time.Duration) float64 {
	return float64(steps*batch) / d.Seconds()
}
