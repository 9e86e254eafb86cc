// Package transferlearn is lesson 05e's code, transfer learning: the
// pretrained networks the lesson adapts (the course's own, shipped as
// checkpoints in data/pretrained, and the ONNX model zoo's MNIST network),
// the two tasks of the deck's two variations — same domain, different task;
// different domain, same task — the study of from scratch, linear probe and
// fine-tuning at 10, 100 and 1,000 labels per class, its figures, and the
// exercises' checks.
package transferlearn
