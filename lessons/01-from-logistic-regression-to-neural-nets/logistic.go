package neuralnets

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// Featurizer turns a point (x1, x2) into the features a linear model sees.
type Featurizer func(x1, x2 float64) []float64

// Linear is the plain featurizer: the point's two coordinates.
func Linear(x1, x2 float64) []float64 { return []float64{x1, x2} }

// Crossed is the deck's feature cross: x1, x2, x1·x2, x1², x2².
func Crossed(x1, x2 float64) []float64 { return []float64{x1, x2, x1 * x2, x1 * x1, x2 * x2} }

// Circles is the lesson's non-linear problem: 200 points on two concentric
// circles of radius 1 (class 0) and 0.5 (class 1) with Gaussian noise of 0.1,
// scikit-learn's make_circles(n_samples=200, noise=0.1, factor=0.5,
// random_state=1).
func Circles() *data.Dataset {
	d, _ := data.Circles(200, 0.1, 0.5, 1)
	d.ClassNames = []string{"outer circle", "inner circle"}
	return d
}

// Points returns a 2-D data set as plots.Classes, for scatter and
// decision-boundary plots.
func Points(d *data.Dataset) (plots.Classes, error) {
	if err := d.Validate(); err != nil {
		return plots.Classes{}, err
	}
	if d.Dim() != 2 || d.Labels == nil {
		return plots.Classes{}, fmt.Errorf("%s is not a labelled set of 2-D points", d.Name)
	}
	c := plots.Classes{Labels: d.Labels, Names: d.ClassNames}
	for i := range d.Len() {
		r := d.Row(i)
		c.Points = append(c.Points, []float64{float64(r[0]), float64(r[1])})
	}
	return c, nil
}

// Features applies f to every point of a 2-D data set: one row per example.
func Features(d *data.Dataset, f Featurizer) ([][]float64, error) {
	if f == nil {
		return nil, errors.New("the featurizer is nil")
	}
	if d.Dim() != 2 {
		return nil, fmt.Errorf("%s has %d values per example, not 2", d.Name, d.Dim())
	}
	rows := make([][]float64, d.Len())
	for i := range rows {
		r := d.Row(i)
		rows[i] = f(float64(r[0]), float64(r[1]))
		if i > 0 && len(rows[i]) != len(rows[0]) {
			return nil, fmt.Errorf("the featurizer gives %d features for one point and %d for another: it must always give the same number", len(rows[0]), len(rows[i]))
		}
	}
	if len(rows) > 0 && len(rows[0]) == 0 {
		return nil, errors.New("the featurizer gives no features")
	}
	return rows, nil
}

// Logistic is a fitted logistic regression, h(f) = g(b + w·f) with g the
// sigmoid, on the features f of a point.
type Logistic struct {
	Intercept float64   // b, also written w₀.
	Weights   []float64 // w, one per feature.
}

// Prob returns h(f), the probability of class 1 for features f.
func (m Logistic) Prob(f []float64) float64 {
	z := m.Intercept
	for j, w := range m.Weights {
		z += w * f[j]
	}
	return nnlib.Sigmoid(z)
}

// Predict returns the class, 1 where h(f) ≥ 0.5.
func (m Logistic) Predict(f []float64) int {
	if m.Prob(f) >= 0.5 {
		return 1
	}
	return 0
}

// Classifier returns the model as a plots.Classifier on points (x1, x2),
// through the featurizer it was fitted with.
func (m Logistic) Classifier(f Featurizer) plots.Classifier {
	return func(x1, x2 float64) int { return m.Predict(f(x1, x2)) }
}

// Accuracy is the fraction of rows whose label the model predicts.
func (m Logistic) Accuracy(features [][]float64, labels []int) float64 {
	right := 0
	for i, f := range features {
		if m.Predict(f) == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(features))
}

// FitLogistic fits a logistic regression to features (one row per example)
// and labels (0 or 1) the way scikit-learn's LogisticRegression(C=C) does by
// default: it minimizes
//
//	C · Σᵢ [log(1 + e^(zᵢ)) − yᵢ·zᵢ] + ½‖w‖²,   zᵢ = b + w·fᵢ,
//
// the cross-entropy plus a small penalty on large weights (not on the
// intercept b), which keeps the weights finite when the classes can be
// separated. It uses Newton's method, which converges to the minimum to
// machine precision in a few steps; lesson 02 shows how gradient descent
// finds such minima.
func FitLogistic(features [][]float64, labels []int, C float64) (Logistic, error) {
	if len(features) == 0 || len(features) != len(labels) {
		return Logistic{}, fmt.Errorf("FitLogistic needs one label per row of features, and at least one: got %d rows and %d labels", len(features), len(labels))
	}
	if !(C > 0) {
		return Logistic{}, fmt.Errorf("the parameter C must be positive (scikit-learn's default is 1), not %g", C)
	}
	p := len(features[0]) + 1 // With the intercept, first.
	rows := make([][]float64, len(features))
	for i, f := range features {
		if len(f) != p-1 {
			return Logistic{}, fmt.Errorf("row %d has %d features, row 0 has %d", i, len(f), p-1)
		}
		if labels[i] != 0 && labels[i] != 1 {
			return Logistic{}, fmt.Errorf("label %d of row %d: logistic regression needs labels 0 or 1", labels[i], i)
		}
		rows[i] = append([]float64{1}, f...)
	}
	theta := make([]float64, p)
	for range 100 {
		grad := mat.NewVecDense(p, nil)
		hess := mat.NewDense(p, p, nil)
		for i, r := range rows {
			pr := nnlib.Sigmoid(dot(theta, r))
			for j := range p {
				grad.SetVec(j, grad.AtVec(j)+C*(pr-float64(labels[i]))*r[j])
				for k := range p {
					hess.Set(j, k, hess.At(j, k)+C*pr*(1-pr)*r[j]*r[k])
				}
			}
		}
		for j := 1; j < p; j++ { // The penalty ½‖w‖², not on the intercept.
			grad.SetVec(j, grad.AtVec(j)+theta[j])
			hess.Set(j, j, hess.At(j, j)+1)
		}
		var step mat.VecDense // The Newton step: the solution of hess · step = grad.
		if err := step.SolveVec(hess, grad); err != nil {
			return Logistic{}, errors.New("singular system: two features are the same")
		}
		size := 0.0
		for j := range theta {
			theta[j] -= step.AtVec(j)
			size = math.Max(size, math.Abs(step.AtVec(j)))
		}
		if size < 1e-12*(1+maxAbs(theta)) {
			return Logistic{Intercept: theta[0], Weights: theta[1:]}, nil
		}
	}
	return Logistic{}, errors.New("after 100 steps Newton's method has still not converged: are the features scaled?")
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
