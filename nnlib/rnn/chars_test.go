package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// idsTensor is ids [batch][steps] as the int32 tensor the model reads.
func idsTensor(ids [][]int) *tensors.Tensor {
	var flat []int32
	for _, row := range ids {
		for _, id := range row {
			flat = append(flat, int32(id))
		}
	}
	return tensors.FromFlatDataAndDimensions(flat, len(ids), len(ids[0]))
}

// charStore is a store whose variables are seeded, for m's tests.
func charStore(t testing.TB, seed int64) *model.Store {
	t.Helper()
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(seed); err != nil {
		t.Fatal(err)
	}
	return store
}

// logitsOf runs m.Logits on ids from a zero state and returns its rows.
func logitsOf(t testing.TB, store *model.Store, m CharModel, ids [][]int) [][]float64 {
	t.Helper()
	out, err := model.CallOnce(goBackend(t), store, func(scope *model.Scope, ids *graph.Node) *graph.Node {
		l, _ := m.Logits(scope, ids, nil)
		return l
	}, idsTensor(ids))
	if err != nil {
		t.Fatal(err)
	}
	d := out.Shape().Dimensions
	if len(d) != 2 || d[0] != len(ids)*len(ids[0]) || d[1] != m.Vocab {
		t.Fatalf("Logits of %d×%d ids is %v, want [%d, %d]", len(ids), len(ids[0]), d, len(ids)*len(ids[0]), m.Vocab)
	}
	v := flat64(out)
	rows := make([][]float64, d[0])
	for r := range rows {
		rows[r] = v[r*m.Vocab : (r+1)*m.Vocab]
	}
	return rows
}

// lossOf runs m.Loss on ids and targets from a zero state.
func lossOf(t testing.TB, store *model.Store, m CharModel, ids, targets [][]int) float64 {
	t.Helper()
	out, err := model.CallOnce(goBackend(t), store, func(scope *model.Scope, ids, targets *graph.Node) *graph.Node {
		l, _ := m.Loss(scope, ids, targets, nil)
		return l
	}, idsTensor(ids), idsTensor(targets))
	if err != nil {
		t.Fatal(err)
	}
	return flat64(out)[0]
}

func randIDs(rng *rand.Rand, vocab, batch, steps int) [][]int {
	ids := make([][]int, batch)
	for i := range ids {
		ids[i] = make([]int, steps)
		for k := range ids[i] {
			ids[i][k] = rng.IntN(vocab)
		}
	}
	return ids
}

// crossEntropy is −ln softmax(logits)[target], in float64.
func crossEntropy(logits []float64, target int) float64 {
	m := logits[0]
	for _, v := range logits {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range logits {
		s += math.Exp(v - m)
	}
	return m + math.Log(s) - logits[target]
}

// TestCharModelLogitsAndLoss checks the time-major layout of Logits (row
// t·batch + i is sequence i after step t: each sequence run alone gives
// the same rows) and that Loss is the mean cross-entropy computed by hand
// from those logits, with each target at its own row.
func TestCharModelLogitsAndLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	const batch, steps = 3, 7
	for _, k := range Kinds {
		m := CharModel{Kind: k, Vocab: 6, Embed: 3, Hidden: 5}
		store := charStore(t, 2)
		ids, targets := randIDs(rng, m.Vocab, batch, steps), randIDs(rng, m.Vocab, batch, steps)
		all := logitsOf(t, store, m, ids)
		var worst float64
		for i := range batch {
			alone := logitsOf(t, store, m, ids[i:i+1])
			for step := range steps {
				worst = math.Max(worst, maxDiff(all[step*batch+i], alone[step]))
			}
		}
		if worst > 1e-6 {
			t.Errorf("%s: row t·batch + i of Logits differs from sequence i's own step t by %.3g: the rows are not time-major", k, worst)
		}
		var sum float64
		for i := range batch {
			for step := range steps {
				sum += crossEntropy(all[step*batch+i], targets[i][step])
			}
		}
		want := sum / (batch * steps)
		if got := lossOf(t, store, m, ids, targets); math.Abs(got-want) > 1e-5 {
			t.Errorf("%s: Loss = %.7f, the mean cross-entropy of its logits is %.7f", k, got, want)
		}
	}
}

// TestCharModelParams checks CharModel.Params against the variables one
// build of the model creates in its store (all trainable but the store's
// random number generator state).
func TestCharModelParams(t *testing.T) {
	for _, k := range Kinds {
		m := CharModel{Kind: k, Vocab: 11, Embed: 4, Hidden: 7}
		store := charStore(t, 1)
		logitsOf(t, store, m, [][]int{{1, 2, 3}})
		var size int
		for v := range store.IterVariables() {
			switch {
			case v.Trainable:
				size += v.Shape().Size()
			case v.Name() != model.RNGStateVariableName:
				t.Errorf("%s: unexpected non-trainable variable %s", k, v.Path())
			}
		}
		if size != m.Params() {
			t.Errorf("%s: the model's variables hold %d values, CharModel.Params says %d", k, size, m.Params())
		}
		if want := 11*4 + k.Params(4, 7) + 7*11 + 11; m.Params() != want {
			t.Errorf("%s: CharModel.Params = %d, want embedding + layer + dense = %d", k, m.Params(), want)
		}
	}
	if s := (CharModel{Kind: LSTM, Vocab: 65, Embed: 32, Hidden: 128}).String(); s != "embedding 32 → LSTM 128 → dense 65 (65 characters; 92,897 weights)" {
		t.Errorf("String: %q", s)
	}
	for _, bad := range []CharModel{{Kind: "cnn", Vocab: 5, Embed: 1, Hidden: 1}, {Kind: LSTM, Vocab: 1, Embed: 1, Hidden: 1}, {Kind: GRU, Vocab: 5, Hidden: 1}} {
		if bad.Validate() == nil {
			t.Errorf("%+v must not validate", bad)
		}
	}
}

// TestEvaluator checks Evaluator.CrossEntropy, which reads a text chunk by
// chunk carrying the state, against m.Loss over each stream's whole part in
// one go; and that an untrained model is near ln(vocab).
func TestEvaluator(t *testing.T) {
	backend := goBackend(t)
	rng := rand.New(rand.NewPCG(4, 9))
	var worst float64
	var untrained []string
	for _, k := range Kinds {
		m := CharModel{Kind: k, Vocab: 7, Embed: 3, Hidden: 6}
		store := charStore(t, 5)
		for _, tc := range []struct{ length, streams, chunk int }{{29, 1, 4}, {31, 1, 4}, {40, 3, 4}, {50, 2, 5}} {
			text := randIDs(rng, m.Vocab, 1, tc.length)[0]
			e, err := NewEvaluator(backend, store, m, tc.streams, tc.chunk)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.CrossEntropy(text)
			if err != nil {
				t.Fatalf("%s %+v: %v", k, tc, err)
			}
			// Stream s is part s of the text (len/streams characters), of
			// which the chunks cover the first per (a whole number of
			// chunks, each with the character after it).
			per := (tc.length - 1) / tc.streams / tc.chunk * tc.chunk
			part := tc.length / tc.streams
			var ids, targets [][]int
			for s := range tc.streams {
				ids = append(ids, text[s*part:s*part+per])
				targets = append(targets, text[s*part+1:s*part+per+1])
			}
			want := lossOf(t, store, m, ids, targets)
			worst = math.Max(worst, math.Abs(got-want))
			if math.Abs(got-want) > 1e-5 {
				t.Errorf("%s, %d characters as %d streams of chunks of %d: CrossEntropy = %.7f, the loss in one go is %.7f",
					k, tc.length, tc.streams, tc.chunk, got, want)
			}
		}
		// Untrained: small logits, near the uniform guess.
		big := CharModel{Kind: k, Vocab: 20, Embed: 8, Hidden: 16}
		e, err := NewEvaluator(backend, charStore(t, 6), big, 4, 16)
		if err != nil {
			t.Fatal(err)
		}
		nats, err := e.CrossEntropy(randIDs(rng, big.Vocab, 1, 600)[0])
		if err != nil {
			t.Fatal(err)
		}
		untrained = append(untrained, fmt.Sprintf("%s %.3f", k, nats))
		if math.Abs(nats-math.Log(20)) > 0.2 {
			t.Errorf("%s: an untrained model's cross-entropy is %.3f nats, want about ln 20 = %.3f", k, nats, math.Log(20))
		}
		if _, err := e.CrossEntropy(make([]int, 4*16)); err == nil || !strings.Contains(err.Error(), "too short") {
			t.Errorf("%s: a text of 4·16 characters for 4 streams of 16 (one short): %v", k, err)
		}
	}
	t.Logf("CrossEntropy differs from the loss in one go by up to %.2g; untrained, vocabulary 20 (ln 20 = %.3f): %s",
		worst, math.Log(20), strings.Join(untrained, ", "))
	m := CharModel{Kind: GRU, Vocab: 7, Embed: 3, Hidden: 6}
	if _, err := NewEvaluator(backend, model.NewStore(), m, 0, 4); err == nil {
		t.Error("0 streams must be refused")
	}
	if _, err := NewEvaluator(backend, model.NewStore(), m, 1, 0); err == nil {
		t.Error("chunks of 0 must be refused")
	}
	if _, err := NewEvaluator(backend, model.NewStore(), CharModel{Kind: GRU}, 1, 1); err == nil {
		t.Error("an invalid model must be refused")
	}
}

func softmax(logits []float64, scale float64) []float64 {
	p := make([]float64, len(logits))
	var s float64
	for i, v := range logits {
		p[i] = math.Exp(scale * v)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
	return p
}

// TestPick checks Pick: the argmax at temperature 0 (and below), and for u
// swept over a fine grid of [0, 1) frequencies equal to
// softmax(logits/temperature), for u just below 1 an index in range (and
// never one of probability 0).
func TestPick(t *testing.T) {
	logits := []float64{0.3, -1.2, 2.0, 0.9, 2.0 - 1e-9, -40}
	for _, u := range []float64{0, 0.5, math.Nextafter(1, 0)} {
		for _, temp := range []float64{0, -1} {
			if got := Pick(logits, temp, u); got != 2 {
				t.Errorf("Pick(temperature %g, u %g) = %d, want the argmax 2", temp, u, got)
			}
		}
	}
	const n = 200000
	for _, temp := range []float64{1, 0.5, 2} {
		counts := make([]int, len(logits))
		for k := range n {
			i := Pick(logits, temp, (float64(k)+0.5)/n)
			if i < 0 || i >= len(logits) {
				t.Fatalf("Pick returned %d for %d logits", i, len(logits))
			}
			counts[i]++
		}
		want := softmax(logits, 1/temp)
		for i := range counts {
			if f := float64(counts[i]) / n; math.Abs(f-want[i]) > 2.0/n {
				t.Errorf("temperature %g: index %d drawn %.6f of the time, softmax(logits/%g) gives %.6f", temp, i, f, temp, want[i])
			}
		}
	}
	last := math.Nextafter(1, 0)
	for _, l := range [][]float64{logits, {0, -1e4}, {-1e4, 0, 0, -1e4}, {5}, {1, 1, 1}, {0, 0, -36.7, -1e4}} {
		for _, temp := range []float64{1, 0.1, 10} {
			i := Pick(l, temp, last)
			if i < 0 || i >= len(l) {
				t.Errorf("Pick(%v, %g, 1−ε) = %d: out of range", l, temp, i)
			} else if p := softmax(l, 1/temp); p[i] == 0 {
				t.Errorf("Pick(%v, %g, 1−ε) = %d, an index of probability 0", l, temp, i)
			}
		}
	}
	if got := Pick([]float64{-1e4, 0, 0}, 1, 0); got != 1 {
		t.Errorf("Pick(u = 0) = %d, want the first index of non-zero probability, 1", got)
	}
}

// TestSampler checks Sampler.Generate: the logits it gives pick are the
// model's Logits after each character of the text so far (the state carried
// from step to step, the prime read first), the text is prime followed by
// pick's choices, and it is deterministic for a fixed pick.
func TestSampler(t *testing.T) {
	backend := goBackend(t)
	vocab := data.NewCharVocab("abcdefg")
	for _, k := range Kinds {
		m := CharModel{Kind: k, Vocab: vocab.Size(), Embed: 3, Hidden: 5}
		store := charStore(t, 7)
		logitsOf(t, store, m, [][]int{{0}}) // Creates the variables.
		s, err := NewSampler(backend, store, m, vocab)
		if err != nil {
			t.Fatal(err)
		}
		var seen [][]float64
		// pick takes the second most likely character, so that the text is
		// not the same letter over and over.
		pick := func(logits []float64) int {
			seen = append(seen, append([]float64(nil), logits...))
			best, second := 0, -1
			for i, v := range logits {
				if v > logits[best] {
					best, second = i, best
				} else if i != best && (second < 0 || v > logits[second]) {
					second = i
				}
			}
			return second
		}
		const prime, n = "cafe", 9
		text, err := s.Generate(prime, n, pick)
		if err != nil {
			t.Fatal(err)
		}
		if len([]rune(text)) != len(prime)+n || !strings.HasPrefix(text, prime) || len(seen) != n {
			t.Fatalf("%s: Generate(%q, %d) = %q after %d picks", k, prime, n, text, len(seen))
		}
		ids, err := vocab.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		want := logitsOf(t, store, m, [][]int{ids[:len(ids)-1]})
		var worst float64
		for j, l := range seen {
			worst = math.Max(worst, maxDiff(l, want[len(prime)-1+j]))
			if ids[len(prime)+j] != pick(l) {
				t.Errorf("%s: character %d is %q, not pick's choice", k, len(prime)+j, text[len(prime)+j])
			}
		}
		if worst > 1e-5 {
			t.Errorf("%s: the logits given to pick differ from Logits over the text by %.3g", k, worst)
		}
		seen = nil
		again, err := s.Generate(prime, n, pick)
		if err != nil || again != text {
			t.Errorf("%s: a second Generate gives %q (%v), the first %q", k, again, err, text)
		}
		// With Pick and a seeded generator, as TrainChars samples.
		draw := func() string {
			rng := rand.New(rand.NewPCG(3, 4))
			out, err := s.Generate("b", 30, func(l []float64) int { return Pick(l, 1, rng.Float64()) })
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if a, b := draw(), draw(); a != b {
			t.Errorf("%s: the same seed writes %q and %q", k, a, b)
		}
		for _, bad := range []int{-1, m.Vocab} {
			if _, err := s.Generate(prime, 3, func([]float64) int { return bad }); err == nil || !strings.Contains(err.Error(), "pick") {
				t.Errorf("%s: a pick returning %d: %v", k, bad, err)
			}
		}
		if _, err := s.Generate("", 3, pick); err == nil || !strings.Contains(err.Error(), "prime") {
			t.Errorf("%s: an empty prime: %v", k, err)
		}
		if _, err := s.Generate("cab!", 3, pick); err == nil {
			t.Errorf("%s: a prime with a character out of the vocabulary must be refused", k)
		}
		if text, err := s.Generate("ab", 0, pick); err != nil || text != "ab" {
			t.Errorf("%s: Generate(n = 0) = %q, %v", k, text, err)
		}
	}
	m := CharModel{Kind: LSTM, Vocab: 3, Embed: 2, Hidden: 2}
	if _, err := NewSampler(backend, model.NewStore(), m, vocab); err == nil {
		t.Error("NewSampler with a vocabulary of 7 for a model of 3 must be refused")
	}
	if _, err := NewSampler(backend, model.NewStore(), m, nil); err == nil {
		t.Error("NewSampler without a vocabulary must be refused")
	}
}

// patternConfig is a small LSTM's training on "abcabc…".
func patternConfig(vocab *data.CharVocab) CharTraining {
	return CharTraining{
		Model:  CharModel{Kind: LSTM, Vocab: vocab.Size(), Embed: 8, Hidden: 16},
		SeqLen: 16, Batch: 16, LearningRate: 0.01, Steps: 150, EvalEvery: 50,
		SampleLen: 12, SampleTemperature: 0.5, Prime: "ab", Seed: 1,
	}
}

// TestTrainChars trains a small LSTM on a repeated "abc": the validation
// perplexity must fall below 1.5 and the last sample continue the pattern.
func TestTrainChars(t *testing.T) {
	text := strings.Repeat("abc", 700)
	vocab := data.NewCharVocab(text)
	ids, err := vocab.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	cfg := patternConfig(vocab)
	steps := 0
	run, err := TrainChars(goBackend(t), charStore(t, 1), cfg, vocab, ids[:1700], ids[1700:],
		train.Hooks{Step: func(int, int, float64) { steps++ }})
	if err != nil {
		t.Fatal(err)
	}
	if steps != cfg.Steps || run.History.Steps != cfg.Steps || len(run.Snapshots) != cfg.Steps/cfg.EvalEvery {
		t.Fatalf("%d steps hooked, %d in the history, %d snapshots", steps, run.History.Steps, len(run.Snapshots))
	}
	var log []string
	for _, s := range run.Snapshots {
		log = append(log, fmt.Sprintf("step %d: perplexity %.3f, %q", s.Step, s.Perplexity(), s.Sample))
	}
	t.Logf("first step's loss %.3f (ln 3 = %.3f); %s", run.History.Loss[0], math.Log(3), strings.Join(log, "; "))
	if run.History.Loss[0] < 0.9 {
		t.Errorf("the first step's loss is %.3f: an untrained model should be near ln 3 = %.3f", run.History.Loss[0], math.Log(3))
	}
	final := run.Snapshots[len(run.Snapshots)-1]
	if final.Perplexity() >= 1.5 {
		t.Errorf("after %d steps the validation perplexity is %.3f, want below 1.5", final.Step, final.Perplexity())
	}
	if len(final.Sample) != len(cfg.Prime)+cfg.SampleLen || !strings.HasPrefix(strings.Repeat("abc", 10), final.Sample) {
		t.Errorf("the final sample %q does not continue the pattern abcabc…", final.Sample)
	}
	if e, ok := run.History.BestEval(); !ok || math.Abs(e.Validation.Metric-math.Exp(e.Validation.Loss)) > 1e-9 {
		t.Errorf("the history's evaluations hold the perplexity as their metric: %+v", e)
	}
}

// TestTrainCharsRefuses checks that bad trainings are refused with an error
// that says what is wrong, not a panic.
func TestTrainCharsRefuses(t *testing.T) {
	text := strings.Repeat("abc", 200)
	vocab := data.NewCharVocab(text)
	ids, _ := vocab.Encode(text)
	for _, tc := range []struct {
		name, want   string
		change       func(c *CharTraining)
		noVocab      bool
		train, valid []int
		invalid      bool // CharTraining.Validate itself refuses it.
	}{
		{name: "empty prime", want: "Prime", change: func(c *CharTraining) { c.Prime = "" }, invalid: true},
		{name: "prime out of the vocabulary", want: "Prime", change: func(c *CharTraining) { c.Prime = "abd" }},
		{name: "zero steps", want: "Steps", change: func(c *CharTraining) { c.Steps = 0 }, invalid: true},
		{name: "zero batch", want: "Batch", change: func(c *CharTraining) { c.Batch = 0 }, invalid: true},
		{name: "no learning rate", want: "LearningRate", change: func(c *CharTraining) { c.LearningRate = 0 }, invalid: true},
		{name: "unknown cell", want: "unknown recurrent cell", change: func(c *CharTraining) { c.Model.Kind = "cnn" }, invalid: true},
		{name: "model sized for another vocabulary", want: "vocab", change: func(c *CharTraining) { c.Model.Vocab = 4 }},
		{name: "no vocabulary", want: "vocab", noVocab: true},
		{name: "training text shorter than a window", want: "too short", train: ids[:10]},
		{name: "validation text too short for 16 streams", want: "too short", valid: ids[:40],
			change: func(c *CharTraining) { c.Steps, c.EvalEvery = 1, 1 }},
	} {
		cfg := patternConfig(vocab)
		cfg.Steps = 2
		if tc.change != nil {
			tc.change(&cfg)
		}
		if err := cfg.Validate(); tc.invalid && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: CharTraining.Validate says %v", tc.name, err)
		}
		v := vocab
		if tc.noVocab {
			v = nil
		}
		trainIDs, valid := ids[:400], ids[400:]
		if tc.train != nil {
			trainIDs = tc.train
		}
		if tc.valid != nil {
			valid = tc.valid
		}
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			_, err = TrainChars(goBackend(t), charStore(t, 1), cfg, v, trainIDs, valid)
			return err
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", tc.name)
		case strings.HasPrefix(err.Error(), "panic"):
			t.Errorf("%s: %v", tc.name, err)
		case !strings.Contains(err.Error(), tc.want):
			t.Errorf("%s: the error %q does not mention %q", tc.name, err, tc.want)
		}
	}
	if err := patternConfig(vocab).Validate(); err != nil {
		t.Errorf("a good training does not validate: %v", err)
	}
}
