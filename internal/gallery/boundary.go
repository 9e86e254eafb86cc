package gallery

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// rings is the toy problem of the linear vs non-linear slide: class 0 on a
// ring of radius 1, class 1 on a ring of radius 2.2 around it, 100 points
// each, with some noise (seed 1).
func rings() plots.Classes {
	r := newRNG(1)
	var c plots.Classes
	for i := range 200 {
		class := i % 2
		radius := 1.0 + 1.2*float64(class) + 0.25*r.normal()
		angle := 2 * math.Pi * r.uniform()
		c.Points = append(c.Points, []float64{radius * math.Cos(angle), radius * math.Sin(angle)})
		c.Labels = append(c.Labels, class)
	}
	c.Names = []string{"inner ring", "outer ring"}
	return c
}

// features maps a point to a logistic regression's inputs (1 first, for
// the bias): x₁, x₂, and when quadratic also x₁², x₂², x₁x₂.
func features(x1, x2 float64, quadratic bool) []float64 {
	f := []float64{1, x1, x2}
	if quadratic {
		f = append(f, x1*x1, x2*x2, x1*x2)
	}
	return f
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// fitLogistic trains a logistic regression with batch gradient descent on
// the cross-entropy, from zero weights: deterministic.
func fitLogistic(data plots.Classes, quadratic bool) []float64 {
	const (
		eta   = 0.1
		steps = 3000
	)
	w := make([]float64, len(features(0, 0, quadratic)))
	grad := make([]float64, len(w))
	m := float64(len(data.Points))
	for range steps {
		clear(grad)
		for i, pt := range data.Points {
			f := features(pt[0], pt[1], quadratic)
			err := sigmoid(dot(w, f)) - float64(data.Labels[i])
			for k := range grad {
				grad[k] += err * f[k] / m
			}
		}
		for k := range w {
			w[k] -= eta * grad[k]
		}
	}
	return w
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// classifier predicts with the weights of fitLogistic: class 1 where
// h(x) ≥ 0.5.
func classifier(w []float64, quadratic bool) plots.Classifier {
	return func(x1, x2 float64) int {
		if dot(w, features(x1, x2, quadratic)) >= 0 {
			return 1
		}
		return 0
	}
}

// accuracy is the fraction of data that classify gets right.
func accuracy(classify plots.Classifier, data plots.Classes) float64 {
	right := 0
	for i, pt := range data.Points {
		if classify(pt[0], pt[1]) == data.Labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(data.Points))
}

// linearVsNonlinear shows the same rings classified by a linear and by a
// quadratic logistic regression, side by side.
func linearVsNonlinear() (*plot.Plot, error) {
	data := rings()
	var panels []*plot.Plot
	for _, quadratic := range []bool{false, true} {
		classify := classifier(fitLogistic(data, quadratic), quadratic)
		title := "On x₁, x₂"
		if quadratic {
			title = "Adding x₁², x₂², x₁x₂"
		}
		p, err := plots.DecisionBoundary(fmt.Sprintf("%s: %.0f%% right", title, 100*accuracy(classify, data)), "x₁", "x₂", classify, data)
		if err != nil {
			return nil, err
		}
		if !quadratic {
			p.Legend = plot.NewLegend() // One legend for both panels.
		}
		p.Title.TextStyle.Font.Size = plots.LabelSize
		panels = append(panels, p)
	}
	return plots.SideBySide("Logistic regression on two rings", panels...)
}
