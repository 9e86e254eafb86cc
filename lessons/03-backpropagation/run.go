package backprop

import "github.com/gomlx-course/dlcourse/nnlib"

// DigitsRun is section 6's training: a network of Hidden sigmoid units
// trained on Train digits by Steps steps of full-batch gradient descent at
// rate Eta.
type DigitsRun struct {
	Train, Hidden, Steps int
	Eta                  float64
}

// TheDigitsRun returns the lesson's run: 1,000 digits, 16 hidden units,
// 150 steps at η = 1 (about 20 s for the two trainings on 2 cores). In the
// quick run (nnlib.Quick, as the course's tests do) it takes 30 steps.
func TheDigitsRun() DigitsRun {
	r := DigitsRun{Train: 1000, Hidden: 16, Steps: 150, Eta: 1}
	if nnlib.Quick() {
		r.Steps = 30
	}
	return r
}
