// Package gradientdescent is what lesson 02, "Cost functions and gradient
// descent", is built from: the deck's two-sample example with its exact
// partial derivatives, gradient descent with its stopping rule, the costs of
// linear and logistic regression, the closed-form least-squares solution it
// is checked against, and the checks of the lesson's exercises.
//
// Everything here is plain float64 Go, short enough to read next to the
// slides; the lesson compares it with GoMLX's autodiff.
package gradientdescent
