package transferlearn

// SqueezeNetURL is the ONNX model zoo's SqueezeNet 1.1 (opset 7, 4.7 MB,
// Apache-2.0), an ImageNet classifier, for the lesson's online cell.
const SqueezeNetURL = "https://github.com/onnx/models/raw/main/validated/vision/classification/squeezenet/model/squeezenet1.1-7.onnx"

// SqueezeNetSHA256 is the SHA-256 the online cell requires of the file.
// It was taken from a public copy of the zoo's file; the course's machines
// cannot reach the internet, so it has not been checked against a download
// here: a mismatch is refused with a line that says so.
const SqueezeNetSHA256 = "1eeff551a67ae8d565ca33b572fc4b66e3ef357b0eb2863bb9ff47a918cc4088"
