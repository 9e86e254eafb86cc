package neuralnets

import (
	"fmt"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// FigureLinearVsCrossed is sections 2 and 3's decision boundaries side by
// side, for the course's figure gallery: logistic regression on the circles
// with (x₁, x₂), and with the crossed features, as the notebook fits them.
func FigureLinearVsCrossed() (*plot.Plot, error) {
	d := Circles()
	pts, err := Points(d)
	if err != nil {
		return nil, err
	}
	var panels []*plot.Plot
	for _, f := range []struct {
		name string
		feat Featurizer
	}{{"On x₁, x₂", Linear}, {"Adding x₁x₂, x₁², x₂²", Crossed}} {
		x, err := Features(d, f.feat)
		if err != nil {
			return nil, err
		}
		m, err := FitLogistic(x, d.Labels, 1)
		if err != nil {
			return nil, err
		}
		p, err := plots.DecisionBoundary(fmt.Sprintf("%s: %.0f%% right", f.name, 100*m.Accuracy(x, d.Labels)), "x₁", "x₂", m.Classifier(f.feat), pts)
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	return plots.SideBySide("A linear boundary fails on circles; crossed features fix it", panels...)
}
