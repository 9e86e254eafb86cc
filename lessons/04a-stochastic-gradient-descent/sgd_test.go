package sgd

import (
	"testing"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
	"github.com/gomlx-course/dlcourse/nnlib/scratch"
)

// On an ill-conditioned ravine momentum converges in far fewer steps than
// plain gradient descent with the same learning rate, and Nesterov's look-ahead
// damps its overshoot.
func TestMomentumBeatsPlainDescent(t *testing.T) {
	r := Ravine{Kappa: 25}
	start := []float64{-4, 1}
	steps := map[Method]int{}
	for _, m := range []Method{Plain, Momentum, Nesterov} {
		path, ok, err := Optimize(m, r.Gradient, start, 0.05, 0.8, 1e-6, 10000)
		if err != nil || !ok {
			t.Fatalf("%s: converged %v, %v", m, ok, err)
		}
		if w := path.Last(); r.Cost(w[0], w[1]) > 1e-11 {
			t.Errorf("%s ends at %v", m, w)
		}
		steps[m] = len(path) - 1
	}
	t.Logf("steps to ‖∇J‖ ≤ 1e-6: %v", steps)
	if steps[Momentum]*2 > steps[Plain] {
		t.Errorf("momentum should at least halve the steps: %v", steps)
	}
	if steps[Nesterov] > steps[Momentum] {
		t.Errorf("Nesterov should not be slower than momentum here: %v", steps)
	}
	// Plain descent is the special case β = 0 of momentum.
	a, _, _ := Optimize(Plain, r.Gradient, start, 0.07, 0.8, 1e-6, 50)
	b, _, _ := Optimize(Momentum, r.Gradient, start, 0.07, 0, 1e-6, 50)
	for i := range a {
		if !near(a[i], b[i]) {
			t.Fatalf("step %d: β = 0 momentum %v, plain %v", i, b[i], a[i])
		}
	}
	// The lesson's aside: at η = 0.07 momentum still converges, Nesterov diverges.
	if _, ok, _ := Optimize(Momentum, r.Gradient, start, 0.07, 0.8, 1e-6, 10000); !ok {
		t.Error("momentum with η = 0.07 should converge")
	}
	if _, ok, _ := Optimize(Nesterov, r.Gradient, start, 0.07, 0.8, 1e-6, 10000); ok {
		t.Error("Nesterov with η = 0.07 should diverge, as the lesson says")
	}
	if _, _, err := Optimize(Momentum, r.Gradient, start, 0.07, 1, 1e-6, 5); err == nil {
		t.Error("β = 1 must be refused")
	}
}

func TestMomentumStepCheck(t *testing.T) {
	right := func(w, v, g []float64, eta, beta float64) {
		for i := range w {
			v[i] = beta*v[i] + g[i]
			w[i] -= eta * v[i]
		}
	}
	if err := MomentumStepError(right); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	other := func(w, v, g []float64, eta, beta float64) { // v ← βv − ηg; w ← w + v
		for i := range w {
			v[i] = beta*v[i] - eta*g[i]
			w[i] += v[i]
		}
	}
	if err := MomentumStepError(other); err != nil {
		t.Fatalf("the other convention is refused: %v", err)
	}
	checktest.Hints(t, MomentumStepError, []checktest.Wrong[func(w, v, g []float64, eta, beta float64)]{
		{Name: "blank", Answer: func(w, v, g []float64, eta, beta float64) {}, Hint: "does not move"},
		{Name: "no memory", Answer: func(w, v, g []float64, eta, beta float64) {
			for i := range w {
				v[i] = g[i]
				w[i] -= eta * v[i]
			}
		}, Hint: "remember the past"},
		{Name: "uphill", Answer: func(w, v, g []float64, eta, beta float64) {
			for i := range w {
				v[i] = beta*v[i] + g[i]
				w[i] += eta * v[i]
			}
		}, Hint: "uphill"},
		{Name: "w first", Answer: func(w, v, g []float64, eta, beta float64) {
			for i := range w {
				w[i] -= eta * v[i]
				v[i] = beta*v[i] + g[i]
			}
		}, Hint: "update v first"},
		{Name: "short", Answer: func(w, v, g []float64, eta, beta float64) { _ = g[5] }, Hint: "one entry per parameter"},
	})
}

// Full batch, minibatches and online learning all lower the cost; per epoch,
// smaller batches make more updates and get further.
func TestMinibatchRuns(t *testing.T) {
	X, Y, _, _, err := data.Digits(300, 2)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	final := map[int]float64{}
	for _, batch := range []int{300, 30, 1} {
		w, _ := scratch.NewWeights([]int{784, 16, 10}, 5)
		run, err := TrainMinibatch(w, X, Y, 0.5, batch, 3, 4, 1)
		if err != nil {
			t.Fatal(err)
		}
		n := len(run.Cost)
		if run.Epochs[0] != 0 || run.Epochs[n-1] != 3 || run.Iterations[n-1] != 3*((300+batch-1)/batch) {
			t.Errorf("batch %d: ends at epoch %v after %d iterations", batch, run.Epochs[n-1], run.Iterations[n-1])
		}
		if run.Cost[n-1] >= run.Cost[0] {
			t.Errorf("batch %d: cost %v → %v", batch, run.Cost[0], run.Cost[n-1])
		}
		final[batch] = run.Cost[n-1]
	}
	if !(final[30] < final[300]) {
		t.Errorf("after 3 epochs minibatches of 30 should beat the full batch: %v", final)
	}
	if _, err := TrainMinibatch(nil, X, Y, 0.5, 0, 1, 1, 1); err == nil {
		t.Error("batch size 0 must be refused")
	}
}

func TestFiguresRender(t *testing.T) {
	X, Y, _, _, err := data.Digits(100, 2)
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var runs []Run
	for _, k := range []int{100, 10} {
		w, _ := scratch.NewWeights([]int{784, 8, 10}, 5)
		r, err := TrainMinibatch(w, X, Y, 0.5, k, 2, 2, 1)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	p, err := RunsFigure(runs)
	checkPNG(t, "runs", p, err)
	p, err = BatchSizeFigure(runs, 2)
	checkPNG(t, "batch size", p, err)
	p, err = RavineFigure(Ravine{Kappa: 25}, []float64{-4, 1}, 0.05, 0.8, 40)
	checkPNG(t, "ravine", p, err)
}

func checkPNG(t *testing.T, name string, p *plot.Plot, err error) {
	t.Helper()
	if err == nil {
		err = plots.CheckRenders(p)
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// lookAhead is a Nesterov step whose gradient is taken at w + s·k·v, with k
// = ηβ or β: the right answer (s = −1, k = ηβ) and the usual mistakes.
func lookAhead(s float64, withEta, wFirst bool) NesterovStep {
	return func(w, v []float64, grad func([]float64) []float64, eta, beta float64) {
		k := beta
		if withEta {
			k *= eta
		}
		if wFirst {
			for i := range w {
				w[i] -= eta * v[i]
			}
		}
		ahead := make([]float64, len(w))
		for i := range w {
			ahead[i] = w[i] + s*k*v[i]
		}
		g := grad(ahead)
		for i := range v {
			v[i] = beta*v[i] + g[i]
			if !wFirst {
				w[i] -= eta * v[i]
			}
		}
	}
}

func TestNesterovStepCheck(t *testing.T) {
	if err := NesterovStepError(lookAhead(-1, true, false)); err != nil {
		t.Fatalf("the right answer is refused: %v", err)
	}
	// Sutskever's convention: v ← βv − η∇J(w + βv); w ← w + v.
	other := func(w, v []float64, grad func([]float64) []float64, eta, beta float64) {
		ahead := []float64{w[0] + beta*v[0], w[1] + beta*v[1]}
		g := grad(ahead)
		for i := range w {
			v[i] = beta*v[i] - eta*g[i]
			w[i] += v[i]
		}
	}
	if err := NesterovStepError(other); err != nil {
		t.Fatalf("the other convention is refused: %v", err)
	}
	// Lesson 04a's own Nesterov visits the same points.
	r := Ravine{Kappa: 25}
	ref, _, _ := Optimize(Nesterov, r.Gradient, []float64{-4, 1}, 0.05, 0.8, 0, 40)
	own := Trajectory(lookAhead(-1, true, false), r.Gradient, []float64{-4, 1}, 0.05, 0.8, 40)
	if len(own) != len(ref) || !near(own.Last(), ref.Last()) {
		t.Errorf("the trajectory of the right step ends at %v, Optimize's Nesterov at %v", own.Last(), ref.Last())
	}
	checktest.Hints(t, NesterovStepError, []checktest.Wrong[NesterovStep]{
		{Name: "blank", Answer: func(w, v []float64, grad func([]float64) []float64, eta, beta float64) {}, Hint: "does not move"},
		{Name: "momentum", Answer: lookAhead(0, true, false), Hint: "plain momentum"},
		{Name: "wrong side", Answer: lookAhead(1, true, false), Hint: "wrong side"},
		{Name: "no η", Answer: lookAhead(-1, false, false), Hint: "η included"},
		{Name: "w first", Answer: lookAhead(-1, true, true), Hint: "update v first"},
		{Name: "short", Answer: func(w, v []float64, grad func([]float64) []float64, eta, beta float64) { _ = v[5] }, Hint: "one entry per parameter"},
	})
}
