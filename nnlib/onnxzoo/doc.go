// Package onnxzoo runs a network that someone else trained: the ONNX model
// zoo's MNIST digit classifier, read from its ONNX file and imported into
// GoMLX with onnx-gomlx (github.com/gomlx/onnx-gomlx).
//
//	m, err := onnxzoo.MNIST()             // data/onnx-mnist/mnist-8.onnx, checked by SHA-256
//	fmt.Println(m.Summary())              // its graph: 12 nodes, 5,994 parameters
//	test, err := data.MNIST10K()
//	acc, err := m.Accuracy(nnlib.MustBackend(), test)       // 0.9941
//	logits, err := m.Logits(nnlib.MustBackend(), test.Row(0), 1) // the first image's 10 scores
//
// # ONNX
//
// ONNX, the Open Neural Network Exchange (https://onnx.ai), is a file format
// for trained networks. A file holds a graph of nodes, each an operator of
// the ONNX standard (Conv, Relu, MaxPool, MatMul, Add, …: an "opset" is a
// numbered version of that list), and the weights, called initializers, all
// written as a protocol buffer. One framework exports it (PyTorch,
// TensorFlow, CNTK, …); any runtime that knows the operators can run it.
// onnx-gomlx is such a runtime for GoMLX: it turns every ONNX node into GoMLX
// ops (onnx.Model.CallGraph, called inside the GoMLX graph that Logits
// runs) and every initializer into a GoMLX variable
// (onnx.Model.VariablesToScope), so the network runs on any GoMLX backend,
// and could be trained further like a network of the course.
//
// # Where the model comes from
//
// Nobody in this course trained it. It is "MNIST" of the ONNX model zoo
// (https://github.com/onnx/models, vision/classification/mnist; its opset 7
// version, mnist-8.onnx, MIT licence), trained by Microsoft's CNTK team with
// CNTK 2.5.1 on the 60,000 MNIST training digits, following the tutorial
// "CNTK 103D: Convolutional Neural Network with MNIST" (the model of its
// "Solution" section: convolutions alternating with max-pooling). Its model
// card gives a top-1 error of 1.1% (about 98.9% accuracy) on the MNIST test
// set; on the course's MNIST-10K it names 99.41% of the digits. The file in
// data/onnx-mnist/ comes from the Go module github.com/owulveryck/onnx-go
// v0.5.0 (internal/examples/mnist), which ships it with the zoo's three
// reference input/output pairs (test_data_set_*/input_0.pb, output_0.pb:
// serialized ONNX tensors), used by the tests.
//
// # Its architecture, as the graph says
//
// Summary prints the graph; in short, with N the number of images:
//
//	Input3                   [N 1 28 28]   grey images, NCHW (batch, channel, height, width)
//	Conv 8 filters 5×5       [N 8 28 28]   stride 1, "same" padding (auto_pad=SAME_UPPER); 8·1·5·5 = 200 weights
//	Add bias, Relu           [N 8 28 28]   8 biases
//	MaxPool 2×2, stride 2    [N 8 14 14]
//	Conv 16 filters 5×5      [N 16 14 14]  "same" padding; 16·8·5·5 = 3,200 weights
//	Add bias, Relu           [N 16 14 14]  16 biases
//	MaxPool 3×3, stride 3    [N 16 4 4]
//	Reshape                  [N 256]       16·4·4 features per image
//	MatMul, Add bias         [N 10]        a dense layer: 256·10 = 2,560 weights (stored [16 4 4 10]) and 10 biases
//
// 5,994 parameters in all. The output, Plus214_Output_0, is ten logits per
// image, the scores of the digits 0 to 9 before a softmax.
//
// # The input it expects
//
// The model card asks for grey 28×28 images with a white digit on a black
// background, pixel values scaled to [0, 1], shaped [1 1 28 28] (one image:
// the file fixes the batch at 1). That is how nnlib/data holds MNIST (0
// black, 1 white; shape [28 28 1], which for one channel is the same values
// in the same order as [1 28 28]), so Logits passes the course's images
// unchanged.
//
// The zoo's own reference inputs say otherwise: their pixels go from 0 to
// 255, and the reference outputs, which the tests reproduce, are logits in
// the thousands (6,574 for the "2" of test_data_set_0). Accuracy cannot tell
// which range is right: convolutions, ReLU, max-pooling and matrix products
// all scale with their input, only the biases do not, so multiplying the
// pixels by 255 multiplies the logits by about 255 and rarely changes the
// largest (on MNIST-10K, accuracy is 99.41% with pixels in [0, 1], 99.33%
// with 0–255). Inverting the image does matter: black on white gives 31%.
// What tells the range is the loss the network was trained to minimize, the
// softmax cross-entropy: on MNIST-10K it is 0.018 with pixels in [0, 1],
// lowest near that scale (0.047 at half of it, 0.027 at twice), and 3.7 with
// pixels in 0–255, where the softmax is sure of every answer, wrong ones
// included. So the network was trained on [0, 1], as its card says.
//
// # What MNIST changes in the file for onnx-gomlx
//
// onnx-gomlx v0.5.2 cannot run the file as it is, and MNIST rewrites three
// things in the graph before parsing it (the computation stays the same):
//
//   - CNTK (ONNX IR version 3) fixed the batch at one image: input
//     [1 1 28 28], output [1 10], and the Reshape before the dense layer
//     targets [1 256]. The first axis becomes "N" and the Reshape's target
//     [-1 256], so that Logits runs 500 images at a time.
//   - IR version 3 also lists the weights among the graph's inputs, which
//     onnx-gomlx would then ask for; they are dropped from that list (as
//     later versions of the format allow) and read from the variables.
//   - onnx-gomlx does not implement auto_pad=SAME_UPPER; for a 5×5 kernel of
//     stride 1 it means 2 pixels of zeros on each side, written as the
//     explicit attribute pads=[2 2 2 2].
//
// The tests check that the result matches the zoo's reference outputs to
// 1e-4.
package onnxzoo
