package optimizers

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
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
	best := study[0]
	for _, r := range study {
		if r.Final() < best.Final() {
			best = r
		}
	}
	if best.LearningRate != 1 {
		t.Errorf("η = 1 should be the best, not %g", best.LearningRate)
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
	// The prediction exercise: momentum's best rate is SGD's divided by
	// 1/(1 − β) = 10, and the check's hints name the usual reasonings.
	momentum, err := MomentumStudy(backend)
	if err != nil {
		t.Fatal(err)
	}
	if err := PredictedRateError(0.1, momentum); err != nil {
		t.Errorf("momentum's best rate should be 0.1: %v", err)
	}
	for _, tc := range []struct {
		predicted float64
		hint      string
	}{
		{1, "SGD's best"}, {1e-3, "larger than η, not smaller"}, {1e-5, "too small"},
		{0.5, "not one of"}, {0, "blank"}, {10, "not one of"},
	} {
		if err := PredictedRateError(tc.predicted, momentum); err == nil || !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("predicted %g: %v, want a hint with %q", tc.predicted, err, tc.hint)
		}
	}

	// The grid's panels share one log scale of the loss, with at least three
	// labelled ticks (each had its own linear scale, issue 19).
	panels, err := gridPanels(study)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range panels {
		if p.Y.Min != panels[0].Y.Min || p.Y.Max != panels[0].Y.Max {
			t.Errorf("panel %d's loss axis is [%g, %g], panel 0's [%g, %g]: they must share it", i, p.Y.Min, p.Y.Max, panels[0].Y.Min, panels[0].Y.Max)
		}
		labels := 0
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label != "" {
				labels++
			}
		}
		if labels < 3 {
			t.Errorf("panel %d: %d labelled ticks on its log axis, want at least 3", i, labels)
		}
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
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
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

// adamGolden is testdata/adam_golden.json: PyTorch's Adam on a few weights
// and gradients, with the weights and moments after every step.
type adamGolden struct {
	Torch string
	Cases []adamCase
}

// adamCase is one of adamGolden's runs: hyper-parameters, starting weights,
// one gradient per weight and step, and PyTorch's weights and moments after
// each step.
type adamCase struct {
	Name                  string
	LR, Beta1, Beta2, Eps float64
	W0                    []float64
	Grads, W, M, V        [][]float64
}

// loadAdamGolden reads the numbers testdata/adam_golden.py wrote with
// PyTorch; PyTorch is not needed to run the tests.
func loadAdamGolden(t *testing.T) adamGolden {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "adam_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden adamGolden
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatalf("testdata/adam_golden.json: %v", err)
	}
	if len(golden.Cases) == 0 {
		t.Fatal("testdata/adam_golden.json has no cases")
	}
	return golden
}

// AdamRef is the exercise's answer key (AdamStepError compares students with
// it), so it is checked against an independent Adam: PyTorch's
// torch.optim.Adam, in float64, on every case of testdata/adam_golden.json.
func TestAdamRefMatchesPyTorch(t *testing.T) {
	golden := loadAdamGolden(t)
	agree := func(got, want float64) bool { return math.Abs(got-want) <= 1e-12*math.Abs(want) }
	compared := 0
	for _, c := range golden.Cases {
		for i, w0 := range c.W0 {
			w, m, v := w0, 0.0, 0.0
			for step, g := range c.Grads {
				w, m, v = AdamRef(w, g[i], m, v, step+1, c.LR, c.Beta1, c.Beta2, c.Eps)
				for _, q := range []struct {
					name      string
					got, want float64
				}{{"w", w, c.W[step][i]}, {"m", m, c.M[step][i]}, {"v", v, c.V[step][i]}} {
					if !agree(q.got, q.want) {
						t.Fatalf("%s, weight %d, step %d: AdamRef's %s = %.17g, PyTorch %s's = %.17g",
							c.Name, i, step+1, q.name, q.got, golden.Torch, q.want)
					}
					compared++
				}
			}
		}
	}
	t.Logf("AdamRef agrees with PyTorch %s on %d values", golden.Torch, compared)
}

func TestAdamStepCheck(t *testing.T) {
	// A student whose answers are PyTorch's own, replayed from the golden
	// file's run of the exercise (same weight, gradients and
	// hyper-parameters as AdamStepError), must pass: the check's answer key is
	// right, not only equal to itself.
	golden := loadAdamGolden(t)
	var exercise *adamCase
	for i := range golden.Cases {
		if golden.Cases[i].Name == "the lesson's exercise" {
			exercise = &golden.Cases[i]
		}
	}
	if exercise == nil {
		t.Fatal("testdata/adam_golden.json has no case \"the lesson's exercise\"")
	}
	pytorch := func(w, g, m, v float64, t int, eta, b1, b2, eps float64) (float64, float64, float64) {
		if t < 1 || t > len(exercise.W) || g != exercise.Grads[t-1][0] {
			return w, m, v // Not the golden run: refused below.
		}
		return exercise.W[t-1][0], exercise.M[t-1][0], exercise.V[t-1][0]
	}
	if err := AdamStepError(pytorch); err != nil {
		t.Fatalf("PyTorch's Adam is refused (if AdamStepError's gradients or hyper-parameters changed, change \"the lesson's exercise\" in testdata/adam_golden.py too and rerun it): %v", err)
	}
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
