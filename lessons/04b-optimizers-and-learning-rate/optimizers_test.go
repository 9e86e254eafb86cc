package optimizers

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/mlp"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// The study's claims, as the lesson states them: η = 1 is best; the rates
// from 1e-5 down barely move the cost in 400 steps; η = 10 does worse than
// η = 1.
func TestLearningRateStudy(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	study, err := LearningRateStudy(backend, DefaultBlobs, mlp.SGD)
	if err != nil {
		t.Fatal(err)
	}
	by := map[float64]Result{}
	for _, r := range study {
		by[r.LearningRate] = r
	}
	if err := BestRateError(1, study); err != nil {
		t.Errorf("η = 1 should be the best: %v", err)
	}
	for _, lr := range []float64{1e-5, 1e-6, 1e-7} {
		if r := by[lr]; r.Final() < 0.95*r.Loss[0] {
			t.Errorf("η = %g should barely move: %.4f → %.4f", lr, r.Loss[0], r.Final())
		}
	}
	if by[10].Final() <= by[1].Final() {
		t.Errorf("η = 10 should do worse than η = 1: %.4f vs %.4f", by[10].Final(), by[1].Final())
	}
	if by[1].Accuracy < 0.75 {
		t.Errorf("η = 1 should classify most blobs: %.3f", by[1].Accuracy)
	}
	// The check's hints.
	if err := BestRateError(1e-4, study); err == nil || !strings.Contains(err.Error(), "too small") {
		t.Errorf("1e-4: %v", err)
	}
	if err := BestRateError(10, study); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("10: %v", err)
	}
	if err := BestRateError(0.5, study); err == nil || !strings.Contains(err.Error(), "not one of") {
		t.Errorf("0.5: %v", err)
	}
	if err := BestRateError(0, study); err == nil || !strings.Contains(err.Error(), "blank") {
		t.Errorf("0: %v", err)
	}

	// The schedule: at η₀ = 3 constant SGD bounces, η/√t settles lower.
	cfg := DefaultBlobs
	cfg.Rates = []float64{3}
	constant, err := LearningRateStudy(backend, cfg, mlp.SGD)
	if err != nil {
		t.Fatal(err)
	}
	decay, err := LearningRateStudy(backend, cfg, mlp.SGDDecay)
	if err != nil {
		t.Fatal(err)
	}
	if decay[0].Final() >= constant[0].Final() {
		t.Errorf("at η₀ = 3 the schedule should end lower: %.4f vs constant %.4f", decay[0].Final(), constant[0].Final())
	}
	for _, build := range []func() (*plot.Plot, error){
		func() (*plot.Plot, error) { return GridFigure("grid", study) },
		func() (*plot.Plot, error) {
			return CurvesFigure("curves", append(constant, decay...), func(r Result) string { return string(r.Optimizer) })
		},
	} {
		p, err := build()
		if err != nil {
			t.Fatal(err)
		}
		if err := plots.CheckRenders(p); err != nil {
			t.Fatal(err)
		}
	}
}

// The comparison on a small slice of Fashion-MNIST: every optimizer learns
// (well above chance), and the adaptive ones end with a lower loss than plain
// SGD, as the lesson says.
func TestCompareOptimizers(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	cfg := FashionConfig{Train: 4000, Test: 1000, Steps: 300, BatchSize: 128, Hidden: 32, Seed: 1}
	results, err := CompareOptimizers(backend, cfg)
	if err != nil {
		t.Skip(err)
	}
	by := map[mlp.Optimizer]Result{}
	for _, r := range results {
		by[r.Optimizer] = r
		if r.Accuracy < 0.6 {
			t.Errorf("%s: accuracy %.3f", r.Optimizer, r.Accuracy)
		}
	}
	if by[mlp.Adam].Final() >= by[mlp.SGD].Final() {
		t.Errorf("Adam should end lower than SGD: %.4f vs %.4f", by[mlp.Adam].Final(), by[mlp.SGD].Final())
	}
	p, err := CurvesFigure("t", results, func(r Result) string { return string(r.Optimizer) })
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
}

func TestAdamStepCheck(t *testing.T) {
	if err := AdamStepError(AdamRef); err != nil {
		t.Fatalf("the reference is refused: %v", err)
	}
	type step = func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64)
	cases := map[string]struct {
		f    step
		hint string
	}{
		"blank": {func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) { return w, m, v }, "never changes"},
		"no correction": {func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) {
			m = b1*m + (1-b1)*g
			v = b2*v + (1-b2)*g*g
			return w - eta*m/(math.Sqrt(v)+eps), m, v
		}, "bias correction"},
		"no sqrt": {func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) {
			m = b1*m + (1-b1)*g
			v = b2*v + (1-b2)*g*g
			return w - eta*(m/(1-math.Pow(b1, float64(t))))/(v/(1-math.Pow(b2, float64(t)))+eps), m, v
		}, "square root"},
		"rmsprop": {func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) {
			m = b1*m + (1-b1)*g
			v = b2*v + (1-b2)*g*g
			return w - eta*g/(math.Sqrt(v/(1-math.Pow(b2, float64(t))))+eps), m, v
		}, "RMSProp"},
		"uphill": {func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) {
			w2, m2, v2 := AdamRef(w, g, m, v, t, eta, b1, b2, eps)
			return 2*w - w2, m2, v2
		}, "uphill"},
	}
	for name, tc := range cases {
		err := AdamStepError(tc.f)
		if err == nil {
			t.Errorf("%s: a wrong answer passed", name)
		} else if !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("%s: hint %q does not mention %q", name, err, tc.hint)
		}
	}
}

func TestSmooth(t *testing.T) {
	got := Smooth([]float64{1, 3, 5, 7}, 2)
	want := []float64{1, 2, 4, 6}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Smooth = %v, want %v", got, want)
		}
	}
}
