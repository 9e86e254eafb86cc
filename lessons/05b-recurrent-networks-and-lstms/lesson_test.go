package recurrent

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
)

func TestRecallSequences(t *testing.T) {
	d, err := RecallSequences(50, 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 50 || d.Dim() != 8 {
		t.Fatalf("%d sequences of %d, want 50 of 8", d.Len(), d.Dim())
	}
	for i := range d.Len() {
		row := d.Row(i)
		if int(row[0]) != d.Labels[i] {
			t.Fatalf("sequence %d starts with %v, its label is %d", i, row[0], d.Labels[i])
		}
		for _, v := range row {
			if v < 0 || v >= Symbols || v != float32(int(v)) {
				t.Fatalf("sequence %d holds %v, not a symbol", i, v)
			}
		}
	}
	if _, err := RecallSequences(0, 3, 1); err == nil {
		t.Error("no sequences accepted")
	}
	x, l, err := oneHot(data.Batch{X: d.X[:16], Labels: d.Labels[:2], Shape: []int{2, 8}})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Shape().Dimensions; len(got) != 3 || got[0] != 2 || got[1] != 8 || got[2] != Symbols {
		t.Fatalf("one-hot shape %v", got)
	}
	flat := x.Value().([][][]float32)
	for i := range 2 {
		for s := range 8 {
			for k := range Symbols {
				want := float32(0)
				if k == int(d.X[i*8+s]) {
					want = 1
				}
				if flat[i][s][k] != want {
					t.Fatalf("one-hot [%d][%d][%d] = %v, want %v", i, s, k, flat[i][s][k], want)
				}
			}
		}
	}
	if l.Shape().Dimensions[0] != 2 {
		t.Errorf("labels shape %v", l.Shape())
	}
}

func TestSameBudget(t *testing.T) {
	for _, m := range SameBudget {
		p := m.Kind.Params(Symbols, m.Hidden)
		if p < 5700 || p > 6000 {
			t.Errorf("%s %d units has %d recurrent weights, not about 5,800", m.Kind, m.Hidden, p)
		}
	}
}

// A plain RNN learns a short delay in a few hundred steps, far above the
// 1/8 of guessing; with k = 1 the task is nearly immediate.
func TestMemoryLearnsAShortDelay(t *testing.T) {
	s := MemoryStudy{Nets: []Memory{{rnn.Simple, 32}}, Delays: []int{2}, Steps: 300, Batch: 64, LearningRate: 1e-2, Test: 500, Seed: 1}
	res, err := s.Run(nnlib.MustBackend(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Accuracy < 0.6 {
		t.Errorf("accuracy %.3f at delay 2, want > 0.6", res[0].Accuracy)
	}
	if _, err := (MemoryStudy{}).Run(nnlib.MustBackend(), nil); err == nil {
		t.Error("an empty study ran")
	}
	p, err := MemoryFigure(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
}

func births(t *testing.T) *Births {
	t.Helper()
	b, err := LoadBirths()
	if err != nil {
		t.Skip(err)
	}
	return b
}

func TestBirthsSplit(t *testing.T) {
	b := births(t)
	if b.Days[b.ValidStart].Format("2006-01-02") != "2013-01-01" || b.Days[b.TestStart].Format("2006-01-02") != "2014-01-01" {
		t.Fatalf("split at %s and %s", b.Days[b.ValidStart], b.Days[b.TestStart])
	}
	var sum float64
	for _, c := range b.Counts[:b.ValidStart] {
		sum += c
	}
	if math.Abs(sum/float64(b.ValidStart)-b.Mean) > 1e-9 {
		t.Errorf("mean %g, want %g", b.Mean, sum/float64(b.ValidStart))
	}
	d, starts := b.windows(28, 7, b.TestStart, len(b.Counts))
	if d.Len() != 365-6 || starts[0] != b.TestStart {
		t.Fatalf("%d test windows from %d", d.Len(), starts[0])
	}
	// The first window's last input is 31 December 2013, its first target 1 January 2014.
	last := float64(d.Row(0)[27])*b.Std + b.Mean
	first := float64(d.TargetRow(0)[0])*b.Std + b.Mean
	if math.Abs(last-b.Counts[b.TestStart-1]) > 0.01 || math.Abs(first-b.Counts[b.TestStart]) > 0.01 {
		t.Errorf("window edges %g, %g; want %g, %g", last, first, b.Counts[b.TestStart-1], b.Counts[b.TestStart])
	}
}

func TestBaselines(t *testing.T) {
	b := births(t)
	lv, lw := b.LastValue(7), b.LastWeek(7)
	for i, s := range lw.Starts {
		for h := range 7 {
			if lv.Values[i][h] != b.Counts[s-1] {
				t.Fatalf("last value at %d+%d = %g, want %g", s, h, lv.Values[i][h], b.Counts[s-1])
			}
			if lw.Values[i][h] != b.Counts[s+h-7] || b.Days[s+h-7].Weekday() != b.Days[s+h].Weekday() {
				t.Fatalf("same day last week at %d+%d = %g, want %g", s, h, lw.Values[i][h], b.Counts[s+h-7])
			}
		}
	}
	// Errors by hand on the first forecast.
	one := Forecast{Horizon: 1, Starts: []int{b.TestStart, b.TestStart + 1}, Values: [][]float64{{b.Counts[b.TestStart] + 100}, {b.Counts[b.TestStart+1] - 300}}}
	mae, mape := one.Errors(b)
	if math.Abs(mae-200) > 1e-9 {
		t.Errorf("MAE %g, want 200", mae)
	}
	if want := 50 * (100/b.Counts[b.TestStart] + 300/b.Counts[b.TestStart+1]); math.Abs(mape-want) > 1e-9 {
		t.Errorf("MAPE %g, want %g", mape, want)
	}
}

// The autoregression's weights, fitted by QR, agree with the normal
// equations (AᵀA)w = Aᵀy solved by Cholesky.
func TestLinearAgreesWithNormalEquations(t *testing.T) {
	b := births(t)
	const window = 14
	f, err := b.Linear(window, 1)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := b.windows(window, 1, 0, b.ValidStart)
	var ata mat.SymDense
	a := mat.NewDense(d.Len(), window+1, nil)
	y := mat.NewVecDense(d.Len(), nil)
	for i := range d.Len() {
		for j, v := range d.Row(i) {
			a.Set(i, j, float64(v))
		}
		a.Set(i, window, 1)
		y.SetVec(i, float64(d.TargetRow(i)[0]))
	}
	ata.SymOuterK(1, a.T())
	var chol mat.Cholesky
	if !chol.Factorize(&ata) {
		t.Fatal("AᵀA is not positive definite")
	}
	var aty, w mat.VecDense
	aty.MulVec(a.T(), y)
	if err := chol.SolveVecTo(&w, &aty); err != nil {
		t.Fatal(err)
	}
	for i, s := range f.Starts[:30] {
		z := w.AtVec(window)
		for j := range window {
			z += w.AtVec(j) * (b.Counts[s-window+j] - b.Mean) / b.Std
		}
		if got, want := f.Values[i][0], z*b.Std+b.Mean; math.Abs(got-want) > 1e-3 {
			t.Fatalf("forecast %d = %g, normal equations give %g", i, got, want)
		}
	}
	mae, _ := f.Errors(b)
	lw, _ := b.LastWeek(1).Errors(b)
	if mae >= lw {
		t.Errorf("the autoregression's MAE %g is not below the weekly baseline's %g", mae, lw)
	}
}

// A few epochs of the day-ahead LSTM already beat "last value" by far.
func TestForecasterTrains(t *testing.T) {
	b := births(t)
	f := DayAhead
	f.Epochs, f.Patience = 3, 0
	fc, err := f.Train(nnlib.MustBackend(), b)
	if err != nil {
		t.Fatal(err)
	}
	mae, _ := fc.Errors(b)
	naive, _ := b.LastValue(1).Errors(b)
	if mae > naive/2 {
		t.Errorf("LSTM MAE %g after 3 epochs, last value %g", mae, naive)
	}
	if fc.Epochs != 3 || len(fc.Starts) != 365 {
		t.Errorf("%d epochs, %d forecasts", fc.Epochs, len(fc.Starts))
	}
	p, err := ForecastFigure(b, b.LastWeek(1), fc)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
	if _, err := ForecastFigure(b, b.LastWeek(7)); err == nil {
		t.Error("a 7-day forecast drawn as day-ahead")
	}
	table := ForecastTable(b, b.LastValue(1), fc)
	if !strings.Contains(table, "last value") || !strings.Contains(table, "1643") {
		t.Errorf("table:\n%s", table)
	}
	bad := f
	bad.Hidden = 0
	if _, err := bad.Train(nnlib.MustBackend(), b); err == nil {
		t.Error("a forecaster with no units trained")
	}
}

func TestForgetting(t *testing.T) {
	curves, err := DefaultForgetting.Measure()
	if err != nil {
		t.Fatal(err)
	}
	// ‖U‖ = 0.5: each step multiplies by at most 0.5, so after t steps at most 0.5^(t+1).
	for tt, n := range curves[0].Norms {
		if n > math.Pow(0.5, float64(tt+1))*(1+1e-9) {
			t.Fatalf("‖U‖ = 0.5: norm %g at step %d above 0.5^%d", n, tt, tt+1)
		}
	}
	for i := 1; i < len(curves); i++ {
		if curves[i].Norms[10] <= curves[i-1].Norms[10] {
			t.Errorf("the norm at step 10 does not grow with ‖U‖: %g then %g", curves[i-1].Norms[10], curves[i].Norms[10])
		}
	}
	p, err := ForgettingFigure(curves)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
	if _, err := (Forgetting{}).Measure(); err == nil {
		t.Error("an empty measurement ran")
	}
}

func TestPickCheck(t *testing.T) {
	if err := PickError(rnn.Pick); err != nil {
		t.Fatalf("the course's Pick fails the check: %v", err)
	}
	softmaxPick := func(logits []float64, temperature, u float64, scale func(z, t float64) float64, exp bool, normalise bool) int {
		hi := math.Inf(-1)
		for _, z := range logits {
			hi = max(hi, z)
		}
		w := make([]float64, len(logits))
		var sum float64
		for k, z := range logits {
			if exp {
				w[k] = math.Exp(scale(z, temperature) - scale(hi, temperature))
			} else {
				w[k] = max(0, scale(z, temperature))
			}
			sum += w[k]
		}
		acc := 0.0
		for k := range w {
			if normalise {
				acc += w[k] / sum
			} else {
				acc += w[k]
			}
			if u < acc {
				return k
			}
		}
		return len(w) - 1
	}
	div := func(z, t float64) float64 { return z / t }
	greedy := func(f PickFunc) PickFunc {
		return func(l []float64, temp, u float64) int {
			if temp == 0 {
				return rnn.Pick(l, 0, u)
			}
			return f(l, temp, u)
		}
	}
	cases := []struct {
		name string
		pick PickFunc
		hint string
	}{
		{"temperature ignored", greedy(func(l []float64, _, u float64) int {
			return softmaxPick(l, 1, u, div, true, true)
		}), "whatever the temperature"},
		{"multiplied", greedy(func(l []float64, temp, u float64) int {
			return softmaxPick(l, temp, u, func(z, t float64) float64 { return z * t }, true, true)
		}), "multiply the logits by the temperature"},
		{"no exponential", greedy(func(l []float64, temp, u float64) int {
			return softmaxPick(l, temp, u, div, false, true)
		}), "proportional to the logits"},
		{"u not scaled", greedy(func(l []float64, temp, u float64) int {
			return softmaxPick(l, temp, u, div, true, false)
		}), "unnormalised weights"},
		{"overflow", greedy(func(l []float64, temp, u float64) int {
			w := make([]float64, len(l))
			var sum float64
			for k, z := range l {
				w[k] = math.Exp(z / temp)
				sum += w[k]
			}
			acc := 0.0
			for k := range w {
				acc += w[k] / sum
				if u < acc {
					return k
				}
			}
			return len(w) - 1
		}), "overflows"},
		{"not greedy at 0", func(l []float64, temp, u float64) int {
			if temp == 0 {
				return rnn.Pick(l, 1, u)
			}
			return rnn.Pick(l, temp, u)
		}, "temperature 0"},
		{"out of range", func(l []float64, _, _ float64) int { return len(l) }, "return an index"},
		{"panics", func(l []float64, _, _ float64) int { return int(l[100]) }, "panicked"},
	}
	for _, c := range cases {
		err := PickError(c.pick)
		if err == nil || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: got %v, want the hint %q", c.name, err, c.hint)
		}
	}
	if PickError(nil) == nil {
		t.Error("a nil function passed")
	}
}

func TestCorpus(t *testing.T) {
	if _, err := NewCorpus("too short", 0.9); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("a short text: %v", err)
	}
	c, err := NewCorpus(strings.Repeat("abcd efgh. ", 200), 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Train) != 1980 || len(c.Valid) != 220 || c.Vocab.Size() != 10 {
		t.Errorf("%d + %d characters, %d distinct", len(c.Train), len(c.Valid), c.Vocab.Size())
	}
	if _, err := NewCorpus(strings.Repeat("x", 2000), 1); err == nil {
		t.Error("a training share of 1 accepted")
	}
	w := Writer(c.Vocab.Size())
	if err := w.Validate(); err != nil {
		t.Errorf("the lesson's writer does not validate: %v", err)
	}
	if _, _, err := KeepWriter(nnlib.MustBackend(), nil, w); err == nil {
		t.Error("KeepWriter without a corpus")
	}
}

// The n-gram choice on a small repetitive text prefers a long context.
func TestChooseNGram(t *testing.T) {
	c, err := NewCorpus(strings.Repeat("the cat sat on the mat. ", 100), 0.9)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := ChooseNGram(c, []int{1, 2, 4}, "the ", 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Best != 4 || ch.Bits > 0.5 || !strings.HasPrefix(ch.Sample, "the ") || len(ch.Sample) != 24 {
		t.Errorf("best %d, %.3f bits, sample %q", ch.Best, ch.Bits, ch.Sample)
	}
	if math.Abs(math.Exp2(ch.Bits)-ch.Perplexity) > 1e-9 {
		t.Errorf("perplexity %g is not 2^%g", ch.Perplexity, ch.Bits)
	}
	p, err := WriterFigure(rnn.CharRun{Config: Writer(c.Vocab.Size()), Snapshots: []rnn.Snapshot{{Step: 10, ValidNats: 2}, {Step: 20, ValidNats: 1.5}}}, ch.Bits, ch.Best)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.CheckRenders(p); err != nil {
		t.Error(err)
	}
	if _, err := WriterFigure(rnn.CharRun{}, 1, 2); err == nil {
		t.Error("an empty run drawn")
	}
}
