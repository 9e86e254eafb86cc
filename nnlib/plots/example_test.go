package plots_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// A cost per iteration, shown in the notebook and saved for the slides.
func ExampleShowAndSave() {
	var cost []float64
	for i := range 50 {
		cost = append(cost, 2*math.Exp(-float64(i)/10)+0.1)
	}
	p, err := plots.Lines("Cost per iteration", "iteration", "J", plots.Series{Name: "training", Y: cost})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "figures")
	defer os.RemoveAll(dir)
	pngPath, svgPath, err := plots.ShowAndSave(p, filepath.Join(dir, "cost"))
	fmt.Println(filepath.Base(pngPath), filepath.Base(svgPath), err)
	// Output: cost.png cost.svg <nil>
}

// The classes a model assigns, shaded under the data.
func ExampleDecisionBoundary() {
	data := plots.Classes{
		Points: [][]float64{{0, 0}, {0.5, 0.2}, {2, 2}, {2.5, 1.5}},
		Labels: []int{0, 0, 1, 1},
		Names:  []string{"cat", "dog"},
	}
	line := func(x1, x2 float64) int { // x₁ + x₂ > 2: dog.
		if x1+x2 > 2 {
			return 1
		}
		return 0
	}
	p, err := plots.DecisionBoundary("A linear boundary", "x₁", "x₂", line, data)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = plots.Show(p)
}

// Loss and accuracy curves that update in place while a model trains.
func ExampleTrainingView() {
	const steps = 100
	view := plots.NewTrainingView("Training", steps)
	view.Out = os.Stdout
	for step := 1; step <= steps; step++ {
		loss := 1 / float64(step)
		_ = view.Update(step, plots.Metric{Name: "loss", Value: loss}, plots.Metric{Name: "accuracy", Value: 1 - loss})
	}
	_ = view.Done()
}

// Wrong shapes give a sentence saying what was expected.
func ExampleImageGrid() {
	_, err := plots.ImageGrid("Digits", []plots.Image{{Pixels: make([]float64, 10), Height: 28, Width: 28, Channels: 1, Label: "7"}}, 0)
	fmt.Println(err)
	// Output: plots: image 0: image "7" has 10 pixel values: expected Height×Width×Channels = 28×28×1 = 784
}
