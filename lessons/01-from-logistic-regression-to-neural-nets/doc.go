// Package neuralnets is what lesson 01, "From logistic regression to neural
// nets", is built from: logistic regression with and without crossed
// features, the count of crossed features, the deck's 3-3-1 network with
// fixed weights, four classes of Fashion-MNIST, and the checks of the
// lesson's three exercises.
//
// The multilayer perceptron itself (its forward pass in plain Go and in
// GoMLX, and its training) is in nnlib/mlp, which later lessons reuse.
//
// The lesson is lesson.md in this folder; `go run ./cmd/course build 01`
// renders it into notebooks/01-from-logistic-regression-to-neural-nets.ipynb
// (with the exercises' blanks) and its solved version in notebooks/solutions.
package neuralnets
